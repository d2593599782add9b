import { describe, expect, it } from 'vitest';
import { createTranslator, DESKTOP_MESSAGES } from '../../src/main/desktop/strings.js';

describe('main-process strings (no Vue in main)', () => {
  it('picks the zero / one / many form and fills placeholders, in each language', () => {
    const nl = createTranslator('nl-BE');
    expect([0, 1, 5].map((n) => nl('tray.approvals', {}, n))).toEqual(['geen goedkeuringen', '1 goedkeuring wacht', '5 goedkeuringen wachten']);
    const fr = createTranslator('fr-BE');
    expect([0, 1, 2].map((n) => fr('tray.birthdays', {}, n))).toEqual(["aucun anniversaire aujourd'hui", "1 anniversaire aujourd'hui", "2 anniversaires aujourd'hui"]);
    const en = createTranslator('en');
    expect(en('notify.letterBody', { number: '2026/00027' }, 1)).toBe('Your letter number 2026/00027 was assigned');
    expect(en('notify.updateBody', { version: '0.2.0' })).toBe('Pop Index 0.2.0 will be installed when you quit.');
    expect(nl('notify.decidedTitle.approved')).toBe('Uw aanvraag is goedgekeurd');
    expect(nl('tray.menuApprovals', { n: 3 })).toBe('Goedkeuringen (3)');
  });

  it('every language has every key', () => {
    const keys = (o: object, prefix = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
    const nl = keys(DESKTOP_MESSAGES['nl-BE']).sort();
    expect(keys(DESKTOP_MESSAGES['fr-BE']).sort()).toEqual(nl);
    expect(keys(DESKTOP_MESSAGES.en).sort()).toEqual(nl);
  });
});
