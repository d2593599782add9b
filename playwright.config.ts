/**
 * Playwright: the web end-to-end tests (test/e2e, Debian's Chromium against `npm run web` and the
 * real backend) and the Electron shell tests (test/electron, skipped where no Electron binary runs).
 * `npm test` (scripts/test.mjs) sets PLAYWRIGHT_JSON_OUTPUT_NAME to count the results.
 * Screenshots and traces of each test stay in test-results/ as artifacts.
 *
 * Projects: `web` (every e2e spec, backend on SQLite), `postgres` (the issue-10 journeys again with
 * the backend on a fresh PostgreSQL database, see test/e2e/README.md), `electron`.
 */
import { defineConfig } from '@playwright/test';
import type { WorkerFixtures } from './test/e2e/fixtures.js';

const chromiumArgs = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

export default defineConfig<object, Pick<WorkerFixtures, 'database'>>({
  outputDir: 'test-results',
  // 2 shared cores: one test at a time; each e2e file starts its own backend + harness.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    locale: 'nl-BE',
    viewport: { width: 1280, height: 800 },
  },
  projects: [
    {
      name: 'web',
      testDir: 'test/e2e',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
      },
    },
    {
      // The issue-10 journeys (a bestelbon to the financial director, leave, the service API and its
      // webhook) with the backend on PostgreSQL; skipped with the reason printed when PostgreSQL is
      // unreachable (failed under CI=true).
      name: 'postgres',
      testDir: 'test/e2e',
      testMatch: ['order-new.spec.ts', 'requests.spec.ts', 'service-api.spec.ts'],
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
        database: 'postgres',
      },
    },
    {
      name: 'electron',
      testDir: 'test/electron',
    },
  ],
});
