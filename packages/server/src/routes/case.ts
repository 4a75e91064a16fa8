import { flaggedChats, usdFigure } from '@dragnet/core/report/figures.ts';
import type { ReportDoc } from '@dragnet/core/report/render-report.ts';
import { readFindings } from '@dragnet/services/analyze-case.ts';
import { reportDocFrom, reportInputs } from '@dragnet/services/build-report.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import type { CaseResponse, ReportResponse } from '../api-types.ts';
import { entityTiles } from '../entity-lists.ts';
import type { RouteDeps } from './deps.ts';
import { parseQuery } from './query.ts';

/**
 * The dashboard's figures, computed once per server (the case is read-only while served): the page gets
 * them inlined into index.html as well as from `/api/case`.
 */
export function caseBody({ store, index, caseDir }: RouteDeps): Promise<CaseResponse> {
  return index.memo('case', async () => {
    await index.ready();
    const f = index.findings;
    const [evidence, transfers, messages, quarantined] = await Promise.all([
      store.count('evidence'),
      store.count('transfers'),
      store.count('messages'),
      store.count('issues', { where: { severity: 'quarantine' } }),
    ]);
    const byJurisdiction = new Map<string, { receivedUsd: number; accounts: number }>();
    for (const r of f?.endRecipients ?? []) {
      const key = r.jurisdiction ?? '??';
      const j = byJurisdiction.get(key) ?? { receivedUsd: 0, accounts: 0 };
      j.receivedUsd = Math.round((j.receivedUsd + r.receivedUsd) * 100) / 100;
      j.accounts += 1;
      byJurisdiction.set(key, j);
    }
    // The findings' ranking (operators first) when the case is analysed, so the dashboard and the report
    // name the same key figures; otherwise every person by turnover.
    const ranked = (f?.keyFigures ?? [])
      .map((id) => index.entities.get(id))
      .filter((e): e is NonNullable<typeof e> => e !== undefined && e.kind === 'Person');
    const keyFigures = (
      ranked.length > 0
        ? ranked
        : [...index.entities.values()]
            .filter((e) => e.kind === 'Person' && (e.inUsd ?? 0) + (e.outUsd ?? 0) > 0)
            .sort((a, b) => (b.inUsd ?? 0) + (b.outUsd ?? 0) - ((a.inUsd ?? 0) + (a.outUsd ?? 0)))
    )
      .slice(0, 10)
      .map((e) => ({ id: e.id, label: e.label, roles: e.roles, inUsd: e.inUsd ?? 0, outUsd: e.outUsd ?? 0 }));
    return {
      name: f?.case.name || caseDir.split(/[\\/]/).filter(Boolean).pop() || caseDir,
      caseDir,
      analysed: f !== null,
      counts: { evidence, transfers, messages, entities: index.entities.size, quarantined },
      summary: f?.summary ?? null,
      analysedTransfers: f?.case.transfers ?? null,
      jurisdictions: [...byJurisdiction]
        .map(([jurisdiction, v]) => ({ jurisdiction, ...v }))
        .sort((a, b) => b.receivedUsd - a.receivedUsd),
      keyFigures,
      networks: (f?.networks ?? [])
        .map((n) => ({ id: n.id, size: n.size, turnoverUsd: n.turnoverUsd, regions: n.regions }))
        .sort((a, b) => b.size - a.size || b.turnoverUsd - a.turnoverUsd),
      // Counted from the lists the tiles open, with the lists' own filter.
      ...(f ? { tiles: entityTiles(index) } : {}),
    };
  });
}

export function caseRoutes({ store, index, caseDir }: RouteDeps): Hono {
  const app = new Hono();

  app.get('/case', async (c) => c.json(await caseBody({ store, index, caseDir })));

  app.get('/findings', async (c) => {
    await index.ready();
    if (!index.findings) {
      return c.json({ error: 'this case has no findings yet: run `dragnet analyze <case-dir>` first' }, 404);
    }
    return c.json(index.findings);
  });

  app.get('/report', async (c) => {
    const { lang } = parseQuery(c, z.object({ lang: z.enum(['ru', 'en']).default('ru') }));
    await index.ready();
    const stored = await store.getDocument<string | { markdown?: string; doc?: ReportDoc }>(`report:${lang}`);
    // The blocks `dragnet analyze` stored with the markdown; a case analysed before they were stored (or with no
    // stored report) gets them built from its findings once per server.
    const doc = (): Promise<ReportDoc | null> =>
      typeof stored === 'object' && stored?.doc
        ? Promise.resolve(stored.doc)
        : index.memo(`report-doc:${lang}`, async () => {
            const f = index.findings;
            if (!f) return null;
            try {
              const { findings, support } = await readFindings(store);
              // The server reads findings of any age (findings.ts): fill what an older document lacks.
              const full = {
                ...findings,
                ...f,
                persons: f.persons.map((p) => ({ roleDetails: [], ...p })),
                networks: f.networks.map((n) => Object.assign({ roles: {}, turnoverUsd: 0 }, n)),
                analysis: Object.assign(
                  { keyFigures: f.keyFigures, warnings: [], generatedAt: '', rulesVersion: '' },
                  findings.analysis,
                ),
              } as unknown as typeof findings;
              return reportDocFrom(full, await reportInputs(store, support), lang);
            } catch (e) {
              // The markdown still shows; the blocks are a view of it.
              console.error(`dragnet serve: the report's blocks could not be built: ${(e as Error).message}`);
              return null;
            }
          });
    if (typeof stored === 'string')
      return c.json({ lang, markdown: stored, doc: await doc() } satisfies ReportResponse);
    if (stored && typeof stored.markdown === 'string') {
      return c.json({ lang, markdown: stored.markdown, doc: await doc() } satisfies ReportResponse);
    }
    const f = index.findings;
    if (!f) return c.json({ error: 'no findings to report: run `dragnet analyze <case-dir>` first' }, 404);
    const s = f.summary;
    const ru = lang === 'ru';
    const lines = [
      `# ${ru ? 'Справка по делу' : 'Case summary'}: ${f.case.name}`,
      '',
      `- ${ru ? 'Участники' : 'Participants'}: ${s.participants}`,
      `- ${ru ? 'Сети' : 'Networks'}: ${s.networks}`,
      `- ${ru ? 'Дропы' : 'Droppers'}: ${s.droppers}`,
      `- ${ru ? 'Обменники' : 'Exchangers'}: ${s.exchangers}`,
      `- ${ru ? 'Помеченные чаты' : 'Flagged chats'}: ${flaggedChats(s, lang) ?? s.channelsFlagged}`,
      `- ${ru ? 'Конечные получатели' : 'End recipients'}: ${s.endRecipients}`,
      `- ${ru ? 'Оборот, USD' : 'Turnover, USD'}: ${usdFigure(s.turnoverUsd.toFixed(2), f, lang)}`,
    ];
    return c.json({ lang, markdown: lines.join('\n'), doc: await doc() } satisfies ReportResponse);
  });

  return app;
}
