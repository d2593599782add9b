import type { PopApi } from '../../shared/ipc/contract.js';

declare global {
  interface Window {
    /** The contract, exposed by the Electron preload (absent in the browser harness). */
    popIndex?: PopApi;
  }
}

export {};
