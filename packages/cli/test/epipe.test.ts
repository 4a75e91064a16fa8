import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers.ts';

describe('dragnet writing into a closed pipe', () => {
  it('stops quietly with exit 0, like `dragnet --help | head -1`, instead of crashing with a trace', async () => {
    const child = spawn(process.execPath, [join(REPO, 'packages/cli/bin/dragnet.js'), '--help'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The reader goes away before the command writes anything.
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err).not.toMatch(/EPIPE|Unhandled|at /);
    expect(code).toBe(0);
  }, 60_000);
});
