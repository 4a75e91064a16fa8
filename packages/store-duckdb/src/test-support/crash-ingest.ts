/**
 * Child process for crash tests (`node --import tsx crash-ingest.ts <db> <mode>`):
 * - `crash`: commits evidence "before" (left in the WAL: no close, no checkpoint), then starts ingesting
 *   evidence "during" without end, prints "writing" once segments have reached DuckDB, and waits to be
 *   killed with SIGKILL;
 * - `bulk`: like `crash`, but "during" is a plain transfers.csv loaded by the bulk path: once every row is
 *   in DuckDB's uncommitted state it prints "writing" and waits (the transaction never commits);
 * - `hold`: opens the store, prints "open" and keeps it open until killed.
 */
import { writeFileSync } from 'node:fs';
import type { TransferRow } from '@dragnet/core';
import { planTransfersBulk } from '@dragnet/core/parsers/canonical-csv/bulk-transfers.ts';
import { openDuckDbStore } from '../duckdb-store.ts';

const [path, mode] = process.argv.slice(2);
if (!path || (mode !== 'crash' && mode !== 'hold' && mode !== 'bulk')) {
  console.error('usage: crash-ingest.ts <db-path> crash|bulk|hold');
  process.exit(1);
}
const BULK_ROWS = 200_000;

const BEFORE_ROWS = 1000;

function transfer(evidenceId: string, i: number): TransferRow {
  return {
    id: `${evidenceId}-${i}`,
    txId: `tx${i}`,
    timestamp: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
    amount: `${i}.25`,
    currency: 'KZT',
    fromAccount: `card:${i % 97}`,
    toAccount: `card:${i % 89}`,
    fromHolder: null,
    toHolder: null,
    channel: 'card2card',
    reference: i % 5 ? null : `ref "${i}", line\nbreak`,
    props: null,
    evidenceId,
    locator: `row:${i}`,
  };
}

const store = await openDuckDbStore(path, { segmentChars: 64 * 1024 });
if (mode === 'hold') {
  process.stdout.write('open\n');
  setInterval(() => undefined, 1000);
} else {
  await store.ingest(
    {
      id: 'before',
      size: 1,
      originalName: 'before.csv',
      path: 'before.csv',
      storedPath: 'evidence/before',
      format: 'test',
      parserVersion: '1',
      source: null,
      ingestedAt: '2024-01-01T00:00:00.000Z',
    },
    async (sink) => {
      for (let i = 0; i < BEFORE_ROWS; i++)
        await sink.add({ table: 'transfers', row: transfer('before', i) });
      await sink.issue({
        evidenceId: 'before',
        locator: 'row:x',
        severity: 'quarantine',
        reason: 'bad',
        raw: 'x',
      });
    },
  );
  const during = {
    id: 'during',
    size: 1,
    originalName: 'during.csv',
    path: 'during.csv',
    storedPath: 'evidence/during',
    format: 'test',
    parserVersion: '1',
    source: null,
    ingestedAt: '2024-01-01T00:00:00.000Z',
  };
  if (mode === 'bulk') {
    const csv = `${path}.transfers.csv`;
    const lines = ['tx_id,timestamp,amount,currency,from_account,to_account'];
    for (let i = 0; i < BULK_ROWS; i++) {
      lines.push(
        `bulk-${i},${new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString()},${i}.5,KZT,card:4400431000000005,`,
      );
    }
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    writeFileSync(csv, bytes);
    const plan = planTransfersBulk(bytes.subarray(0, 65536), bytes.length, 'during');
    if ('fallback' in plan) throw new Error(plan.fallback);
    await store.ingest(during, async (sink) => {
      const bulk = sink as typeof sink & { bulkTransfersCsv: (...a: unknown[]) => Promise<object> };
      const done = await bulk.bulkTransfersCsv(csv, plan, 10);
      if ('fallback' in done) throw new Error(String(done.fallback));
      process.stdout.write('writing\n');
      await new Promise(() => undefined);
    });
  }
  await store.ingest(
    {
      id: 'during',
      size: 1,
      originalName: 'during.csv',
      path: 'during.csv',
      storedPath: 'evidence/during',
      format: 'test',
      parserVersion: '1',
      source: null,
      ingestedAt: '2024-01-01T00:00:00.000Z',
    },
    async (sink) => {
      for (let i = 0; ; i++) {
        await sink.add({ table: 'transfers', row: transfer('during', i) });
        if (i % 1000 === 0)
          await sink.issue({
            evidenceId: 'during',
            locator: `row:${i}`,
            severity: 'quarantine',
            reason: 'bad',
            raw: null,
          });
        // findTransfers waits for every loaded segment: after it, rows are in DuckDB's uncommitted state.
        if (i === 50_000) {
          await sink.findTransfers({ amount: '1.25', currency: 'KZT', from: '2024-01-01', to: '2025-01-01' });
          process.stdout.write('writing\n');
        }
        if (i > 50_000 && i % 10_000 === 0) await new Promise((r) => setTimeout(r, 5));
      }
    },
  );
}
