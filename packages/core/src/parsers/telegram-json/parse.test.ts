import { describe, expect, it } from 'vitest';
import type { TableName, TableRows } from '../../model/tables.ts';
import type { ParseItem } from '../parser.ts';
import { detectTelegramJson } from './detect.ts';
import { flattenText } from './flatten-text.ts';
import { JsonWalker } from './json-stream.ts';
import { mailboxMessageId } from './mailbox-id.ts';
import { parseTelegramJson } from './parse.ts';

const FIXTURES = new URL('../../../../../../shared/fixtures/third-party/telegram/', import.meta.url);
const enc = new TextEncoder();

async function readText(url: URL): Promise<string> {
  // Core is pure: tests read files through the platform's fetch-free path via dynamic import of node:fs.
  const fs = await import('node:fs/promises');
  return fs.readFile(url, 'utf8');
}

/** Splits the bytes into small chunks so that values straddle chunk borders. */
async function* chunked(bytes: Uint8Array, size = 37): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function parse(text: string, fileName = 'result.json', size = 37): Promise<ParseItem[]> {
  const out: ParseItem[] = [];
  for await (const it of parseTelegramJson(chunked(enc.encode(text), size), { evidenceId: 'ev1', fileName }))
    out.push(it);
  return out;
}

function rows<T extends TableName>(items: ParseItem[], table: T): TableRows[T][] {
  const out: TableRows[T][] = [];
  for (const i of items)
    if (i.kind === 'record' && i.record.table === table) out.push(i.record.row as TableRows[T]);
  return out;
}
/** Saved Messages and private chats number their messages per account: ids are qualified with the file. */
const own = (id: string | number) => mailboxMessageId('ev1', id);
const issues = (items: ParseItem[]) => items.flatMap((i) => (i.kind === 'issue' ? [i.issue] : []));

async function fixture(name: string): Promise<{ text: string; items: ParseItem[] }> {
  const text = await readText(new URL(name, FIXTURES));
  return { text, items: await parse(text, name) };
}

describe('telegram-json: third-party 2020–21 exports', () => {
  const cases: Array<[string, number, number]> = [
    ['innerdvations_bot.json', 2, 0],
    ['innerdvations_personal.json', 0, 0],
    ['innerdvations_private_channel.json', 5, 2],
    ['innerdvations_public_channel.json', 5, 2],
    ['innerdvations_private_group.json', 1, 1],
    ['innerdvations_public_supergroup.json', 1, 3],
    ['innerdvations_saved.json', 20, 1],
    ['innerdvations_users_test.json', 8, 1],
  ];
  for (const [name, plain, service] of cases) {
    it(`${name}: ${plain} messages and ${service} service messages, no errors`, async () => {
      const { text, items } = await fixture(name);
      const msgs = rows(items, 'messages');
      expect(msgs.filter((m) => m.action === null)).toHaveLength(plain);
      expect(msgs.filter((m) => m.action !== null)).toHaveLength(service);
      expect(issues(items).filter((i) => i.severity !== 'warning')).toEqual([]);
      // Counts agree with a plain JSON.parse of the whole file.
      expect(msgs).toHaveLength((JSON.parse(text) as { messages: unknown[] }).messages.length);
      expect(rows(items, 'chats')).toHaveLength(1);
    });
  }

  it('flattened text equals the concatenated parts', async () => {
    const { text, items } = await fixture('innerdvations_saved.json');
    const src = (JSON.parse(text) as { messages: Array<{ id: number; text: unknown }> }).messages;
    const msgs = rows(items, 'messages');
    for (const m of src) {
      const expected =
        typeof m.text === 'string'
          ? m.text
          : (m.text as Array<string | { text: string }>)
              .map((p) => (typeof p === 'string' ? p : p.text))
              .join('');
      expect(msgs.find((r) => r.messageId === own(m.id))?.text).toBe(expected);
    }
    expect(msgs.find((m) => m.messageId === own(173430))?.text).toBe(
      'bold italic strikethrough underline @person http://google.com monospace http://mystery.knightlab.com/',
    );
  });

  it('replies resolve to messages of the same chat, except the one pointing at a missing message', async () => {
    const { items } = await fixture('innerdvations_saved.json');
    const msgs = rows(items, 'messages');
    const ids = new Set(msgs.map((m) => m.messageId));
    const replies = msgs.filter((m) => m.replyTo !== null);
    expect(replies.map((r) => r.replyTo)).toEqual([own(6)]);
    expect(replies.every((r) => ids.has(r.replyTo!))).toBe(true);
    const users = await fixture('innerdvations_users_test.json');
    const um = rows(users.items, 'messages');
    const uids = new Set(um.map((m) => m.messageId));
    expect(um.filter((m) => m.replyTo !== null).every((m) => uids.has(m.replyTo!))).toBe(true);
  });

  it('maps old numeric from_id, forwards, via_bot, media and the channel posting as itself', async () => {
    const { items } = await fixture('innerdvations_private_channel.json');
    const post = rows(items, 'messages').find((m) => m.messageId === '2')!;
    expect(post.chatId).toBe('tg:chat:10036995664');
    expect(post.authorId).toBe('tg:chat:10036995664');
    expect(rows(items, 'chats')[0]).toMatchObject({ type: 'channel', title: 'test' });
    const poll = rows(items, 'messages').find((m) => m.messageId === '5')!;
    expect(poll.mediaKind).toBe('poll');
    const saved = await fixture('innerdvations_saved.json');
    const sm = rows(saved.items, 'messages');
    expect(sm.find((m) => m.messageId === own(226106))).toMatchObject({
      viaBot: 'tg:@gif',
      mediaKind: 'animation',
      authorId: 'tg:user:9999999999',
    });
    expect(sm.find((m) => m.messageId === own(323662))?.forwardedFrom).toBe('ForwardedFrom Person');
    expect(sm.find((m) => m.messageId === own(173429))?.mediaKind).toBe('photo');
    expect(sm[0]?.timestamp).toBe('2020-08-01T22:01:49.000Z');
    expect(issues(saved.items).some((i) => /no time zone/.test(i.reason))).toBe(true);
  });

  it('group creation gives the creator a membership', async () => {
    const { items } = await fixture('innerdvations_private_group.json');
    expect(rows(items, 'memberships')).toContainEqual(
      expect.objectContaining({
        userId: 'tg:user:9999999999',
        chatId: 'tg:chat:9999999999',
        role: 'creator',
      }),
    );
  });

  it('error.json (missing comma) gives one clear error naming the line, no crash', async () => {
    const { items } = await fixture('innerdvations_error.json');
    const errs = issues(items).filter((i) => i.severity === 'error');
    expect(errs).toHaveLength(1);
    expect(errs[0]!.reason).toMatch(/not valid JSON.*line 5/);
    expect(errs[0]!.locator).toBe('line:5');
    expect(rows(items, 'messages')).toHaveLength(0);
  });

  it('an empty or whitespace-only file gives one error, "empty file (0 bytes)", and no other', async () => {
    for (const [text, reason] of [
      ['', 'result.json: empty file (0 bytes)'],
      [' \n\t\r\n', 'result.json: empty file (5 bytes, only whitespace)'],
      ['\uFEFF\n', 'result.json: empty file (4 bytes, only whitespace)'],
    ] as const) {
      const items = await parse(text);
      expect(items).toEqual([
        {
          kind: 'issue',
          issue: { evidenceId: 'ev1', locator: 'file', severity: 'error', reason, raw: null },
          stopped: true,
        },
      ]);
    }
  });

  it('a file cut off before its first chat gives the one error of where it stopped, not also "not a Telegram export"', async () => {
    const errs = issues(await parse('{"name":"x","type":"personal_chat","id":5,"messag'));
    expect(errs.map((i) => [i.locator, i.reason])).toEqual([
      [
        'line:1',
        expect.stringMatching(
          /^result\.json is not valid JSON: unexpected end of file inside a key at line 1/,
        ),
      ],
    ]);
  });

  it('a message of 10 MB of one unbroken word is read and stored whole, without re-reading it per slice', async () => {
    const word = 'x'.repeat(10 * 1024 * 1024);
    const json = `{\n "name": "G",\n "type": "private_group",\n "id": 78,\n "messages": [\n  {\n   "id": 1,\n   "type": "message",\n   "date": "2024-01-01T10:00:00",\n   "date_unixtime": "1704103200",\n   "from": "A",\n   "from_id": "user1",\n   "text": "${word}",\n   "text_entities": [{"type": "plain", "text": "${word}"}]\n  },\n  {\n   "id": 2,\n   "type": "message",\n   "date": "2024-01-01T10:00:01",\n   "date_unixtime": "1704103201",\n   "from": "A",\n   "from_id": "user1",\n   "text": "карта 4400 4301 2345 6780",\n   "text_entities": [{"type": "plain", "text": "карта 4400 4301 2345 6780"}]\n  }\n ]\n}\n`;
    const items = await parse(json, 'result.json', 1 << 20);
    const messages = rows(items, 'messages');
    expect(messages.map((m) => m.text.length)).toEqual([word.length, 25]);
    expect(issues(items).filter((i) => i.severity !== 'warning')).toEqual([]);
  }, 60_000);

  it('service fields Telegram writes are not reported as unknown; a "text" of a wrong type beside text_entities is', async () => {
    const svc = (id: number, action: string, extra: string) =>
      `{"id":${id},"type":"service","date":"2024-01-01T10:00:0${id}","date_unixtime":"${1704103200 + id}","actor":"A","actor_id":"user1","action":"${action}",${extra}"text":"","text_entities":[]}`;
    const json = `{"name":"G","type":"private_group","id":77,"messages":[${[
      svc(1, 'send_payment', '"amount":500,"currency":"KZT","invoice_message_id":3,"recurring":"init",'),
      svc(2, 'score_in_game', '"game_message_id":3,"score":120,'),
      svc(3, 'proximity_reached', '"from":"A","from_id":"user1","to":"B","to_id":"user2","distance":50,'),
      '{"id":4,"type":"message","date":"2024-01-01T10:00:04","date_unixtime":"1704103204","from":"A","from_id":"user1","text":12345,"text_entities":[{"type":"plain","text":"карта 4400 4301 2345 6780"}]}',
    ].join(',')}]}`;
    const items = await parse(json);
    const reasons = issues(items).map((i) => `${i.locator} ${i.reason}`);
    expect(reasons.filter((r) => /unknown message field/.test(r))).toEqual([]);
    expect(reasons).toContainEqual(
      expect.stringMatching(
        /"text" of type number \(expected a string or an array\); the text its "text_entities" spell is stored/,
      ),
    );
    expect(rows(items, 'messages').map((m) => m.text)).toContain('карта 4400 4301 2345 6780');
  });

  it('error-unexpected.json (wrong types, unknown keys) gives warnings and quarantines, keeps the rest', async () => {
    const { items } = await fixture('innerdvations_error-unexpected.json');
    const iss = issues(items);
    const reasons = iss.map((i) => i.reason).join('\n');
    expect(reasons).toMatch(/unknown message type "ERROR:wrong_type"/);
    expect(reasons).toMatch(/peer id "ERROR:from is string"/);
    expect(reasons).toMatch(/"text" of type object/);
    expect(reasons).toMatch(/unknown message field "ERROR:saved_from"/);
    expect(reasons).toMatch(/unknown media_type "ERROR:media_type"/);
    expect(reasons).toMatch(/duplicate message id 173429/);
    expect(iss.filter((i) => i.severity === 'quarantine')).toHaveLength(1);
    expect(iss.find((i) => i.severity === 'quarantine')?.locator).toBe('messages[7]');
    expect(rows(items, 'messages')).toHaveLength(15);
    expect(iss.some((i) => i.severity === 'error')).toBe(false);
  });
});

describe('telegram-json: issues name the line where their message starts', () => {
  it('error-unexpected.json: the quarantined message and each warning name their line, whatever the chunking', async () => {
    const text = await readText(new URL('innerdvations_error-unexpected.json', FIXTURES));
    for (const size of [7, 37, 4093, 1 << 20]) {
      const iss = issues(await parse(text, 'innerdvations_error-unexpected.json', size));
      // The message without an id: its "{" stands on line 96 ("ERROR:id" on 97).
      const q = iss.find((i) => i.severity === 'quarantine')!;
      expect(q.locator).toBe('messages[7]');
      expect(q.reason).toMatch(/\(line 96\)$/);
      const field = iss.find((i) => i.reason.includes('"ERROR:saved_from"'))!;
      expect(field.locator).toBe('message:176390');
      expect(field.reason).toMatch(/\(line 53\)$/);
      expect(iss.find((i) => i.reason.includes('"ERROR:media_type"'))!.reason).toMatch(/\(line 71\)$/);
      // File-level findings name no line.
      expect(iss.filter((i) => i.locator === 'file').every((i) => !/\(line \d+\)/.test(i.reason))).toBe(true);
    }
  });

  it('counts the lines of skipped sections and of earlier chats in a full-account export', async () => {
    const skipped = Array.from({ length: 3000 }, (_, i) => `    {"ip": "10.0.0.${i % 250}", "n": ${i}}`).join(
      ',\n',
    );
    const msg = (id: number) =>
      `        {\n         "id": ${id},\n         "type": "message",\n         "date": "2025-01-01T10:00:00",\n         "date_unixtime": "1735725600",\n         "from": "A",\n         "from_id": "user1",\n         "text": "hi"\n        }`;
    const text = [
      '{',
      ' "about": "Here is the data you requested",',
      ` "sessions": {\n  "list": [\n${skipped}\n  ]\n },`,
      ' "chats": {',
      '  "list": [',
      '   {',
      '    "name": "C", "type": "public_channel", "id": 42,',
      '    "messages": [',
      `${msg(1)},\n${msg(2)},`,
      '        {\n         "id": 3,\n         "type": "message",\n         "date": "nope"\n        }',
      '    ]',
      '   }',
      '  ]',
      ' }',
      '}',
    ].join('\n');
    const lines = text.split('\n');
    const want = lines.findIndex((l) => l.includes('"id": 3,')); // 0-based line after its "{"
    for (const size of [61, 4093, 1 << 20]) {
      const iss = issues(await parse(text, 'result.json', size));
      const bad = iss.filter((i) => i.locator === 'chat:42/message:3');
      expect(bad.length).toBeGreaterThan(0);
      for (const i of bad) expect(i.reason).toMatch(new RegExp(`\\(line ${want}\\)$`));
    }
    // A syntax error after the skipped section names its own line too.
    const broken = text.replace('\n    ]\n   }', '\n    ] x\n   }');
    const errLine = broken.split('\n').indexOf('    ] x') + 1;
    for (const size of [61, 4093]) {
      const err = issues(await parse(broken, 'result.json', size)).find((i) => i.severity === 'error')!;
      expect(err.locator).toBe(`line:${errLine}`);
    }
  });
});

describe('telegram-json: current format (own synthetic sample)', () => {
  const TD = new URL('./testdata/', import.meta.url);

  it('stores exact instants, edits, replies, forwards and typed-entity mentions', async () => {
    const items = await parse(await readText(new URL('current-channel.json', TD)));
    const msgs = rows(items, 'messages');
    expect(msgs).toHaveLength(8);
    const m2 = msgs.find((m) => m.messageId === '2')!;
    expect(m2).toMatchObject({
      timestamp: '2024-01-15T10:05:00.000Z',
      edited: '2024-01-15T10:06:00.000Z',
      authorId: 'tg:user:5000001',
    });
    const mentions = rows(items, 'mentions');
    const of = (id: string) => mentions.filter((x) => x.messageId === id);
    const card = of('2').find((x) => x.kind === 'card')!;
    expect(m2.text.slice(card.start, card.end)).toBe('4111 1111 1111 1111');
    expect(card.source).toBe('entity');
    const phone = of('2').find((x) => x.kind === 'phone')!;
    expect(m2.text.slice(phone.start, phone.end)).toBe('+7 701 000 0000');
    expect(of('2').find((x) => x.kind === 'tg')).toMatchObject({
      identifier: 'tg:@example_shop_bot',
      validated: true,
    });
    // A digit string failing Luhn is never a card: kept as an unverified mention only.
    const bad = of('3').find((x) => x.source === 'entity')!;
    expect(bad.validated).toBe(false);
    expect(bad.identifier.startsWith('card:')).toBe(false);
    expect(of('4').map((x) => x.identifier)).toEqual(
      expect.arrayContaining(['tg:user:5000003', 'https://example.org/x']),
    );
    expect(of('5').find((x) => x.kind === 'coordinates')?.identifier).toBe('geo:42.341700,69.590100');
    expect(of('7').some((x) => x.kind === 'phone' && x.raw === '+77010000001')).toBe(true);
    const m4 = msgs.find((m) => m.messageId === '4')!;
    expect(m4).toMatchObject({
      forwardedFrom: 'Other Channel',
      viaBot: 'tg:@example_inline_bot',
      text: 'Courier Example, смотри тут',
    });
    expect(msgs.find((m) => m.messageId === '3')?.replyTo).toBe('2');
    expect(msgs.find((m) => m.messageId === '5')?.mediaKind).toBe('location');
    expect(issues(items)).toEqual([]);
  });

  it('flattened text equals the concatenated text_entities, and the text parts where both exist', async () => {
    const text = await readText(new URL('current-channel.json', TD));
    const src = (
      JSON.parse(text) as {
        messages: Array<{ id: number; text: unknown; text_entities: Array<{ text: string }> }>;
      }
    ).messages;
    const msgs = rows(await parse(text), 'messages');
    for (const m of src) {
      const flat = m.text_entities.map((e) => e.text).join('');
      expect(msgs.find((r) => r.messageId === String(m.id))?.text).toBe(flat);
      if (Array.isArray(m.text)) {
        expect(
          (m.text as Array<string | { text: string }>)
            .map((p) => (typeof p === 'string' ? p : p.text))
            .join(''),
        ).toBe(flat);
      }
    }
  });

  it('derives memberships and users from service actions and authors', async () => {
    const items = await parse(await readText(new URL('current-channel.json', TD)));
    const ms = rows(items, 'memberships').map((m) => `${m.userId}:${m.role}`);
    expect(ms).toEqual(
      expect.arrayContaining(['tg:user:5000001:creator', 'tg:user:5000004:member', 'tg:user:5000002:poster']),
    );
    // Pinning in a group is not proof of admin rights.
    expect(ms).not.toContain('tg:user:5000001:admin');
    const users = rows(items, 'tg_users');
    // A mention_name makes the account known, not its name: the text is the writer's ("Шефу", a nickname); the
    // Mentions row keeps it as written.
    expect(users.filter((u) => u.userId === 'tg:user:5000003' && u.locator === 'message:4')).toEqual([
      expect.objectContaining({ username: null, displayName: null, phone: null }),
    ]);
    // The name he chose: as the author of message 5.
    expect(users).toContainEqual(
      expect.objectContaining({
        userId: 'tg:user:5000003',
        displayName: 'Courier Example',
        locator: 'message:5',
      }),
    );
    expect(rows(items, 'mentions')).toContainEqual(
      expect.objectContaining({ identifier: 'tg:user:5000003', raw: 'Courier Example' }),
    );
  });

  it('inviting makes nobody a member: not the inviter, and not the invited (names only)', async () => {
    const service = (id: number, action: string, extra: Record<string, unknown>) => ({
      id,
      type: 'service',
      date: '2024-04-20T09:00:00',
      date_unixtime: String(1713585600 + id),
      actor: 'Boss Main',
      actor_id: 'user1001',
      action,
      text: '',
      text_entities: [],
      ...extra,
    });
    const items = await parse(
      JSON.stringify({
        name: 'Склад',
        type: 'private_group',
        id: 600001,
        messages: [
          service(1, 'invite_members', { members: ['Kurier Dva'] }),
          {
            ...service(2, 'join_group_by_link', { inviter: 'Boss Main' }),
            actor: 'Kurier Tri',
            actor_id: 'user4003',
          },
        ],
      }),
    );
    expect(rows(items, 'memberships').map((m) => `${m.userId}:${m.role}`)).toEqual(['tg:user:4003:member']);
    expect(rows(items, 'messages').map((m) => m.action)).toEqual(['invite_members', 'join_group_by_link']);
  });

  it('labels messages through the lexicon', async () => {
    const items = await parse(await readText(new URL('current-channel.json', TD)));
    const labels = rows(items, 'message_labels');
    expect(labels.find((l) => l.messageId === '7')).toMatchObject({
      label: 'sale',
      chatId: 'tg:chat:1700000001',
    });
    expect(labels.filter((l) => l.messageId === '4')).toEqual([]);
  });

  it('full-account export: every chat, prefixed locators, users with phones, ignored sections skipped', async () => {
    const items = await parse(await readText(new URL('full-account.json', TD)), 'result.json', 53);
    const chats = rows(items, 'chats');
    expect(chats.map((c) => `${c.chatId}:${c.type}`)).toEqual([
      'tg:chat:5000001_5000003:private',
      'tg:chat:1700000002:channel',
      'tg:chat:1700000003:supergroup',
    ]);
    const msgs = rows(items, 'messages');
    expect(msgs.map((m) => m.locator)).toEqual([
      'chat:5000003/message:10',
      'chat:5000003/message:11',
      'chat:1700000002/message:10',
      'chat:1700000003/message:1',
    ]);
    expect(msgs[2]?.authorId).toBe('tg:chat:1700000002');
    const users = rows(items, 'tg_users');
    expect(users).toContainEqual(
      expect.objectContaining({
        userId: 'tg:user:5000001',
        username: 'example_op',
        // stored in normal form, as holders.csv stores phones
        phone: 'phone:+77010000002',
      }),
    );
    expect(users).toContainEqual(
      expect.objectContaining({ userId: 'tg:user:5000003', phone: 'phone:+77010000003' }),
    );
    expect(users.some((u) => u.phone === 'phone:+77010000009')).toBe(false);
    // Leaving a group is not an admin act.
    expect(rows(items, 'memberships').some((m) => m.chatId === 'tg:chat:1700000003')).toBe(false);
    const labels = rows(items, 'message_labels').map((l) => `${l.locator}:${l.label}`);
    expect(labels).toEqual(
      expect.arrayContaining([
        'chat:5000003/message:11:drop_report',
        'chat:1700000002/message:10:recruitment',
      ]),
    );
    expect(issues(items)).toEqual([]);
  });

  it('detects both kinds of export by content, not by name', async () => {
    expect(
      detectTelegramJson(enc.encode(await readText(new URL('current-channel.json', TD))), 'x.bin'),
    ).toBeGreaterThan(0.9);
    expect(
      detectTelegramJson(enc.encode(await readText(new URL('full-account.json', TD))), 'x.bin'),
    ).toBeGreaterThan(0.9);
    expect(detectTelegramJson(enc.encode('{"name":"a","rows":[1,2]}'), 'result.json')).toBe(0);
    expect(detectTelegramJson(enc.encode('tx_id,timestamp\n'), 'result.json')).toBe(0);
  });

  it('detects every export of the third-party fixtures (2020–21 format, broken ones too) by content alone', async () => {
    const fs = await import('node:fs/promises');
    const names = (await fs.readdir(FIXTURES)).filter((n) => n.endsWith('.json'));
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const name of names) {
      const score = detectTelegramJson(enc.encode(await readText(new URL(name, FIXTURES))), 'x.bin');
      expect([name, score]).toEqual([name, 0.95]);
    }
  });

  it('a single chat needs a chat type Telegram writes and an integer id in its root, before "messages"', () => {
    const detect = (json: string) => detectTelegramJson(enc.encode(json), 'result.json');
    // As Telegram writes them: saved messages without "name", minified, cut off inside the messages (the head).
    expect(detect('{"name":"Shop","type":"public_channel","id":5,"messages":[]}')).toBe(0.95);
    expect(detect('\uFEFF{\n "type": "saved_messages",\n "id": 1,\n "messages": [\n  {\n   "id": 1,')).toBe(
      0.95,
    );
    expect(detect('{"name":"a \\"b\\" {c} [","type":"verification_codes","id":-7,"messages":[{"id":1')).toBe(
      0.95,
    );
    expect(detect('{"name":null,"type":"personal_chat","id":5,"messages":[')).toBe(0.95);
    // Another program's result.json (the review's case), whatever its name says.
    expect(detect('{"name":"build","version":"1.0","messages":["hello"]}')).toBe(0);
    // Message-like fields without the chat's type, or a chat without messages: not an export.
    expect(
      detect('{"id":5,"messages":[{"id":1,"from_id":"user1","date_unixtime":"1","text_entities":[]}]}'),
    ).toBe(0);
    expect(detect('{"name":"x","type":"personal_chat","id":5}')).toBe(0);
    // A type that is not a Telegram chat type, an id that is no integer, no id at all.
    expect(detect('{"name":"x","type":"group","id":5,"messages":[]}')).toBe(0);
    expect(detect('{"name":"x","type":"personal_chat","id":"5","messages":[]}')).toBe(0);
    expect(detect('{"name":"x","type":"personal_chat","id":5.5,"messages":[]}')).toBe(0);
    expect(detect('{"name":"x","type":"personal_chat","messages":[]}')).toBe(0);
    // The type and id nested deeper, or after the messages, do not count.
    expect(detect('{"chat":{"type":"personal_chat","id":5},"messages":[]}')).toBe(0);
    expect(detect('{"messages":[],"type":"personal_chat","id":5}')).toBe(0);
    expect(detect('[{"type":"personal_chat","id":5,"messages":[]}]')).toBe(0);
  });
});

describe('telegram-json: message ids of private chats exported from several phones', () => {
  const EV_A = `aaaa1111${'0'.repeat(56)}`;
  const EV_B = `bbbb2222${'0'.repeat(56)}`;
  async function parseAs(doc: unknown, evidenceId: string): Promise<ParseItem[]> {
    const out: ParseItem[] = [];
    const bytes = enc.encode(JSON.stringify(doc, null, 1));
    for await (const it of parseTelegramJson(chunked(bytes, 41), { evidenceId, fileName: 'result.json' }))
      out.push(it);
    return out;
  }
  const msg = (id: number, from: string, fromId: string, text: string, extra: object = {}) => ({
    id,
    type: 'message',
    date: '2024-02-01T10:00:00',
    date_unixtime: String(1706781600 + id),
    from,
    from_id: fromId,
    text,
    text_entities: [{ type: 'plain', text }],
    ...extra,
  });
  // Two buyers' chats with one shop bot: the chat id is the bot's, the message ids are each buyer's own.
  const botChat = (buyer: string, buyerId: string, text: string) => ({
    name: 'Example Shop Bot',
    type: 'bot_chat',
    id: 7000001,
    messages: [
      msg(1, buyer, buyerId, '/start'),
      msg(2, 'Example Shop Bot', 'user7000001', text, { reply_to_message_id: 1 }),
    ],
  });

  it("a private chat in which the phone's owner never wrote keeps the other side's id, and says why", async () => {
    const items = await parseAs(
      {
        name: 'Example Shop Bot',
        type: 'bot_chat',
        id: 7000001,
        messages: [msg(1, 'Example Shop Bot', 'user7000001', 'Меню обновлено')],
      },
      EV_A,
    );
    expect(rows(items, 'chats').map((c) => c.chatId)).toEqual(['tg:chat:7000001']);
    expect(rows(items, 'messages').map((m) => [m.chatId, m.messageId])).toEqual([
      ['tg:chat:7000001', `${EV_A.slice(0, 8)}:1`],
    ]);
    expect(issues(items).map((i) => `${i.locator} ${i.reason}`)).toContainEqual(
      expect.stringMatching(
        /^chat:7000001 private chat "Example Shop Bot": the phone's owner wrote nothing in it, so the export does not say whose phone it is: it stays under the other side's id \(tg:chat:7000001\)/,
      ),
    );
  });

  it('two exports of the same bot chat give disjoint message ids, replies and labels stay in their own chat', async () => {
    const a = await parseAs(
      botChat('Buyer A', 'user5100001', 'Клад сделан, фото и координаты 42.3417, 69.5901'),
      EV_A,
    );
    const b = await parseAs(
      botChat('Buyer B', 'user5100002', 'Оплата на карту 4111 1111 1111 1111, координаты 43.2220, 76.8512'),
      EV_B,
    );
    const ma = rows(a, 'messages');
    const mb = rows(b, 'messages');
    // Each buyer's own message box: qualified with the buyer (the author who is not the bot).
    // Each buyer's chat with the bot is its own conversation, named by its two sides (the bot's id alone names
    // every buyer's chat with it), and so is every record of it: the chat row, mentions, labels, memberships.
    expect(ma.map((m) => [m.chatId, m.messageId, m.locator, m.replyTo])).toEqual([
      ['tg:chat:5100001_7000001', 'u5100001:1', 'message:1', null],
      ['tg:chat:5100001_7000001', 'u5100001:2', 'message:2', 'u5100001:1'],
    ]);
    expect(mb.map((m) => [m.chatId, m.messageId])).toEqual([
      ['tg:chat:5100002_7000001', 'u5100002:1'],
      ['tg:chat:5100002_7000001', 'u5100002:2'],
    ]);
    for (const [items, chat] of [
      [a, 'tg:chat:5100001_7000001'],
      [b, 'tg:chat:5100002_7000001'],
    ] as const)
      for (const t of ['chats', 'mentions', 'message_labels', 'memberships'] as const)
        for (const r of rows(items, t)) expect(r.chatId).toBe(chat);
    const keys = (items: ParseItem[]) =>
      new Set(rows(items, 'messages').map((m) => `${m.chatId}#${m.messageId}`));
    const ka = keys(a);
    expect([...keys(b)].filter((k) => ka.has(k))).toEqual([]);
    // mentions and labels point at their own export's message, never at the other buyer's
    for (const [items, prefix] of [
      [a, 'u5100001:'],
      [b, 'u5100002:'],
    ] as const) {
      const ids = new Set(rows(items, 'messages').map((m) => m.messageId));
      const refs = [...rows(items, 'mentions'), ...rows(items, 'message_labels')];
      expect(refs.length).toBeGreaterThan(0);
      for (const r of refs) {
        expect(r.messageId.startsWith(prefix)).toBe(true);
        expect(ids.has(r.messageId)).toBe(true);
      }
    }
    expect(rows(a, 'message_labels').map((l) => l.messageId)).toContain('u5100001:2');
  });

  it('personal chats, saved messages and basic groups are qualified; a private supergroup is not', async () => {
    // A single chat's owner is known only in a personal or bot chat (the author who is not the other side).
    for (const [type, id] of [
      ['personal_chat', 'u1:3'],
      ['saved_messages', 'aaaa1111:3'],
      ['private_group', 'aaaa1111:3'],
    ]) {
      const items = await parseAs({ name: 'X', type, id: 5, messages: [msg(3, 'A', 'user1', 'hi')] }, EV_A);
      expect(rows(items, 'messages')[0]?.messageId).toBe(id);
    }
    const sg = await parseAs(
      { name: 'X', type: 'private_supergroup', id: 5, messages: [msg(3, 'A', 'user1', 'hi')] },
      EV_A,
    );
    expect(rows(sg, 'messages')[0]?.messageId).toBe('3');
  });

  it("one phone's personal chat exported twice (pretty, minified, truncated) gives the same keys", async () => {
    const chat = {
      name: 'Example Shop',
      type: 'personal_chat',
      id: 7001,
      messages: [
        msg(1, 'Example Shop', 'user7001', 'Есть меф 1г 15000'),
        msg(2, 'Buyer', 'user7002', 'давай', { reply_to_message_id: 1 }),
        msg(3, 'Example Shop', 'user7001', 'Оплата на карту 4111 1111 1111 1111'),
      ],
    };
    const keys = (items: ParseItem[]) => [
      ...rows(items, 'messages').map((m) => `${m.chatId}#${m.messageId}>${m.replyTo}`),
      ...rows(items, 'mentions').map((m) => `${m.chatId}#${m.messageId}@${m.identifier}`),
      ...rows(items, 'message_labels').map((m) => `${m.chatId}#${m.messageId}:${m.label}`),
    ];
    const pretty = await parseAs(chat, EV_A);
    // The owner (user7002) writes second: the first message waits and gets the owner's qualifier too.
    expect(rows(pretty, 'messages').map((m) => [m.messageId, m.replyTo])).toEqual([
      ['u7002:1', null],
      ['u7002:2', 'u7002:1'],
      ['u7002:3', null],
    ]);
    const out: ParseItem[] = [];
    const minified = enc.encode(JSON.stringify(chat));
    for await (const it of parseTelegramJson(chunked(minified, 7), {
      evidenceId: EV_B,
      fileName: 'min.json',
    }))
      out.push(it);
    expect(keys(out)).toEqual(keys(pretty));
    const whole = JSON.stringify(chat, null, 1);
    const cut: ParseItem[] = [];
    const head = enc.encode(whole.slice(0, whole.indexOf('"id": 3')));
    for await (const it of parseTelegramJson(chunked(head, 41), { evidenceId: EV_B, fileName: 'cut.json' }))
      cut.push(it);
    expect(rows(cut, 'messages').map((m) => m.messageId)).toEqual(['u7002:1', 'u7002:2']);
  });

  it('a personal chat whose owner never writes keeps the evidence qualifier (whose box it is is unknown)', async () => {
    const chat = {
      name: 'Example Shop',
      type: 'personal_chat',
      id: 7001,
      messages: [msg(1, 'Example Shop', 'user7001', 'Есть меф'), msg(2, 'Example Shop', 'user7001', 'ну?')],
    };
    expect(rows(await parseAs(chat, EV_A), 'messages').map((m) => m.messageId)).toEqual([
      'aaaa1111:1',
      'aaaa1111:2',
    ]);
    // Broken before the owner wrote: the messages waiting for the owner are kept, with the evidence qualifier.
    const whole = JSON.stringify(chat, null, 1);
    const broken = enc.encode(`${whole.slice(0, whole.lastIndexOf(']'))}, {"id": 3, "date": oops}\n ]\n}`);
    const out: ParseItem[] = [];
    for await (const it of parseTelegramJson(chunked(broken, 41), { evidenceId: EV_A, fileName: 'b.json' }))
      out.push(it);
    expect(rows(out, 'messages').map((m) => m.messageId)).toEqual(['aaaa1111:1', 'aaaa1111:2']);
    expect(out.some((i) => i.kind === 'issue' && i.stopped === true)).toBe(true);
  });

  it('a channel exported twice gives the same ids (the same messages)', async () => {
    const channel = {
      name: 'Example Shop Channel',
      type: 'public_channel',
      id: 1700000002,
      messages: [
        msg(10, 'Example Shop Channel', 'channel1700000002', 'Требуются курьеры-закладчики'),
        msg(11, 'Example Shop Channel', 'channel1700000002', 'ещё', { reply_to_message_id: 10 }),
      ],
    };
    const a = rows(await parseAs(channel, EV_A), 'messages');
    const b = rows(await parseAs(channel, EV_B), 'messages');
    expect(a.map((m) => [m.messageId, m.replyTo])).toEqual([
      ['10', null],
      ['11', '10'],
    ]);
    expect(b.map((m) => `${m.chatId}#${m.messageId}`)).toEqual(a.map((m) => `${m.chatId}#${m.messageId}`));
  });

  it('full-account export: the private chat is qualified with the account, the channel is not', async () => {
    const items = await parse(await readText(new URL('./testdata/full-account.json', import.meta.url)));
    // personal_information.user_id 5000001: the account's own message box, the same in every export of it; the
    // private chat with 5000003 is named by its two sides
    expect(rows(items, 'messages').map((m) => [m.chatId, m.messageId, m.replyTo])).toEqual([
      ['tg:chat:5000001_5000003', 'u5000001:10', null],
      ['tg:chat:5000001_5000003', 'u5000001:11', 'u5000001:10'],
      ['tg:chat:1700000002', '10', null],
      ['tg:chat:1700000003', '1', null],
    ]);
  });
});

describe('telegram-json: not an export', () => {
  it('valid JSON without any Telegram section gives an error, not silence', async () => {
    const items = await parse('{"rows": [1, 2, 3], "nested": {"a": [{"b": 1}]}}');
    expect(
      issues(items)
        .filter((i) => i.severity === 'error')
        .map((i) => i.reason),
    ).toEqual([expect.stringMatching(/not a Telegram Desktop export/)]);
    expect(items.filter((i) => i.kind === 'record')).toEqual([]);
  });
});

describe('telegram-json: impossible and unreadable dates', () => {
  /** An old-format channel export (no `date_unixtime`) with the given messages. */
  const oldExport = (...messages: Array<Record<string, unknown>>) =>
    JSON.stringify(
      {
        name: 'Dates',
        type: 'public_channel',
        id: 555,
        messages: messages.map((m, i) => ({
          id: i + 1,
          type: 'message',
          from: 'Shop',
          from_id: 'user1',
          text: `call +7 701 111 22 3${i}`,
          ...m,
        })),
      },
      null,
      1,
    );

  it('quarantines a message whose date is no real time, with the reason and the raw message; the rest is stored', async () => {
    const items = await parse(
      oldExport(
        { date: '2024-03-01T10:00:00' },
        { date: '2024-03-01T25:61:00' },
        { date: '2024-02-31T10:00:00' },
        { date: '2023-02-29T10:00:00' },
        { date: '2024-13-01T10:00:00' },
        { date: '2024-02-29T23:59:59' },
      ),
    );
    expect(rows(items, 'messages').map((m) => [m.messageId, m.timestamp])).toEqual([
      ['1', '2024-03-01T10:00:00.000Z'],
      ['6', '2024-02-29T23:59:59.000Z'],
    ]);
    const q = issues(items).filter((i) => i.severity === 'quarantine');
    expect(q.map((i) => [i.locator, i.reason])).toEqual([
      ['message:2', expect.stringMatching(/"2024-03-01T25:61:00" is no real time \(there is no hour 25\)/)],
      [
        'message:3',
        expect.stringMatching(/"2024-02-31T10:00:00" is no real time \(February 2024 has no day 31\)/),
      ],
      ['message:4', expect.stringMatching(/February 2023 has no day 29/)],
      ['message:5', expect.stringMatching(/there is no month 13/)],
    ]);
    expect(q[0]!.raw).toContain('25:61');
    // Nothing of a dropped message is kept: no mentions, labels or memberships point at it.
    for (const t of ['mentions', 'message_labels', 'memberships'] as const)
      expect(rows(items, t).filter((r) => !['message:1', 'message:6'].includes(r.locator))).toEqual([]);
    expect(rows(items, 'mentions').map((m) => m.locator)).toEqual(['message:1', 'message:6']);
  });

  it('an exact date_unixtime wins over an impossible local date; one past year 9999 is no date', async () => {
    const items = await parse(
      oldExport(
        { date: '2024-03-01T25:61:00', date_unixtime: '1709287201' },
        { date_unixtime: '253402300800' },
      ),
    );
    expect(rows(items, 'messages').map((m) => [m.messageId, m.timestamp])).toEqual([
      ['1', '2024-03-01T10:00:01.000Z'],
    ]);
    expect(
      issues(items)
        .filter((i) => i.severity === 'quarantine')
        .map((i) => i.locator),
    ).toEqual(['message:2']);
  });

  it('an impossible edit time is a warning: the message is kept without it', async () => {
    const items = await parse(oldExport({ date: '2024-03-01T10:00:00', edited: '2024-03-01T24:00:00' }));
    expect(rows(items, 'messages').map((m) => [m.timestamp, m.edited])).toEqual([
      ['2024-03-01T10:00:00.000Z', null],
    ]);
    expect(issues(items).filter((i) => /"edited"/.test(i.reason))).toEqual([
      expect.objectContaining({ severity: 'warning', locator: 'message:1' }),
    ]);
  });
});

describe('JsonWalker', () => {
  it('gives the same values whatever the chunking, incl. escapes and surrogate pairs split across chunks', () => {
    const doc = JSON.stringify({
      a: 1,
      messages: [{ t: 'x\\"y}' }, { t: '😀]' }, 3, null, [1, [2]]],
      z: 'end',
    });
    for (const size of [1, 2, 3, 7, 1000]) {
      const got: unknown[] = [];
      const w = new JsonWalker({
        decide: (role, key) =>
          role === 'root' && key === 'messages' ? { mode: 'descend', role: 'm' } : { mode: 'capture' },
        enter: () => {},
        leave: () => {},
        value: (_r, k, v) => got.push([k, v]),
      });
      for (let i = 0; i < doc.length; i += size) w.feed(doc.slice(i, i + size));
      w.end();
      expect(got).toEqual([
        ['a', 1],
        [null, { t: 'x\\"y}' }],
        [null, { t: '😀]' }],
        [null, 3],
        [null, null],
        [null, [1, [2]]],
        ['z', 'end'],
      ]);
    }
  });

  it('pretty-printed fast path: odd indentation and escaped newlines fall back correctly', () => {
    const doc =
      '{\n "messages": [\n  {\n   "t": "a\\n  }",\n   "o": {\n  "x": 1\n  }\n  },\n  {"t": "b"}\n ]\n}';
    const got: unknown[] = [];
    const w = new JsonWalker({
      decide: (role, key) =>
        role === 'root' && key === 'messages' ? { mode: 'descend', role: 'm' } : { mode: 'capture' },
      enter: () => {},
      leave: () => {},
      value: (_r, _k, v) => got.push(v),
    });
    w.feed(doc);
    w.end();
    expect(got).toEqual([{ t: 'a\n  }', o: { x: 1 } }, { t: 'b' }]);
  });

  it('rejects truncated input with a position', () => {
    const w = new JsonWalker({
      decide: () => ({ mode: 'capture' }),
      enter: () => {},
      leave: () => {},
      value: () => {},
    });
    w.feed('{"a": [1, 2');
    expect(() => w.end()).toThrow(/end of file/);
  });
});

describe('flattenText', () => {
  it('prefers text_entities and records offsets', () => {
    const f = flattenText('a 4111', [
      { type: 'plain', text: 'a ' },
      { type: 'bank_card', text: '4111' },
    ]);
    expect(f.text).toBe('a 4111');
    expect(f.entities).toEqual([{ type: 'bank_card', start: 2, end: 6, text: '4111' }]);
    expect(f.problem).toBeUndefined();
  });

  it('keeps the "text" when text_entities spell another text (an edited or damaged file), and says so', () => {
    const edited = flattenText('Есть меф, карта 4400 4301 2345 6789', [
      { type: 'plain', text: 'привет как дела' },
    ]);
    expect(edited.text).toBe('Есть меф, карта 4400 4301 2345 6789');
    expect(edited.entities).toEqual([]);
    expect(edited.problem).toMatch(/"text_entities" that do not spell its "text".*"привет как дела"/);
    // Emptied entities hide nothing either; an array `text` keeps its own parts' entities.
    expect(flattenText('Есть меф', []).text).toBe('Есть меф');
    const parts = flattenText(['a ', { type: 'bank_card', text: '4111' }], [{ type: 'plain', text: 'b' }]);
    expect(parts.text).toBe('a 4111');
    expect(parts.entities).toEqual([{ type: 'bank_card', start: 2, end: 6, text: '4111' }]);
  });
});

describe('telegram-json: bot buttons and links to handles (own synthetic sample)', () => {
  it('URL buttons and t.me text links become tg:@ mentions of the bot or operator', async () => {
    const text = await readText(new URL('./testdata/bot-buttons.json', import.meta.url));
    const items = await parse(text);
    const mentions = rows(items, 'mentions').map((m) => [m.messageId, m.identifier, m.kind]);
    expect(mentions).toEqual([
      ['1', 'tg:@example_shop_bot', 'tg'],
      ['1', 'tg:@example_operator', 'tg'],
      ['2', 'tg:@example_shop_bot', 'tg'],
      ['2', 'https://example.org/x', 'url'],
    ]);
    // a newer export field is known, not reported
    expect(issues(items)).toEqual([]);
  });
});
