/**
 * Directory and birthdays: contract types and methods (renderer <-> desktop core).
 */
import { z } from 'zod';
import { Department, Id, MonthDay, Municipality, PersonPhoto } from '../domain/directory.js';
import { MAX_PHOTOS_PER_CALL } from './limits.js';

/** Compact row for lists and links. */
export const PersonSummary = z.object({
  id: Id,
  firstName: z.string(),
  lastName: z.string(),
  jobTitle: z.string(),
  departmentId: Id,
  departmentName: z.string(),
  municipalityId: Id,
  municipalityName: z.string(),
  deskPhone: z.string().nullable(),
  mobilePhone: z.string().nullable(),
  extension: z.string().nullable(),
  email: z.string(),
});
export type PersonSummary = z.infer<typeof PersonSummary>;

export const PersonDetail = PersonSummary.extend({
  office: z.string(),
  managerId: Id.nullable(),
  manager: PersonSummary.nullable(),
  reports: z.array(PersonSummary),
  birthday: MonthDay.nullable(),
});
export type PersonDetail = z.infer<typeof PersonDetail>;

export const DirectorySearchInput = z
  .object({
    query: z.string().max(100).default(''),
    departmentId: Id.optional(),
    municipalityId: Id.optional(),
    offset: z.number().int().min(0).max(1_000_000).default(0),
    limit: z.number().int().min(1).max(200).default(50),
    /**
     * Answer with the page at once and leave a total that costs more than the page to count
     * (a full page of name matches, more behind it) for `directory.count`: the result then says
     * `totalPending` and `total` is a lower bound. The directory screen asks so while typing.
     */
    deferTotal: z.boolean().optional(),
  })
  .strict();

/** The query and filters of a search, for its total (`directory.count`). */
export const DirectoryCountInput = DirectorySearchInput.pick({ query: true, departmentId: true, municipalityId: true }).strict();
export const DirectoryCount = z.object({ total: z.number().int().nonnegative(), totalCapped: z.boolean() });
export type DirectoryCount = z.infer<typeof DirectoryCount>;

export const DirectorySearchResult = z.object({
  /** Number of matches (capped: `totalCapped` true when there are more than counted). */
  total: z.number().int().nonnegative(),
  totalCapped: z.boolean(),
  /** Asked with `deferTotal` and not counted yet: `total` is the matches found so far; ask `directory.count`. */
  totalPending: z.boolean(),
  items: z.array(PersonSummary),
});
export type DirectorySearchResult = z.infer<typeof DirectorySearchResult>;

export const BirthdayEntry = z.object({
  person: PersonSummary,
  month: z.number().int(),
  day: z.number().int(),
  /** 0 = today. */
  daysUntil: z.number().int().nonnegative(),
});
export type BirthdayEntry = z.infer<typeof BirthdayEntry>;

/** A cached photo as the renderer uses it (`data:${contentType};base64,${data}`; the CSP allows data: images). */
export const PhotoData = PersonPhoto.pick({ contentType: true, data: true, hash: true });
export type PhotoData = z.infer<typeof PhotoData>;
/** Most photos asked for at once (a list asks for its visible rows). */
export { MAX_PHOTOS_PER_CALL };

export const directoryContract = {
  'directory.search': { input: DirectorySearchInput, output: DirectorySearchResult },
  /** The exact total of a search whose page said `totalPending` (counted up to the cap). */
  'directory.count': { input: DirectoryCountInput, output: DirectoryCount },
  'directory.person': { input: z.object({ id: Id }).strict(), output: PersonDetail.nullable() },
  'directory.facets': {
    input: z.object({}).strict(),
    output: z.object({ municipalities: z.array(Municipality), departments: z.array(Department) }),
  },
  'directory.vcard': {
    input: z.object({ id: Id }).strict(),
    output: z.object({ filename: z.string(), content: z.string() }),
  },
  /** The person's photo from the cache, or null (none, or not synced yet): show initials then. */
  'directory.photo': {
    input: z.object({ id: Id }).strict(),
    output: PhotoData.nullable(),
  },
  /** The photos of several people at once (lists): only those that have one, by id. */
  'directory.photos': {
    input: z.object({ ids: z.array(Id).max(MAX_PHOTOS_PER_CALL) }).strict(),
    output: z.record(Id, PhotoData),
  },
  'birthdays.upcoming': {
    input: z.object({ days: z.number().int().min(0).max(31).default(7) }).strict(),
    output: z.array(BirthdayEntry),
  },
} as const;
