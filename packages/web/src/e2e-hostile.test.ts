/**
 * Browser test: evidence text outside message bodies (chat titles, author names, profile titles, record fields,
 * file names) shows its hidden characters as code boxes, never raw. Serves the fixture case with a chat whose title
 * and author carry a right-to-left override and zero-width spaces (`serve-fixture.ts --hostile`,
 * packages/server/src/testing/hostile-names.ts). Screenshots go to test-artifacts/e2e-hostile/.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
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

const ARTIFACTS = `${ROOT}test-artifacts/e2e-hostile`;
// Duplicated from packages/server/src/testing/hostile-names.ts (web may not import server code).
const CHAT = 'tg:chat:1777';
const USER = 'tg:user:9777';
const EVIDENCE = 'f'.repeat(64);
const RAW = /[\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\ufeff]/;

describe.skipIf(!existsSync(CHROMIUM))('hidden characters in names and titles (browser)', () => {
  let server: { url: string; proc: ChildProcess } | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await buildWeb();
    server = await startServer(fixtureServerArgs('--hostile'));
    browser = await launchChromium();
    const context = await russianContext(browser);
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
  };
  const boxes = async (selector: string) =>
    page.locator(`${selector} [data-testid="hidden-char"]`).allTextContents();

  it('boxes them in the channel list and the message header; a ZWJ inside an emoji stays', async () => {
    await go(`#/messages?chat=${encodeURIComponent(CHAT)}`);
    const link = page.locator(`[data-testid="channel-link"][href*="${encodeURIComponent(CHAT)}"]`);
    await link.waitFor();
    expect(await link.textContent()).not.toMatch(RAW);
    expect(await boxes(`[data-testid="channel-link"][href*="${encodeURIComponent(CHAT)}"]`)).toEqual([
      'U+202E',
      'U+200B',
    ]);
    // The chat type in Russian.
    expect(await page.getByTestId('channel-id').allTextContents()).toContain(`супергруппа · ${CHAT}`);
    await page.getByTestId('message').first().waitFor();
    const header = page.locator('[data-testid="message"] header').first();
    expect(await header.textContent()).not.toMatch(RAW);
    // The author's name, then the chat's title (the header names the chat by its title).
    expect(await boxes('[data-testid="message"] header')).toEqual(['U+200B', 'U+202E', 'U+202E', 'U+200B']);
    expect(await boxes('[data-testid="message"] header [data-testid="message-chat"]')).toEqual([
      'U+202E',
      'U+200B',
    ]);
    const text = (await page.getByTestId('message-text').first().textContent()) ?? '';
    expect(text).toContain('👨\u200d👩\u200d👧\u200d👦');
    expect(await boxes('[data-testid="message-text"]')).toEqual(['U+200B', 'U+202E']);
    await page.screenshot({ path: `${ARTIFACTS}/messages.png` });
  });

  it('boxes them in a user profile title', async () => {
    await go(`#/entity?id=${encodeURIComponent(USER)}`);
    await page.getByTestId('entity-profile').waitFor();
    expect(await page.locator('h1').textContent()).not.toMatch(RAW);
    expect(await boxes('h1')).toEqual(['U+200B', 'U+202E']);
    await page.screenshot({ path: `${ARTIFACTS}/user-profile.png`, fullPage: true });
  });

  it('boxes them in the record view, with table and field names in Russian', async () => {
    await go(`#/record?evidence=${EVIDENCE}&locator=message%3A1`);
    await page.getByTestId('record-fields').first().waitFor();
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main.replace(/👨\u200d👩\u200d👧\u200d👦/g, '')).not.toMatch(RAW);
    // The file name, the author and the text each show their codes.
    expect(await boxes('main p')).toContain('U+202E');
    const fields = page.locator('[data-testid="record-fields"][data-table="messages"]');
    expect(await fields.locator('[data-testid="hidden-char"]').allTextContents()).toEqual([
      'U+200B',
      'U+202E',
      'U+200B',
      'U+202E',
    ]);
    expect(await fields.locator('dt').allTextContents()).toEqual(
      expect.arrayContaining(['автор', 'текст', 'чат']),
    );
    expect(await page.locator('h2').allTextContents()).toContain('сообщение');
    await page.screenshot({ path: `${ARTIFACTS}/record.png`, fullPage: true });
  });

  it('raised no page errors', () => {
    expect(problems).toEqual([]);
  });
});
