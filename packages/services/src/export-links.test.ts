import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedRecord } from '@dragnet/core/model/tables.ts';
import { parseTelegramJson } from '@dragnet/core/parsers/telegram-json/parse.ts';
import { MemoryStore } from '@dragnet/core/store/memory-store.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { exportCase } from './export-case.ts';

const FIXTURES = new URL('../../../../shared/fixtures/third-party/telegram/', import.meta.url);

/** A current-format supergroup export: ids on forwards, service actions that give MemberOf and Admin. */
const CURRENT = JSON.stringify({
  name: 'Shop chat',
  type: 'private_supergroup',
  id: 1500,
  messages: [
    {
      id: 1,
      type: 'service',
      date: '2025-03-01T10:00:00',
      date_unixtime: '1740823200',
      actor: 'Owner',
      actor_id: 'user10',
      action: 'create_group',
      title: 'Shop chat',
      members: [],
      text: '',
    },
    {
      id: 2,
      type: 'service',
      date: '2025-03-01T10:01:00',
      date_unixtime: '1740823260',
      actor: 'Buyer',
      actor_id: 'user20',
      action: 'join_group_by_link',
      inviter: 'Group',
      text: '',
    },
    {
      id: 3,
      type: 'service',
      date: '2025-03-01T10:02:00',
      date_unixtime: '1740823320',
      actor: 'Mod',
      actor_id: 'user30',
      action: 'edit_group_title',
      title: 'Shop chat',
      text: '',
    },
    {
      id: 4,
      type: 'message',
      date: '2025-03-01T10:03:00',
      date_unixtime: '1740823380',
      from: 'Buyer',
      from_id: 'user20',
      forwarded_from: 'Big Channel',
      forwarded_from_id: 'channel777',
      text: 'look at this',
    },
    {
      id: 5,
      type: 'message',
      date: '2025-03-01T10:04:00',
      date_unixtime: '1740823440',
      from: 'Buyer',
      from_id: 'user20',
      forwarded_from: 'Stranger',
      forwarded_from_id: 'user99',
      text: 'and this',
    },
    {
      id: 6,
      type: 'message',
      date: '2025-03-01T10:05:00',
      date_unixtime: '1740823500',
      from: 'Buyer',
      from_id: 'user20',
      text: 'card 4400 4300 0000 0007',
    },
    {
      // A channel posting in its discussion group: its author is a chat known from nothing else.
      id: 7,
      type: 'message',
      date: '2025-03-01T10:06:00',
      date_unixtime: '1740823560',
      from: 'Linked Channel',
      from_id: 'channel888',
      text: 'new post',
    },
  ],
});

async function parsedInto(store: MemoryStore, id: string, name: string, text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  await store.ingest(
    {
      id,
      size: bytes.length,
      originalName: name,
      path: name,
      storedPath: `evidence/${id}`,
      format: 'telegram-json',
      parserVersion: '1',
      source: null,
      ingestedAt: '2026-01-01T00:00:00Z',
    },
    async (sink) => {
      async function* one() {
        yield bytes;
      }
      for await (const it of parseTelegramJson(one(), { evidenceId: id, fileName: name }))
        if (it.kind === 'record') await sink.add(it.record as ParsedRecord);
    },
  );
}

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function telegramCase(): Promise<{ store: MemoryStore; dir: string }> {
  const store = new MemoryStore();
  await store.init();
  await parsedInto(store, 'evcur', 'result.json', CURRENT);
  for (const f of ['innerdvations_public_supergroup.json', 'innerdvations_saved.json']) {
    await parsedInto(store, `ev-${f}`, f, await readFile(new URL(f, FIXTURES), 'utf8'));
  }
  const dir = await mkdtemp(join(tmpdir(), 'dragnet-links-'));
  dirs.push(dir);
  return { store, dir };
}

describe('Telegram links in the exports (Posted, Forwarded, MemberOf, Admin, Mentions)', () => {
  it('ftm writes one link entity per posted, forwarded and mentioning message and one per membership', async () => {
    const { store, dir } = await telegramCase();
    const out = join(dir, 'case.ftm.json');
    const result = await exportCase(store, 'ftm', out);
    const lines = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; schema: string; properties: Record<string, string[]> });
    const of = (schema: string) => lines.filter((l) => l.schema === schema);
    const linkCount = ['DragnetPosted', 'DragnetForwarded', 'Mention', 'Membership'].reduce(
      (n, s) => n + of(s).length,
      0,
    );
    expect(linkCount).toBeGreaterThan(0);
    expect(result.links).toBe(linkCount);

    const posted = of('DragnetPosted').find((l) => l.id === 'posted:tg:chat:1500:4')!;
    expect(posted.properties).toMatchObject({
      author: ['tg:user:20'],
      message: ['message:tg:chat:1500:4'],
      proof: ['evcur#message:4'],
    });
    // Every message (not a service action) with an author id is posted by it, the fixtures' old exports
    // included; a channel's own posts and service messages are not.
    let authored = 0;
    for await (const m of store.scan('messages'))
      if (m.authorId && m.authorId !== m.chatId && (m.action === null || m.action === 'unsupported'))
        authored++;
    expect(authored).toBeGreaterThan(10);
    expect(of('DragnetPosted')).toHaveLength(authored);
    expect(of('DragnetPosted').some((l) => l.id === 'posted:tg:chat:1500:2')).toBe(false);

    const fwd = of('DragnetForwarded');
    expect(fwd.find((l) => l.id === 'forwarded:tg:chat:1500:4')!.properties['source']).toEqual([
      'tg:chat:777',
    ]);
    expect(fwd.find((l) => l.id === 'forwarded:tg:chat:1500:5')!.properties['source']).toEqual([
      'tg:user:99',
    ]);
    // The fixtures' old exports name the original sender only: the link keeps the name, no invented id.
    const named = fwd.filter((l) => l.properties['sourceName']);
    expect(named.length).toBeGreaterThan(0);
    expect(named.map((l) => l.properties['sourceName']![0])).toContain('Other Person');
    expect(named.every((l) => !l.properties['source'])).toBe(true);
    // Both forwarded-from parties are entities, so every link has two ends.
    const ids = new Set(lines.map((l) => l.id));
    expect(ids.has('tg:chat:777') && ids.has('tg:user:99')).toBe(true);
    // So is a channel posting in the group, and every other end of every link.
    expect(of('DragnetPosted').some((l) => l.properties['author']![0] === 'tg:chat:888')).toBe(true);
    for (const l of lines)
      for (const k of ['author', 'message', 'source', 'member', 'organization', 'document', 'resolved'])
        for (const end of l.properties[k] ?? []) expect(ids.has(end), `${l.id} ${k} ${end}`).toBe(true);

    const memberships = of('Membership').map((l) => [l.id, l.properties['role']]);
    expect(memberships).toEqual(
      expect.arrayContaining([
        ['membership:admin:tg:user:10:tg:chat:1500', ['creator']],
        ['membership:member:tg:user:20:tg:chat:1500', ['member']],
        ['membership:admin:tg:user:30:tg:chat:1500', ['admin']],
      ]),
    );
    // The fixture supergroup's creator (create_group) is its admin.
    expect(of('Membership').some((l) => l.properties['organization']![0] !== 'tg:chat:1500')).toBe(true);

    const mention = of('Mention').find((l) => l.properties['resolved']![0] === 'card:4400430000000007')!;
    expect(mention.properties['document']).toEqual(['message:tg:chat:1500:6']);
  });

  it('graphml and gexf draw Posted (author → chat), Forwarded (chat → source), MemberOf and Admin edges', async () => {
    const { store, dir } = await telegramCase();
    for (const format of ['graphml', 'gexf'] as const) {
      const out = join(dir, `case.${format}`);
      const result = await exportCase(store, format, out);
      const xml = await readFile(out, 'utf8');
      const edges = [
        ...xml.matchAll(
          format === 'graphml'
            ? /<edge [^>]*source="([^"]*)" target="([^"]*)"><data key="ekind">(\w+)<\/data><data key="count">(\d+)/g
            : /<edge [^>]*source="([^"]*)" target="([^"]*)" weight="(\d+)"><attvalues><attvalue for="ekind" value="(\w+)"/g,
        ),
      ].map((m) =>
        format === 'graphml' ? `${m[3]} ${m[1]} ${m[2]} ${m[4]}` : `${m[4]} ${m[1]} ${m[2]} ${m[3]}`,
      );
      expect(result.links).toBe(edges.length);
      expect(edges).toEqual(
        expect.arrayContaining([
          'Posted tg:user:20 tg:chat:1500 3',
          'Forwarded tg:chat:1500 tg:chat:777 1',
          'Forwarded tg:chat:1500 tg:user:99 1',
          'Admin tg:user:10 tg:chat:1500 1',
          'MemberOf tg:user:20 tg:chat:1500 1',
          'Admin tg:user:30 tg:chat:1500 1',
          'Mentions tg:chat:1500 card:4400430000000007 1',
        ]),
      );
      const kinds = new Set(edges.map((e) => e.split(' ')[0]));
      expect([...kinds].sort()).toEqual(['Admin', 'Forwarded', 'MemberOf', 'Mentions', 'Posted']);
      // A forwarded-from user known from nothing else is a TelegramUser node, not a Person.
      if (format === 'graphml')
        expect(xml).toMatch(
          /<node id="tg:user:99"><data key="label">[^<]*<\/data><data key="kind">TelegramUser</,
        );
    }
  });

  it('a basic group upgraded to a supergroup: one MigratedTo link, its service messages from every phone as proof', async () => {
    const store = new MemoryStore();
    await store.init();
    const service = (id: number, action: string, extra: Record<string, unknown> = {}) => ({
      id,
      type: 'service',
      date: '2024-04-25T09:00:00',
      date_unixtime: '1714017600',
      actor: 'Boss Main',
      actor_id: 'user1001',
      action,
      text: '',
      ...extra,
    });
    const basic = (name: string) =>
      JSON.stringify({
        name,
        type: 'private_group',
        id: 600001,
        messages: [service(5, 'migrate_to_supergroup')],
      });
    const upgraded = JSON.stringify({
      name: 'Склад 2',
      type: 'private_supergroup',
      id: 6000002,
      messages: [service(1, 'migrate_from_group', { title: 'Склад' })],
    });
    await parsedInto(store, 'evbasic', 'result.json', basic('Склад'));
    await parsedInto(store, 'evsuper', 'result.json', upgraded);
    const dir = await mkdtemp(join(tmpdir(), 'dragnet-links-'));
    dirs.push(dir);
    const ftm = join(dir, 'case.ftm.json');
    await exportCase(store, 'ftm', ftm);
    const links = (await readFile(ftm, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; schema: string; properties: Record<string, string[]> })
      .filter((l) => l.id.startsWith('migratedto:'));
    expect(links).toEqual([
      {
        id: 'migratedto:tg:chat:600001:tg:chat:6000002',
        schema: 'UnknownLink',
        properties: {
          subject: ['tg:chat:600001'],
          object: ['tg:chat:6000002'],
          role: ['upgraded to supergroup'],
          date: ['2024-04-25T04:00:00.000Z'],
          proof: ['evbasic#message:5', 'evsuper#message:1'],
        },
      },
    ]);
    const graphml = join(dir, 'case.graphml');
    await exportCase(store, 'graphml', graphml);
    expect(await readFile(graphml, 'utf8')).toMatch(
      /<edge [^>]*source="tg:chat:600001" target="tg:chat:6000002"><data key="ekind">MigratedTo<\/data><data key="count">1</,
    );
  });
});
