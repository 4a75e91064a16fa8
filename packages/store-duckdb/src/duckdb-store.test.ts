import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeConformance } from '@dragnet/core/store/store.case.ts';
import type { RecordSink, TransferRow } from '@dragnet/core';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { testEvidence } from '@dragnet/core/store/test-evidence.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbStore, openDuckDbStore } from './duckdb-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'dragnet-store-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storeConformance('duckdb (file)', () => openDuckDbStore(join(dir, `case-${n++}.duckdb`), { threads: 2 }));
// Tiny segments: every few rows go to DuckDB mid-ingest, so rollback, findTransfers across loaded and
// still-staged rows, and CSV quoting over many segments are exercised.
storeConformance('duckdb (small segments)', () =>
  openDuckDbStore(join(dir, `case-${n++}.duckdb`), { threads: 2, segmentChars: 4000 }),
);

describe('duckdb bulk decimals', () => {
  it('keeps negative, tiny and widest decimals exact through the staged load', async () => {
    const store = await openDuckDbStore(join(dir, `case-${n++}.duckdb`), { threads: 2 });
    const amounts = [
      '-0.5',
      '-12',
      '-12.000000000000000001',
      '-99999999999999999999.999999999999999999',
      '99999999999999999999.999999999999999999',
      '0.000000000000000001',
      '-0.000000000000000001',
      '7',
    ];
    try {
      await store.init();
      await store.ingest(
        {
          id: 'dec',
          size: 1,
          originalName: 'dec.csv',
          path: 'dec.csv',
          storedPath: 'evidence/dec',
          format: 'canonical-transfers',
          parserVersion: '1',
          source: null,
          ingestedAt: '2024-06-01T10:00:00.000Z',
        },
        async (sink) => {
          for (const [i, amount] of amounts.entries()) {
            const row: TransferRow = {
              id: `d-${i}`,
              txId: null,
              timestamp: '2024-03-01T10:00:00.000Z',
              amount,
              currency: 'KZT',
              fromAccount: 'card:1',
              toAccount: 'card:2',
              fromHolder: null,
              toHolder: null,
              channel: 'card2card',
              reference: null,
              props: null,
              evidenceId: 'dec',
              locator: `row:${i}`,
            };
            await sink.add({ table: 'transfers', row });
          }
        },
      );
      const stored = new Map<string, string>();
      for await (const r of store.scan('transfers')) stored.set(r.id, r.amount);
      expect(amounts.map((_, i) => stored.get(`d-${i}`))).toEqual(amounts);
    } finally {
      await store.close();
    }
  });
});

describe('duckdb record ingest memory', () => {
  // 7.5 MB fits DuckDB's default line (8 MiB); 12 MB does not, and its segment is read with a buffer that fits it.
  it.each([
    ['7.5 MB', `${'klad '.repeat(1_500_000)}end`],
    ['12 MB', `${'x'.repeat(12 * 1024 * 1024)}end`],
  ])('stores a record of %s whole, under the ingest memory limit, among many small ones', async (_, long) => {
    const store = await openDuckDbStore(join(dir, `case-${n++}.duckdb`), {
      threads: 2,
      segmentChars: 64 * 1024,
    });
    const message = (i: number, text: string) => ({
      table: 'messages' as const,
      row: {
        evidenceId: 'mem',
        locator: `message:${i}`,
        chatId: 'tg:chat:1',
        messageId: String(i),
        timestamp: '2024-03-01T10:00:00.000Z',
        authorId: null,
        authorName: null,
        text,
        replyTo: null,
        forwardedFrom: null,
        viaBot: null,
        edited: null,
        mediaKind: null,
        action: null,
      },
    });
    try {
      await store.init();
      await store.ingest(
        {
          id: 'mem',
          size: 1,
          originalName: 'result.json',
          path: 'result.json',
          storedPath: 'evidence/mem',
          format: 'telegram-json',
          parserVersion: '1',
          source: null,
          ingestedAt: '2024-06-01T10:00:00.000Z',
        },
        async (sink) => {
          for (let i = 0; i < 3000; i++) await sink.add(message(i, `line ${i}`));
          await sink.add(message(3000, long));
          for (let i = 3001; i < 6000; i++) await sink.add(message(i, `line ${i}`));
        },
      );
      expect(await store.count('messages')).toBe(6000);
      let text = '';
      for await (const m of store.scan('messages', { where: { messageId: '3000' } })) text = m.text;
      expect(text.length).toBe(long.length);
    } finally {
      await store.close();
    }
  });

  // The ingest's settings are the whole database's: an ingest or a read pass that left them would slow or starve
  // whatever the process does next (a bulk load, an analysis).
  const SETTINGS = `SELECT name, value FROM duckdb_settings()
    WHERE name IN ('memory_limit', 'threads', 'allocator_background_threads') ORDER BY name`;
  const message = (i: number) => ({
    table: 'messages' as const,
    row: {
      evidenceId: 'set',
      locator: `message:${i}`,
      chatId: 'tg:chat:1',
      messageId: String(i),
      timestamp: '2024-03-01T10:00:00.000Z',
      authorId: null,
      authorName: null,
      text: `line ${i}`,
      replyTo: null,
      forwardedFrom: null,
      viaBot: null,
      edited: null,
      mediaKind: null,
      action: null,
    },
  });
  const evidence = (id: string) => testEvidence(id, { ingestedAt: '2024-06-01T10:00:00.000Z' });
  /**
   * A store on an instance whose memory limit is 2 GiB, with `settings()` reading the instance's settings on a
   * connection of its own; closed after `test`.
   */
  const withSettingsStore = async (
    test: (store: DuckDbStore, settings: () => Promise<unknown[][]>, own: DuckDBConnection) => Promise<void>,
  ) => {
    const instance = await DuckDBInstance.create(join(dir, `case-${n++}.duckdb`), { threads: '2' });
    const own = await instance.connect();
    await own.run(`SET memory_limit = '2GiB'`);
    const settings = async () => (await own.runAndReadAll(SETTINGS)).getRows();
    const store = new DuckDbStore(instance, join(dir, `staging-${n++}`), undefined, { segmentChars: 4000 });
    try {
      await store.init();
      await test(store, settings, own);
    } finally {
      await store.close();
      own.closeSync();
    }
  };
  const before = [
    ['allocator_background_threads', 'false'],
    ['memory_limit', '2.0 GiB'],
    ['threads', '2'],
  ];

  it('loads under its own settings and puts the previous ones back, whether the ingest commits or fails', () =>
    withSettingsStore(async (store, settings) => {
      let during: unknown[][] = [];
      const fill = async (sink: RecordSink) => {
        for (let i = 0; i < 500; i++) await sink.add(message(i));
        // Waits for the segments handed to DuckDB so far.
        await sink.findTransfers?.({ amount: '1', currency: 'KZT', from: '2024-01-01', to: '2024-01-02' });
        during = await settings();
      };
      await store.ingest(evidence('set'), fill);
      expect(during).toEqual([
        ['allocator_background_threads', 'true'],
        ['memory_limit', '64.0 MiB'],
        ['threads', '1'],
      ]);
      expect(await settings()).toEqual(before);
      await expect(
        store.ingest(evidence('set-2'), async (sink) => {
          await fill(sink);
          throw new Error('parser broke');
        }),
      ).rejects.toThrow('parser broke');
      expect(during[1]).toEqual(['memory_limit', '64.0 MiB']);
      expect(await settings()).toEqual(before);
      expect(await store.count('messages')).toBe(500);
    }));

  it('holds its cache small for a read pass, then as before; a lower limit stays', () =>
    withSettingsStore(async (store, settings, own) => {
      const during = await store.withSmallCache(() => settings());
      expect(during).toEqual([
        ['allocator_background_threads', 'true'],
        ['memory_limit', '64.0 MiB'],
        ['threads', '2'],
      ]);
      expect(await settings()).toEqual(before);
      await expect(
        store.withSmallCache(async () => {
          throw new Error('pass broke');
        }),
      ).rejects.toThrow('pass broke');
      expect(await settings()).toEqual(before);
      await own.run(`SET memory_limit = '32MiB'`);
      expect((await store.withSmallCache(() => settings()))[1]).toEqual(['memory_limit', '32.0 MiB']);
      expect((await settings())[1]).toEqual(['memory_limit', '32.0 MiB']);
    }));
});

describe('duckdb lookup indexes', () => {
  const ev = (id: string) => ({
    id,
    size: 1,
    originalName: `${id}.csv`,
    path: `${id}.csv`,
    storedPath: `evidence/${id}`,
    format: 'canonical-transfers',
    parserVersion: '1',
    source: null,
    ingestedAt: '2024-06-01T10:00:00.000Z',
  });
  const transfer = (evidenceId: string, i: number): TransferRow => ({
    id: `${evidenceId}-${i}`,
    txId: null,
    timestamp: '2024-03-01T10:00:00.000Z',
    amount: String(i + 1),
    currency: 'KZT',
    fromAccount: `card:${i % 5}`,
    toAccount: `card:${(i % 3) + 10}`,
    fromHolder: null,
    toHolder: null,
    channel: 'card2card',
    reference: null,
    props: null,
    evidenceId,
    locator: `row:${i}`,
  });
  const indexNames = async (file: string) => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    const c = await db.connect();
    const rows = (await c.runAndReadAll('SELECT index_name FROM duckdb_indexes() ORDER BY 1')).getRows();
    c.closeSync();
    db.closeSync();
    return rows.map((r) => String(r[0]));
  };

  it('builds them idempotently, answers lookups the same, and an ingest drops them', async () => {
    const file = join(dir, `case-${n++}.duckdb`);
    let store = await openDuckDbStore(file, { threads: 2 });
    await store.init();
    await store.ingest(ev('a'), async (sink) => {
      for (let i = 0; i < 40; i++) await sink.add({ table: 'transfers', row: transfer('a', i) });
    });
    const lookup = async () => {
      const ids: string[] = [];
      for await (const t of store.scan('transfers', {
        whereIn: { field: 'fromAccount', values: ['card:1', 'card:3'] },
      }))
        ids.push(t.id);
      for await (const t of store.scan('transfers', { where: { toAccount: 'card:11' } })) ids.push(t.id);
      return ids;
    };
    const before = await lookup();
    await store.prepareLookups();
    await store.prepareLookups();
    expect(await lookup()).toEqual(before);
    expect(before.length).toBe(16 + 13);
    await store.close();
    expect(await indexNames(file)).toEqual([
      'dragnet_mentions_identifier',
      'dragnet_transfers_from',
      'dragnet_transfers_to',
    ]);
    store = await openDuckDbStore(file, { threads: 2 });
    await store.ingest(ev('b'), async (sink) => {
      for (let i = 0; i < 10; i++) await sink.add({ table: 'transfers', row: transfer('b', i) });
    });
    expect((await lookup()).length).toBe(16 + 13 + 4 + 3);
    await store.close();
    expect(await indexNames(file)).toEqual([]);
  });
});
