/**
 * The "Nieuwe aanvraag" form's state, kept in a store so what was typed survives leaving the screen,
 * being offline or an error; it is cleared only once the request is in the outbox.
 */
import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type { RequestDetails } from '../../../shared/domain/requests.js';
import { api, errorMessageKey } from '../../api/index.js';
import { emptyForm, formFrom, readForm, type RequestForm } from './request-form.js';

export const useNewRequestStore = defineStore('approvalsNewRequest', () => {
  const form = reactive<RequestForm>(emptyForm());
  /** Fields the user left (or changed, for choices): their errors show, and update as they type. */
  const touched = ref(new Set<string>());
  const submitted = ref(false);
  const busy = ref(false);
  /** i18n key of a failure of the core call (the form keeps everything). */
  const error = ref<string | null>(null);
  const read = computed(() => readForm(form));

  function touch(field: string) {
    if (!touched.value.has(field)) touched.value = new Set([...touched.value, field]);
  }
  /** The error code to show for a field now, or null. */
  function errorOf(field: keyof RequestForm): string | null {
    return submitted.value || touched.value.has(field) ? (read.value.errors[field] ?? null) : null;
  }
  function reset() {
    Object.assign(form, emptyForm());
    touched.value = new Set();
    submitted.value = false;
    error.value = null;
  }
  /** Fill the form with a refused request to correct it. */
  function edit(details: RequestDetails) {
    reset();
    Object.assign(form, formFrom(details));
  }

  /** true: queued (the form is cleared); false: errors to show, or the call failed (form kept). */
  async function submit(): Promise<boolean> {
    submitted.value = true;
    const { details } = read.value;
    if (!details) return false;
    busy.value = true;
    try {
      await api['approvals.create']({ details });
      reset();
      return true;
    } catch (e) {
      error.value = errorMessageKey(e);
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { form, touched, submitted, busy, error, read, touch, errorOf, reset, edit, submit };
});
