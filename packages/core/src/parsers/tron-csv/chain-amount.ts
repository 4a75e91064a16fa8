import { isError, type Read, readDecimal } from '../canonical-csv/values.ts';

export interface ChainAmountOptions {
  /**
   * The file uses `,` as its decimal separator: a CSV re-saved by a spreadsheet in a Russian or European
   * locale (`;`-delimited, `2304,15`). Without it a comma is a thousands separator when it groups three
   * digits (`2,304.15`, `6,000,000`) and the decimal separator otherwise (`0,5`, `2304,15`).
   */
  decimalComma?: boolean;
}

/** `1,000,000` or `1.234.567` only when each group after the first has exactly three digits. */
const GROUPED = (sep: string) => new RegExp(`^\\d{1,3}(\\${sep}\\d{3})+$`);

/**
 * An explorer amount in token units as an exact decimal string: grouping by `,`, spaces (incl. no-break
 * and thin), `'`; a decimal `.` or `,`; a token symbol glued on (`150 TRX`, `0.5 ETH`). Never a float.
 */
export function readChainAmount(text: string, options: ChainAmountOptions = {}): Read<string> {
  const sci = /^([+-]?)(\d+)(?:[.,](\d+))?[eE]([+-]?\d{1,3})$/.exec(text.trim());
  if (sci) return fromScientific(sci[1] ?? '', sci[2] ?? '', sci[3] ?? '', Number(sci[4]));
  let s = text
    .trim()
    .replace(/^\s*[A-Za-z][A-Za-z0-9.]*\s+(?=[\d.,-])/, '')
    .replace(/(?<=[\d.,])\s*[A-Za-z]{2}[A-Za-z0-9.]*$/, '')
    .replace(/[\s\u00a0\u2009\u202f']/g, '');
  const comma = s.lastIndexOf(',');
  const dot = s.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) {
    // Both present: the later one separates the decimals, the other groups.
    s = comma > dot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (comma >= 0) {
    const unsigned = s.replace(/^[+-]/, '');
    if (!options.decimalComma && GROUPED(',').test(unsigned)) s = s.replace(/,/g, '');
    else if ((s.match(/,/g) ?? []).length === 1) s = s.replace(',', '.');
    else return { error: `amount "${text.trim()}" has several commas but is not grouped by thousands` };
  } else if (options.decimalComma && (s.match(/\./g) ?? []).length > 1 && GROUPED('.').test(s)) {
    s = s.replace(/\./g, '');
  }
  const v = readDecimal(s, 'amount');
  return isError(v) ? { error: `amount "${text.trim()}" is not a number` } : v;
}

/** `1E-06` (a spreadsheet's rendering of a small amount) → `0.000001`, exactly. */
function fromScientific(sign: string, int: string, frac: string, exp: number): Read<string> {
  const all = `${int}${frac}`;
  const at = int.length + exp;
  const out =
    at <= 0
      ? `0.${'0'.repeat(-at)}${all}`
      : at >= all.length
        ? `${all}${'0'.repeat(at - all.length)}`
        : `${all.slice(0, at)}.${all.slice(at)}`;
  const [i = '0', f = ''] = out.split('.');
  const int2 = i.replace(/^0+(?=\d)/, '');
  const frac2 = f.replace(/0+$/, '');
  const body = frac2 ? `${int2}.${frac2}` : int2;
  return sign === '-' && body !== '0' ? `-${body}` : body;
}
