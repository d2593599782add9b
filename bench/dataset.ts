/**
 * A deterministic fictional staff directory of any size for benchmarks (names common in
 * West Flanders, Westhoek municipalities, typical departments and job titles).
 */
import { Prng } from '../src/server/demo/prng.js';
import type { Department, Municipality, Person } from '../src/shared/domain/directory.js';

const FIRST = ['Jan', 'Marie', 'Céline', 'Pieter', 'Els', 'Wim', 'Sofie', 'Bart', 'An', 'Koen', 'Lieve', 'Tom', 'Griet', 'Joris', 'Hanne', 'Lotte', 'Emma', 'Noah', 'Arne', 'Febe', 'Jeroen', 'Katrien', 'Stijn', 'Ine', 'Ruben', 'Nele', 'Bram', 'Eline', 'Thijs', 'Zoë', 'Dries', 'Leen', 'Hélène', 'Ward', 'Fien', 'Geert', 'Ilse', 'Kurt', 'Mieke', 'Rik', 'Sander', 'Tine', 'Yves', 'Ann-Sofie', 'Jens', 'Lien', 'Maarten', 'Nathalie', 'Olivier', 'Paulien'];
const LAST = ['Vandenbroucke', 'Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claeys', 'Goethals', 'Declercq', 'Desmet', 'Vermeulen', "D'Hondt", 'Verhaeghe', 'Vanneste', 'Dewulf', 'Lannoo', 'Decock', 'Verstraete', 'Devos', 'Debaene', 'Vandamme', 'Deconinck', 'Baert', 'Pattyn', 'Vercruysse', 'Ryckewaert', 'Debruyne', 'Cappelle', 'Coucke', 'Vanhee', 'Deprez', 'Lefever', 'Soete', 'Bogaert', 'Lambrecht', 'Dumon', 'Hollevoet', 'Vandevelde', 'Van Eeckhoutte', 'De Smet', 'Van de Walle', 'Vanhoutte', 'Crombez', 'Naessens', 'Ghesquière', 'Delanghe', 'Feys', 'Louagie', 'Sioen'];
const DEPARTMENTS = ['Secretariaat', 'Burgerzaken', 'Financiën', 'Personeel & Organisatie', 'ICT', 'Communicatie', 'Technische dienst', 'Omgeving', 'Cultuur', 'Bibliotheek', 'Sport', 'Jeugd', 'Toerisme', 'Welzijn', 'Kinderopvang', 'Lokale economie'];
const TITLES = ['Medewerker', 'Administratief medewerker', 'Deskundige', 'Diensthoofd', 'Coördinator', 'Baliemedewerker', 'Technisch assistent', 'Systeembeheerder', 'Boekhouder', 'Bibliothecaris', 'Jeugdconsulent', 'Maatschappelijk werker', 'Begeleider kinderopvang', 'Stedenbouwkundige', 'Communicatieambtenaar'];
const TOWNS: [string, string, string][] = [
  ['poperinge', 'Poperinge', '8970'], ['ieper', 'Ieper', '8900'], ['vleteren', 'Vleteren', '8640'], ['lo-reninge', 'Lo-Reninge', '8647'],
  ['alveringem', 'Alveringem', '8690'], ['veurne', 'Veurne', '8630'], ['diksmuide', 'Diksmuide', '8600'], ['heuvelland', 'Heuvelland', '8950'],
  ['houthulst', 'Houthulst', '8650'], ['langemark-poelkapelle', 'Langemark-Poelkapelle', '8920'], ['zonnebeke', 'Zonnebeke', '8980'], ['mesen', 'Mesen', '8957'],
];

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
      email: `p${i}@${municipality.id}.example`,
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
