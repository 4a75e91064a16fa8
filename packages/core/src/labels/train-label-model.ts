/**
 * Offline training of the label model (label-model.ts): L2-regularised logistic regression by full-batch
 * gradient descent over sparse binary features. Deterministic — no randomness, rows in the given order,
 * a fixed number of epochs — so the same sets give the same weights (`scripts/train-labels.ts` writes them
 * to label-model.json).
 */

export interface TrainRow {
  /** Names of the features present (binary). */
  x: readonly string[];
  y: boolean;
}

export interface TrainOptions {
  /** L2 penalty per row (λ/n is applied to the mean gradient); the bias is not penalised. */
  l2: number;
  epochs: number;
  /** Step of the mean-gradient descent. */
  rate: number;
  /** Features seen in fewer training rows than this get no weight (noise in a few hundred rows). */
  minCount: number;
  /** Weight of a positive row's loss (≥ 1 favours recall when positives are few). */
  positiveWeight: number;
  /** Weights smaller than this in magnitude are dropped (they change no decision; they only bloat the JSON). */
  prune: number;
}

export const TRAIN_DEFAULTS: TrainOptions = {
  l2: 1,
  epochs: 3000,
  rate: 0.5,
  minCount: 2,
  positiveWeight: 2,
  prune: 0.05,
};

export interface TrainedWeights {
  bias: number;
  weights: Map<string, number>;
}

export function trainLogistic(
  rows: readonly TrainRow[],
  opts: TrainOptions = TRAIN_DEFAULTS,
): TrainedWeights {
  const count = new Map<string, number>();
  for (const r of rows) for (const f of new Set(r.x)) count.set(f, (count.get(f) ?? 0) + 1);
  const names = [...count].filter(([, c]) => c >= opts.minCount).map(([f]) => f);
  names.sort();
  const index = new Map(names.map((f, i) => [f, i]));
  const xs = rows.map((r) => Int32Array.from(new Set(r.x.filter((f) => index.has(f))), (f) => index.get(f)!));
  const ys = rows.map((r) => (r.y ? 1 : 0));
  const rw = rows.map((r) => (r.y ? opts.positiveWeight : 1));
  let wsum = 0;
  for (const v of rw) wsum += v;
  const w = new Float64Array(names.length);
  const g = new Float64Array(names.length);
  let bias = 0;
  for (let e = 0; e < opts.epochs; e++) {
    g.fill(0);
    let gb = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      let z = bias;
      for (let k = 0; k < x.length; k++) z += w[x[k]!]!;
      const d = (1 / (1 + Math.exp(-z)) - ys[i]!) * rw[i]!;
      gb += d;
      for (let k = 0; k < x.length; k++) g[x[k]!]! += d;
    }
    bias -= (opts.rate * gb) / wsum;
    for (let j = 0; j < w.length; j++) w[j]! -= (opts.rate * (g[j]! + opts.l2 * w[j]!)) / wsum;
  }
  const weights = new Map<string, number>();
  for (let j = 0; j < names.length; j++) if (Math.abs(w[j]!) >= opts.prune) weights.set(names[j]!, w[j]!);
  return { bias, weights };
}

/** σ(bias + Σ weights) of a row's features. */
export function predict(m: TrainedWeights, x: readonly string[]): number {
  let z = m.bias;
  for (const f of new Set(x)) z += m.weights.get(f) ?? 0;
  return 1 / (1 + Math.exp(-z));
}
