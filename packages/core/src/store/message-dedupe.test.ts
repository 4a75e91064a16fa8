import { describe, expect, it } from 'vitest';
import type { ChatRow, MessageRow, ParsedRecord } from '../model/tables.ts';
import { DedupeRunCache, MessageDedupe, type StoredTelegram } from './message-dedupe.ts';

const CHAT = 'tg:chat:html-0123abcd';

function message(evidenceId: string, id: number, text = `line ${id}`): MessageRow {
  return {
    evidenceId,
    locator: `message${id}`,
    chatId: CHAT,
    messageId: String(id),
    timestamp: '2024-02-05T09:01:59.000Z',
    authorId: null,
    authorName: 'A',
    text,
    replyTo: null,
    forwardedFrom: null,
    viaBot: null,
    edited: null,
    mediaKind: null,
    action: null,
  };
}

/** A store that counts how often a chat's messages are read, holding what each "committed" file stored. */
function countingStore() {
  const chats: ChatRow[] = [];
  const messages: MessageRow[] = [];
  let reads = 0;
  const lookup: StoredTelegram = {
    chats: async () => {
      const out = new Map<string, Array<Pick<ChatRow, 'type' | 'title'>>>();
      for (const c of chats)
        out.set(c.chatId, [...(out.get(c.chatId) ?? []), { type: c.type, title: c.title }]);
      return out;
    },
    messages: async function* (chatId) {
      reads++;
      for (const m of messages) if (m.chatId === chatId) yield m;
    },
  };
  /** One file through the dedupe; what it admits is stored, then committed. */
  const file = async (dedupe: MessageDedupe, evidenceId: string, records: ParsedRecord[]) => {
    const kept: ParsedRecord[] = [];
    for (const rec of records) {
      const { record } = await dedupe.admit(rec);
      if (record) kept.push(record);
    }
    for (const r of kept) {
      // The store refuses a message whose text says so (a record it cannot keep): it is quarantined, not stored.
      if (r.table === 'messages' && r.row.text === 'refused') continue;
      if (r.table === 'chats') chats.push(r.row);
      if (r.table === 'messages') messages.push(r.row);
      dedupe.stored(r);
    }
    dedupe.commit();
    return kept.filter((r) => r.table === 'messages').map((r) => (r.row as MessageRow).messageId);
  };
  return { lookup, file, reads: () => reads, messages };
}

const chat = (evidenceId: string): ParsedRecord => ({
  table: 'chats',
  row: { evidenceId, locator: 'chat', chatId: CHAT, type: 'group', title: 'T', username: null },
});

const page = (evidenceId: string, from: number, to: number): ParsedRecord[] => [
  chat(evidenceId),
  ...Array.from({ length: to - from + 1 }, (_, i) => ({
    table: 'messages' as const,
    row: message(evidenceId, from + i),
  })),
];

describe('MessageDedupe over one run of files', () => {
  it('reads a stored chat once per run, however many pages follow, and still knows every page stored', async () => {
    const s = countingStore();
    const run = new DedupeRunCache();
    const pages = Array.from({ length: 6 }, (_, k) => `e${k}`.padEnd(64, '0'));
    for (const [k, ev] of pages.entries())
      expect(
        await s.file(new MessageDedupe(ev, s.lookup, run), ev, page(ev, k * 10 + 1, k * 10 + 10)),
      ).toHaveLength(10);
    // Page 1 found no stored chat; page 2 read page 1; pages 3 … 6 read nothing.
    expect(s.reads()).toBe(1);
    // A copy of pages 2 and 5 in the same run is not stored again; a changed line is a version.
    const ev = 'f'.repeat(64);
    const copy: ParsedRecord[] = [
      ...page(ev, 11, 20),
      ...page(ev, 41, 49).slice(1),
      { table: 'messages', row: message(ev, 50, 'changed') },
    ];
    expect(await s.file(new MessageDedupe(ev, s.lookup, run), ev, copy)).toEqual(['50~ffffffff']);
    expect(s.reads()).toBe(1);
  });

  it('a message the store refused is not taken as stored by a later file of the run', async () => {
    const s = countingStore();
    const run = new DedupeRunCache();
    const [a, b, c] = ['a', 'b', 'c'].map((x) => x.repeat(64));
    await s.file(new MessageDedupe(a!, s.lookup, run), a!, page(a!, 1, 3));
    // b's message 5 is refused by the store (quarantined); 4 and 6 are stored.
    const refused: ParsedRecord[] = [
      chat(b!),
      ...[4, 5, 6].map((i) => ({
        table: 'messages' as const,
        row: message(b!, i, i === 5 ? 'refused' : `line ${i}`),
      })),
    ];
    await s.file(new MessageDedupe(b!, s.lookup, run), b!, refused);
    expect(s.messages.map((m) => m.messageId)).toEqual(['1', '2', '3', '4', '6']);
    // c holds 4 … 6 again, 5 as b wrote it: 5 is not in the case, so c stores it.
    const again: ParsedRecord[] = [
      chat(c!),
      ...[4, 5, 6].map((i) => ({
        table: 'messages' as const,
        row: message(c!, i, i === 5 ? 'refused' : `line ${i}`),
      })),
    ];
    const dedupe = new MessageDedupe(c!, s.lookup, run);
    const admitted: string[] = [];
    for (const rec of again) {
      const { record } = await dedupe.admit(rec);
      if (record?.table === 'messages') admitted.push(record.row.messageId);
    }
    expect(admitted).toEqual(['5']);
  });

  it('a file that is not committed (rolled back) leaves the run as it was', async () => {
    const s = countingStore();
    const run = new DedupeRunCache();
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    await s.file(new MessageDedupe(a, s.lookup, run), a, page(a, 1, 3));
    // b reads a's messages, admits 4 … 6, but never commits (its ingest failed).
    const failed = new MessageDedupe(b, s.lookup, run);
    for (const rec of page(b, 4, 6)) await failed.admit(rec);
    const c = 'c'.repeat(64);
    expect(await s.file(new MessageDedupe(c, s.lookup, run), c, page(c, 4, 6))).toEqual(['4', '5', '6']);
  });
});
