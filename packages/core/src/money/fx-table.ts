import { divideRounded, mulDecimal, parseDecimal } from './decimal.ts';

export interface FxRateInput {
  date: string;
  currency: string;
  usdPerUnit: string;
  /** Where the rate came from (evidence id, "NBK", …); echoed in results. */
  source?: string;
}

export interface FxTableOptions {
  /** Use the latest earlier rate when it is at most this many days old (weekends, holidays). Default 3. */
  maxStaleDays?: number;
}

export type ToUsdResult =
  | { ok: true; usd: string; rate: string; rateDate: string; source?: string }
  | { ok: false; reason: string };

interface Rate {
  date: string;
  day: number;
  usdPerUnit: string;
  source?: string;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** `YYYY-MM-DD` of an ISO date or timestamp, in UTC (`2024-03-05T23:30:00-02:00` → `2024-03-06`). */
export function utcDateOf(isoTimestampOrDate: string): string | undefined {
  const text = isoTimestampOrDate.trim();
  if (ISO_DATE.test(text)) return text;
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) return undefined;
  if (/(?:Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    const ms = Date.parse(text.replace(' ', 'T'));
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 10);
  }
  return text.slice(0, 10); // no offset: already UTC by the data-model convention
}

/**
 * Dated USD rates. Policy: the same-day rate, else the latest earlier rate at most `maxStaleDays` old
 * (the rate date used is returned); later rates are never used (no look-ahead). USD converts at 1.
 * Stablecoins need their own rows; `withDefaults()` opts in to pegging USDT/USDC at 1 where a row is
 * missing, and says so in `source`.
 */
export class FxTable {
  private readonly rates = new Map<string, Rate[]>();
  private readonly maxStaleDays: number;
  private pegs: Record<string, string> = {};

  constructor(rows: Iterable<FxRateInput>, options: FxTableOptions = {}) {
    this.maxStaleDays = options.maxStaleDays ?? 3;
    for (const row of rows) this.add(row);
    for (const list of this.rates.values()) list.sort((a, b) => a.day - b.day);
  }

  private add(row: FxRateInput): void {
    const currency = row.currency.trim().toUpperCase();
    const day = dayNumber(row.date);
    if (Number.isNaN(day))
      throw new RangeError(`fx rate for ${currency}: date "${row.date}" is not YYYY-MM-DD`);
    const rate = parseDecimal(row.usdPerUnit);
    if (rate.units <= 0n) throw new RangeError(`fx rate for ${currency} on ${row.date} must be positive`);
    let list = this.rates.get(currency);
    if (!list) this.rates.set(currency, (list = []));
    const entry: Rate = { date: row.date, day, usdPerUnit: row.usdPerUnit.trim() };
    if (row.source !== undefined) entry.source = row.source;
    list.push(entry);
  }

  /** A copy that answers USDT and USDC at 1 USD (or the given pegs) on dates without their own row. */
  withDefaults(pegs: Record<string, string> = { USDT: '1', USDC: '1' }): FxTable {
    const copy = Object.create(FxTable.prototype) as FxTable;
    Object.assign(copy, this, { pegs: { ...this.pegs, ...pegs } });
    return copy;
  }

  get currencies(): string[] {
    return [...this.rates.keys()].sort();
  }

  /** The rate used for `currency` at `isoTimestampOrDate`, per the policy above. */
  rateOn(
    currency: string,
    isoTimestampOrDate: string,
  ): { ok: true; rate: string; rateDate: string; source?: string } | { ok: false; reason: string } {
    const code = currency.trim().toUpperCase();
    const date = utcDateOf(isoTimestampOrDate);
    if (!date)
      return {
        ok: false,
        reason: `"${isoTimestampOrDate}" is not an ISO date or timestamp (converting ${code} to USD)`,
      };
    if (code === 'USD') return { ok: true, rate: '1', rateDate: date };
    const day = dayNumber(date);
    const list = this.rates.get(code) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.day <= day) lo = mid + 1;
      else hi = mid;
    }
    const earlier = list[lo - 1];
    if (earlier && day - earlier.day <= this.maxStaleDays) {
      const result: { ok: true; rate: string; rateDate: string; source?: string } = {
        ok: true,
        rate: earlier.usdPerUnit,
        rateDate: earlier.date,
      };
      if (earlier.source !== undefined) result.source = earlier.source;
      return result;
    }
    const peg = this.pegs[code];
    if (peg !== undefined)
      return { ok: true, rate: peg, rateDate: date, source: `default peg ${code}=${peg} USD` };
    const later = list[lo];
    const nearest = [
      earlier
        ? `nearest earlier ${earlier.date}, ${day - earlier.day} days before, beyond maxStaleDays=${this.maxStaleDays}`
        : 'no earlier rate',
      later ? `next ${later.date}` : 'no later rate',
    ].join('; ');
    const hint = list.length === 0 ? `no ${code} rows at all; ` : '';
    return {
      ok: false,
      reason: `no ${code}→USD rate on ${date} (${hint}${nearest}); add a row "${date},${code},<usd_per_unit>" to fx-rates.csv`,
    };
  }

  /** `amount` of `currency` in USD, rounded half-up (away from zero) to cents, with the rate and its date. */
  toUsd(amount: string, currency: string, isoTimestampOrDate: string): ToUsdResult {
    const rate = this.rateOn(currency, isoTimestampOrDate);
    if (!rate.ok) return rate;
    let usd: string;
    try {
      usd = mulDecimal(amount, rate.rate, 2);
    } catch (error) {
      return { ok: false, reason: `${(error as Error).message} (converting ${currency} to USD)` };
    }
    return { ...rate, usd };
  }
}

/** Cents of a USD decimal, rounded half away from zero (for sums kept as bigint). */
export function usdToCents(usd: string): bigint {
  const d = parseDecimal(usd);
  return d.scale <= 2
    ? d.units * 10n ** BigInt(2 - d.scale)
    : divideRounded(d.units, 10n ** BigInt(d.scale - 2));
}
