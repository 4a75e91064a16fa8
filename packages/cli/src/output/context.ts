import type { OpenStore } from '@dragnet/services/case-folder.ts';
import { jsonSafe, terminalSafe } from './safe-text.ts';

/** What every command gets from the composition root (main.ts): no command imports an adapter itself. */
export interface CliContext {
  openStore: OpenStore;
  now: () => Date;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Starts the web workspace over a case (wired in main.ts). */
  serve?: (options: {
    caseDir: string;
    port: number;
    host: string;
  }) => Promise<{ url: string; close: () => Promise<void> }>;
  /** Starts building the web app in the background if it is missing (wired in main.ts). */
  prepareWeb?: () => Promise<unknown>;
}

export interface CommandResult {
  exitCode: number;
}

/** Exact JSON; the characters that could steer a terminal are `\u` escapes (safe-text.ts). */
export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(
    `${jsonSafe(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2))}\n`,
  );
}

/**
 * A line (or lines) of human-readable output. Control characters other than newline and tab are shown
 * as escapes whatever the caller passed; values from evidence should also go through `shown` so that a
 * newline in them cannot start a line of its own.
 */
export function say(ctx: CliContext, line: string): void {
  ctx.stdout.write(`${terminalSafe(line)}\n`);
}

export function log(ctx: CliContext, line: string): void {
  ctx.stderr.write(`${terminalSafe(line)}\n`);
}
