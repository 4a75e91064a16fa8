import { describe, expect, it } from 'vitest';
import { StageProgress } from './stage-progress.ts';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return {
    stream: Object.assign(
      { write: (c: string) => chunks.push(c) > 0, isTTY, columns: 80 },
      {},
    ) as unknown as NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    text: () => chunks.join(''),
  };
}

describe('StageProgress', () => {
  it('times each stage on the clock it is given and prints timings when asked', () => {
    let t = 0;
    const out = sink(false);
    const p = new StageProgress(out.stream, true, true, () => t);
    p.update('transfers', 0, 100);
    t = 1500;
    p.update('transfers', 100, 100);
    p.update('roles', 0, 100);
    t = 1750;
    p.finish();
    expect(p.durations).toEqual([
      ['transfers', 1500],
      ['roles', 250],
    ]);
    expect(out.text()).toContain('transfers    1.50 s');
    expect(out.text()).toContain('roles        0.25 s');
  });

  it('writes nothing when disabled (--json), even with timings', () => {
    const out = sink(true);
    const p = new StageProgress(out.stream, false, true, () => 0);
    p.update('transfers', 5, 10);
    p.update('roles', 0, 10);
    p.finish();
    expect(out.text()).toBe('');
  });

  it('draws a rows/s bar while loading transfers on a terminal', () => {
    let t = 0;
    const out = sink(true);
    const p = new StageProgress(out.stream, true, false, () => t);
    t = 2000;
    p.update('transfers', 50_000, 100_000);
    expect(out.text()).toMatch(/50%\s+25\.0k rows\/s\s+ETA 2s\s+loading transfers/);
    p.update('networks', 0, 100_000);
    expect(out.text()).toContain('analysing: networks…');
    p.finish();
    expect(out.text().endsWith('\n')).toBe(true);
  });
});
