import type { TransferRow } from '@dragnet/core';
import type { GraphEdge } from '../api-types.ts';
import type { UsdConverter } from '../usd.ts';
import { centsToString } from '../usd.ts';

/** Aggregates transfers into one edge per (from, to): count, USD sum, first/last time. */
export class EdgeAggregator {
  readonly #edges = new Map<string, GraphEdge & { cents: bigint; converted: boolean }>();
  readonly #usd: UsdConverter;

  constructor(usd: UsdConverter) {
    this.#usd = usd;
  }

  /** `cents`: the transfer in USD cents when the caller has it already (null: no rate). */
  addTransfer(
    t: Pick<TransferRow, 'fromAccount' | 'toAccount' | 'amount' | 'currency' | 'timestamp'>,
    cents: bigint | null = this.#usd.toCents(t.amount, t.currency, t.timestamp),
  ): void {
    if (!t.fromAccount || !t.toAccount) return;
    const e = this.#edge('Transfer', t.fromAccount, t.toAccount);
    e.count += 1;
    if (cents !== null) {
      e.cents += cents;
      e.converted = true;
    }
    if (!e.firstAt || t.timestamp < e.firstAt) e.firstAt = t.timestamp;
    if (!e.lastAt || t.timestamp > e.lastAt) e.lastAt = t.timestamp;
  }

  addLink(kind: GraphEdge['kind'], source: string, target: string, at: string | null = null): void {
    const e = this.#edge(kind, source, target);
    e.count += 1;
    if (at && (!e.firstAt || at < e.firstAt)) e.firstAt = at;
    if (at && (!e.lastAt || at > e.lastAt)) e.lastAt = at;
  }

  #edge(kind: GraphEdge['kind'], source: string, target: string) {
    const id = `${kind}:${source}->${target}`;
    let e = this.#edges.get(id);
    if (!e) {
      e = {
        id,
        source,
        target,
        kind,
        count: 0,
        usd: null,
        firstAt: null,
        lastAt: null,
        cents: 0n,
        converted: false,
      };
      this.#edges.set(id, e);
    }
    return e;
  }

  edges(): GraphEdge[] {
    return [...this.#edges.values()].map(({ cents, converted, ...e }) => ({
      ...e,
      usd: converted ? centsToString(cents) : null,
    }));
  }
}
