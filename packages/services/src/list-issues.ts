import type { IssueRow, Store } from '@dragnet/core';
import { UserError } from './user-error.ts';

export interface ListedIssue {
  evidenceId: string;
  /** The evidence file's name when it was ingested. */
  file: string;
  locator: string;
  severity: IssueRow['severity'];
  reason: string;
  raw: string | null;
}

export interface ListIssuesOptions {
  /** A SHA-256 or its first characters (at least 6): only that evidence file's issues. */
  evidence?: string;
  severity?: IssueRow['severity'];
}

const byLocator = new Intl.Collator('en', { numeric: true }).compare;

/**
 * The ingest issues (quarantined records, warnings, errors) of a case, file by file in the order the
 * files went in, each file's in locator order (`row:9` before `row:10`). `dragnet issues`.
 */
export async function* listIssues(
  store: Store,
  options: ListIssuesOptions = {},
): AsyncGenerator<ListedIssue> {
  const prefix = options.evidence?.toLowerCase();
  if (prefix !== undefined && !/^[0-9a-f]{6,64}$/.test(prefix))
    throw new UserError(
      `--evidence must be a SHA-256 or its first 6 or more hex digits (got "${options.evidence}")`,
    );
  const files = [];
  for await (const e of store.scan('evidence', { orderBy: ['ingestedAt', 'id'] }))
    if (prefix === undefined || e.id.startsWith(prefix)) files.push(e);
  if (prefix !== undefined && files.length === 0)
    throw new UserError(`no evidence file ${prefix} in this case`, {
      hint: 'dragnet status <case-dir> lists the files by format',
    });
  if (prefix !== undefined && files.length > 1)
    throw new UserError(`${files.length} evidence files start with ${prefix}`, {
      hint: 'give more digits of the SHA-256',
    });
  for (const e of files) {
    const where = { evidenceId: e.id, ...(options.severity ? { severity: options.severity } : {}) };
    const rows: IssueRow[] = [];
    for await (const i of store.scan('issues', { where })) rows.push(i);
    rows.sort((a, b) => byLocator(a.locator, b.locator));
    for (const i of rows)
      yield {
        evidenceId: e.id,
        file: e.originalName,
        locator: i.locator,
        severity: i.severity,
        reason: i.reason,
        raw: i.raw,
      };
  }
}
