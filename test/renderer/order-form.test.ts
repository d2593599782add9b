/**
 * The bestelbon form as data (src/renderer/features/orders/draft-form.ts): Belgian amounts and
 * quantities, the errors per field (i18n keys) for what a user gets wrong, and a good form -> draft.
 */
import { describe, expect, it } from 'vitest';
import { emptyForm, formFromDraft, readForm, type DraftForm } from '../../src/renderer/features/orders/draft-form.js';
import { parseCents, parseDecimal } from '../../src/shared/format/money.js';

const KEYS = [{ id: 'poperinge:AP2.1.1:0119:2420000', action: 'AP2.1.1', policyItem: '0119', generalAccount: '2420000' }];
const good = (): DraftForm => ({
  description: 'Laptops',
  category: 'supplies',
  supplierName: 'Computerhuis bv',
  supplierAddress: 'Ieperstraat 10, 8970 Poperinge',
  enterpriseNumber: 'BE 0123.456.749',
  lines: [
    { description: 'Laptop', quantity: '20', unitPrice: '1.450,00', vatRate: '21' },
    { description: 'Handleiding', quantity: '2,5', unitPrice: '25', vatRate: '6' },
  ],
  budgetKeyId: KEYS[0]!.id,
  deliveryAddress: '',
});

describe('order form', () => {
  it('reads amounts and quantities the Belgian way', () => {
    expect(parseDecimal('2,5')).toBe(2.5);
    expect(parseDecimal('1.450,50')).toBe(1450.5);
    expect(parseDecimal('1.000')).toBe(1000);
    expect(parseDecimal('12.5')).toBe(12.5);
    expect(parseDecimal('1,450.50')).toBe(1450.5);
    expect(parseDecimal('€ 3,20')).toBe(3.2);
    expect(parseDecimal('abc')).toBeNull();
    expect(parseDecimal('')).toBeNull();
    expect(parseCents('1.450,00')).toBe(145000);
    expect(parseCents('0,005')).toBeNull();
  });

  it('turns a good form into a draft (enterprise number as 10 digits)', () => {
    const { draft, errors } = readForm(good(), KEYS);
    expect(errors).toEqual({});
    expect(draft).toMatchObject({ supplier: { enterpriseNumber: '0123456749' }, budgetKey: { action: 'AP2.1.1' }, lines: [{ quantity: 20, unitPriceCents: 145000, vatRate: 21 }, { quantity: 2.5, unitPriceCents: 2500, vatRate: 6 }] });
    expect(formFromDraft(draft!, KEYS[0]!.id)).toMatchObject({ enterpriseNumber: '0123.456.749', lines: [{ unitPrice: '1450,00' }, { quantity: '2,5' }] });
  });

  it('names every mistake with its own message', () => {
    const f = good();
    f.enterpriseNumber = '0123.456.748';
    f.lines[0]!.quantity = '-2';
    f.lines[1]!.vatRate = '7';
    f.lines[1]!.unitPrice = 'veel';
    f.budgetKeyId = '';
    const { draft, errors } = readForm(f, KEYS);
    expect(draft).toBeNull();
    expect(errors).toEqual({
      enterpriseNumber: 'orders.form.errors.enterpriseCheck',
      'lines.0.quantity': 'orders.form.errors.quantityPositive',
      'lines.1.vatRate': 'orders.form.errors.vatRate',
      'lines.1.unitPrice': 'orders.form.errors.unitPrice',
      budgetKey: 'orders.form.errors.budgetKey',
    });
    expect(readForm({ ...good(), enterpriseNumber: '12345' }, KEYS).errors).toEqual({ enterpriseNumber: 'orders.form.errors.enterpriseFormat' });
    expect(Object.keys(readForm(emptyForm(), KEYS).errors).sort()).toEqual(['budgetKey', 'description', 'enterpriseNumber', 'lines.0.description', 'lines.0.unitPrice', 'supplierAddress', 'supplierName']);
  });
});
