/**
 * Converts decimal amounts to micro-USD (bigint, 1e-6 USD) exactly. Rates come from any source with
 * the FxTable shape (`toUsd('1', currency, at)` → `{ ok, rate }`); the rate is looked up once per
 * currency and day and cached as a scaled bigint so a 10-million-row pass stays cheap.
 */
export interface RateSource {
  toUsd(
    amount: string,
    currency: string,
    at: string,
  ): { ok: true; rate?: string; usd?: string } | { ok: false; reason: string };
}

const RATE_SCALE = 12;
const RATE_ONE = 10n ** BigInt(RATE_SCALE);

/** A rate as `mant × 10^exp` with `mant` a safe integer (or -1 when it is not), next to its bigint form. */
export interface CachedRate {
  big: bigint;
  mant: number;
  exp: number;
}

export class UsdConverter {
  private readonly cache = new Map<string, CachedRate | string>();
  /** Reasons for every currency/day that had no rate (first occurrence each). */
  readonly missing = new Map<string, string>();
  missingCount = 0;
  /** Amounts that had no rate, by currency (the figures a report qualifies: "+14 transfers in KZT without a rate"). */
  readonly missingByCurrency = new Map<string, number>();

  constructor(private readonly source: RateSource) {}

  /** Micro-USD of `amount` `currency` at `at` (ISO timestamp or date), or null when no rate exists. */
  toMicro(amount: string, currency: string, at: string): bigint | null {
    const day = at.slice(0, 10);
    const key = `${currency}|${day}`;
    let rate = this.cache.get(key);
    if (rate === undefined) {
      rate = this.lookup(currency, day);
      this.cache.set(key, rate);
    }
    if (typeof rate === 'string') {
      this.noteMissing(currency, day, rate);
      return null;
    }
    const fast = rate.mant >= 0 ? fastMicro(amount, rate.mant, rate.exp) : null;
    return fast ?? exactMicro(amount, rate.big);
  }

  /**
   * The rate `toMicro` uses for `currency` on `day` (YYYY-MM-DD), or the reason there is none; with
   * `microOfUnits` and `noteMissing` it converts a column of amounts without a text or a key per amount.
   */
  rateOn(currency: string, day: string): CachedRate | string {
    const key = `${currency}|${day}`;
    let rate = this.cache.get(key);
    if (rate === undefined) {
      rate = this.lookup(currency, day);
      this.cache.set(key, rate);
    }
    return rate;
  }

  /** Counts one amount that had no rate, as `toMicro` does when it returns null. */
  noteMissing(currency: string, day: string, reason: string): void {
    this.missingCount++;
    this.missingByCurrency.set(currency, (this.missingByCurrency.get(currency) ?? 0) + 1);
    const key = `${currency}|${day}`;
    if (!this.missing.has(key)) this.missing.set(key, reason);
  }

  private lookup(currency: string, day: string): CachedRate | string {
    if (currency === 'USD') return cachedRate(RATE_ONE);
    const r = this.source.toUsd('1', currency, day);
    if (!r.ok) return r.reason;
    const rate = r.rate ?? r.usd;
    if (rate === undefined) return `rate source gave no rate for ${currency} on ${day}`;
    const [u, s] = decimalToUnits(rate);
    return cachedRate(
      s <= RATE_SCALE ? u * 10n ** BigInt(RATE_SCALE - s) : divRound(u, 10n ** BigInt(s - RATE_SCALE)),
    );
  }
}

function cachedRate(big: bigint): CachedRate {
  let m = big;
  let exp = -RATE_SCALE;
  while (m !== 0n && m % 10n === 0n) {
    m /= 10n;
    exp++;
  }
  const abs = m < 0n ? -m : m;
  return { big, mant: abs <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(m) : -1, exp };
}

/** micro = units / 10^scale × rate / 10^12 × 10^6, rounded half away from zero — in BigInt. */
export function exactMicro(amount: string, rate: bigint): bigint {
  const [units, scale] = decimalToUnits(amount);
  return divRound(units * rate, pow10(scale + RATE_SCALE - 6));
}

const POW10_NUM = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The same value as `exactMicro` in doubles, or null when any step could leave the safe-integer range:
 * with the rate as `mant × 10^exp`, micro = units × mant × 10^(6 + exp − scale), and a division by a power
 * of ten is done as an exact integer division with the remainder deciding the rounding.
 */
function fastMicro(amount: string, mant: number, exp: number): bigint | null {
  let i = 0;
  let neg = false;
  const c0 = amount.charCodeAt(0);
  if (c0 === 45 /* - */ || c0 === 43 /* + */) {
    neg = c0 === 45;
    i = 1;
  }
  let units = 0;
  let digits = 0;
  let scale = -1;
  for (; i < amount.length; i++) {
    const c = amount.charCodeAt(i);
    if (c === 46 /* . */ && scale < 0) {
      scale = 0;
      continue;
    }
    if (c < 48 || c > 57 || ++digits > 15) return null;
    units = units * 10 + (c - 48);
    if (scale >= 0) scale++;
  }
  if (digits === 0) return null;
  if (scale < 0) scale = 0;
  const p = units * mant;
  if (p > Number.MAX_SAFE_INTEGER) return null;
  const e = 6 + exp - scale;
  let q: number;
  if (e >= 0) {
    if (e > 22) return null;
    q = p * POW10_NUM[e]!;
    if (q > Number.MAX_SAFE_INTEGER) return null;
  } else {
    if (-e > 22) return null;
    const d = POW10_NUM[-e]!;
    const rem = p % d;
    q = (p - rem) / d + (2 * rem >= d ? 1 : 0);
  }
  return BigInt(neg && q !== 0 ? -q : q);
}

/**
 * Micro-USD of `units × 10^−scale` at `rate`: the value `toMicro` gives for that decimal, as a double when
 * it is a safe integer (exact), else NaN — then `exactMicroOfUnits` gives it as a bigint.
 */
export function microOfUnits(units: number, scale: number, rate: CachedRate): number {
  if (rate.mant < 0 || !(Math.abs(units) <= 999_999_999_999_999)) return Number.NaN;
  const neg = units < 0;
  const p = (neg ? -units : units) * rate.mant;
  if (p > Number.MAX_SAFE_INTEGER) return Number.NaN;
  const e = 6 + rate.exp - scale;
  let q: number;
  if (e >= 0) {
    if (e > 22) return Number.NaN;
    q = p * POW10_NUM[e]!;
    if (q > Number.MAX_SAFE_INTEGER) return Number.NaN;
  } else {
    if (-e > 22) return Number.NaN;
    const d = POW10_NUM[-e]!;
    const rem = p % d;
    q = (p - rem) / d + (2 * rem >= d ? 1 : 0);
  }
  return neg && q !== 0 ? -q : q;
}

/** `exactMicro` of `units × 10^−scale` (units an integer). */
export function exactMicroOfUnits(units: bigint, scale: number, rate: bigint): bigint {
  return divRound(units * rate, pow10(scale + RATE_SCALE - 6));
}

export function decimalToUnits(text: string): [bigint, number] {
  const neg = text.startsWith('-');
  const t = neg || text.startsWith('+') ? text.slice(1) : text;
  const dot = t.indexOf('.');
  const digits = dot < 0 ? t : t.slice(0, dot) + t.slice(dot + 1);
  const scale = dot < 0 ? 0 : t.length - dot - 1;
  const v = BigInt(digits === '' ? '0' : digits);
  return [neg ? -v : v, scale];
}

const POW10: bigint[] = [];
for (let i = 0; i <= 40; i++) POW10.push(10n ** BigInt(i));
function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

function divRound(num: bigint, den: bigint): bigint {
  const neg = num < 0n;
  const a = neg ? -num : num;
  const q = (a + den / 2n) / den;
  return neg ? -q : q;
}

/** Micro-USD → USD number rounded to cents (half away from zero), for output only. */
export function microToUsd(micro: bigint): number {
  const cents = divRound(micro, 10_000n);
  return Number(cents) / 100;
}

/**
 * A plain rate table over `{ date, currency, usdPerUnit }` rows: same-day rate, else the latest earlier
 * rate within `maxStaleDays`. Used when no FxTable is injected (tests, small tools).
 */
export function rateTable(
  rows: Iterable<{ date: string; currency: string; usdPerUnit: string }>,
  maxStaleDays = 3,
): RateSource {
  const by = new Map<string, Array<{ date: string; rate: string }>>();
  for (const r of rows) {
    const list = by.get(r.currency) ?? [];
    list.push({ date: r.date.slice(0, 10), rate: r.usdPerUnit });
    by.set(r.currency, list);
  }
  for (const list of by.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return {
    toUsd(_amount, currency, at) {
      const day = at.slice(0, 10);
      const list = by.get(currency);
      if (!list)
        return {
          ok: false,
          reason: `no ${currency}→USD rate at all (needed on ${day}); add it to fx-rates.csv`,
        };
      let best: { date: string; rate: string } | undefined;
      for (const e of list) if (e.date <= day) best = e;
      if (best && (Date.parse(day) - Date.parse(best.date)) / 86_400_000 <= maxStaleDays) {
        return { ok: true, rate: best.rate };
      }
      return {
        ok: false,
        reason: `no ${currency}→USD rate on ${day} within ${maxStaleDays} days (nearest earlier: ${best?.date ?? 'none'})`,
      };
    },
  };
}
