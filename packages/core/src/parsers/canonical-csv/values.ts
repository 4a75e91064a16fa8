/**
 * Field readers shared by the canonical CSV rows. Each returns the normal form, or `{ error }` with a
 * reason that names the value and says how to write it. Hand-rolled fast paths first: these run once per
 * field on files of tens of millions of rows.
 */
import { normalizeIdentifier } from '../../identifiers/index.ts';
import { BEYOND_STORE_DECIMAL, normalizeCurrency } from '../../money/index.ts';
import { daysIn } from '../../text/wall-time.ts';

export type Read<T> = T | { error: string };

export function isError<T>(v: Read<T>): v is { error: string } {
  return typeof v === 'object' && v !== null && 'error' in v;
}

const D0 = 48;

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - D0;
  return c >= 0 && c <= 9 ? c : -1;
}

function num2(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** `YYYY-MM-DD` with a real calendar day, or -1. */
function dateAt(s: string): number {
  if (s.length < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  const y1 = num2(s, 0);
  const y2 = num2(s, 2);
  const m = num2(s, 5);
  const d = num2(s, 8);
  if (y1 < 0 || y2 < 0 || m < 1 || m > 12 || d < 1) return -1;
  const year = y1 * 100 + y2;
  return d <= daysIn(year, m) ? year : -1;
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;

export interface TimestampOptions {
  /** Accept `YYYY-MM-DD` as midnight UTC. */
  dateOnly?: boolean;
}

/**
 * ISO-8601 with `Z` or an offset → `YYYY-MM-DDTHH:MM:SS.sssZ` (UTC, ms). A local time without offset is
 * refused: the same wall-clock time means different instants in Almaty and Moscow.
 */
export function readTimestamp(text: string, options: TimestampOptions = {}): Read<string> {
  const s = text.trim();
  const n = s.length;
  // Fast path: already UTC, `…SSZ` or `…SS.sssZ`.
  if ((n === 20 || n === 24) && s.charCodeAt(n - 1) === 90 && s.charCodeAt(10) === 84) {
    if (
      dateAt(s) >= 0 &&
      s.charCodeAt(13) === 58 &&
      s.charCodeAt(16) === 58 &&
      num2(s, 11) >= 0 &&
      num2(s, 11) < 24 &&
      num2(s, 14) >= 0 &&
      num2(s, 14) < 60 &&
      num2(s, 17) >= 0 &&
      num2(s, 17) < 60
    ) {
      if (n === 20) return `${s.slice(0, 19)}.000Z`;
      if (s.charCodeAt(19) === 46 && digit(s, 20) >= 0 && num2(s, 21) >= 0) return s;
    }
  }
  if (n === 10 && dateAt(s) >= 0) {
    return options.dateOnly
      ? `${s}T00:00:00.000Z`
      : { error: `timestamp "${s}" has no time; write e.g. ${s}T14:05:00Z or ${s}T14:05:00+05:00` };
  }
  const m = TIMESTAMP.exec(s);
  if (!m) {
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) {
      return { error: `timestamp "${s}" has no time zone; add Z (UTC) or an offset such as +05:00` };
    }
    return { error: `timestamp "${clip(s)}" is not ISO-8601; write e.g. 2024-03-05T14:05:00Z` };
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] ? Number(m[6]) : 0;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysIn(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { error: `timestamp "${s}" is not a real date and time` };
  }
  let offset = 0;
  const z = m[8]!;
  if (z !== 'Z' && z !== 'z') {
    const sign = z[0] === '-' ? -1 : 1;
    const digits = z.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 14 || om > 59) return { error: `timestamp "${s}" has an impossible offset ${z}` };
    offset = sign * (oh * 60 + om);
  }
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60000;
  return new Date(t).toISOString();
}

/** `YYYY-MM-DD`; a full ISO timestamp keeps its date part as written. */
export function readDate(text: string): Read<string> {
  const s = text.trim();
  if (dateAt(s) >= 0 && (s.length === 10 || s.charCodeAt(10) === 84 || s.charCodeAt(10) === 32)) {
    return s.slice(0, 10);
  }
  return { error: `date "${clip(s)}" is not YYYY-MM-DD` };
}

/**
 * A non-negative-or-signed decimal with `.` (`1234.56`, `-0.5`, `+7`) → the same digits without `+` or
 * leading zeros; trailing fraction zeros are kept as written.
 */
export function readDecimal(text: string, what = 'amount'): Read<string> {
  const s = text.trim();
  const n = s.length;
  let i = 0;
  let neg = false;
  if (n > 0 && (s.charCodeAt(0) === 45 || s.charCodeAt(0) === 43)) {
    neg = s.charCodeAt(0) === 45;
    i = 1;
  }
  const intStart = i;
  while (i < n && digit(s, i) >= 0) i++;
  const intEnd = i;
  let fracEnd = i;
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    while (i < n && digit(s, i) >= 0) i++;
    fracEnd = i;
  }
  if (i !== n || intEnd === intStart || (fracEnd > intEnd && fracEnd === intEnd + 1)) {
    return { error: `${what} "${clip(s)}" is not a decimal number with "." (e.g. 1234.56)` };
  }
  let z = intStart;
  while (z < intEnd - 1 && s.charCodeAt(z) === D0) z++;
  // The store keeps amounts exactly as DECIMAL(38,18) (`fitsStoreDecimal`, counted on the positions at hand).
  if (intEnd - z > 20 || fracEnd - intEnd - 1 > 18)
    return { error: `${what} "${clip(s)}" ${BEYOND_STORE_DECIMAL}` };
  if (z === 0 && !neg && intStart === 0) return s;
  const body = s.slice(z, n);
  return neg && !/^[0.]+$/.test(body) ? `-${body}` : body;
}

/** `readDecimal` that refuses negatives (direction lives in from/to, not in the sign). */
export function readPositiveDecimal(text: string, what = 'amount'): Read<string> {
  const v = readDecimal(text, what);
  if (isError(v)) return v;
  if (v.charCodeAt(0) === 45) {
    return { error: `${what} "${text.trim()}" is negative; swap from and to instead of using a sign` };
  }
  return v;
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'да', 'иә', 't']);
const FALSE = new Set(['false', 'no', 'n', '0', 'нет', 'жоқ', 'f']);

export function readBoolean(text: string, what: string): Read<boolean | null> {
  const s = text.trim().toLowerCase();
  if (s === '') return null;
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  return { error: `${what} "${clip(s)}" is not true or false` };
}

export function readCoordinate(text: string, what: 'lat' | 'lon'): Read<number | null> {
  const s = text.trim();
  if (s === '') return null;
  const v = readDecimal(s, what);
  if (isError(v)) return v;
  const x = Number(v);
  const max = what === 'lat' ? 90 : 180;
  if (!(Math.abs(x) <= max)) return { error: `${what} "${s}" is outside −${max}…${max}` };
  return x;
}

let lastCurrencyIn = '\u0000';
let lastCurrencyOut = '';

/** Currency code or asset ticker: upper-cased, 2–12 letters/digits; symbols (₸, руб.) mapped to codes. */
export function readCurrency(text: string, what = 'currency'): Read<string> {
  // A file is mostly one or two currencies: skip the regex for a repeat of the last good value.
  if (text === lastCurrencyIn) return lastCurrencyOut;
  let s = text.trim().toUpperCase();
  if (!/^[A-Z0-9]{2,12}$/.test(s)) {
    // Symbols and local spellings are forgiven: their meaning is unambiguous.
    const alias = normalizeCurrency(text);
    if (!alias) return { error: `${what} "${clip(text.trim())}" is not a currency code (KZT, USD, USDT …)` };
    s = alias;
  }
  lastCurrencyIn = text;
  lastCurrencyOut = s;
  return s;
}

/**
 * Normalises identifiers with a bounded memo: account columns repeat the same few thousand cards and
 * wallets millions of times, and full normalisation (regex + checksum) dominates the row cost otherwise.
 */
export class IdentifierCache {
  /** The normal form, or why the value is not an identifier (the column name is added per call). */
  private map = new Map<string, string | { reason: string }>();
  constructor(private readonly cap = 200_000) {}

  read(raw: string, what: string): Read<string> {
    // Already-normal unmasked cards are checked in place: cheaper than hashing into a large map.
    if (raw.length >= 21 && raw.length <= 24 && raw.startsWith('card:') && isLuhnDigits(raw, 5)) return raw;
    let v = this.map.get(raw);
    if (v === undefined) {
      const r = normalizeIdentifier(raw);
      v = r.ok ? r.id : { reason: r.reason };
      if (this.map.size >= this.cap) this.map.clear();
      this.map.set(raw, v);
    }
    return typeof v === 'string'
      ? v
      : { error: `${what} "${clip(raw.trim())}" is not a valid identifier: ${v.reason}` };
  }
}

/** `s[from..]` is all digits and passes the Luhn check. */
export function isLuhnDigits(s: string, from: number): boolean {
  let sum = 0;
  let double = false;
  for (let i = s.length - 1; i >= from; i--) {
    let d = s.charCodeAt(i) - D0;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function clip(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
