/**
 * What the user typed in the bestelbon form, kept per form ("new" or an order id) for the whole
 * session: leaving the screen, going offline or an error never loses it. Cleared once saved.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DraftForm } from './draft-form.js';

export const useOrderFormStore = defineStore('orderForm', () => {
  const forms = ref<Record<string, DraftForm>>({});
  /** Fields the user has left (errors show for them while typing; all of them after "save"). */
  const touched = ref<Record<string, Record<string, boolean>>>({});

  function get(key: string): DraftForm | null {
    return forms.value[key] ?? null;
  }
  function put(key: string, form: DraftForm) {
    forms.value[key] = form;
    touched.value[key] ??= {};
  }
  function clear(key: string) {
    delete forms.value[key];
    delete touched.value[key];
  }
  return { forms, touched, get, put, clear };
});
