import { csrFromEdges, louvain, mulberry32 } from './louvain.ts';

export { mulberry32 };

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
 * Louvain communities (louvain.ts) over the person graph (money, messaging and shared-identifier edges,
 * summed per pair). Returns person id → community index, numbered in `personIds` order; persons without
 * edges get their own community. Self-loops and edges with a weight that is not > 0 are ignored.
 */
export function detectNetworks(
  personIds: readonly string[],
  edges: Iterable<PersonEdge>,
  options: DetectNetworksOptions = {},
): Map<string, number> {
  // One Map look-up per endpoint, then typed arrays only: no per-edge objects or pair keys.
  const index = new Map<string, number>();
  for (const id of personIds) if (!index.has(id)) index.set(id, index.size);
  let capacity = Array.isArray(edges) ? Math.max(16, edges.length) : 1024;
  let src = new Int32Array(capacity);
  let dst = new Int32Array(capacity);
  let weight = new Float64Array(capacity);
  let count = 0;
  for (const e of edges) {
    const w = e.weight;
    if (e.a === e.b || !(w > 0)) continue;
    let a = index.get(e.a);
    if (a === undefined) {
      a = index.size;
      index.set(e.a, a);
    }
    let b = index.get(e.b);
    if (b === undefined) {
      b = index.size;
      index.set(e.b, b);
    }
    if (count === capacity) {
      capacity *= 2;
      src = grow(src, capacity);
      dst = grow(dst, capacity);
      const wider = new Float64Array(capacity);
      wider.set(weight);
      weight = wider;
    }
    src[count] = a;
    dst[count] = b;
    weight[count++] = w;
  }
  const out = new Map<string, number>();
  if (count === 0) {
    personIds.forEach((id, i) => {
      out.set(id, i);
    });
    return out;
  }
  const graph = csrFromEdges(index.size, { src, dst, weight, count });
  const { membership } = louvain(graph, {
    resolution: options.resolution ?? 1,
    rng: options.rng ?? mulberry32(42),
  });
  const renumber = new Int32Array(index.size).fill(-1);
  let next = 0;
  for (const id of personIds) {
    const c = membership[index.get(id)!]!;
    if (renumber[c]! < 0) renumber[c] = next++;
    out.set(id, renumber[c]!);
  }
  return out;
}

function grow(a: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const wider = new Int32Array(capacity);
  wider.set(a);
  return wider;
}
