/**
 * Staff photos from a source (AD thumbnailPhoto, OpenLDAP jpegPhoto, the demo): checked, resized
 * to at most PHOTO_MAX_SIDE px on the longest side, re-encoded as JPEG without any metadata (EXIF
 * may hold GPS positions, camera serials, the photographer) with sharp (libvips).
 *
 * Refused with a reason (never the bytes): more than PHOTO_MAX_INPUT_BYTES, not a JPEG/PNG/WebP/GIF,
 * a side above PHOTO_MAX_INPUT_SIDE px (decompression bombs), a damaged file.
 */
import { createHash } from 'node:crypto';
import type { Metadata, OutputInfo } from 'sharp';

type Sharp = typeof import('sharp').default;
let loading: Promise<Sharp> | null = null;

/**
 * sharp (a native module) is loaded on the first photo, not when the backend starts: the desktop
 * app embeds this backend for its demo mode, and a build without sharp's binary for its platform
 * must still start (its photos are then reported as not processed; people still go in).
 */
async function loadSharp(): Promise<Sharp> {
  loading ??= import('sharp').then((m) => m.default);
  try {
    return await loading;
  } catch {
    loading = null;
    throw new PhotoRejected('photo could not be processed: the image library is not available on this server');
  }
}

export const PHOTO_MAX_SIDE = 256;
export const PHOTO_MAX_INPUT_BYTES = 5 * 1024 * 1024;
export const PHOTO_MAX_INPUT_SIDE = 10_000;
/** The stored JPEG must fit the sync row (base64 <= 64 KiB, see shared/domain/directory.ts). */
export const PHOTO_MAX_OUTPUT_BYTES = 48 * 1024;
/** Bump when the processing changes: every photo is then processed again on the next import. */
const PROCESSING_VERSION = 'photo-v1';
const FORMATS = new Set(['jpeg', 'png', 'webp', 'gif']);
const QUALITIES = [82, 70, 55, 40];

export class PhotoRejected extends Error {}

export interface ProcessedPhoto {
  contentType: 'image/jpeg';
  bytes: Buffer;
  width: number;
  height: number;
  /** sha256 (hex, 32 chars) of the stored bytes: the row's `hash`. */
  hash: string;
}

/** Hash of the SOURCE bytes (and the processing version): an unchanged photo is never processed again. */
export function sourcePhotoHash(bytes: Uint8Array): string {
  return createHash('sha256').update(PROCESSING_VERSION).update('\n').update(bytes).digest('hex');
}

/** Checks and resizes one photo; throws PhotoRejected with a reason that names no value. */
export async function processPhoto(input: Uint8Array): Promise<ProcessedPhoto> {
  if (input.byteLength === 0) throw new PhotoRejected('photo is empty');
  if (input.byteLength > PHOTO_MAX_INPUT_BYTES) throw new PhotoRejected(`photo is larger than ${PHOTO_MAX_INPUT_BYTES / 1024 / 1024} MB`);
  const sharp = await loadSharp();
  const options = { limitInputPixels: PHOTO_MAX_INPUT_SIDE * PHOTO_MAX_INPUT_SIDE, failOn: 'error' as const };
  let meta: Metadata;
  try {
    meta = await sharp(input, options).metadata();
  } catch {
    throw new PhotoRejected('photo is not an image (JPEG, PNG, WebP or GIF expected)');
  }
  if (!meta.format || !FORMATS.has(meta.format)) throw new PhotoRejected(`photo format ${meta.format ?? 'unknown'} is not accepted (JPEG, PNG, WebP or GIF expected)`);
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width < 1 || height < 1) throw new PhotoRejected('photo has no size');
  if (width > PHOTO_MAX_INPUT_SIDE || height > PHOTO_MAX_INPUT_SIDE) throw new PhotoRejected(`photo is larger than ${PHOTO_MAX_INPUT_SIDE} px on a side`);
  for (const quality of QUALITIES) {
    let out: { data: Buffer; info: OutputInfo };
    try {
      out = await sharp(input, { ...options, pages: 1 })
        .timeout({ seconds: 20 })
        .rotate() // EXIF orientation applied to the pixels (the tag itself is dropped with the rest)
        .resize(PHOTO_MAX_SIDE, PHOTO_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' }) // transparency (PNG/WebP) on white
        .toColourspace('srgb')
        .jpeg({ quality, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
    } catch {
      throw new PhotoRejected('photo is damaged or cannot be read');
    }
    if (out.data.length <= PHOTO_MAX_OUTPUT_BYTES) {
      return {
        contentType: 'image/jpeg',
        bytes: out.data,
        width: out.info.width,
        height: out.info.height,
        hash: createHash('sha256').update(out.data).digest('hex').slice(0, 32),
      };
    }
  }
  throw new PhotoRejected('photo stays too large after resizing');
}
