import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { describe, expect, it } from 'vitest';
import { type CsrGraph, csrFromEdges, louvain, modularity, mulberry32 } from './louvain.ts';

type Detailed = (
  g: UndirectedGraph,
  o: { getEdgeWeight: string; rng: () => number; resolution?: number },
) => { communities: Record<string, number>; modularity: number };
const graphologyLouvain = (
  (louvainModule as unknown as { default?: { detailed: Detailed } }).default ??
  (louvainModule as unknown as { detailed: Detailed })
).detailed;

type Edge = [number, number, number?];

function graphOf(n: number, edges: Edge[]): CsrGraph {
  return csrFromEdges(n, {
    src: Int32Array.from(edges, (e) => e[0]),
    dst: Int32Array.from(edges, (e) => e[1]),
    weight: Float64Array.from(edges, (e) => e[2] ?? 1),
  });
}

/** `blocks` groups of `size` nodes; each pair inside a block linked with pIn, across blocks with pOut. */
function planted(blocks: number, size: number, pIn: number, pOut: number, seed: number): Edge[] {
  const rnd = mulberry32(seed);
  const edges: Edge[] = [];
  const n = blocks * size;
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) {
      const same = Math.floor(a / size) === Math.floor(b / size);
      if (rnd() < (same ? pIn : pOut)) edges.push([a, b, 1 + Math.floor(rnd() * 3)]);
    }
  return edges;
}

/** Number of node pairs on which two partitions disagree about "same community". */
function pairDisagreements(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let bad = 0;
  for (let a = 0; a < x.length; a++)
    for (let b = a + 1; b < x.length; b++) if ((x[a] === x[b]) !== (y[a] === y[b])) bad++;
  return bad;
}

describe('csrFromEdges', () => {
  it('stores each edge in both rows, a self-loop once at twice its weight, and drops weights ≤ 0', () => {
    const g = graphOf(3, [
      [0, 1, 2],
      [1, 1, 5],
      [1, 2, 0],
      [2, 0, -1],
    ]);
    expect(Array.from(g.offsets)).toEqual([0, 1, 3, 3]);
    expect(Array.from(g.targets)).toEqual([1, 0, 1]);
    expect(Array.from(g.weights)).toEqual([2, 2, 10]);
  });

  it('rejects an endpoint outside the node range, naming the edge', () => {
    expect(() => graphOf(2, [[0, 2]])).toThrow(/edge 0 \(0–2\) is outside nodes 0\.\.1/);
  });
});

describe('modularity', () => {
  it('is 0.5 for two disjoint triangles split by triangle and 0 for everything in one community', () => {
    const g = graphOf(6, [
      [0, 1],
      [1, 2],
      [0, 2],
      [3, 4],
      [4, 5],
      [3, 5],
    ]);
    expect(modularity(g, [0, 0, 0, 1, 1, 1])).toBeCloseTo(0.5, 12);
    expect(modularity(g, [0, 0, 0, 0, 0, 0])).toBeCloseTo(0, 12);
    expect(modularity(g, [0, 0, 0, 1, 1, 1], 2)).toBeCloseTo(0, 12);
  });

  it('counts a self-loop as internal weight 2w and strength 2w', () => {
    // Edge 0–1 (w 1) and a loop on 0 (w 1): 2m = 4, k0 = 3, k1 = 1. Apart: Q = (2 − (9 + 1) / 4) / 4.
    const g = graphOf(2, [
      [0, 1],
      [0, 0],
    ]);
    expect(modularity(g, [0, 1])).toBeCloseTo((2 - 10 / 4) / 4, 12);
    expect(modularity(g, [0, 0])).toBeCloseTo(0, 12);
  });

  it('agrees with graphology-communities-louvain on the modularity of its own partition', () => {
    const edges = planted(6, 15, 0.4, 0.05, 3);
    const gg = new UndirectedGraph();
    for (let i = 0; i < 90; i++) gg.addNode(String(i));
    for (const [a, b, w] of edges) gg.addEdge(String(a), String(b), { weight: w });
    const ref = graphologyLouvain(gg, { getEdgeWeight: 'weight', rng: mulberry32(1) });
    const membership = Array.from({ length: 90 }, (_, i) => ref.communities[String(i)]!);
    expect(modularity(graphOf(90, edges), membership)).toBeCloseTo(ref.modularity, 9);
  });
});

describe('louvain', () => {
  it('recovers a planted partition exactly', () => {
    const edges = planted(8, 25, 0.5, 0.01, 11);
    const truth = Array.from({ length: 200 }, (_, i) => Math.floor(i / 25));
    const r = louvain(graphOf(200, edges), { rng: mulberry32(5) });
    expect(r.communities).toBe(8);
    expect(pairDisagreements(r.membership, truth)).toBe(0);
    expect(r.modularity).toBeCloseTo(modularity(graphOf(200, edges), truth), 12);
  });

  it('reaches the modularity of graphology-communities-louvain on noisy graphs (mean within 1%)', () => {
    // Near the detectability limit single runs of either implementation scatter by a few per cent, so
    // compare the mean over graphs and bound each graph loosely.
    let ours = 0;
    let theirs = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const edges = planted(10, 30, 0.2, 0.03, seed);
      const gg = new UndirectedGraph();
      for (let i = 0; i < 300; i++) gg.addNode(String(i));
      for (const [a, b, w] of edges) gg.addEdge(String(a), String(b), { weight: w });
      const ref = graphologyLouvain(gg, { getEdgeWeight: 'weight', rng: mulberry32(seed) });
      const r = louvain(graphOf(300, edges), { rng: mulberry32(seed) });
      expect(r.modularity).toBeGreaterThanOrEqual(ref.modularity * 0.95);
      ours += r.modularity;
      theirs += ref.modularity;
    }
    expect(ours / 10).toBeGreaterThan(0.29);
    expect(ours).toBeGreaterThanOrEqual(theirs * 0.99);
  });

  it('merges blocks into a few levels: aggregation is exercised and improves on one level', () => {
    // A ring of 30 five-cliques: one level of local moving leaves groups of cliques to merge further.
    const edges: Edge[] = [];
    for (let c = 0; c < 30; c++) {
      for (let a = 0; a < 5; a++) for (let b = a + 1; b < 5; b++) edges.push([c * 5 + a, c * 5 + b]);
      edges.push([c * 5, ((c + 1) % 30) * 5 + 1]);
    }
    const g = graphOf(150, edges);
    const one = louvain(g, { rng: mulberry32(9), maxLevels: 1 });
    const full = louvain(g, { rng: mulberry32(9) });
    expect(full.levels).toBeGreaterThan(1);
    expect(full.modularity).toBeGreaterThan(one.modularity);
    // No clique is ever split.
    for (let c = 0; c < 30; c++)
      expect(new Set(Array.from(full.membership.subarray(c * 5, c * 5 + 5))).size).toBe(1);
  });

  it('is deterministic for a seed and numbers communities by their lowest node', () => {
    const g = graphOf(300, planted(10, 30, 0.2, 0.03, 8));
    const a = louvain(g, { rng: mulberry32(77) });
    const b = louvain(g, { rng: mulberry32(77) });
    expect(Array.from(a.membership)).toEqual(Array.from(b.membership));
    expect(a.modularity).toBe(b.modularity);
    expect(a.membership[0]).toBe(0);
    let next = 0;
    for (const c of a.membership) {
      expect(c).toBeLessThanOrEqual(next);
      if (c === next) next++;
    }
    expect(next).toBe(a.communities);
  });

  it('gives every isolated node its own community', () => {
    const g = graphOf(7, [
      [1, 2],
      [2, 3],
      [1, 3],
    ]);
    const r = louvain(g);
    expect(Array.from(r.membership)).toEqual([0, 1, 1, 1, 2, 3, 4]);
    expect(r.communities).toBe(5);
  });

  it('handles an empty graph and a graph without edges', () => {
    expect(louvain(graphOf(0, []))).toEqual({
      membership: new Int32Array(0),
      communities: 0,
      modularity: 0,
      levels: 0,
    });
    const r = louvain(graphOf(3, []));
    expect(Array.from(r.membership)).toEqual([0, 1, 2]);
    expect(r.modularity).toBe(0);
  });

  it('treats parallel edges as one edge with the summed weight', () => {
    const base = planted(5, 12, 0.4, 0.05, 21);
    const doubled: Edge[] = [];
    for (const [a, b, w] of base) doubled.push([a, b, (w ?? 1) / 2], [b, a, (w ?? 1) / 2]);
    const x = louvain(graphOf(60, base), { rng: mulberry32(3) });
    const y = louvain(graphOf(60, doubled), { rng: mulberry32(3) });
    expect(pairDisagreements(x.membership, y.membership)).toBe(0);
    expect(y.modularity).toBeCloseTo(x.modularity, 12);
  });

  it('keeps a heavy self-loop node apart when its loop outweighs its links', () => {
    // Triangle 0-1-2; node 3 hangs off 2 with weight 1 but carries a loop of weight 10.
    const edges: Edge[] = [
      [0, 1],
      [1, 2],
      [0, 2],
      [2, 3],
      [3, 3, 10],
    ];
    const r = louvain(graphOf(4, edges));
    expect(Array.from(r.membership)).toEqual([0, 0, 0, 1]);
    // 2m = 28, community strengths 7 and 21, internal weight 6 + 2·10.
    expect(r.modularity).toBeCloseTo(26 / 28 - (49 + 441) / 784, 12);
  });

  it('follows weights where the unweighted graph has no structure', () => {
    // A complete graph on 6 nodes; heavy edges inside {0,3,4} and {1,2,5}.
    const heavy = (a: number, b: number) => [0, 3, 4].includes(a) === [0, 3, 4].includes(b);
    const edges: Edge[] = [];
    for (let a = 0; a < 6; a++) for (let b = a + 1; b < 6; b++) edges.push([a, b, heavy(a, b) ? 10 : 1]);
    expect(Array.from(louvain(graphOf(6, edges)).membership)).toEqual([0, 1, 1, 0, 0, 1]);
  });

  it('honours the resolution: 0 joins each connected component, a large one keeps nodes apart', () => {
    const edges = planted(4, 10, 0.6, 0.02, 4);
    const g = graphOf(40, edges);
    const coarse = louvain(g, { resolution: 0 });
    expect(coarse.communities).toBe(1);
    const fine = louvain(g, { resolution: 50 });
    expect(fine.communities).toBe(40);
    expect(louvain(g).communities).toBe(4);
  });
});
