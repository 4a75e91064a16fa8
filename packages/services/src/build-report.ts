/**
 * `dragnet report`: the case summary from the stored findings, with footnotes resolved to evidence file
 * names and record locators.
 */
import type { Store } from '@dragnet/core';
import type { Findings, FindingsSupport } from '@dragnet/core/findings/findings.ts';
import {
  type RecordRef,
  type ReportFormat,
  type ReportLang,
  renderReport,
} from '@dragnet/core/report/render-report.ts';
import { readFindings } from './analyze-case.ts';
import { UserError } from './user-error.ts';

export interface BuildReportOptions {
  lang: ReportLang;
  format: ReportFormat | 'pdf';
}

export async function buildReport(store: Store, options: BuildReportOptions): Promise<string> {
  if (options.format === 'pdf') {
    throw new UserError('PDF reports are not built in', {
      hint: 'write --format html and print it to PDF from a browser',
    });
  }
  const { findings, support } = await readFindings(store);
  return buildReportFromFindings(store, findings, support, { lang: options.lang, format: options.format });
}

export async function buildReportFromFindings(
  store: Store,
  findings: Findings,
  support: FindingsSupport,
  options: { lang: ReportLang; format: ReportFormat },
): Promise<string> {
  const evidenceNames = new Map<string, string>();
  for await (const e of store.scan('evidence')) evidenceNames.set(e.id, e.originalName);
  const wanted = new Set<string>();
  for (const fn of Object.values(support.footnotes)) for (const r of fn.records) wanted.add(r);
  const records = new Map<string, RecordRef>();
  const transferIds = [...wanted].filter((r) => !r.includes('#') && !r.startsWith('order:'));
  if (transferIds.length > 0) {
    for await (const t of store.scan('transfers', { whereIn: { field: 'id', values: transferIds } })) {
      records.set(t.id, { evidenceId: t.evidenceId, locator: t.locator });
    }
  }
  const orderIds = [...wanted]
    .filter((r) => r.startsWith('order:'))
    .map((r) => r.split(':').slice(2).join(':'));
  if (orderIds.length > 0) {
    for await (const o of store.scan('exchange_orders', {
      whereIn: { field: 'orderId', values: orderIds },
    })) {
      records.set(`order:${o.exchange}:${o.orderId}`, { evidenceId: o.evidenceId, locator: o.locator });
    }
  }
  return renderReport(findings, support, {
    lang: options.lang,
    format: options.format,
    evidenceNames,
    records,
  });
}
