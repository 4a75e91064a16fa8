import type { IssueRow, ParsedRecord } from '../model/tables.ts';

/**
 * What a parser yields: records for the store and issues (quarantined records, warnings). An issue with
 * `stopped` says the parser could not read on from there (broken syntax, a cut-off file): the records before it
 * stand, the rest of the file was not read. The ingest reports such a file as failed (docs/cli.md, "Exit status").
 */
export type ParseItem =
  | { kind: 'record'; record: ParsedRecord }
  | { kind: 'issue'; issue: IssueRow; stopped?: boolean };

export interface ParseContext {
  /** SHA-256 of the file; every record's `evidenceId`. */
  evidenceId: string;
  /** The file's name as given (untrusted text: never used as a path). */
  fileName: string;
  /** Path relative to the ingested folder, when the file came from a folder (e.g. Telegram HTML exports). */
  relativePath?: string;
  /**
   * The folder the file was read from, absolute, as the analyst's file system names it (untrusted text: never
   * used as a path, only as identity, e.g. of a Telegram HTML chat whose pages carry no id).
   */
  folder?: string;
  /** User-supplied column mapping (`--mapping`), for tabular formats. */
  mapping?: unknown;
  /** Reports progress in bytes consumed, for progress bars. */
  onProgress?: (bytesRead: number) => void;
}

export interface FormatParser {
  /** Format id as shown to users and stored in the evidence register (`camt053`, `telegram-json` …). */
  readonly format: string;
  /** Bumped whenever what the parser emits changes. */
  readonly version: string;
  /**
   * How sure the parser is that the file is its format, from its first bytes (up to 64 KiB) and its name
   * (a hint only): 0 no, 1 certain.
   */
  detect(head: Uint8Array, fileName: string): number;
  /** Streams the file's chunks; memory must stay flat as files grow. */
  parse(chunks: AsyncIterable<Uint8Array>, context: ParseContext): AsyncIterable<ParseItem>;
}

/** Builds issue items for one evidence file: `issue(locator, severity, reason, raw?)`. */
export function issueFor(
  evidenceId: string,
): (locator: string, severity: IssueRow['severity'], reason: string, raw?: string | null) => ParseItem {
  return (locator, severity, reason, raw = null) => ({
    kind: 'issue',
    issue: { evidenceId, locator, severity, reason, raw },
  });
}

/** `item` marked as where the parser stopped reading (see `ParseItem`). */
export function stoppedHere(item: ParseItem): ParseItem {
  return item.kind === 'issue' ? { ...item, stopped: true } : item;
}
