/**
 * Home: the cards keep their place while they fill (cumulative layout shift < 0.1, measured with a
 * PerformanceObserver for layout-shift entries from the first paint on, as Lighthouse does), and the
 * console stays free of CSP errors on every screen.
 */
import { expect, test } from './fixtures.js';

test('home does not jump while its cards fill: CLS < 0.1', async ({ app: page, stack }) => {
  // 412 px with a 4x slower CPU: what Lighthouse's mobile run sees
  const cdp = await page.context().newCDPSession(page);
  for (const width of [1366, 640, 412]) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: width === 412 ? 4 : 1 });
    await page.setViewportSize({ width, height: 900 });
    // (a string: this file is type-checked without the DOM library)
    await page.addInitScript(`
      window.__cls = 0;
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          if (entry.hadRecentInput) continue;
          window.__cls += entry.value;
          const nodes = (entry.sources || []).map((s) => (s.node ? s.node.nodeName + '.' + (s.node.className || '') + ' "' + (s.node.textContent || '').slice(0, 30) + '"' : '?'));
          window.__shifts.push(entry.value.toFixed(3) + ' at ' + Math.round(entry.startTime) + ' ms: ' + nodes.join(', '));
        }
      }).observe({ type: 'layout-shift', buffered: true });
    `);
    await page.goto('about:blank');
    await page.goto(`${stack.harness.origin}/#/`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Volgende vergaderingen' })).toBeVisible();
    await expect(page.locator('main').getByText('Laden…', { exact: true })).toHaveCount(0);
    await page.waitForTimeout(1500); // late cards (photos, counts) would shift now
    const { cls, shifts } = await page.evaluate<{ cls: number; shifts: string[] }>('({ cls: window.__cls, shifts: window.__shifts })');
    expect(cls, `CLS at ${width} px:\n${shifts.join('\n')}`).toBeLessThan(0.1);
  }
});

test('no CSP errors in the console; frame-ancestors comes with the response header', async ({ app: page, stack }) => {
  const errors: string[] = [];
  // violations that only reach the DevTools issues panel (e.g. a library probing for eval) too
  await page.addInitScript(`
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile));
  `);
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const response = await page.goto(`${stack.harness.origin}/`);
  expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'Collega’s' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Collega’s' })).toBeVisible();
  expect(errors.filter((e) => /Content.Security.Policy/i.test(e))).toEqual([]);
  expect(await page.evaluate<string[]>('window.__csp')).toEqual([]);
  expect(errors).toEqual([]);
});
