import { CURRENCY_ALIASES, currencyScale, normalizeCurrency } from './currency.ts';

export type ParseAmountResult =
  | { ok: true; value: string; currency?: string }
  | { ok: false; reason: string };

export interface ParseAmountOptions {
  /**
   * The decimal separator the source is known to use (a bank's CSV dialect, a column's locale). Without it a
   * lone `.` or `,` followed by exactly three digits is a thousands separator (`1,234` → 1234, `1.234` →
   * 1234) unless the integer part is 0 or the currency keeps more than 2 decimals (`1.234 BTC`).
   */
  decimalSeparator?: '.' | ',';
}

const SIGNS = '+-−–';
const GROUPING = " '’\u00a0\u202f\u2009";
const IS_LETTER = /\p{L}/u;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** The longest currency alias at the start (or end) of `s` that is not glued to further letters. */
function currencyAt(s: string, atEnd: boolean): string | undefined {
  const lower = s.toLowerCase();
  for (const alias of CURRENCY_ALIASES) {
    if (atEnd ? !lower.endsWith(alias) : !lower.startsWith(alias)) continue;
    const next = atEnd ? s[s.length - alias.length - 1] : s[alias.length];
    if (next !== undefined && IS_LETTER.test(next) && IS_LETTER.test(alias)) continue;
    return s.slice(atEnd ? s.length - alias.length : 0, atEnd ? s.length : alias.length);
  }
  // ISO-like codes not in the alias table ("CHF 10", "10 SEK").
  const m = atEnd ? /(?:^|[^A-Za-z])([A-Z]{3,5})$/.exec(s) : /^([A-Z]{3,5})(?![A-Za-z])/.exec(s);
  return m?.[1];
}

/**
 * Amount text → exact decimal string and currency. Handles grouping by spaces (incl. U+00A0, U+202F,
 * U+2009), apostrophes, `.` or `,`; decimal `.` or `,`; signs `+ - − –` before or after the number or
 * currency; `(12.50)` as negative; currency symbols, codes and words on either side (`₸`, `тг`, `KZT`,
 * `₽`, `руб.`, `$`, `USDT`, `сум`, `сом`, `сомонӣ`…). Never uses floats.
 */
export function parseAmount(text: string, options: ParseAmountOptions = {}): ParseAmountResult {
  let s = text.trim();
  let negative = false;
  let signs = 0;
  let currency: string | undefined;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    signs++;
    s = s.slice(1, -1).trim();
  }
  const takeCurrency = (atEnd: boolean): boolean => {
    const found = currencyAt(s, atEnd);
    if (!found) return false;
    const code = normalizeCurrency(found);
    if (!code) return false;
    if (currency && currency !== code) throw new RangeError(`two currencies: ${currency} and ${code}`);
    currency = code;
    s = (atEnd ? s.slice(0, s.length - found.length) : s.slice(found.length)).trim();
    return true;
  };
  const takeSign = (atEnd: boolean): boolean => {
    const c = atEnd ? s[s.length - 1] : s[0];
    if (c === undefined || !SIGNS.includes(c)) return false;
    signs++;
    if (c !== '+') negative = true;
    s = (atEnd ? s.slice(0, -1) : s.slice(1)).trim();
    return true;
  };
  try {
    while (s && !isDigit(s[0]) && (takeSign(false) || takeCurrency(false)));
    while (s && !isDigit(s[s.length - 1]) && (takeSign(true) || takeCurrency(true)));
    if (s.startsWith('(') && s.endsWith(')') && !negative) {
      negative = true;
      signs++;
      s = s.slice(1, -1).trim();
    }
  } catch (error) {
    return { ok: false, reason: `${(error as Error).message} in "${text}"` };
  }
  if (signs > 1) return { ok: false, reason: `more than one sign in "${text}"` };
  if (!s) return { ok: false, reason: `no number in "${text}"` };
  const value = parseNumber(s, options.decimalSeparator, currency ? currencyScale(currency) : 2);
  if (typeof value !== 'string') return { ok: false, reason: `${value.reason} in "${text}"` };
  const signed = negative && /[1-9]/.test(value) ? `-${value}` : value;
  return currency ? { ok: true, value: signed, currency } : { ok: true, value: signed };
}

function parseNumber(
  s: string,
  decimalSeparator: '.' | ',' | undefined,
  scale: number,
): string | { reason: string } {
  for (const c of s) {
    if (!isDigit(c) && c !== '.' && c !== ',' && !GROUPING.includes(c))
      return { reason: `unexpected "${c}"` };
  }
  if (!isDigit(s[0]) || !isDigit(s[s.length - 1]))
    return { reason: 'a number must start and end with a digit' };
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let dec: number;
  if (decimalSeparator) {
    dec = s.lastIndexOf(decimalSeparator);
  } else if (lastDot >= 0 && lastComma >= 0) {
    dec = Math.max(lastDot, lastComma);
  } else {
    const at = Math.max(lastDot, lastComma);
    const sep = s[at];
    const single = at >= 0 && s.indexOf(sep!) === at;
    const threeAfter = single && s.length - at - 1 === 3;
    const integer = s.slice(0, at);
    const otherGrouping = [...integer].some((c) => GROUPING.includes(c));
    const thousands = threeAfter && integer !== '0' && !otherGrouping && scale <= 2;
    dec = single && !thousands ? at : -1;
  }
  const integer = dec >= 0 ? s.slice(0, dec) : s;
  const fraction = dec >= 0 ? s.slice(dec + 1) : '';
  if (!/^\d*$/.test(fraction)) return { reason: 'separators after the decimal point' };
  if (fraction.length > 30) return { reason: 'more than 30 decimals' };
  const groups = integer.split(/[ '’\u00a0\u202f\u2009.,]/);
  if (groups.length > 1) {
    const [first, ...rest] = groups;
    if (!/^\d{1,3}$/.test(first!) || rest.some((g) => !/^\d{3}$/.test(g))) {
      return { reason: `digit groups must be 1–3 then 3 digits each ("${integer}")` };
    }
  }
  const digits = groups.join('').replace(/^0+(?=\d)/, '');
  return fraction ? `${digits}.${fraction}` : digits;
}
