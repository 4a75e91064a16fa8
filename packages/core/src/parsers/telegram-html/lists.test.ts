import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TableName, TableRows } from '../../model/tables.ts';
import type { ParseItem } from '../parser.ts';
import { detectTelegramHtml } from './detect.ts';
import { htmlChatId, parseTelegramHtml } from './parse.ts';

/** A synthetic full-account HTML export (testdata/full-account/, written for these tests after tdesktop's layout). */
const ROOT = new URL('./testdata/full-account/', import.meta.url);
const enc = new TextEncoder();

async function* chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Parses `rel` (under the export's root) as the ingest does: the folder the file lies in and its relative path. */
async function parse(
  rel: string,
  size = 57,
  root = fileURLToPath(ROOT).replace(/\/$/, ''),
): Promise<ParseItem[]> {
  const bytes = new Uint8Array(await readFile(new URL(rel, ROOT)));
  const cut = rel.lastIndexOf('/');
  const ctx = {
    evidenceId: 'ev',
    fileName: rel.slice(cut + 1),
    relativePath: rel,
    folder: cut >= 0 ? `${root}/${rel.slice(0, cut)}` : root,
  };
  const out: ParseItem[] = [];
  for await (const it of parseTelegramHtml(chunked(bytes, size), ctx)) out.push(it);
  return out;
}

function rows<T extends TableName>(items: ParseItem[], table: T): TableRows[T][] {
  const out: TableRows[T][] = [];
  for (const i of items)
    if (i.kind === 'record' && i.record.table === table) out.push(i.record.row as TableRows[T]);
  return out;
}
const issues = (items: ParseItem[]) => items.flatMap((i) => (i.kind === 'issue' ? [i.issue] : []));

describe('telegram-html: list pages and summary of a full-account export', () => {
  it('detects list pages and the summary page by content', async () => {
    for (const rel of [
      'lists/contacts.html',
      'lists/chats.html',
      'lists/sessions.html',
      'export_results.html',
    ]) {
      const head = new Uint8Array(await readFile(new URL(rel, ROOT)));
      expect(detectTelegramHtml(head, 'x.htm'), rel).toBeGreaterThan(0.5);
    }
  });

  it('contacts with an id become Telegram users with their phone in normal form; the others are named in a warning', async () => {
    const items = await parse('lists/contacts.html');
    expect(rows(items, 'tg_users')).toEqual([
      {
        evidenceId: 'ev',
        locator: 'contacts',
        userId: 'tg:user:5550101',
        username: null,
        displayName: 'Courier Almaty',
        phone: 'phone:+77015550101',
      },
      {
        evidenceId: 'ev',
        locator: 'contacts',
        userId: 'tg:user:5550102',
        username: null,
        // Evidence text stays text: the escaped markup of the name is decoded, never rendered.
        displayName: 'Drop <b>Shop</b>',
        phone: 'phone:+442079460000',
      },
    ]);
    const w = issues(items);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: 'warning', locator: 'file' });
    expect(w[0]!.reason).toContain('lists/contacts.html: 1 of 3 contacts carry no user id');
    // Her phone stays in the warning (it is all the export says of her).
    expect(w[0]!.reason).toContain('"Aunt Gulnara (phone:+77020000001)"');
  });

  it('the chat list gives each chat folder its type, under the id its pages get', async () => {
    const items = await parse('lists/chats.html');
    const root = fileURLToPath(ROOT).replace(/\/$/, '');
    const group = await parse('chats/chat_1/messages.html');
    const personal = await parse('chats/chat_2/messages.html');
    expect(rows(group, 'chats')[0]!.chatId).toBe(htmlChatId('Склад', `${root}/chats/chat_1`));
    expect(rows(items, 'chats')).toEqual([
      {
        evidenceId: 'ev',
        locator: 'chats/chat_1',
        chatId: rows(group, 'chats')[0]!.chatId,
        type: 'group',
        title: 'Склад',
        username: null,
      },
      {
        evidenceId: 'ev',
        locator: 'chats/chat_2',
        chatId: rows(personal, 'chats')[0]!.chatId,
        type: 'private',
        title: 'Courier Almaty',
        username: null,
      },
    ]);
    const reasons = issues(items).map((i) => i.reason);
    expect(reasons).toEqual([
      expect.stringContaining(
        'listed chats that link no chats/chat_N folder (no messages were exported from them) are not stored (1): "Deleted Channel"',
      ),
      expect.stringContaining('"Courier Almaty (chats/chat_2: 2 outgoing messages)"'),
    ]);
  });

  it('the chat list ties a chat to its pages ingested through any folder, and without a folder by the path', async () => {
    const a = await parse('lists/chats.html', 57, '/cases/phone1/DataExport_2024-05-01');
    expect(rows(a, 'chats')[0]!.chatId).toBe(
      htmlChatId('Склад', '/cases/phone1/DataExport_2024-05-01/chats/chat_1'),
    );
    // Windows folders are the same text with backslashes.
    expect(htmlChatId('Склад', 'C:\\ev\\DataExport\\chats\\chat_1')).toBe(
      htmlChatId('Склад', 'C:/ev/DataExport/chats/chat_1'),
    );
    const bytes = new Uint8Array(await readFile(new URL('lists/chats.html', ROOT)));
    const out: ParseItem[] = [];
    for await (const it of parseTelegramHtml(chunked(bytes, 1000), {
      evidenceId: 'ev',
      fileName: 'chats.html',
      relativePath: 'DataExport/lists/chats.html',
    }))
      out.push(it);
    expect(rows(out, 'chats')[0]!.chatId).toBe(
      htmlChatId('Склад', undefined, 'DataExport/chats/chat_1/messages.html'),
    );
  });

  it('a nameless group is "Deleted Group" in the list and "Deleted Account" on its pages: the id follows the pages', async () => {
    const html = (await readFile(new URL('lists/chats.html', ROOT), 'utf8')).replace(
      '\nСклад\n',
      '\nDeleted Group\n',
    );
    const out: ParseItem[] = [];
    for await (const it of parseTelegramHtml(chunked(enc.encode(html), 100), {
      evidenceId: 'ev',
      fileName: 'chats.html',
      folder: '/x/DataExport/lists',
    }))
      out.push(it);
    expect(rows(out, 'chats')[0]).toMatchObject({
      chatId: htmlChatId('Deleted Account', '/x/DataExport/chats/chat_1'),
      title: 'Deleted Group',
      type: 'group',
    });
  });

  it('frequent contacts carry no ids in HTML: nothing stored, and a warning says so', async () => {
    const items = await parse('lists/frequent.html');
    expect(rows(items, 'tg_users')).toEqual([]);
    expect(issues(items).map((i) => i.reason)).toEqual([
      expect.stringContaining('2 of 2 frequent contacts carry no user id'),
    ]);
  });

  it('a list with no table (sessions) is named in a warning, not skipped silently', async () => {
    const items = await parse('lists/sessions.html');
    expect(items.filter((i) => i.kind === 'record')).toEqual([]);
    expect(issues(items)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        reason: expect.stringContaining(
          'lists/sessions.html: the export\'s "Sessions" list (1 entry) is not stored',
        ),
      }),
    ]);
  });

  it("the summary page's owner has no user id in HTML: stored under his username, a warning names him and keeps the rows", async () => {
    const items = await parse('export_results.html');
    // The username is an identifier of the account: his name and phone are tied to it (HasPhone).
    expect(rows(items, 'tg_users')).toEqual([
      {
        evidenceId: 'ev',
        locator: 'personal_information',
        userId: 'tg:@owner_kz',
        username: 'owner_kz',
        displayName: 'Owner Suspect',
        phone: 'phone:+77019998877',
      },
    ]);
    expect(items.filter((i) => i.kind === 'record')).toHaveLength(1);
    const [w, ...rest] = issues(items);
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ severity: 'warning', locator: 'personal_information' });
    expect(w!.reason).toContain('"Owner Suspect", phone:+77019998877, @owner_kz');
    expect(w!.reason).toContain('stored under his username tg:@owner_kz');
    expect(JSON.parse(w!.raw!)).toEqual({
      'First name': 'Owner',
      'Last name': 'Suspect',
      'Phone number': '+7 701 999 8877',
      Username: '@owner_kz',
    });
  });

  it('an owner without a username: nothing can name the account, nothing is stored, the warning says so', async () => {
    const page = (await readFile(new URL('export_results.html', ROOT), 'utf8')).replace('@owner_kz', '');
    const ctx = {
      evidenceId: 'ev',
      fileName: 'export_results.html',
      relativePath: 'export_results.html',
      folder: '/x',
    };
    const items: ParseItem[] = [];
    for await (const it of parseTelegramHtml(chunked(enc.encode(page), 64), ctx)) items.push(it);
    expect(items.filter((i) => i.kind === 'record')).toEqual([]);
    const [w, ...rest] = issues(items);
    expect(rest).toEqual([]);
    expect(w!.reason).toContain('"Owner Suspect", phone:+77019998877) is not stored as a Telegram user');
    expect(w!.reason).toContain('no username');
  });

  it('gives the same items whatever the chunk size', async () => {
    for (const rel of ['lists/contacts.html', 'lists/chats.html', 'export_results.html'])
      expect(await parse(rel, 5)).toEqual(await parse(rel, 1 << 20));
  });
});
