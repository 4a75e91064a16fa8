/**
 * The synthetic money graph of the analysis benchmarks: buyers pay droppers around the clock, droppers sweep
 * to collectors, the rest is ordinary card-to-card traffic. Deterministic for a seed.
 */
export interface SyntheticTransfer {
  i: number;
  ms: number;
  from: string;
  to: string;
  amount: number;
}

export function* syntheticTransfers(n: number, rnd: () => number): Generator<SyntheticTransfer> {
  const accounts = Math.max(1000, Math.floor(n / 10));
  const droppers = Math.floor(accounts / 100);
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < n; i++) {
    const ms = start + Math.floor((i / n) * 180 * 86_400_000);
    const r = rnd();
    if (r < 0.3) {
      const from = `card:b${Math.floor(rnd() * accounts)}`;
      const to = `card:d${Math.floor(rnd() * droppers)}`;
      yield { i, ms, from, to, amount: 5000 + Math.floor(rnd() * 20000) };
    } else if (r < 0.33) {
      const from = `card:d${Math.floor(rnd() * droppers)}`;
      const to = `card:c${Math.floor(rnd() * 50)}`;
      yield { i, ms, from, to, amount: 150000 + Math.floor(rnd() * 50000) };
    } else {
      const from = `card:b${Math.floor(rnd() * accounts)}`;
      const to = `card:b${Math.floor(rnd() * accounts)}`;
      yield { i, ms, from, to, amount: 1000 + Math.floor(rnd() * 50000) };
    }
  }
}
