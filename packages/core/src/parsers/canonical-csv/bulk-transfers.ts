/**
 * The bulk path for a plain canonical transfers.csv: the store reads the file itself (DuckDB `read_csv`)
 * instead of the streaming parser, and only the values that need it (each distinct account, currency and
 * channel once; timestamps and amounts that are not already in their simplest form) come back here to be
 * read by the same field readers as `TRANSFERS.build`, so that both paths store the same rows and
 * quarantine the same rows with the same reasons. See docs/formats/canonical-csv.md, "Performance".
 *
 * A file takes the bulk path only when the streaming reader would see exactly one record per physical line:
 * UTF-8, `,`-delimited, no quote, CR or NUL byte, no blank line, no U+FFFD. Anything else (and any row
 * with the wrong number of fields, which the store finds) goes through the streaming parser.
 */
import type { IssueRow } from '../../model/tables.ts';
import { decodeHead } from '../../text/decode-chunks.ts';
import { detectEncoding } from '../../text/detect-encoding.ts';
import { sniffDelimiter } from '../../text/read-csv-records.ts';
import { mapColumns } from './parse.ts';
import { readChannel, TRANSFERS } from './specs.ts';
import {
  IdentifierCache,
  isError,
  type Read,
  readCurrency,
  readPositiveDecimal,
  readTimestamp,
} from './values.ts';

export const TRANSFER_CSV_COLUMNS = [
  'tx_id',
  'timestamp',
  'amount',
  'currency',
  'from_account',
  'to_account',
  'from_holder',
  'to_holder',
  'channel',
  'reference',
] as const;
export type TransferCsvColumn = (typeof TRANSFER_CSV_COLUMNS)[number];

export interface TransfersBulkPlan {
  evidenceId: string;
  /** First 12 characters of the evidence id, for derived record ids. */
  evidenceShort: string;
  /** Fields in every row (the header's). */
  width: number;
  /** 0-based field position of each canonical column; -1 when the file lacks it. */
  index: Readonly<Record<TransferCsvColumn, number>>;
  /** Columns no spec names, kept per row in `props` (header text trimmed). */
  extras: ReadonlyArray<{ name: string; index: number }>;
}

export interface BulkLoadResult {
  accepted: number;
  quarantined: number;
  /** The first quarantine issues in file order (at most the cap asked for). */
  issues: IssueRow[];
}

/** Done, or why the file must go through the streaming parser instead (nothing was stored then). */
export type BulkLoad = BulkLoadResult | { fallback: string };

/** What a store's record sink offers when it can read a plain transfers.csv itself. */
export interface BulkTransfersSink {
  bulkTransfersCsv(path: string, plan: TransfersBulkPlan, issueCap: number): Promise<BulkLoad>;
}

/** Lines the delimiter sniffer looks at (read-csv-records.ts): the head must hold them all. */
const SNIFF_LINES = 20;

/**
 * The bulk plan for a transfers.csv from its head (the first bytes, as `detect` gets them), or why the head
 * alone rules the bulk path out. The caller still has to prove the whole file plain (see the module doc).
 */
export function planTransfersBulk(
  head: Uint8Array,
  fileSize: number,
  evidenceId: string,
): TransfersBulkPlan | { fallback: string } {
  if (detectEncoding(head) !== 'utf-8') return { fallback: 'not UTF-8' };
  const text = decodeHead(head);
  const nl = text.indexOf('\n');
  if (nl <= 0) return { fallback: 'no complete header line in the head' };
  let lines = 0;
  for (let k = nl; k !== -1 && lines <= SNIFF_LINES; k = text.indexOf('\n', k + 1)) lines++;
  if (lines <= SNIFF_LINES && head.length < fileSize) return { fallback: 'long lines' };
  if (sniffDelimiter(text) !== ',') return { fallback: 'delimiter is not a comma' };
  const header = text.slice(0, nl).split(',');
  const cols = mapColumns(TRANSFERS, header);
  if ('missing' in cols) return { fallback: 'header lacks required columns' };
  const names = new Set<string>();
  for (const x of cols.extras) {
    // A repeated extra overwrites its first value, `__proto__` is no own property: leave both to JS.
    if (names.has(x.name) || x.name === '__proto__') return { fallback: 'unusual extra columns' };
    names.add(x.name);
  }
  const index = {} as Record<TransferCsvColumn, number>;
  for (const c of TRANSFER_CSV_COLUMNS) index[c] = cols.index[c] ?? -1;
  return {
    evidenceId,
    evidenceShort: evidenceId.slice(0, 12),
    width: header.length,
    index,
    extras: cols.extras,
  };
}

/**
 * The field readers of `TRANSFERS.build`, one distinct value at a time. Errors are the quarantine reasons
 * the streaming parser gives for the same cell.
 */
export class TransferValueReaders {
  readonly #ids = new IdentifierCache();

  account(raw: string, what: 'from_account' | 'to_account'): Read<string> {
    return this.#ids.read(raw, what);
  }

  timestamp(raw: string): Read<string> {
    return readTimestamp(raw, { dateOnly: true });
  }

  amount(raw: string): Read<string> {
    return readPositiveDecimal(raw);
  }

  currency(raw: string): Read<string> {
    return readCurrency(raw);
  }

  channel(raw: string): Read<string> {
    return readChannel(raw);
  }
}

export { isError };
