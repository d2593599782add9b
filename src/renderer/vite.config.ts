/**
 * Vite config of the renderer, used by both electron-vite (electron.vite.config.ts imports it) and
 * the web harness build (scripts/web.mjs), so the Electron window and the browser get the same bundle.
 */
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import type { UserConfig } from 'vite';

const here = new URL('.', import.meta.url).pathname;

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
    rollupOptions: { input: { index: resolve(here, 'index.html') } },
  },
};

export default rendererConfig;
