import { DirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { toGraphml } from './graph-export.ts';

describe('toGraphml', () => {
  it('writes well-formed XML whatever evidence names hold: markup escaped, characters XML forbids as U+FFFD', () => {
    const g = new DirectedGraph();
    const hostile = 'a<b>&"\'\u0000\u001b\ufffe\uffff\ud800 ]]> z\ud83d\ude00';
    g.addNode('tg:user:1', { label: hostile, kind: 'TelegramUser', x: 0, y: 0 });
    g.addNode('card:4111', { label: 'card', kind: 'Card', x: 1, y: 1 });
    g.addEdge('tg:user:1', 'card:4111', { kind: 'Mentions', count: 2 });
    const xml = toGraphml(g);
    // Nothing outside XML 1.0's Char production, and no raw markup from the label.
    expect(xml).not.toMatch(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u);
    const label = /<data key="label">([^<]*)<\/data>/.exec(xml)![1]!;
    expect(label).toBe('a&#60;b&#62;&#38;&#34;&#39;\ufffd\ufffd\ufffd\ufffd\ufffd ]]&#62; z\ud83d\ude00');
  });
});
