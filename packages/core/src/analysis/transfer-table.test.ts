import { describe, expect, it } from 'vitest';
import { buildFindings } from '../findings/build-findings.ts';
import type { TransferRow } from '../model/tables.ts';
import { loadRules } from '../rules/rules.ts';
import { MemoryStore } from '../store/memory-store.ts';
import { adversarialScenario } from './adversarial-scenario.ts';
import { analyzeCaseData } from './analyze-case-data.ts';
import { mulberry32 } from './louvain.ts';
import { TransferColumns } from './transfer-columns.ts';
import { orderByKeyAndSeq, TransferTableStage } from './transfer-table.ts';
import { rateTable, UsdConverter } from './usd-converter.ts';

const comparisonOrder = (key: Float64Array, seq: Float64Array) =>
  Array.from(key, (_, i) => i).sort((a, b) => key[a]! - key[b]! || seq[a]! - seq[b]!);

describe('orderByKeyAndSeq', () => {
  const rnd = mulberry32(11);
  const shuffled = (n: number) => {
    const s = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [s[i], s[j]] = [s[j]!, s[i]!];
    }
    return new Float64Array(s);
  };

  it('sorts by key, ties by seq, over keys spanning more than 32 bits and below zero', () => {
    for (const span of [10, 5_000, 2 ** 40, 2 ** 52]) {
      const n = 5000;
      const key = new Float64Array(n).map(() => Math.floor(rnd() * span) - span / 2);
      const seq = shuffled(n);
      expect(Array.from(orderByKeyAndSeq(key, seq, n)!)).toEqual(comparisonOrder(key, seq));
    }
  });

  it('keeps seq order on ties when rows arrive in seq order, and says null when already in order', () => {
    const key = new Float64Array([5, 3, 5, 3, 1]);
    const seq = new Float64Array([0, 1, 2, 3, 4]);
    expect(Array.from(orderByKeyAndSeq(key, seq, 5)!)).toEqual([4, 1, 3, 0, 2]);
    expect(orderByKeyAndSeq(new Float64Array([1, 1, 2]), new Float64Array([0, 1, 2]), 3)).toBeNull();
    // Equal keys out of seq order are not in order.
    expect(Array.from(orderByKeyAndSeq(new Float64Array([1, 1]), new Float64Array([1, 0]), 2)!)).toEqual([
      1, 0,
    ]);
  });

  it('falls back to a comparison sort for fractional keys and for seq that is no permutation', () => {
    const key = new Float64Array([2.5, 1.25, 2.5, -0.5]);
    const seq = new Float64Array([3, 2, 1, 0]);
    expect(Array.from(orderByKeyAndSeq(key, seq, 4)!)).toEqual([3, 1, 2, 0]);
    const gaps = new Float64Array([10, 30, 20, 40]);
    const k2 = new Float64Array([7, 7, 7, 1]);
    expect(Array.from(orderByKeyAndSeq(k2, gaps, 4)!)).toEqual(comparisonOrder(k2, gaps));
  });
});

describe('TransferTableStage', () => {
  const batch = (seq: number[]) => ({
    accounts: [],
    currencies: [],
    channels: [],
    evidenceIds: [],
    length: seq.length,
    from: Int32Array.from(seq, (s) => s * 10),
    to: new Int32Array(seq.length),
    tsMicros: new Float64Array(seq.length),
    currency: new Int32Array(seq.length),
    channel: new Int32Array(seq.length),
    evidence: new Int32Array(seq.length),
    amountE6: Float64Array.from(seq, (s) => (s === 4 ? Number.NaN : s)),
    amountText: new Map(seq.flatMap((s, i) => (s === 4 ? [[i, '0.1234567'] as [number, string]] : []))),
    seq: new Float64Array(seq),
  });

  it('puts each row at its insertion position whatever order the batches come in', () => {
    const stage = new TransferTableStage(2);
    stage.add(batch([3, 4, 5]));
    stage.add(batch([2, 0, 1]));
    expect([stage.length, stage.rows]).toEqual([6, 6]);
    expect(Array.from(stage.from.subarray(0, 6))).toEqual([0, 10, 20, 30, 40, 50]);
    expect(Array.from(stage.seq.subarray(0, 6))).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...stage.amountText]).toEqual([[4, '0.1234567']]);
  });

  it('refuses positions that are not each row once', () => {
    const stage = new TransferTableStage();
    stage.add(batch([0, 2]));
    expect(() => new TransferColumns().loadTable(stage, new UsdConverter(rates))).toThrow(/seq must number/);
    expect(() => stage.add(batch([-1]))).toThrow(/no position/);
  });
});

/** Random transfers out of time order: nulls, holders, amounts of every scale, a currency without a rate. */
function randomTransfers(n: number, seed: number): TransferRow[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const amounts = [
    '1',
    '12.5',
    '0.000001',
    '0.123456789012345678',
    '999999999.999999',
    '1000000000',
    '5000',
    '7',
  ];
  return Array.from({ length: n }, (_, i) => ({
    id: `t${i % 97 === 0 ? 0 : i}`,
    txId: null,
    timestamp: new Date(Date.UTC(2024, 0, 1) + Math.floor(rnd() * 10) * 43_200_000).toISOString(),
    amount: pick(amounts),
    currency: pick(['KZT', 'USDT', 'RUB', 'XXX']),
    fromAccount: rnd() < 0.1 ? null : `card:${Math.floor(rnd() * 40)}`,
    toAccount: rnd() < 0.1 ? null : `tron:T${Math.floor(rnd() * 30)}`,
    fromHolder: rnd() < 0.3 ? pick(['A', 'B', '']) : null,
    toHolder: rnd() < 0.3 ? pick(['C', 'D']) : null,
    channel: pick(['card2card', 'crypto', 'p2p'] as const),
    reference: null,
    props: null,
    evidenceId: pick(['e1', 'e2', 'e3']),
    locator: `row:${i}`,
  }));
}

const rates = rateTable(
  Array.from({ length: 12 }, (_, d) => [
    { date: `2024-01-${String(d + 1).padStart(2, '0')}`, currency: 'KZT', usdPerUnit: '0.0021345678' },
    { date: `2024-01-${String(d + 1).padStart(2, '0')}`, currency: 'RUB', usdPerUnit: '0.011' },
    { date: `2024-01-${String(d + 1).padStart(2, '0')}`, currency: 'USDT', usdPerUnit: '1' },
  ]).flat(),
);

async function storeOf(rows: TransferRow[]): Promise<MemoryStore> {
  const store = new MemoryStore();
  for (const ev of new Set(rows.map((t) => t.evidenceId)))
    await store.ingest(
      {
        id: ev,
        size: 0,
        originalName: ev,
        path: ev,
        storedPath: ev,
        format: 'test',
        parserVersion: '1',
        source: null,
        ingestedAt: '2024-01-01T00:00:00.000Z',
      },
      async (sink) => {
        for (const t of rows) if (t.evidenceId === ev) await sink.add({ table: 'transfers', row: t });
      },
    );
  return store;
}

describe('TransferColumns.loadTable', () => {
  it('gives the columns that add() gives over the time-ordered rows', async () => {
    const store = await storeOf(randomTransfers(3000, 5));
    const ordered: TransferRow[] = [];
    for await (const t of store.scan('transfers', { orderBy: ['timestamp'] })) ordered.push(t);
    const usdA = new UsdConverter(rates);
    const a = new TransferColumns();
    for (const t of ordered) a.add(t, usdA);

    const usdB = new UsdConverter(rates);
    const b = new TransferColumns();
    const stage = new TransferTableStage(10);
    for await (const batch of store.scanTransferTable()) stage.add(batch);
    await b.setIds(b.loadTable(stage, usdB), store.transferIds());
    await b.setHolders(store.firstTransferHolders());

    const cut = (c: TransferColumns) => ({
      accounts: c.accounts,
      from: Array.from(c.from.subarray(0, c.length)),
      to: Array.from(c.to.subarray(0, c.length)),
      ts: Array.from(c.ts.subarray(0, c.length)),
      micro: Array.from(c.micro.subarray(0, c.length)),
      microNum: Array.from(c.microNum.subarray(0, c.length)),
      channel: Array.from(c.channel.subarray(0, c.length)),
      evidence: Array.from(c.evidence.subarray(0, c.length)),
      evidenceIds: c.evidenceIds,
      ids: Array.from(c.ids),
      holders: [...c.holderNames],
      unconverted: c.unconverted,
    });
    expect(b.length).toBe(3000);
    expect(cut(b)).toEqual(cut(a));
    expect(a.unconverted).toBeGreaterThan(0);
    expect(a.holderNames.size).toBeGreaterThan(10);
    expect([usdB.missingCount, [...usdB.missing]]).toEqual([usdA.missingCount, [...usdA.missing]]);
  });

  it('refuses ids that do not cover the rows', async () => {
    const store = await storeOf(randomTransfers(50, 6));
    const cols = new TransferColumns();
    const stage = new TransferTableStage();
    for await (const batch of store.scanTransferTable()) stage.add(batch);
    const seq = cols.loadTable(stage, new UsdConverter(rates));
    async function* short() {
      yield ['only one'];
    }
    await expect(cols.setIds(seq, short())).rejects.toThrow(/1 transfer ids for 50 transfers/);
  });
});

describe('analyzeCaseData over transferTable', () => {
  it('concludes what it concludes over the rows', async () => {
    const s = adversarialScenario();
    const rules = loadRules(undefined);
    const store = await storeOf(s.transfers);
    const rows = await analyzeCaseData(
      {
        transfers: store.scan('transfers', { orderBy: ['timestamp'] }),
        holders: s.holders,
        exchanges: s.exchanges,
        orders: s.orders,
        rates: s.rates,
      },
      rules,
    );
    const table = await analyzeCaseData(
      {
        transferTable: {
          batches: store.scanTransferTable(),
          ids: () => store.transferIds(),
          holders: () => store.firstTransferHolders(),
        },
        holders: s.holders,
        exchanges: s.exchanges,
        orders: s.orders,
        rates: s.rates,
      },
      rules,
    );
    const opts = { caseName: 't', evidenceCount: 1, now: '2026-01-01T00:00:00Z' };
    const a = buildFindings(rows, opts);
    const b = buildFindings(table, opts);
    expect(b.findings.summary.droppers).toBe(3);
    expect(b).toEqual(a);
  });
});
