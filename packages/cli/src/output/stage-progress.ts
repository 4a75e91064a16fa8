import { ProgressBar } from './progress.ts';

/**
 * Progress of a multi-stage job (`dragnet analyze`): a bar with rows/s and ETA while transfers load, then
 * the stage name, on a terminal only. With `timings` (DRAGNET_TIMINGS=1) each finished stage's wall time
 * is written as one line — also off a terminal, but never with --json.
 */
export class StageProgress {
  private readonly bar: ProgressBar;
  private current: string | null = null;
  private drawn = false;
  private cpuAtStart = process.cpuUsage();
  private started: number;
  readonly durations: Array<[string, number]> = [];

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly enabled: boolean,
    private readonly timings: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.bar = new ProgressBar(stream, enabled, now);
    this.started = now();
  }

  update(stage: string, done: number, total: number): void {
    if (stage !== this.current) this.next(stage);
    if (stage === 'transfers') this.bar.update('loading transfers', done, total, done);
  }

  finish(): void {
    this.next(null);
    this.bar.finish();
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }

  private next(stage: string | null): void {
    const t = this.now();
    if (this.current !== null) {
      this.durations.push([this.current, t - this.started]);
      if (this.enabled && this.timings) {
        this.bar.finish();
        // CPU next to wall time: on a busy machine the wall clock also counts other processes' turns.
        const cpu = process.cpuUsage(this.cpuAtStart);
        this.stream.write(
          `  ${this.current.padEnd(12)} ${((t - this.started) / 1000).toFixed(2)} s  (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)\n`,
        );
      }
    }
    this.current = stage;
    this.started = t;
    this.cpuAtStart = process.cpuUsage();
    if (stage !== null && stage !== 'transfers' && this.enabled && this.stream.isTTY) {
      const cols = this.stream.columns ?? 100;
      this.stream.write(`\r${`analysing: ${stage}…`.padEnd(cols - 1)}`);
      this.drawn = true;
    }
  }
}
