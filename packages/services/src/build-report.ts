/**
 * `dragnet report`: the case summary from the stored findings, with footnotes resolved to evidence file
 * names and record locators.
 */
import { entityKindOf, evidenceName, type Store } from '@dragnet/core';
import type { Findings, FindingsSupport } from '@dragnet/core/findings/findings.ts';
import {
  type RecordRef,
  type ReportDoc,
  type ReportFormat,
  type ReportLang,
  renderReport,
  reportDoc,
} from '@dragnet/core/report/render-report.ts';
import { parseMessageRef, recordRefKind } from '@dragnet/core/findings/record-ref.ts';
import { readFindings } from './analyze-case.ts';
import { postersOf } from './telegram-facts.ts';
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
  return renderReportFrom(findings, await reportInputs(store, support), {
    lang: options.lang,
    format: options.format,
  });
}

/** What a report reads from the store besides the findings: read once, rendered in any language and format. */
export interface ReportInputs {
  support: FindingsSupport;
  evidenceNames: Map<string, string>;
  records: Map<string, RecordRef>;
  chatAccounts: ChatAccount[];
}

/** The store reads of a report: evidence names (paths), the cited records' places, the accounts posted in chats. */
export async function reportInputs(store: Store, support: FindingsSupport): Promise<ReportInputs> {
  const evidenceNames = new Map<string, string>();
  // A file is named by the path it was ingested from (six result.json files of six phones stay apart); a case from
  // before the register kept paths names it as it was called.
  for await (const e of store.scan('evidence')) evidenceNames.set(e.id, evidenceName(e));
  const accounts = await chatAccounts(store);
  const footnotes = { ...support.footnotes };
  for (const a of accounts)
    footnotes[`chatAccount:${a.identifier}`] = {
      figure: `chatAccount:${a.identifier}`,
      evidenceIds: [],
      records: a.records,
    };
  const wanted = new Set<string>();
  for (const fn of Object.values(footnotes)) for (const r of fn.records) wanted.add(r);
  const records = await locateRecords(store, wanted);
  return { support: { ...support, footnotes }, evidenceNames, records, chatAccounts: accounts };
}

export function renderReportFrom(
  findings: Findings,
  inputs: ReportInputs,
  options: { lang: ReportLang; format: ReportFormat },
): string {
  return renderReport(findings, inputs.support, {
    lang: options.lang,
    format: options.format,
    evidenceNames: inputs.evidenceNames,
    records: inputs.records,
    chatAccounts: inputs.chatAccounts,
  });
}

/** The report as blocks (`reportDoc` in core): what the web workspace renders into elements. */
export function reportDocFrom(findings: Findings, inputs: ReportInputs, lang: ReportLang): ReportDoc {
  return reportDoc(findings, inputs.support, {
    lang,
    evidenceNames: inputs.evidenceNames,
    records: inputs.records,
    chatAccounts: inputs.chatAccounts,
  });
}

/** Entity kinds of the identifiers money moves through. */
const MONEY_KINDS = new Set(['BankCard', 'BankAccount', 'CryptoWallet', 'ExchangeAccount', 'Phone']);

/**
 * The accounts, cards, phones and wallets written in Telegram messages (validated identifiers) that the case's
 * transfers move money through: a card a shop posted in its channel that the bank statement shows paid. Most transfers
 * first; each with the first messages and transfers that show it, for its footnote.
 */
interface ChatAccount {
  identifier: string;
  chats: number;
  messages: number;
  transfers: number;
  /** Who posted it (the messages' authors), most messages first: not its holder (telegram-facts.ts, `postersOf`). */
  postedBy: Array<{ author: string; name: string | null; messages: number }>;
  /** The first messages and transfers that show it, for its footnote. */
  records: string[];
}

async function chatAccounts(store: Store): Promise<ChatAccount[]> {
  const posted = new Map<string, { chats: Set<string>; messages: Set<string>; refs: string[] }>();
  for await (const m of store.scan('mentions')) {
    if (!m.validated || !MONEY_KINDS.has(entityKindOf(m.identifier) ?? '')) continue;
    let p = posted.get(m.identifier);
    if (!p) posted.set(m.identifier, (p = { chats: new Set(), messages: new Set(), refs: [] }));
    p.chats.add(m.chatId);
    const ref = `${m.chatId}#${m.messageId}`;
    if (!p.messages.has(ref) && p.refs.length < 3) p.refs.push(ref);
    p.messages.add(ref);
  }
  if (posted.size === 0) return [];
  const moved = new Map<string, { transfers: number; refs: string[] }>();
  const ids = [...posted.keys()];
  for (const field of ['fromAccount', 'toAccount'] as const)
    for await (const t of store.scan('transfers', { whereIn: { field, values: ids } })) {
      const id = field === 'fromAccount' ? t.fromAccount : t.toAccount;
      if (!id) continue;
      let x = moved.get(id);
      if (!x) moved.set(id, (x = { transfers: 0, refs: [] }));
      x.transfers++;
      if (x.refs.length < 3) x.refs.push(t.id);
    }
  const posters = await postersOf(store, [...moved.keys()]);
  return [...moved]
    .map(([identifier, x]) => {
      const p = posted.get(identifier)!;
      return {
        identifier,
        chats: p.chats.size,
        messages: p.messages.size,
        transfers: x.transfers,
        postedBy: (posters.get(identifier) ?? []).map(({ author, name, messages }) => ({
          author,
          name,
          messages,
        })),
        records: [...p.refs, ...x.refs],
      };
    })
    .sort(
      (a, b) =>
        b.transfers - a.transfers || b.messages - a.messages || (a.identifier < b.identifier ? -1 : 1),
    );
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
