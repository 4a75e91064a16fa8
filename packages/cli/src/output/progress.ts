import { shown } from './safe-text.ts';

/**
 * A one-line progress bar with throughput and ETA, drawn on stderr only when it is a terminal; silent
 * otherwise (and with --json), so scripts never see it.
 */
export class ProgressBar {
  private readonly started: number;
  private lastDraw = 0;
  private active = false;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly enabled: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = this.now();
  }

  update(label: string, done: number, total: number, records: number): void {
    if (!this.enabled || !this.stream.isTTY) return;
    const t = this.now();
    if (t - this.lastDraw < 100 && done < total) return;
    this.lastDraw = t;
    this.active = true;
    const secs = Math.max((t - this.started) / 1000, 0.001);
    const frac = total > 0 ? Math.min(done / total, 1) : 0;
    const rate = records / secs;
    const eta = frac > 0 ? (secs / frac) * (1 - frac) : 0;
    const width = 24;
    const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
    const head = `${bar} ${(frac * 100).toFixed(0).padStart(3)}%  ${formatCount(rate)} rows/s  ETA ${formatDuration(eta)}  `;
    const cols = this.stream.columns ?? 100;
    // The label is the file's path: cut from the left, so that its name and the folders nearest it stay.
    const line = head + shortenLeft(shown(label), cols - 1 - head.length);
    this.stream.write(`\r${line.slice(0, cols - 1).padEnd(cols - 1)}`);
  }

  finish(): void {
    if (this.active) this.stream.write('\n');
    this.active = false;
  }
}

/** `text` in at most `width` characters: its end, after `…` (and from a `/` where one is near). */
export function shortenLeft(text: string, width: number): string {
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  if (width <= 1) return width === 1 ? '…' : '';
  const tail = chars.slice(chars.length - (width - 1)).join('');
  const slash = tail.indexOf('/');
  return `…${slash > 0 && slash < tail.length / 2 ? tail.slice(slash) : tail}`;
}

export function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}

export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '--';
  if (s < 60) return `${s.toFixed(0)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}
