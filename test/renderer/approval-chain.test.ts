/** The approval chain shows whom a moved step was meant for (the approver left; a directory import moved it). */
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ChainView from '../../src/renderer/features/approvals/ChainView.vue';
import { features } from '../../src/renderer/features/index.js';
import { createAppI18n, loadScreens } from '../../src/renderer/i18n/index.js';
import type { ApprovalStep } from '../../src/shared/domain/approvals.js';

const step = (extra: Partial<ApprovalStep>): ApprovalStep => ({
  position: 1, role: 'head', approverId: 'p-2', approverName: 'Ann Goethals', deputyId: null, deputyName: null, state: 'waiting',
  comment: null, decidedById: null, decidedByName: null, decidedAt: null, ...extra,
});

describe('approval chain', () => {
  it('says whom a moved step was meant for, and nothing for a step that never moved', async () => {
    const i18n = createAppI18n(features);
    await loadScreens(i18n, ['approvals']); // what the router does before an approvals route renders
    const wrapper = mount(ChainView, {
      props: { steps: [step({ meantForId: 'p-9', meantForName: 'Pieter Claeys' }), step({ position: 2, state: 'upcoming', approverName: 'Koen Vandevoorde' })] },
      global: { plugins: [i18n] },
    });
    const notes = wrapper.findAll('[data-testid="approval-meant-for"]');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text()).toBe('(bedoeld voor Pieter Claeys, uit dienst)');
    expect(wrapper.text()).toContain('Ann Goethals');
  });
});
