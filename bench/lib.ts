/** Helpers shared by the benchmarks (see bench/README.md for the output protocol). */
export interface BenchLine {
  name: string;
  unit: string;
  ours: number;
  baseline: number | null;
  baselineName?: string;
  lowerIsBetter: boolean;
  target?: string;
}

export function report(line: BenchLine): void {
  process.stdout.write(`BENCH ${JSON.stringify(line)}\n`);
}

export async function timeIt<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { seconds: (performance.now() - t0) / 1000, value };
}

export const scale = (): number => Number(process.env['BENCH_SCALE'] ?? '1') || 1;

export function luhnComplete(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}
