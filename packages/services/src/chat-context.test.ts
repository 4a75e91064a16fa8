import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contextOfLabel, isContextLabel } from '@dragnet/core/labels/chat-context-pass.ts';
import type { MessageLabelRow } from '@dragnet/core/model/tables.ts';
import { MemoryStore } from '@dragnet/core/store/memory-store.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeCase } from './analyze-case.ts';
import { readFile } from 'node:fs/promises';
import { exportCase } from './export-case.ts';
import { EVIDENCE_DIR } from './case-folder.ts';
import { ingestFiles } from './ingest-files.ts';
import { listFlaggedMessages } from './list-messages.ts';

/** A Telegram export of one DM with a shop bot: one menu post (sale), then the buyer's short lines. */
function shopDm(): string {
  const msg = (id: number, from: 'bot' | 'buyer', text: string) => ({
    id,
    type: 'message',
    date: `2025-03-01T10:0${id}:00`,
    date_unixtime: String(1740823200 + id * 60),
    from: from === 'bot' ? 'Shop Bot' : 'Buyer',
    from_id: from === 'bot' ? 'user111' : 'user222',
    text,
  });
  return JSON.stringify({
    name: 'Shop Bot',
    type: 'bot_chat',
    id: 4242,
    messages: [
      msg(1, 'buyer', '/start'),
      msg(
        2,
        'bot',
        'Добро пожаловать в магазин! Выберите товар: 1) мефедрон 1г — 5000₸ 2) шишки АК-47 1г — 6000₸. Клад в течение часа после оплаты.',
      ),
      msg(3, 'buyer', '2'),
      msg(4, 'buyer', 'я оплатил'),
      msg(5, 'buyer', 'ну что где??'),
      msg(6, 'buyer', 'спасибо'),
    ],
  });
}

/** A bot chat's message ids carry the export's mailbox prefix (`5c65b4a2:3`). */
const local = (id: string) => id.slice(id.lastIndexOf(':') + 1);

/** Ingests one Telegram export into a fresh in-memory case; the directory goes when the suite ends. */
async function ingestExport(prefix: string, json: string) {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'result.json');
  await writeFile(file, json);
  await mkdir(join(dir, 'case', EVIDENCE_DIR), { recursive: true });
  const store = new MemoryStore();
  await store.init();
  const [result] = await ingestFiles(store, join(dir, 'case'), [file], { now: () => new Date('2026-01-01') });
  const rows: MessageLabelRow[] = [];
  for await (const l of store.scan('message_labels')) rows.push(l);
  return { store, result, rows };
}

describe('chat context at ingest', async () => {
  const { store, result, rows } = await ingestExport('dragnet-chat-', shopDm());

  it('stores the labels the chat gives, marked as context, with the message provenance', () => {
    expect(result?.format).toBe('telegram-json');
    const ctx = rows.filter(isContextLabel);
    // The buyer's closing `спасибо` is an acknowledgement: the rules never lift it; the conversation model may, as the
    // sets' authors may label it either way (conversation model 10 reads the exchange at 0.64).
    const byRules = ctx.filter((l) => !/read as a whole/.test(contextOfLabel(l)?.reason ?? ''));
    expect(byRules.map((l) => `${local(l.messageId)}:${l.label}`).sort()).toEqual([
      '1:sale',
      '3:sale',
      '4:sale',
      '5:sale',
    ]);
    for (const l of ctx.filter((x) => !byRules.includes(x))) expect(local(l.messageId)).toBe('6');
    const own = rows.filter((l) => !isContextLabel(l));
    expect(own.map((l) => `${local(l.messageId)}:${l.label}`)).toEqual(['2:sale']);
    expect(ctx.every((l) => l.evidenceId === result?.sha256)).toBe(true);
  });

  it('lists them under `messages --label sale` with the reason and the messages they rest on', async () => {
    const list = await listFlaggedMessages(store, { label: 'sale' });
    const menu = list.find((m) => local(m.messageId) === '2')!;
    const two = list.find((m) => m.text === '2')!;
    expect(two.labels).toHaveLength(1);
    expect(two.labels[0]!.context).toEqual({
      reason: expect.stringMatching(
        /two-person chat where tg:user:111 posted sale evidence: messages \S*:2;/,
      ),
      refs: [menu.messageId],
    });
    // Its terms are spans of the text only: the reason and anchors are in `context`, not posing as terms.
    expect(two.labels[0]!.terms).toEqual([]);
    expect(menu.labels[0]!.terms.length).toBeGreaterThan(0);
    // An acknowledgement is never the rules' (above); when listed, it is the conversation model's.
    const thanks = list.find((m) => m.text === 'спасибо');
    if (thanks) expect(thanks.labels[0]!.context?.reason).toMatch(/read as a whole as a sale conversation/);
    expect(menu.labels[0]!.context).toBeUndefined();
  });

  it('exports the chat, its users, messages, identifiers and labels as CSV with their provenance', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dragnet-tg-csv-'));
    try {
      const out = await exportCase(store, 'csv', dir);
      const read = async (name: string) => (await readFile(join(dir, name), 'utf8')).trim().split('\n');
      for (const name of [
        'telegram-chats.csv',
        'telegram-users.csv',
        'telegram-messages.csv',
        'telegram-labels.csv',
      ])
        expect(out.files).toContain(join(dir, name));
      const messages = await read('telegram-messages.csv');
      expect(messages[0]).toBe(
        'chat_id,message_id,timestamp,author_id,author_name,text,reply_to,forwarded_from,via_bot,edited,media_kind,action,evidence_id,locator',
      );
      expect(messages).toHaveLength(7);
      expect(messages.some((l) => l.includes('я оплатил') && l.includes(',message:4'))).toBe(true);
      const labels = await read('telegram-labels.csv');
      // The menu's own sale label lists its terms with offsets; the buyer's '2' has its label from the chat, with why.
      const menu = labels.find((l) => /,sale,/.test(l) && /мефедрон@\d+-\d+/.test(l));
      expect(menu).toBeDefined();
      expect(labels.some((l) => /,sale,[\d.]+,,"?message in a two-person/.test(l))).toBe(true);
      expect((await read('telegram-users.csv')).some((l) => l.startsWith('tg:user:222,'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('does not let context labels flag the channel: one own sale post is not enough', async () => {
    const findings = await analyzeCase(store, {
      caseName: 'chat',
      now: '2026-01-02T00:00:00Z',
      storeReports: false,
    });
    expect(findings.channels).toEqual([]);
  });
});

/** A shop bot's DM as the demo generates it: the menu, the shop's requisites and the stash address per order. */
function shopBotOrders(): string {
  const lines: Array<['bot' | 'buyer', string]> = [];
  for (const [district, card] of [
    ['Абайский', '4400 4305 6787 4943'],
    ['Туран', '4405 6383 9669 6866'],
  ] as const)
    lines.push(
      ['buyer', '/start'],
      ['bot', 'Выберите район:\n1. Абайский\n2. Туран'],
      ['buyer', district],
      ['bot', 'Доступно: товар A2 — 18 000 ₸, позиция №1 — 15 000 ₸'],
      ['buyer', 'позиция №1'],
      ['bot', `Реквизиты для оплаты (Kaspi): ${card}\nСумма: 15 000 ₸. Оплата в течение 30 минут`],
      ['buyer', 'оплатил, чек ниже'],
      ['bot', `Оплата получена. Адрес: ${district} р-н, 42.32213, 69.568583. Фото по ссылке`],
    );
  return JSON.stringify({
    name: 'Shop Bot',
    type: 'bot_chat',
    id: 4343,
    messages: lines.map(([from, text], i) => ({
      id: i + 1,
      type: 'message',
      date: `2025-03-01T10:${String(i).padStart(2, '0')}:00`,
      date_unixtime: String(1740823200 + i * 60),
      from: from === 'bot' ? 'Shop Bot' : 'Buyer',
      from_id: from === 'bot' ? 'user333' : 'user444',
      text,
    })),
  });
}

describe('chat context at ingest: the shop side of a bot DM (chat-4)', async () => {
  const { rows } = await ingestExport('dragnet-chat-bot-', shopBotOrders());

  it("lifts the buyer's lines and the bot's menus next to the shop's requisites and addresses", () => {
    const own = rows.filter((l) => !isContextLabel(l)).map((l) => `${local(l.messageId)}:${l.label}`);
    // Per order: the price list and (since model 21) the address after payment are `sale`, against a payment and a drop
    // report, all the shop's.
    expect(own.filter((x) => x.endsWith(':sale'))).toEqual(['4:sale', '8:sale', '12:sale', '16:sale']);
    expect(own.filter((x) => !x.endsWith(':sale')).length).toBeGreaterThanOrEqual(4);
    const ctx = rows.filter(isContextLabel).map((l) => `${local(l.messageId)}:${l.label}`);
    // Every buyer line (odd ids) and, since model 21 made the address a second sale post, the bot's district menus (2,
    // 10: a shop's menu is `sale` by the convention); since `chat-48` its requisites too (6, 14), which answer the buyer's
    // `позиция №1` (the order's requisites, `sale` and `payment` by the convention); none of its addresses.
    expect(ctx.sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10))).toEqual(
      ['1', '2', '3', '5', '6', '7', '9', '10', '11', '13', '14', '15'].map((id) => `${id}:sale`),
    );
  });
});

/**
 * A phone's full-account export (chat-23): a regular's coded DM with the phone's owner first, then the owner's shop
 * posts in two other chats. The DM has no line that is the trade's by itself and names no amount.
 */
function fullAccount(): string {
  const SHOP =
    'Витрина обновлена. Все позиции в наличии по городу: мастер-клады, магниты, прикоп. Заказ только через бота, оператор на связи с 10 до 02';
  let n = 0;
  const chat = (id: number, type: string, lines: Array<[string, string]>) => ({
    name: `chat ${id}`,
    type,
    id,
    messages: lines.map(([from, text]) => ({
      id: ++n,
      type: 'message',
      date: `2025-03-01T10:${String(n).padStart(2, '0')}:00`,
      date_unixtime: String(1740823200 + n * 60),
      from,
      from_id: `user${from === 'Dealer' ? 10 : 20 + id}`,
      text,
    })),
  });
  return JSON.stringify({
    about: 'Here is the data you requested.',
    personal_information: { user_id: 10, first_name: 'Dealer' },
    chats: {
      about: 'chats',
      list: [
        chat(9, 'personal_chat', [
          ['Regular', 'салам, на вечер есть?'],
          ['Dealer', 'есть. как обычно?'],
          ['Regular', 'да, как обычно'],
          ['Dealer', 'кидай на ту же карту'],
          ['Regular', 'скинул'],
          ['Dealer', 'жди, там же где в тот раз'],
        ]),
        chat(1, 'private_group', [
          ['Dealer', SHOP],
          ['Buyer', 'ок'],
        ]),
        chat(2, 'personal_chat', [
          ['Dealer', SHOP],
          ['Other', 'понял'],
        ]),
      ],
    },
  });
}

describe('chat context at ingest: sellers the whole export shows (chat-23)', async () => {
  const { store, result, rows } = await ingestExport('dragnet-chat-party-', fullAccount());

  it("gives the regular's coded DM `sale`, naming the owner as a seller of the same export", async () => {
    expect(result?.format).toBe('telegram-json');
    const dm = rows.filter((l) => isContextLabel(l) && l.chatId === 'tg:chat:9_10');
    expect(dm.map((l) => `${local(l.messageId)}:${l.label}`)).toEqual([
      '1:sale',
      '2:sale',
      '3:sale',
      '4:sale',
      '5:sale',
      '6:sale',
    ]);
    expect(dm.every((l) => l.evidenceId === result?.sha256)).toBe(true);
    const list = await listFlaggedMessages(store, { label: 'sale' });
    const line = list.find((m) => m.text === 'скинул')!;
    expect(line.labels[0]!.context?.reason).toMatch(
      /with tg:user:10 known as a seller in this export: 2 own sale messages in 2 chats \(tg:chat:1 #\S+:7, tg:chat:2_10 #\S+:9\)/,
    );
  });
});
