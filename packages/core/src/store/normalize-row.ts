import type { ColumnDef, ColumnType, RowOf, TableName } from '../model/tables.ts';
import { TABLES } from '../model/tables.ts';
import { BEYOND_STORE_DECIMAL, fitsStoreDecimal } from '../money/decimal.ts';
import { wallTimeProblem } from '../text/wall-time.ts';
import { RecordRejected } from './store.ts';

/**
 * The one canonical form every Store returns, so that the memory store and the DuckDB store agree value
 * for value:
 * - decimal: exact string, at most 18 decimals, trailing fractional zeros stripped, integer part kept,
 *   no `+`, no `-0`: `"1234.50"` → `"1234.5"`, `"12.000"` → `"12"`, `"-0.0"` → `"0"`,
 *   `"0.000000000000000001"` stays;
 * - timestamp: ISO-8601 UTC with milliseconds (`2024-03-05T09:22:00.000Z`); input without a zone is UTC;
 * - date: `YYYY-MM-DD`; json: a deep copy (what JSON round-trips); integer/bigint/double: numbers.
 */
const DECIMAL_RE = /^(-?)(\d+)(?:\.(\d{1,18}))?$/;

/** True when `text` is a decimal the stores accept: optional `-`, digits, optionally `.` and 1–18 digits. */
export function isStoreDecimal(text: string): boolean {
  return DECIMAL_RE.test(text);
}

export function normalizeDecimal(text: string): string {
  const m = DECIMAL_RE.exec(text);
  if (!m) {
    throw new Error(
      `not a decimal: ${JSON.stringify(text)} (expected digits with at most 18 decimals, e.g. "1234.56")`,
    );
  }
  const int = m[2]!.replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const zero = int === '0' && frac === '';
  return `${m[1] && !zero ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** Scaled to 18 decimals, for exact comparison and sums. */
export function decimalToUnits(text: string): bigint {
  const m = DECIMAL_RE.exec(text);
  if (!m) throw new Error(`not a decimal: ${JSON.stringify(text)}`);
  const units = BigInt(m[2]! + (m[3] ?? '').padEnd(18, '0'));
  return m[1] ? -units : units;
}

export function unitsToDecimal(units: bigint): string {
  const neg = units < 0n;
  const digits = (neg ? -units : units).toString().padStart(19, '0');
  return normalizeDecimal(`${neg ? '-' : ''}${digits.slice(0, -18)}.${digits.slice(-18)}`);
}

const ZONE_RE = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar fields at the start of an ISO-8601 text: `YYYY-MM-DD[Thh:mm[:ss]]`. */
const FIELDS_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;

/**
 * Why the calendar fields of `text` name no real time, or undefined. `Date.parse` takes a day up to 31 in
 * any month and rolls it over (`2024-02-31` is 2 March): a store never keeps such a made-up instant.
 */
function calendarProblem(text: string): string | undefined {
  const m = FIELDS_RE.exec(text);
  if (!m) return undefined;
  // `T24:00` (Date takes it as the next midnight) is refused too, as every parser's own date reader does.
  return wallTimeProblem(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
}

export function normalizeTimestamp(text: string): string {
  const withZone = DATE_RE.test(text) || ZONE_RE.test(text) ? text : `${text}Z`;
  const ms = Date.parse(withZone);
  if (Number.isNaN(ms)) {
    throw new Error(
      `not an ISO-8601 timestamp: ${JSON.stringify(text)} (expected e.g. "2024-03-05T09:22:00.000Z")`,
    );
  }
  const problem = calendarProblem(text);
  if (problem !== undefined)
    throw new Error(
      `not a real time: ${JSON.stringify(text)} (${problem}; it would be stored as another day)`,
    );
  return new Date(ms).toISOString();
}

/** Normalises one value of `type`; null and undefined become null. */
export function normalizeValue(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'decimal':
      return normalizeDecimal(String(value));
    case 'timestamp':
      return normalizeTimestamp(String(value));
    case 'date':
      if (!DATE_RE.test(String(value)))
        throw new Error(`not a date: ${JSON.stringify(value)} (expected YYYY-MM-DD)`);
      return String(value);
    case 'json':
      return JSON.parse(JSON.stringify(value));
    case 'integer':
    case 'bigint':
    case 'double':
      return Number(value);
    case 'boolean':
      return Boolean(value);
    default:
      return String(value);
  }
}

/**
 * The row as a Store gives it back: every column of the table present (missing ones null), values in the
 * canonical form above. Throws `RecordRejected` naming the table, field and locator when a required field is
 * missing or a value has the wrong form.
 */
export function normalizeRow<T extends TableName>(table: T, row: RowOf<T>): RowOf<T> {
  const source = row as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const col of TABLES[table].columns as readonly ColumnDef[]) {
    const value = source[col.field];
    if ((value === null || value === undefined) && col.nullable === false) {
      throw new RecordRejected(table, row, `${table}.${col.field} is required`);
    }
    try {
      out[col.field] = normalizeValue(col.type, value);
    } catch (err) {
      throw new RecordRejected(table, row, `${table}.${col.field}: ${(err as Error).message}`);
    }
  }
  return out as unknown as RowOf<T>;
}

/** Each table's decimal fields (every record passes `decimalRangeProblem` on its way into a store). */
const DECIMAL_FIELDS = Object.fromEntries(
  Object.entries(TABLES).map(([name, def]) => [
    name,
    (def.columns as readonly ColumnDef[]).filter((c) => c.type === 'decimal').map((c) => c.field),
  ]),
) as Record<TableName, string[]>;

/**
 * Why a store cannot keep this row's decimals exactly (DECIMAL(38,18): at most 20 digits before the point and
 * 18 after), or undefined. Parsers quarantine such rows themselves where they read amounts; this is the check
 * every record passes before it is stored, so that no parser's oversight (a scam token's supply, say) fails
 * a whole ingest.
 */
export function decimalRangeProblem<T extends TableName>(table: T, row: RowOf<T>): string | undefined {
  const source = row as unknown as Record<string, unknown>;
  for (const field of DECIMAL_FIELDS[table]) {
    const value = source[field];
    if (value === null || value === undefined) continue;
    const text = String(value);
    // Text of another shape: normalizeRow says what is wrong with it.
    if (DECIMAL_RE.test(text) && !fitsStoreDecimal(text))
      return `${field} ${text.slice(0, 60)} ${BEYOND_STORE_DECIMAL}`;
  }
  return undefined;
}

/**
 * Orders two canonical values of `type` as SQL would (nulls are handled by the caller): decimals and
 * numbers numerically, timestamps by instant, booleans false < true, text by code units.
 */
export function compareValues(type: ColumnType, a: unknown, b: unknown): number {
  switch (type) {
    case 'decimal': {
      const x = decimalToUnits(String(a));
      const y = decimalToUnits(String(b));
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'timestamp': {
      const x = Date.parse(normalizeTimestamp(String(a)));
      const y = Date.parse(normalizeTimestamp(String(b)));
      return x - y;
    }
    case 'integer':
    case 'bigint':
    case 'double':
      return Number(a) - Number(b);
    case 'boolean':
      return Number(Boolean(a)) - Number(Boolean(b));
    case 'json': {
      const x = JSON.stringify(a);
      const y = JSON.stringify(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    default: {
      const x = String(a);
      const y = String(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}
