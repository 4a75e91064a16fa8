import type { ColumnDef, ColumnType, RowOf, TableName } from '@dragnet/core';
// Value imports straight from the model: the package index would load every parser.
import { snakeCase, TABLES } from '@dragnet/core/model/tables.ts';
import type {
  DuckDBDataChunk,
  DuckDBDecimal128Vector,
  DuckDBTimestampTZValue,
  DuckDBVector,
} from '@duckdb/node-api';
import { isStoreDecimal, normalizeDecimal, unitsToDecimal } from '@dragnet/core/store/normalize-row.ts';

/**
 * The one place where rows meet SQL, generic over `TABLES`: every value travels into DuckDB as text (CSV
 * staging, bound parameters) and is cast there by `castText`; it comes out through `selectExpr` as a JS
 * primitive that `decode` turns into the canonical form of `normalize-row.ts`.
 */

export const SQL_TYPES: { readonly [K in ColumnType]: string } = {
  text: 'VARCHAR',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  decimal: 'DECIMAL(38,18)',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMPTZ',
  date: 'DATE',
  json: 'JSON',
};

/**
 * VARCHAR → DECIMAL(38,18). DuckDB's own cast for decimals wider than 18 digits runs ~8 µs a value (it would
 * cap ingest near 100k rows/s); building the value from a HUGEINT integer part and an 18-digit fraction is
 * ~20× faster and exact. Input is validated in JS first (`isStoreDecimal`).
 */
export const DECIMAL_MACRO = `CREATE OR REPLACE TEMP MACRO dragnet_decimal(v) AS
  CASE WHEN starts_with(v, '-')
    THEN -(split_part(v[2:], '.', 1)::HUGEINT::DECIMAL(38,18) + ('0.' || split_part(v, '.', 2))::DECIMAL(18,18))
    ELSE split_part(v, '.', 1)::HUGEINT::DECIMAL(38,18) + ('0.' || split_part(v, '.', 2))::DECIMAL(18,18)
  END`;

/** A text as an SQL string literal (single quotes doubled). */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function columnsOf(table: TableName): readonly ColumnDef[] {
  return TABLES[table].columns as readonly ColumnDef[];
}

export function sqlColumn(col: ColumnDef): string {
  return quoteIdent(snakeCase(col.field));
}

/** SQL that casts the VARCHAR expression `ref` to the column's type. */
export function castText(type: ColumnType, ref: string, bulk = false): string {
  if (type === 'text') return ref;
  if (type === 'decimal' && bulk) return `dragnet_decimal(${ref})`;
  return `CAST(${ref} AS ${SQL_TYPES[type]})`;
}

/** SQL that reads the column `ref` as a value `decode` understands. */
export function selectExpr(type: ColumnType, ref: string): string {
  switch (type) {
    case 'text':
      // The binding decodes VARCHAR with a TextDecoder that drops one leading BOM; evidence text must come
      // back byte for byte, so a leading BOM is doubled on the way out.
      return `CASE WHEN starts_with(${ref}, chr(65279)) THEN chr(65279) || ${ref} ELSE ${ref} END`;
    case 'decimal':
    case 'date':
    case 'json':
      return `CAST(${ref} AS VARCHAR)`;
    default:
      return ref;
  }
}

/*
 * The fast read path. Reading values one by one through the binding costs a native call and a TextDecoder
 * call per string and an object per decimal or timestamp (~10–20 µs a transfer row), and DuckDB's result
 * path costs per value too. Instead a row comes out as one JSON array text holding its text-like columns
 * (DuckDB escapes it in one pass; `JSON.parse` is V8's fastest way to make many strings), plus its
 * decimals and timestamps raw: decimals are formatted from their 128-bit integer in JS (DuckDB's
 * DECIMAL(38,18) → VARCHAR is ~1 µs a value), timestamps from epoch ms with a per-day prefix.
 */
function lineField(type: ColumnType, ref: string): string {
  switch (type) {
    case 'text':
    case 'json':
    case 'boolean':
    case 'integer':
    case 'bigint':
      return ref;
    default:
      // Doubles as text: JSON has no inf/nan.
      return `CAST(${ref} AS VARCHAR)`;
  }
}

function isRaw(type: ColumnType): boolean {
  return type === 'decimal' || type === 'timestamp';
}

export interface RowCodec<R> {
  /** The SELECT list: the line first, then the raw columns. */
  select: string;
  /** The rows of one chunk of that SELECT. */
  read(chunk: DuckDBDataChunk): R[];
}

const codecs = new Map<TableName, RowCodec<unknown>>();

/**
 * How rows of `table` are selected and rebuilt in canonical form. Rows are built by one generated object
 * literal, so every row of a table shares one hidden class.
 */
export function rowCodec<T extends TableName>(table: T): RowCodec<RowOf<T>> {
  const cached = codecs.get(table);
  if (cached) return cached as RowCodec<RowOf<T>>;
  const cols = columnsOf(table);
  const lineCols = cols.filter((c) => !isRaw(c.type));
  const rawCols = cols.filter((c) => isRaw(c.type));
  const textCols = lineCols.filter((c) => c.type === 'text' || c.type === 'json');
  const nullable = lineCols.filter((c) => c.nullable !== false);
  // concat() skips NULLs: which values were null travels as a bit mask (a DOUBLE, so up to 52 columns).
  const line = `concat(${lineCols.map((c) => `chr(1), ${lineText(c.type, sqlColumn(c))}`).join(', ')})`;
  const mask = nullable.length
    ? `CAST(${nullable.map((c, k) => `CAST(${sqlColumn(c)} IS NULL AS BIGINT) * ${2 ** k}`).join(' + ')} AS DOUBLE)`
    : '0::DOUBLE';
  // Text holding the separator itself (never in practice, but evidence is hostile): that row also comes as
  // a JSON array, which the reader takes when the line splits into too many parts.
  const fallback = textCols.length
    ? `CASE WHEN ${textCols.map((c) => `contains(${lineText(c.type, sqlColumn(c))}, chr(1))`).join(' OR ')} THEN CAST(json_array(${lineCols.map((c) => lineField(c.type, sqlColumn(c))).join(', ')}) AS VARCHAR) END`
    : 'NULL::VARCHAR';
  const raw = rawCols.map((c) =>
    c.type === 'timestamp' ? `CAST(epoch_ms(${sqlColumn(c)}) AS DOUBLE)` : sqlColumn(c),
  );
  const select = [line, mask, fallback, ...raw].join(', ');
  const rawProp = (c: ColumnDef) => `${JSON.stringify(c.field)}: raw[${rawCols.indexOf(c)}][r]`;
  const fromLine = cols.map((c) => {
    if (isRaw(c.type)) return rawProp(c);
    // +1: the line starts with a separator.
    const v = `p[${lineCols.indexOf(c) + 1}]`;
    let value: string;
    switch (c.type) {
      case 'json':
        value = `JSON.parse(${v})`;
        break;
      case 'integer':
      case 'bigint':
        value = `+${v}`;
        break;
      case 'double':
        value = `dbl(${v})`;
        break;
      case 'boolean':
        value = `${v} === 'true'`;
        break;
      default:
        value = v;
    }
    const bit = nullable.indexOf(c);
    return `${JSON.stringify(c.field)}: ${bit < 0 ? value : `m % ${2 ** (bit + 1)} >= ${2 ** bit} ? null : ${value}`}`;
  });
  const fromJson = cols.map((c) => {
    if (isRaw(c.type)) return rawProp(c);
    const v = `p[${lineCols.indexOf(c)}]`;
    // JSON gives null, strings, numbers, booleans and json values as they are; doubles come as text.
    return `${JSON.stringify(c.field)}: ${c.type === 'double' ? `${v} === null ? null : dbl(${v})` : v}`;
  });
  type Build = (p: unknown[], m: number, raw: unknown[][], r: number, dbl: (t: string) => number) => RowOf<T>;
  const buildLine = new Function('p', 'm', 'raw', 'r', 'dbl', `return { ${fromLine.join(', ')} };`) as Build;
  const buildJson = new Function('p', 'm', 'raw', 'r', 'dbl', `return { ${fromJson.join(', ')} };`) as Build;
  const parts = lineCols.length + 1;
  const codec: RowCodec<RowOf<T>> = {
    select,
    read(chunk) {
      const n = chunk.rowCount;
      const rawValues = rawCols.map((c, k) => {
        const vector = chunk.getColumnVector(k + 3);
        return c.type === 'timestamp' ? readTimestamps(vector, n) : readDecimals(vector, n);
      });
      const lines = chunk.getColumnVector(0);
      const masks = chunk.getColumnVector(1);
      const rows = new Array<RowOf<T>>(n);
      for (let r = 0; r < n; r++) {
        const p = (lines.getItem(r) as string).split('\x01');
        rows[r] =
          p.length === parts
            ? buildLine(p, masks.getItem(r) as number, rawValues, r, decodeDouble)
            : buildJson(
                JSON.parse(chunk.getColumnVector(2).getItem(r) as string),
                0,
                rawValues,
                r,
                decodeDouble,
              );
      }
      return rows;
    },
  };
  codecs.set(table, codec as RowCodec<unknown>);
  return codec;
}

/** A line column as text (concat would cast too; json must not become a JSON string). */
function lineText(type: ColumnType, ref: string): string {
  return type === 'text' ? ref : `CAST(${ref} AS VARCHAR)`;
}

function decodeDouble(text: string): number {
  if (text === 'inf') return Number.POSITIVE_INFINITY;
  if (text === '-inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

const DAY_MS = 86_400_000;
const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** ISO strings of a vector of epoch ms (DOUBLE): the date part is formatted once per day. */
function readTimestamps(vector: DuckDBVector, n: number): (string | null)[] {
  const out = new Array<string | null>(n);
  let lastDay = Number.NaN;
  let prefix = '';
  for (let r = 0; r < n; r++) {
    const ms = vector.getItem(r) as number | null;
    if (ms === null) {
      out[r] = null;
      continue;
    }
    const day = Math.floor(ms / DAY_MS);
    if (day !== lastDay) {
      lastDay = day;
      prefix = new Date(day * DAY_MS).toISOString().slice(0, -13);
    }
    let rest = ms - day * DAY_MS;
    const h = Math.floor(rest / 3_600_000);
    rest -= h * 3_600_000;
    const m = Math.floor(rest / 60_000);
    rest -= m * 60_000;
    const s = Math.floor(rest / 1000);
    out[r] = `${prefix}${PAD2[h]}:${PAD2[m]}:${PAD2[s]}.${PAD3[rest - s * 1000]}Z`;
  }
  return out;
}

const FRAC_ZEROS = '000000';

/** Canonical decimal strings of a DECIMAL(38,18) vector, from its 128-bit integers without BigInt. */
function readDecimals(vector: DuckDBVector, n: number): (string | null)[] {
  // The binding keeps the vector's bytes in a DataView it does not expose; without it, go through bigint.
  const internals = vector as unknown as { dataView?: unknown; validity?: { itemValid(i: number): boolean } };
  const view = internals.dataView;
  const validity = internals.validity;
  const out = new Array<string | null>(n);
  if (!(view instanceof DataView) || !validity || view.byteLength < n * 16) {
    const dec = vector as DuckDBDecimal128Vector;
    for (let r = 0; r < n; r++) {
      const units = dec.getScaledValue(r);
      out[r] = units === null ? null : unitsToDecimal(units);
    }
    return out;
  }
  const limbs = new Float64Array(8);
  for (let r = 0; r < n; r++) {
    if (!validity.itemValid(r)) {
      out[r] = null;
      continue;
    }
    const off = r * 16;
    for (let k = 0; k < 8; k++) limbs[k] = view.getUint16(off + 2 * k, true);
    const negative = limbs[7]! >= 0x8000;
    if (negative) {
      // Two's complement: invert and add one.
      let carry = 1;
      for (let k = 0; k < 8; k++) {
        const v = (limbs[k]! ^ 0xffff) + carry;
        limbs[k] = v & 0xffff;
        carry = v >>> 16;
      }
    }
    // Three divisions by 10^6 leave the 18 fractional digits as remainders and the integer part.
    const f1 = divide(limbs);
    const f2 = divide(limbs);
    const f3 = divide(limbs);
    if (limbs[7] !== 0 || limbs[6] !== 0 || limbs[5] !== 0 || limbs[4] !== 0 || limbs[3]! >= 32) {
      // Integer part beyond 2^53: rare enough for bigint.
      out[r] = unitsToDecimal((vector as DuckDBDecimal128Vector).getScaledValue(r)!);
      continue;
    }
    const int = limbs[3]! * 281474976710656 + limbs[2]! * 4294967296 + limbs[1]! * 65536 + limbs[0]!;
    let text = String(int);
    if (f1 !== 0 || f2 !== 0 || f3 !== 0) {
      let frac = pad6(f3);
      if (f1 !== 0 || f2 !== 0) {
        frac += pad6(f2);
        if (f1 !== 0) frac += pad6(f1);
      }
      let end = frac.length;
      while (frac.charCodeAt(end - 1) === 48) end--;
      text += `.${frac.slice(0, end)}`;
    }
    out[r] = negative ? `-${text}` : text;
  }
  return out;
}

function pad6(v: number): string {
  const s = String(v);
  return s.length === 6 ? s : FRAC_ZEROS.slice(s.length) + s;
}

/** Divides the 8 little-endian 16-bit limbs by 10^6 in place; returns the remainder (exact in doubles). */
function divide(limbs: Float64Array): number {
  let rem = 0;
  for (let k = 7; k >= 0; k--) {
    const cur = rem * 65536 + limbs[k]!;
    const q = Math.floor(cur / 1_000_000);
    limbs[k] = q;
    rem = cur - q * 1_000_000;
  }
  return rem;
}

export function decode(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'decimal':
      return normalizeDecimal(value as string);
    case 'json':
      return JSON.parse(value as string);
    case 'timestamp':
      // The instant itself (microseconds since epoch), so no session time zone can shift it.
      return new Date(Math.floor(Number((value as DuckDBTimestampTZValue).micros) / 1000)).toISOString();
    case 'bigint':
    case 'integer':
      return Number(value);
    default:
      return value;
  }
}

/**
 * A JS value as the text `castText` reads; null for null/undefined. Throws on values that would be silently
 * wrong in SQL (float amounts, malformed decimals).
 */
export function encode(type: ColumnType, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'decimal': {
      if (typeof value !== 'string' || !isStoreDecimal(value)) {
        throw new Error(
          `not a decimal string: ${JSON.stringify(value)} (expected e.g. "1234.56", at most 18 decimals)`,
        );
      }
      return value;
    }
    case 'json':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'text':
    case 'timestamp':
    case 'date':
      return typeof value === 'string' ? value : String(value);
    default:
      return String(value);
  }
}
