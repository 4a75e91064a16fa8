import type { ColumnDef, ColumnType, TableName } from '@dragnet/core';
// Value imports straight from the model: the package index would load every parser.
import { snakeCase, TABLES } from '@dragnet/core/model/tables.ts';
import type { DuckDBTimestampTZValue } from '@duckdb/node-api';
import { isStoreDecimal, normalizeDecimal } from '@dragnet/core/store/normalize-row.ts';

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
