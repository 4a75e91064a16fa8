import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvidenceRow, ParsedRecord } from '@dragnet/core/model/tables.ts';
import { MemoryStore } from '@dragnet/core/store/memory-store.ts';
import { type NewEvidence, RecordRejected, type RecordSink } from '@dragnet/core/store/store.ts';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { EVIDENCE_DIR } from './case-folder.ts';
import { ingestFiles } from './ingest-files.ts';

/** Temporary folders the tests made, removed once the file's tests are done. */
const made: string[] = [];
afterAll(async () => {
  for (const d of made) await rm(d, { recursive: true, force: true });
});

/** An old-format channel export (no `date_unixtime`): one message per date, each with a phone number. */
function channel(id: number, dates: string[]): string {
  return JSON.stringify({
    name: `Chan ${id}`,
    type: 'public_channel',
    id,
    messages: dates.map((date, i) => ({
      id: i + 1,
      type: 'message',
      date,
      from: 'Shop',
      from_id: 'user1',
      text: `Клад сделан, фото и координаты 42.3417, 69.5901 звони +7 701 111 22 3${i}`,
    })),
  });
}

/** A folder a.json, m.json, z.json (m.json holds `middle`) next to an empty case folder. */
async function folder(middle: string): Promise<{ dir: string; caseDir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'dragnet-ingest-'));
  made.push(dir);
  await mkdir(join(dir, 'in'));
  await writeFile(join(dir, 'in', 'a.json'), channel(1, ['2024-03-01T10:00:00', '2024-03-01T10:01:00']));
  await writeFile(join(dir, 'in', 'm.json'), middle);
  await writeFile(join(dir, 'in', 'z.json'), channel(3, ['2024-03-01T11:00:00']));
  await mkdir(join(dir, 'case', EVIDENCE_DIR), { recursive: true });
  return { dir, caseDir: join(dir, 'case') };
}

/** A memory store whose sink throws `refuse(record)` (when it gives one) instead of adding the record. */
class RefusingStore extends MemoryStore {
  constructor(private readonly refuse: (r: ParsedRecord) => Error | undefined) {
    super();
  }

  override ingest(evidence: NewEvidence, fill: (sink: RecordSink) => Promise<void>): Promise<EvidenceRow> {
    return super.ingest(evidence, (sink) =>
      fill({
        ...sink,
        add: async (r) => {
          const e = this.refuse(r);
          if (e) throw e;
          await sink.add(r);
        },
      }),
    );
  }
}

async function all<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

const now = () => new Date('2026-01-01');

describe('ingest: one bad record never fails the ingest', () => {
  it('a message with an impossible time is quarantined; its file and the files after it go in', async () => {
    const { dir, caseDir } = await folder(
      channel(2, [
        '2024-03-01T10:00:00',
        '2024-03-01T25:61:00',
        '2024-02-31T10:00:00',
        '2024-03-01T12:00:00',
      ]),
    );
    const store = new MemoryStore();
    await store.init();
    const results = await ingestFiles(store, caseDir, [join(dir, 'in')], { now });
    expect(results.map((r) => [r.path.slice(-6), r.quarantined])).toEqual([
      ['a.json', 0],
      ['m.json', 2],
      ['z.json', 0],
    ]);
    expect(results[1]!.issues.filter((i) => i.severity === 'quarantine')).toEqual([
      expect.objectContaining({ locator: 'message:2', reason: expect.stringMatching(/no hour 25/) }),
      expect.objectContaining({
        locator: 'message:3',
        reason: expect.stringMatching(/February 2024 has no day 31/),
      }),
    ]);
    const messages = await all(store.scan('messages', { orderBy: ['chatId', 'messageId'] }));
    expect(messages.map((m) => [m.chatId, m.messageId, m.timestamp])).toEqual([
      ['tg:chat:1', '1', '2024-03-01T10:00:00.000Z'],
      ['tg:chat:1', '2', '2024-03-01T10:01:00.000Z'],
      ['tg:chat:2', '1', '2024-03-01T10:00:00.000Z'],
      ['tg:chat:2', '4', '2024-03-01T12:00:00.000Z'],
      ['tg:chat:3', '1', '2024-03-01T11:00:00.000Z'],
    ]);
    // The raw message is kept with the quarantine.
    const q = await all(store.scan('issues', { where: { severity: 'quarantine' }, orderBy: ['locator'] }));
    expect(q.map((i) => i.raw)).toEqual([expect.stringContaining('25:61'), expect.stringContaining('02-31')]);
  });

  it('a record the store refuses is quarantined with the store’s reason, with the mentions and labels of its message', async () => {
    const { dir, caseDir } = await folder(
      channel(2, ['2024-03-01T10:00:00', '2024-03-01T10:01:00', '2024-03-01T10:02:00']),
    );
    const store = new RefusingStore((r) =>
      r.table === 'messages' && r.row.chatId === 'tg:chat:2' && r.row.messageId === '1'
        ? new RecordRejected('messages', r.row, 'messages.timestamp: not a real time: "x"')
        : undefined,
    );
    await store.init();
    const results = await ingestFiles(store, caseDir, [join(dir, 'in')], { now });
    expect(results.map((r) => r.path.slice(-6))).toEqual(['a.json', 'm.json', 'z.json']);
    const m = results[1]!;
    const q = m.issues.filter((i) => i.severity === 'quarantine');
    expect(q[0]).toEqual({
      locator: 'message:1',
      severity: 'quarantine',
      reason: 'message:1: messages.timestamp: not a real time: "x"; record not stored',
    });
    expect(q.length).toBeGreaterThan(1);
    for (const i of q.slice(1)) {
      expect(i.locator).toBe('message:1');
      expect(i.reason).toMatch(
        /^(mentions|message_labels) record of message:1 not stored: its message was refused/,
      );
    }
    expect(m.quarantined).toBe(q.length);
    const ev = m.sha256;
    const messages = await all(store.scan('messages', { where: { evidenceId: ev } }));
    expect(messages.map((r) => r.messageId).sort()).toEqual(['2', '3']);
    // The author's user row came between the message and its mentions: it is a fact of its own, kept.
    expect(
      (await all(store.scan('tg_users', { where: { evidenceId: ev } }))).map((u) => u.locator),
    ).toContain('message:1');
    for (const t of ['mentions', 'message_labels'] as const) {
      const left = await all(store.scan(t, { where: { evidenceId: ev } }));
      expect(left.length).toBeGreaterThan(0);
      expect(left.filter((r) => r.locator === 'message:1')).toEqual([]);
    }
    // The raw record is kept with the quarantine.
    const stored = await all(store.scan('issues', { where: { evidenceId: ev, locator: 'message:1' } }));
    expect(stored[0]!.raw).toContain('"messageId":"1"');
  });

  it('any other store failure still stops the file (nothing of it is kept) and says so', async () => {
    const { dir, caseDir } = await folder(channel(2, ['2024-03-01T10:00:00']));
    const store = new RefusingStore((r) =>
      r.table === 'messages' && r.row.chatId === 'tg:chat:2' ? new Error('disk full') : undefined,
    );
    await store.init();
    // A failure no parser foresaw names the file it met (the stack is kept as the cause).
    await expect(ingestFiles(store, caseDir, [join(dir, 'in')], { now })).rejects.toThrow(
      /^\S*in\/m\.json: disk full$/,
    );
    expect((await all(store.scan('evidence'))).map((e) => e.originalName)).toEqual(['a.json']);
  });
});

describe('ingest: the folder walk (docs/cli.md, "ingest")', () => {
  /** A folder as a phone's export arrives: a chat export, photos, a PDF, Thumbs.db, .DS_Store, a zip. */
  async function phone(): Promise<{ dir: string; caseDir: string }> {
    const { dir, caseDir } = await folder(channel(2, ['2024-03-01T10:00:00']));
    const p = join(dir, 'phone1');
    await mkdir(join(p, 'ChatExport_1', 'photos'), { recursive: true });
    await writeFile(join(p, 'ChatExport_1', 'result.json'), channel(7, ['2024-03-02T10:00:00']));
    await writeFile(join(p, 'ChatExport_1', 'photos', 'photo_1.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    await writeFile(join(p, 'lab_report.pdf'), '%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n');
    await writeFile(join(p, 'Thumbs.db'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
    await writeFile(join(p, '.DS_Store'), 'x');
    // A zipped export under a name that does not say so: told by its bytes, unpacked, its files read; an entry that
    // climbs out of the archive is not written.
    await writeFile(
      join(p, 'family.bin'),
      zipSync({
        'Family/result.json': new TextEncoder().encode(channel(9, ['2024-03-03T10:00:00'])),
        'Family/css/style.css': new TextEncoder().encode('body{}'),
        '../evil.json': new TextEncoder().encode('{}'),
      }),
    );
    // Bytes that start like a ZIP and hold nothing more.
    await writeFile(join(p, 'stub.zip'), Buffer.from('PK\u0003\u0004\u0014\u0000\u0000\u0000rest', 'latin1'));
    return { dir, caseDir };
  }

  it('reports every entry it skips, by its argument and its path below it, with the reason', async () => {
    const { dir, caseDir } = await phone();
    const store = new MemoryStore();
    await store.init();
    const skipped: Array<{ input: string; path: string; reason: string; label: string }> = [];
    const unreadable: Array<[string, string]> = [];
    const input = join(dir, 'phone1');
    const results = await ingestFiles(store, caseDir, [input], {
      now,
      onSkip: (s) => skipped.push(s),
      onUnreadable: (u) => unreadable.push([u.path, u.reason]),
    });
    // Bytes that start as a ZIP and hold no archive: broken evidence, said as such, and the rest goes in.
    expect(unreadable).toEqual([
      ['stub.zip', expect.stringMatching(/^a ZIP archive that could not be unpacked: .*central directory/)],
    ]);
    expect(results.map((r) => r.path)).toEqual([
      join(input, 'ChatExport_1', 'result.json'),
      `${input}/family.bin/Family/result.json`,
    ]);
    expect(results.map((r) => r.evidencePath)).toEqual([
      'phone1/ChatExport_1/result.json',
      'phone1/family.bin/Family/result.json',
    ]);
    expect(skipped.map((s) => [s.path, s.reason])).toEqual([
      ['.DS_Store', 'hidden file (its name starts with ".")'],
      ['ChatExport_1/photos/photo_1.jpg', 'format not recognised'],
      ['Thumbs.db', 'format not recognised'],
      ['family.bin/../evil.json', 'not unpacked: a path that climbs out of the archive (..)'],
      ['lab_report.pdf', 'format not recognised'],
      ['family.bin/Family/css/style.css', 'format not recognised'],
    ]);
    // The unpacked copies are gone; the files are in evidence/ as any other.
    await expect(readdir(join(caseDir, '.unpacked'))).rejects.toThrow();
    expect(await store.count('messages')).toBeGreaterThan(0);
    expect(skipped.every((s) => s.input === input)).toBe(true);
    expect(skipped[1]!.label).toBe(`${input}/ChatExport_1/photos/photo_1.jpg`);
  });

  it('takes each file once, however often the arguments name it (same folder twice, a file inside a folder given)', async () => {
    const { dir, caseDir } = await phone();
    const store = new MemoryStore();
    await store.init();
    const skipped: string[] = [];
    const input = join(dir, 'phone1');
    const results = await ingestFiles(
      store,
      caseDir,
      [
        input,
        join(dir, 'in', 'a.json'),
        `${input}/`,
        join(input, 'ChatExport_1', 'result.json'),
        join(dir, 'in'),
      ],
      { now, onSkip: (s) => skipped.push(s.path) },
    );
    expect(results.map((r) => [r.path.split('/').slice(-2).join('/'), r.duplicate])).toEqual([
      ['ChatExport_1/result.json', false],
      ['in/a.json', false],
      ['in/m.json', false],
      ['in/z.json', false],
      ['Family/result.json', false],
    ]);
    expect(skipped).toEqual([
      '.DS_Store',
      'ChatExport_1/photos/photo_1.jpg',
      'Thumbs.db',
      'family.bin/../evil.json',
      'lab_report.pdf',
      'family.bin/Family/css/style.css',
    ]);
  });

  it('reads archives inside archives three deep; the same archive twice in a run once', async () => {
    const { dir, caseDir } = await folder(channel(2, ['2024-03-01T10:00:00']));
    const enc = (t: string) => new TextEncoder().encode(t);
    let inner = zipSync({ 'deep/result.json': enc(channel(11, ['2024-03-04T10:00:00'])) });
    for (let level = 0; level < 3; level++) inner = zipSync({ [`level${level}.zip`]: inner });
    const p = join(dir, 'nested');
    await mkdir(p);
    await writeFile(join(p, 'a.zip'), inner);
    // A copy of a level-2 archive beside it: the same bytes, read once.
    const two = zipSync({ 'deep/result.json': enc(channel(12, ['2024-03-05T10:00:00'])) });
    await writeFile(join(p, 'b.zip'), two);
    await writeFile(join(p, 'c.zip'), two);
    const store = new MemoryStore();
    await store.init();
    const skipped: Array<[string, string]> = [];
    const results = await ingestFiles(store, caseDir, [p], {
      now,
      onSkip: (x) => skipped.push([x.path, x.reason]),
    });
    expect(results.map((r) => r.evidencePath)).toEqual(['nested/b.zip/deep/result.json']);
    expect(skipped).toEqual([
      ['c.zip', 'a ZIP archive already unpacked in this run'],
      ['a.zip/level2.zip/level1.zip/level0.zip', 'a ZIP archive nested more than 3 deep'],
    ]);
  });

  it('a stored ZIP (no compression) is unpacked, not read as its first file; a damaged entry is unreadable', async () => {
    const { dir, caseDir } = await folder(channel(2, ['2024-03-01T10:00:00']));
    const p = join(dir, 'stored');
    await mkdir(p);
    const zip = zipSync({
      'x/result.json': [new TextEncoder().encode(channel(13, ['2024-03-06T10:00:00'])), { level: 0 }],
      'y/result.json': [new TextEncoder().encode(channel(14, ['2024-03-07T10:00:00'])), { level: 0 }],
    });
    // One bit of y's text flipped: its CRC-32 no longer matches.
    const at = Buffer.from(zip).lastIndexOf('Chan 14');
    zip[at + 5] = '5'.charCodeAt(0);
    await writeFile(join(p, 'export.zip'), zip);
    const store = new MemoryStore();
    await store.init();
    const unreadable: Array<[string, string]> = [];
    const results = await ingestFiles(store, caseDir, [p], {
      now,
      onUnreadable: (u) => unreadable.push([u.path, u.reason]),
    });
    expect(results.map((r) => [r.evidencePath, r.format])).toEqual([
      ['stored/export.zip/x/result.json', 'telegram-json'],
    ]);
    expect(unreadable).toEqual([
      ['export.zip/y/result.json', expect.stringMatching(/^not unpacked: damaged: its CRC-32/)],
    ]);
  });

  it('names a file in progress by its argument and its path below it', async () => {
    const { dir, caseDir } = await phone();
    const store = new MemoryStore();
    await store.init();
    const labels = new Set<string>();
    await ingestFiles(store, caseDir, [join(dir, 'phone1')], { now, onProgress: (p) => labels.add(p.label) });
    expect([...labels]).toEqual([
      `${join(dir, 'phone1')}/ChatExport_1/result.json`,
      `${join(dir, 'phone1')}/family.bin/Family/result.json`,
    ]);
  });

  it('goes in by kind, canonical tables first in the order they refer to each other, then in walk order', async () => {
    const { dir, caseDir } = await folder(channel(2, ['2024-03-01T10:00:00']));
    const canonical = new URL('../../../examples/canonical/', import.meta.url).pathname;
    const { copyFile, readdir } = await import('node:fs/promises');
    for (const f of (await readdir(canonical)).filter((n) => n.endsWith('.csv')))
      await copyFile(join(canonical, f), join(dir, 'in', f));
    const store = new MemoryStore();
    await store.init();
    const results = await ingestFiles(store, caseDir, [join(dir, 'in')], { now });
    expect(results.map((r) => r.path.split('/').pop())).toEqual([
      'fx-rates.csv',
      'exchanges.csv',
      'persons.csv',
      'holders.csv',
      'transfers.csv',
      'exchange-orders.csv',
      'a.json',
      'm.json',
      'seizures.csv',
      'z.json',
    ]);
  });
});
