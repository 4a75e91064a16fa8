import type {
  EvidenceRow,
  IssueRow,
  MessageLabelRow,
  ParsedRecord,
  RowOf,
  TableName,
  TransferRow,
} from '../model/tables.ts';

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

/**
 * What `RecordSink.add` throws for a record the store cannot keep: a required field missing, a value of the
 * wrong form (a timestamp that is no real time, a decimal of another shape …). Nothing of the record is kept
 * and the transaction can go on; the ingest quarantines the record with `reason`. Any other error from `add`
 * (the database failing) aborts the file's transaction.
 */
export class RecordRejected extends Error {
  /** What is wrong with the record, e.g. `messages.timestamp: not an ISO-8601 timestamp: "…"`. */
  readonly reason: string;

  constructor(table: string, row: unknown, reason: string) {
    const r = (row ?? {}) as Record<string, unknown>;
    const where =
      typeof r['locator'] === 'string' ? ` (evidence ${String(r['evidenceId'])} ${r['locator']})` : '';
    super(`cannot store ${table} record${where}: ${reason}`);
    this.name = 'RecordRejected';
    this.reason = reason;
  }
}

/** Where a file's records go during its ingest transaction. */
export interface RecordSink {
  /** Stages one record; throws `RecordRejected` (keeping nothing of it) when the store cannot keep it. */
  add(record: ParsedRecord): Promise<void>;
  issue(issue: IssueRow): Promise<void>;
  /**
   * Transfers already stored (or added earlier in this transaction) with this amount and currency whose
   * timestamp lies within [from, to]: candidates for the same transfer seen from the other end.
   */
  findTransfers(query: {
    amount: string;
    currency: string;
    from: string;
    to: string;
  }): Promise<TransferRow[]>;
}

export interface AggregateTransfersOptions {
  /** Only these accounts (their transfers still count every counterparty). */
  accounts?: readonly string[];
  /** Inclusive bounds on the transfer timestamp (ISO-8601). */
  from?: string;
  to?: string;
}

/** What `Store.aggregateTransfers` yields for one account. */
export interface AccountAggregate {
  account: string;
  /** Transfers into / out of the account (a transfer to itself counts on both sides). */
  inCount: number;
  outCount: number;
  /** Exact sums per currency, canonical decimal strings (`{ KZT: "150000", USDT: "12.5" }`). */
  inSum: Record<string, string>;
  outSum: Record<string, string>;
  /** Distinct non-null accounts on the other side: paying in, paid out, and both together. */
  inCounterparties: number;
  outCounterparties: number;
  distinctCounterparties: number;
  /** First and last transfer timestamp (ISO UTC). */
  firstTs: string;
  lastTs: string;
}

/**
 * A register row before its counts. `path` is required: every ingest knows where its file came from; null only
 * stands for a case ingested before the register kept paths (fixtures of such cases).
 */
export type NewEvidence = Omit<EvidenceRow, 'accepted' | 'quarantined'>;

/** One transfer as one of a set of accounts sees it (`Store.accountTransfers`): the fields the entity views read. */
export interface AccountTransfer {
  /** 'in' when one of the accounts received it, 'out' when one paid it. */
  side: 'in' | 'out';
  timestamp: string;
  amount: string;
  currency: string;
  fromAccount: string | null;
  toAccount: string | null;
  evidenceId: string;
  locator: string;
}

/**
 * A slice of all transfers in `scan(…, { orderBy: ['timestamp'] })` order, as columns: accounts as codes
 * into a dictionary the batches build up (no account string per row), timestamps as epoch milliseconds.
 */
export interface TransferColumnBatch {
  /** Dictionary entries this batch adds; their codes continue from the previous batches' entries. */
  accounts: string[];
  length: number;
  /** Account codes, -1 where the side has no account. */
  from: Int32Array;
  to: Int32Array;
  /** Epoch milliseconds of `timestamp`. */
  ts: Float64Array;
  /** Per row: id, amount (exact decimal, any scale), currency, channel, evidenceId, fromHolder, toHolder. */
  rows: Array<[string, string, string, string, string, string | null, string | null]>;
}

/**
 * A slice of all transfers as fixed-width columns, for `Store.scanTransferTable` (whole-case analysis at ten
 * million rows): no string per row. Rows come in any order; `seq` (insertion order) breaks timestamp ties
 * the way `scan(…, { orderBy: ['timestamp'] })` does, and keys `transferIds`.
 */
export interface TransferTableBatch {
  /** Dictionary entries this batch adds; codes continue from the previous batches' entries. */
  accounts: string[];
  currencies: string[];
  channels: string[];
  evidenceIds: string[];
  length: number;
  /** Account codes, -1 where the side has no account. */
  from: Int32Array;
  to: Int32Array;
  /** Epoch microseconds of `timestamp` (exact in a double until the year 2255). */
  tsMicros: Float64Array;
  currency: Int32Array;
  channel: Int32Array;
  /** Evidence code, -1 where the row has none. */
  evidence: Int32Array;
  /** `amount` × 10^6 where that is an integer of at most 15 digits (exact in a double), else NaN. */
  amountE6: Float64Array;
  /** Row in this batch → exact decimal `amount`, for the rows whose `amountE6` is NaN. */
  amountText: Map<number, string>;
  /** Insertion position of the row among all transfers: 0 … count − 1. */
  seq: Float64Array;
}

/** `count` consecutive transfer ids joined by `separator`, which none of them contains. */
export interface TransferIdText {
  text: string;
  separator: string;
  count: number;
}

/**
 * The narrow port every case store implements (DuckDB for cases, memory for core tests). All
 * implementations pass the conformance suite in `store.case.ts`.
 *
 * Values come back in one canonical form (see `normalize-row.ts`): decimals as exact strings with
 * trailing fractional zeros stripped (`"1234.5"`, `"12"`, `"0.000000000000000001"`), timestamps as ISO UTC
 * with milliseconds (`…T09:22:00.000Z`), dates `YYYY-MM-DD`, json as parsed values, every column present
 * (null when absent). `scan` without `orderBy` yields rows in insertion order; with `orderBy`, nulls sort
 * last and ties keep insertion order, so `limit`/`offset` pages are stable. Ingesting an evidence id that
 * is already stored throws (callers check `getEvidence` first: re-ingest changes nothing).
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
  /**
   * The rows of `scan` (same options, same rows, same order) in non-empty arrays of up to a few thousand,
   * for loops over whole tables: one await per batch instead of one per row (~2× cheaper per row on the
   * DuckDB store). Optional for backwards compatibility; both stores implement it, so callers can use
   * `store.scanBatches?.(t, o) ?? batchesOf(store.scan(t, o))`.
   */
  scanBatches?<T extends TableName>(table: T, options?: ScanOptions<RowOf<T>>): AsyncIterable<RowOf<T>[]>;
  /**
   * Every transfer as column batches (`TransferColumnBatch`), for whole-case analysis at ten million rows:
   * the same transfers and order as `scan('transfers', { orderBy: ['timestamp'] })`. Optional: callers
   * fall back to `scanBatches`.
   */
  scanTransferColumns?(): AsyncIterable<TransferColumnBatch>;
  /**
   * Every transfer as `TransferTableBatch`es, rows in any order (the reader sorts by time and `seq`), and
   * with them `transferIds` (ids in `seq` order) and `firstTransferHolders`. Optional; the three come
   * together. Faster than `scanTransferColumns`: the store neither sorts nor sends a string per row.
   */
  scanTransferTable?(): AsyncIterable<TransferTableBatch>;
  /**
   * The ids of all transfers in insertion order (`seq` 0, 1, …): arrays, or `TransferIdText`s that hold
   * thousands of ids in one string (the reader splits only what it needs).
   */
  transferIds?(): AsyncIterable<string[] | TransferIdText>;
  /**
   * For each account, the first non-empty holder name a transfer gives it (`fromHolder` of its debits,
   * `toHolder` of its credits), in the order these first appear in `scan(…, { orderBy: ['timestamp'] })`
   * (a row's from side before its to side).
   */
  firstTransferHolders?(): AsyncIterable<Array<[account: string, holder: string]>>;
  /**
   * Every distinct account of the transfers (either side), in byte order, up to `limit`: the account list
   * without the per-account sums of `aggregateTransfers`, which cost minutes at ten million transfers.
   */
  distinctAccounts?(limit?: number): AsyncIterable<string>;
  /**
   * Makes lookups by account and identifier fast for a read-mostly phase (serving the case): DuckDB builds
   * indexes on the transfer accounts and mention identifiers. Idempotent; an ingest may drop them again
   * (loading into an indexed table is slow), and the next call rebuilds them.
   */
  prepareLookups?(): Promise<void>;
  /**
   * The transfers into any of `accounts` (insertion order), then those out of any of them (insertion order):
   * a transfer between two of them comes once per side. Few fields, so that a lookup index answers a
   * profile or a neighbourhood without fetching whole rows; `wholeTable` reads the table once instead (for
   * busy accounts, whose rows a lookup would fetch one by one). Optional: callers fall back to `scan`.
   */
  accountTransfers?(
    accounts: readonly string[],
    options?: { wholeTable?: boolean },
  ): AsyncIterable<AccountTransfer[]>;
  /**
   * Builds (unless still current) a copy of the transfers clustered by account, kept in the case, so that
   * `accountTransfers` and `busyAccounts` read an account's rows as one short range instead of one index
   * look-up per row. Slow on a big case (minutes at ten million transfers): run it in the background.
   * Resolves with whether it built. Optional; without it the lookups answer.
   */
  prepareAccountRows?(): Promise<boolean>;
  /** Whether the copy `prepareAccountRows` builds exists and is current (cheap). */
  accountRowsCurrent?(): Promise<boolean>;
  /**
   * Accounts with at least `minTransfers` transfers (into and out of it together; one to itself counts
   * twice), busiest first (then byte order), at most `limit`: the hubs whose figures a server computes once.
   */
  busyAccounts?(minTransfers: number, limit: number): Promise<Array<{ account: string; transfers: number }>>;
  count<T extends TableName>(
    table: T,
    options?: Pick<ScanOptions<RowOf<T>>, 'where' | 'whereIn' | 'range'>,
  ): Promise<number>;
  /**
   * How many rows hold each value of the text field `field`, among the rows `count` with the same options counts: one
   * grouped query instead of a `count` per value (`dragnet chats` counts every chat's messages so). Values no row holds
   * are absent; rows whose field is null count under `null`. Entries come in no set order.
   */
  countBy<T extends TableName>(
    table: T,
    field: keyof RowOf<T> & string,
    options?: Pick<ScanOptions<RowOf<T>>, 'where' | 'whereIn' | 'range'>,
  ): Promise<Map<string | null, number>>;
  /**
   * Per-account totals over all stored transfers, one entry per account seen as `fromAccount` or
   * `toAccount`, ordered by account (byte order). Streams: at 10M transfers this is the way to get
   * turnover, counterparty counts and activity span without pulling every transfer into memory.
   */
  aggregateTransfers(options?: AggregateTransfersOptions): AsyncIterable<AccountAggregate>;
  /**
   * Adds label rows derived from the case as a whole, not from one evidence file (the case-level chat context:
   * services `caseTradeContext`), in one transaction; each row keeps its message's own provenance. Returns how many
   * were added. Optional: without it the case-level context is not stored.
   */
  addLabels?(rows: readonly MessageLabelRow[]): Promise<number>;
  /**
   * Runs `work`, a pass that reads much of the case once (the case-level chat context after an ingest), with what the
   * store keeps cached of its reads held small, and resolves as it does. Optional: a store that caches nothing (the
   * memory store) has no need of it; call `work` directly then. Not while an ingest is running.
   */
  withSmallCache?<T>(work: () => Promise<T>): Promise<T>;
  /** Small JSON documents the analysis and analysts keep: findings, resolution decisions, rule sets. */
  getDocument<V = unknown>(key: string): Promise<V | undefined>;
  putDocument(key: string, value: unknown): Promise<void>;
  close(): Promise<void>;
}
