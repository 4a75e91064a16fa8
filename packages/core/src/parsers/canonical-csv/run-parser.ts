import type { IssueRow, ParsedRecord, TransferRow } from '../../model/tables.ts';
import type { FormatParser } from '../parser.ts';

/** Test support: runs a parser over bytes cut into small chunks and sorts what comes out. */
export async function runParser(parser: FormatParser, bytes: Uint8Array, fileName = 'x', mapping?: unknown) {
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += 1000) yield bytes.subarray(i, i + 1000);
  }
  const records: ParsedRecord[] = [];
  const issues: IssueRow[] = [];
  const ctx = { evidenceId: 'a'.repeat(64), fileName, ...(mapping === undefined ? {} : { mapping }) };
  for await (const item of parser.parse(chunks(), ctx)) {
    if (item.kind === 'record') records.push(item.record);
    else issues.push(item.issue);
  }
  const transfers = records.filter((r) => r.table === 'transfers').map((r) => r.row as TransferRow);
  return { records, issues, transfers };
}
