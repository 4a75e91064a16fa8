import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TableName, TableRows } from '@dragnet/core/model/tables.ts';
import { MemoryStore } from '@dragnet/core/store/memory-store.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { EVIDENCE_DIR } from './case-folder.ts';
import { ingestFiles } from './ingest-files.ts';
import { listFlaggedMessages } from './list-messages.ts';

/** Temporary folders the tests made, removed once the file's tests are done. */
const made: string[] = [];
afterAll(async () => {
  for (const d of made) await rm(d, { recursive: true, force: true });
});

/** One message per (chat, message id) across files (docs/formats/telegram.md, "One message per key"). */

async function newCase() {
  const dir = await mkdtemp(join(tmpdir(), 'dragnet-keys-'));
  made.push(dir);
  await mkdir(join(dir, 'case', EVIDENCE_DIR), { recursive: true });
  const store = new MemoryStore();
  await store.init();
  const ingest = async (
    files: Array<[string, string]>,
    inputs?: string[],
    onSkip?: (skipped: { path: string; reason: string }) => void,
  ) => {
    for (const [name, text] of files) {
      await mkdir(join(dir, name, '..'), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    return ingestFiles(
      store,
      join(dir, 'case'),
      (inputs ?? files.map(([n]) => n)).map((n) => join(dir, n)),
      {
        now: () => new Date('2026-01-01'),
        onCaseContext: false,
        ...(onSkip ? { onSkip } : {}),
      },
    );
  };
  const all = async <T extends TableName>(t: T): Promise<TableRows[T][]> => {
    const out: TableRows[T][] = [];
    for await (const r of store.scan(t)) out.push(r as TableRows[T]);
    return out;
  };
  return { store, ingest, all };
}

const msg = (id: number, from: string, fromId: string, text: string) => ({
  id,
  type: 'message',
  date: `2024-03-09T21:0${id}:00`,
  date_unixtime: String(1710000000 + id * 60),
  from,
  from_id: fromId,
  text,
});

const channel = (second: string) =>
  JSON.stringify({
    name: 'Example Shop Channel',
    type: 'public_channel',
    id: 1700000002,
    messages: [
      msg(1, 'Example Shop Channel', 'channel1700000002', 'Требуются курьеры-закладчики, 5000 за клад'),
      msg(2, 'Example Shop Channel', 'channel1700000002', second),
      msg(3, 'Example Shop Channel', 'channel1700000002', 'Пишите @example_op'),
    ],
  });

const key = (r: { chatId: string; messageId: string }) => `${r.chatId}#${r.messageId}`;

/** A private chat from the shop's phone: the buyer asks, the shop answers, then `more`. */
const shopChat = (...more: Array<ReturnType<typeof msg>>) => ({
  name: 'Шымкент Шоп',
  type: 'personal_chat',
  id: 7001,
  messages: [
    msg(1, 'Покупатель', 'user7002', 'Привет, есть что?'),
    msg(2, 'Шымкент Шоп', 'user7001', 'Есть меф 1г 15000тг. Клад в течение часа'),
    ...more,
  ],
});

describe('one message per key across files', () => {
  it('a channel exported twice is stored once; an edited copy is a version with its own labels', async () => {
    const { ingest, all, store } = await newCase();
    await ingest([['a/result.json', channel('Шишки 1г 6000, клад в течение часа')]]);
    const [r] = await ingest([['b/result.json', channel('Шишки 1г 6000, карта 4111 1111 1111 1111 EDITED')]]);
    expect(r?.issues.map((i) => i.reason).join('\n')).toMatch(
      /already stored from evidence .* kept as the version 2~/,
    );
    const messages = await all('messages');
    const keys = messages.map(key);
    expect(new Set(keys).size).toBe(keys.length);
    const v = `2~${r!.sha256.slice(0, 8)}`;
    expect(keys.sort()).toEqual(['1', '2', v, '3'].map((id) => `tg:chat:1700000002#${id}`).sort());
    expect(await all('chats')).toHaveLength(1);
    // Every mention and label belongs to the stored message of its key, from the same file.
    const byKey = new Map(messages.map((m) => [key(m), m]));
    for (const x of [...(await all('mentions')), ...(await all('message_labels'))]) {
      const m = byKey.get(key(x));
      expect(m?.evidenceId).toBe(x.evidenceId);
    }
    const card = (await all('mentions')).find((m) => m.identifier.startsWith('card:'));
    expect(card?.messageId).toBe(v);
    expect(byKey.get(`tg:chat:1700000002#${v}`)!.text.slice(card!.start, card!.end)).toBe(card!.raw);
    expect(await store.count('messages')).toBe(4);
  });

  it('in one run, a copy of a version another file of the run stored is not stored again', async () => {
    const { ingest, all } = await newCase();
    const edited = channel('Шишки 1г 6000, карта 4111 1111 1111 1111 EDITED');
    const [a, b, c] = await ingest([
      ['a/result.json', channel('Шишки 1г 6000, клад в течение часа')],
      ['b/result.json', edited],
      ['c/result.json', `${edited}\n`],
    ]);
    expect(a!.accepted).toBeGreaterThan(0);
    expect(b!.issues.map((i) => i.reason).join('\n')).toMatch(/kept as the version 2~/);
    // c holds the same messages as a and b: nothing of it is stored.
    expect(c!.issues.map((i) => i.reason).join('\n')).toMatch(/3 message\(s\) already stored/);
    expect((await all('messages')).filter((m) => m.evidenceId === c!.sha256)).toEqual([]);
    expect(await all('messages')).toHaveLength(4);
  });

  it("a private chat from both sides' phones is one chat stored once; two buyers' chats with one dealer stay two", async () => {
    const { ingest, all } = await newCase();
    // Telegram names a private chat by its other side, and numbers its messages in each phone's own message box.
    const dm = (id: number, title: string, ids: number[], extra: Array<Record<string, unknown>> = []) =>
      JSON.stringify({
        name: title,
        type: 'personal_chat',
        id,
        messages: [
          { ...msg(1, 'Ivan', 'user3001', 'Привет, есть на вечер?'), id: ids[0] },
          {
            ...msg(2, 'Boss', 'user1001', 'Переводи на 4400 4301 5827 3612, адрес после оплаты'),
            id: ids[1],
          },
          { ...msg(3, 'Ivan', 'user3001', 'скинул'), id: ids[2] },
          ...extra,
        ],
      });
    const buyer2 = JSON.stringify({
      name: 'Boss',
      type: 'personal_chat',
      id: 1001,
      messages: [
        msg(1, 'Petr', 'user3002', 'есть?'),
        msg(2, 'Boss', 'user1001', 'Карта 4400 4301 5827 3612'),
      ],
    });
    const [buyer] = await ingest([['buyer1/result.json', dm(1001, 'Boss', [51, 52, 53])]]);
    const [dealer, other] = await ingest([
      // The dealer's copy goes on after the buyer's export ended: its message 104 replies to his own box's 102.
      [
        'dealer/result.json',
        dm(
          3001,
          'Ivan',
          [101, 102, 103],
          [{ ...msg(4, 'Boss', 'user1001', 'жди'), id: 104, reply_to_message_id: 102 }],
        ),
      ],
      ['buyer2/result.json', buyer2],
    ]);
    expect(buyer!.accepted).toBeGreaterThan(0);
    expect(dealer!.issues.map((i) => i.reason).join('\n')).toMatch(
      /3 message\(s\) of private chats already stored from the other side's phone/,
    );
    expect(other!.issues.map((i) => i.reason).join('\n')).not.toMatch(/already stored/);
    const messages = await all('messages');
    expect(messages.map((m) => `${key(m)} ${m.replyTo}`).sort()).toEqual([
      'tg:chat:1001_3001#u1001:104 u3001:52',
      'tg:chat:1001_3001#u3001:51 null',
      'tg:chat:1001_3001#u3001:52 null',
      'tg:chat:1001_3001#u3001:53 null',
      'tg:chat:1001_3002#u3002:1 null',
      'tg:chat:1001_3002#u3002:2 null',
    ]);
    expect(new Set((await all('chats')).map((c) => c.chatId))).toEqual(
      new Set(['tg:chat:1001_3001', 'tg:chat:1001_3002']),
    );
    // Mentions and labels only on messages the case holds: the dealer's copies brought none of their own.
    const stored = new Set(messages.map(key));
    const refs = [...(await all('mentions')), ...(await all('message_labels'))];
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(stored.has(key(r))).toBe(true);
    expect(
      (await all('mentions'))
        .filter((m) => m.identifier === 'card:4400430158273612')
        .map(key)
        .sort(),
    ).toEqual(['tg:chat:1001_3001#u3001:52', 'tg:chat:1001_3002#u3002:2']);
  });

  it("a private-chat message edited on one side's phone is a version of the other side's copy, named what differs", async () => {
    const { ingest, all } = await newCase();
    const dm = (id: number, title: string, ids: [number, number], last: Record<string, unknown>) =>
      JSON.stringify({
        name: title,
        type: 'personal_chat',
        id,
        messages: [
          { ...msg(1, 'Boss', 'user1001', 'карта та же'), id: ids[0] },
          { ...msg(2, 'Ivan', 'user3001', 'Оплатил 15000'), id: ids[1], ...last },
        ],
      });
    await ingest([
      [
        'buyer/result.json',
        dm(1001, 'Boss', [51, 52], {
          text: 'Оплатил 16000',
          edited: '2024-03-09T21:09:00',
          edited_unixtime: '1710000540',
        }),
      ],
    ]);
    const [dealer] = await ingest([['dealer/result.json', dm(3001, 'Ivan', [101, 102], {})]]);
    const reasons = dealer!.issues.map((i) => i.reason).join('\n');
    expect(reasons).toMatch(
      /message u1001:102 of tg:chat:1001_3001 is the other side's phone's copy of message u3001:52 \(same author and time, evidence [0-9a-f]{12}…\) with a different text, edit mark \(an edit on one phone\): this copy is kept as the version u3001:52~[0-9a-f]{8}/,
    );
    expect(reasons).toMatch(/1 message\(s\) of private chats already stored from the other side's phone/);
    expect((await all('messages')).map((m) => `${key(m)} ${m.text}`).sort()).toEqual([
      `tg:chat:1001_3001#u3001:51 карта та же`,
      `tg:chat:1001_3001#u3001:52 Оплатил 16000`,
      `tg:chat:1001_3001#u3001:52~${dealer!.sha256.slice(0, 8)} Оплатил 15000`,
    ]);
  });

  it("one phone's private chat: a minified copy and a truncated file add nothing", async () => {
    const { ingest, all } = await newCase();
    const chat = shopChat(msg(3, 'Покупатель', 'user7002', 'Давай меф 2г'));
    const pretty = JSON.stringify(chat, null, 1);
    await ingest([['cut/result.json', pretty.slice(0, pretty.indexOf('"id": 3'))]]);
    await ingest([
      ['full/result.json', pretty],
      ['min.json', JSON.stringify(chat)],
    ]);
    const keys = (await all('messages')).map(key).sort();
    expect(keys).toEqual(['u7002:1', 'u7002:2', 'u7002:3'].map((id) => `tg:chat:7001_7002#${id}`));
    const labels = await all('message_labels');
    expect(new Set(labels.map((l) => `${key(l)}/${l.label}`)).size).toBe(labels.length);
  });

  it('a chat read over two files gets at least the labels it gets read whole, on the stored messages', async () => {
    const chat = shopChat(
      msg(3, 'Покупатель', 'user7002', 'Давай 2г'),
      msg(4, 'Покупатель', 'user7002', 'Скинул, жду'),
    );
    const pretty = JSON.stringify(chat, null, 1);
    const labelsOf = async (c: Awaited<ReturnType<typeof newCase>>) =>
      new Set((await c.all('message_labels')).map((l) => `${l.messageId}/${l.label}`));
    const whole = await newCase();
    await whole.ingest([['full/result.json', pretty]]);
    const expected = await labelsOf(whole);
    // The buyer's opening line is the trade's only by the dealer's answer after it.
    expect(expected).toContain('u7002:1/sale');
    const split = await newCase();
    await split.ingest([['cut/result.json', pretty.slice(0, pretty.indexOf('"id": 2'))]]);
    expect(await labelsOf(split)).not.toContain('u7002:1/sale');
    await split.ingest([['full/result.json', pretty]]);
    const got = await labelsOf(split);
    for (const l of expected) expect(got).toContain(l);
    // Each label is stored once, on the message the case holds (its evidence and locator).
    const labels = await split.all('message_labels');
    expect(new Set(labels.map((l) => `${key(l)}/${l.label}`)).size).toBe(labels.length);
    const byKey = new Map((await split.all('messages')).map((m) => [key(m), m]));
    for (const l of labels) {
      expect(byKey.get(key(l))?.evidenceId).toBe(l.evidenceId);
      expect(byKey.get(key(l))?.locator).toBe(l.locator);
    }
  });

  it('HTML groups with one title in two export folders stay two chats; labels stay on their own text', async () => {
    const { ingest, all, store } = await newCase();
    const page = (author: string, text: string) =>
      `<!DOCTYPE html><html><head><meta charset="utf-8"/><title>Exported Data</title></head><body><div class="page_wrap">
<div class="page_header"><div class="content"><div class="text bold">
Работа
</div></div></div><div class="page_body chat_page"><div class="history">
<div class="message service" id="message-1"><div class="body details">
1 April 2024
</div></div>
<div class="message service" id="message1"><div class="body details">
${author} created group &laquo;Работа&raquo; with members Вася, Петя
</div></div>
<div class="message default clearfix" id="message2"><div class="body">
<div class="pull_right date details" title="01.04.2024 10:00:00 UTC+05:00">10:00</div>
<div class="from_name">
${author}
</div>
<div class="text">
${text}
</div></div></div>
</div></div></div></body></html>`;
    await ingest(
      [
        ['ChatExport_2024-04-01/messages.html', page('Админ0', 'Группа A: набираем курьеров, 5000 за клад')],
        ['ChatExport_2024-04-02/messages.html', page('Админ1', 'Группа B: продаём меф 1г 15000')],
      ],
      ['ChatExport_2024-04-01', 'ChatExport_2024-04-02'],
    );
    const chats = await all('chats');
    expect(chats).toHaveLength(2);
    expect(new Set(chats.map((c) => c.chatId)).size).toBe(2);
    // A chat of the same title exported again later (another folder, one text changed): kept apart, with a warning.
    const [again] = await ingest(
      [['ChatExport_2024-04-05/messages.html', page('Админ0', 'Группа A: набираем курьеров, 6000 за клад')]],
      ['ChatExport_2024-04-05'],
    );
    expect(again!.issues.map((i) => i.reason).join('\n')).toMatch(
      /an HTML chat titled "Работа" is already in the case from another folder \(tg:chat:html-[0-9a-f]+\): if this is the same chat exported again, its messages are stored twice/,
    );
    expect(await all('chats')).toHaveLength(3);
    const keys = (await all('messages')).map(key);
    expect(new Set(keys).size).toBe(keys.length);
    const flagged = await listFlaggedMessages(store);
    const b = flagged.find((m) => m.text.startsWith('Группа B'));
    expect(b?.labels.map((l) => l.label)).not.toContain('recruitment');
    for (const m of flagged)
      for (const l of m.labels)
        for (const t of l.terms) expect(m.text.slice(t.start, t.end).length).toBeGreaterThan(0);
  });

  it('"HTML and JSON" in one folder: the JSON is ingested, its HTML pages are skipped with the reason', async () => {
    const { ingest, all } = await newCase();
    const page = (title: string, n: number, text: string) =>
      `<!DOCTYPE html><html><head><meta charset="utf-8"/><title>Exported Data</title></head><body><div class="page_wrap">
<div class="page_header"><div class="content"><div class="text bold">
${title}
</div></div></div><div class="page_body chat_page"><div class="history">
<div class="message default clearfix" id="message${n}"><div class="body">
<div class="pull_right date details" title="09.03.2024 21:0${n}:00 UTC+05:00">21:0${n}</div>
<div class="from_name">
Example Shop Channel
</div>
<div class="text">
${text}
</div></div></div>
</div></div></div></body></html>`;
    const skipped: Array<[string, string]> = [];
    const json = JSON.stringify({
      name: 'Shop & Co',
      type: 'public_channel',
      id: 7001,
      messages: [msg(1, 'Shop', 'channel7001', 'первый пост'), msg(2, 'Shop', 'channel7001', 'второй пост')],
    });
    const results = await ingest(
      [
        ['phone/Export/result.json', json],
        // The same chat's pages (the exporter escapes the title's `&`).
        ['phone/Export/messages.html', page('Shop &amp; Co', 1, 'первый пост')],
        ['phone/Export/messages2.html', page('Shop &amp; Co', 2, 'второй пост')],
        // Another chat's HTML export in the same phone folder: ingested.
        ['phone/Other/messages.html', page('Семья', 1, 'ужин в 7')],
      ],
      ['phone'],
      (x) => skipped.push([x.path, x.reason]),
    );
    expect(results.map((r) => r.format).sort()).toEqual(['telegram-html', 'telegram-json']);
    expect(skipped.map(([p]) => p).sort()).toEqual(['Export/messages.html', 'Export/messages2.html']);
    expect(skipped[0]![1]).toMatch(/result\.json in the same folder holds the same chat \("Shop & Co"\)/);
    expect((await all('chats')).map((c) => c.title).sort()).toEqual(['Shop & Co', 'Семья']);
    expect(await all('messages')).toHaveLength(3);
  });

  it('a JSON chat and an HTML chat of one title ingested apart: the second says the messages may be stored twice', async () => {
    const { ingest } = await newCase();
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"/></head><body><div class="page_wrap">
<div class="page_header"><div class="content"><div class="text bold">Example Shop Channel</div></div></div>
<div class="page_body chat_page"><div class="history">
<div class="message default clearfix" id="message1"><div class="body">
<div class="pull_right date details" title="09.03.2024 21:01:00 UTC+05:00">21:01</div>
<div class="from_name">Example Shop Channel</div><div class="text">первый пост</div></div></div>
</div></div></div></body></html>`;
    const [first] = await ingest([['a/messages.html', html]]);
    expect(first!.issues.map((i) => i.reason).join('\n')).not.toMatch(/stored twice/);
    const [json] = await ingest([['b/result.json', channel('второй пост')]]);
    expect(json!.issues.map((i) => i.reason).join('\n')).toMatch(
      /an HTML chat titled "Example Shop Channel" is already in the case \(tg:chat:html-[0-9a-f]+\): if this is the same chat exported again, its messages are stored twice/,
    );
    // (Another copy: the same bytes would be the same evidence file, already in.)
    const [again] = await ingest([['c/messages.html', html.replace('первый пост', 'первый пост!')]]);
    expect(again!.issues.map((i) => i.reason).join('\n')).toMatch(
      /a chat titled "Example Shop Channel" is already in the case from a JSON export \(tg:chat:\d+\)/,
    );
  });

  it('an HTML private chat titled like a JSON one between two known people names them, not the JSON to keep', async () => {
    const { ingest } = await newCase();
    await ingest([['buyer/result.json', JSON.stringify(shopChat())]]);
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"/></head><body><div class="page_wrap">
<div class="page_header"><div class="content"><div class="text bold">Шымкент Шоп</div></div></div>
<div class="page_body chat_page"><div class="history">
<div class="message default clearfix" id="message1"><div class="body">
<div class="pull_right date details" title="09.03.2024 21:01:00 UTC+05:00">21:01</div>
<div class="from_name">Шымкент Шоп</div><div class="text">есть всё</div></div></div>
<div class="message default clearfix" id="message2"><div class="body">
<div class="pull_right date details" title="09.03.2024 21:02:00 UTC+05:00">21:02</div>
<div class="from_name">Курьер</div><div class="text">понял</div></div></div>
</div></div></div></body></html>`;
    const [page] = await ingest([['courier/messages.html', html]]);
    const reasons = page!.issues.map((i) => i.reason).join('\n');
    expect(reasons).toMatch(
      /a private chat titled "Шымкент Шоп" is already in the case from a JSON export \(tg:chat:7001_7002, between tg:user:7001 and tg:user:7002\): if this HTML is one of those two people's phones, the conversation is stored twice/,
    );
    expect(reasons).not.toMatch(/ingest the JSON export alone/);
  });

  it("an author's display name changed between two exports: the same message, not a version", async () => {
    const { ingest, all } = await newCase();
    const group = (boss: string, text: string) =>
      JSON.stringify({
        name: 'Склад 2',
        type: 'private_supergroup',
        id: 6000002,
        messages: [msg(1, 'Kurier', 'user4002', 'На месте'), msg(2, boss, 'user1001', text)],
      });
    await ingest([['new/result.json', group('Boss Main', 'Принял.')]]);
    // The old phone shows the same account under its old name: no version, both messages already stored.
    const [renamed] = await ingest([['old/result.json', group('Босс', 'Принял.')]]);
    const reasons = renamed!.issues.map((i) => i.reason).join('\n');
    expect(reasons).toMatch(/2 message\(s\) already stored from another file/);
    expect(reasons).not.toMatch(/version/);
    expect((await all('messages')).map((m) => m.messageId).sort()).toEqual(['1', '2']);
    // Another text is a version, and the warning names the text alone as what differs.
    const [edited] = await ingest([['edit/result.json', group('Босс', 'Принял, еду.')]]);
    const version = edited!.issues.find((i) => i.reason.includes('kept as the version'));
    expect(version?.reason).toMatch(/with a different text \(an edit/);
    // A copy without the author's id is another export (a name alone): the author differs, and says so.
    const noId = JSON.parse(group('Boss Main', 'Принял.'));
    delete noId.messages[1].from_id;
    const [named] = await ingest([['named/result.json', JSON.stringify(noId)]]);
    expect(named!.issues.find((i) => i.reason.includes('kept as the version'))?.reason).toMatch(
      /with a different author \(an edit/,
    );
  });

  it('a service message exported from two phones gives one membership (one event, one link)', async () => {
    const { ingest, all } = await newCase();
    const service = (id: number, action: string, extra: Record<string, unknown> = {}) => ({
      id,
      type: 'service',
      date: `2024-05-0${id}T09:00:00`,
      date_unixtime: String(1714000000 + id * 86400),
      actor: 'Boss Main',
      actor_id: 'user1001',
      action,
      text: '',
      ...extra,
    });
    const group = (...ids: number[]) =>
      JSON.stringify({
        name: 'Склад 2',
        type: 'private_supergroup',
        id: 6000002,
        messages: [
          service(1, 'edit_group_title', { title: 'Склад 2' }),
          msg(2, 'Kurier', 'user4002', 'Понял'),
          service(3, 'edit_group_photo'),
        ].filter((m) => ids.includes(m.id)),
      });
    await ingest([['phone1/result.json', group(1, 2)]]);
    const [phone5] = await ingest([['phone5/result.json', group(1, 2, 3)]]);
    const admin = (await all('memberships')).filter((m) => m.role === 'admin');
    // Message 1 is held by both phones: its Admin membership once, from the first; message 3 is phone5's own.
    expect(admin.map((m) => [m.locator, m.evidenceId === phone5!.sha256])).toEqual([
      ['message:1', false],
      ['message:3', true],
    ]);
  });
});
