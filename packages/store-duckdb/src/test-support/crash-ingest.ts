/**
 * Child process for crash tests (`node --import tsx crash-ingest.ts <db> <mode>`):
 * - `crash`: commits evidence "before" (left in the WAL: no close, no checkpoint), then starts ingesting
 *   evidence "during" without end, prints "writing" once segments have reached DuckDB, and waits to be
 *   killed with SIGKILL;
 * - `hold`: opens the store, prints "open" and keeps it open until killed.
 */
import type { TransferRow } from '@dragnet/core';
import { openDuckDbStore } from '../duckdb-store.ts';

const [path, mode] = process.argv.slice(2);
if (!path || (mode !== 'crash' && mode !== 'hold')) {
  console.error('usage: crash-ingest.ts <db-path> crash|hold');
  process.exit(1);
}

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
  await store.ingest(
    {
      id: 'during',
      size: 1,
      originalName: 'during.csv',
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
