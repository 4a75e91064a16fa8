import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type {
  AccountAggregate,
  AccountTransfer,
  AggregateTransfersOptions,
  ColumnDef,
  EvidenceRow,
  IssueRow,
  MessageLabelRow,
  NewEvidence,
  ParsedRecord,
  RecordSink,
  RowOf,
  ScanOptions,
  Store,
  TableName,
  TransferColumnBatch,
  TransferIdText,
  TransferRow,
  TransferTableBatch,
} from '@dragnet/core';
import { RecordRejected } from '@dragnet/core/store/store.ts';
import { TABLES } from '@dragnet/core/model/tables.ts';
import {
  decimalToUnits,
  normalizeDecimal,
  normalizeRow,
  normalizeValue,
} from '@dragnet/core/store/normalize-row.ts';
import {
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBPreparedStatement,
  type DuckDBType,
  type DuckDBValue,
  decimalValue,
  LIST,
  listValue,
  timestampTZValue,
  VARCHAR,
} from '@duckdb/node-api';
import type {
  BulkLoad,
  BulkTransfersSink,
  TransfersBulkPlan,
} from '@dragnet/core/parsers/canonical-csv/bulk-transfers.ts';
import type {
  BankCsvBulkPlan,
  BankCsvBulkSink,
  BankCsvLinesOptions,
  BankCsvLinesPreparer,
  PreparedBankCsvLines,
} from '@dragnet/core/parsers/bank-table/bulk-bank-csv.ts';
import { bulkLoadBankCsv } from './bank-bulk.ts';
import { BankWork, PreparedBankLines } from './bank-bulk-lines.ts';
import { bulkLoadTransfers } from './bulk-transfers.ts';
import { CsvStage, loadSegment, type Segment } from './csv-stage.ts';
import { accountRowsFresh, buildAccountRows, busyAccountsFromKeys, readAccountRows } from './account-rows.ts';
import { accountTransfers, busyAccounts } from './entity-queries.ts';
import { applySettings } from './apply-settings.ts';
import { memoryLimitBytes } from './memory-limit.ts';
import { migrate } from './migrate.ts';
import { scanTransferColumns } from './transfer-columns-scan.ts';
import { firstTransferHolders, scanTransferTable, transferIds } from './transfer-table-scan.ts';
import {
  castText,
  columnsOf,
  DECIMAL_MACRO,
  decode,
  encode,
  rowCodec,
  quoteIdent,
  sqlColumn,
} from './table-codec.ts';

export interface DuckDbStoreOptions {
  /**
   * Characters of CSV one table writes into a segment before it is handed to DuckDB (default 8M ≈ 50k
   * transfers: small enough that the last load, which nothing overlaps, is short).
   */
  segmentChars?: number;
  /** DuckDB worker threads (default: all cores; the segment loads of a record ingest use one: `INGEST_SETTINGS`). */
  threads?: number;
}

const DEFAULTS = { segmentChars: 8 * 1024 * 1024 } as const;

/**
 * DuckDB while staged records go in segment by segment (Telegram, mail, the canonical CSVs when not bulk), from the
 * first segment load to the commit (docs/formats/telegram.md, "Streaming and memory"):
 * - a 64 MiB memory limit: without one DuckDB keeps what the transaction wrote cached up to its default limit (80 % of
 *   RAM) and the process grows with the file. A load reads its segment through one buffer the size of the longest line
 *   (csv-stage.ts) and needs about 32 MiB; the partly filled row groups of the transaction spill to the temporary
 *   directory past the limit (a few MiB at 2M messages);
 * - one thread: the loads run beside the parser, which is the slower side; a second DuckDB thread only competed with
 *   it (about half the CPU time of the loads, and less memory in flight);
 * - the allocator's background thread, which hands freed memory back to the system within a second or so instead of
 *   when the next allocation comes by.
 */
const INGEST_MEMORY_BYTES = 64 * 1024 * 1024;
const INGEST_SETTINGS = { threads: '1', allocator_background_threads: 'true' } as const;

/**
 * DuckDB's memory limit while a pass reads much of the case once (`withSmallCache`): without it what the pass read stays
 * cached up to 80 % of RAM (137 MiB of a 2M-message case for the chat context after its ingest).
 */
const READ_ONCE_MEMORY_BYTES = 64 * 1024 * 1024;

/** Paths open in this process: DuckDB's file lock only guards against other processes. */
const openPaths = new Set<string>();

/**
 * The storage format a new case file is written in (an existing file keeps its own). v1.3.0 brought DuckDB's
 * DICT_FSST string compression: writing the transfers of a 1M-row bank statement costs about 0.5 s of CPU
 * less than in the default (v0.10/v1.0) format, and the file is smaller (docs/formats/bank-table.md, fourteenth
 * pass). DuckDB 1.3 or later reads such a file; the project pins a later one.
 */
export const STORAGE_VERSION = 'v1.3.0';

/**
 * The error of a case another process holds (`code` `ECASEOPEN`): the user's to resolve, not a bug (the CLI prints it
 * without the bug hint). A second open in the same process stays a plain error: a command opens its case once.
 */
function caseOpenError(message: string, cause?: unknown): Error & { code: string } {
  return Object.assign(new Error(message, cause === undefined ? {} : { cause }), { code: 'ECASEOPEN' });
}

/**
 * Opens (creating if needed) the case store at `path` and brings its schema up to date. `':memory:'` gives
 * a throwaway store. Throws "case is open in another process: <path>" when another process holds it.
 */
export async function openDuckDbStore(path: string, options: DuckDbStoreOptions = {}): Promise<DuckDbStore> {
  const memory = path === ':memory:';
  const key = memory ? undefined : resolve(path);
  if (key && openPaths.has(key)) {
    throw new Error(`case is already open in this process: ${path} (close the other store first)`);
  }
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, {
      ...(options.threads ? { threads: String(options.threads) } : {}),
      storage_compatibility_version: STORAGE_VERSION,
    });
  } catch (err) {
    const message = (err as Error).message;
    if (/lock/i.test(message)) {
      throw caseOpenError(
        `case is open in another process: ${path} (stop that dragnet command or server, then retry)`,
        err,
      );
    }
    throw new Error(`cannot open case store ${path}: ${message}`, { cause: err });
  }
  if (key) openPaths.add(key);
  try {
    const staging = key ? `${key}.staging` : mkdtempSync(join(tmpdir(), 'dragnet-staging-'));
    // Segments left by a killed ingest belong to no transaction any more.
    rmSync(staging, { recursive: true, force: true });
    const store = new DuckDbStore(instance, staging, key, { ...DEFAULTS, ...options });
    await store.init();
    return store;
  } catch (err) {
    if (key) openPaths.delete(key);
    instance.closeSync();
    throw err;
  }
}

export class DuckDbStore implements Store, BankCsvLinesPreparer {
  readonly #instance: DuckDBInstance;
  readonly #staging: string;
  readonly #key: string | undefined;
  readonly #segmentChars: number;
  #conn: DuckDBConnection | undefined;
  #writer: DuckDBConnection | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  /** A running `prepareAccountRows` or `prepareLookups` (close() interrupts it). */
  #building: { conn: DuckDBConnection; done: Promise<unknown> } | undefined;
  #rowsCurrent: Promise<boolean> | undefined;

  constructor(
    instance: DuckDBInstance,
    staging: string,
    key: string | undefined,
    options: Required<Pick<DuckDbStoreOptions, 'segmentChars'>>,
  ) {
    this.#instance = instance;
    this.#staging = staging;
    this.#key = key;
    this.#segmentChars = options.segmentChars;
  }

  async init(): Promise<void> {
    if (!this.#conn) {
      this.#conn = await this.#instance.connect();
      // Zone-less timestamp text means UTC everywhere, whatever the machine's zone.
      await this.#conn.run(`SET GLOBAL TimeZone = 'UTC'`);
      this.#writer = await this.#instance.connect();
      await this.#writer.run(DECIMAL_MACRO);
    }
    await migrate(this.#conn);
  }

  async getEvidence(id: string): Promise<EvidenceRow | undefined> {
    // The whole result is read, never left early: a streamed query that is not read to its end keeps its
    // transaction open past its connection's close, and the store's closing CHECKPOINT then fails.
    let found: EvidenceRow | undefined;
    for await (const row of this.scan('evidence', { where: { id }, limit: 1 })) found = row;
    return found;
  }

  ingest(evidence: NewEvidence, fill: (sink: RecordSink) => Promise<void>): Promise<EvidenceRow> {
    // One ingest at a time on the writer connection: it carries the transaction.
    const run = this.#queue.then(() => this.#ingest(evidence, fill));
    this.#queue = run.catch(() => undefined);
    // New transfers make the per-account copy stale.
    return run.finally(() => {
      this.#rowsCurrent = undefined;
    });
  }

  /** `Store.addLabels`: one transaction on the writer connection, in the ingest queue. */
  addLabels(rows: readonly MessageLabelRow[]): Promise<number> {
    const run = this.#queue.then(async () => {
      if (rows.length === 0) return 0;
      const writer = this.#open(this.#writer);
      const cols = columnsOf('message_labels');
      const insert = rowInsert('message_labels');
      // Every row checked before one is written; then one statement for them all, a list of texts per column.
      const values = rows.map((r) => insert.values(normalizeRow('message_labels', r)));
      const lists = cols.map((_, i) => listValue(values.map((v) => v[i] ?? null)));
      await writer.run('BEGIN TRANSACTION');
      try {
        await writer.run(
          `INSERT INTO message_labels (${cols.map(sqlColumn).join(', ')})
           SELECT ${cols.map((c, i) => castText(c.type, `v${i}`)).join(', ')}
           FROM (SELECT ${cols.map((_, i) => `unnest($${i + 1}) AS v${i}`).join(', ')})`,
          lists,
          cols.map(() => LIST(VARCHAR)),
        );
        await writer.run('COMMIT');
      } catch (e) {
        await writer.run('ROLLBACK').catch(() => undefined);
        throw e;
      }
      return rows.length;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * `Store.withSmallCache`: DuckDB's memory limit at `READ_ONCE_MEMORY_BYTES` (unless it is lower already) and freed
   * memory handed back promptly while `work` runs, then as before. After the ingests queued so far: the settings are
   * the whole database's. `work` may ingest labels (`addLabels`), which then run under the same settings.
   */
  async withSmallCache<T>(work: () => Promise<T>): Promise<T> {
    await this.#queue;
    const conn = this.#open(this.#conn);
    const lower = (await memoryLimitBytes(conn)) > READ_ONCE_MEMORY_BYTES;
    const restore = await applySettings(conn, {
      allocator_background_threads: 'true',
      ...(lower ? { memory_limit: `${READ_ONCE_MEMORY_BYTES}B` } : {}),
    });
    try {
      return await work();
    } finally {
      await restore();
    }
  }

  /**
   * Starts reading a large bank CSV's lines ahead of its ingest, while the caller still hashes and scans the copy
   * (bank-bulk-lines.ts `PreparedBankLines`). In the ingest queue: the read sets DuckDB's global insertion-order
   * and memory settings, which a running bulk load must not see change.
   */
  prepareBankCsvLines(
    path: string,
    plan: BankCsvBulkPlan,
    options: BankCsvLinesOptions,
  ): PreparedBankCsvLines {
    const connect = async () => {
      await this.#queue;
      return this.#instance.connect();
    };
    const prepared = new PreparedBankLines(this.#instance, connect, path, plan, options);
    this.#queue = this.#queue.then(() => prepared.settled());
    return prepared;
  }

  async #ingest(evidence: NewEvidence, fill: (sink: RecordSink) => Promise<void>): Promise<EvidenceRow> {
    const writer = this.#open(this.#writer);
    if (await this.getEvidence(evidence.id)) {
      throw new Error(`evidence ${evidence.id} is already in the case: re-ingesting a file changes nothing`);
    }
    mkdirSync(this.#staging, { recursive: true });
    const tx = new IngestTransaction(
      writer,
      this.#staging,
      this.#segmentChars,
      () => this.#instance.connect(),
      this.#instance,
    );
    await writer.run('BEGIN TRANSACTION');
    try {
      // Loading into indexed tables is many times slower: the lookup indexes go, `prepareLookups` rebuilds
      // them (a rollback keeps them).
      for (const [name] of LOOKUP_INDEXES) await writer.run(`DROP INDEX IF EXISTS ${name}`);
      await fill(tx.sink);
      await tx.finish();
      const row = normalizeRow('evidence', {
        ...evidence,
        accepted: tx.accepted,
        quarantined: tx.quarantined,
      });
      const insert = rowInsert('evidence');
      await writer.run(insert.sql, insert.values(row));
      await writer.run('COMMIT');
      return row;
    } catch (err) {
      await tx.abandon();
      await writer.run('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      rmSync(this.#staging, { recursive: true, force: true });
    }
  }

  async *scan<T extends TableName>(table: T, options: ScanOptions<RowOf<T>> = {}): AsyncIterable<RowOf<T>> {
    for await (const batch of this.scanBatches(table, options)) yield* batch;
  }

  /**
   * `scan` in arrays of rows (one DuckDB chunk, ~2k rows, each): the same rows in the same order without
   * an await per row, for loops over whole tables. A caller that stops early closes the connection, but the
   * streamed query's transaction can outlive it (until the result is collected) and make the closing CHECKPOINT
   * fail: a lookup reads its result to the end (`getEvidence`).
   */
  async *scanBatches<T extends TableName>(
    table: T,
    options: ScanOptions<RowOf<T>> = {},
  ): AsyncIterable<RowOf<T>[]> {
    const q = buildQuery(table, options as ScanOptions<Record<string, unknown>>);
    const codec = rowCodec(table);
    let sql = `SELECT ${codec.select} FROM ${quoteIdent(table)}${q.where}`;
    const order = options.orderBy ?? [];
    if (order.length > 0) {
      const dir = options.descending ? 'DESC' : 'ASC';
      const keys = order.map((f) => `${sqlColumn(columnOf(table, f))} ${dir} NULLS LAST`);
      // rowid last: ties keep insertion order, so limit/offset pages are stable.
      sql += ` ORDER BY ${[...keys, 'rowid ASC'].join(', ')}`;
    }
    if (options.limit !== undefined) sql += ` LIMIT ${integer(options.limit, 'limit')}`;
    if (options.offset !== undefined) sql += ` OFFSET ${integer(options.offset, 'offset')}`;
    // Each scan streams on its own connection: a connection holds one streaming result at a time, and the
    // caller may run other queries between rows.
    this.#open(this.#conn);
    const conn = await this.#instance.connect();
    try {
      const result = await conn.stream(sql, q.values, q.types);
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        yield codec.read(chunk);
      }
    } finally {
      conn.closeSync();
    }
  }

  async count<T extends TableName>(
    table: T,
    options: Pick<ScanOptions<RowOf<T>>, 'where' | 'whereIn' | 'range'> = {},
  ): Promise<number> {
    const q = buildQuery(table, options as ScanOptions<Record<string, unknown>>);
    const reader = await this.#open(this.#conn).runAndReadAll(
      `SELECT count(*) FROM ${quoteIdent(table)}${q.where}`,
      q.values,
      q.types,
    );
    return Number(reader.getRows()[0]![0]);
  }

  async countBy<T extends TableName>(
    table: T,
    field: keyof RowOf<T> & string,
    options: Pick<ScanOptions<RowOf<T>>, 'where' | 'whereIn' | 'range'> = {},
  ): Promise<Map<string | null, number>> {
    const col = columnOf(table, field);
    if (col.type !== 'text')
      throw new Error(`countBy groups by a text field; ${table}.${field} is ${col.type}`);
    const q = buildQuery(table, options as ScanOptions<Record<string, unknown>>);
    const reader = await this.#open(this.#conn).runAndReadAll(
      `SELECT ${sqlColumn(col)}, count(*) FROM ${quoteIdent(table)}${q.where} GROUP BY 1`,
      q.values,
      q.types,
    );
    const counts = new Map<string | null, number>();
    for (const [value, n] of reader.getRows()) counts.set(value === null ? null : String(value), Number(n));
    return counts;
  }

  async prepareLookups(): Promise<void> {
    this.#open(this.#conn);
    // Its own connection: a minute at ten million transfers, which must not hold up documents and counts.
    const conn = await this.#instance.connect();
    const build = (async () => {
      for (const [name, table, column] of LOOKUP_INDEXES)
        await conn.run(`CREATE INDEX IF NOT EXISTS ${name} ON ${table} (${column})`);
    })();
    this.#building = { conn, done: build.catch(() => undefined) };
    try {
      await build;
    } finally {
      this.#building = undefined;
      conn.closeSync();
    }
  }

  async *distinctAccounts(limit?: number): AsyncIterable<string> {
    this.#open(this.#conn);
    const conn = await this.#instance.connect();
    try {
      const result = await conn.stream(
        `SELECT a FROM (SELECT from_account AS a FROM transfers UNION SELECT to_account FROM transfers)
         WHERE a IS NOT NULL ORDER BY a${limit === undefined ? '' : ` LIMIT ${integer(limit, 'limit')}`}`,
      );
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const v = chunk.getColumnVector(0);
        for (let i = 0; i < chunk.rowCount; i++) yield v.getItem(i) as string;
      }
    } finally {
      conn.closeSync();
    }
  }

  async *accountTransfers(
    accounts: readonly string[],
    options?: { wholeTable?: boolean },
  ): AsyncIterable<AccountTransfer[]> {
    this.#open(this.#conn);
    const conn = await this.#instance.connect();
    try {
      // The clustered copy (account-rows.ts) while it is current, else the lookup indexes.
      if (await this.accountRowsCurrent()) yield* readAccountRows(conn, accounts);
      else yield* accountTransfers(conn, accounts, options);
    } finally {
      conn.closeSync();
    }
  }

  async busyAccounts(
    minTransfers: number,
    limit: number,
  ): Promise<Array<{ account: string; transfers: number }>> {
    const conn = this.#open(this.#conn);
    if (await this.accountRowsCurrent()) return busyAccountsFromKeys(conn, minTransfers, limit);
    return busyAccounts(conn, minTransfers, limit);
  }

  /** Remembered until the next ingest or build (a query per read cost ~1.5 ms of a 20 ms profile). */
  accountRowsCurrent(): Promise<boolean> {
    this.#rowsCurrent ??= accountRowsFresh(this.#open(this.#conn)).catch((err: Error) => {
      this.#rowsCurrent = undefined;
      throw err;
    });
    return this.#rowsCurrent;
  }

  async prepareAccountRows(): Promise<boolean> {
    this.#open(this.#conn);
    const conn = await this.#instance.connect();
    const build = buildAccountRows(conn);
    // close() interrupts it (minutes on a big case) and waits for its rollback.
    this.#building = { conn, done: build.catch(() => undefined) };
    try {
      return await build;
    } finally {
      this.#building = undefined;
      this.#rowsCurrent = undefined;
      conn.closeSync();
    }
  }

  async *scanTransferColumns(): AsyncIterable<TransferColumnBatch> {
    this.#open(this.#conn);
    const conn = await this.#instance.connect();
    try {
      yield* scanTransferColumns(conn);
    } finally {
      conn.closeSync();
    }
  }

  scanTransferTable(): AsyncIterable<TransferTableBatch> {
    return this.#onOwnConnection(scanTransferTable);
  }

  transferIds(): AsyncIterable<string[] | TransferIdText> {
    return this.#onOwnConnection(transferIds);
  }

  firstTransferHolders(): AsyncIterable<Array<[string, string]>> {
    return this.#onOwnConnection(firstTransferHolders);
  }

  async *#onOwnConnection<T>(scan: (conn: DuckDBConnection) => AsyncIterable<T>): AsyncIterable<T> {
    this.#open(this.#conn);
    const conn = await this.#instance.connect();
    try {
      yield* scan(conn);
    } finally {
      conn.closeSync();
    }
  }

  async *aggregateTransfers(options: AggregateTransfersOptions = {}): AsyncIterable<AccountAggregate> {
    const values: DuckDBValue[] = [];
    const types: DuckDBType[] = [];
    const param = (value: DuckDBValue, type: DuckDBType) => {
      values.push(value);
      types.push(type);
      return `$${values.length}`;
    };
    const cond: string[] = [];
    if (options.from !== undefined)
      cond.push(`"timestamp" >= CAST(${param(options.from, VARCHAR)} AS TIMESTAMPTZ)`);
    if (options.to !== undefined)
      cond.push(`"timestamp" <= CAST(${param(options.to, VARCHAR)} AS TIMESTAMPTZ)`);
    const where = cond.length ? ` WHERE ${cond.join(' AND ')}` : '';
    const only = (col: string) =>
      options.accounts
        ? ` AND ${col} IN (SELECT unnest(${param(listValue(options.accounts.map(String)), LIST(VARCHAR))}))`
        : '';
    const sql = `
      WITH t AS (SELECT from_account, to_account, amount, currency, "timestamp" FROM transfers${where}),
      legs AS (
        SELECT from_account AS account, false AS incoming, to_account AS cp, amount, currency, "timestamp" AS ts
          FROM t WHERE from_account IS NOT NULL${only('from_account')}
        UNION ALL
        SELECT to_account, true, from_account, amount, currency, "timestamp"
          FROM t WHERE to_account IS NOT NULL${only('to_account')}
      ),
      per_currency AS (
        SELECT account, currency,
          sum(amount) FILTER (WHERE incoming) AS in_sum, sum(amount) FILTER (WHERE NOT incoming) AS out_sum
        FROM legs GROUP BY account, currency
      ),
      sums AS (
        SELECT account,
          CAST(json_group_object(currency, CAST(in_sum AS VARCHAR)) AS VARCHAR) AS ins,
          CAST(json_group_object(currency, CAST(out_sum AS VARCHAR)) AS VARCHAR) AS outs
        FROM per_currency GROUP BY account
      ),
      base AS (
        SELECT account,
          count(*) FILTER (WHERE incoming) AS in_count, count(*) FILTER (WHERE NOT incoming) AS out_count,
          count(DISTINCT cp) FILTER (WHERE incoming) AS in_cp, count(DISTINCT cp) FILTER (WHERE NOT incoming) AS out_cp,
          count(DISTINCT cp) AS all_cp, min(ts) AS first_ts, max(ts) AS last_ts
        FROM legs GROUP BY account
      )
      SELECT account, in_count, out_count, ins, outs, in_cp, out_cp, all_cp,
first_ts, last_ts
      FROM base JOIN sums USING (account) ORDER BY account`;
    this.#open(this.#conn);
    const conn = await this.#instance.connect();
    try {
      const result = await conn.stream(sql, values, types);
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        for (const r of chunk.getRows()) {
          yield {
            account: r[0] as string,
            inCount: Number(r[1]),
            outCount: Number(r[2]),
            inSum: sumsOf(r[3]),
            outSum: sumsOf(r[4]),
            inCounterparties: Number(r[5]),
            outCounterparties: Number(r[6]),
            distinctCounterparties: Number(r[7]),
            firstTs: decode('timestamp', r[8]) as string,
            lastTs: decode('timestamp', r[9]) as string,
          };
        }
      }
    } finally {
      conn.closeSync();
    }
  }

  async getDocument<V = unknown>(key: string): Promise<V | undefined> {
    const reader = await this.#open(this.#conn).runAndReadAll(
      'SELECT CAST("value" AS VARCHAR) FROM documents WHERE "key" = $1',
      [key],
    );
    const row = reader.getRows()[0];
    return row ? (JSON.parse(row[0] as string) as V) : undefined;
  }

  async putDocument(key: string, value: unknown): Promise<void> {
    const text = JSON.stringify(value);
    if (text === undefined) throw new Error(`document ${key}: value is not JSON-serialisable`);
    await this.#open(this.#conn).run(
      'INSERT OR REPLACE INTO documents ("key", "value", updated_at) VALUES ($1, CAST($2 AS JSON), now())',
      [key, text],
    );
  }

  /** Waits for a running ingest, checkpoints (the WAL folds into the file) and releases the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#building?.conn.interrupt();
    await this.#building?.done;
    await this.#queue;
    try {
      if (this.#conn) await this.#conn.run('CHECKPOINT');
    } finally {
      this.#writer?.closeSync();
      this.#conn?.closeSync();
      this.#instance.closeSync();
      if (this.#key) openPaths.delete(this.#key);
      rmSync(this.#staging, { recursive: true, force: true });
    }
  }

  #open(conn: DuckDBConnection | undefined): DuckDBConnection {
    if (this.#closed) throw new Error('the case store is closed');
    if (!conn) throw new Error('the case store is not initialised: call init() first');
    return conn;
  }
}

/** One file's ingest: records staged per table, loaded in segments into the open transaction. */
class IngestTransaction {
  accepted = 0;
  quarantined = 0;
  readonly sink: RecordSink & BulkTransfersSink & BankCsvBulkSink;
  readonly #writer: DuckDBConnection;
  readonly #dir: string;
  readonly #segmentChars: number;
  readonly #stages = new Map<TableName, CsvStage>();
  /**
   * Transfers staged but not yet in DuckDB, by currency + canonical amount: `findTransfers` matches them in
   * JS. Kept only from the first `findTransfers` of the ingest on (that call loads what was staged before):
   * formats that never ask do not hold every staged row alive, which would push them all into the old
   * generation and cost major GCs.
   */
  #pendingIndex: Map<string, TransferRow[]> | undefined;
  /** `INGEST_SETTINGS` and `INGEST_MEMORY_BYTES` in force from the first segment load: what puts the previous ones back. */
  #restoreSettings: (() => Promise<void>) | undefined;
  #lookup: DuckDBPreparedStatement | undefined;
  #dayQuery: DuckDBPreparedStatement | undefined;
  /**
   * Transfers in DuckDB by currency + UTC day, then canonical amount: days read by `findTransfers`. Dropped
   * whenever a transfers segment of this ingest is loaded (its rows would be missing), and when too big.
   */
  readonly #days = new Map<string, Map<string, TransferRow[]>>();
  #cachedRows = 0;
  /** Days `findTransfers` reads beyond the window asked about, and the window start asked about last. */
  #readAhead = 7;
  #lastDay = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> = Promise.resolve();
  #failure: unknown;

  readonly #connect: () => Promise<DuckDBConnection>;
  /** What lines read ahead must come from to be taken (the store's DuckDB instance). */
  readonly #owner: object;

  constructor(
    writer: DuckDBConnection,
    dir: string,
    segmentChars: number,
    connect: () => Promise<DuckDBConnection>,
    owner: object,
  ) {
    this.#writer = writer;
    this.#connect = connect;
    this.#owner = owner;
    this.#dir = dir;
    this.#segmentChars = segmentChars;
    this.sink = {
      add: async (record) => this.#add(record),
      issue: async (issue) => {
        this.#stage('issues', issue);
        if (issue.severity === 'quarantine') this.quarantined++;
      },
      findTransfers: (query) => this.#findTransfers(query),
      bulkTransfersCsv: (path, plan, issueCap) => this.#bulkTransfersCsv(path, plan, issueCap),
      bulkBankCsv: async (path, plan, options) => {
        // Like bulkTransfersCsv: only a fresh ingest (bank-bulk.ts).
        if (this.#failure) throw this.#failure;
        if (this.accepted > 0 || this.quarantined > 0 || this.#stages.size > 0)
          return { fallback: 'records were already added in this ingest' };
        // Lines read ahead by this store come with their work database; any other bulk load opens one.
        const prepared = options.prepared;
        const ahead =
          prepared instanceof PreparedBankLines && prepared.owner === this.#owner
            ? await prepared.take()
            : undefined;
        await prepared?.dispose();
        const work = ahead ?? (await BankWork.open(this.#connect));
        let r: Awaited<ReturnType<typeof bulkLoadBankCsv>>;
        try {
          r = await bulkLoadBankCsv(this.#writer, work, path, plan, options);
        } finally {
          await work.close();
        }
        if (!('fallback' in r)) {
          this.accepted += r.accepted;
          this.quarantined += r.quarantined;
        }
        return r;
      },
    } satisfies RecordSink & BulkTransfersSink & BankCsvBulkSink;
  }

  async #bulkTransfersCsv(path: string, plan: TransfersBulkPlan, issueCap: number): Promise<BulkLoad> {
    if (this.#failure) throw this.#failure;
    // Rows staged before would land after the bulk rows: only a fresh ingest takes the bulk path.
    if (this.accepted > 0 || this.quarantined > 0 || this.#stages.size > 0) {
      return { fallback: 'records were already added in this ingest' };
    }
    const scan = await this.#connect();
    let result: BulkLoad;
    try {
      result = await bulkLoadTransfers(this.#writer, scan, path, plan, issueCap);
    } finally {
      scan.closeSync();
    }
    if ('fallback' in result) return result;
    this.accepted += result.accepted;
    this.quarantined += result.quarantined;
    return result;
  }

  async #add(record: ParsedRecord): Promise<void> {
    if (this.#failure) throw this.#failure;
    const table = record.table;
    const stage = this.#stage(table, record.row);
    this.accepted++;
    if (table === 'transfers' && this.#pendingIndex)
      indexTransfer(this.#pendingIndex, record.row as TransferRow);
    if (stage.chars >= this.#segmentChars) {
      // Hand this segment to DuckDB and keep building the next one meanwhile; wait only if the previous
      // load is still running, so at most one segment is in flight.
      await this.#loading;
      this.#ship(stage);
    }
  }

  #stage(table: TableName, row: RowOf<TableName> | IssueRow): CsvStage {
    let stage = this.#stages.get(table);
    if (!stage) {
      stage = new CsvStage(table, this.#dir);
      this.#stages.set(table, stage);
    }
    let line: string;
    try {
      line = stage.encodeLine(row as unknown as Record<string, unknown>);
    } catch (err) {
      // The record cannot be encoded: nothing of it is staged.
      throw new RecordRejected(table, row, (err as Error).message);
    }
    // Writing the staged block can fail too (a full disk): that is no record's fault, and fails the file.
    stage.addLine(line);
    return stage;
  }

  #ship(stage: CsvStage): void {
    const segment = stage.takeSegment();
    if (!segment) return;
    if (stage.table === 'transfers') {
      if (this.#pendingIndex) this.#pendingIndex = new Map();
      this.#days.clear();
      this.#cachedRows = 0;
    }
    this.#loading = this.#loading.then(() => this.#load(segment));
    // The failure is rethrown by the next add/finish; keep the chain itself from rejecting unobserved.
    this.#loading = this.#loading.catch((err) => {
      this.#failure ??= err;
    });
  }

  async #load(segment: Segment): Promise<void> {
    if (this.#failure) return;
    try {
      if (this.#restoreSettings === undefined) {
        // A bulk load of this ingest (bank CSV, transfers) has run and restored its own limit by now. A limit lower
        // than ours already (set by whoever opened the store) stays.
        const lower = (await memoryLimitBytes(this.#writer)) > INGEST_MEMORY_BYTES;
        this.#restoreSettings = await applySettings(this.#writer, {
          ...INGEST_SETTINGS,
          ...(lower ? { memory_limit: `${INGEST_MEMORY_BYTES}B` } : {}),
        });
      }
      await loadSegment(this.#writer, segment);
    } catch (err) {
      // DuckDB quotes the staged line it failed on, which may be megabytes of evidence text: the message keeps 2,000
      // characters of it (the cause keeps all).
      const why = (err as Error).message;
      const shown = why.length > 2000 ? `${why.slice(0, 2000)}… (${why.length - 2000} more characters)` : why;
      throw new Error(`cannot store ${segment.rows} ${segment.table} rows: ${shown}`, { cause: err });
    }
  }

  async #findTransfers(query: {
    amount: string;
    currency: string;
    from: string;
    to: string;
  }): Promise<TransferRow[]> {
    if (!this.#pendingIndex) {
      await this.#loading;
      const staged = this.#stages.get('transfers');
      if (staged && !this.#failure) this.#ship(staged);
      this.#pendingIndex = new Map();
    }
    await this.#loading;
    if (this.#failure) throw this.#failure;
    const amount = normalizeValue('decimal', query.amount) as string;
    const lo = Date.parse(normalizeValue('timestamp', query.from) as string);
    const hi = Date.parse(normalizeValue('timestamp', query.to) as string);
    const hits = lo <= hi ? await this.#storedTransfers(query.currency, amount, lo, hi) : [];
    for (const t of this.#pendingIndex.get(transferKey(query.currency, amount)) ?? []) {
      const row = normalizeRow('transfers', t);
      const ts = Date.parse(row.timestamp);
      if (ts >= lo && ts <= hi) hits.push(row);
    }
    return hits;
  }

  /**
   * Transfers in DuckDB (stored before, or loaded segments of this ingest) matching the query. One SQL query
   * per call costs 6–30 ms on a million-transfer case; a file's transfers ask about nearby days again and
   * again, so whole days of one currency are read once (`rowCodec`, ~1–2 µs a row) and indexed by amount.
   */
  async #storedTransfers(currency: string, amount: string, lo: number, hi: number): Promise<TransferRow[]> {
    const first = Math.floor(lo / DAY_MS);
    const last = Math.floor(hi / DAY_MS);
    if (last - first >= MAX_CACHED_DAYS) return this.#queryTransfers(currency, amount, lo, hi);
    // Statements run through time, forwards or backwards: read ahead in the direction of travel, as many
    // days as make about READ_ROWS rows, so that most calls find their days read already.
    if (this.#cachedRows > MAX_CACHED_ROWS) {
      // Files run roughly in time order: days read long ago are unlikely to be asked about again.
      this.#days.clear();
      this.#cachedRows = 0;
    }
    const backwards = first < this.#lastDay;
    this.#lastDay = first;
    for (let day = first; day <= last; day++) {
      if (this.#days.has(dayKey(currency, day))) continue;
      let from = day;
      let to = day;
      while (to < last && !this.#days.has(dayKey(currency, to + 1))) to++;
      if (backwards) {
        while (from > first - this.#readAhead && !this.#days.has(dayKey(currency, from - 1))) from--;
      } else if (to === last) {
        while (to < last + this.#readAhead && !this.#days.has(dayKey(currency, to + 1))) to++;
      }
      const rows = await this.#readDays(currency, from, to);
      const perDay = Math.max(1, rows / (to - from + 1));
      this.#readAhead = Math.max(0, Math.min(MAX_READ_AHEAD, Math.floor(READ_ROWS / perDay)));
      day = to;
    }
    const hits: TransferRow[] = [];
    for (let d = first; d <= last; d++) {
      for (const t of this.#days.get(dayKey(currency, d))?.get(amount) ?? []) {
        const ts = Date.parse(t.timestamp);
        if (ts >= lo && ts <= hi) hits.push({ ...t });
      }
    }
    return hits;
  }

  /** Reads the days [first, last] of `currency` into `#days`; returns how many rows that was. */
  async #readDays(currency: string, first: number, last: number): Promise<number> {
    const byDay = new Map<number, Map<string, TransferRow[]>>();
    for (let d = first; d <= last; d++) byDay.set(d, new Map());
    const codec = rowCodec('transfers');
    // Typed values, not text to cast: constants the planner can prune row groups with.
    this.#dayQuery ??= await this.#writer.prepare(
      `SELECT ${codec.select} FROM transfers WHERE "timestamp" >= $2 AND "timestamp" < $3 AND currency = $1`,
    );
    this.#dayQuery.bind([
      currency,
      timestampTZValue(BigInt(first * DAY_MS) * 1000n),
      timestampTZValue(BigInt((last + 1) * DAY_MS) * 1000n),
    ]);
    const result = await this.#dayQuery.run();
    let count = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const t of codec.read(chunk)) {
        const amounts = byDay.get(Math.floor(Date.parse(t.timestamp) / DAY_MS));
        if (!amounts) continue;
        const list = amounts.get(t.amount);
        if (list) list.push(t);
        else amounts.set(t.amount, [t]);
        count++;
      }
    }
    for (const [d, amounts] of byDay) this.#days.set(dayKey(currency, d), amounts);
    this.#cachedRows += count;
    return count;
  }

  /** The plain SQL look-up, for windows too wide to read whole days of. */
  async #queryTransfers(currency: string, amount: string, lo: number, hi: number): Promise<TransferRow[]> {
    const codec = rowCodec('transfers');
    this.#lookup ??= await this.#writer.prepare(
      `SELECT ${codec.select} FROM transfers
       WHERE "timestamp" BETWEEN $3 AND $4 AND amount = $1 AND currency = $2`,
    );
    this.#lookup.bind([
      decimalValue(decimalToUnits(amount), 38, 18),
      currency,
      timestampTZValue(BigInt(lo) * 1000n),
      timestampTZValue(BigInt(hi) * 1000n),
    ]);
    const result = await this.#lookup.run();
    const hits: TransferRow[] = [];
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      hits.push(...codec.read(chunk));
    }
    return hits;
  }

  /** Loads everything still staged; throws the first load failure. */
  async finish(): Promise<void> {
    for (const stage of this.#stages.values()) {
      await this.#loading;
      this.#ship(stage);
    }
    await this.#loading;
    await this.#restoreSettings?.();
    if (this.#failure) throw this.#failure;
  }

  /** Stops loading and drops what is staged (the caller rolls the transaction back). */
  async abandon(): Promise<void> {
    this.#failure ??= new Error('ingest abandoned');
    await this.#loading;
    await this.#restoreSettings?.();
    for (const stage of this.#stages.values()) stage.discard();
    this.#pendingIndex = undefined;
  }
}

const DAY_MS = 86_400_000;
/** Windows longer than this many days go to SQL directly instead of reading whole days. */
const MAX_CACHED_DAYS = 8;
/** Rows one read of days by `findTransfers` aims at, and the most days it reads ahead. */
const READ_ROWS = 50_000;
const MAX_READ_AHEAD = 62;
/** Rows `findTransfers` keeps read per ingest (~0.5 KB each) before it starts over. */
const MAX_CACHED_ROWS = 400_000;

function dayKey(currency: string, day: number): string {
  return `${currency}\u0000${day}`;
}

function transferKey(currency: string, canonicalAmount: string): string {
  return `${currency}\u0000${canonicalAmount}`;
}

function indexTransfer(index: Map<string, TransferRow[]>, t: TransferRow): void {
  const key = transferKey(t.currency, normalizeDecimal(t.amount));
  const list = index.get(key);
  if (list) list.push(t);
  else index.set(key, [t]);
}

/** Indexes for per-account and per-identifier lookups while a case is served (`prepareLookups`). */
const LOOKUP_INDEXES: ReadonlyArray<[string, string, string]> = [
  ['dragnet_transfers_from', 'transfers', 'from_account'],
  ['dragnet_transfers_to', 'transfers', 'to_account'],
  ['dragnet_mentions_identifier', 'mentions', 'identifier'],
];

interface Query {
  where: string;
  values: DuckDBValue[];
  types: DuckDBType[];
}

function buildQuery(table: TableName, options: ScanOptions<Record<string, unknown>>): Query {
  const values: DuckDBValue[] = [];
  const types: DuckDBType[] = [];
  const param = (value: DuckDBValue, type: DuckDBType) => {
    values.push(value);
    types.push(type);
    return `$${values.length}`;
  };
  const cond: string[] = [];
  for (const [field, value] of Object.entries(options.where ?? {})) {
    if (value === undefined) continue;
    const col = columnOf(table, field);
    const text = encodeParam(table, col, value);
    cond.push(
      text === null
        ? `${sqlColumn(col)} IS NULL`
        : `${colRef(col)} = ${castText(col.type, param(text, VARCHAR))}`,
    );
  }
  if (options.whereIn) {
    const col = columnOf(table, options.whereIn.field);
    const texts = options.whereIn.values
      .map((v) => encodeParam(table, col, v))
      .filter((v): v is string => v !== null);
    if (texts.length === 0) {
      cond.push('false');
    } else if (texts.length <= 64) {
      // A short list as literal parameters: DuckDB can answer it from an index (`prepareLookups`).
      cond.push(`${colRef(col)} IN (${texts.map((t) => castText(col.type, param(t, VARCHAR))).join(', ')})`);
    } else {
      const list = param(listValue(texts), LIST(VARCHAR));
      cond.push(`${colRef(col)} IN (SELECT ${castText(col.type, 'v')} FROM (SELECT unnest(${list}) AS v))`);
    }
  }
  if (options.range) {
    const col = columnOf(table, options.range.field);
    const from = encodeParam(table, col, options.range.from);
    const to = encodeParam(table, col, options.range.to);
    if (from !== null) cond.push(`${colRef(col)} >= ${castText(col.type, param(from, VARCHAR))}`);
    if (to !== null) cond.push(`${colRef(col)} <= ${castText(col.type, param(to, VARCHAR))}`);
  }
  return { where: cond.length ? ` WHERE ${cond.join(' AND ')}` : '', values, types };
}

/** JSON compares as its text; everything else in its own type. */
function colRef(col: ColumnDef): string {
  return col.type === 'json' ? `CAST(${sqlColumn(col)} AS VARCHAR)` : sqlColumn(col);
}

function encodeParam(table: TableName, col: ColumnDef, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  // Accept loose forms in filters ("100.00", offsets in timestamps) exactly as the stores normalise rows.
  const canonical = col.type === 'decimal' ? normalizeDecimal(String(value)) : value;
  try {
    return encode(col.type, canonical);
  } catch (err) {
    throw new Error(`${table}.${col.field}: ${(err as Error).message}`);
  }
}

function columnOf(table: TableName, field: string): ColumnDef {
  const col = (TABLES[table].columns as readonly ColumnDef[]).find((c) => c.field === field);
  if (!col) throw new Error(`${table} has no field ${JSON.stringify(field)}`);
  return col;
}

function integer(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${what} must be a non-negative integer, got ${n}`);
  return n;
}

function sumsOf(json: unknown): Record<string, string> {
  if (json === null || json === undefined) return {};
  // Currencies with flow on the other side only come back as null.
  const parsed = JSON.parse(json as string) as Record<string, string | null>;
  return Object.fromEntries(
    Object.entries(parsed).flatMap(([currency, v]) => (v === null ? [] : [[currency, normalizeDecimal(v)]])),
  );
}

/** One row's INSERT into `table`, every value passed as text and cast to its column's type (`encode`, `castText`). */
function rowInsert<T extends TableName>(
  table: T,
): { sql: string; values: (row: RowOf<T>) => (string | null)[] } {
  const cols = columnsOf(table);
  return {
    sql: `INSERT INTO ${table} (${cols.map(sqlColumn).join(', ')}) VALUES (${cols.map((c, i) => castText(c.type, `$${i + 1}::VARCHAR`)).join(', ')})`,
    values: (row) => cols.map((c) => encode(c.type, (row as unknown as Record<string, unknown>)[c.field])),
  };
}
