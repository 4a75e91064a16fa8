import type { ExchangeOrderRow } from '../model/tables.ts';
import type { TransferColumns } from '../analysis/transfer-columns.ts';
import type { UsdConverter } from '../analysis/usd-converter.ts';

/**
 * The money graph a trace walks: the case's transfers plus exchange orders. An order whose fiat leg
 * (payment_from → payment_to) is found among the transfers is re-routed so that the value continues to
 * the buyer's exchange account (fiat became crypto there); an order without a matching transfer adds
 * a virtual hop payment_from → buyer. Rows are in time order.
 */
export interface TraceGraph {
  accounts: string[];
  accountIndex: Map<string, number>;
  length: number;
  from: Int32Array;
  to: Int32Array;
  ts: Float64Array;
  micro: BigInt64Array;
  /** Transfer id, or `order:<exchange>:<id>` for a crossing. */
  ids: string[];
  /** Row → exchange order id where the hop crossed fiat→crypto. */
  crossing: Map<number, string>;
}

const MATCH_WINDOW_MS = 2 * 86_400_000;

export interface BuildTraceGraphOptions {
  /**
   * Accounts that share one ledger, account → representative: an exchanger's fiat cards and crypto
   * wallets (known from KYC) so that money paid in fiat continues as the crypto the exchanger sends.
   */
  aliases?: ReadonlyMap<string, string>;
}

export function buildTraceGraph(
  cols: TransferColumns,
  orders: Iterable<ExchangeOrderRow>,
  usd: UsdConverter,
  options: BuildTraceGraphOptions = {},
): TraceGraph {
  const to = cols.to.slice(0, cols.length);
  const from = cols.from.slice(0, cols.length);
  if (options.aliases && options.aliases.size > 0) {
    const alias = new Int32Array(cols.accounts.length + 1).map((_, i) => i);
    for (const [a, rep] of options.aliases) {
      const ai = cols.accountIndex.get(a);
      if (ai !== undefined && ai < alias.length) alias[ai] = cols.intern(rep);
    }
    for (let i = 0; i < cols.length; i++) {
      if (from[i]! >= 0 && from[i]! < alias.length) from[i] = alias[from[i]!]!;
      if (to[i]! >= 0 && to[i]! < alias.length) to[i] = alias[to[i]!]!;
      // Moving money between accounts of one ledger is no hop.
      if (from[i] === to[i]) {
        from[i] = -1;
        to[i] = -1;
      }
    }
  }
  const crossingByRow = new Map<number, string>();
  const extra: Array<{ from: number; to: number; ts: number; micro: bigint; id: string }> = [];
  const adj = cols.adjacency();
  for (const o of orders) {
    if (!o.paymentFrom || !o.buyerUser) continue;
    const orderId = `order:${o.exchange}:${o.orderId}`;
    const f = cols.intern(o.paymentFrom);
    const buyer = cols.intern(o.buyerUser);
    const payee = o.paymentTo ? cols.accountIndex.get(o.paymentTo) : undefined;
    const ts = Date.parse(o.timestamp);
    const micro =
      o.fiatAmount && o.fiatCurrency ? usd.toMicro(o.fiatAmount, o.fiatCurrency, o.timestamp) : null;
    let matched = -1;
    if (payee !== undefined && f < adj.outStart.length - 1) {
      for (let k = adj.outStart[f]!; k < adj.outStart[f + 1]!; k++) {
        const row = adj.outRows[k]!;
        if (cols.to[row] !== payee || crossingByRow.has(row)) continue;
        if (Math.abs(cols.ts[row]! - ts) > MATCH_WINDOW_MS) continue;
        if (micro !== null && !near(cols.micro[row]!, micro)) continue;
        matched = row;
        break;
      }
    }
    if (matched >= 0) {
      to[matched] = buyer;
      crossingByRow.set(matched, orderId);
    } else if (micro !== null) {
      extra.push({ from: f, to: buyer, ts, micro, id: orderId });
    }
  }
  const n = cols.length + extra.length;
  const g: TraceGraph = {
    accounts: cols.accounts,
    accountIndex: cols.accountIndex,
    length: n,
    from: new Int32Array(n),
    to: new Int32Array(n),
    ts: new Float64Array(n),
    micro: new BigInt64Array(n),
    ids: new Array<string>(n),
    crossing: new Map(),
  };
  // Merge the (already sorted) transfers with the sorted virtual rows: runs of transfers are copied in
  // bulk (no BigInt read per row); a virtual row goes after the transfers of the same time.
  extra.sort((a, b) => a.ts - b.ts);
  let i = 0;
  let k = 0;
  const copyUntil = (end: number) => {
    if (end <= i) return;
    g.from.set(from.subarray(i, end), k);
    g.to.set(to.subarray(i, end), k);
    g.ts.set(cols.ts.subarray(i, end), k);
    g.micro.set(cols.micro.subarray(i, end), k);
    for (let r = i; r < end; r++) g.ids[k + r - i] = cols.ids[r]!;
    k += end - i;
    i = end;
  };
  const shift: Array<[number, number]> = [];
  for (const e of extra) {
    let lo = i;
    let hi = cols.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cols.ts[mid]! <= e.ts) lo = mid + 1;
      else hi = mid;
    }
    copyUntil(lo);
    shift.push([i, k - i]);
    g.from[k] = e.from;
    g.to[k] = e.to;
    g.ts[k] = e.ts;
    g.micro[k] = e.micro;
    g.ids[k] = e.id;
    g.crossing.set(k, e.id);
    k++;
  }
  copyUntil(cols.length);
  for (const [row, orderId] of crossingByRow) {
    // A transfer moves by the number of virtual rows inserted before it: the last insertion point at or
    // before its index (binary search; `shift` is in insertion order, so its starts ascend).
    let lo = 0;
    let hi = shift.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (shift[mid]![0] <= row) lo = mid + 1;
      else hi = mid;
    }
    g.crossing.set(row + (lo === 0 ? 0 : shift[lo - 1]![1] + 1), orderId);
  }
  return g;
}

function near(a: bigint, b: bigint): boolean {
  const d = a > b ? a - b : b - a;
  const m = a > b ? a : b;
  return d * 100n <= m * 2n;
}

/** Per-account row lists of a trace graph (an index built once, reused by every trace). */
export interface TraceIndex {
  outStart: Uint32Array;
  outRows: Uint32Array;
  inStart: Uint32Array;
  inRows: Uint32Array;
}

export function indexTraceGraph(g: TraceGraph): TraceIndex {
  const n = g.accounts.length;
  const outStart = new Uint32Array(n + 1);
  const inStart = new Uint32Array(n + 1);
  for (let i = 0; i < g.length; i++) {
    if (g.from[i]! >= 0) outStart[g.from[i]! + 1]!++;
    if (g.to[i]! >= 0) inStart[g.to[i]! + 1]!++;
  }
  for (let a = 0; a < n; a++) {
    outStart[a + 1]! += outStart[a]!;
    inStart[a + 1]! += inStart[a]!;
  }
  const outRows = new Uint32Array(outStart[n]!);
  const inRows = new Uint32Array(inStart[n]!);
  const oc = outStart.slice(0, n);
  const ic = inStart.slice(0, n);
  for (let i = 0; i < g.length; i++) {
    if (g.from[i]! >= 0) outRows[oc[g.from[i]!]!++] = i;
    if (g.to[i]! >= 0) inRows[ic[g.to[i]!]!++] = i;
  }
  return { outStart, outRows, inStart, inRows };
}

/**
 * The rows a bounded trace can touch: every transfer of an account within `maxHops` of the seeds (both
 * directions, so ledgers see their clean money too), in time order. Lets a 3-hop trace over ten million
 * transfers look at thousands of rows instead of all of them.
 */
export function traceRows(
  g: TraceGraph,
  index: TraceIndex,
  seeds: readonly string[],
  maxHops: number,
  direction: 'forward' | 'backward',
): Uint32Array {
  const seen = new Uint8Array(g.accounts.length);
  let frontier: number[] = [];
  for (const s of seeds) {
    const i = g.accountIndex.get(s);
    if (i !== undefined && i < seen.length && !seen[i]) {
      seen[i] = 1;
      frontier.push(i);
    }
  }
  const reached: number[] = [...frontier];
  const [start, rows, other] =
    direction === 'forward' ? [index.outStart, index.outRows, g.to] : [index.inStart, index.inRows, g.from];
  for (let hop = 0; hop < maxHops && frontier.length > 0; hop++) {
    const next: number[] = [];
    for (const a of frontier) {
      for (let k = start[a]!; k < start[a + 1]!; k++) {
        const b = other[rows[k]!]!;
        if (b >= 0 && !seen[b]) {
          seen[b] = 1;
          next.push(b);
          reached.push(b);
        }
      }
    }
    frontier = next;
  }
  // Each row once (a row between two reached accounts is in both lists): count, fill, sort numerically.
  let n = 0;
  for (const a of reached)
    n += index.outStart[a + 1]! - index.outStart[a]! + index.inStart[a + 1]! - index.inStart[a]!;
  const picked = new Uint32Array(n);
  let p = 0;
  for (const a of reached) {
    picked.set(index.outRows.subarray(index.outStart[a]!, index.outStart[a + 1]!), p);
    p += index.outStart[a + 1]! - index.outStart[a]!;
    picked.set(index.inRows.subarray(index.inStart[a]!, index.inStart[a + 1]!), p);
    p += index.inStart[a + 1]! - index.inStart[a]!;
  }
  picked.sort();
  let u = 0;
  for (let i = 0; i < n; i++) if (i === 0 || picked[i] !== picked[u - 1]) picked[u++] = picked[i]!;
  // Row numbers follow time order already.
  return picked.slice(0, u);
}
