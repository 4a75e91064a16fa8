import type { HolderRow, IssueRow, StatementRow, TransferRow } from '../../../model/tables.ts';
import type { FormatParser, ParseContext } from '../../parser.ts';

export interface Parsed {
  transfers: TransferRow[];
  holders: HolderRow[];
  statements: StatementRow[];
  issues: IssueRow[];
}

export const EVIDENCE = 'ab'.repeat(32);

/** Runs a parser over bytes split into small chunks (so chunk boundaries get exercised) and sorts the output. */
export async function runParser(
  parser: FormatParser,
  bytes: Uint8Array,
  options: Partial<ParseContext> & { chunkSize?: number } = {},
): Promise<Parsed> {
  const size = options.chunkSize ?? 997;
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  const out: Parsed = { transfers: [], holders: [], statements: [], issues: [] };
  const ctx: ParseContext = { evidenceId: EVIDENCE, fileName: 'test', ...options };
  for await (const item of parser.parse(chunks(), ctx)) {
    if (item.kind === 'issue') out.issues.push(item.issue);
    else if (item.record.table === 'transfers') out.transfers.push(item.record.row);
    else if (item.record.table === 'holders') out.holders.push(item.record.row);
    else if (item.record.table === 'statements') out.statements.push(item.record.row);
  }
  return out;
}

export function fixturePath(rel: string): URL {
  return new URL(`../../../../../../../shared/fixtures/${rel}`, import.meta.url);
}
