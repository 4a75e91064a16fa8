/**
 * Read-side costs of the DuckDB store: CPU per row of `scan('transfers')` and the time of one
 * `findTransfers` during an ingest, on a synthetic case kept between runs.
 *   node --import tsx packages/store-duckdb/src/scan.bench.ts [rows=300000] [path=/tmp/dragnet-scan-bench.duckdb]
 */
import { existsSync } from 'node:fs';
import type { TransferRow } from '@dragnet/core';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDuckDbStore } from './duckdb-store.ts';
import { columnsOf, decode, selectExpr, sqlColumn } from './table-codec.ts';

const rows = Number(process.argv[2] ?? 300_000);
const path = process.argv[3] ?? `/tmp/dragnet-scan-bench-${rows}.duckdb`;

const cards = Array.from({ length: 50_000 }, (_, i) => `card:440043${String(i).padStart(10, '0')}`);
const amounts = Array.from(
  { length: 10_000 },
  (_, i) => `${(i * 37) % 250_000}.${String(i % 100).padStart(2, '0')}`,
);
const evidence = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function transfer(i: number): TransferRow {
  return {
    id: `${evidence.slice(0, 12)}:t${i}`,
    txId: `tx${i}`,
    // Spread over ~4 years so that a one-day window is selective, as in a real case.
    timestamp: new Date(Date.UTC(2021, 0, 1) + Math.floor((i * 126_000_000_000) / rows)).toISOString(),
    amount: amounts[i % 10_000]!,
    currency: i % 5 ? 'KZT' : 'USDT',
    fromAccount: cards[i % 50_000]!,
    toAccount: cards[(i * 7 + 13) % 50_000]!,
    fromHolder: i % 3 ? null : 'IVANOV IVAN',
    toHolder: null,
    channel: 'card2card',
    reference: i % 10 ? null : `payment ${i}`,
    props: i % 4 ? null : { mcc: '6012', seq: i },
    evidenceId: evidence,
    locator: `row:${i + 2}`,
  };
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

/** The scan as it was before the line codec: every value through the binding's per-value decoding. */
async function* legacyScan(): AsyncIterable<TransferRow> {
  const cols = columnsOf('transfers');
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  await conn.run(`SET TimeZone = 'UTC'`);
  try {
    const result = await conn.stream(
      `SELECT ${cols.map((c) => selectExpr(c.type, sqlColumn(c))).join(', ')} FROM transfers`,
    );
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const columns = chunk.getColumns();
      for (let r = 0; r < chunk.rowCount; r++) {
        const row: Record<string, unknown> = {};
        for (let c = 0; c < cols.length; c++) row[cols[c]!.field] = decode(cols[c]!.type, columns[c]![r]);
        yield row as unknown as TransferRow;
      }
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

async function consume(rows: AsyncIterable<TransferRow>): Promise<[number, number]> {
  let n = 0;
  let chars = 0;
  for await (const r of rows) {
    n++;
    chars += r.amount.length + r.timestamp.length;
  }
  return [n, chars];
}

async function consumeBatches(batches: AsyncIterable<TransferRow[]>): Promise<[number, number]> {
  let n = 0;
  let chars = 0;
  for await (const batch of batches) {
    for (const r of batch) {
      n++;
      chars += r.amount.length + r.timestamp.length;
    }
  }
  return [n, chars];
}

const fresh = !existsSync(path);
let store = await openDuckDbStore(path);
try {
  if (fresh) {
    await store.ingest(
      {
        id: evidence,
        size: 0,
        originalName: 'transfers.csv',
        path: 'transfers.csv',
        storedPath: 'x',
        format: 'canonical-csv',
        parserVersion: '1',
        source: null,
        ingestedAt: '2024-01-01T00:00:00.000Z',
      },
      async (sink) => {
        for (let i = 0; i < rows; i++) await sink.add({ table: 'transfers', row: transfer(i) });
      },
    );
  }
  for (let run = 0; run < 3; run++) {
    for (const [name, rowsOf] of [
      ['scan', () => consume(store.scan('transfers'))],
      ['scanBatches', () => consumeBatches(store.scanBatches('transfers'))],
      ['per-value decode (old scan)', () => consume(legacyScan())],
    ] as const) {
      // The old path opens the file itself: DuckDB allows one instance per file.
      const legacy = name.startsWith('per-value');
      if (legacy) await store.close();
      const cpu = process.cpuUsage();
      const t = performance.now();
      const [n, chars] = await rowsOf();
      const ms = cpuMs(cpu);
      console.log(
        `${name.padEnd(28)} ${n} rows, wall ${(performance.now() - t).toFixed(0)} ms, cpu ${ms.toFixed(0)} ms = ${((ms * 1000) / n).toFixed(2)} µs/row (${chars})`,
      );
      if (legacy) store = await openDuckDbStore(path);
    }
  }
  // findTransfers as an ingest of the other end of each transfer calls it: a statement runs through time
  // (one transfer every ~6 h of the case's span), scattered probes each ask about a new stretch of days.
  for (const [name, step] of [
    ['statement-like', 50],
    ['scattered', Math.floor(rows / 300)],
  ] as const) {
    const probes = 300;
    let hits = 0;
    const t = performance.now();
    await store
      .ingest(
        {
          id: `probe-${name}-${Date.now()}`,
          size: 0,
          originalName: 'probe.csv',
          path: 'probe.csv',
          storedPath: 'x',
          format: 'canonical-csv',
          parserVersion: '1',
          source: null,
          ingestedAt: '2024-01-01T00:00:00.000Z',
        },
        async (sink) => {
          for (let p = 0; p < probes; p++) {
            const row = transfer((Math.floor(rows / 3) + p * step) % rows);
            const ms = Date.parse(row.timestamp);
            const found = await sink.findTransfers({
              amount: row.amount,
              currency: row.currency,
              from: new Date(ms - 36 * 3_600_000).toISOString(),
              to: new Date(ms + 36 * 3_600_000).toISOString(),
            });
            hits += found.length;
          }
          throw new Error('rollback');
        },
      )
      .catch(() => undefined);
    const ms = performance.now() - t;
    console.log(
      `findTransfers ${name}: ${probes} calls, ${hits} hits, ${(ms / probes).toFixed(2)} ms/call (wall)`,
    );
  }
} finally {
  await store.close();
}
