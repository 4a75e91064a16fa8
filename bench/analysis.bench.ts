/**
 * Analysis benchmarks (issue targets in brackets):
 * - `analyzeCaseData` over N generated transfers streamed as rows (1M; BENCH_SCALE=10 → 10M) [< 120 s, < 4 GiB];
 * - a 3-hop FIFO trace from one dropper over the same N transfers, index prebuilt [< 1 s].
 */
import { analyzeCaseData } from '../packages/core/src/analysis/analyze-case-data.ts';
import { mulberry32 } from '../packages/core/src/analysis/detect-networks.ts';
import { UsdConverter, rateTable } from '../packages/core/src/analysis/usd-converter.ts';
import { buildTraceGraph, indexTraceGraph, traceRows } from '../packages/core/src/flow/trace-graph.ts';
import { traceFunds } from '../packages/core/src/flow/trace-funds.ts';
import type { TransferRow } from '../packages/core/src/model/tables.ts';
import { loadRules } from '../packages/core/src/rules/rules.ts';
import { report, scale } from './lib.ts';
import { syntheticTransfers } from './synthetic-transfers.ts';

const N = 1_000_000 * scale();
const rnd = mulberry32(7);

async function* transfers(): AsyncGenerator<TransferRow> {
  for (const t of syntheticTransfers(N, rnd)) {
    yield {
      id: `t${t.i}`,
      txId: null,
      timestamp: new Date(t.ms).toISOString(),
      amount: `${t.amount}.00`,
      currency: 'KZT',
      fromAccount: t.from,
      toAccount: t.to,
      fromHolder: null,
      toHolder: null,
      channel: 'card2card',
      reference: null,
      props: null,
      evidenceId: 'bench',
      locator: `row:${t.i + 2}`,
    };
  }
}

const rates = [{ date: '2024-12-31', currency: 'KZT', usdPerUnit: '0.002' }];
const t0 = performance.now();
const stages: Array<[string, number, number]> = [];
let stageStart = t0;
let stageCpu = process.cpuUsage();
let current = '';
const cpuSince = (c: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1e6;
};
const analysis = await analyzeCaseData(
  { transfers: transfers(), rates: rateTable(rates, 400) },
  loadRules(undefined),
  (stage) => {
    if (stage === current) return;
    const t = performance.now();
    if (current) stages.push([current, (t - stageStart) / 1000, cpuSince(stageCpu)]);
    current = stage;
    stageStart = t;
    stageCpu = process.cpuUsage();
  },
);
const analyzeSeconds = (performance.now() - t0) / 1000;
stages.push([current, (performance.now() - stageStart) / 1000, cpuSince(stageCpu)]);
const cpu = process.cpuUsage();
// CPU time next to wall time: on a shared machine the wall clock also counts other processes' turns.
console.log(
  `stages (wall / CPU s): ${stages.map(([s, t, c]) => `${s} ${t.toFixed(1)}/${c.toFixed(1)}`).join(', ')}; process CPU so far ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`,
);
const rssMiB = process.resourceUsage().maxRSS / 1024;
console.log(
  `analysed ${N.toLocaleString('en-US')} transfers: ${analysis.roles.accounts.size} accounts with roles, ${analysis.participants.size} participants`,
);
report({
  name: `analyze ${N / 1e6}M transfers`,
  unit: 's',
  ours: analyzeSeconds,
  baseline: null,
  lowerIsBetter: true,
  target: '< 120 s at 10M',
});
report({
  name: `analyze ${N / 1e6}M peak RSS`,
  unit: 'MiB',
  ours: rssMiB,
  baseline: null,
  lowerIsBetter: true,
  target: '< 4096 MiB at 10M',
});

// 3-hop trace from droppers over the same transfers (index built once, like a database index).
const usd = new UsdConverter(rateTable(rates, 400));
const graph = buildTraceGraph(analysis.cols, [], usd);
const index = indexTraceGraph(graph);
const seeds = ['card:d1', 'card:d2', 'card:d3', 'card:d4', 'card:d5'];
const t1 = performance.now();
let ends = 0;
for (const s of seeds) {
  const rows = traceRows(graph, index, [s], 3, 'forward');
  ends += traceFunds(graph, [s], { direction: 'forward', method: 'fifo', maxHops: 3, rows }).endpoints.length;
}
const traceSeconds = (performance.now() - t1) / 1000 / seeds.length;
console.log(`3-hop traces: ${ends} end points over ${seeds.length} seeds`);
report({
  name: `3-hop trace over ${N / 1e6}M transfers`,
  unit: 's',
  ours: traceSeconds,
  baseline: null,
  lowerIsBetter: true,
  target: '< 1 s at 10M',
});
