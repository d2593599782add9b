import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './src/renderer/vite.config';

/**
 * Three bundles:
 *  - main: the Electron shell plus the plain-Node core and embedded backend it hosts (ESM).
 *  - preload: sandboxed, so one self-contained CommonJS file with nothing external.
 *  - renderer: the Vue app; the web harness serves the same build to a browser.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
});
