import { MemoryStore } from '@dragnet/core/store/memory-store.ts';
import { describe, expect, it } from 'vitest';
import type { EntityProfile, GraphResponse } from './api-types.ts';
import { createApp } from './app.ts';
import { FIXTURE as F, FIXTURE_FINDINGS, fillFixtureCase } from './testing/fixture-case.ts';
import { testEvidence } from '@dragnet/core/store/test-evidence.ts';

const FORWARDS = 'd'.repeat(64);

/** The fixture case plus a second export of its channel: a forward from another channel, a member joining. */
async function linkedCase() {
  const store = new MemoryStore();
  await fillFixtureCase(store);
  await store.ingest(testEvidence(FORWARDS), async (sink) => {
    await sink.add({
      table: 'messages',
      row: {
        chatId: F.chat,
        messageId: '10',
        timestamp: '2025-03-02T08:00:00.000Z',
        authorId: 'tg:user:501',
        authorName: 'Admin',
        text: 'repost',
        replyTo: null,
        forwardedFrom: 'tg:chat:777',
        viaBot: null,
        edited: null,
        mediaKind: null,
        action: null,
        evidenceId: FORWARDS,
        locator: 'message:10',
      },
    });
    await sink.add({
      table: 'memberships',
      row: {
        userId: 'tg:user:502',
        chatId: F.chat,
        role: 'member',
        timestamp: '2025-03-02T07:00:00.000Z',
        evidenceId: FORWARDS,
        locator: 'message:9',
      },
    });
    await sink.add({
      table: 'tg_users',
      row: {
        userId: 'tg:user:502',
        username: null,
        displayName: 'Member',
        phone: 'phone:+77010000002',
        evidenceId: FORWARDS,
        locator: 'contacts',
      },
    });
    // The same account under an older username and name, from a contact list (the username as written).
    await sink.add({
      table: 'tg_users',
      row: {
        userId: 'tg:user:501',
        username: 'Sever_Old',
        displayName: 'Админ',
        phone: 'phone:+77010000501',
        evidenceId: FORWARDS,
        locator: 'contacts',
      },
    });
    for (const [identifier, validated] of [
      ['card:4400430000000001', true],
      ['unverified:card:4400430000000002', false],
      ['tg:@sever_old', true],
    ] as const)
      await sink.add({
        table: 'mentions',
        row: {
          chatId: F.chat,
          messageId: '10',
          identifier,
          kind: 'card',
          start: 0,
          end: 6,
          validated,
          raw: 'repost',
          source: 'text',
          evidenceId: FORWARDS,
          locator: 'message:10',
        },
      });
  });
  return createApp({ store, caseDir: '/cases/fixture', webDist: null });
}

const edgesOf = (g: GraphResponse) =>
  g.edges.map((e) => `${e.kind} ${e.source} ${e.target} ${e.count}`).sort();

describe('Telegram links in the case graph', () => {
  it("a chat's neighbours: Admin and MemberOf by role, Posted by its authors, Forwarded to the source", async () => {
    const app = await linkedCase();
    const g = (await (
      await app.request(`/api/entity/neighbours?id=${encodeURIComponent(F.chat)}`)
    ).json()) as GraphResponse;
    expect(edgesOf(g)).toEqual(
      expect.arrayContaining([
        `Admin tg:user:501 ${F.chat} 1`,
        `MemberOf tg:user:502 ${F.chat} 1`,
        `Posted tg:user:501 ${F.chat} 4`,
        `Forwarded ${F.chat} tg:chat:777 1`,
      ]),
    );
    expect(g.edges.some((e) => e.kind === 'MemberOf' && e.source === 'tg:user:501')).toBe(false);
    // An identifier that passed its check is a neighbour; a candidate that failed it (`unverified:…`) is none.
    expect(edgesOf(g)).toContain(`Mentions ${F.chat} card:4400430000000001 1`);
    expect(g.nodes.some((n) => n.id.startsWith('unverified:'))).toBe(false);
    // A channel known only as the source of a forward is drawn as a chat.
    expect(g.nodes.find((n) => n.id === 'tg:chat:777')?.kind).toBe('TelegramChat');
  });

  it('a Telegram account and its phone are neighbours (HasPhone), from either end', async () => {
    const app = await linkedCase();
    const user = (await (await app.request('/api/entity/neighbours?id=tg:user:502')).json()) as GraphResponse;
    expect(edgesOf(user)).toContain('HasPhone tg:user:502 phone:+77010000002 1');
    const phone = (await (
      await app.request(`/api/entity/neighbours?id=${encodeURIComponent('phone:+77010000002')}`)
    ).json()) as GraphResponse;
    expect(edgesOf(phone)).toEqual(['HasPhone tg:user:502 phone:+77010000002 1']);
  });

  it("a user's neighbours: Admin by role and Posted, no MemberOf for posting", async () => {
    const app = await linkedCase();
    const user = (await (await app.request('/api/entity/neighbours?id=tg:user:501')).json()) as GraphResponse;
    expect(edgesOf(user)).toEqual([
      `Admin tg:user:501 ${F.chat} 1`,
      'HasPhone tg:user:501 phone:+77010000501 1',
      'HasUsername tg:user:501 tg:@sever_admin 1',
      'HasUsername tg:user:501 tg:@sever_old 1',
      `Posted tg:user:501 ${F.chat} 4`,
    ]);
  });

  it("a Telegram account's profile: every name, username and phone its records give, each with those records", async () => {
    const app = await linkedCase();
    const p = (await (await app.request('/api/entity?id=tg:user:501')).json()) as EntityProfile;
    const facts = (k: 'names' | 'usernames' | 'phones' | 'accounts') =>
      p.telegram?.[k].map((f) => `${f.value} ${f.records.map((r) => r.locator).join(',')}`);
    expect(facts('names')).toEqual(['Admin message:1', 'Админ contacts']);
    expect(facts('usernames')).toEqual(['tg:@sever_admin message:1', 'tg:@sever_old contacts']);
    expect(facts('phones')).toEqual(['phone:+77010000501 contacts']);
    // A message mentioning one of its usernames is a record of the account.
    expect(p.identifiers).toEqual(['tg:user:501', 'tg:@sever_admin', 'tg:@sever_old']);
    expect(p.records).toContainEqual(
      expect.objectContaining({ table: 'mentions', evidenceId: FORWARDS, locator: 'message:10' }),
    );
  });

  it('the messages mentioning a Telegram account include those that mention one of its usernames', async () => {
    const app = await linkedCase();
    const page = (await (await app.request('/api/messages?identifier=tg:user:501')).json()) as {
      items: Array<{ message: { evidenceId: string; locator: string } }>;
    };
    expect(
      page.items.map(
        (i) => `${i.message.evidenceId === FORWARDS ? 'forwards' : 'fixture'} ${i.message.locator}`,
      ),
    ).toContain('forwards message:10');
  });

  it('a username is tied to the accounts whose records give it (HasUsername), whatever its case, from either end', async () => {
    const app = await linkedCase();
    const id = encodeURIComponent('tg:@sever_old');
    const g = (await (await app.request(`/api/entity/neighbours?id=${id}`)).json()) as GraphResponse;
    expect(edgesOf(g)).toEqual([
      `HasUsername tg:user:501 tg:@sever_old 1`,
      `Mentions ${F.chat} tg:@sever_old 1`,
    ]);
    const p = (await (await app.request(`/api/entity?id=${id}`)).json()) as EntityProfile;
    expect(p.telegram?.accounts).toEqual([
      { value: 'tg:user:501', records: [{ evidenceId: FORWARDS, locator: 'contacts' }], recordsTotal: 1 },
    ]);
    // A phone lists the accounts whose number it is.
    const phone = (await (
      await app.request(`/api/entity?id=${encodeURIComponent('phone:+77010000501')}`)
    ).json()) as EntityProfile;
    expect(phone.telegram?.accounts.map((a) => a.value)).toEqual(['tg:user:501']);
  });

  it("a chat's profile pages its messages", async () => {
    const app = await linkedCase();
    const p = (await (
      await app.request(`/api/entity?id=${encodeURIComponent(F.chat)}`)
    ).json()) as EntityProfile;
    expect(p.recordsTotal).toBe(4);
    expect(p.records.map((r) => `${r.table} ${r.locator}`)).toEqual([
      'messages message:1',
      'messages message:2',
      'messages message:3',
      'messages message:10',
    ]);
    expect(p.evidenceFiles.map((f) => `${f.evidenceId.slice(0, 1)} ${f.records}`)).toEqual(['b 3', 'd 1']);
  });

  it('a card posted in a chat: its profile names who posted it, with the messages, and makes no holder of him', async () => {
    const app = await linkedCase();
    const p = (await (
      await app.request(`/api/entity?id=${encodeURIComponent(F.dropper)}`)
    ).json()) as EntityProfile;
    expect(p.postedBy).toEqual([
      {
        author: 'tg:user:501',
        name: 'Admin <i>',
        messages: 1,
        chats: 1,
        records: [{ evidenceId: F.telegramFile, locator: 'message:1', chatId: F.chat, messageId: '1' }],
        isHolder: false,
      },
    ]);
    expect(p.entity.holder).not.toBe('tg:user:501');
    expect(p.holders.map((h) => h.holderName)).not.toContain('Admin');
  });

  it('a person the analysis made of a Telegram account: linked to it, and its profile lists the messages he wrote', async () => {
    const store = new MemoryStore();
    await fillFixtureCase(store);
    const courier = {
      ...FIXTURE_FINDINGS.persons[1]!,
      id: 'p:tg:user:501',
      names: ['Admin'],
      identifiers: ['tg:user:501'],
      roles: ['operator' as const],
      accounts: [],
    };
    await store.putDocument('findings', {
      ...FIXTURE_FINDINGS,
      persons: [...FIXTURE_FINDINGS.persons, courier],
    });
    const app = createApp({ store, caseDir: '/cases/fixture', webDist: null });
    const g = (await (await app.request('/api/entity/neighbours?id=p:tg:user:501')).json()) as GraphResponse;
    expect(edgesOf(g)).toContain('Holds p:tg:user:501 tg:user:501 1');
    const user = (await (await app.request('/api/entity?id=tg:user:501')).json()) as EntityProfile;
    expect(user.person?.id).toBe('p:tg:user:501');
    const messages = user.records.filter((r) => r.table === 'messages');
    expect(messages.length).toBe(3);
    expect(messages.every((r) => r.evidenceId === F.telegramFile)).toBe(true);
    expect(user.evidenceFiles.map((e) => e.evidenceId)).toContain(F.telegramFile);
  });

  it('a basic group and the supergroup it was upgraded to are neighbours (MigratedTo), from either end', async () => {
    const store = new MemoryStore();
    await fillFixtureCase(store);
    const ev = 'e'.repeat(64);
    await store.ingest(testEvidence(ev), async (sink) => {
      for (const [chatId, type, title, messageId, action] of [
        ['tg:chat:600001', 'group', 'Склад', 'u1001:5', 'migrate_to_supergroup'],
        ['tg:chat:6000002', 'supergroup', 'Склад 2', '1', 'migrate_from_group'],
      ] as const) {
        await sink.add({
          table: 'chats',
          row: { chatId, type, title, username: null, evidenceId: ev, locator: `chat:${chatId.slice(8)}` },
        });
        await sink.add({
          table: 'messages',
          row: {
            chatId,
            messageId,
            timestamp: '2024-04-25T04:00:00.000Z',
            authorId: 'tg:user:1001',
            authorName: 'Boss Main',
            text: '',
            replyTo: null,
            forwardedFrom: null,
            viaBot: null,
            edited: null,
            mediaKind: null,
            action,
            evidenceId: ev,
            locator: `chat:${chatId.slice(8)}/message:${messageId.replace(/^u1001:/, '')}`,
          },
        });
      }
    });
    const app = createApp({ store, caseDir: '/cases/fixture', webDist: null });
    for (const id of ['tg:chat:600001', 'tg:chat:6000002']) {
      const g = (await (
        await app.request(`/api/entity/neighbours?id=${encodeURIComponent(id)}`)
      ).json()) as GraphResponse;
      expect(edgesOf(g)).toContain('MigratedTo tg:chat:600001 tg:chat:6000002 1');
      expect(g.edges.find((e) => e.kind === 'MigratedTo')?.firstAt).toBe('2024-04-25T04:00:00.000Z');
    }
    // The fixture's channel was upgraded from nothing.
    const other = (await (
      await app.request(`/api/entity/neighbours?id=${encodeURIComponent(F.chat)}`)
    ).json()) as GraphResponse;
    expect(other.edges.some((e) => e.kind === 'MigratedTo')).toBe(false);
  });
});

describe("the profile's messages mentioning it (user review r33, 2)", () => {
  const json = async <T>(app: ReturnType<typeof createApp>, path: string) =>
    (await (await app.request(path)).json()) as T;
  const count = async (app: ReturnType<typeof createApp>, id: string) => ({
    profile: (await json<EntityProfile>(app, `/api/entity?id=${encodeURIComponent(id)}`)).mentioning,
    list: (await json<{ total: number }>(app, `/api/messages?identifier=${encodeURIComponent(id)}`)).total,
  });

  it('counts them as the list it links to does, 0 when nothing names it, and none for a person', async () => {
    const app = await linkedCase();
    expect(await count(app, 'tg:user:501')).toEqual({ profile: 1, list: 1 });
    expect(await count(app, F.dropper)).toEqual({ profile: 1, list: 1 });
    expect(await count(app, 'tg:@sever_old')).toEqual({ profile: 1, list: 1 });
    // Nothing names the chat: the profile says so instead of linking to an empty list.
    expect(await count(app, F.chat)).toEqual({ profile: 0, list: 0 });
    expect((await json<EntityProfile>(app, `/api/entity?id=${encodeURIComponent(F.mule)}`)).mentioning).toBe(
      null,
    );
  });

  it("a chat is mentioned by its @name (the chat's username) as an account is by its usernames", async () => {
    const store = new MemoryStore();
    await fillFixtureCase(store);
    const ev = 'e'.repeat(64);
    await store.ingest(testEvidence(ev), async (sink) => {
      await sink.add({
        table: 'mentions',
        row: {
          chatId: F.chat,
          messageId: '3',
          identifier: 'tg:@sever_shop',
          kind: 'tg',
          start: 0,
          end: 11,
          validated: true,
          raw: '@sever_shop',
          source: 'text',
          evidenceId: ev,
          locator: 'message:3',
        },
      });
    });
    const app = createApp({ store, caseDir: '/x', webDist: null });
    expect(await count(app, F.chat)).toEqual({ profile: 1, list: 1 });
  });
});
