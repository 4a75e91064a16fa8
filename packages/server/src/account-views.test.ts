import type { Store, TransferRow } from '@dragnet/core';
import { MemoryStore } from '@dragnet/core/store/memory-store.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDbStore, openDuckDbStore } from '@dragnet/store-duckdb/duckdb-store.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountViewsOptions, accountView } from './account-views.ts';
import type { EntityProfile, GraphEdge, GraphResponse } from './api-types.ts';
import { createApp } from './app.ts';
import { CaseIndex, type WarmReport } from './case-index.ts';
import { loadView } from './stored-views.ts';
import { FIXTURE as F, fillFixtureCase } from './testing/fixture-case.ts';
import { centsToString, scaledToDecimal, toScaled, UsdConverter } from './usd.ts';

/**
 * A hub (more counterparties than a neighbourhood can show, counts tied across the cap, a transfer to
 * itself, one with no counterparty, a currency without a rate, equal timestamps) served twice: summarised
 * once as a hub, and read per request. Both must equal a brute-force computation over every transfer.
 */
const HUB = 'card:4400439999999999';
const HUB_FILE = 'd'.repeat(64);
const PARTIES = 620;

async function hubCase(store: Store = new MemoryStore()): Promise<Store> {
  await fillFixtureCase(store);
  await store.ingest(
    {
      id: HUB_FILE,
      size: 1,
      originalName: 'hub.csv',
      path: 'hub.csv',
      storedPath: `evidence/${HUB_FILE}`,
      format: 'transfers-csv',
      parserVersion: '1',
      source: null,
      ingestedAt: '2025-03-10T10:00:00.000Z',
    },
    async (sink) => {
      let n = 0;
      const add = (from: string | null, to: string | null, amount: string, currency: string, ts: string) =>
        sink.add({
          table: 'transfers',
          row: {
            id: `h${n}`,
            txId: null,
            timestamp: ts,
            amount,
            currency,
            fromAccount: from,
            toAccount: to,
            fromHolder: null,
            toHolder: null,
            channel: 'card2card',
            reference: null,
            props: null,
            evidenceId: HUB_FILE,
            locator: `row:${++n}`,
          },
        });
      for (let i = 0; i < PARTIES; i++) {
        const party = `card:55${String(i).padStart(14, '0')}`;
        // Counts 1–3 tie across the cap of 500; some parties are paid, some pay, some both.
        for (let k = 0; k <= i % 3; k++) {
          const day = String(1 + ((i + k) % 27)).padStart(2, '0');
          const ts = `2025-03-${day}T${String(i % 24).padStart(2, '0')}:00:00.000Z`;
          if ((i + k) % 4 === 0) await add(HUB, party, `${100 + i}.25`, 'KZT', ts);
          else await add(party, HUB, `${1000 + k}`, i % 50 === 0 ? 'XAU' : 'KZT', ts);
        }
      }
      await add(HUB, HUB, '7', 'KZT', '2025-03-05T00:00:00.000Z');
      await add(null, HUB, '12.5', 'USDT', '2025-03-05T00:00:00.000Z');
      await add(F.dropper, HUB, '1', 'KZT', '2025-03-01T00:00:00.000Z');
    },
  );
  return store;
}

let store: Store;
let duck: DuckDbStore;
let all: TransferRow[];
let usd: UsdConverter;
const apps: Record<string, ReturnType<typeof createApp>> = {};
const dir = mkdtempSync(join(tmpdir(), 'dragnet-views-'));

/** An app whose background preparation (clustered copy, hub summaries) is done before it answers. */
async function warmApp(on: Store, views: AccountViewsOptions): Promise<ReturnType<typeof createApp>> {
  const index = new CaseIndex(on, views);
  const app = createApp({ store: on, caseDir: '/x', webDist: null, views, index });
  warmed.push(await index.warm());
  return app;
}
const warmed: WarmReport[] = [];

beforeAll(async () => {
  store = await hubCase();
  all = [];
  for await (const t of store.scan('transfers')) all.push(t);
  const rates = [];
  for await (const r of store.scan('fx_rates')) rates.push(r);
  usd = new UsdConverter(rates);
  apps['hub'] = await warmApp(store, { hubMinTransfers: 50 });
  apps['per request'] = createApp({ store, caseDir: '/x', webDist: null, views: { hubMinTransfers: 1e9 } });
  // The same case in DuckDB: hubs summarised from, and other accounts read from, its clustered copy.
  duck = await openDuckDbStore(join(dir, 'case.duckdb'), { threads: 2 });
  await hubCase(duck);
  await duck.prepareLookups();
  apps['duckdb lookups'] = createApp({
    store: duck,
    caseDir: '/x',
    webDist: null,
    views: { hubMinTransfers: 1e9 },
  });
  apps['duckdb hub'] = await warmApp(duck, { hubMinTransfers: 50 });
  // Built by that warm-up: the DuckDB apps below read the clustered copy, not the lookup indexes.
  expect(warmed.at(-1)).toMatchObject({ accountRows: 'built', hubs: 1 });
  apps['duckdb per request'] = createApp({
    store: duck,
    caseDir: '/x',
    webDist: null,
    views: { hubMinTransfers: 1e9 },
  });
}, 60_000);

afterAll(async () => {
  await duck?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get<T>(app: ReturnType<typeof createApp>, path: string): Promise<T> {
  const res = await app.request(path);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** Brute force over every transfer: the neighbourhood of one account as the route defines it. */
function bruteNeighbours(id: string, cap: number) {
  const out = all.filter((t) => t.fromAccount === id);
  const inc = all.filter((t) => t.toAccount === id);
  const edges = new Map<string, GraphEdge & { cents: bigint; conv: boolean }>();
  for (const t of [...out, ...inc]) {
    if (!t.fromAccount || !t.toAccount) continue;
    const key = `Transfer:${t.fromAccount}->${t.toAccount}`;
    const e = edges.get(key) ?? {
      id: key,
      source: t.fromAccount,
      target: t.toAccount,
      kind: 'Transfer' as const,
      count: 0,
      usd: null,
      firstAt: null,
      lastAt: null,
      cents: 0n,
      conv: false,
    };
    e.count += 1;
    const c = usd.toCents(t.amount, t.currency, t.timestamp);
    if (c !== null) {
      e.cents += c;
      e.conv = true;
    }
    if (!e.firstAt || t.timestamp < e.firstAt) e.firstAt = t.timestamp;
    if (!e.lastAt || t.timestamp > e.lastAt) e.lastAt = t.timestamp;
    edges.set(key, e);
  }
  const weight = new Map<string, number>();
  for (const e of edges.values()) {
    const other = e.source === id ? e.target : e.source;
    weight.set(other, (weight.get(other) ?? 0) + e.count);
  }
  const kept = [...weight]
    .map(([n, w], order) => ({ n, w, order }))
    .sort((a, b) => b.w - a.w || a.order - b.order)
    .slice(0, cap)
    .map((x) => x.n);
  return {
    kept,
    hidden: weight.size - kept.length,
    edges: [...edges.values()]
      .filter((e) => kept.includes(e.source === id ? e.target : e.source))
      .map(({ cents, conv, ...e }) => ({ ...e, usd: conv ? centsToString(cents) : null })),
  };
}

describe('hub neighbourhoods and profiles equal a brute-force computation', () => {
  for (const name of ['hub', 'per request', 'duckdb hub', 'duckdb per request']) {
    it(`caps, hidden counts and edges (${name})`, async () => {
      for (const cap of [1, 25, 499, 500]) {
        const got = await get<GraphResponse>(apps[name]!, `/api/entity/neighbours?id=${HUB}&cap=${cap}`);
        const want = bruteNeighbours(HUB, cap);
        expect(got.nodes.slice(1).map((n) => n.id)).toEqual(want.kept);
        expect(got.nodes[0]).toMatchObject({ id: HUB, hidden: want.hidden });
        expect(got.truncated).toBe(want.hidden > 0);
        expect(got.edges).toEqual(want.edges);
      }
      // The hub has more counterparties than any cap shows.
      expect(bruteNeighbours(HUB, 500).hidden).toBeGreaterThan(100);
    });

    it(`totals, USD, records and evidence files (${name})`, async () => {
      const p = await get<EntityProfile>(apps[name]!, `/api/entity?id=${HUB}`);
      const rows = [
        ...all.filter((t) => t.toAccount === HUB).map((t) => ({ t, side: 'in' })),
        ...all.filter((t) => t.fromAccount === HUB).map((t) => ({ t, side: 'out' })),
      ];
      const totals = new Map<string, { in: bigint; out: bigint; countIn: number; countOut: number }>();
      let cIn = 0n;
      let cOut = 0n;
      let unconverted = 0;
      for (const { t, side } of rows) {
        if (t.fromAccount === HUB && t.toAccount === HUB) continue;
        const r = totals.get(t.currency) ?? { in: 0n, out: 0n, countIn: 0, countOut: 0 };
        const v = toScaled(t.amount) ?? 0n;
        const c = usd.toCents(t.amount, t.currency, t.timestamp);
        if (side === 'in') {
          r.in += v;
          r.countIn += 1;
          cIn += c ?? 0n;
        } else {
          r.out += v;
          r.countOut += 1;
          cOut += c ?? 0n;
        }
        if (c === null) unconverted += 1;
        totals.set(t.currency, r);
      }
      expect(p.totals).toEqual(
        [...totals].map(([currency, r]) => ({
          currency,
          in: scaledToDecimal(r.in),
          out: scaledToDecimal(r.out),
          countIn: r.countIn,
          countOut: r.countOut,
        })),
      );
      expect(p.usd).toEqual({ in: centsToString(cIn), out: centsToString(cOut), unconverted });
      expect(unconverted).toBeGreaterThan(0);
      // A record once: the transfer to itself comes as an incoming and an outgoing row, and is listed once
      // (the incoming one), its locator never twice (user review r33, the workspace's item 1).
      const records = rows.filter(({ t, side }) => side === 'in' || t.toAccount !== HUB);
      expect(records.length).toBe(rows.length - 1);
      const byTime = records
        .map((r, i) => ({ ...r, i }))
        .sort((a, b) => (a.t.timestamp < b.t.timestamp ? -1 : a.t.timestamp > b.t.timestamp ? 1 : a.i - b.i));
      expect(p.recordsTotal).toBe(records.length);
      expect(p.records.map((r) => r.locator)).toEqual(byTime.slice(0, 200).map((r) => r.t.locator));
      expect(new Set(p.records.map((r) => r.locator)).size).toBe(p.records.length);
      expect(p.records[0]?.summary).toBe(
        `${byTime[0]!.t.timestamp.slice(0, 16)} ${byTime[0]!.t.fromAccount ?? '?'} → ${HUB} ${byTime[0]!.t.amount} ${byTime[0]!.t.currency}`,
      );
      expect(p.evidenceFiles).toEqual([
        { evidenceId: HUB_FILE, originalName: 'hub.csv', path: 'hub.csv', records: records.length },
      ]);
    });
  }

  it('a hub is read once, when the case index is built', async () => {
    const reads: string[][] = [];
    const counting = (accounts: readonly string[], options?: { wholeTable?: boolean }) => {
      reads.push([...accounts, ...(options?.wholeTable ? ['(whole table)'] : [])]);
      return store.accountTransfers!(accounts, options);
    };
    const counted = new Proxy(store, {
      get: (target, key) => {
        if (key === 'accountTransfers') return counting;
        const v = Reflect.get(target, key, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const app = await warmApp(counted, { hubMinTransfers: 50 });
    expect(reads).toEqual([[HUB, '(whole table)']]);
    await get(app, `/api/entity?id=${HUB}`);
    await get(app, `/api/entity/neighbours?id=${HUB}`);
    await get(app, `/api/entity?id=${F.dropper}`);
    expect(reads).toEqual([[HUB, '(whole table)'], [F.dropper]]);
  });

  it('a profile and its neighbourhood read an account once; the least recently used view is dropped', async () => {
    const reads: string[] = [];
    const counted = new Proxy(store, {
      get: (target, key) => {
        if (key === 'accountTransfers')
          return (accounts: readonly string[], options?: { wholeTable?: boolean }) => {
            reads.push(accounts.join('+'));
            return target.accountTransfers!(accounts, options);
          };
        const v = Reflect.get(target, key, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const app = createApp({
      store: counted,
      caseDir: '/x',
      webDist: null,
      views: { hubMinTransfers: 1e9, recentViews: 2 },
    });
    await get(app, '/api/case');
    for (const id of [F.dropper, F.collector]) {
      const want = await get(apps['per request']!, `/api/entity/neighbours?id=${id}`);
      await get(app, `/api/entity?id=${id}`);
      expect(await get(app, `/api/entity/neighbours?id=${id}`)).toEqual(want);
    }
    expect(reads).toEqual([F.dropper, F.collector]);
    await get(app, `/api/entity?id=${F.buyer}`); // drops the dropper, the least recently used
    await get(app, `/api/entity?id=${F.collector}`);
    await get(app, `/api/entity?id=${F.dropper}`);
    expect(reads).toEqual([F.dropper, F.collector, F.buyer, F.dropper]);
  });

  it('accounts read the same as hubs (several per pass, paying each other) and per request', async () => {
    const many = await warmApp(store, { hubMinTransfers: 3 });
    const duckMany = await warmApp(duck, { hubMinTransfers: 3 });
    for (const id of [F.dropper, F.collector, HUB, F.operator]) {
      for (const path of [`/api/entity?id=${id}`, `/api/entity/neighbours?id=${id}&cap=2`]) {
        const want = await get(apps['per request']!, path);
        expect(await get(apps['hub']!, path)).toEqual(want);
        expect(await get(many, path)).toEqual(want);
        expect(await get(duckMany, path)).toEqual(want);
        expect(await get(apps['duckdb per request']!, path)).toEqual(want);
      }
    }
  });

  it('keeps hub summaries in a DuckDB case: the next server reads none of their transfers', async () => {
    const reads: string[] = [];
    const counted = new Proxy(duck, {
      get: (target, key) => {
        if (key === 'accountTransfers')
          return (accounts: readonly string[], options?: { wholeTable?: boolean }) => {
            reads.push(accounts.join('+'));
            return target.accountTransfers(accounts, options);
          };
        const v = Reflect.get(target, key, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    // 'duckdb hub' (beforeAll) summarised and kept the hub; this server finds it.
    const app = await warmApp(counted, { hubMinTransfers: 50 });
    expect(warmed.at(-1)).toMatchObject({ accountRows: 'current', hubs: 1 });
    expect(reads).toEqual([]);
    for (const path of [`/api/entity?id=${HUB}`, `/api/entity/neighbours?id=${HUB}&cap=499`])
      expect(await get(app, path)).toEqual(await get(apps['per request']!, path));
    expect(reads).toEqual([]);
    // The transfer to itself is one record.
    const transfers =
      all.filter((t) => t.toAccount === HUB).length + all.filter((t) => t.fromAccount === HUB).length - 1;
    expect(await duck.getDocument(`account-view:${HUB}`)).toMatchObject({
      view: { transferCount: transfers },
    });
    // The list of kept summaries: the next server loads none of them before it is asked.
    expect((await duck.getDocument<{ accounts: string[] }>('account-views'))?.accounts).toContain(HUB);
    // Another state of the case (an ingest since): the kept summary is not used.
    const { stamp } = (await duck.getDocument<{ stamp: string }>(`account-view:${HUB}`))!;
    expect(await loadView(duck, HUB, stamp)).toMatchObject({ transferCount: transfers });
    expect(await loadView(duck, HUB, `${stamp}+1`)).toBeUndefined();
  });

  it('summarises hubs before building a stale copy, then keeps those summaries without reading again', async () => {
    const fresh = await openDuckDbStore(join(dir, 'stale.duckdb'), { threads: 2 });
    try {
      await hubCase(fresh);
      const calls: string[] = [];
      const counted = new Proxy(fresh, {
        get: (target, key) => {
          if (key === 'accountTransfers')
            return (accounts: readonly string[], options?: { wholeTable?: boolean }) => {
              calls.push(`${accounts.join('+')}${options?.wholeTable ? ' (whole table)' : ''}`);
              return target.accountTransfers(accounts, options);
            };
          if (key === 'prepareAccountRows')
            return () => {
              calls.push('build');
              return target.prepareAccountRows();
            };
          const v = Reflect.get(target, key, target);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
      const app = await warmApp(counted, { hubMinTransfers: 50 });
      expect(warmed.at(-1)).toMatchObject({ accountRows: 'built', hubs: 1 });
      expect(calls).toEqual([`${HUB} (whole table)`, 'build']);
      expect((await fresh.getDocument<{ view: unknown }>(`account-view:${HUB}`))?.view).toBeDefined();
      const path = `/api/entity/neighbours?id=${HUB}&cap=499`;
      expect(await get(app, path)).toEqual(await get(apps['per request']!, path));
    } finally {
      await fresh.close();
    }
  });

  it('answers before the hubs are summarised; a hub request waits for its summary', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const reads: string[] = [];
    const slow = new Proxy(store, {
      get: (target, key) => {
        if (key === 'accountTransfers')
          return async function* (accounts: readonly string[], options?: { wholeTable?: boolean }) {
            reads.push(`${accounts.join('+')}${options?.wholeTable ? ' (whole table)' : ''}`);
            if (options?.wholeTable) await held;
            yield* target.accountTransfers!(accounts, options);
          };
        const v = Reflect.get(target, key, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const index = new CaseIndex(slow, { hubMinTransfers: 50 });
    const app = createApp({ store: slow, caseDir: '/x', webDist: null, index });
    const path = `/api/entity?id=${F.dropper}`;
    expect(await get(app, path)).toEqual(await get(apps['per request']!, path));
    let hubAnswered = false;
    const hub = get(app, `/api/entity?id=${HUB}`).then((body) => {
      hubAnswered = true;
      return body;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hubAnswered).toBe(false);
    release();
    expect(await hub).toEqual(await get(apps['per request']!, `/api/entity?id=${HUB}`));
    expect(await index.warm()).toMatchObject({ accountRows: 'none', hubs: 1 });
    expect(reads).toEqual([F.dropper, `${HUB} (whole table)`]);
  });
});

describe("a person's records", () => {
  it('lists a transfer between two of his accounts once, with its locator once (user review r33, 1)', () => {
    const A = 'card:4400430000000011';
    const B = 'card:4400430000000029';
    const row = (side: 'in' | 'out', from: string, to: string, locator: string) => ({
      side,
      timestamp: '2025-03-01T09:00:00.000Z',
      amount: '100',
      currency: 'KZT',
      fromAccount: from,
      toAccount: to,
      evidenceId: 'e'.repeat(64),
      locator,
    });
    // As Store.accountTransfers gives them: incoming, then outgoing; row:7 is A → B, both his own.
    const rows = [
      row('in', 'card:5500000000000001', A, 'row:2'),
      row('in', A, B, 'row:7'),
      row('out', A, B, 'row:7'),
      row('out', B, 'card:5500000000000002', 'row:9'),
    ] as const;
    const view = accountView(rows, new Set([A, B]), new UsdConverter([]));
    expect(view.firstTransfers.map((t) => t.locator)).toEqual(['row:2', 'row:7', 'row:9']);
    expect(view.transferCount).toBe(3);
    expect(view.transferEvidence).toEqual([['e'.repeat(64), 3]]);
    // Still not turnover.
    expect(view.totals).toEqual([{ currency: 'KZT', in: '100', out: '100', countIn: 1, countOut: 1 }]);
  });
});
