/**
 * A fictional population per demo municipality, deterministic (ctx.rng only), with valid national
 * numbers (shared/format/insz.ts; the check digits follow the 1900 and 2000 rules). The first
 * household of every municipality is fixed, so tests and the demo can find it:
 *   Jozefien Demeyere (1987-03-14), Pieter-Jan Vandenberghe (1985-11-02), Lotte Vandenberghe (2016-05-21)
 * No real people: names and streets are common, numbers are generated.
 */
import { makeInsz } from '../../../shared/format/insz.js';
import type { Prng, SeedContext } from '../api.js';
import { normalize } from './lookup.js';
import type { CitizenRow, CitizenTables } from './tables.js';

const LAST = ['Vandenberghe', 'Declercq', 'Vermeersch', 'Lefever', 'Deprez', 'Vanhoutte', 'Decock', 'Verhaeghe', 'Lobbestael', 'Vandamme', 'Desmet', 'Maes', 'Goethals', 'Vanneste', 'Degrave', 'Casteleyn', 'Dewaele', 'Benoot', 'Ghesquière', 'Van Eecke', 'Delanghe', 'Cappoen', 'Bouttefeu', 'Vancayseele'];
const MEN = ['Pieter', 'Jan', 'Wout', 'Arne', 'Lucas', 'Noah', 'Lowie', 'Jef', 'Frederik', 'Kobe', 'Loïc', 'Rémi', 'Stijn', 'Bart', 'Dirk', 'Marnix', 'Emiel', 'Wannes'];
const WOMEN = ['Marie', 'Lotte', 'Emma', 'Fien', 'Céline', 'Hanne', 'Ines', 'Eline', 'Annelies', 'Griet', 'Mieke', 'Louise', 'Jolien', 'Zoë', 'Ann', 'Nele', 'Febe', 'Margot'];
const STREETS = ['Grote Markt', 'Gasthuisstraat', 'Ieperstraat', 'Boeschepestraat', 'Westouterstraat', 'Casselstraat', 'Komerenstraat', 'Deken De Bolaan', 'Bruggestraat', 'Veurnestraat', 'Hoppestraat', 'Sint-Janstraat', 'Kerkstraat', 'Stationsstraat', 'Molenstraat', 'Vlamertingseweg'];
const JOBS = ['bediende', 'verpleegkundige', 'landbouwer', 'leerkracht', 'zelfstandige', 'arbeider', 'gepensioneerd', 'student', null];
const PLACES = ['Poperinge', 'Ieper', 'Veurne', 'Kortrijk', 'Brugge', 'Roeselare', 'Diksmuide', 'Gent'];

type Member = { first: string; last: string; sex: 'M' | 'F'; birth: { year: number; month: number; day: number }; relation: CitizenRow['household_relation'] };

function randomBirth(rng: Prng, from: number, to: number): Member['birth'] {
  return { year: rng.int(from, to), month: rng.int(1, 12), day: rng.int(1, 28) };
}

function randomHousehold(rng: Prng, todayYear: number): Member[] {
  const last = rng.pick(LAST);
  const sex = rng.chance(0.5) ? 'M' : 'F';
  const ref: Member = { first: rng.pick(sex === 'M' ? MEN : WOMEN), last, sex, birth: randomBirth(rng, 1935, todayYear - 19), relation: 'reference' };
  const members = [ref];
  if (rng.chance(0.55)) {
    const other = sex === 'M' ? 'F' : 'M';
    members.push({ first: rng.pick(other === 'M' ? MEN : WOMEN), last: rng.pick(LAST), sex: other, birth: randomBirth(rng, Math.max(1930, ref.birth.year - 6), Math.min(todayYear - 19, ref.birth.year + 6)), relation: 'partner' });
  }
  if (ref.birth.year > todayYear - 60 && ref.birth.year + 21 <= todayYear && rng.chance(0.6)) {
    for (let i = rng.int(1, 3); i > 0; i--) {
      const s = rng.chance(0.5) ? 'M' : 'F';
      members.push({ first: rng.pick(s === 'M' ? MEN : WOMEN), last, sex: s, birth: randomBirth(rng, Math.max(ref.birth.year + 20, todayYear - 25), todayYear - 1), relation: 'child' });
    }
  }
  return members;
}

const FIXED: Member[] = [
  { first: 'Jozefien', last: 'Demeyere', sex: 'F', birth: { year: 1987, month: 3, day: 14 }, relation: 'reference' },
  { first: 'Pieter-Jan', last: 'Vandenberghe', sex: 'M', birth: { year: 1985, month: 11, day: 2 }, relation: 'partner' },
  { first: 'Lotte', last: 'Vandenberghe', sex: 'F', birth: { year: 2016, month: 5, day: 21 }, relation: 'child' },
];

const iso = (b: Member['birth']) => `${b.year}-${String(b.month).padStart(2, '0')}-${String(b.day).padStart(2, '0')}`;

export async function seedCitizens(ctx: SeedContext): Promise<void> {
  const rng = ctx.rng.fork('citizens');
  const todayYear = Number(ctx.today.slice(0, 4));
  const used = new Set<string>();
  const rows: CitizenRow[] = [];
  for (const [index, municipality] of ctx.municipalities.entries()) {
    const target = index === 0 ? 400 : 60;
    let n = 0;
    let household = 0;
    while (n < target) {
      household++;
      const members = household === 1 ? FIXED : randomHousehold(rng, todayYear);
      const street = household === 1 ? 'Gasthuisstraat' : rng.pick(STREETS);
      const houseNumber = String(household === 1 ? 12 : rng.int(1, 180));
      const box = rng.chance(0.15) ? String(rng.int(1, 6)) : null;
      const married = members.some((m) => m.relation === 'partner') && rng.chance(0.7);
      for (const m of members) {
        n++;
        let nrn: string;
        do nrn = makeInsz(m.birth, m.sex === 'M' ? 2 * rng.int(0, 498) + 1 : 2 * rng.int(0, 498) + 2);
        while (used.has(nrn));
        used.add(nrn);
        const adult = todayYear - m.birth.year >= 18;
        rows.push({
          id: `cit-${municipality.id}-${String(n).padStart(5, '0')}`,
          municipality_id: municipality.id,
          national_number: nrn,
          last_name: m.last,
          first_names: m.first,
          last_name_norm: normalize(m.last),
          first_names_norm: normalize(m.first),
          birth_date: iso(m.birth),
          birth_place: rng.pick(PLACES),
          sex: m.sex,
          nationality: rng.chance(0.93) ? 'Belg' : rng.pick(['Nederlander', 'Fransman', 'Pool']),
          street,
          street_norm: normalize(street),
          house_number: houseNumber,
          box,
          postcode: municipality.postcode,
          locality: municipality.name,
          civil_status: !adult ? 'single' : m.relation === 'child' ? 'single' : married ? 'married' : m.relation === 'partner' ? 'legal_cohabitation' : rng.pick(['single', 'divorced', 'widowed']),
          household_id: `hh-${municipality.id}-${household}`,
          household_relation: m.relation,
          occupation: adult ? rng.pick(JOBS) : 'leerling',
          death_date: null,
        });
      }
    }
  }
  const table = ctx.trx.withTables<CitizenTables>();
  for (let i = 0; i < rows.length; i += 200) await table.insertInto('citizens').values(rows.slice(i, i + 200)).execute();
}
