import type { MessageRow, ParsedRecord } from '@dragnet/core/model/tables.ts';
import { describe, expect, it } from 'vitest';
import { listChats } from './list-chats.ts';
import { memoryCase } from './test-support/memory-case.ts';

const chat = (n: number): ParsedRecord => ({
  table: 'chats',
  row: {
    chatId: `tg:chat:${n}`,
    type: 'group',
    title: `Chat ${n}`,
    username: null,
    evidenceId: 'ev',
    locator: `chat:${n}`,
  },
});
const message = (n: number, id: number): ParsedRecord => ({
  table: 'messages',
  row: {
    chatId: `tg:chat:${n}`,
    messageId: String(id),
    timestamp: '2025-01-01T10:00:00Z',
    authorId: null,
    authorName: null,
    text: 'hi',
    replyTo: null,
    forwardedFrom: null,
    viaBot: null,
    edited: null,
    mediaKind: null,
    action: null,
    evidenceId: 'ev',
    locator: `chat:${n}/message:${id}`,
  } satisfies MessageRow,
});

describe('listChats', () => {
  it("counts every chat's messages with one grouped query, not a count per chat", async () => {
    const store = await memoryCase([chat(1), chat(2), chat(3), message(1, 1), message(1, 2), message(2, 3)]);
    let counts = 0;
    const count = store.count.bind(store);
    store.count = ((...args: Parameters<typeof count>) => {
      counts++;
      return count(...args);
    }) as typeof store.count;
    const { chats } = await listChats(store);
    expect(chats.map((c) => [c.chatId, c.messages])).toEqual([
      ['tg:chat:1', 2],
      ['tg:chat:2', 1],
      ['tg:chat:3', 0],
    ]);
    expect(counts).toBe(0);
  });
});
