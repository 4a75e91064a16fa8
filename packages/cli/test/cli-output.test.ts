import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.ts';

/** C0 (but newline), DEL, C1 and the bidi formatting characters: none may reach a terminal raw. */
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const SALE = 'Есть меф 1г 15000тг, клад через час';

function message(id: number, from: string, fromId: string, text: string) {
  return {
    id,
    type: 'message',
    date: '2024-03-16T20:00:00',
    date_unixtime: String(1710600000 + id),
    from,
    from_id: fromId,
    text,
    text_entities: [{ type: 'plain', text }],
  };
}

describe('human-readable output of hostile evidence', () => {
  it('shows the control characters of titles, names, texts and file names as escapes; --json stays exact', async () => {
    const tmp = await tempDir();
    const dir = join(tmp, 'case');
    await cli('case', 'init', dir);
    const hostile = `${SALE} \u001b[2J\u001b[1;1H\u001b]0;pwned\u0007FAKE\r\u001b[31mRED \u202eevil\u009b2J\u007f`;
    const exportDir = join(tmp, 'export');
    await mkdir(exportDir);
    // A file name with an escape sequence and a newline (Linux allows both).
    const fileName = 'esc\u001b[31mred\nx.json';
    await writeFile(
      join(exportDir, fileName),
      JSON.stringify({
        name: 'Chat\u001b[41mBG',
        type: 'public_channel',
        id: 555,
        messages: [message(1, 'X\u001b[32m', 'user1', hostile)],
      }),
    );
    const ingest = await cli('ingest', dir, exportDir);
    expect(ingest.code).toBe(0);
    expect(ingest.out + ingest.err).not.toMatch(UNSAFE);
    // The file name stays on its line, its escape and newline visible.
    expect(ingest.out).toMatch(/^.*\/esc\\x1b\[31mred\\nx\.json: telegram-json, \d+ records/m);

    const text = await cli('messages', dir);
    expect(text.code).toBe(0);
    expect(text.out).not.toMatch(UNSAFE);
    const lines = text.out.split('\n');
    expect(lines[0]).toMatch(/ Chat\\x1b\[41mBG #1 {2}sale /);
    expect(lines[1]).toBe(
      `    X\\x1b[32m (tg:user:1): ${SALE} \\x1b[2J\\x1b[1;1H\\x1b]0;pwned\\x07FAKE\\r\\x1b[31mRED \\u202eevil\\x9b2J\\x7f`,
    );

    const json = await cli('messages', dir, '--json');
    expect(json.out).not.toMatch(UNSAFE);
    const [m] = JSON.parse(json.out).messages;
    expect(m.text).toBe(hostile);
    expect(m.chatTitle).toBe('Chat\u001b[41mBG');
    expect(m.authorName).toBe('X\u001b[32m');
    const ingestJson = JSON.parse((await cli('ingest', dir, exportDir, '--json')).out);
    expect(ingestJson.files[0].path).toBe(join(exportDir, fileName));

    // An error naming a hostile file name shows it the same way.
    const missing = await cli('ingest', dir, join(tmp, 'no\u001b]0;x\u0007pe.json'));
    expect(missing.code).toBe(1);
    expect(missing.err).not.toMatch(UNSAFE);
    expect(missing.err).toMatch(/no\\x1b\]0;x\\x07pe\.json\)/);
  });

  it('shows who wrote each message, and marks a text cut at 160 characters', async () => {
    const tmp = await tempDir();
    const dir = join(tmp, 'case');
    await cli('case', 'init', dir);
    const long = `${SALE}, ${'пишите в лс '.repeat(30)}конец`;
    const file = join(tmp, 'result.json');
    // A private chat is titled with the other side's name: the buyer's line must not read as the dealer's.
    await writeFile(
      file,
      JSON.stringify({
        name: 'Шымкент Шоп',
        type: 'personal_chat',
        id: 7001,
        messages: [message(1, 'Покупатель', 'user7002', SALE), message(2, 'Шымкент Шоп', 'user7001', long)],
      }),
    );
    expect((await cli('ingest', dir, file)).code).toBe(0);
    const out = (await cli('messages', dir)).out.split('\n');
    // A private chat is titled by its two people (the buyer 7002 and the shop 7001), in id order.
    const at = (id: string) =>
      out.findIndex((l) => new RegExp(` Шымкент Шоп ↔ Покупатель #\\w+:${id} `).test(l));
    expect(at('1')).toBeGreaterThanOrEqual(0);
    expect(out[at('1') + 1]).toBe(`    Покупатель (tg:user:7002): ${SALE}`);
    const cut = out[at('2') + 1]!;
    const shownText = [...long].slice(0, 160).join('');
    expect(cut).toBe(
      `    Шымкент Шоп (tg:user:7001): ${shownText}… [+${[...long].length - 160} more characters]`,
    );
  });
});

describe('dragnet issues', () => {
  it('lists every issue of a file the ingest output cut at 10, where its hint says', async () => {
    const tmp = await tempDir();
    const dir = join(tmp, 'case');
    await cli('case', 'init', dir);
    const csv = join(tmp, 'statement.csv');
    const bad = Array.from({ length: 12 }, (_, i) => `32.03.2024;${i + 1},00;KZT`);
    await writeFile(csv, ['Дата;Сумма;Валюта', '01.03.2024;100,00;KZT', ...bad, ''].join('\n'));
    const ingest = await cli('ingest', dir, csv, '--json');
    const { sha256, quarantined } = JSON.parse(ingest.out).files[0];
    expect(quarantined).toBe(12);
    // Ingest again in a second case for the text output (the first holds the file now).
    const dir2 = join(tmp, 'case 2');
    await cli('case', 'init', dir2);
    const text = await cli('ingest', dir2, csv);
    // 13 issues: the statement's warning (no own account) and the 12 bad dates.
    const hint = `  … 3 more: dragnet issues '${dir2}' --evidence ${sha256.slice(0, 12)}`;
    expect(text.out.split('\n')).toContain(hint);

    const list = await cli('issues', dir2, '--evidence', sha256.slice(0, 12));
    expect(list.code).toBe(0);
    const lines = list.out.trimEnd().split('\n');
    expect(lines[0]).toBe(`statement.csv (sha256 ${sha256.slice(0, 12)}…)`);
    // Every issue, in row order (row:1, row:3 … row:14, not row:10 before row:3).
    expect(lines.slice(1, 14).map((l) => l.match(/row:(\d+)/)?.[1])).toEqual([
      '1',
      ...Array.from({ length: 12 }, (_, i) => String(i + 3)),
    ]);
    expect(lines[1]).toMatch(/^ {2}warning row:1: no own account found/);
    expect(lines[2]).toMatch(/^ {2}quarantine row:3: date "32\.03\.2024" is not a date/);
    expect(lines.at(-1)).toBe('13 issue(s)');

    const json = JSON.parse((await cli('issues', dir2, '--json', '--limit', '5')).out);
    expect(json.issues).toHaveLength(5);
    expect(json.issues[1]).toMatchObject({ evidenceId: sha256, locator: 'row:3', severity: 'quarantine' });
    expect((await cli('issues', dir2, '--severity', 'error')).out.trim()).toBe('0 issue(s)');
    const limited = await cli('issues', dir2, '--severity', 'quarantine', '--limit', '2');
    expect(limited.out.trimEnd().split('\n').at(-1)).toBe('2 issue(s) shown (--limit 2; there are more)');

    const wrong = await cli('issues', dir2, '--evidence', 'abcdef', '--json');
    expect(wrong.code).toBe(1);
    expect(wrong.out).toBe('');
    expect(wrong.err).toMatch(/^error: no evidence file abcdef in this case/);
  });
});

describe('dragnet chats', () => {
  it('lists the chats with their ids, hostile titles as escapes; messages --chat takes a bare id, @name or title', async () => {
    const tmp = await tempDir();
    const dir = join(tmp, 'case');
    await cli('case', 'init', dir);
    const exportDir = join(tmp, 'export');
    await mkdir(exportDir);
    await writeFile(
      join(exportDir, 'shop.json'),
      JSON.stringify({
        name: 'Shop\u001b[41m',
        type: 'public_channel',
        id: 7001,
        messages: [message(1, 'Shop', 'channel7001', SALE), message(2, 'Shop', 'channel7001', 'доброе утро')],
      }),
    );
    await writeFile(
      join(exportDir, 'family.json'),
      JSON.stringify({
        name: 'Семья',
        type: 'private_group',
        id: 42,
        messages: [message(1, 'Мама', 'user5', 'ужин в 7')],
      }),
    );
    expect((await cli('ingest', dir, exportDir)).code).toBe(0);
    const text = await cli('chats', dir);
    expect(text.code).toBe(0);
    expect(text.out).not.toMatch(UNSAFE);
    const lines = text.out.split('\n');
    // Most flagged first.
    expect(lines[0]).toBe('tg:chat:7001  channel  Shop\\x1b[41m');
    expect(lines[1]).toMatch(/^ {4}2 message\(s\); flagged: sale \d$/);
    expect(lines[2]).toBe('tg:chat:42  group  Семья');
    expect(text.out).toMatch(/2 chat\(s\) \(no analysis yet/);
    const json = JSON.parse((await cli('chats', dir, '--label', 'sale', '--json')).out);
    expect(json.chats.map((c: { chatId: string }) => c.chatId)).toEqual(['tg:chat:7001']);
    expect(json.chats[0]).toMatchObject({ title: 'Shop\u001b[41m', messages: 2, evidenceFiles: 1 });
    expect(json.chats[0].flagged.sale).toBeGreaterThan(0);

    for (const typed of ['7001', 'tg:chat:7001', 'Shop\u001b[41m']) {
      const m = await cli('messages', dir, '--chat', typed, '--json');
      expect(m.code, typed).toBe(0);
      expect(new Set(JSON.parse(m.out).messages.map((x: { chatId: string }) => x.chatId))).toEqual(
        new Set(['tg:chat:7001']),
      );
    }
    // A Bot API id (`-100…`) reads as an option unless written with `=`: the hint says so, and `=` works.
    const dashed = await cli('messages', dir, '--chat', '-1007001');
    expect(dashed.code).toBe(1);
    expect(dashed.err).toMatch(/^hint: a value that starts with "-" is written with "=": --chat=-/m);
    expect((await cli('messages', dir, '--chat=-1007001', '--json')).code).toBe(0);
    const unknown = await cli('messages', dir, '--chat', '9999');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no chat "9999" in this case/);
    expect(unknown.err).toMatch(/dragnet chats <case-dir> lists the chats/);
  });
});
