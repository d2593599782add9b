/**
 * Accounts and roles (Beheer): what the backend's admin routes answer and accept, and what the
 * contract passes to the renderer. The same shapes for the HTTP routes and the contract.
 */
import { z } from 'zod';
import { Role } from '../sync/protocol.js';
import { Id } from './directory.js';

/** Text typed by a person: no control characters (NUL and friends are refused, never stored). */
const PlainText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), 'no control characters');

/** A username as stored: lower-case letters, digits and . _ @ - (OIDC usernames are often e-mails). */
export const Username = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._@+-]+$/, 'username: letters, digits and . _ @ + - only')
  .transform((s) => s.toLowerCase());

export const PersonRef = z.object({ id: Id, name: z.string().max(200) });
export type PersonRef = z.infer<typeof PersonRef>;

export const AdminAccount = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  municipalityId: Id,
  roles: z.array(Role),
  /** The roles that came from the identity provider's groups (synced at each sign-in). */
  idpRoles: z.array(Role),
  disabled: z.boolean(),
  /** The directory person this account belongs to. */
  person: PersonRef.extend({ email: z.string().max(320), jobTitle: z.string().max(200) }).nullable(),
  /** Who may decide in this person's place on approval steps. */
  deputy: PersonRef.nullable(),
  /** Signs in with a local password (false: only through the identity provider). */
  password: z.boolean(),
  createdAt: z.string(),
});
export type AdminAccount = z.infer<typeof AdminAccount>;

export const AccountQuery = z
  .object({
    q: PlainText(100).default(''),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export type AccountQuery = z.input<typeof AccountQuery>;

export const AccountList = z.object({ items: z.array(AdminAccount), total: z.number().int() });
export type AccountList = z.infer<typeof AccountList>;

export const SetRoles = z.object({ roles: z.array(Role).max(20) }).strict();
export const SetDeputy = z.object({ deputyId: Id.nullable() }).strict();
export const SetDisabled = z.object({ disabled: z.boolean() }).strict();

export const AdminAction = z.enum(['roles', 'grant', 'revoke', 'deputy', 'disable', 'enable', 'provision', 'idp_roles', 'source_run']);
export type AdminAction = z.infer<typeof AdminAction>;

/** What a log entry's `before` / `after` hold: only the fields that changed. */
export const AccountSnapshot = z
  .object({
    roles: z.array(z.string()).optional(),
    disabled: z.boolean().optional(),
    deputy: PersonRef.nullable().optional(),
    person: z.string().nullable().optional(),
  })
  .passthrough();
export type AccountSnapshot = z.infer<typeof AccountSnapshot>;

export const AdminLogEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  municipalityId: z.string(),
  action: z.string(),
  target: z.string(),
  before: AccountSnapshot.nullable(),
  after: AccountSnapshot.nullable(),
});
export type AdminLogEntry = z.infer<typeof AdminLogEntry>;

export const AdminLogQuery = z
  .object({
    /** Entries older than this id (the previous page's `nextBefore`). */
    before: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    target: Username.optional(),
  })
  .strict();
export type AdminLogQuery = z.input<typeof AdminLogQuery>;

export const AdminLogPage = z.object({ items: z.array(AdminLogEntry), nextBefore: z.number().int().nullable() });
export type AdminLogPage = z.infer<typeof AdminLogPage>;

/** A directory person as a deputy candidate (typeahead). */
export const PeopleQuery = z.object({ q: PlainText(100), limit: z.coerce.number().int().min(1).max(50).default(10) }).strict();
export const PeopleList = z.array(PersonRef.extend({ jobTitle: z.string() }));
export type PeopleList = z.infer<typeof PeopleList>;

/** Beheer "Bronnen": a directory source of the municipality and its last real run (read-only). */
export const AdminSource = z.object({
  name: z.string(),
  /** "csv", "ldap:ad", "ldap:openldap", "demo". */
  kind: z.string(),
  /** What a run reads (LDAP URL and base, or the export file); null: nothing stored to run it again from here. */
  reads: z.string().nullable(),
  lastRun: z
    .object({
      startedAt: z.string(),
      finishedAt: z.string(),
      /** "ok", "blocked_mass_removal", "failed". */
      outcome: z.string(),
      added: z.number().int(),
      changed: z.number().int(),
      removed: z.number().int(),
      unchanged: z.number().int(),
      rejected: z.number().int(),
      /** How many errors the run stored (the list below holds the first ones). */
      errorCount: z.number().int(),
      /** Where and why, never a value: a CSV line number or an LDAP DN. */
      errors: z.array(z.object({ line: z.number().int().nullable(), dn: z.string().nullable(), reason: z.string() })),
    })
    .nullable(),
});
export type AdminSource = z.infer<typeof AdminSource>;
export const AdminSources = z.array(AdminSource);

/** Beheer "Voorbeeld" / "Nu uitvoeren": a source name as the path segment. */
export const SourceName = z.object({ name: z.string().min(1).max(100) }).strict();
export const RunSourceInput = z.object({ allowMassRemoval: z.boolean().default(false) }).strict();
export type RunSourceInput = z.infer<typeof RunSourceInput>;

/** The outcome of a preview (nothing changed; who would be touched) or of a run. */
export const AdminSourceRun = z.object({
  dryRun: z.boolean(),
  added: z.number().int(),
  changed: z.number().int(),
  removed: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  errors: z.array(z.object({ line: z.number().int().nullable(), dn: z.string().nullable(), reason: z.string() })),
  /** Preview only: names (at most 100 per list) and, for a change, which fields (person columns). */
  preview: z
    .object({
      added: z.array(z.object({ name: z.string() })),
      changed: z.array(z.object({ name: z.string(), fields: z.array(z.string()) })),
      removed: z.array(z.object({ name: z.string() })),
    })
    .nullable(),
});
export type AdminSourceRun = z.infer<typeof AdminSourceRun>;

/**
 * What the screen gets for "Voorbeeld" / "Nu uitvoeren": the outcome, or why it could not run
 * (`detail`: the backend's sentence, e.g. which file could not be read; never a secret).
 */
export const AdminSourceOutcome = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), run: AdminSourceRun }),
  z.object({ ok: z.literal(false), reason: z.enum(['not_runnable', 'mass_removal', 'source_unreachable']), detail: z.string().max(500) }),
]);
export type AdminSourceOutcome = z.infer<typeof AdminSourceOutcome>;
