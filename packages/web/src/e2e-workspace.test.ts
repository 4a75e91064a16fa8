/**
 * Browser test of the workspace items of review 11 (user review r33), in the Russian UI: the transfers table fits the
 * window at 1280 and 1024 px. Serves the
 * fixture case with what these need besides (`serve-fixture.ts --extras`, packages/server/src/testing/
 * workspace-extras.ts). Screenshots go to test-artifacts/e2e-workspace/.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, CHROMIUM, fixtureServerArgs, launchChromium, ROOT, startServer } from './e2e-harness.ts';

const ARTIFACTS = `${ROOT}test-artifacts/e2e-workspace`;
// Duplicated from packages/server/src/testing/ (web may not import server code).
const DROPPER = 'card:4400430000000037';

describe.skipIf(!existsSync(CHROMIUM))('workspace items of review 11 (browser, Russian UI)', () => {
  let server: { url: string; proc: ChildProcess } | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await buildWeb();
    server = await startServer(fixtureServerArgs('--extras'));
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' });
    await context.addInitScript(() => {
      try {
        localStorage.setItem('dragnet.lang', 'ru');
      } catch {
        // about:blank has no storage.
      }
    });
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    server?.proc.kill('SIGTERM');
  });

  const go = async (hash: string) => {
    await page.goto('about:blank');
    await page.goto(`${server!.url}${hash}`);
    await page.waitForLoadState('networkidle');
  };
  const entity = (id: string) => `#/entity?id=${encodeURIComponent(id)}`;
  it('the transfers table fits the window at 1280 and 1024 px; times and amounts are never broken (item 2)', async () => {
    for (const width of [1280, 1024]) {
      await page.setViewportSize({ width, height: 800 });
      for (const hash of ['#/transfers', entity(DROPPER)]) {
        await go(hash);
        await page.getByTestId('transfers-table').locator('tbody tr').first().waitFor();
        const got = await page.evaluate(() => {
          const de = document.documentElement;
          const table = document.querySelector('[data-testid=transfers-table]')!;
          const box = table.parentElement!.getBoundingClientRect();
          /** A cell whose text is on one line and inside the cell. */
          const whole = (td: Element) => {
            const range = document.createRange();
            range.selectNodeContents(td);
            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            return lines.size === 1 && td.scrollWidth <= td.clientWidth + 1;
          };
          const cells = [
            ...table.querySelectorAll(
              '[data-testid=transfer-time], [data-testid=transfer-amount], [data-testid=transfer-usd]',
            ),
          ];
          return {
            page: de.scrollWidth - de.clientWidth,
            tableRight: Math.round(table.getBoundingClientRect().right),
            boxRight: Math.round(box.right),
            viewport: de.clientWidth,
            broken: cells.filter((td) => !whole(td)).map((td) => td.textContent),
            cells: cells.length,
          };
        });
        expect(got.page, `${hash} at ${width}: the page scrolls sideways`).toBeLessThanOrEqual(0);
        expect(got.boxRight, `${hash} at ${width}`).toBeLessThanOrEqual(got.viewport);
        expect(got.cells).toBeGreaterThan(0);
        expect(got.broken, `${hash} at ${width}`).toEqual([]);
        await page.screenshot({ path: `${ARTIFACTS}/transfers-${hash.slice(2, 10)}-${width}.png` });
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('raised no page errors', () => {
    expect(problems).toEqual([]);
  });
});
