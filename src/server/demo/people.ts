/**
 * Generates the directory of the demo in memory (deterministic): departments with a real
 * hierarchy (general director -> department heads -> sub-department heads / team leads -> staff),
 * offices, E.164 phones with the right area codes, extensions, e-mail, opt-ins.
 */
import type { DepartmentTable, PersonTable } from '../db/schema.js';
import { PERSON_ADDED_DEFAULTS } from '../features/directory/tables.js';
import { DEMO_ACCOUNTS, POPERINGE_DIRECTOR } from './accounts.js';
import { emailLocal, FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES } from './names.js';
import { DEPARTMENTS, MUNICIPALITIES, type DemoDepartment, type DemoMunicipality } from './organisation.js';
import type { Prng } from './prng.js';

export interface Directory {
  departments: DepartmentTable[];
  people: PersonTable[];
  /** username -> person id */
  accountPeople: Map<string, string>;
}

const MOBILE_PREFIXES = ['470', '471', '472', '473', '474', '475', '476', '477', '478', '479', '483', '484', '485', '486', '487', '488', '489', '491', '492', '493', '494', '495', '496', '497', '498', '499'];
const TEAM_SIZE = 12;

export function countFor(m: DemoMunicipality, size: number): number {
  const min = m.id === 'poperinge' ? 120 : m.id === 'ieper' ? 40 : 15;
  return Math.max(min, Math.round(size * m.weight));
}

export function generateDirectory(rng: Prng, size: number, updatedAt: string): Directory {
  const out: Directory = { departments: [], people: [], accountPeople: new Map() };
  for (const m of MUNICIPALITIES) generateMunicipality(rng.fork(m.id), m, countFor(m, size), updatedAt, out);
  return out;
}

function generateMunicipality(rng: Prng, m: DemoMunicipality, total: number, updatedAt: string, out: Directory): void {
  const departments: DemoDepartment[] = [];
  for (const d of DEPARTMENTS) {
    if ((d.minPeople ?? 0) > total) continue;
    if (d.parent && !departments.some((p) => p.slug === d.parent)) continue;
    departments.push(d);
  }
  const weights = departments.reduce((s, d) => s + d.weight, 0);
  const emails = new Set<string>();
  let n = 0;
  const accounts = DEMO_ACCOUNTS.filter((a) => a.municipalityId === m.id);

  const makePerson = (dep: DemoDepartment, jobTitle: string, managerId: string | null, fixed?: { firstName: string; lastName: string }): PersonTable => {
    n += 1;
    const female = rng.chance(0.55);
    const firstName = fixed?.firstName ?? rng.pick(female ? FIRST_NAMES_F : FIRST_NAMES_M);
    const lastName = fixed?.lastName ?? rng.pick(LAST_NAMES);
    let local = emailLocal(firstName, lastName);
    for (let i = 2; emails.has(local); i++) local = `${emailLocal(firstName, lastName)}${i}`;
    emails.add(local);
    const office = m.offices[dep.office];
    const room = dep.office === 'technical' ? '' : ` — bureau ${rng.int(0, 3)}.${String(rng.int(1, 30)).padStart(2, '0')}`;
    const desk = rng.chance(0.85) ? `+32${m.area}${String(rng.int(200000, 999999))}` : null;
    const birthdayVisible = rng.chance(0.55);
    const regional = m.regional && rng.chance(0.6);
    const month = rng.int(1, 12);
    const day = rng.int(1, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!);
    const p: PersonTable = {
      ...PERSON_ADDED_DEFAULTS,
      id: `p-${m.code}-${String(n).padStart(5, '0')}`,
      municipality_id: m.id,
      department_id: `dep-${m.code}-${dep.slug}`,
      first_name: firstName,
      last_name: lastName,
      job_title: jobTitle,
      manager_id: managerId,
      office: `${office}${room}`,
      desk_phone: desk,
      mobile_phone: rng.chance(0.45) ? `+32${rng.pick(MOBILE_PREFIXES)}${String(rng.int(0, 999999)).padStart(6, '0')}` : null,
      extension: desk ? desk.slice(-4) : null,
      email: `${local}@${m.emailDomain}`,
      birth_month: month,
      birth_day: day,
      birthday_visible: birthdayVisible ? 1 : 0,
      regional_visible: regional ? 1 : 0,
      birthday_regional: regional && birthdayVisible && rng.chance(0.4) ? 1 : 0,
      updated_at: updatedAt,
    };
    out.people.push(p);
    return p;
  };

  const heads = new Map<string, string>();
  const secr = departments.find((d) => d.slug === 'secr')!;
  const director = makePerson(secr, secr.head, null, m.id === 'poperinge' ? POPERINGE_DIRECTOR : undefined);
  heads.set('secr', director.id);
  for (const dep of departments) {
    const depId = `dep-${m.code}-${dep.slug}`;
    out.departments.push({ id: depId, municipality_id: m.id, name: dep.name, parent_id: dep.parent ? `dep-${m.code}-${dep.parent}` : null });
    const fixedHead = accounts.find((a) => a.slot.department === dep.slug && 'head' in a.slot);
    const headId =
      dep.slug === 'secr'
        ? director.id
        : makePerson(dep, dep.head, (dep.parent ? heads.get(dep.parent) : undefined) ?? director.id, fixedHead).id;
    if (fixedHead) out.accountPeople.set(fixedHead.username, headId);
    heads.set(dep.slug, headId);
    const staffCount = Math.max(3, Math.round(((total - departments.length) * dep.weight) / weights));
    let lead = headId;
    for (let i = 0; i < staffCount; i++) {
      if (staffCount > TEAM_SIZE + 3 && i % TEAM_SIZE === 0) lead = makePerson(dep, `Teamverantwoordelijke ${dep.name.toLowerCase()}`, headId).id;
      const fixed = accounts.find((a) => a.slot.department === dep.slug && 'staff' in a.slot && a.slot.staff === i);
      const p = makePerson(dep, fixed?.jobTitle ?? rng.pick(dep.titles), staffCount > TEAM_SIZE + 3 ? lead : headId, fixed);
      if (fixed) out.accountPeople.set(fixed.username, p.id);
    }
  }
}

/** Makes sure the demo shows birthdays: some opted-in people on `today` and on each of the next 7 days. */
export function plantBirthdays(rng: Prng, people: PersonTable[], today: string): void {
  const pop = people.filter((p) => p.municipality_id === 'poperinge');
  const ieper = people.filter((p) => p.municipality_id === 'ieper' && p.regional_visible === 1);
  const base = new Date(`${today}T12:00:00Z`);
  for (let d = 0; d <= 7; d++) {
    const date = new Date(base.getTime() + d * 86400000);
    const count = d === 0 ? 3 : 2;
    for (let i = 0; i < count; i++) setBirthday(rng.pick(pop), date, false);
    if (d <= 2 && ieper.length) setBirthday(rng.pick(ieper), date, true);
  }
}

function setBirthday(p: PersonTable, date: Date, regional: boolean): void {
  p.birth_month = date.getUTCMonth() + 1;
  p.birth_day = date.getUTCDate();
  p.birthday_visible = 1;
  if (regional) p.birthday_regional = 1;
}
