/**
 * `dragnet analyze` end to end on a stored case: the synthetic transfers of analysis.bench.ts are written
 * as a canonical transfers.csv, ingested with `dragnet ingest`, then analysed by `dragnet analyze` in a
 * child process (its own wall time, CPU time and peak RSS). Default 1M transfers; BENCH_SCALE=10 is the
 * issue's 10M [< 120 s, < 4 GiB]. The stage times (DRAGNET_TIMINGS) are printed as notes. Baseline: DuckDB
 * summing the same table per account (the bare cost of reading every transfer once in the database).
 * Then `dragnet serve` on the analysed case: p95 of /api/entity and /api/entity/neighbours (issue 7).
 * BENCH_ANALYZE_CASE=<dir> keeps the ingested case there and reuses it on the next run (no CSV, no ingest):
 * for profiling `dragnet analyze` alone, run after run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { mulberry32 } from '../packages/core/src/analysis/louvain.ts';
import { luhnComplete, report, reportApiLatency, scale, timeIt } from './lib.ts';
import { syntheticTransfers } from './synthetic-transfers.ts';

const N = 1_000_000 * scale();
const kept = process.env['BENCH_ANALYZE_CASE'];
const tmp = await mkdtemp(join(tmpdir(), 'dragnet-bench-analyze-'));
const dir = join(tmp, 'evidence');
const repo = new URL('..', import.meta.url).pathname;
const bin = join(repo, 'packages/cli/bin/dragnet.js');
const caseDir = kept ?? join(tmp, 'case');
const reuse = kept !== undefined && existsSync(join(kept, 'case.duckdb'));

const run = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 256 << 20,
  });
  if (r.status !== 0) {
    console.log(`dragnet ${args[0]} failed (${r.status}): ${r.stderr.slice(-2000)}`);
    process.exit(1);
  }
  return r;
};
if (reuse) console.log(`input: the case kept in ${caseDir}`);
else {
  await mkdir(dir, { recursive: true });
  await writeEvidence();
  run(['case', 'init', caseDir]);
  const ingest = await timeIt(async () => run(['ingest', caseDir, dir, '--json']));
  console.log(`input: ${N.toLocaleString('en-US')} transfers ingested in ${ingest.seconds.toFixed(1)} s`);
  await rm(dir, { recursive: true, force: true });
}

async function writeEvidence(): Promise<void> {
  // The synthetic ids (card:b12, card:d3, card:c1) become Luhn-valid card numbers: ingest validates them.
  const KIND: Record<string, string> = { b: '1', d: '2', c: '3' };
  const cardCache = new Map<string, string>();
  const card = (id: string) => {
    let c = cardCache.get(id);
    if (!c) {
      c = `card:${luhnComplete(`440043${KIND[id[5]!]}${id.slice(6).padStart(8, '0')}`)}`;
      if (cardCache.size < 2_000_000) cardCache.set(id, c);
    }
    return c;
  };
  const out = createWriteStream(join(dir, 'transfers.csv'));
  out.write(
    'tx_id,timestamp,amount,currency,from_account,to_account,from_holder,to_holder,channel,reference\n',
  );
  for (const t of syntheticTransfers(N, mulberry32(7))) {
    const line = `t${t.i},${new Date(t.ms).toISOString()},${t.amount}.00,KZT,${card(t.from)},${card(t.to)},,,card2card,\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
  // A KZT rate for every day of the 180 days the transfers span.
  const days = Array.from({ length: 182 }, (_, d) => new Date(Date.UTC(2024, 11, 31) + d * 86_400_000));
  await writeFile(
    join(dir, 'fx-rates.csv'),
    `date,currency,usd_per_unit\n${days.map((d) => `${d.toISOString().slice(0, 10)},KZT,0.002\n`).join('')}`,
  );
}

const t0 = performance.now();
const r = run(['analyze', caseDir], { DRAGNET_REPORT_RSS: '1', DRAGNET_TIMINGS: '1' });
const wall = (performance.now() - t0) / 1000;
const rss = Number(/maxRSS=(\d+)/.exec(r.stderr)?.[1] ?? 'NaN') / 1024;
const cpu = Number(/cpuMicros=(\d+)/.exec(r.stderr)?.[1] ?? 'NaN') / 1e6;
const stages = r.stderr
  .split('\n')
  .filter((l) => /^\s+\w[\w ]*\s+[\d.]+ s/.test(l))
  .map((l) => l.trim().replace(/\s+/g, ' '));
console.log(`stages: ${stages.join('; ')}`);
console.log(r.stdout.split('\n').slice(0, 2).join(' | '));

const base = await timeIt(async () => {
  const db = await DuckDBInstance.create(join(caseDir, 'case.duckdb'), { access_mode: 'READ_ONLY' });
  const c = await db.connect();
  const q = await c.runAndReadAll(`SELECT count(*) FROM (
    SELECT a, sum(amount) FROM (SELECT from_account a, amount FROM transfers UNION ALL
      SELECT to_account, amount FROM transfers) GROUP BY a)`);
  c.closeSync();
  db.closeSync();
  return Number(q.getRows()[0]![0]);
});
console.log(`baseline: ${base.value} accounts summed`);
report({
  name: `dragnet analyze ${N / 1e6}M transfers (wall)`,
  unit: 's',
  ours: wall,
  baseline: base.seconds,
  baselineName: 'duckdb per-account sums',
  lowerIsBetter: true,
  target: '< 120 s at 10M',
});
report({ name: 'dragnet analyze CPU time', unit: 's', ours: cpu, baseline: null, lowerIsBetter: true });
report({
  name: 'dragnet analyze peak RSS',
  unit: 'MiB',
  ours: rss,
  baseline: null,
  lowerIsBetter: true,
  target: '< 4096 MiB at 10M',
});
// API latency on the analysed case (issue 7: p95 < 100 ms for entity and neighbourhood queries at 10M).
const serveStart = performance.now();
const server = spawn(process.execPath, [bin, 'serve', caseDir, '--port', '0', '--json'], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
try {
  let errText = '';
  server.stderr.on('data', (d: Buffer) => {
    errText += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('serve printed no url in 300 s')), 300_000);
    server.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /"url"\s*:\s*"([^"]+)"/.exec(text);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    });
    server.on('exit', (code) => reject(new Error(`serve exited ${code}: ${errText.slice(-1000)}`)));
  });
  // Start-up: lookup indexes (first serve of a case only), case index. The per-account copy of the transfers
  // (first serve after an ingest only) and the hub summaries follow in the background.
  console.log(
    `serve ready in ${((performance.now() - serveStart) / 1000).toFixed(1)} s${errText.trim() ? ` (${errText.trim().replace(/\n/g, '; ')})` : ''}`,
  );
  const firstStart = performance.now();
  const list = (await (await fetch(`${url}/api/entities?limit=1000`)).json()) as {
    items: Array<{ id: string; kind: string }>;
  };
  report({
    name: 'API first answer after serve start (/api/entities)',
    unit: 'ms',
    ours: performance.now() - firstStart,
    baseline: null,
    lowerIsBetter: true,
  });
  // Accounts with roles first (droppers with hundreds of transfers, collectors with thousands).
  const ids = list.items.filter((e) => e.kind !== 'Person').map((e) => e.id);
  console.log(`api sample: ${ids.length} ids of ${list.items.length} listed`);
  await reportApiLatency(url, ids, `${N / 1e6}M, first serve, background build running`, server.pid);
  // Then as every later serve of the case sees it: copy built, hub summaries kept.
  const waitStart = performance.now();
  while (!/background:/.test(errText) && performance.now() - waitStart < 900_000)
    await new Promise((r) => setTimeout(r, 500));
  console.log(
    `background preparation done ${((performance.now() - serveStart) / 1000).toFixed(0)} s after serve start: ${errText.trim().split('\n').at(-1)}`,
  );
  await reportApiLatency(url, ids, `${N / 1e6}M-transfer case, after the background build`, server.pid);
} finally {
  server.kill();
}
await rm(tmp, { recursive: true, force: true });
