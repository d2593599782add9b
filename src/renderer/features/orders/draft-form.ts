/**
 * The "Nieuwe bestelbon" form as plain data: what the user typed (strings, so nothing they typed is
 * ever lost or reformatted under their fingers), turned into an OrderDraft with errors per field as
 * i18n keys (`orders.form.errors.*`). Amounts and quantities are read the Belgian way: "1.450,50",
 * "2,5" (a dot alone with three digits after it is a thousands separator; with both marks the last
 * one is the decimal mark, so "1,450.50" works too). Runs anywhere.
 */
import { centsToInput, parseCents, parseDecimal } from '../../../shared/format/money.js';
import { OrderDraft, type OrderCategory, type OrderDraft as Draft } from '../../../shared/domain/orders.js';
import { enterpriseDigits, formatEnterpriseNumber, isValidEnterpriseNumber } from '../../../shared/format/enterprise-number.js';

export interface LineForm {
  description: string;
  quantity: string;
  unitPrice: string;
  vatRate: string;
}

export interface DraftForm {
  description: string;
  category: OrderCategory;
  supplierName: string;
  supplierAddress: string;
  enterpriseNumber: string;
  lines: LineForm[];
  /** Id of the chosen published budget key ("poperinge:AP2.1.1:0119:2420000"), or ''. */
  budgetKeyId: string;
  deliveryAddress: string;
}

export const emptyLine = (): LineForm => ({ description: '', quantity: '1', unitPrice: '', vatRate: '21' });

export const emptyForm = (): DraftForm => ({
  description: '',
  category: 'supplies',
  supplierName: '',
  supplierAddress: '',
  enterpriseNumber: '',
  lines: [emptyLine()],
  budgetKeyId: '',
  deliveryAddress: '',
});

export function quantityToInput(q: number): string {
  return String(q).replace('.', ',');
}

export type FieldErrors = Record<string, string>;

/** A line's numbers when they are usable (for its total while the rest of the form is unfinished). */
export function lineNumbers(l: LineForm): { quantity: number; unitPriceCents: number; vatRate: 0 | 6 | 12 | 21 } | null {
  const quantity = parseDecimal(l.quantity);
  const unitPriceCents = parseCents(l.unitPrice);
  const vatRate = Number(l.vatRate);
  if (quantity === null || quantity <= 0 || unitPriceCents === null || unitPriceCents < 0 || ![0, 6, 12, 21].includes(vatRate)) return null;
  return { quantity, unitPriceCents, vatRate: vatRate as 0 | 6 | 12 | 21 };
}

const KEY = (name: string) => `orders.form.errors.${name}`;

/** The draft the form describes, or the errors (field path -> i18n key). */
export function readForm(form: DraftForm, budgetKeys: ReadonlyArray<{ id: string; action: string; policyItem: string; generalAccount: string }>): { draft: Draft | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!form.description.trim()) errors.description = KEY('description');
  if (!form.supplierName.trim()) errors.supplierName = KEY('supplierName');
  if (!form.supplierAddress.trim()) errors.supplierAddress = KEY('supplierAddress');
  const digits = enterpriseDigits(form.enterpriseNumber);
  if (!/^[01]\d{9}$/.test(digits)) errors.enterpriseNumber = KEY('enterpriseFormat');
  else if (!isValidEnterpriseNumber(digits)) errors.enterpriseNumber = KEY('enterpriseCheck');
  if (form.lines.length === 0) errors.lines = KEY('noLines');
  const lines = form.lines.map((l, i) => {
    if (!l.description.trim()) errors[`lines.${i}.description`] = KEY('lineDescription');
    const quantity = parseDecimal(l.quantity);
    if (quantity === null) errors[`lines.${i}.quantity`] = KEY('quantityNumber');
    else if (quantity <= 0) errors[`lines.${i}.quantity`] = KEY('quantityPositive');
    else if (quantity > 1e6) errors[`lines.${i}.quantity`] = KEY('quantityTooLarge');
    else if (Math.round(quantity * 1000) !== quantity * 1000) errors[`lines.${i}.quantity`] = KEY('quantityDecimals');
    const cents = parseCents(l.unitPrice);
    if (cents === null) errors[`lines.${i}.unitPrice`] = KEY('unitPrice');
    else if (cents < 0) errors[`lines.${i}.unitPrice`] = KEY('unitPriceNegative');
    const vatRate = Number(l.vatRate);
    if (![0, 6, 12, 21].includes(vatRate)) errors[`lines.${i}.vatRate`] = KEY('vatRate');
    return { description: l.description.trim(), quantity: quantity ?? 0, unitPriceCents: cents ?? 0, vatRate };
  });
  const key = budgetKeys.find((k) => k.id === form.budgetKeyId);
  if (!key) errors.budgetKey = KEY('budgetKey');
  if (form.deliveryAddress.length > 300) errors.deliveryAddress = KEY('deliveryAddress');
  if (Object.keys(errors).length) return { draft: null, errors };
  const parsed = OrderDraft.safeParse({
    description: form.description.trim(),
    category: form.category,
    supplier: { name: form.supplierName.trim(), address: form.supplierAddress.trim(), enterpriseNumber: digits },
    lines,
    budgetKey: { action: key!.action, policyItem: key!.policyItem, generalAccount: key!.generalAccount },
    deliveryAddress: form.deliveryAddress.trim(),
  });
  if (!parsed.success) {
    // lengths beyond the limits: name the field
    for (const issue of parsed.error.issues) errors[issue.path.join('.') || 'form'] = KEY('tooLong');
    return { draft: null, errors };
  }
  return { draft: parsed.data, errors };
}

/** The form showing a saved (or refused) draft again. */
export function formFromDraft(draft: Draft, budgetKeyId: string): DraftForm {
  return {
    description: draft.description,
    category: draft.category,
    supplierName: draft.supplier.name,
    supplierAddress: draft.supplier.address,
    enterpriseNumber: formatEnterpriseNumber(draft.supplier.enterpriseNumber),
    lines: draft.lines.map((l) => ({ description: l.description, quantity: quantityToInput(l.quantity), unitPrice: centsToInput(l.unitPriceCents), vatRate: String(l.vatRate) })),
    budgetKeyId,
    deliveryAddress: draft.deliveryAddress,
  };
}
