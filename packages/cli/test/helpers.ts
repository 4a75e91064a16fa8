import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll } from 'vitest';
import { openDuckDbStore } from '@dragnet/store-duckdb';
import { run } from '../src/cli.ts';
import { luhnCheckDigit } from '@dragnet/core/generate/make-identifiers.ts';

export const REPO = new URL('../../../', import.meta.url).pathname;
export const SHARED = new URL('../../../../shared/', import.meta.url).pathname;

/** Temporary folders made by `tempDir` in this test file: removed after its last test. */
const made: string[] = [];
afterAll(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

export async function tempDir(prefix = 'dragnet-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Runs the CLI in-process with captured output. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return cliWith({}, ...argv);
}

/** The CLI in-process, its stderr a terminal 100 columns wide (progress bars, the closing summary line). */
export async function cliOnTerminal(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return cliWith({ isTTY: true, columns: 100 }, ...argv);
}

async function cliWith(
  stderrIs: { isTTY?: boolean; columns?: number },
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (fn: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        fn(String(chunk));
        cb();
      },
    });
  const code = await run(argv, {
    openStore: (p) => openDuckDbStore(p),
    now: () => new Date('2026-01-15T10:00:00Z'),
    stdout: sink((s) => (out += s)),
    stderr: Object.assign(
      sink((s) => (err += s)),
      stderrIs,
    ),
  });
  return { code, out, err };
}

/** A card number body completed with its Luhn check digit. */
export const luhnComplete = (body: string): string => body + String(luhnCheckDigit(body));
