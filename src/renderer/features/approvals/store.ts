/** Approvals: the three lists, the summary for Home and the nav badge, rejected decisions to explain. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Decision } from '../../../shared/domain/approvals.js';
import type { ApprovalBox, ApprovalListItem, ApprovalSummary, LocalDecision, OutgoingRequest } from '../../../shared/contract/approvals.js';
import { api, errorMessageKey } from '../../api/index.js';

export const useApprovalsStore = defineStore('approvals', () => {
  const box = ref<ApprovalBox>('inbox');
  const query = ref('');
  const items = ref<ApprovalListItem[]>([]);
  const summary = ref<ApprovalSummary | null>(null);
  const rejections = ref<LocalDecision[]>([]);
  /** My new requests not in the synced list yet (pending, or refused by the server). */
  const outgoing = ref<OutgoingRequest[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  /** The last decision made on this screen (announced in a live region). */
  const last = ref<LocalDecision | null>(null);

  async function loadSummary() {
    try {
      summary.value = await api['approvals.summary']();
    } catch {
      summary.value = null;
    }
  }

  async function load() {
    try {
      const [list, rej, out] = await Promise.all([api['approvals.list']({ box: box.value, query: query.value }), api['approvals.rejections'](), api['approvals.outgoing']()]);
      items.value = list;
      rejections.value = rej;
      outgoing.value = out;
      if (last.value) {
        const again = (await api['approvals.get']({ id: last.value.requestId }))?.myDecision;
        if (again) last.value = again;
      }
      error.value = null;
    } catch (e) {
      error.value = errorMessageKey(e);
    } finally {
      loaded.value = true;
    }
    await loadSummary();
  }

  async function decide(requestId: string, decision: Decision, comment: string): Promise<LocalDecision | null> {
    try {
      last.value = await api['approvals.decide']({ requestId, decision, comment });
      error.value = null;
      await load();
      return last.value;
    } catch (e) {
      error.value = errorMessageKey(e);
      await load();
      return null;
    }
  }

  async function resubmit(requestId: string) {
    try {
      last.value = await api['approvals.resubmit']({ requestId });
      error.value = null;
    } catch (e) {
      error.value = errorMessageKey(e);
    }
    await load();
  }

  async function withdraw(requestId: string) {
    try {
      last.value = await api['approvals.withdraw']({ requestId });
      error.value = null;
    } catch (e) {
      error.value = errorMessageKey(e);
    }
    await load();
  }

  async function dismissOutgoing(id: string) {
    await api['approvals.dismissOutgoing']({ id });
    await load();
  }

  async function acknowledge(requestId: string) {
    await api['approvals.acknowledge']({ requestId });
    await load();
  }

  return { box, query, items, summary, rejections, outgoing, loaded, error, last, load, loadSummary, decide, resubmit, withdraw, dismissOutgoing, acknowledge };
});
