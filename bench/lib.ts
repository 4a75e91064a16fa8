/** Helpers shared by the benchmarks (see bench/README.md for the output protocol). */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { luhnCheckDigit } from '../packages/core/src/generate/make-identifiers.ts';

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

/** A card number body completed with its Luhn check digit. */
export const luhnComplete = (body: string): string => body + String(luhnCheckDigit(body));

/** The q-quantile (nearest rank) of `xs`. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
}

/**
 * p50/p95 of `/api/entity` and `/api/entity/neighbours` over 100 requests cycling through `ids` (issue 7:
 * p95 < 100 ms), reported with p50 as the baseline column; `where` names the case in the bench name.
 */
/**
 * p95 of /api/entity and /api/entity/neighbours over 100 requests each; `pid` (the server's) adds its CPU
 * time to the notes, since wall time swings with the machine's load.
 */
export async function reportApiLatency(
  url: string,
  ids: readonly string[],
  where: string,
  pid?: number,
): Promise<void> {
  for (const [route, label] of [
    ['/api/entity?id=', 'entity'],
    ['/api/entity/neighbours?id=', 'neighbours'],
  ] as const) {
    const times: number[] = [];
    const cpu0 = processCpuSeconds(pid);
    for (let i = 0; i < 100; i++) {
      const id = ids[(i * 7) % ids.length]!;
      const t0 = performance.now();
      const res = await fetch(`${url}${route}${encodeURIComponent(id)}`);
      await res.arrayBuffer();
      times.push(performance.now() - t0);
      if (!res.ok) throw new Error(`${route}${id}: HTTP ${res.status}`);
    }
    const cpu = processCpuSeconds(pid) - cpu0;
    console.log(
      `${label}: p50 ${quantile(times, 0.5).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms` +
        `${Number.isNaN(cpu) ? '' : `, server CPU ${cpu.toFixed(2)} s`}, load ${loadavg()[0]!.toFixed(1)}`,
    );
    report({
      name: `API ${label} p95 (${where}, 100 req)`,
      unit: 'ms',
      ours: quantile(times, 0.95),
      baseline: quantile(times, 0.5),
      baselineName: 'p50',
      lowerIsBetter: true,
      target: '< 100',
    });
  }
}

/** User + system CPU seconds of a Linux process so far (NaN where /proc is not readable). */
export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
