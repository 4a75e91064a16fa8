import type { TransferRow } from '@dragnet/core';
import { ENTITY_KINDS } from '@dragnet/core/model/index.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import type { EntityProfile, EvidenceRef, GraphNode, GraphResponse, Page } from '../api-types.ts';
import type { EntitySummary } from '../case-index.ts';
import type { Role } from '../findings.ts';
import { scaledToDecimal, toScaled } from '../usd.ts';
import type { RouteDeps } from './deps.ts';
import { EdgeAggregator } from './graph-edges.ts';
import { collect, limit, notFound, offset, optText, parseQuery } from './query.ts';

const ROLES = [
  'operator',
  'recruiter',
  'courier',
  'dropper',
  'exchanger',
  'end_recipient',
  'buyer',
  'chemist',
  'supplier',
  'unknown',
] as const satisfies readonly Role[];
const KINDS: [string, ...string[]] = ['Unknown', ...ENTITY_KINDS.map((k) => k.kind)];

/** Rows read per side when summing an account's transfers for a profile or neighbourhood. */
const ACCOUNT_SCAN_CAP = 50_000;
const RECORDS_CAP = 200;

const idQuery = z.object({
  id: z.string().min(1, 'id is required (an identifier such as card:… or a person id)').max(300),
});

export function entityRoutes({ store, index }: RouteDeps): Hono {
  const app = new Hono();

  app.get('/entities', async (c) => {
    const q = parseQuery(
      c,
      z.object({
        q: optText,
        kind: z.enum(KINDS).optional(),
        role: z.enum(ROLES).optional(),
        network: optText,
        sort: z.enum(['relevance', 'label', 'turnover']).default('relevance'),
        limit: limit(1000, 50),
        offset,
      }),
    );
    await index.ready();
    const needle = q.q?.toLowerCase();
    let items = [...index.entities.values()].filter(
      (e) =>
        (!q.kind || e.kind === q.kind) &&
        (!q.role || e.roles.includes(q.role)) &&
        (!q.network || e.network === q.network) &&
        (!needle || e.id.toLowerCase().includes(needle) || e.label.toLowerCase().includes(needle)),
    );
    const turnover = (e: EntitySummary) => (e.inUsd ?? 0) + (e.outUsd ?? 0);
    if (q.sort === 'label') items.sort((a, b) => a.label.localeCompare(b.label));
    else if (q.sort === 'turnover') items.sort((a, b) => turnover(b) - turnover(a));
    else {
      // Exact identifier hits first, then flagged entities, then by turnover.
      items.sort(
        (a, b) =>
          Number(b.id.toLowerCase() === needle) - Number(a.id.toLowerCase() === needle) ||
          b.roles.length - a.roles.length ||
          turnover(b) - turnover(a) ||
          a.id.localeCompare(b.id),
      );
    }
    // An identifier in §2 form that no list holds still opens (e.g. a card seen only in a message).
    if (needle && items.length === 0) {
      const bare = index.entity(q.q ?? '');
      if (bare) items = [bare];
    }
    const body: Page<EntitySummary> = {
      total: items.length,
      offset: q.offset,
      limit: q.limit,
      items: items.slice(q.offset, q.offset + q.limit),
    };
    return c.json(body);
  });

  app.get('/entity', async (c) => {
    const { id } = parseQuery(c, idQuery);
    await index.ready();
    const entity = index.entity(id);
    if (!entity) notFound(`no entity "${id}" in this case: search for it with /api/entities?q=…`);
    const f = index.findings;
    const person = f?.persons.find((p) => p.id === id) ?? null;
    const account = f?.accounts.find((a) => a.id === id) ?? null;
    const channel = f?.channels.find((ch) => ch.id === id) ?? null;
    const accounts =
      entity.kind === 'Person'
        ? [
            ...new Set([
              ...entity.accounts,
              ...[...index.holderOf].filter(([, p]) => p === id).map(([a]) => a),
            ]),
          ]
        : [id];
    const identifiers = [...new Set([...(person?.identifiers ?? []), ...accounts])];

    const holders = accounts.length
      ? (await collect(store.scan('holders', { whereIn: { field: 'account', values: accounts } }), 500)).map(
          (h) => ({
            account: h.account,
            holderName: h.holderName,
            iin: h.iin,
            passport: h.passport,
            nationality: h.nationality,
            institution: h.institution,
            evidenceId: h.evidenceId,
            locator: h.locator,
          }),
        )
      : [];

    const own = new Set(accounts);
    const outgoing = accounts.length
      ? await collect(
          store.scan('transfers', { whereIn: { field: 'fromAccount', values: accounts } }),
          ACCOUNT_SCAN_CAP,
        )
      : [];
    const incoming = accounts.length
      ? await collect(
          store.scan('transfers', { whereIn: { field: 'toAccount', values: accounts } }),
          ACCOUNT_SCAN_CAP,
        )
      : [];
    const totals = new Map<string, { in: bigint; out: bigint; countIn: number; countOut: number }>();
    let usdIn = 0n;
    let usdOut = 0n;
    let unconverted = 0;
    const tally = (t: TransferRow, dir: 'in' | 'out') => {
      // Transfers between the person's own accounts are internal: not turnover.
      if (own.has(t.fromAccount ?? '') && own.has(t.toAccount ?? '')) return;
      const row = totals.get(t.currency) ?? { in: 0n, out: 0n, countIn: 0, countOut: 0 };
      const v = toScaled(t.amount) ?? 0n;
      if (dir === 'in') {
        row.in += v;
        row.countIn += 1;
      } else {
        row.out += v;
        row.countOut += 1;
      }
      totals.set(t.currency, row);
      const cents = index.usd.toCents(t.amount, t.currency, t.timestamp);
      if (cents === null) unconverted += 1;
      else if (dir === 'in') usdIn += cents;
      else usdOut += cents;
    };
    for (const t of incoming) tally(t, 'in');
    for (const t of outgoing) tally(t, 'out');

    const records: EvidenceRef[] = [];
    for (const h of holders)
      records.push({
        table: 'holders',
        evidenceId: h.evidenceId,
        locator: h.locator,
        summary: `${h.account} ← ${h.holderName ?? '?'}`,
      });
    const mentions = identifiers.length
      ? await collect(store.scan('mentions', { whereIn: { field: 'identifier', values: identifiers } }), 2000)
      : [];
    for (const m of mentions)
      records.push({
        table: 'mentions',
        evidenceId: m.evidenceId,
        locator: m.locator,
        summary: `${m.chatId} #${m.messageId}: ${m.raw}`,
      });
    const transfers = [...incoming, ...outgoing].sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1));
    for (const t of transfers)
      records.push({
        table: 'transfers',
        evidenceId: t.evidenceId,
        locator: t.locator,
        summary: `${t.timestamp.slice(0, 16)} ${t.fromAccount ?? '?'} → ${t.toAccount ?? '?'} ${t.amount} ${t.currency}`,
      });
    if (entity.kind === 'Person') {
      for await (const p of store.scan('persons', { where: { personId: id } }))
        records.push({
          table: 'persons',
          evidenceId: p.evidenceId,
          locator: p.locator,
          summary: `${p.personId} ${p.name ?? ''}`,
        });
    }
    const byFile = new Map<string, number>();
    for (const r of records) byFile.set(r.evidenceId, (byFile.get(r.evidenceId) ?? 0) + 1);
    const evidenceFiles = await Promise.all(
      [...byFile].map(async ([evidenceId, n]) => ({
        evidenceId,
        originalName: (await store.getEvidence(evidenceId))?.originalName ?? null,
        records: n,
      })),
    );
    const cents = (v: bigint) => {
      const neg = v < 0n;
      const a = neg ? -v : v;
      return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
    };
    const body: EntityProfile = {
      entity,
      holderEntity: entity.holder ? (index.entity(entity.holder) ?? null) : null,
      person,
      account,
      channel,
      holders,
      identifiers,
      totals: [...totals].map(([currency, t]) => ({
        currency,
        in: scaledToDecimal(t.in),
        out: scaledToDecimal(t.out),
        countIn: t.countIn,
        countOut: t.countOut,
      })),
      usd: { in: cents(usdIn), out: cents(usdOut), unconverted },
      records: records.slice(0, RECORDS_CAP),
      recordsTotal: records.length,
      evidenceFiles: evidenceFiles.sort((a, b) => b.records - a.records),
    };
    return c.json(body);
  });

  app.get('/entity/neighbours', async (c) => {
    const q = parseQuery(c, idQuery.extend({ cap: limit(500, 25) }));
    await index.ready();
    const center = index.entity(q.id);
    if (!center) notFound(`no entity "${q.id}" in this case`);
    const agg = new EdgeAggregator(index.usd);
    const id = q.id;
    if (center.kind === 'Person') {
      for (const a of center.accounts) agg.addLink('Holds', id, a);
      for (const [a, p] of index.holderOf) if (p === id) agg.addLink('Holds', id, a);
    } else if (center.kind === 'TelegramChat') {
      for await (const m of store.scan('memberships', { where: { chatId: id } }))
        agg.addLink('MemberOf', m.userId, id, m.timestamp);
      for await (const m of store.scan('mentions', { where: { chatId: id } }))
        agg.addLink('Mentions', id, m.identifier);
    } else if (center.kind === 'TelegramUser') {
      for await (const m of store.scan('memberships', { where: { userId: id } }))
        agg.addLink('MemberOf', id, m.chatId, m.timestamp);
    } else {
      const holder = index.holderOf.get(id);
      if (holder) agg.addLink('Holds', holder, id);
      for await (const t of store.scan('transfers', { where: { fromAccount: id }, limit: ACCOUNT_SCAN_CAP }))
        agg.addTransfer(t);
      for await (const t of store.scan('transfers', { where: { toAccount: id }, limit: ACCOUNT_SCAN_CAP }))
        agg.addTransfer(t);
      for await (const m of store.scan('mentions', { where: { identifier: id }, limit: 5000 }))
        agg.addLink('Mentions', m.chatId, id);
    }
    // Hub cap: keep the heaviest links, report how many more there are.
    const byNeighbour = new Map<string, number>();
    for (const e of agg.edges()) {
      const other = e.source === id ? e.target : e.source;
      byNeighbour.set(other, (byNeighbour.get(other) ?? 0) + e.count + (e.kind === 'Holds' ? 1e9 : 0));
    }
    const kept = new Set(
      [...byNeighbour]
        .sort((a, b) => b[1] - a[1])
        .slice(0, q.cap)
        .map(([n]) => n),
    );
    const toNode = (e: EntitySummary, hidden: number): GraphNode => ({
      id: e.id,
      kind: e.kind,
      label: e.label,
      roles: e.roles,
      hidden,
    });
    const nodes: GraphNode[] = [toNode(center, byNeighbour.size - kept.size)];
    for (const n of kept) {
      const e = index.entity(n) ?? {
        ...center,
        id: n,
        kind: 'Unknown',
        label: n,
        roles: [],
        accounts: [],
        holder: null,
      };
      nodes.push(toNode(e, 0));
    }
    const body: GraphResponse = {
      nodes,
      edges: agg.edges().filter((e) => kept.has(e.source === id ? e.target : e.source)),
      truncated: kept.size < byNeighbour.size,
    };
    return c.json(body);
  });

  app.get('/graph', async (c) => {
    const q = parseQuery(c, z.object({ limit: limit(5000, 300) }));
    await index.ready();
    const ranked = [...index.entities.values()]
      .filter((e) => e.kind !== 'TelegramUser')
      .sort(
        (a, b) =>
          b.roles.length - a.roles.length ||
          (b.inUsd ?? 0) + (b.outUsd ?? 0) - ((a.inUsd ?? 0) + (a.outUsd ?? 0)) ||
          a.id.localeCompare(b.id),
      );
    const chosen = ranked.slice(0, q.limit);
    const ids = new Set(chosen.map((e) => e.id));
    const agg = new EdgeAggregator(index.usd);
    for (const [a, p] of index.holderOf) if (ids.has(a) && ids.has(p)) agg.addLink('Holds', p, a);
    const accounts = chosen.filter((e) => e.kind !== 'Person' && e.kind !== 'TelegramChat').map((e) => e.id);
    if (accounts.length) {
      for await (const t of store.scan('transfers', {
        whereIn: { field: 'fromAccount', values: accounts },
        limit: 200_000,
      })) {
        if (t.toAccount && ids.has(t.toAccount)) agg.addTransfer(t);
      }
    }
    const chats = chosen.filter((e) => e.kind === 'TelegramChat').map((e) => e.id);
    if (chats.length) {
      for await (const m of store.scan('mentions', {
        whereIn: { field: 'chatId', values: chats },
        limit: 50_000,
      })) {
        if (ids.has(m.identifier)) agg.addLink('Mentions', m.chatId, m.identifier);
      }
    }
    const body: GraphResponse = {
      nodes: chosen.map((e) => ({ id: e.id, kind: e.kind, label: e.label, roles: e.roles, hidden: 0 })),
      edges: agg.edges(),
      truncated: ranked.length > chosen.length,
    };
    return c.json(body);
  });

  return app;
}
