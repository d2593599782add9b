// @ts-check
/**
 * Lint rules that keep the architecture honest: which runtime may import what.
 *   src/shared    runs anywhere: zod only, no Node, no Electron, no DOM-only libraries
 *   src/server    Node: never Electron, never the renderer or the desktop core (except the
 *                 desktop's image builder, main/core/sync/image.ts, in server/sync/image*.ts)
 *   src/main      Node; only src/main/shell (and the entry index.ts) may import 'electron'
 *   src/preload   Electron preload: only 'electron' and the zod-free channel list
 *   src/renderer  browser: never Node, Electron, the server or the desktop core
 */
import js from '@eslint/js';
import globals from 'globals';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'worker_threads'];
const restrict = (/** @type {string[]} */ groups, /** @type {string} */ message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'playwright-report/**', '.data/**', '.test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-empty-object-type': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict([...nodeBuiltins, 'electron', 'vue', 'pinia', 'better-sqlite3', 'fastify', 'kysely', 'pg', '**/main/**', '**/server/**', '**/renderer/**', '**/preload/**'], 'src/shared runs everywhere: only zod and other shared files.'),
  },
  {
    files: ['src/server/**/*.ts'],
    rules: restrict(['electron', 'electron-updater', 'vue', 'pinia', '**/main/**', '**/renderer/**', '**/preload/**'], 'The backend runs in plain Node and knows nothing of the desktop.'),
  },
  {
    // One exception, on purpose: a fresh desktop's first sync copies a prebuilt image of the desktop
    // cache (issue 12), which the server builds with the desktop's own plain-Node code so that the
    // file is exactly what a desktop would have made. Only these two files, only that one module.
    files: ['src/server/sync/image.ts', 'src/server/sync/image-worker.ts'],
    rules: restrict(
      ['electron', 'electron-updater', 'vue', 'pinia', '**/main/**', '!**/main/core/', '!**/main/core/sync/', '!**/main/core/sync/image.js', '**/renderer/**', '**/preload/**'],
      'The backend knows of the desktop only the image builder (main/core/sync/image.ts).',
    ),
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/shell/**', 'src/main/index.ts'],
    rules: restrict(['electron', 'electron-updater', 'vue', 'pinia', '**/renderer/**', '**/preload/**'], "Only src/main/shell may import Electron: the core runs in plain Node."),
  },
  {
    files: ['src/main/shell/**/*.ts'],
    rules: restrict(['vue', 'pinia', '**/renderer/**', '**/preload/**'], 'The shell adapts Electron to the core; it never imports screens.'),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict([...nodeBuiltins, 'zod', 'vue', '**/main/**', '**/server/**', '**/renderer/**', '**/shared/domain/**', '**/shared/sync/**'], 'The preload is tiny: electron plus the channel list.'),
  },
  {
    files: ['src/renderer/**/*.{ts,vue}'],
    ignores: ['src/renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...restrict([...nodeBuiltins, 'electron', 'electron-updater', 'better-sqlite3', 'fastify', 'kysely', 'pg', '**/main/**', '**/server/**', '**/preload/**'], 'The renderer talks to the core only through the contract (src/shared/ipc).'),
      'vue/no-v-html': 'error',
    },
  },
);
