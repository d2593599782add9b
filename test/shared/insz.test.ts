import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/server/demo/prng.js';
import { formatInsz, generateInsz, inszCheckDigits, isValidInsz, makeInsz, parseInsz } from '../../src/shared/format/insz.js';

const TODAY = new Date('2026-11-28T12:00:00Z');
const code = (input: string) => {
  const r = parseInsz(input, TODAY);
  return r.ok ? 'ok' : r.code;
};

/** The demo seed's deterministic PRNG, so the exhaustive tests are reproducible. */
function seeded(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.next();
}

describe('INSZ: the documented examples', () => {
  it('85073003328 is a man born 30 July 1985 (1900 rule)', () => {
    const r = parseInsz('85073003328', TODAY);
    expect(r).toEqual({
      ok: true,
      value: { digits: '85073003328', formatted: '85.07.30-033.28', century: 1900, birth: { year: 1985, month: 7, day: 30 }, sex: 'M', kind: 'national' },
    });
  });
  it('17073003384 is born 30 July 2017 (2000 rule: "2" + 9 digits)', () => {
    const r = parseInsz('17073003384', TODAY);
    expect(r.ok && r.value.century).toBe(2000);
    expect(r.ok && r.value.birth).toEqual({ year: 2017, month: 7, day: 30 });
    expect(r.ok && r.value.formatted).toBe('17.07.30-033.84');
  });
  it('the same first 9 digits with the other rule\'s check digits are refused', () => {
    expect(inszCheckDigits('850730033', 1900)).toBe(28);
    expect(inszCheckDigits('170730033', 2000)).toBe(84);
    expect(code('85073003392')).toBe('bad_check_digits'); // 85... with a wrong pair
    expect(code('17073003338')).toBe('bad_check_digits');
  });
  it('accepts the separators a user types and the displayed form', () => {
    for (const s of ['85.07.30-033.28', '85 07 30 033 28', ' 850730-033.28 ', '85/07/30-033-28']) expect(code(s)).toBe('ok');
    expect(formatInsz('85073003328')).toBe('85.07.30-033.28');
  });
});

describe('INSZ: typos get a clear error code', () => {
  it('empty, letters, wrong length', () => {
    expect(code('')).toBe('empty');
    expect(code('   ')).toBe('empty');
    expect(code('85O73003328')).toBe('invalid_characters');
    expect(code('85073003328x')).toBe('invalid_characters');
    expect(code('8507300332')).toBe('wrong_length');
    expect(code('850730033280')).toBe('wrong_length');
    expect(code('85.07.30-033')).toBe('wrong_length');
    const r = parseInsz('123', TODAY);
    expect(!r.ok && r.message).toMatch(/11 digits/);
  });
  it('every change of a check digit is refused', () => {
    for (const valid of ['85073003328', '17073003384']) {
      for (const pos of [9, 10]) {
        for (let d = 0; d <= 9; d++) {
          if (String(d) === valid[pos]) continue;
          const typo = valid.slice(0, pos) + d + valid.slice(pos + 1);
          expect(code(typo), typo).toBe('bad_check_digits');
        }
      }
    }
  });
  it('a single-digit typo anywhere is refused unless it happens to be valid under the other century', () => {
    const random = seeded(42);
    let typos = 0;
    let refused = 0;
    for (let i = 0; i < 300; i++) {
      const year = 1920 + Math.floor(random() * 105);
      const valid = generateInsz(random, { year, month: 1 + Math.floor(random() * 12), day: 1 + Math.floor(random() * 28) }, random() < 0.5 ? 'M' : 'F');
      const original = parseInsz(valid, TODAY);
      expect(original.ok, valid).toBe(true);
      for (let pos = 0; pos < 11; pos++) {
        for (let d = 0; d <= 9; d++) {
          if (String(d) === valid[pos]) continue;
          const typo = valid.slice(0, pos) + d + valid.slice(pos + 1);
          const r = parseInsz(typo, TODAY);
          typos++;
          if (!r.ok) refused++;
          // mod 97 catches every single-digit change under the same rule
          else expect(original.ok && r.value.century !== original.value.century, typo).toBe(true);
        }
      }
    }
    expect(refused / typos).toBeGreaterThan(0.97);
  });
  it('most swaps of two adjacent different digits are refused', () => {
    const random = seeded(7);
    let swaps = 0;
    let refused = 0;
    for (let i = 0; i < 300; i++) {
      const valid = generateInsz(random, { year: 1950 + Math.floor(random() * 70), month: 1 + Math.floor(random() * 12), day: 1 + Math.floor(random() * 28) }, 'F');
      for (let pos = 0; pos < 10; pos++) {
        if (valid[pos] === valid[pos + 1]) continue;
        const swapped = valid.slice(0, pos) + valid[pos + 1] + valid[pos] + valid.slice(pos + 2);
        swaps++;
        if (code(swapped) !== 'ok') refused++;
      }
    }
    expect(refused / swaps).toBeGreaterThan(0.97);
  });
  it('impossible dates with correct check digits', () => {
    expect(code(makeInsz({ year: 1985, month: 2, day: 30 }, 33))).toBe('impossible_date');
    expect(code(makeInsz({ year: 1985, month: 4, day: 31 }, 33))).toBe('impossible_date');
    expect(code(makeInsz({ year: 1985, month: 13, day: 1 }, 33))).toBe('impossible_date');
    expect(code(makeInsz({ year: 1985, month: 60, day: 1 }, 33))).toBe('impossible_date');
    // leap years per century: 1900 was not, 2000 was
    expect(code(makeInsz({ year: 1900, month: 2, day: 29 }, 2))).toBe('impossible_date');
    expect(code(makeInsz({ year: 2000, month: 2, day: 29 }, 2))).toBe('ok');
    expect(code(makeInsz({ year: 1996, month: 2, day: 29 }, 2))).toBe('ok');
    expect(code(makeInsz({ year: 2023, month: 2, day: 29 }, 2))).toBe('impossible_date');
    // the 2000 rule cannot give a birth date after today
    expect(code(makeInsz({ year: 2030, month: 1, day: 1 }, 1))).toBe('impossible_date');
    expect(code(makeInsz({ year: 2026, month: 11, day: 29 }, 1))).toBe('impossible_date');
    expect(code(makeInsz({ year: 2026, month: 11, day: 28 }, 1))).toBe('ok');
  });
  it('serial 000 and 999 do not exist', () => {
    const first = '850730000';
    expect(code(first + String(inszCheckDigits(first, 1900)).padStart(2, '0'))).toBe('bad_serial');
    const last = '850730999';
    expect(code(last + String(inszCheckDigits(last, 1900)).padStart(2, '0'))).toBe('bad_serial');
  });
});

describe('INSZ: unknown dates, BIS numbers, sex', () => {
  it('month and day 00 mean unknown', () => {
    const r = parseInsz(makeInsz({ year: 1990, month: 0, day: 0 }, 1), TODAY);
    expect(r.ok && r.value.birth).toEqual({ year: 1990, month: null, day: null });
    const d = parseInsz(makeInsz({ year: 2004, month: 5, day: 0 }, 4), TODAY);
    expect(d.ok && d.value.birth).toEqual({ year: 2004, month: 5, day: null });
  });
  it('numbers the register hands out without a full date: month 00, day 00, day above 31 (serials ran out); not month 13..19', () => {
    for (const [month, day] of [[0, 0], [0, 15], [5, 0], [1, 32], [6, 45], [12, 99], [0, 60]] as const) {
      for (const bis of [0, 20, 40] as const) {
        const r = parseInsz(makeInsz({ year: 1987, month, day }, 41, bis), TODAY);
        expect(r.ok, `${month}/${day} +${bis}`).toBe(true);
        expect(r.ok && r.value.birth).toEqual({ year: 1987, month: month || null, day: day >= 1 && day <= 31 ? day : null });
      }
    }
    for (const month of [13, 15, 19]) {
      for (const bis of [0, 20, 40] as const) expect(code(makeInsz({ year: 1987, month, day: 1 }, 41, bis)), `${month} +${bis}`).toBe('impossible_date');
    }
    // 2000 rule with an unknown day: judged by the month alone
    expect(code(makeInsz({ year: 2026, month: 11, day: 40 }, 1))).toBe('ok');
    expect(code(makeInsz({ year: 2026, month: 12, day: 40 }, 1))).toBe('impossible_date');
  });
  it('BIS numbers add 20 (sex unknown) or 40 (sex known) to the month', () => {
    const plus20 = parseInsz(makeInsz({ year: 1985, month: 7, day: 30 }, 33, 20), TODAY);
    expect(plus20.ok && plus20.value).toMatchObject({ kind: 'bis', sex: null, birth: { year: 1985, month: 7, day: 30 } });
    const plus40 = parseInsz(makeInsz({ year: 2011, month: 12, day: 31 }, 34, 40), TODAY);
    expect(plus40.ok && plus40.value).toMatchObject({ kind: 'bis', sex: 'F', century: 2000, birth: { year: 2011, month: 12, day: 31 } });
    expect(code(makeInsz({ year: 1985, month: 0, day: 0 }, 5, 20))).toBe('ok');
    expect(code(makeInsz({ year: 1985, month: 13, day: 1 }, 5, 20))).toBe('impossible_date');
    expect(code(makeInsz({ year: 1985, month: 2, day: 30 }, 5, 40))).toBe('impossible_date');
  });
  it('odd serial is a man, even a woman', () => {
    expect(parseInsz(makeInsz({ year: 1970, month: 1, day: 1 }, 997), TODAY)).toMatchObject({ ok: true, value: { sex: 'M' } });
    expect(parseInsz(makeInsz({ year: 1970, month: 1, day: 1 }, 998), TODAY)).toMatchObject({ ok: true, value: { sex: 'F' } });
  });
  it('every day of 1999 and 2000..2025 resolves to its own century', () => {
    for (const year of [1900, 1950, 1999, 2000, 2001, 2017, 2025]) {
      for (let month = 1; month <= 12; month++) {
        const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
        for (let day = 1; day <= days; day++) {
          const r = parseInsz(makeInsz({ year, month, day }, 1 + ((day * 7) % 997)), TODAY);
          expect(r.ok && r.value.birth, `${year}-${month}-${day}`).toEqual({ year, month, day });
        }
      }
    }
  });
});

describe('INSZ generator (fictional demo data)', () => {
  it('is deterministic and always valid with the right sex', () => {
    const a = seeded(1);
    const b = seeded(1);
    for (let i = 0; i < 5000; i++) {
      const birth = { year: 1920 + Math.floor(a() * 106), month: 1 + Math.floor(a() * 12), day: 1 + Math.floor(a() * 28) };
      b(); b(); b();
      const sex = a() < 0.5 ? 'M' : 'F';
      b();
      const n = generateInsz(a, birth, sex);
      expect(generateInsz(b, birth, sex)).toBe(n);
      const r = parseInsz(n, TODAY);
      expect(r.ok && r.value.sex, n).toBe(sex);
      expect(r.ok && r.value.birth, n).toEqual(birth);
    }
    expect(isValidInsz('85073003328', TODAY)).toBe(true);
  });
  it('refuses to build out-of-range numbers', () => {
    expect(() => makeInsz({ year: 1985, month: 1, day: 1 }, 0)).toThrow(RangeError);
    expect(() => makeInsz({ year: 1985, month: 1, day: 1 }, 999)).toThrow(RangeError);
    expect(() => makeInsz({ year: 1899, month: 1, day: 1 }, 1)).toThrow(RangeError);
  });
});
