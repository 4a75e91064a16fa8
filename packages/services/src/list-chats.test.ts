import type { MessageRow, ParsedRecord } from '@dragnet/core/model/tables.ts';
import { describe, expect, it } from 'vitest';
import { listChats, resolveChat } from './list-chats.ts';
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

  it('lists a chat that has messages but no chat row (an export cut before its header) as unknown', async () => {
    const store = await memoryCase([chat(1), message(1, 1), message(9, 2)]);
    const { chats } = await listChats(store);
    expect(chats.map((c) => [c.chatId, c.type, c.messages])).toEqual([
      ['tg:chat:1', 'group', 1],
      ['tg:chat:9', 'unknown', 1],
    ]);
  });

  it("names a private chat held by both sides' phones by both sides' names, whichever came first", async () => {
    const dm = (title: string, ev: string): ParsedRecord => ({
      table: 'chats',
      row: {
        chatId: 'tg:chat:1001_3001',
        type: 'private',
        title,
        username: null,
        evidenceId: ev,
        locator: 'chat:1',
      },
    });
    for (const order of [
      [dm('Ivan', 'a'), dm('Boss', 'b')],
      [dm('Boss', 'b'), dm('Ivan', 'a')],
    ]) {
      const { chats } = await listChats(await memoryCase(order));
      expect(chats.map((c) => [c.chatId, c.title, c.evidenceFiles])).toEqual([
        ['tg:chat:1001_3001', 'Boss ↔ Ivan', 2],
      ]);
    }
    // With the two people's names in the case: by them, in id order, whatever the phones called each other.
    const user = (userId: string, displayName: string): ParsedRecord => ({
      table: 'tg_users',
      row: { userId, username: null, displayName, phone: null, evidenceId: 'a', locator: 'message:1' },
    });
    const { chats } = await listChats(
      await memoryCase([dm('Шеф', 'a'), user('tg:user:3001', 'Ivan'), user('tg:user:1001', 'Boss Main')]),
    );
    expect(chats.map((c) => c.title)).toEqual(['Boss Main ↔ Ivan']);
  });
});

describe('resolveChat', () => {
  const pair = (id: string): ParsedRecord => ({
    table: 'chats',
    row: {
      chatId: id,
      type: 'private',
      title: 'Boss',
      username: null,
      evidenceId: 'ev',
      locator: 'chat:1001',
    },
  });

  it("takes a private chat's pair id with or without its prefix, and the other side's id when one chat has it", async () => {
    const store = await memoryCase([pair('tg:chat:1001_3001'), chat(5)]);
    expect(await resolveChat(store, 'tg:chat:1001_3001')).toBe('tg:chat:1001_3001');
    expect(await resolveChat(store, '3001_1001')).toBe('tg:chat:1001_3001');
    expect(await resolveChat(store, '1001')).toBe('tg:chat:1001_3001');
    expect(await resolveChat(store, '5')).toBe('tg:chat:5');
  });

  it("takes any title a chat's rows give, and names every chat that has it when several do", async () => {
    const titled = (id: string, title: string, ev: string): ParsedRecord => ({
      table: 'chats',
      row: { chatId: id, type: 'private', title, username: null, evidenceId: ev, locator: 'chat:1' },
    });
    const store = await memoryCase([
      titled('tg:chat:1001_3001', 'Ivan', 'a'),
      titled('tg:chat:1001_3001', 'Boss', 'b'),
      titled('tg:chat:1001_3002', 'Ivan', 'a'),
      titled('tg:chat:1001_4002', 'Шеф', 'c'),
    ]);
    expect(await resolveChat(store, 'Шеф')).toBe('tg:chat:1001_4002');
    await expect(resolveChat(store, 'Ivan')).rejects.toThrow(
      '2 chats are titled "Ivan": tg:chat:1001_3001, tg:chat:1001_3002',
    );
  });

  it('names every private chat a bare user id is one side of, when several are', async () => {
    const store = await memoryCase([pair('tg:chat:1001_3001'), pair('tg:chat:1001_3002')]);
    await expect(resolveChat(store, '1001')).rejects.toThrow(
      '2 private chats have user 1001 on one side: tg:chat:1001_3001, tg:chat:1001_3002',
    );
  });
});
