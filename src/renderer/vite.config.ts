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
  build: {
    outDir: resolve(here, '../../out/renderer'),
    emptyOutDir: true,
    rollupOptions: { input: { index: resolve(here, 'index.html') } },
  },
};

export default rendererConfig;
