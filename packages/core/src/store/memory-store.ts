import type {
  ColumnDef,
  EvidenceRow,
  IssueRow,
  MessageLabelRow,
  ParsedRecord,
  RowOf,
  TableName,
  TransferRow,
} from '../model/tables.ts';
import { TABLE_NAMES, TABLES } from '../model/tables.ts';
import {
  compareValues,
  decimalToUnits,
  normalizeRow,
  normalizeValue,
  unitsToDecimal,
} from './normalize-row.ts';
import type {
  AccountAggregate,
  AccountTransfer,
  AggregateTransfersOptions,
  NewEvidence,
  RecordSink,
  ScanOptions,
  Store,
  TransferColumnBatch,
  TransferIdText,
  TransferTableBatch,
} from './store.ts';

type Rows = { [T in TableName]: RowOf<T>[] };
type Filter = Pick<ScanOptions<Record<string, unknown>>, 'where' | 'whereIn' | 'range'>;

/**
 * A Store held in memory, for core tests and small tools. Same semantics as the DuckDB store (it passes
 * the same conformance suite): rows are normalised on the way in, an ingest is all-or-nothing.
 */
/** Rows per `scanBatches` batch: small, so the conformance suite sees several batches. */
const MEMORY_BATCH_ROWS = 1000;

export class MemoryStore implements Store {
  #rows: Rows = emptyRows();
  #documents = new Map<string, string>();
  #queue: Promise<unknown> = Promise.resolve();

  async init(): Promise<void> {}

  async getEvidence(id: string): Promise<EvidenceRow | undefined> {
    const row = this.#rows.evidence.find((e) => e.id === id);
    return row ? { ...row } : undefined;
  }

  ingest(evidence: NewEvidence, fill: (sink: RecordSink) => Promise<void>): Promise<EvidenceRow> {
    // One ingest at a time, as one transaction: records collect in a side buffer and join the store only
    // when `fill` resolves.
    const run = this.#queue.then(() => this.#ingest(evidence, fill));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #ingest(evidence: NewEvidence, fill: (sink: RecordSink) => Promise<void>): Promise<EvidenceRow> {
    if (this.#rows.evidence.some((e) => e.id === evidence.id)) {
      throw new Error(`evidence ${evidence.id} is already in the case: re-ingesting a file changes nothing`);
    }
    const pending = emptyRows();
    let accepted = 0;
    let quarantined = 0;
    const committed = this.#rows.transfers;
    const sink: RecordSink = {
      add: async (record: ParsedRecord) => {
        (pending[record.table] as unknown[]).push(normalizeRow(record.table, record.row));
        accepted++;
      },
      issue: async (issue: IssueRow) => {
        pending.issues.push(normalizeRow('issues', issue));
        if (issue.severity === 'quarantine') quarantined++;
      },
      findTransfers: async (query) => {
        const amount = decimalToUnits(normalizeValue('decimal', query.amount) as string);
        const from = Date.parse(normalizeValue('timestamp', query.from) as string);
        const to = Date.parse(normalizeValue('timestamp', query.to) as string);
        const hits: TransferRow[] = [];
        for (const list of [committed, pending.transfers]) {
          for (const t of list) {
            if (t.currency !== query.currency || decimalToUnits(t.amount) !== amount) continue;
            const ts = Date.parse(t.timestamp);
            if (ts >= from && ts <= to) hits.push(copy(t));
          }
        }
        return hits;
      },
    };
    await fill(sink);
    const row = normalizeRow('evidence', { ...evidence, accepted, quarantined });
    for (const table of TABLE_NAMES) {
      for (const r of pending[table]) (this.#rows[table] as unknown[]).push(r);
    }
    this.#rows.evidence.push(row);
    return { ...row };
  }

  async *scan<T extends TableName>(table: T, options: ScanOptions<RowOf<T>> = {}): AsyncIterable<RowOf<T>> {
    const rows = this.#select(table, options as ScanOptions<Record<string, unknown>>);
    const start = options.offset ?? 0;
    const end = options.limit === undefined ? rows.length : start + options.limit;
    for (const row of rows.slice(start, end)) yield copy(row) as unknown as RowOf<T>;
  }

  async *scanBatches<T extends TableName>(
    table: T,
    options: ScanOptions<RowOf<T>> = {},
  ): AsyncIterable<RowOf<T>[]> {
    let batch: RowOf<T>[] = [];
    for await (const row of this.scan(table, options)) {
      batch.push(row);
      if (batch.length === MEMORY_BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  async *distinctAccounts(limit = Number.POSITIVE_INFINITY): AsyncIterable<string> {
    const all = new Set<string>();
    for (const t of this.#rows.transfers) {
      if (t.fromAccount !== null) all.add(t.fromAccount);
      if (t.toAccount !== null) all.add(t.toAccount);
    }
    const sorted = [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    yield* sorted.slice(0, limit);
  }

  async *accountTransfers(accounts: readonly string[]): AsyncIterable<AccountTransfer[]> {
    const wanted = new Set(accounts);
    const pick = (side: 'in' | 'out') =>
      this.#rows.transfers
        .filter((t) => wanted.has((side === 'in' ? t.toAccount : t.fromAccount) ?? ''))
        .map(({ timestamp, amount, currency, fromAccount, toAccount, evidenceId, locator }) => ({
          side,
          ...{ timestamp, amount, currency, fromAccount, toAccount, evidenceId, locator },
        }));
    for (const batch of [pick('in'), pick('out')]) if (batch.length > 0) yield batch;
  }

  async busyAccounts(
    minTransfers: number,
    limit: number,
  ): Promise<Array<{ account: string; transfers: number }>> {
    const counts = new Map<string, number>();
    for (const t of this.#rows.transfers)
      for (const a of [t.fromAccount, t.toAccount]) if (a !== null) counts.set(a, (counts.get(a) ?? 0) + 1);
    return [...counts]
      .filter(([, n]) => n >= minTransfers)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, limit)
      .map(([account, transfers]) => ({ account, transfers }));
  }

  async *scanTransferColumns(): AsyncIterable<TransferColumnBatch> {
    const codes = new Map<string, number>();
    for await (const rows of this.scanBatches('transfers', { orderBy: ['timestamp'] })) {
      const accounts: string[] = [];
      const code = (a: string | null) => {
        if (a === null) return -1;
        let c = codes.get(a);
        if (c === undefined) {
          c = codes.size;
          codes.set(a, c);
          accounts.push(a);
        }
        return c;
      };
      const batch: TransferColumnBatch = {
        accounts,
        length: rows.length,
        from: new Int32Array(rows.length),
        to: new Int32Array(rows.length),
        ts: new Float64Array(rows.length),
        rows: [],
      };
      rows.forEach((t, i) => {
        batch.from[i] = code(t.fromAccount);
        batch.to[i] = code(t.toAccount);
        batch.ts[i] = Date.parse(t.timestamp);
        batch.rows.push([t.id, t.amount, t.currency, t.channel, t.evidenceId, t.fromHolder, t.toHolder]);
      });
      yield batch;
    }
  }

  async *scanTransferTable(): AsyncIterable<TransferTableBatch> {
    const rows = this.#rows.transfers;
    const dictionaries = Array.from({ length: 4 }, () => new Map<string, number>());
    for (let at = 0; at < rows.length; at += MEMORY_BATCH_ROWS) {
      const slice = rows.slice(at, at + MEMORY_BATCH_ROWS);
      const n = slice.length;
      const added: string[][] = [[], [], [], []];
      const code = (d: number, v: string | null) => {
        if (v === null) return -1;
        const dict = dictionaries[d]!;
        let c = dict.get(v);
        if (c === undefined) {
          c = dict.size;
          dict.set(v, c);
          added[d]!.push(v);
        }
        return c;
      };
      const batch: TransferTableBatch = {
        accounts: added[0]!,
        currencies: added[1]!,
        channels: added[2]!,
        evidenceIds: added[3]!,
        length: n,
        from: new Int32Array(n),
        to: new Int32Array(n),
        tsMicros: new Float64Array(n),
        currency: new Int32Array(n),
        channel: new Int32Array(n),
        evidence: new Int32Array(n),
        amountE6: new Float64Array(n),
        amountText: new Map(),
        seq: new Float64Array(n),
      };
      slice.forEach((t, i) => {
        batch.from[i] = code(0, t.fromAccount);
        batch.to[i] = code(0, t.toAccount);
        batch.tsMicros[i] = Date.parse(t.timestamp) * 1000;
        batch.currency[i] = code(1, t.currency);
        batch.channel[i] = code(2, t.channel);
        batch.evidence[i] = code(3, t.evidenceId);
        // Units of 10^-18; millionths when the last 12 digits are zeros and 15 digits remain.
        const units = decimalToUnits(t.amount);
        const e6 = units / 1_000_000_000_000n;
        const exact =
          units % 1_000_000_000_000n === 0n && e6 <= 999_999_999_999_999n && e6 >= -999_999_999_999_999n;
        batch.amountE6[i] = exact ? Number(e6) : Number.NaN;
        if (!exact) batch.amountText.set(i, t.amount);
        batch.seq[i] = at + i;
      });
      yield batch;
    }
  }

  async *transferIds(): AsyncIterable<string[] | TransferIdText> {
    const rows = this.#rows.transfers;
    for (let at = 0; at < rows.length; at += MEMORY_BATCH_ROWS) {
      const ids = rows.slice(at, at + MEMORY_BATCH_ROWS).map((t) => t.id);
      // Both forms of the port: one text where no id holds the separator, else the array.
      yield ids.some((id) => id.includes('\n'))
        ? ids
        : { text: ids.join('\n'), separator: '\n', count: ids.length };
    }
  }

  async *firstTransferHolders(): AsyncIterable<Array<[string, string]>> {
    const seen = new Set<string>();
    const out: Array<[string, string]> = [];
    for await (const rows of this.scanBatches('transfers', { orderBy: ['timestamp'] }))
      for (const t of rows)
        for (const [a, h] of [
          [t.fromAccount, t.fromHolder],
          [t.toAccount, t.toHolder],
        ] as const)
          if (a !== null && h && !seen.has(a)) {
            seen.add(a);
            out.push([a, h]);
          }
    yield out;
  }

  async count<T extends TableName>(
    table: T,
    options: Pick<ScanOptions<RowOf<T>>, 'where' | 'whereIn' | 'range'> = {},
  ): Promise<number> {
    return this.#filter(table, options as Filter).length;
  }

  async countBy<T extends TableName>(
    table: T,
    field: keyof RowOf<T> & string,
    options: Pick<ScanOptions<RowOf<T>>, 'where' | 'whereIn' | 'range'> = {},
  ): Promise<Map<string | null, number>> {
    textField(table, field);
    const counts = new Map<string | null, number>();
    for (const row of this.#filter(table, options as Filter)) {
      const v = (row as Record<string, unknown>)[field] as string | null;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    return counts;
  }

  async *aggregateTransfers(options: AggregateTransfersOptions = {}): AsyncIterable<AccountAggregate> {
    const wanted = options.accounts ? new Set(options.accounts) : undefined;
    const from =
      options.from === undefined
        ? -Infinity
        : Date.parse(normalizeValue('timestamp', options.from) as string);
    const to =
      options.to === undefined ? Infinity : Date.parse(normalizeValue('timestamp', options.to) as string);
    interface Acc {
      inCount: number;
      outCount: number;
      inSum: Map<string, bigint>;
      outSum: Map<string, bigint>;
      ins: Set<string>;
      outs: Set<string>;
      first: number;
      last: number;
    }
    const accounts = new Map<string, Acc>();
    const side = (account: string | null): Acc | undefined => {
      if (account === null || (wanted && !wanted.has(account))) return undefined;
      let acc = accounts.get(account);
      if (!acc) {
        acc = {
          inCount: 0,
          outCount: 0,
          inSum: new Map(),
          outSum: new Map(),
          ins: new Set(),
          outs: new Set(),
          first: Infinity,
          last: -Infinity,
        };
        accounts.set(account, acc);
      }
      return acc;
    };
    for (const t of this.#rows.transfers) {
      const ts = Date.parse(t.timestamp);
      if (ts < from || ts > to) continue;
      const units = decimalToUnits(t.amount);
      const out = side(t.fromAccount);
      if (out) {
        out.outCount++;
        out.outSum.set(t.currency, (out.outSum.get(t.currency) ?? 0n) + units);
        if (t.toAccount !== null) out.outs.add(t.toAccount);
        out.first = Math.min(out.first, ts);
        out.last = Math.max(out.last, ts);
      }
      const into = side(t.toAccount);
      if (into) {
        into.inCount++;
        into.inSum.set(t.currency, (into.inSum.get(t.currency) ?? 0n) + units);
        if (t.fromAccount !== null) into.ins.add(t.fromAccount);
        into.first = Math.min(into.first, ts);
        into.last = Math.max(into.last, ts);
      }
    }
    const sums = (m: Map<string, bigint>): Record<string, string> =>
      Object.fromEntries([...m].sort(([a], [b]) => byBytes(a, b)).map(([c, u]) => [c, unitsToDecimal(u)]));
    for (const account of [...accounts.keys()].sort(byBytes)) {
      const acc = accounts.get(account)!;
      yield {
        account,
        inCount: acc.inCount,
        outCount: acc.outCount,
        inSum: sums(acc.inSum),
        outSum: sums(acc.outSum),
        inCounterparties: acc.ins.size,
        outCounterparties: acc.outs.size,
        distinctCounterparties: new Set([...acc.ins, ...acc.outs]).size,
        firstTs: new Date(acc.first).toISOString(),
        lastTs: new Date(acc.last).toISOString(),
      };
    }
  }

  addLabels(rows: readonly MessageLabelRow[]): Promise<number> {
    // In the ingest queue: an ingest running now commits before these land, or after they did.
    const run = this.#queue.then(() => {
      // All or nothing: every row is checked before one lands.
      const checked = rows.map((r) => normalizeRow('message_labels', r));
      this.#rows.message_labels.push(...checked);
      return rows.length;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async getDocument<V = unknown>(key: string): Promise<V | undefined> {
    const text = this.#documents.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as V);
  }

  async putDocument(key: string, value: unknown): Promise<void> {
    const text = JSON.stringify(value);
    if (text === undefined) throw new Error(`document ${key}: value is not JSON-serialisable`);
    this.#documents.set(key, text);
  }

  async close(): Promise<void> {}

  #filter(table: TableName, options: Filter): Record<string, unknown>[] {
    const columns = columnTypes(table);
    const typeOf = (field: string) => {
      const col = columns.get(field);
      if (!col) throw new Error(`${table} has no field ${field}`);
      return col.type;
    };
    const tests: Array<(row: Record<string, unknown>) => boolean> = [];
    for (const [field, raw] of Object.entries(options.where ?? {})) {
      if (raw === undefined) continue;
      const type = typeOf(field);
      if (raw === null) {
        tests.push((row) => row[field] === null);
      } else {
        const value = normalizeValue(type, raw);
        tests.push((row) => row[field] !== null && compareValues(type, row[field], value) === 0);
      }
    }
    if (options.whereIn) {
      const { field } = options.whereIn;
      const type = typeOf(field);
      const values = options.whereIn.values
        .filter((v) => v !== null && v !== undefined)
        .map((v) => normalizeValue(type, v));
      const keys = new Set(values.map((v) => JSON.stringify(v)));
      tests.push((row) => row[field] !== null && keys.has(JSON.stringify(row[field])));
    }
    if (options.range) {
      const { field, from, to } = options.range;
      const type = typeOf(field);
      const lo = from === undefined || from === null ? undefined : normalizeValue(type, from);
      const hi = to === undefined || to === null ? undefined : normalizeValue(type, to);
      tests.push((row) => {
        const v = row[field];
        if (v === null) return false;
        if (lo !== undefined && compareValues(type, v, lo) < 0) return false;
        return hi === undefined || compareValues(type, v, hi) <= 0;
      });
    }
    const rows = this.#rows[table] as unknown as Record<string, unknown>[];
    return rows.filter((row) => tests.every((t) => t(row)));
  }

  #select(table: TableName, options: ScanOptions<Record<string, unknown>>): Record<string, unknown>[] {
    const rows = this.#filter(table, options);
    const order = options.orderBy ?? [];
    if (order.length === 0) return rows;
    const columns = columnTypes(table);
    const sign = options.descending ? -1 : 1;
    // Array.prototype.sort is stable: ties keep insertion order, like the DuckDB store's rowid tiebreak.
    return rows.sort((a, b) => {
      for (const field of order) {
        const x = a[field];
        const y = b[field];
        if (x === null || y === null) {
          if (x === y) continue;
          return x === null ? 1 : -1;
        }
        const c = compareValues(columns.get(field)!.type, x, y);
        if (c !== 0) return sign * c;
      }
      return 0;
    });
  }
}

function emptyRows(): Rows {
  return Object.fromEntries(TABLE_NAMES.map((t) => [t, []])) as unknown as Rows;
}

/** `countBy` groups by text fields only (the DuckDB store would give other types in its own forms). */
function textField(table: TableName, field: string): void {
  const col = columnTypes(table).get(field);
  if (!col) throw new Error(`${table} has no field ${JSON.stringify(field)}`);
  if (col.type !== 'text')
    throw new Error(`countBy groups by a text field; ${table}.${field} is ${col.type}`);
}

function columnTypes(table: TableName): Map<string, ColumnDef> {
  return new Map((TABLES[table].columns as readonly ColumnDef[]).map((c) => [c.field, c]));
}

function copy<R>(row: R): R {
  return structuredClone(row);
}

/** Byte (UTF-8) order, as DuckDB compares VARCHAR. */
function byBytes(a: string, b: string): number {
  if (a === b) return 0;
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}
