/**
 * A deterministic fictional staff directory of any size for benchmarks (names common in
 * West Flanders, Westhoek municipalities, typical departments and job titles).
 */
import { Prng } from '../src/server/demo/prng.js';
import type { Department, Municipality, Person } from '../src/shared/domain/directory.js';
import { normalize } from '../src/main/core/features/directory/normalize.js';

const FIRST = ['Jan', 'Marie', 'Céline', 'Pieter', 'Els', 'Wim', 'Sofie', 'Bart', 'An', 'Koen', 'Lieve', 'Tom', 'Griet', 'Joris', 'Hanne', 'Lotte', 'Emma', 'Noah', 'Arne', 'Febe', 'Jeroen', 'Katrien', 'Stijn', 'Ine', 'Ruben', 'Nele', 'Bram', 'Eline', 'Thijs', 'Zoë', 'Dries', 'Leen', 'Hélène', 'Ward', 'Fien', 'Geert', 'Ilse', 'Kurt', 'Mieke', 'Rik', 'Sander', 'Tine', 'Yves', 'Ann-Sofie', 'Jens', 'Lien', 'Maarten', 'Nathalie', 'Olivier', 'Paulien'];
const LAST = ['Vandenbroucke', 'Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claeys', 'Goethals', 'Declercq', 'Desmet', 'Vermeulen', "D'Hondt", 'Verhaeghe', 'Vanneste', 'Dewulf', 'Lannoo', 'Decock', 'Verstraete', 'Devos', 'Debaene', 'Vandamme', 'Deconinck', 'Baert', 'Pattyn', 'Vercruysse', 'Ryckewaert', 'Debruyne', 'Cappelle', 'Coucke', 'Vanhee', 'Deprez', 'Lefever', 'Soete', 'Bogaert', 'Lambrecht', 'Dumon', 'Hollevoet', 'Vandevelde', 'Van Eeckhoutte', 'De Smet', 'Van de Walle', 'Vanhoutte', 'Crombez', 'Naessens', 'Ghesquière', 'Delanghe', 'Feys', 'Louagie', 'Sioen', 'Van den Berghe', 'Vandenberghe'];
const DEPARTMENTS = ['Secretariaat', 'Burgerzaken', 'Financiën', 'Personeel & Organisatie', 'ICT', 'Communicatie', 'Technische dienst', 'Omgeving', 'Cultuur', 'Bibliotheek', 'Sport', 'Jeugd', 'Toerisme', 'Welzijn', 'Kinderopvang', 'Lokale economie'];
const TITLES = ['Medewerker', 'Administratief medewerker', 'Deskundige', 'Diensthoofd', 'Coördinator', 'Baliemedewerker', 'Technisch assistent', 'Systeembeheerder', 'Boekhouder', 'Bibliothecaris', 'Jeugdconsulent', 'Maatschappelijk werker', 'Begeleider kinderopvang', 'Stedenbouwkundige', 'Communicatieambtenaar'];
const TOWNS: [string, string, string][] = [
  ['poperinge', 'Poperinge', '8970'], ['ieper', 'Ieper', '8900'], ['vleteren', 'Vleteren', '8640'], ['lo-reninge', 'Lo-Reninge', '8647'],
  ['alveringem', 'Alveringem', '8690'], ['veurne', 'Veurne', '8630'], ['diksmuide', 'Diksmuide', '8600'], ['heuvelland', 'Heuvelland', '8950'],
  ['houthulst', 'Houthulst', '8650'], ['langemark-poelkapelle', 'Langemark-Poelkapelle', '8920'], ['zonnebeke', 'Zonnebeke', '8980'], ['mesen', 'Mesen', '8957'],
];

const slug = (name: string): string => normalize(name).replace(/ /g, '');

/** The demo seed's deterministic PRNG (mulberry32), as a plain function. */
export function rng(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.next();
}

export interface Dataset {
  municipalities: Municipality[];
  departments: Department[];
  people: Person[];
}

export function makeDataset(size: number, seed = 42): Dataset {
  const r = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const municipalities = TOWNS.map(([id, name, postcode]) => ({ id, name, postcode, regional: true }));
  const departments = municipalities.flatMap((m) => DEPARTMENTS.map((name, i) => ({ id: `${m.id}-d${i}`, municipalityId: m.id, name, parentId: null })));
  const people: Person[] = [];
  for (let i = 0; i < size; i++) {
    const municipality = i < size * 0.3 ? municipalities[0]! : pick(municipalities);
    const department = pick(departments.filter((d) => d.municipalityId === municipality.id));
    const firstName = pick(FIRST);
    const lastName = pick(LAST);
    const zone = municipality.id === 'veurne' || municipality.id === 'alveringem' ? '58' : '57';
    people.push({
      id: `p${i}`,
      municipalityId: municipality.id,
      departmentId: department.id,
      firstName,
      lastName,
      jobTitle: pick(TITLES),
      managerId: i > 10 ? `p${Math.floor(r() * 10)}` : null,
      office: `Stadhuis, bureau ${1 + Math.floor(r() * 3)}.${String(Math.floor(r() * 40)).padStart(2, '0')}`,
      deskPhone: `+32${zone}${String(100000 + Math.floor(r() * 899999))}`,
      mobilePhone: r() < 0.5 ? `+3247${String(1000000 + Math.floor(r() * 8999999))}` : null,
      extension: r() < 0.7 ? String(1000 + Math.floor(r() * 8999)) : null,
      // As municipalities write them: first.last@town.be (not unique: two Jan Peeters share one here).
      email: `${slug(firstName)}.${slug(lastName)}@${municipality.id}.be`,
      birthday: r() < 0.4 ? { month: 1 + Math.floor(r() * 12), day: 1 + Math.floor(r() * 28) } : null,
    });
  }
  return { municipalities, departments, people };
}

/** Realistic typeahead: every prefix a user types on the way to a name, title, department or phone. */
export function typeaheadQueries(data: Dataset, count: number, seed = 7): { query: string; departmentId?: string; municipalityId?: string }[] {
  const r = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const out: { query: string; departmentId?: string; municipalityId?: string }[] = [];
  while (out.length < count) {
    const p = pick(data.people);
    const kind = r();
    let target: string;
    if (kind < 0.4) target = p.lastName;
    else if (kind < 0.7) target = p.firstName;
    else if (kind < 0.8) target = `${p.firstName} ${p.lastName}`;
    else if (kind < 0.88) target = p.jobTitle;
    else if (kind < 0.94) target = pick(DEPARTMENTS);
    else target = p.deskPhone ? `0${p.deskPhone.slice(3, 5)} ${p.deskPhone.slice(5, 7)} ${p.deskPhone.slice(7, 9)}` : 'x';
    const lower = r() < 0.5;
    for (let len = 1; len <= Math.min(target.length, 8) && out.length < count; len++) {
      const query = lower ? target.slice(0, len).toLowerCase() : target.slice(0, len);
      const filter = r();
      if (filter < 0.1) out.push({ query, municipalityId: p.municipalityId });
      else if (filter < 0.15) out.push({ query, departmentId: p.departmentId });
      else out.push({ query });
    }
  }
  return out;
}

export interface QualityQuery {
  query: string;
  municipalityId?: string;
  /** What the first result must be when any result is: a person whose names the words start ("name"),
   *  or a person with a number starting with the digits ("number"). */
  top?: 'name' | 'number';
  kind: string;
}

/**
 * The quality set: 200+ queries of the kinds the issue lists (two-word prefixes, split and joined
 * surnames, numbers by their start, middle and extension, e-mail addresses, municipality names),
 * next to plain names, titles and departments. Each is asked of ours and of a plain FTS5 prefix
 * query: `search.empty_results` counts those FTS5 answers and ours does not.
 */
export function qualityQueries(data: Dataset, seed = 11): QualityQuery[] {
  const r = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const out: QualityQuery[] = [];
  const national = (e164: string) => '0' + e164.slice(3);
  // The examples, then the same shape from random people (2 letters of each name).
  for (const q of ['an va', 'ti de', 'el va', 'an de', 'je va', 'ma de', 'so va', 'to ma', 'ja pe', 'li d']) out.push({ query: q, top: 'name', kind: 'two-word prefix' });
  for (let i = 0; i < 30; i++) {
    const p = pick(data.people);
    const f = normalize(p.firstName).slice(0, 1 + Math.floor(r() * 3));
    const l = normalize(p.lastName).replace(/ /g, '').slice(0, 1 + Math.floor(r() * 3));
    out.push({ query: r() < 0.7 ? `${f} ${l}` : `${l} ${f}`, top: 'name', kind: 'two-word prefix' });
  }
  for (const q of ['de smet', 'desmet', 'De Smet', 'van den berghe', 'vandenberghe', 'Van den Berghe', 'van de walle', 'vandewalle', 'van eeckhoutte', 'vaneeckhoutte', 'vanden', "d'hondt", 'dhondt', 'd hondt', 'de smet jan', 'jan desmet', 'van den b', 'vandenb', 'de sm', 'ann-sofie', 'annsofie', 'ann sofie van']) {
    out.push({ query: q, top: 'name', kind: 'split/joined surname' });
  }
  for (const q of ['céline', 'celine', 'zoe', 'zoë', 'ghesquiere', 'GHESQUIÈRE', 'helene', 'Hélène Dewulf']) out.push({ query: q, top: 'name', kind: 'accents' });
  for (let i = 0; i < 30; i++) {
    const p = pick(data.people);
    const k = r();
    const q = k < 0.4 ? `${p.firstName} ${p.lastName}` : k < 0.7 ? `${p.lastName} ${p.firstName}` : k < 0.85 ? p.lastName : p.firstName;
    out.push({ query: r() < 0.5 ? q.toLowerCase() : q, top: 'name', kind: 'full name' });
  }
  for (const q of ['0', '04', '047', '0475', '0476 1', '0478 9', '+32 475', '+32475', '0032 477', '057', '057 3', '058 2', '+32 57 4']) out.push({ query: q, top: 'number', kind: 'number start' });
  for (let i = 0; i < 25; i++) {
    const p = pick(data.people);
    const phone = p.mobilePhone && r() < 0.5 ? p.mobilePhone : p.deskPhone!;
    const digits = national(phone);
    const len = 4 + Math.floor(r() * (digits.length - 3));
    const q = digits.slice(0, len);
    out.push({ query: r() < 0.5 ? q : `${q.slice(0, 4)} ${q.slice(4)}`.trim(), top: 'number', kind: 'number start' });
  }
  for (let i = 0; i < 25; i++) {
    const digits = national(pick(data.people).deskPhone!);
    const from = 2 + Math.floor(r() * (digits.length - 5));
    out.push({ query: digits.slice(from, from + 3 + Math.floor(r() * 3)), kind: 'number middle' });
  }
  for (let i = 0; i < 10; i++) {
    const p = pick(data.people.filter((x) => x.extension));
    out.push({ query: p.extension!, kind: 'extension' });
  }
  for (let i = 0; i < 20; i++) {
    const email = pick(data.people).email;
    const k = r();
    out.push({ query: k < 0.5 ? email : k < 0.75 ? email.slice(0, email.indexOf('@')) : email.slice(0, email.indexOf('@') + 4), kind: 'e-mail' });
  }
  for (const [name, id] of [['Poperinge', 'poperinge'], ['ieper', 'ieper'], ['Lo-Reninge', 'lo-reninge'], ['langemark', 'langemark-poelkapelle'], ['poelkapelle', 'langemark-poelkapelle'], ['Heuvel', 'heuvelland'], ['vleteren', 'vleteren'], ['mesen', 'mesen'], ['veurne', 'veurne'], ['zonneb', 'zonnebeke']] as const) {
    out.push({ query: name, kind: 'municipality' });
    out.push({ query: `${pick(data.people.filter((p) => p.municipalityId === id)).firstName} ${name}`, kind: 'municipality' });
  }
  for (const q of ['medewerker', 'diensthoofd', 'systeem', 'ict', 'burgerzaken', 'financien', 'bib', 'personeel', 'technische dienst', 'jeugd', 'kinderopvang', 'stedenbouw', 'boekh', 'coordinator', 'welzijn']) {
    out.push({ query: q, kind: 'title/department' });
  }
  for (let i = 0; i < 10; i++) {
    const p = pick(data.people);
    out.push({ query: normalize(p.firstName).slice(0, 3), municipalityId: p.municipalityId, top: 'name', kind: 'filtered name' });
  }
  return out;
}
