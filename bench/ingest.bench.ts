/**
 * Ingest of a generated canonical transfers.csv through `dragnet ingest` (in a child process, so its
 * peak RSS is its own) against DuckDB's bare `read_csv` into a table on the same file, in the same run.
 * Default 1M rows; BENCH_SCALE=10 gives the issue's 10M.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { luhnComplete, report, scale, timeIt } from './lib.ts';

const rows = 1_000_000 * scale();
const tmp = await mkdtemp(join(tmpdir(), 'dragnet-bench-ingest-'));
const csv = join(tmp, 'transfers.csv');
const repo = new URL('..', import.meta.url).pathname;

const cards = Array.from(
  { length: 20_000 },
  (_, i) => `card:${luhnComplete(`440043${String(i).padStart(9, '0')}`)}`,
);
const out = createWriteStream(csv);
out.write(
  'tx_id,timestamp,amount,currency,from_account,to_account,from_holder,to_holder,channel,reference\n',
);
for (let i = 0; i < rows; i++) {
  const d = new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString();
  const line = `b${i},${d},${1000 + (i % 50_000)}.${String(i % 100).padStart(2, '0')},KZT,${cards[(i * 13) % cards.length]},${cards[(i * 7 + 1) % cards.length]},,,card2card,\n`;
  if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
}
await new Promise<void>((r) => out.end(r));
const size = (await stat(csv)).size;
console.log(`input: ${rows.toLocaleString('en-US')} rows, ${(size / 2 ** 20).toFixed(0)} MiB`);

const base = await timeIt(async () => {
  const db = await DuckDBInstance.create(join(tmp, 'baseline.duckdb'));
  const c = await db.connect();
  await c.run(`CREATE TABLE t AS SELECT * FROM read_csv('${csv}', header = true)`);
  const n = await c.runAndReadAll('SELECT count(*) FROM t');
  c.closeSync();
  return Number(n.getRows()[0]![0]);
});

const caseDir = join(tmp, 'case');
const bin = join(repo, 'packages/cli/bin/dragnet.js');
// The first command may (re)build the CLI bundle; the timed ones below start from it.
spawnSync(process.execPath, [bin, 'case', 'init', caseDir], { encoding: 'utf8' });
const startup = (args: string[], env: Record<string, string> = {}) => {
  const s0 = performance.now();
  spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  return (performance.now() - s0) / 1000;
};
const cliStart = Math.min(startup([bin, '--help']), startup([bin, '--help']));
const nodeStart = Math.min(startup(['-e', '0']), startup(['-e', '0']));
const tsxStart = startup([bin, '--help'], { DRAGNET_NO_BUNDLE: '1' });
console.log(`dragnet --help through tsx (DRAGNET_NO_BUNDLE=1): ${tsxStart.toFixed(2)} s`);
const t0 = performance.now();
const r = spawnSync(process.execPath, [bin, 'ingest', caseDir, csv, '--json'], {
  encoding: 'utf8',
  env: { ...process.env, DRAGNET_REPORT_RSS: '1' },
  maxBuffer: 16 << 20,
});
const ours = (performance.now() - t0) / 1000;
if (r.status !== 0) {
  console.log(`dragnet ingest failed: ${r.stderr}`);
  process.exit(1);
}
const accepted = JSON.parse(r.stdout).files[0].accepted as number;
const rss = Number(/maxRSS=(\d+)/.exec(r.stderr)?.[1] ?? 'NaN') / 1024;
console.log(`baseline rows: ${base.value}, dragnet accepted: ${accepted}`);
report({
  name: `ingest ${rows / 1e6}M transfers`,
  unit: 's',
  ours,
  baseline: base.seconds,
  baselineName: 'duckdb read_csv',
  lowerIsBetter: true,
  target: '≤ 3×',
});
report({
  name: 'ingest throughput',
  unit: 'rows/s',
  ours: accepted / ours,
  baseline: base.value / base.seconds,
  baselineName: 'duckdb read_csv',
  lowerIsBetter: false,
});
report({
  name: 'CLI start-up (--help)',
  unit: 's',
  ours: cliStart,
  baseline: nodeStart,
  baselineName: 'node -e 0',
  lowerIsBetter: true,
});
report({
  name: 'ingest peak RSS',
  unit: 'MiB',
  ours: rss,
  baseline: null,
  lowerIsBetter: true,
  target: '< 2048',
});
await rm(tmp, { recursive: true, force: true });
