/**
 * Vite config of the renderer, used by both electron-vite (electron.vite.config.ts imports it) and
 * the web harness build (scripts/web.mjs), so the Electron window and the browser get the same bundle.
 */
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import type { UserConfig } from 'vite';

const here = new URL('.', import.meta.url).pathname;

/** `messages-fr-BE` for a file .../messages/fr-BE.ts (likewise en), else null (default chunking). */
function lazyLocaleOf(id: string): string | null {
  const match = /[\\/]messages[\\/](fr-BE|en)\.ts$/.exec(id);
  return match ? `messages-${match[1]}` : null;
}

/** `screens-orders-fr-BE` for features/orders/messages/screens/fr-BE.ts (each is its own chunk anyway: this names it). */
function screenMessagesOf(id: string): string | null {
  const match = /[\\/]features[\\/]([^\\/]+)[\\/]messages[\\/]screens[\\/](nl-BE|fr-BE|en)\.ts$/.exec(id);
  return match ? `screens-${match[1]}-${match[2]}` : null;
}

export const rendererConfig: UserConfig = {
  root: here,
  base: './',
  plugins: [vue()],
  // Compile-time flags of Vue and vue-i18n: this app uses <script setup> and vue-i18n's Composition
  // API only (no Options API, no legacy API, no <i18n-t>/v-t), so their code is left out of the first chunk.
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: resolve(here, '../../out/renderer'),
    emptyOutDir: true,
    rollupOptions: {
      input: { index: resolve(here, 'index.html') },
      // The fr-BE and en shell strings (the shell's and each feature's messages/<locale>.ts, lazy)
      // in one chunk per locale, loaded when that language is chosen, instead of one small chunk
      // per feature. A feature's screen strings (messages/screens/<locale>.ts) are one chunk per
      // feature and locale, loaded with its routes (a route needs only its own feature's).
      output: {
        codeSplitting: {
          groups: [
            { debugName: 'lazy-locale-messages', name: (id) => lazyLocaleOf(id) },
            { debugName: 'screen-messages', name: (id) => screenMessagesOf(id) },
          ],
        },
      },
    },
  },
};

export default rendererConfig;
