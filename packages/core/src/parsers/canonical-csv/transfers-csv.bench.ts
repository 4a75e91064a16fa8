/**
 * Parser-only throughput of `transfers-csv` on generated rows shaped like bench/ingest.bench.ts (which
 * measures the whole ingest against DuckDB). Run: `npx tsx packages/core/src/parsers/canonical-csv/transfers-csv.bench.ts [rows]`.
 */
import { transfersCsv } from './index.ts';

function luhnComplete(prefix: string): string {
  for (let d = 0; d < 10; d++) {
    const s = prefix + d;
    let sum = 0;
    for (let i = 0; i < s.length; i++) {
      let x = s.charCodeAt(s.length - 1 - i) - 48;
      if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      sum += x;
    }
    if (sum % 10 === 0) return s;
  }
  return prefix;
}

const rows = Number(globalThis.process?.argv[2] ?? 1_000_000);
const cards = Array.from(
  { length: 20_000 },
  (_, i) => `card:${luhnComplete(`440043${String(i).padStart(9, '0')}`)}`,
);
const encoder = new TextEncoder();

async function* input(): AsyncIterable<Uint8Array> {
  let text =
    'tx_id,timestamp,amount,currency,from_account,to_account,from_holder,to_holder,channel,reference\n';
  for (let i = 0; i < rows; i++) {
    const d = new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString();
    text += `b${i},${d},${1000 + (i % 50_000)}.${String(i % 100).padStart(2, '0')},KZT,${cards[(i * 13) % cards.length]},${cards[(i * 7 + 1) % cards.length]},,,card2card,\n`;
    if (text.length >= 65536) {
      yield encoder.encode(text);
      text = '';
    }
  }
  yield encoder.encode(text);
}

// Input is generated up front, so the figures are the parser's alone; CPU time is shown next to wall
// time because benchmark machines are often shared.
const chunks: Uint8Array[] = [];
for await (const c of input()) chunks.push(c);
const bytes = chunks.reduce((n, c) => n + c.length, 0);
async function* replay(): AsyncIterable<Uint8Array> {
  yield* chunks;
}
const cpu = () => {
  const u = globalThis.process?.cpuUsage();
  return u ? (u.user + u.system) / 1e6 : Number.NaN;
};

const c0 = cpu();
const t0 = performance.now();
let records = 0;
let issues = 0;
for await (const item of transfersCsv.parse(replay(), {
  evidenceId: 'f'.repeat(64),
  fileName: 'bench.csv',
})) {
  if (item.kind === 'record') records++;
  else issues++;
}
const wall = (performance.now() - t0) / 1000;
const used = cpu() - c0;
console.log(
  `${records} records, ${issues} issues, ${(bytes / 2 ** 20).toFixed(0)} MiB: ` +
    `${(records / wall / 1e6).toFixed(2)} M rows/s wall (${wall.toFixed(2)} s), ` +
    `${(records / used / 1e6).toFixed(2)} M rows/s CPU (${used.toFixed(2)} s)`,
);
