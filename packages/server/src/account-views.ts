import type { AccountTransfer, Store } from '@dragnet/core';
import type { GraphEdge } from './api-types.ts';
import { EdgeAggregator } from './routes/graph-edges.ts';
import { keptViews, loadView, saveKeptViews, saveView } from './stored-views.ts';
import { type UsdConverter, scaledToDecimal, toScaled } from './usd.ts';

/** What `/api/entity` and `/api/entity/neighbours` need from the transfers of one account or one person. */
export interface AccountView {
  /** Per currency in first-seen order (incoming first); transfers between two of the accounts left out. */
  totals: Array<{ currency: string; in: string; out: string; countIn: number; countOut: number }>;
  usd: { inCents: bigint; outCents: bigint; unconverted: number };
  /** Transfer records, incoming and outgoing; a transfer between two of the accounts (or to itself) once. */
  transferCount: number;
  /** The first transfers by time (ties: incoming first, then insertion order), at most `recordsCap`. */
  firstTransfers: AccountTransfer[];
  /** Transfer records per evidence file, in the order the files first appear in time order. */
  transferEvidence: Array<[string, number]>;
  /** Distinct counterparties (transfers both ways). */
  counterpartyTotal: number;
  /** The heaviest counterparties (transfers both ways, ties: first seen) in first-seen order, their weight. */
  counterparties: Array<[string, number]>;
  /** Transfer edges of those counterparties, in first-seen order (outgoing transfers first). */
  edges: GraphEdge[];
}

export interface AccountViewsOptions {
  /** Accounts with at least this many transfers are summarised once per server (default 500). */
  hubMinTransfers?: number;
  /** At most this many hubs, busiest first (default 1000: a summary holds ≤ 1,200 records and edges). */
  hubLimit?: number;
  /**
   * Views of other accounts (and persons) kept, least recently used dropped first (default 64: a view holds
   * ≤ 200 records and ≤ 500 edges, well under 1 MB). A profile and its neighbourhood read the same view.
   */
  recentViews?: number;
}

const DEFAULTS = { hubMinTransfers: 500, hubLimit: 1000, recentViews: 64 } as const;
/** Hub transfers held in memory at once while their summaries are computed. */
const HUB_ROWS_PER_PASS = 2_000_000;

/** Records an entity profile lists; counterparties a neighbourhood can show (its `cap` maximum). */
export const RECORDS_CAP = 200;
export const NEIGHBOURS_CAP = 500;

/**
 * Per-account views over the transfers. A hub (a collector with a hundred thousand transfers) is read and
 * totalled once, in the background after the case index is ready (`prepareHubs`); every other account is read
 * per request through `Store.accountTransfers` (a range of the transfers clustered by account where the store
 * keeps one, else a few columns via the lookup indexes).
 */
export class AccountViews {
  readonly #store: Store;
  readonly #options: Required<AccountViewsOptions>;
  /** Hubs, from when `prepareHubs` has listed them: their summary, computed once. */
  readonly #hubs = new Map<string, () => Promise<AccountView>>();
  /** Insertion order is recency: a hit moves its entry to the end. */
  readonly #recent = new Map<string, { usd: UsdConverter; view: Promise<AccountView> }>();

  constructor(store: Store, options: AccountViewsOptions = {}) {
    this.#store = store;
    this.#options = { ...DEFAULTS, ...options };
  }

  /**
   * Summarises the hubs, busiest first. With `oneByOne` each hub is one read (a store whose per-account reads
   * are ranges), and a request for a hub not yet reached summarises it at once instead of waiting its turn;
   * with `keep` (the case's stamp) too, summaries are kept in the case and taken from there next time;
   * otherwise a group at a time, each group's transfers from one pass over the table (a lookup would fetch a
   * busy account's rows one by one), and a request waits for its hub's group. The event loop is yielded
   * between hubs, so requests answered meanwhile wait for one hub's totals at most. Resolves with the number
   * of hubs.
   */
  async prepareHubs(usd: UsdConverter, options: { oneByOne?: boolean; keep?: string } = {}): Promise<number> {
    const store = this.#store;
    const busy = await store.busyAccounts?.(this.#options.hubMinTransfers, this.#options.hubLimit);
    if (!busy?.length || !store.accountTransfers) return 0;
    if (options.oneByOne) {
      const stamp = options.keep;
      let saving = stamp !== undefined;
      // Summaries an earlier pass made (before the copy was built) hold for this state of the case too.
      const earlier = new Map(this.#hubs);
      const summarise = async (account: string): Promise<AccountView> => {
        const early = earlier.get(account);
        if (stamp === undefined) return early ? early() : this.#compute([account], usd);
        const kept = early ? undefined : await loadView(store, account, stamp);
        if (kept) return kept;
        const view = await (early ? early() : this.#compute([account], usd));
        if (saving)
          await saveView(store, account, stamp, view).catch((e: Error) => {
            // A read-only case still serves; its hubs are summarised again next time.
            saving = false;
            console.error(`server: hub summaries not kept in the case (${e.message})`);
          });
        return view;
      };
      for (const { account } of busy) {
        let view: Promise<AccountView> | undefined;
        // Whoever asks first (a request or the loop below) computes it; a failure is retried per request.
        this.#hubs.set(account, () => {
          view ??= summarise(account);
          view.catch(() => this.#hubs.delete(account));
          return view;
        });
      }
      // Hubs kept for this state of the case are loaded when first asked for (~10 ms each), not here.
      const kept = stamp === undefined ? new Set<string>() : await keptViews(store, stamp);
      for (const { account } of busy) {
        if (kept.has(account)) continue;
        await this.#hubs.get(account)?.();
        await yieldToRequests();
      }
      if (stamp !== undefined && saving && busy.some((b) => !kept.has(b.account)))
        await saveKeptViews(
          store,
          stamp,
          busy.map((b) => b.account),
        ).catch(() => undefined);
      return busy.length;
    }
    const pending = new Map<string, { resolve: (v: AccountView | Promise<AccountView>) => void }>();
    for (const { account } of busy) {
      const view = new Promise<AccountView>((resolve) => pending.set(account, { resolve }));
      this.#hubs.set(account, () => view);
    }
    let group: string[] = [];
    let rows = 0;
    const flush = async () => {
      const of = new Map(group.map((a) => [a, [] as AccountTransfer[]]));
      for await (const batch of store.accountTransfers!(group, { wholeTable: true }))
        for (const t of batch) of.get((t.side === 'in' ? t.toAccount : t.fromAccount) ?? '')?.push(t);
      for (const [account, list] of of) {
        pending.get(account)?.resolve(accountView(list, new Set([account]), usd));
        pending.delete(account);
        await yieldToRequests();
      }
      group = [];
      rows = 0;
    };
    try {
      for (const { account, transfers } of busy) {
        if (rows > 0 && rows + transfers > HUB_ROWS_PER_PASS) await flush();
        group.push(account);
        rows += transfers;
      }
      await flush();
    } catch (err) {
      // Hubs not summarised are read per request again, as any other account (those waiting too).
      for (const [account, p] of pending) {
        this.#hubs.delete(account);
        p.resolve(this.#compute([account], usd));
      }
      throw err;
    }
    return busy.length;
  }

  /** The view of one account (own = that account) or of a person's accounts. */
  view(accounts: readonly string[], usd: UsdConverter): Promise<AccountView> {
    if (accounts.length === 1) {
      const hub = this.#hubs.get(accounts[0]!);
      if (hub) return hub();
    }
    const cap = this.#options.recentViews;
    if (cap <= 0) return this.#compute(accounts, usd);
    const key = accounts.join('\n');
    const hit = this.#recent.get(key);
    if (hit && hit.usd === usd) {
      this.#recent.delete(key);
      this.#recent.set(key, hit);
      return hit.view;
    }
    const view = this.#compute(accounts, usd);
    this.#recent.delete(key);
    this.#recent.set(key, { usd, view });
    // A failed read is not kept: the next request tries again.
    view.catch(() => {
      if (this.#recent.get(key)?.view === view) this.#recent.delete(key);
    });
    while (this.#recent.size > cap) this.#recent.delete(this.#recent.keys().next().value!);
    return view;
  }

  async #compute(accounts: readonly string[], usd: UsdConverter): Promise<AccountView> {
    return accountView(await this.#rows(accounts), new Set(accounts), usd);
  }

  async #rows(accounts: readonly string[]): Promise<AccountTransfer[]> {
    const out: AccountTransfer[] = [];
    if (accounts.length === 0) return out;
    if (this.#store.accountTransfers) {
      for await (const batch of this.#store.accountTransfers(accounts)) for (const t of batch) out.push(t);
      return out;
    }
    // Stores without the narrow read: whole rows, the same order.
    for (const [side, field] of [
      ['in', 'toAccount'],
      ['out', 'fromAccount'],
    ] as const) {
      for await (const t of this.#store.scan('transfers', { whereIn: { field, values: accounts } }))
        out.push({
          side,
          timestamp: t.timestamp,
          amount: t.amount,
          currency: t.currency,
          fromAccount: t.fromAccount,
          toAccount: t.toAccount,
          evidenceId: t.evidenceId,
          locator: t.locator,
        });
    }
    return out;
  }
}

/** Lets pending requests run between two pieces of background work. */
function yieldToRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The view of `rows` (incoming then outgoing, each in insertion order, as `Store.accountTransfers` gives
 * them) for the accounts in `own`: the figures the entity routes computed from the transfers themselves.
 */
export function accountView(
  rows: readonly AccountTransfer[],
  own: ReadonlySet<string>,
  usd: UsdConverter,
): AccountView {
  const totals = new Map<string, { in: bigint; out: bigint; countIn: number; countOut: number }>();
  let inCents = 0n;
  let outCents = 0n;
  let unconverted = 0;
  // Each transfer converted once: the totals and the edges both need it.
  const centsOf: Array<bigint | null> = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const t = rows[i]!;
    const cents = usd.toCents(t.amount, t.currency, t.timestamp);
    centsOf[i] = cents;
    // Transfers between the accounts themselves (a person's own, or an account to itself) are not turnover.
    if (own.has(t.fromAccount ?? '') && own.has(t.toAccount ?? '')) continue;
    let row = totals.get(t.currency);
    if (!row) {
      row = { in: 0n, out: 0n, countIn: 0, countOut: 0 };
      totals.set(t.currency, row);
    }
    const v = toScaled(t.amount) ?? 0n;
    if (t.side === 'in') {
      row.in += v;
      row.countIn += 1;
      if (cents !== null) inCents += cents;
    } else {
      row.out += v;
      row.countOut += 1;
      if (cents !== null) outCents += cents;
    }
    if (cents === null) unconverted += 1;
  }

  // A record once: a transfer between two of the accounts (or an account to itself) comes as both an incoming and an
  // outgoing row; its outgoing row is left out of the records (the incoming one is listed).
  const records = rows.filter((t) => t.side === 'in' || !own.has(t.toAccount ?? ''));
  // Stable: equal timestamps keep incoming before outgoing, then insertion order.
  const byTime = records.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  const files = new Map<string, number>();
  for (const t of byTime) files.set(t.evidenceId, (files.get(t.evidenceId) ?? 0) + 1);

  // Neighbourhood of a single account: edges as the outgoing then the incoming transfers first appear.
  const agg = new EdgeAggregator(usd);
  for (let i = 0; i < rows.length; i++) if (rows[i]!.side === 'out') agg.addTransfer(rows[i]!, centsOf[i]);
  for (let i = 0; i < rows.length; i++) if (rows[i]!.side === 'in') agg.addTransfer(rows[i]!, centsOf[i]);
  const allEdges = agg.edges();
  const weight = new Map<string, number>();
  for (const e of allEdges) {
    const other = own.has(e.source) ? e.target : e.source;
    weight.set(other, (weight.get(other) ?? 0) + e.count);
  }
  const firstSeen = [...weight];
  const kept = new Set(
    [...firstSeen]
      .sort((a, b) => b[1] - a[1])
      .slice(0, NEIGHBOURS_CAP)
      .map(([n]) => n),
  );
  return {
    totals: [...totals].map(([currency, t]) => ({
      currency,
      in: scaledToDecimal(t.in),
      out: scaledToDecimal(t.out),
      countIn: t.countIn,
      countOut: t.countOut,
    })),
    usd: { inCents, outCents, unconverted },
    transferCount: records.length,
    firstTransfers: byTime.slice(0, RECORDS_CAP),
    transferEvidence: [...files],
    counterpartyTotal: weight.size,
    counterparties: firstSeen.filter(([n]) => kept.has(n)),
    edges: allEdges.filter((e) => kept.has(own.has(e.source) ? e.target : e.source)),
  };
}
