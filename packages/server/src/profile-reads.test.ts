import type { Store, TableName } from '@dragnet/core';
import { MemoryStore } from '@dragnet/core/store/memory-store.ts';
import { describe, expect, it } from 'vitest';
import { RECORDS_CAP } from './account-views.ts';
import type { EntityProfile, GraphResponse } from './api-types.ts';
import { createApp } from './app.ts';
import { testEvidence } from '@dragnet/core/store/test-evidence.ts';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const CHAT = 'tg:chat:4242';
const AUTHOR = 'tg:user:77';
/** More messages than a profile lists: reading them all to list RECORDS_CAP grew with the chat. */
const MESSAGES = RECORDS_CAP + 250;

/** The rows each table gave to scans, and the scans of `tg_users` made without a filter. */
function counted(store: MemoryStore) {
  const rows = new Map<TableName, number>();
  let wholeTgUsers = 0;
  const scan = store.scan.bind(store) as Store['scan'];
  (store as { scan: Store['scan'] }).scan = async function* (table, options) {
    if (table === 'tg_users' && !options?.where && !options?.whereIn) wholeTgUsers++;
    for await (const row of scan(table, options)) {
      rows.set(table, (rows.get(table) ?? 0) + 1);
      yield row;
    }
  } as Store['scan'];
  return {
    rows,
    wholeTgUsers: () => wholeTgUsers,
    reset: () => {
      rows.clear();
      wholeTgUsers = 0;
    },
  };
}

async function busyCase() {
  const store = new MemoryStore();
  for (const [id, from, to] of [
    [A, 0, 10],
    [B, 10, MESSAGES],
  ] as const)
    await store.ingest(testEvidence(id, { path: `${id.slice(0, 1)}/result.json` }), async (sink) => {
      if (id === A) {
        await sink.add({
          table: 'chats',
          row: {
            chatId: CHAT,
            type: 'supergroup',
            title: 'Hub',
            username: null,
            evidenceId: id,
            locator: 'chat',
          },
        });
        for (const [userId, username] of [
          [AUTHOR, 'Hub_Boss'],
          ['tg:user:78', 'hub_boss'],
          ['tg:user:79', 'other'],
        ] as const)
          await sink.add({
            table: 'tg_users',
            row: {
              userId,
              username,
              displayName: 'Boss',
              phone: null,
              evidenceId: id,
              locator: 'contacts',
            },
          });
      }
      for (let i = from; i < to; i++)
        await sink.add({
          table: 'messages',
          row: {
            chatId: CHAT,
            messageId: String(i + 1),
            timestamp: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
            authorId: AUTHOR,
            authorName: 'Boss',
            text: `message ${i + 1}`,
            replyTo: null,
            forwardedFrom: null,
            viaBot: null,
            edited: null,
            mediaKind: null,
            action: null,
            evidenceId: id,
            locator: `message:${i + 1}`,
          },
        });
    });
  const reads = counted(store);
  const app = createApp({ store, caseDir: '/cases/busy', webDist: null });
  await app.request('/api/case');
  reads.reset();
  return { app, reads };
}

const profile = async (app: Awaited<ReturnType<typeof busyCase>>['app'], id: string) =>
  (await (await app.request(`/api/entity?id=${encodeURIComponent(id)}`)).json()) as EntityProfile;

describe('an entity profile reads what it shows, not the whole of a busy chat', () => {
  it("a chat's profile lists its first messages and counts all of them per file, reading only those it lists", async () => {
    const { app, reads } = await busyCase();
    const p = await profile(app, CHAT);
    expect(p.recordsTotal).toBe(MESSAGES);
    expect(p.records.length).toBe(RECORDS_CAP);
    expect(p.records[0]).toMatchObject({ table: 'messages', evidenceId: A, locator: 'message:1' });
    expect(p.evidenceFiles.map((f) => `${f.evidenceId.slice(0, 1)} ${f.records}`)).toEqual([
      `b ${MESSAGES - 10}`,
      'a 10',
    ]);
    expect(reads.rows.get('messages') ?? 0).toBeLessThanOrEqual(RECORDS_CAP);
  });

  it("an account's profile lists the messages he wrote the same way", async () => {
    const { app, reads } = await busyCase();
    const p = await profile(app, AUTHOR);
    const messages = p.records.filter((r) => r.table === 'messages');
    expect(messages.length).toBe(RECORDS_CAP);
    expect(p.recordsTotal).toBe(MESSAGES);
    expect(p.evidenceFiles.find((f) => f.evidenceId === B)?.records).toBe(MESSAGES - 10);
    expect(reads.rows.get('messages') ?? 0).toBeLessThanOrEqual(RECORDS_CAP);
  });
});

describe('a username is looked up, not read with every tg_users row', () => {
  it('tg:@name: its accounts (any case as written) from the rows of that username only', async () => {
    const { app, reads } = await busyCase();
    const p = await profile(app, 'tg:@hub_boss');
    expect(p.telegram?.accounts.map((a) => a.value)).toEqual([AUTHOR, 'tg:user:78']);
    const g = (await (
      await app.request(`/api/entity/neighbours?id=${encodeURIComponent('tg:@hub_boss')}`)
    ).json()) as GraphResponse;
    expect(g.edges.filter((e) => e.kind === 'HasUsername').map((e) => e.source)).toEqual([
      AUTHOR,
      'tg:user:78',
    ]);
    expect(reads.wholeTgUsers()).toBe(0);
    expect(reads.rows.get('tg_users')).toBe(4);
  });
});
