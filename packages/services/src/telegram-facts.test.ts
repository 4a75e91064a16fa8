import type { MentionRow, MessageRow, Store, TgUserRow } from '@dragnet/core';
import { MemoryStore } from '@dragnet/core/store/memory-store.ts';
import { describe, expect, it } from 'vitest';
import { postersOf, telegramFacts, tgUsersOfUsername } from './telegram-facts.ts';
import { testEvidence } from '@dragnet/core/store/test-evidence.ts';

const EV = 'e'.repeat(64);
const CARD = 'card:4400430158273612';

function message(
  chatId: string,
  messageId: string,
  authorId: string,
  at: string,
  action: string | null = null,
  name = authorId === 'tg:user:1' ? 'Boss' : 'Buyer',
) {
  return {
    table: 'messages' as const,
    row: {
      chatId,
      messageId,
      timestamp: at,
      authorId,
      authorName: name,
      text: 'Переводи на 4400430158273612',
      replyTo: null,
      forwardedFrom: null,
      viaBot: null,
      edited: null,
      mediaKind: null,
      action,
      evidenceId: EV,
      locator: `${chatId}/message:${messageId}`,
    } satisfies MessageRow,
  };
}
function mention(chatId: string, messageId: string, identifier = CARD) {
  return {
    table: 'mentions' as const,
    row: {
      chatId,
      messageId,
      identifier,
      kind: 'card',
      start: 12,
      end: 28,
      validated: true,
      raw: '4400430158273612',
      source: 'text',
      evidenceId: EV,
      locator: `${chatId}/message:${messageId}`,
    } satisfies MentionRow,
  };
}
function user(userId: string, username: string | null, displayName: string | null, phone: string | null) {
  return {
    table: 'tg_users' as const,
    row: {
      userId,
      username,
      displayName,
      phone,
      evidenceId: EV,
      locator: 'personal_information',
    } satisfies TgUserRow,
  };
}

async function caseWith(records: Array<{ table: 'messages' | 'mentions' | 'tg_users'; row: unknown }>) {
  const store = new MemoryStore();
  await store.ingest(testEvidence(EV), async (sink) => {
    for (const r of records) await sink.add(r as Parameters<typeof sink.add>[0]);
  });
  return store;
}

describe('postersOf', () => {
  it('counts the messages each author posted an identifier in, a kept version once, no service message; names him as most do', async () => {
    const store = await caseWith([
      message('tg:chat:10', 'u1:5', 'tg:user:1', '2024-05-01T10:00:00.000Z'),
      // The same message seen from an older phone, kept as a version (docs/formats/telegram.md).
      // … under the name he had then, the latest message: the name most messages give wins.
      message('tg:chat:10', 'u1:5~397e099b', 'tg:user:1', '2024-05-03T10:00:00.000Z', null, 'Босс'),
      message('tg:chat:11', 'u1:7', 'tg:user:1', '2024-05-02T10:00:00.000Z'),
      message('tg:chat:11', 'u1:8', 'tg:user:2', '2024-05-02T11:00:00.000Z'),
      // Same message id in another chat, not mentioning the card: not counted.
      message('tg:chat:12', 'u1:7', 'tg:user:2', '2024-05-02T12:00:00.000Z'),
      message('tg:chat:11', '9', 'tg:user:2', '2024-05-03T10:00:00.000Z', 'pin_message'),
      mention('tg:chat:10', 'u1:5'),
      mention('tg:chat:10', 'u1:5~397e099b'),
      mention('tg:chat:11', 'u1:7'),
      mention('tg:chat:11', 'u1:8'),
      mention('tg:chat:11', '9'),
    ]);
    const posters = (await postersOf(store, [CARD])).get(CARD)!;
    expect(posters.map((p) => `${p.author} ${p.name} ${p.messages} ${p.chats} ${p.records.length}`)).toEqual([
      'tg:user:1 Boss 2 2 3',
      'tg:user:2 Buyer 1 1 1',
    ]);
    expect(await postersOf(store, ['card:4111111111111111'])).toEqual(new Map());
  });

  it("reads each chat's mentioned messages only, not every chat's message of the same id", async () => {
    const store = await caseWith([
      message('tg:chat:10', '1', 'tg:user:1', '2024-05-01T10:00:00.000Z'),
      mention('tg:chat:10', '1'),
      // Message 1 of thirty other chats: the same id, another message.
      ...Array.from({ length: 30 }, (_, i) =>
        message(`tg:chat:${100 + i}`, '1', 'tg:user:2', '2024-05-01T10:00:00.000Z'),
      ),
    ]);
    let read = 0;
    const scan = store.scan.bind(store) as Store['scan'];
    (store as { scan: Store['scan'] }).scan = async function* (table, options) {
      for await (const row of scan(table, options)) {
        if (table === 'messages') read++;
        yield row;
      }
    } as Store['scan'];
    const posters = (await postersOf(store, [CARD])).get(CARD)!;
    expect(posters.map((p) => `${p.author} ${p.messages}`)).toEqual(['tg:user:1 1']);
    expect(read).toBe(1);
  });
});

describe('telegramFacts', () => {
  it('leaves out the name an earlier parser took from a mention_name ("Шефу": the writer\'s form), keeps the author\'s', async () => {
    const legacy = (locator: string, name: string) => ({
      table: 'tg_users' as const,
      row: { userId: 'tg:user:1', username: null, displayName: name, phone: null, evidenceId: EV, locator },
    });
    const named = (locator: string, raw: string) => ({
      table: 'mentions' as const,
      row: { ...mention('tg:chat:6', '5', 'tg:user:1').row, kind: 'tg', raw, source: 'entity', locator },
    });
    const store = await caseWith([
      // Message 5, by a buyer, names the boss "Шефу" (a mention_name): stored as a name by parsers before fix/prof.
      {
        ...message('tg:chat:6', '5', 'tg:user:2', '2024-05-01T10:00:00.000Z'),
        row: {
          ...message('tg:chat:6', '5', 'tg:user:2', '2024-05-01T10:00:00.000Z').row,
          locator: 'chat:6/message:5',
        },
      },
      named('chat:6/message:5', 'Шефу'),
      legacy('chat:6/message:5', 'Шефу'),
      // The same message from another phone: its Mentions row was not stored again, its tg_users row was.
      legacy('message:5', 'Шефу'),
      // Message 6, by the boss himself, as "Boss": his name, whatever mentions it.
      {
        ...message('tg:chat:6', '6', 'tg:user:1', '2024-05-01T11:00:00.000Z'),
        row: {
          ...message('tg:chat:6', '6', 'tg:user:1', '2024-05-01T11:00:00.000Z').row,
          locator: 'chat:6/message:6',
        },
      },
      named('chat:6/message:6', 'Boss'),
      legacy('chat:6/message:6', 'Boss'),
    ]);
    const f = await telegramFacts(store, 'tg:user:1', async () => []);
    expect(f.names.map((n) => n.value)).toEqual(['Boss']);
  });

  it("gives an account's names, usernames (tg:@, lowercase) and phones, and a username's accounts", async () => {
    const store = await caseWith([
      user('tg:user:1', 'Boss_B', 'Boss Main', 'phone:+77011110001'),
      user('tg:user:1', 'boss_a', 'Шеф', 'phone:+77011110001'),
      user('tg:user:1', null, 'Босс', null),
    ]);
    // The spellings of each username the case holds (the server's case index notes them).
    const spellings: Record<string, string[]> = { 'tg:@boss_b': ['Boss_B'], 'tg:@boss_a': ['boss_a'] };
    const byUsername = (n: string) => tgUsersOfUsername(store, n, spellings[n] ?? []);
    const f = await telegramFacts(store, 'tg:user:1', byUsername);
    expect(f.names.map((x) => x.value).sort()).toEqual(['Boss Main', 'Босс', 'Шеф']);
    expect(f.usernames.map((x) => x.value)).toEqual(['tg:@boss_a', 'tg:@boss_b']);
    expect(f.phones).toEqual([
      {
        value: 'phone:+77011110001',
        records: [{ evidenceId: EV, locator: 'personal_information' }],
        recordsTotal: 1,
      },
    ]);
    expect((await telegramFacts(store, 'tg:@boss_b', byUsername)).accounts.map((a) => a.value)).toEqual([
      'tg:user:1',
    ]);
  });
});
