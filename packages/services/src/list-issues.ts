import type { IssueRow, Store } from '@dragnet/core';
import { UserError } from './user-error.ts';

export interface ListedIssue {
  evidenceId: string;
  /** The evidence file's name when it was ingested. */
  file: string;
  /**
   * Where it was ingested from (`evidencePath`) (`phone2/ChatExport_1/result.json`), or its name when
   * the file itself was given; null for a file ingested before the register kept paths. Untrusted text.
   */
  path: string | null;
  locator: string;
  severity: IssueRow['severity'];
  reason: string;
  raw: string | null;
}

export interface ListIssuesOptions {
  /** A SHA-256 or its first characters (at least 6): only that evidence file's issues. */
  evidence?: string;
  severity?: IssueRow['severity'];
  /** At most this many issues: a file's are then held only up to this many (its first in locator order). */
  limit?: number;
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
      hint: 'dragnet evidence <case-dir> lists the files with their SHA-256',
    });
  if (prefix !== undefined && files.length > 1)
    throw new UserError(`${files.length} evidence files start with ${prefix}`, {
      hint: 'give more digits of the SHA-256',
    });
  let left = options.limit ?? Number.POSITIVE_INFINITY;
  for (const e of files) {
    if (left <= 0) return;
    const where = { evidenceId: e.id, ...(options.severity ? { severity: options.severity } : {}) };
    const rows = await firstByLocator(store.scan('issues', { where }), left);
    left -= rows.length;
    for (const i of rows)
      yield {
        evidenceId: e.id,
        file: e.originalName,
        path: e.path,
        locator: i.locator,
        severity: i.severity,
        reason: i.reason,
        raw: i.raw,
      };
  }
}

/**
 * The first `cap` issues of a scan in locator order, holding no more than `cap` (a file with a million quarantined
 * rows listed with `--limit 20` holds 20). Rows mostly arrive in file order already: the common case appends.
 */
async function firstByLocator(rows: AsyncIterable<IssueRow>, cap: number): Promise<IssueRow[]> {
  const out: IssueRow[] = [];
  if (cap === Number.POSITIVE_INFINITY) {
    for await (const i of rows) out.push(i);
    return out.sort((a, b) => byLocator(a.locator, b.locator));
  }
  for await (const i of rows) {
    if (out.length >= cap && byLocator(i.locator, out[out.length - 1]!.locator) >= 0) continue;
    let at = out.length;
    while (at > 0 && byLocator(i.locator, out[at - 1]!.locator) < 0) at--;
    out.splice(at, 0, i);
    if (out.length > cap) out.pop();
  }
  return out;
}
