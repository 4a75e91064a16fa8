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

export class UsdConverter {
  private readonly cache = new Map<string, bigint | string>();
  /** Reasons for every currency/day that had no rate (first occurrence each). */
  readonly missing = new Map<string, string>();
  missingCount = 0;

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
      this.missingCount++;
      if (!this.missing.has(key)) this.missing.set(key, rate);
      return null;
    }
    const [units, scale] = decimalToUnits(amount);
    // micro = units / 10^scale * rate / 10^12 * 10^6, rounded half away from zero.
    const num = units * rate;
    return divRound(num, pow10(scale + RATE_SCALE - 6));
  }

  private lookup(currency: string, day: string): bigint | string {
    if (currency === 'USD') return RATE_ONE;
    const r = this.source.toUsd('1', currency, day);
    if (!r.ok) return r.reason;
    const rate = r.rate ?? r.usd;
    if (rate === undefined) return `rate source gave no rate for ${currency} on ${day}`;
    const [u, s] = decimalToUnits(rate);
    return s <= RATE_SCALE ? u * 10n ** BigInt(RATE_SCALE - s) : divRound(u, 10n ** BigInt(s - RATE_SCALE));
  }
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
