import { describe, expect, it } from 'vitest';
import { ProgressBar, shortenLeft } from './progress.ts';
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

describe('ProgressBar (ingest)', () => {
  it('labels the file by its path, cut from the left to fit the line, never its name cut short', () => {
    const out = sink(true);
    let t = 0;
    const bar = new ProgressBar(out.stream, true, () => t);
    t = 1000;
    bar.update('evidence/phones/phone2/ChatExport_1/result.json', 50, 100, 500);
    const line = out.text().replace(/^\r/, '');
    expect(line.length).toBe(79);
    expect(line.trimEnd()).toMatch(/ETA 1s {2}…\/ChatExport_1\/result\.json$/);
    bar.finish();
  });

  it('shortenLeft keeps the end, from a folder boundary when one is near', () => {
    expect(shortenLeft('ev/phone2/ChatExport_1/result.json', 40)).toBe('ev/phone2/ChatExport_1/result.json');
    expect(shortenLeft('ev/phone2/ChatExport_1/result.json', 33)).toBe('…/phone2/ChatExport_1/result.json');
    expect(shortenLeft('ev/phone2/ChatExport_1/result.json', 12)).toBe('…result.json');
    expect(shortenLeft('ev/phone2/ChatExport_1/result.json', 14)).toBe('…/result.json');
    expect(shortenLeft('abc', 1)).toBe('…');
  });
});
