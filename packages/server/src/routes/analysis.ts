import { geoPoint, type TransferRow } from '@dragnet/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { traceFunds } from '@dragnet/services/trace-funds.ts';
import type { FlowsResponse, GeoResponse, TimelineResponse, TraceResponse } from '../api-types.ts';
import type { CaseIndex } from '../case-index.ts';
import type { Role } from '../findings.ts';
import { centsToString } from '../usd.ts';
import type { RouteDeps } from './deps.ts';
import { EdgeAggregator } from './graph-edges.ts';
import { limit, optText, parseQuery } from './query.ts';

const SCAN_CAP = 500_000;

/** Stages of the money chain, in order; a Sankey link only goes forward. */
export const STAGES = ['buyers', 'droppers', 'collectors', 'exchangers', 'end_recipients'] as const;
const STAGE_OF_ROLE: Partial<Record<Role, number>> = {
  buyer: 0,
  dropper: 1,
  operator: 2,
  exchanger: 3,
  end_recipient: 4,
};

function stageOf(index: CaseIndex, account: string | null): number | undefined {
  if (!account) return undefined;
  const e = index.entities.get(account);
  // An account of an operator without a role of its own collects for them.
  const holderRoles = e?.holder ? (index.entities.get(e.holder)?.roles ?? []) : [];
  const roles = [...(e?.roles ?? []), ...holderRoles.filter((r) => r === 'operator')];
  let best: number | undefined;
  for (const r of roles) {
    const s = STAGE_OF_ROLE[r];
    if (s !== undefined && (best === undefined || s > best)) best = s;
  }
  return best;
}

const traceQuery = z
  .object({
    from: optText,
    to: optText,
    method: z.enum(['fifo', 'haircut', 'poison']).default('fifo'),
    maxHops: z.coerce.number().int().min(1).max(20).default(6),
    maxNodes: limit(5000, 500),
    attribute: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** `false`: the attribution alone (the Flows view's table), without the reachability's nodes and edges. */
    paths: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
  })
  .refine((q) => q.from || q.to, {
    message: 'give from=<account,…> (forward) or to=<account,…> (backward)',
    path: ['from'],
  });

/**
 * Time-respecting reachability: money leaves a node only after it first arrived there (forward) or
 * arrives only before it left (backward). Amount attribution (FIFO/haircut) is the services' trace;
 * this route shows the paths the trace can take, which is what the graph and Sankey highlight.
 */
async function trace(
  deps: RouteDeps,
  q: z.output<typeof traceQuery>,
  /** Each transfer the answer lists, as read (the Sankey sums them without reading them again). */
  onTransfer?: (t: TransferRow) => void,
): Promise<TraceResponse> {
  const { store, index } = deps;
  const forward = Boolean(q.from);
  const seeds = (forward ? q.from : q.to)!
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const reached = new Map<string, { hop: number; at: string }>();
  for (const s of seeds) reached.set(s, { hop: 0, at: forward ? '' : '\uffff' });
  const agg = new EdgeAggregator(index.usd);
  const transfers: string[] = [];
  let frontier = q.paths === false ? [] : [...seeds];
  let truncated = false;
  for (let hop = 1; hop <= q.maxHops && frontier.length; hop++) {
    const next: string[] = [];
    const rows: TransferRow[] = [];
    for await (const t of store.scan('transfers', {
      whereIn: { field: forward ? 'fromAccount' : 'toAccount', values: frontier },
      limit: SCAN_CAP,
    }))
      rows.push(t);
    for (const t of rows) {
      const here = forward ? t.fromAccount : t.toAccount;
      const there = forward ? t.toAccount : t.fromAccount;
      if (!here || !there) continue;
      const at = reached.get(here)?.at ?? '';
      if (forward ? t.timestamp < at : t.timestamp > at) continue;
      agg.addTransfer(t);
      if (transfers.length < 5000) {
        transfers.push(t.id);
        onTransfer?.(t);
      }
      const prev = reached.get(there);
      if (!prev) {
        if (reached.size >= q.maxNodes) {
          truncated = true;
          continue;
        }
        reached.set(there, { hop, at: t.timestamp });
        next.push(there);
      } else if (forward ? t.timestamp < prev.at : t.timestamp > prev.at) {
        prev.at = t.timestamp;
      }
    }
    frontier = next;
  }
  let attribution: TraceResponse['attribution'] = null;
  let attributionError: string | undefined;
  if (q.attribute) {
    try {
      const r = await traceFunds(store, {
        ...(forward ? { from: seeds } : { to: seeds }),
        method: q.method,
        maxHops: q.maxHops,
      });
      attribution = {
        method: r.method,
        seededUsd: r.seededUsd,
        endpoints: r.endpoints.map(({ paths: _paths, ...e }) => e),
        warnings: r.warnings,
      };
    } catch (err) {
      attributionError = (err as Error).message;
    }
  }
  return {
    ...(attributionError ? { attributionError } : {}),
    attribution,
    seeds,
    direction: forward ? 'forward' : 'backward',
    method: q.method,
    nodes: [...reached].map(([id, r]) => {
      const e = index.entity(id);
      return { id, hop: r.hop, roles: e?.roles ?? [], label: e?.label ?? id };
    }),
    edges: agg.edges().filter((e) => reached.has(e.source) && reached.has(e.target)),
    transfers,
    truncated,
  };
}

/** Sums transfers into forward links between money-chain stages. */
class FlowAccumulator {
  readonly #links = new Map<string, { cents: bigint; count: number }>();
  readonly #index: CaseIndex;

  constructor(index: CaseIndex) {
    this.#index = index;
  }

  add(t: TransferRow): void {
    const b = stageOf(this.#index, t.toAccount);
    if (b === undefined) return;
    // An account without a role that pays into the chain is a buyer.
    const a = stageOf(this.#index, t.fromAccount) ?? 0;
    if (a >= b) return;
    const key = `${STAGES[a]}>${STAGES[b]}`;
    const l = this.#links.get(key) ?? { cents: 0n, count: 0 };
    l.count += 1;
    l.cents += this.#index.usd.toCents(t.amount, t.currency, t.timestamp) ?? 0n;
    this.#links.set(key, l);
  }

  result(basis: FlowsResponse['basis']): FlowsResponse {
    return {
      stages: STAGES.map((id, stage) => ({ id, stage })),
      links: [...this.#links].map(([k, v]) => {
        const [source = '', target = ''] = k.split('>');
        return { source, target, usd: centsToString(v.cents), count: v.count };
      }),
      basis,
    };
  }
}

/** One pass over all transfers and messages: the case-wide Sankey and the timeline. */
async function transferDigest({
  store,
  index,
}: RouteDeps): Promise<{ flows: FlowsResponse; timeline: TimelineResponse }> {
  const flows = new FlowAccumulator(index);
  const rowsT: Array<[string, bigint]> = [];
  let min = '\uffff';
  let max = '';
  for await (const t of store.scan('transfers', { limit: SCAN_CAP })) {
    flows.add(t);
    rowsT.push([t.timestamp, index.usd.toCents(t.amount, t.currency, t.timestamp) ?? 0n]);
    if (t.timestamp < min) min = t.timestamp;
    if (t.timestamp > max) max = t.timestamp;
  }
  const rowsM: string[] = [];
  for await (const m of store.scan('messages', { limit: SCAN_CAP })) {
    rowsM.push(m.timestamp);
    if (m.timestamp < min) min = m.timestamp;
    if (m.timestamp > max) max = m.timestamp;
  }
  const spanDays = min <= max ? (Date.parse(max) - Date.parse(min)) / 86_400_000 : 0;
  const bucket: TimelineResponse['bucket'] = spanDays > 400 ? 'month' : 'day';
  const cut = bucket === 'month' ? 7 : 10;
  const tx = new Map<string, { count: number; cents: bigint }>();
  const msg = new Map<string, number>();
  for (const [ts, cents] of rowsT) {
    const k = ts.slice(0, cut);
    const b = tx.get(k) ?? { count: 0, cents: 0n };
    b.count += 1;
    b.cents += cents;
    tx.set(k, b);
  }
  for (const ts of rowsM) msg.set(ts.slice(0, cut), (msg.get(ts.slice(0, cut)) ?? 0) + 1);
  return {
    flows: flows.result('case'),
    timeline: {
      bucket,
      transfers: [...tx].sort().map(([t, b]) => ({ t, count: b.count, usd: centsToString(b.cents) })),
      messages: [...msg].sort().map(([t, count]) => ({ t, count })),
    },
  };
}

export function analysisRoutes(deps: RouteDeps): Hono {
  const { store, index } = deps;
  const app = new Hono();
  const digest = () => index.memo('transfer-digest', () => transferDigest(deps));

  app.get('/traces', async (c) => {
    const q = parseQuery(c, traceQuery);
    await index.ready();
    return c.json(await trace(deps, q));
  });

  app.get('/flows', async (c) => {
    const q = parseQuery(
      c,
      z.object({ from: optText, to: optText, maxHops: z.coerce.number().int().min(1).max(20).default(6) }),
    );
    await index.ready();
    if (!q.from && !q.to) return c.json((await digest()).flows);
    const acc = new FlowAccumulator(index);
    await trace(
      deps,
      {
        from: q.from,
        to: q.to,
        method: 'poison',
        maxHops: q.maxHops,
        maxNodes: 5000,
        attribute: false,
        paths: true,
      },
      (t) => acc.add(t),
    );
    return c.json(acc.result('trace'));
  });

  app.get('/timeline', async (c) => {
    parseQuery(c, z.object({}));
    await index.ready();
    return c.json((await digest()).timeline);
  });

  app.get('/geo', async (c) => {
    await index.ready();
    const seizures: GeoResponse['seizures'] = [];
    for await (const s of store.scan('seizures', { limit: 50_000 })) {
      const {
        seizureId,
        date,
        place,
        lat,
        lon,
        substance,
        massG,
        description,
        personId,
        evidenceId,
        locator,
      } = s;
      seizures.push({
        seizureId,
        date,
        place,
        lat,
        lon,
        substance,
        massG,
        description,
        personId,
        evidenceId,
        locator,
      });
    }
    const points: GeoResponse['points'] = [];
    for await (const m of store.scan('mentions', { where: { kind: 'coordinates' }, limit: 50_000 })) {
      const g = geoPoint(m.identifier);
      if (!g) continue;
      points.push({
        lat: Number(g.latitude),
        lon: Number(g.longitude),
        chatId: m.chatId,
        messageId: m.messageId,
        evidenceId: m.evidenceId,
        locator: m.locator,
      });
    }
    const regions = new Map<string, string[]>();
    for (const n of index.findings?.networks ?? [])
      for (const r of n.regions) regions.set(r, [...(regions.get(r) ?? []), n.id]);
    const body: GeoResponse = {
      seizures,
      points,
      regions: [...regions].map(([name, networks]) => ({ name, networks })),
    };
    return c.json(body);
  });

  return app;
}
