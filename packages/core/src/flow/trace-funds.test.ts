import { describe, expect, it } from 'vitest';
import { TransferColumns } from '../analysis/transfer-columns.ts';
import { rateTable, UsdConverter } from '../analysis/usd-converter.ts';
import type { ExchangeOrderRow } from '../model/tables.ts';
import { buildTraceGraph, indexTraceGraph, traceRows } from './trace-graph.ts';
import { traceFunds } from './trace-funds.ts';

const usd = () =>
  new UsdConverter(rateTable([{ date: '2025-01-01', currency: 'KZT', usdPerUnit: '0.002' }], 400));
let n = 0;
function cols(rows: Array<[string, string | null, string | null, string, string?]>): TransferColumns {
  const c = new TransferColumns();
  const u = usd();
  for (const [ts, from, to, amount, currency] of rows) {
    c.add(
      {
        id: `t${++n}`,
        timestamp: ts,
        amount,
        currency: currency ?? 'USD',
        fromAccount: from,
        toAccount: to,
        channel: 'card2card',
      },
      u,
    );
  }
  c.sortByTime();
  return c;
}
const usdOf = (m: bigint) => Number(m) / 1e6;

describe('traceFunds', () => {
  it('respects time: money that left before the taint arrived is not followed', () => {
    const c = cols([
      ['2025-01-01T10:00:00Z', 'card:S', 'card:A', '100'],
      ['2025-01-01T09:00:00Z', 'card:A', 'card:EARLY', '50'], // before the taint arrived
      ['2025-01-01T11:00:00Z', 'card:A', 'card:B', '100'],
      ['2025-01-01T12:00:00Z', 'card:B', 'tron:TEND', '100'],
    ]);
    const g = buildTraceGraph(c, [], usd());
    const r = traceFunds(g, ['card:S'], { direction: 'forward', method: 'fifo', maxHops: 5 });
    expect(r.endpoints.map((e) => e.account)).toEqual(['tron:TEND']);
    expect(usdOf(r.endpoints[0]!.micro)).toBe(100);
    expect(r.endpoints[0]!.paths[0]!.accounts).toEqual(['card:S', 'card:A', 'card:B', 'tron:TEND']);
    expect(r.endpoints[0]!.hops).toBe(3);
  });

  it('fifo spends the older clean balance first; haircut splits; poison taints all', () => {
    const c = cols([
      ['2025-01-01T08:00:00Z', 'card:X', 'card:A', '100'], // clean money already there
      ['2025-01-01T10:00:00Z', 'card:S', 'card:A', '100'],
      ['2025-01-01T11:00:00Z', 'card:A', 'card:B', '100'],
      ['2025-01-01T12:00:00Z', 'card:A', 'card:C', '100'],
    ]);
    const g = buildTraceGraph(c, [], usd());
    const fifo = traceFunds(g, ['card:S'], { direction: 'forward', method: 'fifo', maxHops: 5 });
    expect(fifo.endpoints.map((e) => [e.account, usdOf(e.micro)])).toEqual([['card:C', 100]]);
    const hair = traceFunds(g, ['card:S'], { direction: 'forward', method: 'haircut', maxHops: 5 });
    expect(Object.fromEntries(hair.endpoints.map((e) => [e.account, usdOf(e.micro)]))).toEqual({
      'card:B': 50,
      'card:C': 50,
    });
    const poison = traceFunds(g, ['card:S'], { direction: 'forward', method: 'poison', maxHops: 5 });
    expect(poison.endpoints.map((e) => e.account).sort()).toEqual(['card:B', 'card:C']);
    expect(poison.endpoints.reduce((s, e) => s + usdOf(e.micro), 0)).toBe(200);
  });

  it('stops at the hop limit and keeps the amounts conserved', () => {
    const c = cols([
      ['2025-01-01T10:00:00Z', 'card:S', 'card:A', '100'],
      ['2025-01-01T11:00:00Z', 'card:A', 'card:B', '100'],
      ['2025-01-01T12:00:00Z', 'card:B', 'card:C', '100'],
    ]);
    const r = traceFunds(buildTraceGraph(c, [], usd()), ['card:S'], {
      direction: 'forward',
      method: 'fifo',
      maxHops: 2,
    });
    expect(r.endpoints.map((e) => [e.account, usdOf(e.micro), e.stop])).toEqual([
      ['card:B', 100, 'max_hops'],
    ]);
    expect(usdOf(r.seededMicro)).toBe(100);
  });

  it('crosses fiat to crypto through an exchange order and converts currency', () => {
    const rates = new UsdConverter(
      rateTable(
        [
          { date: '2025-01-01', currency: 'KZT', usdPerUnit: '0.002' },
          { date: '2025-01-01', currency: 'USDT', usdPerUnit: '1' },
        ],
        400,
      ),
    );
    const c2 = new TransferColumns();
    c2.add(
      {
        id: 'f1',
        timestamp: '2025-01-02T10:00:00Z',
        amount: '50000',
        currency: 'KZT',
        fromAccount: 'card:DROP',
        toAccount: 'card:EXCH',
        channel: 'p2p',
      },
      rates,
    );
    c2.add(
      {
        id: 'c1',
        timestamp: '2025-01-02T12:00:00Z',
        amount: '100',
        currency: 'USDT',
        fromAccount: 'exchange:p2p:buyer1',
        toAccount: 'tron:TFINAL',
        channel: 'crypto',
      },
      rates,
    );
    const order: ExchangeOrderRow = {
      evidenceId: 'e',
      locator: 'row:2',
      exchange: 'p2p',
      orderId: 'o1',
      timestamp: '2025-01-02T10:01:00Z',
      buyerUser: 'exchange:p2p:buyer1',
      sellerUser: 'exchange:p2p:seller1',
      fiatAmount: '50000',
      fiatCurrency: 'KZT',
      cryptoAmount: '100',
      asset: 'USDT',
      paymentFrom: 'card:DROP',
      paymentTo: 'card:EXCH',
    };
    const g = buildTraceGraph(c2, [order], rates);
    const r = traceFunds(g, ['card:DROP'], { direction: 'forward', method: 'fifo', maxHops: 5 });
    expect(r.endpoints.map((e) => [e.account, usdOf(e.micro)])).toEqual([['tron:TFINAL', 100]]);
    expect(r.endpoints[0]!.paths[0]!.transfers).toEqual(['f1', 'c1']);
    expect(g.crossing.size).toBe(1);
    const back = traceFunds(g, ['tron:TFINAL'], { direction: 'backward', method: 'fifo', maxHops: 5 });
    expect(back.endpoints.map((e) => e.account)).toEqual(['card:DROP']);

    // An order with no matching payment becomes a virtual row; the matched payment after it keeps its
    // crossing at its new position.
    const early: ExchangeOrderRow = {
      ...order,
      orderId: 'o0',
      timestamp: '2025-01-02T09:00:00Z',
      paymentFrom: 'card:OTHER',
      paymentTo: 'card:NOBODY',
      buyerUser: 'exchange:p2p:buyer0',
    };
    const g2 = buildTraceGraph(c2, [early, order], rates);
    expect(g2.length).toBe(3);
    expect(g2.ids).toEqual(['order:p2p:o0', 'f1', 'c1']);
    expect([...g2.crossing].sort()).toEqual([
      [0, 'order:p2p:o0'],
      [1, 'order:p2p:o1'],
    ]);
    expect(g2.to[1]).toBe(g2.accountIndex.get('exchange:p2p:buyer1'));
  });
});

describe('traceRows', () => {
  it('gives the same result as a full pass while looking at fewer rows', async () => {
    const { indexTraceGraph, traceRows } = await import('./trace-graph.ts');
    const c = cols([
      ['2025-01-01T10:00:00Z', 'card:S', 'card:A', '100'],
      ['2025-01-01T10:30:00Z', 'card:Z', 'card:Y', '999'],
      ['2025-01-01T11:00:00Z', 'card:A', 'card:B', '60'],
      ['2025-01-01T11:30:00Z', 'card:Q', 'card:B', '40'],
      ['2025-01-01T12:00:00Z', 'card:B', 'card:C', '100'],
      ['2025-01-01T13:00:00Z', 'card:C', 'card:D', '100'],
    ]);
    const g = buildTraceGraph(c, [], usd());
    const rows = traceRows(g, indexTraceGraph(g), ['card:S'], 3, 'forward');
    expect(rows.length).toBeLessThan(g.length);
    const opts = { direction: 'forward' as const, method: 'fifo' as const, maxHops: 3 };
    expect(traceFunds(g, ['card:S'], { ...opts, rows })).toEqual(traceFunds(g, ['card:S'], opts));
  });
});

describe('traceRows', () => {
  it('picks every row of the accounts within the hop limit once, in time order, and traces the same', () => {
    const c = cols([
      ['2025-01-01T08:00:00Z', 'card:X', 'card:S', '500'], // S's clean balance: an incoming row of a seed
      ['2025-01-01T10:00:00Z', 'card:S', 'card:A', '100'],
      ['2025-01-01T11:00:00Z', 'card:A', 'card:B', '60'],
      ['2025-01-01T11:30:00Z', 'card:B', 'card:A', '10'], // between two reached accounts: once
      ['2025-01-01T12:00:00Z', 'card:B', 'card:C', '60'],
      ['2025-01-01T13:00:00Z', 'card:C', 'card:D', '60'], // D is 4 hops out
      ['2025-01-01T14:00:00Z', 'card:Q', 'card:R', '70'], // unrelated
    ]);
    const g = buildTraceGraph(c, [], usd());
    const index = indexTraceGraph(g);
    const rows = traceRows(g, index, ['card:S'], 3, 'forward');
    const ids = Array.from(rows, (r) => c.ids[r]);
    expect(ids).toEqual(['t1', 't2', 't3', 't4', 't5', 't6'].map((t) => `t${Number(t.slice(1)) + n - 7}`));
    expect([...rows]).toEqual([...rows].sort((a, b) => a - b));
    const opts = { direction: 'forward' as const, method: 'fifo' as const, maxHops: 3 };
    const whole = traceFunds(g, ['card:S'], opts);
    const bounded = traceFunds(g, ['card:S'], { ...opts, rows });
    expect(bounded.endpoints).toEqual(whole.endpoints);
    expect(traceRows(g, index, ['card:D'], 3, 'backward').length).toBe(5); // t2..t6: S is 4 hops back
  });
});
