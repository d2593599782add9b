/**
 * Limits of contract calls that screens loaded at start need, without zod (the first chunk of the
 * renderer stays small: test/renderer/first-load.test.ts). The schemas in this folder use them too.
 */

/** Ids per `directory.photos` call. */
export const MAX_PHOTOS_PER_CALL = 100;
