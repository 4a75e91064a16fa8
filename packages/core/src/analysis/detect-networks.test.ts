import { describe, expect, it } from 'vitest';
import { detectNetworks, type PersonEdge } from './detect-networks.ts';

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
