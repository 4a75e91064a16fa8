import { TABLE_NAMES, TABLES } from '@dragnet/core/model/index.ts';
import { compareLocators } from '@dragnet/core/model/locator-order.ts';
import { listEvidence } from '@dragnet/services/list-evidence.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import type { EvidenceItem, IssueItem, Page, RecordsResponse } from '../api-types.ts';
import type { RouteDeps } from './deps.ts';
import { limit, notFound, offset, parseQuery } from './query.ts';

const sha = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'expected the SHA-256 of an evidence file (64 lowercase hex digits)');

export function evidenceRoutes({ store }: RouteDeps): Hono {
  const app = new Hono();

  app.get('/evidence', async (c) => {
    // The register as `dragnet evidence` lists it, under the store's field names (`accepted`, no `sha256`).
    const items: EvidenceItem[] = (await listEvidence(store)).map((e) => ({
      id: e.id,
      size: e.size,
      originalName: e.originalName,
      storedPath: e.storedPath,
      format: e.format,
      parserVersion: e.parserVersion,
      source: e.source,
      ingestedAt: e.ingestedAt,
      accepted: e.records,
      quarantined: e.quarantined,
      path: e.path,
      issues: e.issues,
    }));
    return c.json({ items });
  });

  app.get('/evidence/:id/issues', async (c) => {
    const id = sha.safeParse(c.req.param('id'));
    if (!id.success) return c.json({ error: `bad evidence id: ${id.error.issues[0]?.message}` }, 400);
    const q = parseQuery(
      c,
      z.object({
        severity: z.enum(['quarantine', 'warning', 'error']).optional(),
        limit: limit(1000, 100),
        offset,
      }),
    );
    if (!(await store.getEvidence(id.data))) notFound(`no evidence file ${id.data} in this case`);
    const where = { evidenceId: id.data, ...(q.severity ? { severity: q.severity } : {}) };
    // In the order a reader counts records (`row:17` before `row:110`, `compareLocators`), which the store's text order
    // is not: a first pass reads the locators only, a second keeps the rows of the page asked for.
    const order: ReadonlyArray<keyof IssueItem & string> = ['locator', 'reason', 'severity'];
    const locators: string[] = [];
    for await (const i of store.scan('issues', { where, orderBy: order })) locators.push(i.locator);
    const ranked = locators
      .map((_, k) => k)
      .sort((a, b) => compareLocators(locators[a]!, locators[b]!) || a - b)
      .slice(q.offset, q.offset + q.limit);
    const at = new Map(ranked.map((k, n) => [k, n]));
    const items: IssueItem[] = new Array(ranked.length);
    let k = 0;
    if (ranked.length > 0)
      for await (const i of store.scan('issues', { where, orderBy: order })) {
        const n = at.get(k++);
        if (n !== undefined) items[n] = i;
      }
    const body: Page<IssueItem> = { total: locators.length, offset: q.offset, limit: q.limit, items };
    return c.json(body);
  });

  app.get('/records', async (c) => {
    const q = parseQuery(c, z.object({ evidence: sha, locator: z.string().min(1).max(1000) }));
    const evidence = (await store.getEvidence(q.evidence)) ?? null;
    if (!evidence) notFound(`no evidence file ${q.evidence} in this case`);
    const records: RecordsResponse['records'] = [];
    for (const table of TABLE_NAMES) {
      if (table === 'evidence' || !TABLES[table].columns.some((col) => col.field === 'locator')) continue;
      const where = { evidenceId: q.evidence, locator: q.locator } as never;
      for await (const row of store.scan(table, { where, limit: 100 }))
        records.push({ table, row: row as unknown as Record<string, unknown> });
    }
    const body: RecordsResponse = { evidence, records };
    return c.json(body);
  });

  return app;
}
