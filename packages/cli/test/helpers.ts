import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openDuckDbStore } from '@dragnet/store-duckdb';
import { run } from '../src/cli.ts';
import { luhnCheckDigit } from '@dragnet/core/generate/make-identifiers.ts';

export const REPO = new URL('../../../', import.meta.url).pathname;
export const SHARED = new URL('../../../../shared/', import.meta.url).pathname;

export async function tempDir(prefix = 'dragnet-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Runs the CLI in-process with captured output. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
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
    stderr: sink((s) => (err += s)),
  });
  return { code, out, err };
}

/** A card number body completed with its Luhn check digit. */
export const luhnComplete = (body: string): string => body + String(luhnCheckDigit(body));
