/**
 * Browser test of the workspace items of review 11 (user review r33), in the Russian UI: a profile never shows another
 * profile's records; the transfers table fits the window at 1280 and 1024 px; the dashboard's note, tiles and the
 * flagged chats' messages; a person's role grounds and usernames; the empty-mentions sentence by kind. Serves the
 * fixture case with what these need besides (`serve-fixture.ts --extras`, packages/server/src/testing/
 * workspace-extras.ts). Screenshots go to test-artifacts/e2e-workspace/.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWeb,
  CHROMIUM,
  fixtureServerArgs,
  launchChromium,
  ROOT,
  russianContext,
  startServer,
} from './e2e-harness.ts';

const ARTIFACTS = `${ROOT}test-artifacts/e2e-workspace`;
// Duplicated from packages/server/src/testing/ (web may not import server code).
const MULE = 'P-MULE';
const OPERATOR = 'P-OPERATOR';
const DROPPER = 'card:4400430000000037';
const END_WALLET = 'tron:TXyZ1111111111111111111111111111aa';
const USERNAME_PERSON = 'p:tg:@sever_admin';
const PRIVATE_CHAT = 'tg:chat:2002';
const TG_USER = 'tg:user:501';

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
    context = await russianContext(browser, { width: 1280, height: 800 });
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
  /** The source records a profile lists once its answer is in: the heading's count and each item's table. */
  const records = async (id: string) => {
    await page.waitForFunction(
      (id) =>
        document.querySelector('[data-testid=entity-profile] p.mono')?.textContent === id &&
        document.querySelectorAll('[data-testid=records] li').length > 0,
      id,
    );
    // Any stale item would have been drawn with the answer: give React a moment to settle.
    await page.waitForTimeout(300);
    return page.evaluate(() => {
      const heading = document.querySelector('h2#records')?.textContent ?? '';
      const items = [...document.querySelectorAll('[data-testid=records] li')];
      return {
        total: Number(/\((\d+)\)/.exec(heading)?.[1]),
        tables: items.map((li) => li.querySelector('.badge')?.getAttribute('data-table') ?? ''),
        links: items.map((li) => li.querySelector('[data-testid=record-link]')?.getAttribute('href') ?? ''),
      };
    });
  };

  it("moving to another profile lists that profile's records only; a record is listed once (item 1)", async () => {
    await go(entity(MULE));
    const mule = await records(MULE);
    // The card paying itself is one record, not two.
    const transfers = mule.links.filter((_, i) => mule.tables[i] === 'transfers');
    expect(new Set(transfers).size).toBe(transfers.length);
    expect(transfers).toHaveLength(4);
    // A message naming the card twice: two mention records of one message, both listed.
    expect(mule.tables.filter((t) => t === 'mentions')).toHaveLength(3);
    expect(mule.tables.length).toBe(mule.total);
    // A hash change, as a link does it: the Telegram account's records, none of the mule's.
    for (const id of [TG_USER, DROPPER, PRIVATE_CHAT, OPERATOR, TG_USER]) {
      await page.evaluate((h) => {
        location.hash = h;
      }, entity(id));
      const r = await records(id);
      expect(r.tables.length, id).toBe(Math.min(r.total, 200));
      if (id === TG_USER || id === PRIVATE_CHAT) expect(r.tables, id).not.toContain('transfers');
      // The dropper's card is named twice in one message: two like mention records, both listed.
      if (id === DROPPER) expect(r.tables.filter((t) => t === 'mentions').length, id).toBe(3);
    }
    await page.screenshot({ path: `${ARTIFACTS}/records-after-moves.png`, fullPage: true });
  });

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

  it('dashboard: the note shows code, not backticks; tiles and lists say their groups alike (item 3)', async () => {
    await go('/');
    const note = page.getByTestId('count-entities').locator('xpath=..');
    await note.waitFor();
    expect(await note.textContent()).not.toContain('`');
    expect(await note.locator('code').allTextContents()).toEqual(['dragnet status']);
    const tile = page.getByTestId('tile-droppers');
    const said = (await tile.locator('.tile-value').textContent()) ?? '';
    // Persons first, as the list says it: the mule holds one of the two dropper cards.
    expect(said).toBe('1 человек · 2 счёта');
    await tile.click();
    const groups = page.getByTestId('entity-groups');
    await groups.waitFor();
    expect(await groups.textContent()).toContain(said);
    // The whole list: its non-persons are phones, chats and Telegram users besides cards and wallets.
    await go('#/entities');
    await page.getByTestId('entity-groups').waitFor();
    const all = (await page.getByTestId('group-accounts').textContent()) ?? '';
    expect(all).toMatch(/^\d+ идентификатор/);
    expect(all).not.toMatch(/сч[её]т/);
  });

  it("the flagged chats' tile lists only their messages (item 3)", async () => {
    await go('#/messages?flagged=1');
    await page.getByTestId('flagged-filter').waitFor();
    await page.getByTestId('message').first().waitFor();
    const listed = await page.getByTestId('channel-link').count();
    expect(listed).toBe(1);
    const chats = await page
      .getByTestId('message-chat')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(chats.length).toBe(3);
    expect(chats.every((h) => !h?.includes(encodeURIComponent(PRIVATE_CHAT)))).toBe(true);
    // Without the filter the private chat's messages are there.
    await go('#/messages');
    await page.getByTestId('message').first().waitFor();
    expect(await page.getByTestId('message').count()).toBe(5);
  });

  it("profiles: a person's role grounds in Russian, a username person's mentions, the no-mention sentence by kind (item 4)", async () => {
    await go(entity(OPERATOR));
    const reasons = page.getByTestId('role-reasons');
    await reasons.waitFor();
    expect(await reasons.textContent()).toMatch(/получил 1\s000,50\sUSD, собранные с 2 счетов дропов/);
    expect(await reasons.textContent()).not.toContain('received');
    await go(entity(USERNAME_PERSON));
    const link = page.getByTestId('username-mentions');
    await link.waitFor();
    expect(await link.textContent()).toBe('Сообщения с упоминанием @sever_admin (1)');
    await link.click();
    await page.getByTestId('message').first().waitFor();
    expect(await page.getByTestId('message').count()).toBe(1);
    await go(entity(END_WALLET));
    const none = page.getByTestId('mentioning-none');
    await none.waitFor();
    expect(await none.textContent()).toBe('Ни одно сообщение в деле не упоминает адрес этого кошелька.');
    await page.screenshot({ path: `${ARTIFACTS}/wallet.png`, fullPage: true });
  });

  it('raised no page errors', () => {
    expect(problems).toEqual([]);
  });
});
