import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { TableName } from '@dragnet/core';
import type { DuckDBConnection } from '@duckdb/node-api';
import { isStoreDecimal, normalizeTimestamp } from '@dragnet/core/store/normalize-row.ts';
import { castText, columnsOf, encode, quoteIdent, sqlColumn } from './table-codec.ts';

/**
 * Bulk path into DuckDB. Passing values one by one through the Node binding costs ~300 ns each (≈ 60k
 * transfer rows/s); instead rows are written as CSV text into a segment file and DuckDB reads the segment
 * with its parallel `read_csv`, casting in SQL, inside the ingest transaction. While DuckDB loads one
 * segment, JS builds the next. Segment files are scratch: a crash leaves them behind, the next open of the
 * store deletes them, and their rows are not in the database until the transaction commits.
 */
export class CsvStage {
  readonly table: TableName;
  readonly #columns;
  readonly #encode: Array<(row: Record<string, unknown>) => string>;
  readonly #dir: string;
  #seq = 0;
  /** The segment file being written: blocks go out as they fill, so their strings die young. */
  #file: { path: string; fd: number } | undefined;
  #lines: string[] = [];
  #chars = 0;
  /** Bytes of the segment's longest line that may pass the default line size (UTF-8); 0 when none may. */
  #longest = 0;
  rows = 0;

  constructor(table: TableName, dir: string) {
    this.table = table;
    this.#dir = dir;
    this.#columns = columnsOf(table);
    this.#encode = this.#columns.map((col) => {
      const field = col.field;
      const type = col.type;
      const required = col.nullable === false;
      if (type === 'timestamp') {
        return (row) => {
          const value = row[field];
          if (value === null || value === undefined) {
            if (required) throw new Error(`${table}.${field} is required`);
            return '';
          }
          try {
            return stageTimestamp(value);
          } catch (err) {
            throw new Error(`${table}.${field}: ${(err as Error).message}`);
          }
        };
      }
      if (type === 'decimal') {
        return (row) => {
          const value = row[field];
          if (value === null || value === undefined) {
            if (required) throw new Error(`${table}.${field} is required`);
            return ',';
          }
          if (typeof value !== 'string' || !isStoreDecimal(value)) {
            throw new Error(
              `${table}.${field}: not a decimal string: ${JSON.stringify(value)} (expected e.g. "1234.56", at most 18 decimals)`,
            );
          }
          return splitDecimal(value);
        };
      }
      return (row) => {
        let text: string | null;
        try {
          text = encode(type, row[field]);
        } catch (err) {
          throw new Error(`${table}.${field}: ${(err as Error).message}`);
        }
        if (text === null) {
          if (required) throw new Error(`${table}.${field} is required`);
          return '';
        }
        return csvField(text);
      };
    });
  }

  get chars(): number {
    return this.#chars + this.#lines.length * 100;
  }

  add(row: Record<string, unknown>): void {
    this.addLine(this.encodeLine(row));
  }

  /** The row as one CSV line; throws when a value cannot be encoded (nothing is staged then). */
  encodeLine(row: Record<string, unknown>): string {
    const encoders = this.#encode;
    let line = encoders[0]!(row);
    for (let i = 1; i < encoders.length; i++) line += `,${encoders[i]!(row)}`;
    return line;
  }

  /** Stages a line `encodeLine` made (a write error here is the disk's, not the record's). */
  addLine(line: string): void {
    // Lines are joined in blocks: a long `+=` rope, or one array of every line, costs more in GC than the
    // encoding itself.
    this.#lines.push(line);
    // A UTF-16 unit is at most 3 bytes of UTF-8: only a line that could pass the default limit is measured (the
    // others are read with the default buffer whatever their length).
    if (line.length * 3 >= MAX_LINE_BYTES) this.#longest = Math.max(this.#longest, Buffer.byteLength(line));
    this.rows++;
    if (this.#lines.length === 256) this.#seal();
  }

  #seal(): void {
    const block = `${this.#lines.join('\n')}\n`;
    this.#lines = [];
    this.#chars += block.length;
    if (!this.#file) {
      const path = join(this.#dir, `${this.table}-${this.#seq++}.csv`);
      this.#file = { path, fd: openSync(path, 'w') };
    }
    writeSync(this.#file.fd, block);
  }

  /** Completes the segment file of the buffered rows and empties the buffer; undefined when empty. */
  takeSegment(): Segment | undefined {
    if (this.rows === 0) return undefined;
    if (this.#lines.length > 0) this.#seal();
    const file = this.#file!;
    this.#file = undefined;
    closeSync(file.fd);
    const segment = { path: file.path, table: this.table, rows: this.rows, longestLineBytes: this.#longest };
    this.discard();
    return segment;
  }

  discard(): void {
    if (this.#file) {
      closeSync(this.#file.fd);
      rmSync(this.#file.path, { force: true });
      this.#file = undefined;
    }
    this.#lines = [];
    this.#chars = 0;
    this.#longest = 0;
    this.rows = 0;
  }
}

export interface Segment {
  path: string;
  table: TableName;
  rows: number;
  /** Bytes of its longest line, at least (0 when not known). */
  longestLineBytes?: number;
}

/**
 * The line size DuckDB reads by default (bytes of UTF-8). A segment holding a longer line (a message of megabytes: a
 * damaged or hostile export) is read with a buffer that fits it (`lineBufferBytes`).
 */
const MAX_LINE_BYTES = 8 * 1024 * 1024;

/** The read buffer (and line limit) of a segment: the default, or its longest line rounded up to a MiB and one more. */
export function lineBufferBytes(segment: Pick<Segment, 'longestLineBytes'>): number {
  const longest = segment.longestLineBytes ?? 0;
  if (longest < MAX_LINE_BYTES) return MAX_LINE_BYTES;
  return (Math.ceil(longest / 2 ** 20) + 1) * 2 ** 20;
}

/** Loads one segment into its table on `connection` (inside the caller's transaction) and deletes it. */
export async function loadSegment(connection: DuckDBConnection, segment: Segment): Promise<void> {
  const cols = columnsOf(segment.table);
  const types: string[] = [];
  const select = cols.map((col, i) => {
    if (col.type === 'timestamp') {
      // read_csv parses ISO timestamps itself, faster than a VARCHAR column cast afterwards.
      types.push(`'c${i}': 'TIMESTAMPTZ'`);
      return `c${i}`;
    }
    if (col.type !== 'decimal') {
      types.push(`'c${i}': 'VARCHAR'`);
      return castText(col.type, `c${i}`);
    }
    types.push(`'c${i}': 'HUGEINT'`, `'f${i}': 'DECIMAL(18,18)'`);
    return `CAST(c${i} AS DECIMAL(38,18)) + f${i}`;
  });
  const columnTypes = `{${types.join(', ')}}`;
  const target = cols.map(sqlColumn).join(', ');
  const file = segment.path.replaceAll("'", "''");
  // One buffer as long as the longest line (DuckDB's least): its default, 16 lines' worth (128 MiB), had to fit
  // under the ingest's memory limit with the rest (duckdb-store.ts `INGEST_MEMORY_BYTES`).
  const sql =
    `INSERT INTO ${quoteIdent(segment.table)} (${target}) SELECT ${select} FROM read_csv('${file}', ` +
    `columns = ${columnTypes}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', ` +
    `new_line = '\\n', allow_quoted_nulls = false, max_line_size = ${lineBufferBytes(segment)}, buffer_size = ${lineBufferBytes(segment)})`;
  try {
    await connection.run(sql);
  } finally {
    rmSync(segment.path, { force: true });
  }
}

/**
 * A decimal as two typed CSV fields, integer part (HUGEINT) and signed fraction (DECIMAL(18,18)): DuckDB
 * reads both natively in `read_csv`, while its VARCHAR → DECIMAL(38,18) cast costs µs a value.
 */
export function splitDecimal(text: string): string {
  const dot = text.indexOf('.');
  if (dot < 0) return `${text},0`;
  const negative = text.charCodeAt(0) === 45;
  return `${text.slice(0, dot)},${negative ? '-0' : '0'}${text.slice(dot)}`;
}

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * A timestamp in the one form the typed `read_csv` column takes. That column turns text it cannot parse
 * into NULL instead of failing, so a value goes as is only when it is its own canonical form; anything else
 * goes through `normalizeTimestamp` (which names a bad value) and must come out in the 4-digit-year form.
 */
export function stageTimestamp(value: unknown): string {
  if (typeof value === 'string' && ISO_MS.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms) && new Date(ms).toISOString() === value) return value;
  }
  const text = normalizeTimestamp(typeof value === 'string' ? value : String(value));
  if (!ISO_MS.test(text)) throw new Error(`timestamp out of range: ${JSON.stringify(value)}`);
  return text;
}

const NEEDS_QUOTES = /[",\n\r]/;

function csvField(text: string): string {
  if (text === '') return '""';
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
