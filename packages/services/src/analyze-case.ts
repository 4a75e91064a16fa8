/**
 * `dragnet analyze`: reads the case tables from the store, runs the analysis, stores the findings
 * (`findings`), their footnote data (`findings-support`) and the reports (`report:ru`, `report:en`: markdown and
 * blocks) for the UI, and returns the findings JSON (CONTRACT §4).
 */
import type { RowOf, ScanOptions, Store, TableName } from '@dragnet/core';
import {
  type AnalysisStage,
  analyzeCaseData,
  type CaseData,
} from '@dragnet/core/analysis/analyze-case-data.ts';
import type { CrossCaseHit } from '@dragnet/core/analysis/cross-case.ts';
import type { ResolutionDecision } from '@dragnet/core/analysis/resolve-entities.ts';
import { isContextLabel } from '@dragnet/core/labels/chat-context-pass.ts';
import { buildFindings } from '@dragnet/core/findings/build-findings.ts';
import type { Findings, FindingsSupport } from '@dragnet/core/findings/findings.ts';
import { FxTable } from '@dragnet/core/money/fx-table.ts';
import { loadRules, type Rules, RulesError } from '@dragnet/core/rules/rules.ts';
import { renderReportFrom, reportDocFrom, reportInputs } from './build-report.ts';
import { DECISIONS_DOC } from './resolve-decisions.ts';
import { UserError } from './user-error.ts';

export const FINDINGS_DOC = 'findings';
export const SUPPORT_DOC = 'findings-support';
export const RULES_DOC = 'rules';

export interface AnalyzeCaseOptions {
  caseName: string;
  /** ISO timestamp of the run (services pass the clock in). */
  now: string;
  /** Parsed `--rules` JSON (overrides thresholds of the default rules). */
  rules?: unknown;
  /** File the rules came from, for error messages. */
  rulesSource?: string;
  /** Cross-case hits for this case from the workspace index (see cross-case.ts). */
  crossCase?: readonly CrossCaseHit[];
  /** Also store `report:ru` / `report:en` documents for the UI, markdown and blocks (default true). */
  storeReports?: boolean;
  /**
   * Progress: the analysis stage, work done in it, and the case's transfer count (the size of the
   * `transfers` stage, for rows/s and ETA). `findings` and `reports` follow the analysis stages, then
   * `serve-copy` while the rest of the per-account copy's build is awaited.
   */
  /**
   * Also build the store's per-account copy of the transfers that `dragnet serve` reads (default true), while
   * the analysis runs.
   */
  prepareAccountRows?: boolean;
  onProgress?: (
    stage: AnalysisStage | 'findings' | 'reports' | 'serve-copy',
    done: number,
    transfers: number,
  ) => void;
}

export function resolveRules(override: unknown, source?: string): Rules {
  try {
    return loadRules(override, source ?? 'rules');
  } catch (e) {
    if (e instanceof RulesError) {
      throw new UserError(e.issues[0] ?? e.message, {
        ...(source ? { file: source } : {}),
        hint: `${e.issues.length} problem(s) in the rules file; see docs/analysis.md for the keys and their types`,
      });
    }
    throw e;
  }
}

export async function analyzeCase(store: Store, options: AnalyzeCaseOptions): Promise<Findings> {
  const rules = resolveRules(options.rules, options.rulesSource);
  const fxRows = [];
  for await (const r of store.scan('fx_rates')) fxRows.push(r);
  const fx = new FxTable(fxRows).withDefaults();
  const decisions = (await store.getDocument<ResolutionDecision[]>(DECISIONS_DOC)) ?? [];
  const total = await store.count('transfers');
  const progress = options.onProgress;
  // `dragnet serve` reads profiles from a per-account copy of the transfers (docs/web.md, "API speed"),
  // minutes of DuckDB work at ten million transfers. Built here on the store's own connection while the
  // single-threaded JS analysis runs, so that the first serve after an analyze is not slow; started once the
  // transfers are loaded so that it does not compete with that scan.
  let accountRows: Promise<unknown> | undefined;
  const prepare = options.prepareAccountRows !== false ? store.prepareAccountRows?.bind(store) : undefined;
  const startAccountRows = () => {
    // A failed build does not fail the analysis: serve builds the copy again in the background.
    accountRows ??= prepare?.().catch(() => undefined);
  };
  const analysis = await analyzeCaseData(
    {
      ...transfersOf(store, total),
      holders: batched(store, 'holders'),
      persons: store.scan('persons'),
      tgUsers: store.scan('tg_users'),
      sameAs: store.scan('same_as'),
      exchanges: store.scan('exchanges'),
      orders: store.scan('exchange_orders'),
      chats: store.scan('chats'),
      messages: batched(store, 'messages'),
      mentions: batched(store, 'mentions'),
      // Context labels (docs/labels.md, "Chat context") are for reading a chat: they flag no channel, make no role.
      labels: ownLabels(store),
      memberships: store.scan('memberships'),
      seizures: store.scan('seizures'),
      rates: fx,
      decisions,
    },
    rules,
    (stage, done) => {
      progress?.(stage, done, total);
      if (stage !== 'transfers') startAccountRows();
    },
  );
  startAccountRows();
  progress?.('findings', 0, total);
  const crossCase = options.crossCase ?? (await store.getDocument<Findings>(FINDINGS_DOC))?.crossCase ?? [];
  const { findings, support } = buildFindings(analysis, {
    caseName: options.caseName,
    evidenceCount: await store.count('evidence'),
    now: options.now,
    crossCase: crossCase.map((h) => ({
      identifier: h.identifier,
      cases: h.cases,
      contexts: h.contexts ?? [],
    })),
  });
  await store.putDocument(FINDINGS_DOC, findings);
  await store.putDocument(SUPPORT_DOC, support);
  await store.putDocument(RULES_DOC, rules);
  if (options.storeReports !== false) {
    progress?.('reports', 0, total);
    // The store is read once for both languages.
    const inputs = await reportInputs(store, support);
    for (const lang of ['ru', 'en'] as const)
      await store.putDocument(`report:${lang}`, {
        markdown: renderReportFrom(findings, inputs, { lang, format: 'md' }),
        doc: reportDocFrom(findings, inputs, lang),
      });
  }
  if (accountRows) {
    progress?.('serve-copy', 0, total);
    await accountRows;
  }
  return findings;
}

export async function readFindings(store: Store): Promise<{ findings: Findings; support: FindingsSupport }> {
  const findings = await store.getDocument<Findings>(FINDINGS_DOC);
  if (!findings)
    throw new UserError('the case has no findings yet', { hint: 'run: dragnet analyze <case-dir>' });
  const support = (await store.getDocument<FindingsSupport>(SUPPORT_DOC)) ?? { footnotes: {} };
  return { findings, support };
}

/** The store's fastest way to give all transfers to the analysis. */
function transfersOf(store: Store, count: number): Partial<CaseData> {
  const { scanTransferTable, transferIds, firstTransferHolders } = store;
  if (scanTransferTable && transferIds && firstTransferHolders)
    return {
      transferTable: {
        batches: scanTransferTable.call(store),
        ids: () => transferIds.call(store),
        holders: () => firstTransferHolders.call(store),
        count,
      },
    };
  if (store.scanTransferColumns) return { transferColumns: store.scanTransferColumns() };
  return { transfers: batched(store, 'transfers', { orderBy: ['timestamp'] }) };
}

/** A table as `{ batches }` when the store can stream arrays of rows (no await per row), else its rows. */
function ownLabels(store: Store): { batches: AsyncIterable<RowOf<'message_labels'>[]> } {
  return { batches: ownLabelBatches(store) };
}

async function* ownLabelBatches(store: Store): AsyncIterable<RowOf<'message_labels'>[]> {
  if (!store.scanBatches) {
    for await (const l of store.scan('message_labels')) if (!isContextLabel(l)) yield [l];
    return;
  }
  for await (const b of store.scanBatches('message_labels')) {
    const own = b.some(isContextLabel) ? b.filter((l) => !isContextLabel(l)) : b;
    if (own.length > 0) yield own;
  }
}

function batched<T extends TableName>(
  store: Store,
  table: T,
  options?: ScanOptions<RowOf<T>>,
): AsyncIterable<RowOf<T>> | { batches: AsyncIterable<RowOf<T>[]> } {
  return store.scanBatches ? { batches: store.scanBatches(table, options) } : store.scan(table, options);
}
