import type { FxRateRow } from '@dragnet/core';

const SCALE = 18;
const ONE = 10n ** BigInt(SCALE);

/** Decimal string → bigint scaled by 10^18 (exact; extra digits beyond 18 are cut). */
export function toScaled(value: string): bigint | null {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const frac = (m[3] ?? '').slice(0, SCALE).padEnd(SCALE, '0');
  const v = BigInt(m[2] || '0') * ONE + BigInt(frac || '0');
  return m[1] === '-' ? -v : v;
}

/** Cents as bigint → "1234.56". */
export function centsToString(cents: bigint): string {
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  return `${neg ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Stablecoins count as dollars when the case has no rate for them (stated in docs/web.md). */
const PEGGED = new Set(['USD', 'USDT', 'USDC']);
const DIV = ONE * ONE;
const HALF = DIV / 2n;

/**
 * Converts amounts to USD cents through the case's own rate table: same-day rate, else the latest
 * earlier one. For display aggregates (Sankey, timeline); the court figures come from the findings.
 */
export class UsdConverter {
  readonly #rates = new Map<string, Array<{ date: string; rate: bigint }>>();

  constructor(rows: Iterable<Pick<FxRateRow, 'date' | 'currency' | 'usdPerUnit'>>) {
    for (const r of rows) {
      const rate = toScaled(r.usdPerUnit);
      if (rate === null) continue;
      const list = this.#rates.get(r.currency.toUpperCase()) ?? [];
      list.push({ date: r.date.slice(0, 10), rate });
      this.#rates.set(r.currency.toUpperCase(), list);
    }
    for (const list of this.#rates.values())
      list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  /** The rate of a currency on a day (`${currency}|${day}`), remembered: a hub's transfers share few days. */
  readonly #rateOfDay = new Map<string, bigint | null>();

  /** USD cents, or null when no rate on or before that day exists. */
  toCents(amount: string, currency: string, timestamp: string): bigint | null {
    const value = toScaled(amount);
    if (value === null) return null;
    const key = `${currency}|${timestamp.slice(0, 10)}`;
    let rate = this.#rateOfDay.get(key);
    if (rate === undefined) {
      rate = this.#rateOn(currency, timestamp.slice(0, 10));
      // Bounded by currencies × days of the case.
      this.#rateOfDay.set(key, rate);
    }
    if (rate === null) return null;
    const product = value * rate * 100n; // scaled by 10^36 · 100
    const div = DIV;
    const half = HALF;
    return product >= 0n ? (product + half) / div : -((-product + half) / div);
  }

  #rateOn(currency: string, day: string): bigint | null {
    const cur = currency.toUpperCase();
    const list = this.#rates.get(cur);
    let rate: bigint | undefined;
    if (list) {
      for (const r of list) {
        if (r.date <= day) rate = r.rate;
        else break;
      }
    }
    if (rate === undefined && PEGGED.has(cur)) rate = ONE;
    return rate ?? null;
  }
}

/** bigint scaled by 10^18 → shortest exact decimal string. */
export function scaledToDecimal(v: bigint): string {
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const int = abs / ONE;
  const frac = (abs % ONE).toString().padStart(SCALE, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}
