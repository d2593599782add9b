/**
 * Letters: my letters and the register (secretariat). Reloads when the synced `letters` change,
 * when the outbox moves (sync status) and when a number arrives (`letters.numberAssigned`).
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { LetterNumberAssigned, LetterView } from '../../../shared/contract/letters.js';
import type { LetterDraft } from '../../../shared/domain/letters.js';
import { api, errorMessageKey } from '../../api/index.js';

export const useLettersStore = defineStore('letters', () => {
  const mine = ref<LetterView[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  /** The last number that arrived (announced in a live region). */
  const arrived = ref<LetterNumberAssigned | null>(null);
  /** The reservation made last on this screen: the form shows its number (or that it is pending). */
  const lastReservedId = ref<string | null>(null);
  let off: (() => void) | null = null;

  async function load() {
    try {
      mine.value = await api['letters.mine']({});
      error.value = null;
    } catch (e) {
      error.value = errorMessageKey(e);
    } finally {
      loaded.value = true;
    }
  }

  function listen() {
    off ??= api.on('letters.numberAssigned', (event) => {
      arrived.value = event;
      void load();
    });
  }

  async function reserve(draft: LetterDraft): Promise<LetterView> {
    const view = await api['letters.reserve'](draft);
    lastReservedId.value = view.id;
    await load();
    return view;
  }

  async function cancel(id: string, reason: string) {
    await api['letters.cancel']({ id, reason });
    await load();
  }

  async function markSent(id: string) {
    await api['letters.markSent']({ id });
    await load();
  }

  return { mine, loaded, error, arrived, lastReservedId, load, listen, reserve, cancel, markSent };
});
