/**
 * Staff photos for avatars, from the desktop cache (`directory.photos`), cached here as data: URLs
 * (the CSP allows `img-src 'self' data:`). Avatars ask for their id; the asks of one render are
 * sent together (one call for the visible rows of a list, at most MAX_PHOTOS_PER_CALL ids each),
 * so scrolling never waits for a photo: a row shows initials until its photo is there.
 * New synced photos (revision of `personPhotos`): the known ones are asked again and replaced in
 * place (no flicker to initials meanwhile).
 */
import { defineStore } from 'pinia';
import { shallowRef, triggerRef, watch } from 'vue';
import { MAX_PHOTOS_PER_CALL } from '../../../shared/contract/limits.js';
import { api } from '../../api/index.js';
import { useAppStore } from '../../stores/app.js';

/** Most photos kept (an avatar of a row scrolled away long ago asks again when it comes back). */
const MAX_CACHED = 2000;

export const usePhotoStore = defineStore('directoryPhotos', () => {
  /** id -> data: URL, or null when the person has no photo. */
  const photos = shallowRef(new Map<string, string | null>());
  const wanted = new Set<string>();
  let scheduled = false;
  let generation = 0;

  async function flush() {
    scheduled = false;
    const ids = [...wanted];
    wanted.clear();
    const gen = generation;
    for (let i = 0; i < ids.length; i += MAX_PHOTOS_PER_CALL) {
      const chunk = ids.slice(i, i + MAX_PHOTOS_PER_CALL);
      let found: Awaited<ReturnType<(typeof api)['directory.photos']>>;
      try {
        found = await api['directory.photos']({ ids: chunk });
      } catch {
        continue; // initials stay; the next render asks again
      }
      if (gen !== generation) {
        // Photos changed meanwhile: this answer may be older; ask again for what it was about.
        for (const id of ids.slice(i)) wanted.add(id);
        schedule();
        return;
      }
      if (photos.value.size > MAX_CACHED) photos.value.clear();
      for (const id of chunk) {
        const p = found[id];
        photos.value.set(id, p ? `data:${p.contentType};base64,${p.data}` : null);
      }
      triggerRef(photos);
    }
  }

  /** Ask for a person's photo (cheap when already known or asked for). */
  function request(id: string) {
    if (photos.value.has(id) || wanted.has(id)) return;
    wanted.add(id);
    schedule();
  }

  function schedule() {
    if (!scheduled) {
      scheduled = true;
      void Promise.resolve().then(flush);
    }
  }

  /** The photo's data: URL, null (no photo), or undefined (not known yet). */
  function url(id: string): string | null | undefined {
    return photos.value.get(id);
  }

  const app = useAppStore();
  watch(
    () => app.revisionOf(['personPhotos']),
    () => {
      generation += 1; // answers still on their way may be older than this revision
      for (const id of photos.value.keys()) wanted.add(id);
      if (wanted.size > 0) schedule();
    },
  );

  return { photos, request, url };
});

const PALETTE = ['#1d4f7c', '#7a2e5a', '#1f6b45', '#8a4b0f', '#4b3f8f', '#8a2424', '#0f5e6e', '#5b4a1c'];

/** A colour for initials, the same for the same id (white text on it: contrast >= 7:1). */
export function avatarColour(id: string): string {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (Math.imul(h, 31) + id.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

/** First letter of the first name and of the last name ("Van den Berghe" -> "V"). */
export function initials(firstName: string, lastName: string): string {
  const first = (s: string) => Array.from(s.trim())[0] ?? '';
  return `${first(firstName)}${first(lastName)}`.toLocaleUpperCase('nl-BE');
}

/** A person known by id and full name only (a requester, an approver): the shape PersonAvatar takes. */
export function personOfName(id: string, fullName: string): { id: string; firstName: string; lastName: string } {
  const parts = fullName.trim().split(/\s+/);
  return { id, firstName: parts[0] ?? '', lastName: parts.length > 1 ? parts.slice(1).join(' ') : '' };
}
