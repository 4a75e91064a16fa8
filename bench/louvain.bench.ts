/**
 * Louvain on a planted-partition graph (BENCH_LOUVAIN_EDGES, default 1M edges) against python3-igraph's
 * `community_multilevel` on the same edges, in the same run [≤ 3×]. Ours is the whole `detectNetworks`
 * call (string ids → CSR → Louvain → renumbered Map); the core algorithm alone on a prebuilt CSR is a note.
 * igraph's figure includes reading the edge list and `simplify`, its equivalent of our CSR build.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectNetworks, type PersonEdge } from '../packages/core/src/analysis/detect-networks.ts';
import { csrFromEdges, louvain, mulberry32 } from '../packages/core/src/analysis/louvain.ts';
import { report } from './lib.ts';

// Planted partition: blocks of 200 nodes, 90% of the edges inside a block.
const E = Number(process.env['BENCH_LOUVAIN_EDGES'] ?? 1_000_000);
const nodes = Math.floor(E / 10);
const block = 200;
const rnd = mulberry32(7);
const src = new Int32Array(E);
const dst = new Int32Array(E);
let count = 0;
for (let i = 0; i < E; i++) {
  const a = Math.floor(rnd() * nodes);
  const b =
    rnd() < 0.9 ? Math.floor(a / block) * block + Math.floor(rnd() * block) : Math.floor(rnd() * nodes);
  if (a === b || b >= nodes) continue;
  src[count] = a;
  dst[count++] = b;
}
const ids = Array.from({ length: nodes }, (_, i) => `p${i}`);
const personEdges = Array.from(
  { length: count },
  (_, e): PersonEdge => ({ a: ids[src[e]!]!, b: ids[dst[e]!]!, weight: 1, kind: 'money' }),
);

const t0 = performance.now();
const comm = detectNetworks(ids, personEdges);
const ours = (performance.now() - t0) / 1000;
console.log(`louvain: ${new Set(comm.values()).size} communities over ${nodes} nodes, ${count} edges`);

const graph = csrFromEdges(nodes, {
  src,
  dst,
  weight: new Float64Array(count).fill(1),
  count,
});
const t1 = performance.now();
const core = louvain(graph, { rng: mulberry32(42) });
const coreSeconds = (performance.now() - t1) / 1000;
console.log(
  `louvain core alone (prebuilt CSR): ${coreSeconds.toFixed(3)} s, ${core.levels} levels, ` +
    `${core.communities} communities, modularity ${core.modularity.toFixed(4)}`,
);

const tmp = await mkdtemp(join(tmpdir(), 'dragnet-bench-louvain-'));
const file = join(tmp, 'edges.txt');
const lines: string[] = [];
for (let e = 0; e < count; e++) lines.push(`${src[e]} ${dst[e]}`);
writeFileSync(file, lines.join('\n'));
const py = `
import time, igraph
t = time.perf_counter()
es = [tuple(map(int, l.split())) for l in open(${JSON.stringify(file)})]
g = igraph.Graph(n=${nodes}, edges=es)
g.simplify(combine_edges='sum')
t1 = time.perf_counter()
c = g.community_multilevel()
t2 = time.perf_counter()
print(t2 - t, len(c), c.modularity, t2 - t1)
`;
const r = spawnSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' });
const baseline = r.status === 0 ? Number(r.stdout.trim().split(' ')[0]) : null;
if (r.status !== 0)
  console.log(`python3-igraph baseline unavailable: ${r.stderr.split('\n').slice(-2).join(' ')}`);
else {
  const [, n, q, alone] = r.stdout.trim().split(' ');
  console.log(
    `igraph multilevel: ${n} communities, modularity ${Number(q).toFixed(4)}; ` +
      `community_multilevel alone ${Number(alone).toFixed(3)} s`,
  );
}
await rm(tmp, { recursive: true, force: true });
report({
  name: `louvain ${(count / 1e6).toFixed(1)}M edges`,
  unit: 's',
  ours,
  baseline,
  baselineName: 'python3-igraph multilevel',
  lowerIsBetter: true,
  target: '≤ 3×',
});
