/**
 * Daily FX rates of the scenario (a seeded random walk) and the exact USD conversion the truth uses:
 * the rate published for the day, else the latest earlier published rate (the policy the money module
 * documents), so that a correct analyzer reproduces the truth to the cent.
 */
import type { Rng } from './prng.ts';
import type { ResolvedScenario } from './scenario.ts';

export const RATE_DECIMALS = 10;
const RATE_ONE = 10n ** BigInt(RATE_DECIMALS);

export const CURRENCY_SCALE: Record<string, number> = { KZT: 2, RUB: 2, USD: 2, USDT: 6, BTC: 8 };

const DENOMINATOR: Record<string, bigint> = Object.fromEntries(
  Object.entries(CURRENCY_SCALE).map(([c, scale]) => [c, 10n ** BigInt(scale) * RATE_ONE]),
);

export interface FxSeries {
  /** Per day index: usd per unit × 10^10, for every currency, whether published or not. */
  rates: Record<string, bigint[]>;
  /** Day indexes without published rates. */
  missing: Set<number>;
  /** The published rate in force on a day (same day or latest earlier published). */
  effective(currency: string, day: number): bigint;
  toUsdCents(amountMinor: bigint, currency: string, day: number): bigint;
}

export function buildFx(s: ResolvedScenario, rng: Rng): FxSeries {
  const rates: Record<string, bigint[]> = { KZT: [], RUB: [], BTC: [], USDT: [] };
  let kzt = s.fx.kztPerUsd;
  let rub = s.fx.rubPerUsd;
  let btc = s.fx.btcUsd;
  for (let d = 0; d < s.days; d++) {
    kzt *= 1 + (rng.float() - 0.48) * s.fx.volatility;
    rub *= 1 + (rng.float() - 0.5) * s.fx.volatility;
    btc *= 1 + (rng.float() - 0.49) * s.fx.volatility * 6;
    rates['KZT']?.push(BigInt(Math.round((1 / kzt) * 1e10)));
    rates['RUB']?.push(BigInt(Math.round((1 / rub) * 1e10)));
    rates['BTC']?.push(BigInt(Math.round(btc * 100)) * 10n ** 8n);
    rates['USDT']?.push(RATE_ONE);
  }
  const missing = new Set<number>();
  for (let i = 0; i < s.fx.missingDays && s.days > 10; i++) {
    const d = rng.int(1, s.days - 1);
    if (!missing.has(d - 1) || !missing.has(d - 2)) missing.add(d);
  }
  // The rate in force per day (same day, else the latest earlier published), computed once per currency.
  const inForce: Record<string, bigint[]> = {};
  for (const [currency, series] of Object.entries(rates)) {
    const arr: bigint[] = [];
    for (let d = 0; d < series.length; d++)
      arr.push(d > 0 && missing.has(d) ? (arr[d - 1] as bigint) : (series[d] as bigint));
    inForce[currency] = arr;
  }
  const effective = (currency: string, day: number): bigint => {
    const arr = inForce[currency];
    if (!arr) throw new Error(`no rate series for ${currency}`);
    return arr[Math.max(0, Math.min(day, arr.length - 1))] as bigint;
  };
  return {
    rates,
    missing,
    effective,
    toUsdCents(amountMinor, currency, day) {
      if (currency === 'USD') return amountMinor;
      const num = amountMinor * effective(currency, day) * 100n;
      const den = DENOMINATOR[currency] ?? 10n ** 2n * RATE_ONE;
      return (num * 2n + den) / (2n * den);
    },
  };
}

/** Decimal string of `units` with `scale` decimals ("12345", 2 → "123.45"). */
export function formatUnits(units: bigint, scale: number, trim = false): string {
  const neg = units < 0n;
  let s = (neg ? -units : units).toString();
  if (scale > 0) {
    s = s.padStart(scale + 1, '0');
    let frac = s.slice(-scale);
    const int = s.slice(0, -scale);
    if (trim) frac = frac.replace(/0+$/, '');
    s = frac ? `${int}.${frac}` : int;
  }
  return neg ? `-${s}` : s;
}
