/**
 * Browser test (review r33): what the record view and the report view say in the Russian workspace. Every value a user
 * reads is in the UI language — a card as its grouped number, kinds as the UI names them, codes (a transfer's
 * channel, a membership's role, a mention's source) by their names — and evidence text is still text; the Russian
 * report calls roles and labels what the UI calls them. Serves the fixture case (`serve-fixture.ts`).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, CHROMIUM, fixtureServerArgs, launchChromium, startServer } from './e2e-harness.ts';

// Duplicated from packages/server/src/testing/fixture-case.ts (web may not import server code).
const BANK = 'a'.repeat(64);
const TELEGRAM = 'b'.repeat(64);
const KYC = 'c'.repeat(64);

describe.skipIf(!existsSync(CHROMIUM))('record view and report in the UI language (browser)', () => {
  let server: { url: string; proc: ChildProcess } | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    await buildWeb();
    server = await startServer(fixtureServerArgs());
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'ru-RU' });
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    server?.proc.kill('SIGTERM');
  });

  const setLang = async (lang: 'ru' | 'en') => {
    await page.goto(server!.url);
    await page.evaluate((l) => localStorage.setItem('dragnet.lang', l), lang);
    // The language is read once per page: load it again.
    await page.reload();
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  };
  const record = async (evidence: string, locator: string) => {
    await page.goto(`${server!.url}#/record?evidence=${evidence}&locator=${encodeURIComponent(locator)}`);
    // The sections of this record, not those of the one shown before (a hash change keeps the page).
    await page.waitForFunction((loc) => {
      const dls = [...document.querySelectorAll('[data-testid="record-fields"]')];
      return (
        dls.length > 0 && dls.every((dl) => dl.querySelector('dt[title="locator"] + dd')?.textContent === loc)
      );
    }, locator);
  };
  /** The shown value of each field of one table's section: field (stored name, the `dt`'s title) → text. */
  const fields = async (table: string): Promise<Record<string, string>> =>
    page
      .locator(`[data-testid="record-fields"][data-table="${table}"]`)
      .first()
      .evaluate((dl) =>
        Object.fromEntries(
          [...dl.querySelectorAll(':scope > div')].map((d) => [
            d.querySelector('dt')?.getAttribute('title') ?? '',
            d.querySelector('dd')?.textContent ?? '',
          ]),
        ),
      );

  it("names a message record's values in Russian: the card grouped, kinds, roles and sources by name", async () => {
    await setLang('ru');
    await record(TELEGRAM, 'message:1');
    const mention = await fields('mentions');
    expect(mention.identifier).toBe('4400 4300 0000 0037');
    expect(mention.kind).toBe('Банковская карта');
    expect(mention.source).toBe('найдено в тексте сообщения');
    expect(mention.validated).toBe('да');
    expect(mention.chatId).toBe('tg:chat:1001');
    // The card opens its profile; the link is the app's own.
    const card = page.locator('[data-table="mentions"] a[href*="entity?id=card%3A4400430000000037"]');
    expect(await card.textContent()).toBe('4400 4300 0000 0037');
    expect((await fields('memberships')).role).toBe('администратор');
    const label = await fields('message_labels');
    expect(label.label).toBe('продажа');
    const message = await fields('messages');
    expect(message.timestamp).toBe('2025-02-28 18:00:00 UTC');
    // Evidence text is still text: the hostile message shows its markup as characters.
    expect(message.text).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('main img, main script').count()).toBe(0);
    // No stored code left where a name exists.
    const shown = Object.values({ ...mention, ...(await fields('memberships')) });
    for (const raw of ['card', 'text', 'admin', 'card:4400430000000037']) expect(shown).not.toContain(raw);
  });

  it("names a transfer's channel and accounts, and a person's status, in Russian", async () => {
    await record(BANK, 'row:2');
    const t = await fields('transfers');
    expect(t.channel).toBe('с карты на карту');
    expect(t.fromAccount).toBe('4400 4300 0000 0011');
    expect(t.toAccount).toBe('4400 4300 0000 0037');
    expect(t.amount).toBe('15\u00a0000');
    await record(BANK, 'row:7');
    expect((await fields('transfers')).channel).toBe('P2P');
    await record(KYC, 'row:5');
    expect((await fields('persons')).status).toBe('задержан');
  });

  it('names them in English in the English UI', async () => {
    await setLang('en');
    await record(TELEGRAM, 'message:1');
    const mention = await fields('mentions');
    expect(mention.kind).toBe('Bank card');
    expect(mention.source).toBe('found in the message text');
    expect((await fields('memberships')).role).toBe('administrator');
    await record(BANK, 'row:2');
    expect((await fields('transfers')).channel).toBe('card to card');
    await setLang('ru');
  });

  it('calls roles and labels in the Russian report what the UI calls them (дроп, продажа)', async () => {
    await setLang('ru');
    await page.goto(`${server!.url}#/report`);
    const doc = page.getByTestId('report-doc');
    await doc.waitFor();
    const text = (await doc.textContent()) ?? '';
    expect(text).toContain('Карты и счета дропов');
    expect(text).toContain('продажа (0,97)');
    expect(text).toContain('с признаками продажи, вербовки');
    expect(text).not.toMatch(/сбыт|дроппер/);
  });

  it("shows a context label's reason in Russian, its messages as links and its score as the UI writes scores (review r33)", async () => {
    await setLang('ru');
    await record(TELEGRAM, 'message:2');
    const label = page.locator('[data-testid="record-fields"][data-table="message_labels"]');
    const reason = (await label.getByTestId('context-reason').textContent()) ?? '';
    expect(reason).toBe(
      'по контексту чата: сообщение в личной переписке, где tg:user:<b>7</b> публиковал признаки продажи: сообщение 1; собственная оценка 0,04',
    );
    expect(await label.getByTestId('context-refs').textContent()).toBe('опирается на: сообщение 1');
    expect((await fields('message_labels')).score).toBe('0,68');
    // No raw term is left: neither `context: …` nor `ref:1`.
    const shown = (await label.textContent()) ?? '';
    expect(shown).not.toMatch(/context: |ref:/);
    // The anchor opens its own record.
    await label.getByTestId('context-ref').click();
    await page.waitForFunction(() => location.hash.includes('locator=message%3A1'));
    expect((await fields('messages')).messageId).toBe('1');
    // In English: the labeller's own words, a decimal point.
    await setLang('en');
    await record(TELEGRAM, 'message:2');
    const en = page.locator('[data-testid="record-fields"][data-table="message_labels"]');
    expect(await en.getByTestId('context-reason').textContent()).toMatch(
      /^from its chat: message in a two-person chat where tg:user:<b>7<\/b> posted sale evidence: messages 1; own score 0\.04$/,
    );
    expect(await en.getByTestId('context-refs').textContent()).toBe('rests on: message 1');
    expect((await fields('message_labels')).score).toBe('0.68');
    await setLang('ru');
  });

  it("names the severities of a file's issues in Russian (review r33: `quarantine`)", async () => {
    await setLang('ru');
    await page.goto(`${server!.url}#/evidence?id=${BANK}`);
    const severity = page.getByTestId('issue-severity').first();
    await severity.waitFor();
    expect(await severity.textContent()).toBe('в карантине');
    expect(await severity.getAttribute('title')).toBe('quarantine');
  });

  it('writes numbers the Russian way in the Russian UI and the English way in the English one (review r33)', async () => {
    await setLang('ru');
    await record(BANK, 'row:2');
    expect((await fields('transfers')).amount).toBe('15\u00a0000');
    await setLang('en');
    await record(BANK, 'row:2');
    expect((await fields('transfers')).amount).toBe('15,000');
    await setLang('ru');
  });

  it('raised no page errors', () => {
    expect(problems).toEqual([]);
  });
});
