/** Text clean-up shared by the parsers: whitespace, control characters, limits, item numbers, kinds. */
import type { ItemKind } from '../../../shared/domain/agenda.js';

export const TITLE_MAX = 500;
export const DESCRIPTION_MAX = 5000;
export const LOCATION_MAX = 200;

/** One line: control characters dropped, whitespace runs collapsed, trimmed. */
export function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Shortened to `max` characters with an ellipsis (a description longer than the agenda keeps). */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** "2026_GR_00133 - Titel" -> number + title; without such a prefix the number is null. */
export function splitNumber(title: string): { number: string | null; title: string } {
  const m = /^(\d{4}_[A-Z]{2,6}_\d{5})\s*(?:[-–:.]\s*)?(.*)$/.exec(title);
  if (!m || !m[2]) return { number: null, title };
  return { number: m[1]!, title: m[2].trim() };
}

/** Agendapunt type by its label or concept name: gepland / aanvullend (toegevoegd) / spoedeisend (dringend). */
export function kindFromLabel(label: string | null): ItemKind | null {
  if (!label) return null;
  const f = label.toLowerCase();
  if (/spoed|dringend|urgent/.test(f)) return 'urgent';
  if (/aanvull|toegevoegd|supplement/.test(f)) return 'supplementary';
  if (/gepland|planned|regulier/.test(f)) return 'planned';
  return null;
}

/** A folded key for matching titles (case, accents and whitespace ignored). */
export function titleKey(s: string): string {
  return oneLine(s).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
