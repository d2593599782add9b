/**
 * Municipalities (tenants) and the import sources as IT manages them (admin CLI, Beheer screen).
 * A new municipality is a synced row: recorded in the change log like any other.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { Id } from '../../shared/domain/directory.js';
import type { ServerDb } from '../db/schema.js';
import { recordChange } from '../sync/changes.js';
import { SourceSettings } from './sources.js';
import type { ImportTables } from './tables.js';

/** Postcodes of the Westhoek (docs/DOMAIN): used when `add` is given no --postcode. */
export const KNOWN_POSTCODES: Record<string, string> = {
  poperinge: '8970', ieper: '8900', vleteren: '8640', 'lo-reninge': '8647', alveringem: '8690', veurne: '8630', diksmuide: '8600',
  heuvelland: '8950', houthulst: '8650', 'langemark-poelkapelle': '8920', zonnebeke: '8980', mesen: '8957', 'de-panne': '8660',
  koksijde: '8670', nieuwpoort: '8620', staden: '8840', koekelare: '8680', kortemark: '8610',
};

export const NewMunicipality = z.object({
  id: Id.regex(/^[a-z0-9-]+$/, 'id: lower-case letters, digits and - only (e.g. "poperinge")'),
  name: z.string().trim().min(1).max(100),
  postcode: z.string().regex(/^\d{4}$/, 'postcode: 4 digits'),
  emailDomain: z.string().trim().toLowerCase().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'e-mail domain like "poperinge.be"'),
  regional: z.boolean(),
});
export type NewMunicipality = z.infer<typeof NewMunicipality>;

export class MunicipalityError extends Error {}

export async function addMunicipality(db: Kysely<ServerDb>, input: { id: string; name: string; postcode?: string; emailDomain?: string; regional?: boolean }): Promise<NewMunicipality> {
  const postcode = input.postcode ?? KNOWN_POSTCODES[input.id];
  if (postcode === undefined) throw new MunicipalityError(`No postcode known for "${input.id}": give --postcode (4 digits).`);
  const parsed = NewMunicipality.safeParse({ id: input.id, name: input.name, postcode, emailDomain: input.emailDomain ?? `${input.id}.be`, regional: input.regional ?? false });
  if (!parsed.success) throw new MunicipalityError(parsed.error.issues.map((i) => i.message).join('; '));
  const m = parsed.data;
  return db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('municipalities').select('id').where('id', '=', m.id).executeTakeFirst();
    if (exists) throw new MunicipalityError(`Municipality "${m.id}" already exists.`);
    await trx.insertInto('municipalities').values({ id: m.id, name: m.name, postcode: m.postcode, regional: m.regional ? 1 : 0, email_domain: m.emailDomain }).execute();
    await recordChange(trx, { collection: 'municipalities', id: m.id, tenant: m.id });
    return m;
  });
}

export interface MunicipalityListItem {
  id: string;
  name: string;
  postcode: string;
  emailDomain: string;
  regional: boolean;
  people: number;
}

export async function listMunicipalities(db: Kysely<ServerDb>): Promise<MunicipalityListItem[]> {
  const rows = await db.selectFrom('municipalities').selectAll().orderBy('id').execute();
  const counts = await db.selectFrom('people').select(['municipality_id', db.fn.countAll<number>().as('n')]).groupBy('municipality_id').execute();
  const n = new Map(counts.map((c) => [c.municipality_id, Number(c.n)]));
  return rows.map((r) => ({ id: r.id, name: r.name, postcode: r.postcode, emailDomain: r.email_domain, regional: r.regional === 1, people: n.get(r.id) ?? 0 }));
}

export interface SourceListItem {
  municipalityId: string;
  name: string;
  kind: string;
  cursor: string | null;
  /** What a run reads (URL and base, or the export file), never a secret; null: nothing stored to run again. */
  reads: string | null;
  lastRun: null | { id: string; startedAt: string; finishedAt: string; outcome: string; added: number; changed: number; removed: number; unchanged: number; rejected: number; errors: Array<{ line?: number; dn?: string; reason: string }> };
}

/** The sources (of one municipality, or all) with their last real run. */
export async function listSources(db: Kysely<ServerDb>, municipalityId?: string): Promise<SourceListItem[]> {
  const idb = db.withTables<ImportTables>();
  let q = idb.selectFrom('import_sources as s').leftJoin('import_runs as r', 'r.id', 's.last_run_id').select([
    's.municipality_id', 's.name', 's.kind', 's.cursor', 's.settings', 'r.id as run_id', 'r.started_at', 'r.finished_at', 'r.outcome',
    'r.added', 'r.changed', 'r.removed', 'r.unchanged', 'r.rejected', 'r.errors',
  ]);
  if (municipalityId) q = q.where('s.municipality_id', '=', municipalityId);
  const rows = await q.orderBy('s.municipality_id').orderBy('s.name').execute();
  return rows.map((r) => ({
    municipalityId: r.municipality_id,
    name: r.name,
    kind: r.kind,
    cursor: r.cursor,
    reads: describeSettings(r.settings),
    lastRun: r.run_id
      ? { id: r.run_id, startedAt: r.started_at!, finishedAt: r.finished_at!, outcome: r.outcome!, added: r.added!, changed: r.changed!, removed: r.removed!, unchanged: r.unchanged!, rejected: r.rejected!, errors: JSON.parse(r.errors ?? '[]') as Array<{ line?: number; dn?: string; reason: string }> }
      : null,
  }));
}

/** "ldaps://dc1.poperinge.local · OU=Personeel,DC=poperinge,DC=local" or the export's path; null without settings. */
function describeSettings(raw: string | null): string | null {
  if (raw === null) return null;
  const parsed = SourceSettings.safeParse(JSON.parse(raw));
  if (!parsed.success) return null;
  const s = parsed.data;
  return s.kind === 'ldap' ? `${s.url} · ${s.base}` : s.file;
}
