import type { TraceGraph } from './trace-graph.ts';

export type TraceMethod = 'fifo' | 'haircut' | 'poison';
export type TraceDirection = 'forward' | 'backward';

export interface TraceOptions {
  direction: TraceDirection;
  method: TraceMethod;
  maxHops: number;
  /** Paths kept per end point (largest first). */
  maxPaths?: number;
  /** Only these rows (time-ordered, from `traceRows`); default every row. */
  rows?: Uint32Array;
}

export interface TracePath {
  accounts: string[];
  transfers: string[];
  micro: bigint;
}

export interface TraceEndpoint {
  account: string;
  micro: bigint;
  hops: number;
  /** `retained`: the money is still there; `max_hops`: it moved on beyond the hop limit. */
  stop: 'retained' | 'max_hops';
  paths: TracePath[];
}

export interface TraceResult {
  direction: TraceDirection;
  method: TraceMethod;
  maxHops: number;
  seeds: string[];
  /** Value that left the seeds (forward) or reached them (backward). */
  seededMicro: bigint;
  endpoints: TraceEndpoint[];
}

class PNode {
  constructor(
    readonly acct: number,
    readonly row: number,
    readonly parent: PNode | null,
    readonly hop: number,
  ) {}
}

interface FifoState {
  kind: 'fifo';
  micro: bigint[];
  node: Array<PNode | null>;
  head: number;
}
interface HaircutState {
  kind: 'haircut';
  total: bigint;
  tainted: bigint;
  node: PNode;
  best: bigint;
}
interface PoisonState {
  kind: 'poison';
  node: PNode;
  received: bigint;
  sentOn: boolean;
}
type State = FifoState | HaircutState | PoisonState;

/**
 * Time-respecting taint propagation over the whole money graph in one pass. Forward: everything that
 * leaves the seeds is tainted, and a receiving account can pass taint on only through transfers made
 * after it arrived. Backward runs the same ledger on the mirrored graph (reversed time and direction), so
 * it answers where the seeds' incoming money came from. Attribution:
 * - fifo: each account keeps arrival lots (a clean lot for the balance it already had); a debit spends
 *   the oldest lots first;
 * - haircut: a debit carries taint in proportion to the tainted share of the balance;
 * - poison: once tainted, every later debit is wholly tainted (an upper bound, not conserved).
 * For fifo and haircut the end points' amounts add up to the seeded amount.
 */
export function traceFunds(graph: TraceGraph, seeds: readonly string[], options: TraceOptions): TraceResult {
  const maxPaths = options.maxPaths ?? 3;
  const nAcc = graph.accounts.length;
  const isSeed = new Uint8Array(nAcc);
  const seedIds: string[] = [];
  for (const s of seeds) {
    const i = graph.accountIndex.get(s);
    if (i !== undefined && !isSeed[i]) {
      isSeed[i] = 1;
      seedIds.push(s);
    }
  }
  const seedNodes = new Map<number, PNode>();
  const balance = new BigInt64Array(nAcc);
  const state: Array<State | undefined> = new Array(nAcc);
  const frozen = new Map<number, Map<PNode, bigint>>();
  const freeze = (acct: number, node: PNode, m: bigint) => {
    let f = frozen.get(acct);
    if (!f) frozen.set(acct, (f = new Map()));
    f.set(node, (f.get(node) ?? 0n) + m);
  };
  let seeded = 0n;
  const back = options.direction === 'backward';
  const parts: Array<[PNode, bigint]> = [];

  const rows = options.rows;
  const total = rows ? rows.length : graph.length;
  for (let step = 0; step < total; step++) {
    const pos = back ? total - 1 - step : step;
    const k = rows ? rows[pos]! : pos;
    const f = back ? graph.to[k]! : graph.from[k]!;
    const t = back ? graph.from[k]! : graph.to[k]!;
    const m = graph.micro[k]!;
    if (m <= 0n) continue;
    parts.length = 0;
    if (f >= 0) {
      if (isSeed[f]) {
        if (t >= 0 && isSeed[t]) continue;
        let sn = seedNodes.get(f);
        if (!sn) seedNodes.set(f, (sn = new PNode(f, -1, null, 0)));
        parts.push([sn, m]);
        seeded += m;
      } else {
        const s = state[f];
        if (s) spend(s, m, balance[f]!, parts);
      }
      balance[f] = balance[f]! > m ? balance[f]! - m : 0n;
    }
    // Taint whose hop budget is used up stays with the sender as an end point.
    let movable = false;
    for (let p = 0; p < parts.length; p++) {
      const [node, amt] = parts[p]!;
      if (node.hop >= options.maxHops || t < 0) {
        freeze(f, node, amt);
        parts[p] = [node, 0n];
      } else if (amt > 0n) movable = true;
    }
    if (t >= 0) {
      if (!isSeed[t] && (movable || state[t])) receive(t, k, m, balance[t]!, parts, state);
      balance[t] = balance[t]! + m;
    }
  }

  // Collect end points.
  const ends = new Map<number, Map<PNode, bigint>>();
  const credit = (acct: number, node: PNode, m: bigint) => {
    if (m <= 0n) return;
    let e = ends.get(acct);
    if (!e) ends.set(acct, (e = new Map()));
    e.set(node, (e.get(node) ?? 0n) + m);
  };
  for (let a = 0; a < nAcc; a++) {
    const s = state[a];
    if (!s) continue;
    if (s.kind === 'fifo') {
      for (let i = s.head; i < s.micro.length; i++) {
        const node = s.node[i];
        if (node) credit(a, node, s.micro[i]!);
      }
    } else if (s.kind === 'haircut') credit(a, s.node, s.tainted);
    else if (!s.sentOn) credit(a, s.node, s.received);
  }
  const endpoints: TraceEndpoint[] = [];
  const all = new Set([...ends.keys(), ...frozen.keys()]);
  for (const a of all) {
    const byNode = new Map<PNode, bigint>();
    for (const src of [ends.get(a), frozen.get(a)]) {
      if (src) for (const [n, m] of src) byNode.set(n, (byNode.get(n) ?? 0n) + m);
    }
    let total = 0n;
    let hops = Number.POSITIVE_INFINITY;
    for (const [n, m] of byNode) {
      total += m;
      if (n.hop < hops) hops = n.hop;
    }
    if (total <= 0n) continue;
    const top = [...byNode].sort((x, y) => (y[1] > x[1] ? 1 : y[1] < x[1] ? -1 : 0)).slice(0, maxPaths);
    endpoints.push({
      account: graph.accounts[a]!,
      micro: total,
      hops,
      stop: frozen.has(a) && !ends.has(a) ? 'max_hops' : 'retained',
      paths: top.map(([n, m]) => pathOf(graph, n, a, m, back)),
    });
  }
  endpoints.sort((x, y) => (y.micro > x.micro ? 1 : y.micro < x.micro ? -1 : x.account < y.account ? -1 : 1));
  return {
    direction: options.direction,
    method: options.method,
    maxHops: options.maxHops,
    seeds: seedIds,
    seededMicro: seeded,
    endpoints,
  };

  function spend(s: State, m: bigint, bal: bigint, out: Array<[PNode, bigint]>): void {
    if (s.kind === 'fifo') {
      let need = m;
      while (need > 0n && s.head < s.micro.length) {
        const lot = s.micro[s.head]!;
        // biome-ignore lint/complexity/useMathMinMax: bigint has no Math.min
        const take = lot < need ? lot : need;
        const node = s.node[s.head];
        if (node) out.push([node, take]);
        need -= take;
        if (take === lot) s.head++;
        else s.micro[s.head] = lot - take;
      }
      if (s.head > 64 && s.head * 2 > s.micro.length) {
        s.micro = s.micro.slice(s.head);
        s.node = s.node.slice(s.head);
        s.head = 0;
      }
    } else if (s.kind === 'haircut') {
      const total = s.total > bal ? s.total : bal;
      if (total <= 0n || s.tainted <= 0n) return;
      let tOut = m >= total ? s.tainted : (s.tainted * m) / total;
      if (tOut > s.tainted) tOut = s.tainted;
      s.tainted -= tOut;
      s.total = total > m ? total - m : 0n;
      if (tOut > 0n) out.push([s.node, tOut]);
    } else {
      s.sentOn = true;
      out.push([s.node, m]);
    }
  }

  function receive(
    t: number,
    row: number,
    m: bigint,
    bal: bigint,
    inParts: Array<[PNode, bigint]>,
    st: Array<State | undefined>,
  ): void {
    let s = st[t];
    let taintedIn = 0n;
    let best: [PNode, bigint] | null = null;
    for (const [n, a] of inParts) {
      if (a <= 0n) continue;
      taintedIn += a;
      if (!best || a > best[1]) best = [n, a];
    }
    if (!s) {
      if (!best) return;
      const node = new PNode(t, row, best[0], best[0].hop + 1);
      if (options.method === 'fifo')
        s = { kind: 'fifo', micro: bal > 0n ? [bal] : [], node: bal > 0n ? [null] : [], head: 0 };
      else if (options.method === 'haircut') s = { kind: 'haircut', total: bal, tainted: 0n, node, best: 0n };
      else s = { kind: 'poison', node, received: 0n, sentOn: false };
      st[t] = s;
    }
    if (s.kind === 'fifo') {
      for (const [n, a] of inParts) {
        if (a <= 0n) continue;
        s.micro.push(a);
        s.node.push(new PNode(t, row, n, n.hop + 1));
      }
      if (m > taintedIn) {
        s.micro.push(m - taintedIn);
        s.node.push(null);
      }
    } else if (s.kind === 'haircut') {
      s.total = (s.total > bal ? s.total : bal) + m;
      s.tainted += taintedIn;
      if (best && best[1] > s.best) {
        s.best = best[1];
        s.node = new PNode(t, row, best[0], best[0].hop + 1);
      }
    } else {
      s.received += taintedIn;
      if (best && best[0].hop + 1 < s.node.hop) s.node = new PNode(t, row, best[0], best[0].hop + 1);
    }
  }
}

function pathOf(graph: TraceGraph, node: PNode, end: number, m: bigint, back: boolean): TracePath {
  const accounts: string[] = [];
  const transfers: string[] = [];
  let n: PNode | null = node;
  if (node.acct !== end) accounts.push(graph.accounts[end]!);
  while (n) {
    accounts.push(graph.accounts[n.acct]!);
    if (n.row >= 0) transfers.push(graph.ids[n.row]!);
    n = n.parent;
  }
  if (!back) {
    accounts.reverse();
    transfers.reverse();
  }
  return { accounts, transfers, micro: m };
}
