import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TableName, TableRows } from '../../model/tables.ts';
import type { ParseItem } from '../parser.ts';
import { parseTelegramHtml } from './parse.ts';

/** Chat pages of a synthetic full-account HTML export (testdata/full-account/, written after tdesktop's layout). */
const ROOT = new URL('./testdata/full-account/', import.meta.url);

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

describe('telegram-html: media and service messages as the JSON names them', () => {
  it("a shared contact's phone, a venue's map point and a live location become mentions", async () => {
    const items = await parse('chats/chat_1/messages.html');
    const byMessage = (id: string) =>
      rows(items, 'mentions')
        .filter((m) => m.messageId === id)
        .map((m) => ({ identifier: m.identifier, kind: m.kind, validated: m.validated, source: m.source }));
    expect(byMessage('2')).toEqual([
      { identifier: 'phone:+77015554433', kind: 'phone', validated: true, source: 'entity' },
    ]);
    // ` - vCard` after the phone is the exporter's, not the number's.
    expect(byMessage('3')).toEqual([
      { identifier: 'phone:+77015554434', kind: 'phone', validated: true, source: 'entity' },
    ]);
    expect(byMessage('4')).toEqual([
      { identifier: 'geo:43.238949,76.889709', kind: 'coordinates', validated: true, source: 'entity' },
    ]);
    expect(byMessage('5')).toEqual([
      { identifier: 'geo:43.250000,76.900000', kind: 'coordinates', validated: true, source: 'entity' },
    ]);
    // A live location without its map link: the status line's coordinates.
    expect(byMessage('6')).toEqual([
      { identifier: 'geo:43.260000,76.910000', kind: 'coordinates', validated: true, source: 'entity' },
    ]);
  });

  it('media kinds: a round video is video_message, the sticker fallback sticker, as in the JSON', async () => {
    const items = await parse('chats/chat_1/messages.html');
    const kind = new Map(rows(items, 'messages').map((m) => [m.messageId, m.mediaKind]));
    expect([2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => kind.get(String(i)))).toEqual([
      'contact',
      'contact',
      'venue',
      'live_location',
      'live_location',
      'video_message',
      'animation',
      'video_file',
      'sticker',
      'photo',
    ]);
  });

  it('topics, boosts and screenshots get their JSON action and their actor', async () => {
    const items = await parse('chats/chat_1/messages.html');
    const svc = rows(items, 'messages')
      .filter((m) => Number(m.messageId) >= 12)
      .map((m) => [m.messageId, m.action, m.authorName]);
    expect(svc).toEqual([
      ['12', 'topic_created', 'Boss'],
      ['13', 'boost_apply', 'Boss'],
      ['14', 'boost_apply', 'Courier Almaty'],
      ['15', 'topic_edit', 'Boss'],
      ['16', 'take_screenshot', 'Boss'],
    ]);
  });
});
