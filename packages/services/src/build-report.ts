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
import { parseMessageRef, recordRefKind } from '@dragnet/core/findings/record-ref.ts';
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
  const records = await locateRecords(store, wanted);
  return renderReport(findings, support, {
    lang: options.lang,
    format: options.format,
    evidenceNames,
    records,
  });
}

/**
 * Where each cited record is: its evidence file and locator, looked up by kind (transfers, messages, exchange
 * orders, seizures). `loc:` refs carry their place and need no look-up; a ref found nowhere stays out of the
 * map and the report says so.
 */
async function locateRecords(store: Store, refs: Iterable<string>): Promise<Map<string, RecordRef>> {
  const byKind = {
    transfer: [] as string[],
    message: [] as string[],
    order: [] as string[],
    seizure: [] as string[],
  };
  for (const r of new Set(refs)) {
    const k = recordRefKind(r);
    if (k !== 'located') byKind[k].push(r);
  }
  const records = new Map<string, RecordRef>();
  if (byKind.transfer.length > 0) {
    for await (const t of store.scan('transfers', { whereIn: { field: 'id', values: byKind.transfer } })) {
      records.set(t.id, { evidenceId: t.evidenceId, locator: t.locator });
    }
  }
  // Message ids repeat in every chat: looked up chat by chat.
  const messagesOf = new Map<string, string[]>();
  for (const r of byKind.message) {
    const ref = parseMessageRef(r);
    if (!ref) continue;
    const ids = messagesOf.get(ref.chatId);
    if (ids) ids.push(ref.messageId);
    else messagesOf.set(ref.chatId, [ref.messageId]);
  }
  for (const [chatId, ids] of messagesOf)
    for await (const m of store.scan('messages', {
      where: { chatId },
      whereIn: { field: 'messageId', values: ids },
    })) {
      const ref = `${m.chatId}#${m.messageId}`;
      if (!records.has(ref)) records.set(ref, { evidenceId: m.evidenceId, locator: m.locator });
    }
  if (byKind.order.length > 0) {
    const orderIds = byKind.order.map((r) => r.split(':').slice(2).join(':'));
    for await (const o of store.scan('exchange_orders', {
      whereIn: { field: 'orderId', values: orderIds },
    })) {
      records.set(`order:${o.exchange}:${o.orderId}`, { evidenceId: o.evidenceId, locator: o.locator });
    }
  }
  if (byKind.seizure.length > 0) {
    const ids = byKind.seizure.map((r) => r.slice('seizure:'.length));
    for await (const z of store.scan('seizures', { whereIn: { field: 'seizureId', values: ids } })) {
      records.set(`seizure:${z.seizureId}`, { evidenceId: z.evidenceId, locator: z.locator });
    }
  }
  return records;
}
