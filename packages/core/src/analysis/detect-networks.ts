import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';

type LouvainFn = (
  graph: UndirectedGraph,
  options: { getEdgeWeight: string; resolution: number; rng: () => number },
) => Record<string, number>;
// The package is CommonJS; under NodeNext its default import is the module object in some toolchains.
const louvain = ((louvainModule as unknown as { default?: LouvainFn }).default ??
  (louvainModule as unknown as LouvainFn)) as LouvainFn;

export interface PersonEdge {
  a: string;
  b: string;
  weight: number;
  kind: 'money' | 'message' | 'identifier';
}

export interface DetectNetworksOptions {
  resolution?: number;
  /** Deterministic RNG (core has no Math.random). */
  rng?: () => number;
}

/**
 * Louvain communities over the person graph (money, messaging and shared-identifier edges, summed per
 * pair). Returns person id → community index; persons without edges get their own community.
 */
export function detectNetworks(
  personIds: readonly string[],
  edges: Iterable<PersonEdge>,
  options: DetectNetworksOptions = {},
): Map<string, number> {
  // Sum weights per pair first, then add each edge once: graphology's per-edge look-ups dominate otherwise.
  const index = new Map<string, number>();
  const names: string[] = [];
  const idOf = (id: string) => {
    let i = index.get(id);
    if (i === undefined) {
      i = names.length;
      names.push(id);
      index.set(id, i);
    }
    return i;
  };
  for (const id of personIds) idOf(id);
  const pairs = new Map<number, number>();
  for (const e of edges) {
    if (e.a === e.b || e.weight <= 0) continue;
    const a = idOf(e.a);
    const b = idOf(e.b);
    const key = a < b ? a * 67_108_864 + b : b * 67_108_864 + a;
    pairs.set(key, (pairs.get(key) ?? 0) + e.weight);
  }
  const g = new UndirectedGraph({ allowSelfLoops: false });
  for (const id of names) g.addNode(id);
  for (const [key, weight] of pairs) {
    g.addEdge(names[Math.floor(key / 67_108_864)]!, names[key % 67_108_864]!, { weight });
  }
  const out = new Map<string, number>();
  if (g.size === 0) {
    personIds.forEach((id, i) => {
      out.set(id, i);
    });
    return out;
  }
  const communities = louvain(g, {
    getEdgeWeight: 'weight',
    resolution: options.resolution ?? 1,
    rng: options.rng ?? mulberry32(42),
  });
  const renumber = new Map<number, number>();
  for (const id of personIds) {
    const c = communities[id] ?? -1;
    if (!renumber.has(c)) renumber.set(c, renumber.size);
    out.set(id, renumber.get(c)!);
  }
  return out;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
