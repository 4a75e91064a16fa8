import { isoDateTime, isoFromParts } from './bank-records.ts';

export type DateOrder = 'DMY' | 'MDY' | 'YMD';

const DMY_RE =
  /^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,6})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
/** A time after a named-month date: `14:22`, `14:22:05`, `14:22:05.123` (the fraction dropped, as in ISO times). */
const TIME = '(?:[ T,]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d{1,6})?)?)?';
/** `5 мар 2024`, `05 марта 2024 г.`, `05-Mar-2024 14:22`, `5 наурыз 2024`: day, month name, year. */
const DAY_NAMED = new RegExp(`^(\\d{1,2})[ .-]+(\\p{L}{3,})\\.?[ .,-]+(\\d{4})(?:\\s*г\\.?)?${TIME}$`, 'u');
/** `Mar 5, 2024`, `March 05 2024 14:22`: month name, day, year. */
const NAMED_DAY = new RegExp(`^(\\p{L}{3,})\\.?\\s+(\\d{1,2}),?\\s+(\\d{4})${TIME}$`, 'u');
/**
 * Months by the first three letters of their names as Russian, Kazakh and English statements write them (full,
 * genitive or abbreviated: `март`, `марта`, `мар.`; `мамыр`; `March`, `Mar`).
 */
const MONTHS = new Map<string, number>(
  [
    ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'],
    ['қаң', 'ақп', 'нау', 'сәу', 'мам', 'мау', 'шіл', 'там', 'қыр', 'қаз', 'қар', 'жел'],
    ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  ].flatMap((names) => names.map((n, i): [string, number] => [n, i + 1])),
);
MONTHS.set('мая', 5);

/**
 * A date cell (trimmed, lower-cased) that starts with a month's name and a day (`mar 5, 2024`): a data row, as one
 * starting with a digit is, for the streaming parser (`TableStatement.needsHeaderCheck`) and the bulk path's SQL
 * alike (the same pattern in RE2 and JS: no `\s`, whose classes differ).
 */
export const MONTH_FIRST_DATE = `^(?:${[...MONTHS.keys()].join('|')})\\p{L}*\\.? +\\d{1,2}\\b`;
const MONTH_FIRST_RE = new RegExp(MONTH_FIRST_DATE, 'u');

/** Whether a date cell starts with a month's name and a day (`MONTH_FIRST_DATE`). */
export function startsWithMonth(cell: string): boolean {
  return MONTH_FIRST_RE.test(cell.trim().toLowerCase());
}

function monthOf(name: string): number | undefined {
  return MONTHS.get(name.slice(0, 3).toLowerCase());
}
const YMD_RE = /^(\d{4})[./](\d{1,2})[./](\d{1,2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function offsetOf(text: string | undefined, fallback: number): number {
  if (!text) return fallback;
  if (text === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text);
  if (!m) return fallback;
  const v = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -v : v;
}

/** Rows below the header that `dateOrderOf` reads (a CSV's first 64 KiB hold fewer; an XLSX sheet may hold more). */
export const DATE_ORDER_ROWS = 5000;

/**
 * The order day/month dates (`03/05/2024`) are read in when no mapping names one: `MDY` when one of `cells` (the
 * date column of the first rows below the header) has a second part over 12 and none has a first part over 12 (a
 * US-style export); undefined otherwise, and the default DMY holds (a DMY file never shows a month over 12, so it
 * is never read the other way). Dates of four-digit years first are YMD whatever this says.
 */
export function dateOrderOf(cells: readonly string[]): 'MDY' | undefined {
  let firstOver = false;
  let secondOver = false;
  for (const c of cells.slice(0, DATE_ORDER_ROWS)) {
    const m = /^(\d{1,2})[./-](\d{1,2})[./-]\d{2,4}\b/.exec(c.trim());
    if (!m) continue;
    if (Number(m[1]) > 12) firstOver = true;
    if (Number(m[2]) > 12) secondOver = true;
  }
  return secondOver && !firstOver ? 'MDY' : undefined;
}

/** An Excel serial day number (1900 date system) as a wall-clock ISO string without offset. */
export function excelSerialToLocal(serial: number): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return undefined;
  const ms = Math.round(EXCEL_EPOCH_MS + serial * 86_400_000);
  return new Date(ms).toISOString().slice(0, 19);
}

/**
 * Dates as bank tables write them: `05.03.2024 14:22`, `05.03.24`, `2024-03-05T14:22:00+05:00`,
 * `03/05/2024` (order from the mapping or the first rows), `5 мар 2024`, `05-Mar-2024`, `Mar 5, 2024`, `20240305`,
 * Excel serials. Times without an offset are taken at `offsetMin`; fractions of a second are dropped.
 */
export function parseTableDate(text: string, order: DateOrder = 'DMY', offsetMin = 0): string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (order === 'DMY') {
    const fast = dmyFast(t, offsetMin);
    if (fast !== null) return fast;
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) return isoDateTime(t, offsetMin);
  let m = DMY_RE.exec(t);
  if (m && order !== 'YMD') {
    const a = Number(m[1]);
    const b = Number(m[2]);
    let y = Number(m[3]);
    if ((m[3] ?? '').length === 2) y += y < 70 ? 2000 : 1900;
    const [d, mo] = order === 'MDY' ? [b, a] : [a, b];
    return isoFromParts(
      y,
      mo,
      d,
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      offsetOf(m[7], offsetMin),
    );
  }
  m = YMD_RE.exec(t);
  if (m) {
    return isoFromParts(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      offsetMin,
    );
  }
  const named = DAY_NAMED.exec(t) ?? NAMED_DAY.exec(t);
  if (named) {
    const dayFirst = /^\d/.test(t);
    const month = monthOf(dayFirst ? named[2]! : named[1]!);
    if (month === undefined) return undefined;
    const day = Number(dayFirst ? named[1] : named[2]);
    return isoFromParts(
      Number(named[3]),
      month,
      day,
      Number(named[4] ?? 0),
      Number(named[5] ?? 0),
      Number(named[6] ?? 0),
      offsetMin,
    );
  }
  // `20240305`: a compact date (a year 1900–2099 first).
  const compact = /^((?:19|20)\d{2})(\d{2})(\d{2})$/.exec(t);
  if (compact)
    return isoFromParts(Number(compact[1]), Number(compact[2]), Number(compact[3]), 0, 0, 0, offsetMin);
  if (/^\d{5}(\.\d+)?$/.test(t)) {
    const local = excelSerialToLocal(Number(t));
    return local ? isoDateTime(local, offsetMin) : undefined;
  }
  return undefined;
}

/** `n` digits at `i` as a number, or -1. */
function digitsAt(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * `DD.MM.YYYY HH:MM[:SS]`, the usual bank export, read without the regular expression: exactly what the
 * DMY_RE branch gives for it; null for any other shape (which then takes the general path).
 */
function dmyFast(t: string, offsetMin: number): string | undefined | null {
  const n = t.length;
  if ((n !== 16 && n !== 19) || t.charCodeAt(2) !== 46 || t.charCodeAt(5) !== 46) return null;
  if (t.charCodeAt(10) !== 32 || t.charCodeAt(13) !== 58) return null;
  if (n === 19 && t.charCodeAt(16) !== 58) return null;
  const d = digitsAt(t, 0, 2);
  const mo = digitsAt(t, 3, 2);
  const y = digitsAt(t, 6, 4);
  const h = digitsAt(t, 11, 2);
  const mi = digitsAt(t, 14, 2);
  const s = n === 19 ? digitsAt(t, 17, 2) : 0;
  if (d < 0 || mo < 0 || y < 0 || h < 0 || mi < 0 || s < 0) return null;
  return isoFromParts(y, mo, d, h, mi, s, offsetMin);
}
