/**
 * The server's view for a user, computed independently of the pull code (plain queries + the
 * rules of DOMAIN.md), to compare a client's copy with, row for row.
 */
import type { Kysely } from 'kysely';
import type { ServerDb } from '../../src/server/db/schema.js';

export interface ExpectedView {
  municipalities: string[];
  departments: string[];
  people: string[];
  /** person id -> "month-day" for visible birthdays */
  birthdays: Map<string, string>;
}

export async function expectedDirectory(db: Kysely<ServerDb>, userMunicipality: string): Promise<ExpectedView> {
  const munis = await db.selectFrom('municipalities').selectAll().execute();
  const own = munis.find((m) => m.id === userMunicipality)!;
  const visible = new Set(munis.filter((m) => m.id === own.id || (own.regional === 1 && m.regional === 1)).map((m) => m.id));
  const deps = await db.selectFrom('departments').select(['id', 'municipality_id']).execute();
  const people = await db.selectFrom('people').selectAll().execute();
  const seen = people.filter((p) => p.municipality_id === own.id || (visible.has(p.municipality_id) && p.regional_visible === 1));
  const birthdays = new Map<string, string>();
  for (const p of seen) {
    const ownTenant = p.municipality_id === own.id;
    if (p.birthday_visible === 1 && (ownTenant || p.birthday_regional === 1)) birthdays.set(p.id, `${p.birth_month}-${p.birth_day}`);
  }
  return {
    municipalities: [...visible].sort(),
    departments: deps.filter((d) => visible.has(d.municipality_id)).map((d) => d.id).sort(),
    people: seen.map((p) => p.id).sort(),
    birthdays,
  };
}
