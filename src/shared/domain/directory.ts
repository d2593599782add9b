/**
 * Directory domain: municipalities, departments and staff members as the desktop sees them.
 * Runs anywhere (Node, browser, Electron main/renderer): imports only zod.
 *
 * Data minimisation: a birthday is only ever carried as month + day, and only for people
 * who opted in; the year never leaves the server.
 */
import { z } from 'zod';

/** Stable ids are short opaque strings chosen by the server (e.g. "poperinge", "dep-pop-ict"). */
export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'id: letters, digits, . _ : - only');
export type Id = z.infer<typeof Id>;

/** Phone number stored in E.164 ("+3257346578"); formatted for display by format/phone.ts. */
export const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'phone: E.164 expected, e.g. +3257346578');

export const Municipality = z.object({
  id: Id,
  name: z.string().min(1).max(100),
  postcode: z.string().regex(/^\d{4}$/),
  /** Whether staff of other municipalities of the region may be shown this municipality's people. */
  regional: z.boolean(),
});
export type Municipality = z.infer<typeof Municipality>;

export const Department = z.object({
  id: Id,
  municipalityId: Id,
  name: z.string().min(1).max(120),
  parentId: Id.nullable(),
});
export type Department = z.infer<typeof Department>;

export const MonthDay = z.object({
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
});
export type MonthDay = z.infer<typeof MonthDay>;

/** A staff member as synced to the desktop cache. */
export const Person = z.object({
  id: Id,
  municipalityId: Id,
  departmentId: Id,
  firstName: z.string().min(1).max(80),
  lastName: z.string().min(1).max(80),
  /** Job title, e.g. "Deskundige ICT". */
  jobTitle: z.string().max(120),
  managerId: Id.nullable(),
  /** Office / location, e.g. "Stadhuis, Grote Markt 1, 8970 Poperinge — bureau 2.14". */
  office: z.string().max(200),
  deskPhone: E164.nullable(),
  mobilePhone: E164.nullable(),
  /** Internal extension, digits only, e.g. "4321". */
  extension: z.string().regex(/^\d{2,6}$/).nullable(),
  email: z.string().email().max(200),
  /** Only present when the person opted in; never a year. */
  birthday: MonthDay.nullable(),
});
export type Person = z.infer<typeof Person>;

/** Largest synced photo: base64 of at most 48 KiB of JPEG (the backend keeps them at <= 256 px). */
export const PHOTO_MAX_BASE64 = 64 * 1024;

/**
 * A staff member's photo, synced apart from the people rows (collection `personPhotos`, row id =
 * the person's id), only to users who may see the person. JPEG (or WebP), no metadata.
 */
export const PersonPhoto = z.object({
  id: Id,
  contentType: z.enum(['image/jpeg', 'image/webp']),
  data: z.string().min(4).max(PHOTO_MAX_BASE64).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'photo: base64 expected'),
  /** Hash of the stored bytes (hex). */
  hash: z.string().regex(/^[0-9a-f]{16,64}$/),
});
export type PersonPhoto = z.infer<typeof PersonPhoto>;
