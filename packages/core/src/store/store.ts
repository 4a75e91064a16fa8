import type { EvidenceRow, IssueRow, ParsedRecord, RowOf, TableName, TransferRow } from '../model/tables.ts';

/** Options of `Store.scan`: exact matches, one range, order and paging. */
export interface ScanOptions<R> {
  /** Exact matches on fields (null matches SQL NULL). */
  where?: { [K in keyof R]?: R[K] | null };
  /** Matches rows whose `field` equals any of `values` (e.g. all transfers of a set of accounts). */
  whereIn?: { field: keyof R & string; values: readonly unknown[] };
  /** Inclusive range on one field (timestamps, dates, amounts compare as their type). */
  range?: { field: keyof R & string; from?: unknown; to?: unknown };
  orderBy?: ReadonlyArray<keyof R & string>;
  descending?: boolean;
  limit?: number;
  offset?: number;
}

/** Where a file's records go during its ingest transaction. */
export interface RecordSink {
  add(record: ParsedRecord): Promise<void>;
  issue(issue: IssueRow): Promise<void>;
  /**
   * Transfers already stored (or added earlier in this transaction) with this amount and currency whose
   * timestamp lies within [from, to]: candidates for the same transfer seen from the other end.
   */
  findTransfers(query: { amount: string; currency: string; from: string; to: string }): Promise<TransferRow[]>;
}

export type NewEvidence = Omit<EvidenceRow, 'accepted' | 'quarantined'>;

/**
 * The narrow port every case store implements (DuckDB for cases, memory for core tests). All
 * implementations pass the conformance suite in `store.case.ts`.
 */
export interface Store {
  /** Creates or upgrades the schema (idempotent). */
  init(): Promise<void>;
  getEvidence(id: string): Promise<EvidenceRow | undefined>;
  /**
   * Stores one evidence file's records in one transaction: the evidence row, its records and its issues
   * land together or not at all (a throw or a killed process leaves the store as before). Returns the
   * evidence row with accepted/quarantined counts filled in.
   */
  ingest(evidence: NewEvidence, fill: (sink: RecordSink) => Promise<void>): Promise<EvidenceRow>;
  scan<T extends TableName>(table: T, options?: ScanOptions<RowOf<T>>): AsyncIterable<RowOf<T>>;
  count<T extends TableName>(table: T, options?: Pick<ScanOptions<RowOf<T>>, 'where' | 'whereIn' | 'range'>): Promise<number>;
  /** Small JSON documents the analysis and analysts keep: findings, resolution decisions, rule sets. */
  getDocument<V = unknown>(key: string): Promise<V | undefined>;
  putDocument(key: string, value: unknown): Promise<void>;
  close(): Promise<void>;
}
