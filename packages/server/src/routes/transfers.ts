import type { ScanOptions, TransferRow } from '@dragnet/core';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Page, TransferItem } from '../api-types.ts';
import { centsToString } from '../usd.ts';
import type { RouteDeps } from './deps.ts';
import { collect, isoTime, limit, offset, optText, parseQuery } from './query.ts';

const CHANNELS = ['card2card', 'bank', 'cash', 'crypto', 'exchange', 'p2p', 'other'] as const;
const ROLE = z
  .enum([
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
  ])
  .optional();
/** Rows gathered in memory when a filter cannot be pushed to the store. */
const MEMORY_CAP = 100_000;

export const transfersQuery = z.object({
  account: optText,
  from: optText,
  to: optText,
  currency: optText,
  channel: z.enum(CHANNELS).optional(),
  since: isoTime,
  until: isoTime,
  fromRole: ROLE,
  toRole: ROLE,
  ids: optText,
  limit: limit(1000, 100),
  offset,
});

export function transferRoutes({ store, index }: RouteDeps): Hono {
  const app = new Hono();

  app.get('/transfers', async (c) => {
    const q = parseQuery(c, transfersQuery);
    await index.ready();
    const where: NonNullable<ScanOptions<TransferRow>['where']> = {};
    if (q.from) where.fromAccount = q.from;
    if (q.to) where.toAccount = q.to;
    if (q.currency) where.currency = q.currency.toUpperCase();
    if (q.channel) where.channel = q.channel;
    const range =
      q.since || q.until
        ? {
            field: 'timestamp' as const,
            ...(q.since ? { from: q.since.length === 10 ? `${q.since}T00:00:00.000Z` : q.since } : {}),
            ...(q.until ? { to: q.until.length === 10 ? `${q.until}T23:59:59.999Z` : q.until } : {}),
          }
        : undefined;
    const base: ScanOptions<TransferRow> = { where, ...(range ? { range } : {}) };
    const withUsd = (t: TransferRow): TransferItem => {
      const cents = index.usd.toCents(t.amount, t.currency, t.timestamp);
      return { ...t, usd: cents === null ? null : centsToString(cents) };
    };
    const roleSet = (role: string | undefined) =>
      role
        ? new Set(
            [...index.entities.values()].filter((e) => e.roles.includes(role as never)).map((e) => e.id),
          )
        : null;

    const fromSet = roleSet(q.fromRole);
    const toSet = roleSet(q.toRole);
    const ids = q.ids ? q.ids.split(',').filter(Boolean).slice(0, 5000) : null;
    if (!q.account && !fromSet && !toSet && !ids) {
      const [total, rows] = await Promise.all([
        store.count('transfers', base),
        collect(
          store.scan('transfers', {
            ...base,
            orderBy: ['timestamp', 'id'],
            limit: q.limit,
            offset: q.offset,
          }),
        ),
      ]);
      const body: Page<TransferItem> = { total, offset: q.offset, limit: q.limit, items: rows.map(withUsd) };
      return c.json(body);
    }
    let rows: TransferRow[];
    if (ids) {
      rows = await collect(
        store.scan('transfers', { ...base, whereIn: { field: 'id', values: ids } }),
        MEMORY_CAP,
      );
    } else if (q.account) {
      const [a, b] = await Promise.all([
        collect(
          store.scan('transfers', { ...base, where: { ...where, fromAccount: q.account } }),
          MEMORY_CAP,
        ),
        collect(store.scan('transfers', { ...base, where: { ...where, toAccount: q.account } }), MEMORY_CAP),
      ]);
      const seen = new Set(a.map((t) => t.id));
      rows = [...a, ...b.filter((t) => !seen.has(t.id))];
    } else if (fromSet) {
      rows = await collect(
        store.scan('transfers', { ...base, whereIn: { field: 'fromAccount', values: [...fromSet] } }),
        MEMORY_CAP,
      );
    } else {
      rows = await collect(
        store.scan('transfers', { ...base, whereIn: { field: 'toAccount', values: [...(toSet ?? [])] } }),
        MEMORY_CAP,
      );
    }
    rows = rows.filter(
      (t) => (!fromSet || fromSet.has(t.fromAccount ?? '')) && (!toSet || toSet.has(t.toAccount ?? '')),
    );
    rows.sort((x, y) =>
      x.timestamp < y.timestamp ? -1 : x.timestamp > y.timestamp ? 1 : x.id < y.id ? -1 : 1,
    );
    const body: Page<TransferItem> = {
      total: rows.length,
      offset: q.offset,
      limit: q.limit,
      items: rows.slice(q.offset, q.offset + q.limit).map(withUsd),
    };
    return c.json(body);
  });

  return app;
}
