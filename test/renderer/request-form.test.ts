/**
 * The "Nieuwe aanvraag" form reads what was typed (dd/mm/jjjj, "7,5", "129,50") and reports each
 * problem on its field with the same rules as the server; the chain says for whom a step of an
 * absent approver is meant.
 */
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ChainView from '../../src/renderer/features/approvals/ChainView.vue';
import { emptyForm, formFrom, readForm, type RequestForm } from '../../src/renderer/features/approvals/request-form.js';
import { features } from '../../src/renderer/features/index.js';
import { createAppI18n, loadScreens } from '../../src/renderer/i18n/index.js';
import en from '../../src/renderer/features/approvals/messages/screens/en.js';
import fr from '../../src/renderer/features/approvals/messages/screens/fr-BE.js';
import nl from '../../src/renderer/features/approvals/messages/screens/nl-BE.js';

const form = (extra: Partial<RequestForm>): RequestForm => ({ ...emptyForm(), ...extra });

describe('request form', () => {
  it('reads a leave typed as dd/mm/jjjj', () => {
    const r = readForm(form({ kind: 'leave', from: '30/11/2026', to: '1/12/2026', leaveType: 'annual', note: ' trouw ' }));
    expect(r.errors).toEqual({});
    expect(r.details).toEqual({ kind: 'leave', from: '2026-11-30', to: '2026-12-01', halfDayStart: false, halfDayEnd: false, leaveType: 'annual', note: 'trouw' });
  });

  it('reports each problem on its field, and nothing is sendable', () => {
    expect(readForm(form({})).errors).toEqual({ kind: 'kind_required' });
    expect(readForm(form({ kind: 'leave', from: '10/12/2026', to: '8/12/2026', leaveType: 'annual' }))).toEqual({ details: null, errors: { to: 'range_reversed' } });
    expect(readForm(form({ kind: 'leave', from: '31/02/2026', to: '', leaveType: '' })).errors).toEqual({ from: 'date_invalid', to: 'date_required', leaveType: 'leave_type_required' });
    expect(readForm(form({ kind: 'leave', from: '8/12/2026', to: '8/12/2026', leaveType: 'unpaid', halfDayStart: true, halfDayEnd: true })).errors).toEqual({ halfDayEnd: 'half_days_same_day' });
    expect(readForm(form({ kind: 'overtime', date: '28/11/2026', hours: 'twee', reason: '' })).errors).toEqual({ hours: 'hours_invalid', reason: 'reason_required' });
    expect(readForm(form({ kind: 'overtime', date: '28/11/2026', hours: '25', reason: 'x' })).errors).toEqual({ hours: 'hours_range' });
    expect(readForm(form({ kind: 'overtime', date: '28/11/2026', hours: '7,5', reason: 'x' })).details).toMatchObject({ hours: 7.5 });
    expect(readForm(form({ kind: 'training', course: 'EHBO', provider: 'Rode Kruis', from: '8/12/2026', to: '8/12/2026', cost: '12,345' })).errors).toEqual({ cost: 'cost_invalid' });
    expect(readForm(form({ kind: 'training', course: 'EHBO', provider: 'Rode Kruis', from: '8/12/2026', to: '8/12/2026', cost: '1.129,50' })).details).toMatchObject({ costCents: 112950 });
    // "1.000" is a thousand in Belgium (the form used to read it as EUR 1)
    expect(readForm(form({ kind: 'training', course: 'EHBO', provider: 'Rode Kruis', from: '8/12/2026', to: '8/12/2026', cost: '1.000' })).details).toMatchObject({ costCents: 100000 });
    expect(readForm(form({ kind: 'other', title: ' ', description: '' })).errors).toEqual({ title: 'title_required', description: 'description_required' });
  });

  it('puts a refused request back as it was typed', () => {
    const details = { kind: 'training', course: 'EHBO', provider: 'Rode Kruis', from: '2026-12-08', to: '2026-12-09', costCents: 12950 } as const;
    expect(readForm(formFrom(details)).details).toEqual(details);
  });

  it('every error code has a message in every language', () => {
    const codes = ['kind_required', 'date_required', 'date_invalid', 'leave_type_required', 'hours_invalid', 'cost_invalid', 'range_reversed', 'half_days_same_day', 'no_working_days', 'hours_range', 'hours_step', 'reason_required', 'course_required', 'provider_required', 'cost_range', 'title_required', 'description_required', 'range_too_long'];
    for (const [locale, messages] of [['nl-BE', nl], ['fr-BE', fr], ['en', en]] as const) {
      const errors: Record<string, string> = messages.approvals.form.errors;
      for (const code of codes) expect(errors[code], `${locale} ${code}`).toBeTruthy();
    }
  });
});

describe('chain of a step moved during an absence', () => {
  it('says for whom, and that they are away', async () => {
    const i18n = createAppI18n(features);
    await loadScreens(i18n, ['approvals']); // what the router does before an approvals route renders
    const wrapper = mount(ChainView, {
      props: {
        steps: [
          { position: 1, role: 'head', approverId: 'p-3', approverName: 'Wouter Coene', deputyId: null, deputyName: null, state: 'waiting', comment: null, decidedById: null, decidedByName: null, decidedAt: null, meantForId: 'p-1', meantForName: 'Céline Vanneste', meantForReason: 'absent' },
        ],
      },
      global: { plugins: [i18n] },
    });
    expect(wrapper.get('[data-testid="approval-meant-for"]').text()).toBe('(bedoeld voor Céline Vanneste, afwezig)');
  });
});
