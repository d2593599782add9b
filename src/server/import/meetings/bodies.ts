/**
 * Which agenda body (BodyKind) a published bestuursorgaan is. LBLOD first by its classification
 * (the public code list "BestuursorgaanClassificatieCode"), then by its name; iCalendar by
 * `--body`, CATEGORIES or SUMMARY. Anything else is not guessed: the publication is refused.
 */
import type { BodyKind } from '../../../shared/domain/agenda.js';

const CODE = 'http://data.vlaanderen.be/id/concept/BestuursorgaanClassificatieCode/';

/** besluit:classificatie of a bestuursorgaan -> our kind. */
export const CLASSIFICATION_KINDS: Readonly<Record<string, BodyKind>> = {
  [`${CODE}5ab0e9b8a3b2ca7c5e000005`]: 'gemeenteraad',
  [`${CODE}5ab0e9b8a3b2ca7c5e000006`]: 'cbs',
  [`${CODE}5ab0e9b8a3b2ca7c5e000007`]: 'rmw',
  [`${CODE}5ab0e9b8a3b2ca7c5e000008`]: 'vast_bureau',
  [`${CODE}5ab0e9b8a3b2ca7c5e000009`]: 'bcsd',
};

/** Names (prefLabel, SUMMARY, CATEGORIES) -> kind; the first match wins, case and accents ignored. */
const NAME_KINDS: ReadonlyArray<[RegExp, BodyKind]> = [
  [/\bcollege van burgemeester en schepenen\b|\bschepencollege\b|^college\b|\bcbs\b/, 'cbs'],
  [/\braad voor maatschappelijk welzijn\b|\brmw\b|\bocmw-raad\b/, 'rmw'],
  [/\bvast bureau\b/, 'vast_bureau'],
  [/\bbijzonder comite voor de sociale dienst\b|\bbcsd\b/, 'bcsd'],
  [/\bgemeenteraad\b|\bstadsraad\b|\bgr\b/, 'gemeenteraad'],
  [/\bcommissie\b|\braadscommissie\b/, 'commissie'],
];

const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

export function kindFromName(name: string): BodyKind | null {
  const f = fold(name);
  for (const [re, kind] of NAME_KINDS) if (re.test(f)) return kind;
  return null;
}

/** The `--body` option: one of our kinds, or a name. */
export function parseBodyOption(value: string): BodyKind | null {
  const v = fold(value).replace(/[\s-]+/g, '_');
  const kinds: BodyKind[] = ['gemeenteraad', 'cbs', 'rmw', 'vast_bureau', 'bcsd', 'commissie'];
  return kinds.find((k) => k === v) ?? kindFromName(value);
}

/** How a new body is named and numbered (the demo seed uses the same ids: "<municipality>-gr"). */
export const BODY_DEFAULTS: Readonly<Record<BodyKind, { suffix: string; abbreviation: string; name: string }>> = {
  gemeenteraad: { suffix: 'gr', abbreviation: 'GR', name: 'Gemeenteraad' },
  cbs: { suffix: 'cbs', abbreviation: 'CBS', name: 'College van burgemeester en schepenen' },
  rmw: { suffix: 'rmw', abbreviation: 'RMW', name: 'Raad voor maatschappelijk welzijn' },
  vast_bureau: { suffix: 'vb', abbreviation: 'VB', name: 'Vast bureau' },
  bcsd: { suffix: 'bcsd', abbreviation: 'BCSD', name: 'Bijzonder comité voor de sociale dienst' },
  commissie: { suffix: 'com', abbreviation: 'COM', name: 'Commissie' },
};

/** College and Vast Bureau meet behind closed doors: every item of theirs is closed, whatever the source says. */
export const ALWAYS_CLOSED: ReadonlySet<BodyKind> = new Set<BodyKind>(['cbs', 'vast_bureau', 'bcsd']);
