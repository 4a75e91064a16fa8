/**
 * `dragnet trace`: follows money forward from (`from`) or backward to (`to`) a set of accounts. Loads
 * only the transfers around the traced accounts, hop by hop (indexed look-ups, no full scan), crosses
 * fiat→crypto through exchange orders, and attributes amounts per end point with FIFO, haircut or poison.
 */
import type { Store } from '@dragnet/core';
import { TransferColumns } from '@dragnet/core/analysis/transfer-columns.ts';
import { microToUsd, UsdConverter } from '@dragnet/core/analysis/usd-converter.ts';
import { buildTraceGraph } from '@dragnet/core/flow/trace-graph.ts';
import { type TraceMethod, traceFunds as traceCore } from '@dragnet/core/flow/trace-funds.ts';
import { normalizeIdentifier } from '@dragnet/core/identifiers/normalize-identifier.ts';
import type { ExchangeOrderRow, TransferRow } from '@dragnet/core/model/tables.ts';
import { FxTable } from '@dragnet/core/money/fx-table.ts';
import { UserError } from './user-error.ts';

export interface TraceFundsOptions {
  from?: readonly string[];
  to?: readonly string[];
  method?: TraceMethod;
  maxHops?: number;
}

export interface TraceFundsResult {
  direction: 'forward' | 'backward';
  method: TraceMethod;
  maxHops: number;
  seeds: string[];
  seededUsd: number;
  transfersLoaded: number;
  endpoints: Array<{
    account: string;
    holder: string | null;
    jurisdiction: string | null;
    usd: number;
    hops: number;
    stop: 'retained' | 'max_hops';
    paths: Array<{ accounts: string[]; transfers: string[]; usd: number }>;
  }>;
  warnings: string[];
}

const CHUNK = 500;

export async function traceFunds(store: Store, options: TraceFundsOptions): Promise<TraceFundsResult> {
  const forward = (options.from?.length ?? 0) > 0;
  if (forward === (options.to?.length ?? 0) > 0) {
    throw new UserError('give either --from or --to accounts (not both, not neither)', {
      hint: 'dragnet trace <case> --from card:4400… [--method fifo|haircut|poison] [--max-hops N]',
    });
  }
  const method = options.method ?? 'fifo';
  if (!['fifo', 'haircut', 'poison'].includes(method)) {
    throw new UserError(`unknown trace method "${method}"`, { hint: 'use fifo, haircut or poison' });
  }
  const maxHops = options.maxHops ?? 3;
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > 20) {
    throw new UserError(`--max-hops must be an integer from 1 to 20 (got ${maxHops})`);
  }
  const seeds = (forward ? options.from! : options.to!).map((raw) => {
    const n = normalizeIdentifier(raw);
    return n.ok ? n.id : raw;
  });

  // Collect transfers hop by hop. Each visited account also needs its other-direction transfers so the
  // ledger (FIFO lots, haircut balance) knows the clean money it held.
  const rows = new Map<string, TransferRow>();
  const orders = new Map<string, ExchangeOrderRow>();
  const visited = new Set<string>(seeds);
  let frontier = [...seeds];
  const scanBy = async (field: 'fromAccount' | 'toAccount', accounts: string[]) => {
    const found: TransferRow[] = [];
    for (let i = 0; i < accounts.length; i += CHUNK) {
      const values = accounts.slice(i, i + CHUNK);
      for await (const t of store.scan('transfers', { whereIn: { field, values } })) {
        if (!rows.has(t.id)) {
          rows.set(t.id, t);
          found.push(t);
        }
      }
    }
    return found;
  };
  const scanOrders = async (field: 'paymentFrom' | 'buyerUser', accounts: string[]) => {
    const found: ExchangeOrderRow[] = [];
    for (let i = 0; i < accounts.length; i += CHUNK) {
      const values = accounts.slice(i, i + CHUNK);
      for await (const o of store.scan('exchange_orders', { whereIn: { field, values } })) {
        const k = `${o.exchange}:${o.orderId}`;
        if (!orders.has(k)) {
          orders.set(k, o);
          found.push(o);
        }
      }
    }
    return found;
  };
  for (let hop = 0; hop < maxHops && frontier.length > 0; hop++) {
    const next = new Set<string>();
    const moved = await scanBy(forward ? 'fromAccount' : 'toAccount', frontier);
    for (const t of moved) {
      const other = forward ? t.toAccount : t.fromAccount;
      if (other && !visited.has(other)) next.add(other);
    }
    const os = await scanOrders(forward ? 'paymentFrom' : 'buyerUser', frontier);
    for (const o of os) {
      const other = forward ? o.buyerUser : o.paymentFrom;
      if (other && !visited.has(other)) next.add(other);
    }
    const nonSeed = frontier.filter((a) => !seeds.includes(a));
    if (nonSeed.length > 0) await scanBy(forward ? 'toAccount' : 'fromAccount', nonSeed);
    for (const a of next) visited.add(a);
    frontier = [...next];
  }
  if (frontier.length > 0) await scanBy(forward ? 'toAccount' : 'fromAccount', frontier);

  const fxRows = [];
  for await (const r of store.scan('fx_rates')) fxRows.push(r);
  const usd = new UsdConverter(new FxTable(fxRows).withDefaults());
  const cols = new TransferColumns();
  for (const t of rows.values()) cols.add(t, usd);
  cols.sortByTime();
  const graph = buildTraceGraph(cols, orders.values(), usd);
  const result = traceCore(graph, seeds, { direction: forward ? 'forward' : 'backward', method, maxHops });

  const endAccounts = result.endpoints.map((e) => e.account);
  const holders = new Map<string, { name: string | null; nationality: string | null }>();
  for (let i = 0; i < endAccounts.length; i += CHUNK) {
    for await (const h of store.scan('holders', {
      whereIn: { field: 'account', values: endAccounts.slice(i, i + CHUNK) },
    })) {
      if (!holders.has(h.account)) holders.set(h.account, { name: h.holderName, nationality: h.nationality });
    }
  }
  const warnings: string[] = [];
  if (result.seeds.length < seeds.length) {
    const missing = seeds.filter((s) => !result.seeds.includes(s));
    warnings.push(`no transfers found for: ${missing.join(', ')}`);
  }
  if (usd.missingCount > 0)
    warnings.push(`${usd.missingCount} transfers without a USD rate were counted as $0`);
  return {
    direction: result.direction,
    method,
    maxHops,
    seeds,
    seededUsd: microToUsd(result.seededMicro),
    transfersLoaded: rows.size,
    endpoints: result.endpoints.map((e) => ({
      account: e.account,
      holder: holders.get(e.account)?.name ?? null,
      jurisdiction: holders.get(e.account)?.nationality ?? null,
      usd: microToUsd(e.micro),
      hops: e.hops,
      stop: e.stop,
      paths: e.paths.map((p) => ({ accounts: p.accounts, transfers: p.transfers, usd: microToUsd(p.micro) })),
    })),
    warnings,
  };
}

/** Plain-text rendering for the CLI: one block per end point with its paths. */
export function formatTrace(r: TraceFundsResult, limit = 20): string {
  const money = (x: number) =>
    x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const lines = [
    `${r.direction} trace (${r.method}, max ${r.maxHops} hops) ${r.direction === 'forward' ? 'from' : 'to'} ${r.seeds.join(', ')}: $${money(r.seededUsd)} over ${r.transfersLoaded} transfers`,
  ];
  for (const e of r.endpoints.slice(0, limit)) {
    const who = [e.holder, e.jurisdiction].filter(Boolean).join(', ');
    lines.push(
      `  $${money(e.usd)}  ${e.account}${who ? ` (${who})` : ''}  hops ${e.hops}${e.stop === 'max_hops' ? ', hop limit' : ''}`,
    );
    for (const p of e.paths)
      lines.push(`      $${money(p.usd)}  ${p.accounts.join(' → ')}  [${p.transfers.join(', ')}]`);
  }
  if (r.endpoints.length > limit) lines.push(`  … ${r.endpoints.length - limit} more end points`);
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}
