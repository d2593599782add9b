import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './src/renderer/vite.config';

/**
 * Three bundles:
 *  - main: the Electron shell (index) and the core's worker with the embedded backend (core-worker), ESM.
 *  - preload: sandboxed, so one self-contained CommonJS file with nothing external.
 *  - renderer: the Vue app; the web harness serves the same build to a browser.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The core's worker (src/main/core-host) is its own entry: Electron starts it as a utility process.
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts'), 'core-worker': resolve(__dirname, 'src/main/core-host/core-worker.ts') } },
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
