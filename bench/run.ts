/** `npm run bench`: runs each benchmark in its own process and prints one side-by-side table. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchLine } from './lib.ts';

const dir = new URL('.', import.meta.url).pathname;
const runner = join(dir, '../packages/cli/bin/run-ts.js');
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const rows: BenchLine[] = [];
for (const f of files) {
  process.stderr.write(`bench: ${f} …\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', runner, join(dir, f)], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: process.env,
  });
  for (const line of (r.stdout ?? '').split('\n')) {
    if (line.startsWith('BENCH ')) rows.push(JSON.parse(line.slice(6)) as BenchLine);
    else if (line.trim()) process.stderr.write(`  ${line}\n`);
  }
  if (r.status !== 0)
    process.stderr.write(
      `  ${f} exited ${r.status}: ${(r.stderr ?? '').split('\n').slice(-5).join('\n  ')}\n`,
    );
}

const fmt = (n: number | null) =>
  n === null ? '—' : n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(3);
const header = ['benchmark', 'unit', 'ours', 'baseline', 'ratio', 'target'];
const table = rows.map((r) => {
  const ratio = r.baseline ? (r.lowerIsBetter ? r.ours / r.baseline : r.baseline / r.ours) : null;
  return [
    r.name,
    r.unit,
    fmt(r.ours),
    r.baseline === null ? '—' : `${fmt(r.baseline)} (${r.baselineName ?? 'baseline'})`,
    ratio === null ? '—' : `${ratio.toFixed(2)}×`,
    r.target ?? '',
  ];
});
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));
console.log('\nratio = how many times slower/larger than the baseline (1.00× = as good as the baseline).');
