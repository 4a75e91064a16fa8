/**
 * Ingest throughput of the DuckDB store through `sink.add`, against DuckDB reading the same rows as a
 * canonical transfers.csv with its bare `read_csv` (the physical limit for this input).
 *   node --import tsx packages/store-duckdb/src/duckdb-store.bench.ts [rows=1000000]
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TransferRow } from '@dragnet/core';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDuckDbStore } from './duckdb-store.ts';

const rows = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'dragnet-bench-'));

// Pools keep the generator cheap, so the figure is the store's, not the generator's.
const stamps = Array.from({ length: 4096 }, (_, i) =>
  new Date(Date.UTC(2024, 0, 1) + i * 61_000).toISOString(),
);
const cards = Array.from({ length: 50_000 }, (_, i) => `card:440043${String(i).padStart(10, '0')}`);
const amounts = Array.from(
  { length: 10_000 },
  (_, i) => `${(i * 37) % 250_000}.${String(i % 100).padStart(2, '0')}`,
);

function transfer(i: number): TransferRow {
  return {
    id: `t${i}`,
    txId: `tx${i}`,
    timestamp: stamps[i & 4095]!,
    amount: amounts[i % 10_000]!,
    currency: 'KZT',
    fromAccount: cards[i % 50_000]!,
    toAccount: cards[(i * 7 + 13) % 50_000]!,
    fromHolder: null,
    toHolder: null,
    channel: 'card2card',
    reference: i % 10 ? null : `payment ${i}`,
    props: null,
    evidenceId: 'bench',
    locator: `row:${i + 2}`,
  };
}

function generatorOnly(): number {
  const t = performance.now();
  let x = 0;
  for (let i = 0; i < rows; i++) x += transfer(i).id.length;
  if (x < 0) console.log(x);
  return performance.now() - t;
}

interface Timing {
  ms: number;
  /** CPU seconds of the whole process (JS thread and DuckDB's threads): the fair figure on a busy machine. */
  cpu: number;
}

function since(t: number, cpu: NodeJS.CpuUsage): Timing {
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - t, cpu: (used.user + used.system) / 1e6 };
}

async function store(): Promise<Timing> {
  const s = await openDuckDbStore(join(dir, 'bench.duckdb'));
  const cpu = process.cpuUsage();
  const t = performance.now();
  await s.ingest(
    {
      id: 'bench',
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
  const timing = since(t, cpu);
  if ((await s.count('transfers')) !== rows) throw new Error('row count mismatch');
  await s.close();
  return timing;
}

async function readCsvBaseline(): Promise<Timing> {
  const csv = join(dir, 'transfers.csv');
  const fd = openSync(csv, 'w');
  let buf =
    'tx_id,timestamp,amount,currency,from_account,to_account,from_holder,to_holder,channel,reference\n';
  for (let i = 0; i < rows; i++) {
    const r = transfer(i);
    buf += `${r.txId},${r.timestamp},${r.amount},${r.currency},${r.fromAccount},${r.toAccount},,,${r.channel},${r.reference ?? ''}\n`;
    if (buf.length > 1 << 22) {
      writeSync(fd, buf);
      buf = '';
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
  const instance = await DuckDBInstance.create(join(dir, 'baseline.duckdb'));
  const conn = await instance.connect();
  const cpu = process.cpuUsage();
  const t = performance.now();
  await conn.run(`CREATE TABLE transfers AS SELECT * FROM read_csv('${csv}')`);
  const timing = since(t, cpu);
  conn.closeSync();
  instance.closeSync();
  return timing;
}

try {
  const gen = generatorOnly();
  const ours = await store();
  const base = await readCsvBaseline();
  const rate = (s: number) => Math.round(rows / s).toLocaleString('en');
  const line = (name: string, t: Timing) =>
    console.log(
      `${name.padEnd(24)} wall ${(t.ms / 1000).toFixed(2)} s (${rate(t.ms / 1000)} rows/s)  cpu ${t.cpu.toFixed(2)} s (${rate(t.cpu)} rows/cpu-s)`,
    );
  console.log(`rows: ${rows.toLocaleString('en')}; generator alone ${gen.toFixed(0)} ms`);
  line('store ingest (sink.add)', ours);
  line('duckdb bare read_csv', base);
  console.log(
    `ratio ours/read_csv: wall ${(ours.ms / base.ms).toFixed(2)}×, cpu ${(ours.cpu / base.cpu).toFixed(2)}×`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
