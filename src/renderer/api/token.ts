/**
 * The web harness hands the per-run token in the address (`#token=...`). Take it out before the
 * router reads the hash, keep it in sessionStorage (this tab only), and clean the address bar.
 */
import { TOKEN_STORAGE_KEY } from '../../shared/ipc/http.js';

export function takeHarnessToken(loc: Location = window.location, storage: Storage = window.sessionStorage, history: History = window.history): string | null {
  const match = /^#token=([^&]+)/.exec(loc.hash);
  if (match?.[1]) {
    const token = decodeURIComponent(match[1]);
    storage.setItem(TOKEN_STORAGE_KEY, token);
    history.replaceState(null, '', `${loc.pathname}${loc.search}#/`);
    return token;
  }
  return storage.getItem(TOKEN_STORAGE_KEY);
}
