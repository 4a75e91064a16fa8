import { describe, expect, it } from 'vitest';
import { detectNetworks, mulberry32, type PersonEdge } from './detect-networks.ts';

describe('detectNetworks', () => {
  it('separates two dense groups joined by one weak edge, deterministically', () => {
    const edges: PersonEdge[] = [];
    const group = (p: string) => [0, 1, 2, 3].map((i) => `${p}${i}`);
    for (const g of [group('a'), group('b')])
      for (let i = 0; i < g.length; i++)
        for (let j = i + 1; j < g.length; j++) edges.push({ a: g[i]!, b: g[j]!, weight: 3, kind: 'money' });
    edges.push({ a: 'a0', b: 'b0', weight: 0.5, kind: 'message' });
    const ids = [...group('a'), ...group('b'), 'lonely'];
    const c = detectNetworks(ids, edges);
    expect(new Set(group('a').map((x) => c.get(x))).size).toBe(1);
    expect(new Set(group('b').map((x) => c.get(x))).size).toBe(1);
    expect(c.get('a1')).not.toBe(c.get('b1'));
    expect(c.get('lonely')).not.toBe(c.get('a1'));
    expect(detectNetworks(ids, edges)).toEqual(c);
  });
});

describe('detectNetworks input handling', () => {
  const triangle = (p: string, w = 1): PersonEdge[] => [
    { a: `${p}0`, b: `${p}1`, weight: w, kind: 'money' },
    { a: `${p}1`, b: `${p}2`, weight: w, kind: 'message' },
    { a: `${p}2`, b: `${p}0`, weight: w, kind: 'identifier' },
  ];

  it('numbers communities in personIds order and gives every person without edges one of its own', () => {
    const c = detectNetworks(
      ['z', 'b0', 'a0', 'a1', 'a2', 'b1', 'b2', 'y'],
      [...triangle('a'), ...triangle('b')],
    );
    expect([...c.values()]).toEqual([0, 1, 2, 2, 2, 1, 1, 3]);
  });

  it('returns each person its own index when no edge counts (empty, self-loops, weights ≤ 0)', () => {
    const edges: PersonEdge[] = [
      { a: 'x', b: 'x', weight: 5, kind: 'money' },
      { a: 'x', b: 'y', weight: 0, kind: 'money' },
      { a: 'x', b: 'y', weight: -2, kind: 'money' },
      { a: 'x', b: 'y', weight: Number.NaN, kind: 'money' },
    ];
    expect([...detectNetworks(['x', 'y'], edges)]).toEqual([
      ['x', 0],
      ['y', 1],
    ]);
    expect(detectNetworks([], []).size).toBe(0);
  });

  it('uses persons that appear only in edges as graph nodes without returning them', () => {
    // a0 and b0 are only bridged through the outsiders, which must still pull the triangles' ends together.
    const edges: PersonEdge[] = [...triangle('a'), { a: 'a0', b: 'hub', weight: 50, kind: 'money' }];
    edges.push({ a: 'hub', b: 'b0', weight: 50, kind: 'money' }, ...triangle('b'));
    const c = detectNetworks(['a0', 'a1', 'b0', 'b1'], edges);
    expect(c.has('hub')).toBe(false);
    expect(c.get('a0')).toBe(c.get('b0'));
    expect(c.get('a1')).not.toBe(c.get('b1'));
  });

  it('sums parallel edges and reads any iterable, growing past its first buffer', () => {
    // 2000 unit edges inside each of two 40-person groups and 300 between them, from a generator.
    function* edges(): Generator<PersonEdge> {
      let s = 1;
      const next = () => {
        s = (s * 48271) % 2147483647;
        return s;
      };
      for (let i = 0; i < 4000; i++) {
        const g = i % 2 === 0 ? 'a' : 'b';
        yield { a: `${g}${next() % 40}`, b: `${g}${next() % 40}`, weight: 1, kind: 'money' };
      }
      for (let i = 0; i < 300; i++)
        yield { a: `a${next() % 40}`, b: `b${next() % 40}`, weight: 1, kind: 'money' };
    }
    const ids = [
      ...Array.from({ length: 40 }, (_, i) => `a${i}`),
      ...Array.from({ length: 40 }, (_, i) => `b${i}`),
    ];
    const c = detectNetworks(ids, edges());
    expect(new Set(ids.slice(0, 40).map((id) => c.get(id)))).toEqual(new Set([0]));
    expect(new Set(ids.slice(40).map((id) => c.get(id)))).toEqual(new Set([1]));
  });

  it('depends on the RNG only through the visiting order: same seed, same result', () => {
    const edges = [
      ...triangle('a', 2),
      ...triangle('b', 2),
      { a: 'a0', b: 'b0', weight: 1, kind: 'money' as const },
    ];
    const ids = ['a0', 'a1', 'a2', 'b0', 'b1', 'b2'];
    const x = detectNetworks(ids, edges, { rng: mulberry32(5) });
    expect(detectNetworks(ids, edges, { rng: mulberry32(5) })).toEqual(x);
    expect(new Set(x.values()).size).toBe(2);
    expect(new Set(detectNetworks(ids, edges, { resolution: 0 }).values()).size).toBe(1);
  });
});
