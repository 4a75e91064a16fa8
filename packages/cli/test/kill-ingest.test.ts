import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, luhnComplete, REPO, tempDir } from './helpers.ts';

async function writeBigTransfers(path: string, rows: number): Promise<void> {
  const cards = Array.from(
    { length: 500 },
    (_, i) => `card:${luhnComplete(`440043${String(i).padStart(9, '0')}`)}`,
  );
  const out = createWriteStream(path);
  out.write(
    'tx_id,timestamp,amount,currency,from_account,to_account,from_holder,to_holder,channel,reference\n',
  );
  for (let i = 0; i < rows; i++) {
    const line = `k${i},2025-0${1 + (i % 9)}-1${i % 10}T1${i % 10}:00:00Z,${1000 + (i % 5000)}.50,KZT,${cards[i % 500]},${cards[(i * 7 + 3) % 500]},,,card2card,\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
}

describe('a killed ingest', () => {
  it('leaves the case exactly as before that file (kill -9 mid-file)', async () => {
    const tmp = await tempDir();
    const dir = join(tmp, 'case');
    await cli('case', 'init', dir);
    expect((await cli('ingest', dir, join(REPO, 'examples/canonical'))).code).toBe(0);
    const before = JSON.parse((await cli('status', dir, '--json')).out);

    const big = join(tmp, 'transfers-big.csv');
    await writeBigTransfers(big, 250_000);
    const child = spawn(
      process.execPath,
      [join(REPO, 'packages/cli/bin/dragnet.js'), 'ingest', dir, big, '--json'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // The content-addressed copy is complete before parsing starts; kill once it is there and parsing runs.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const names = await readdir(join(dir, 'evidence'));
      if (names.length > before.evidence && !names.some((n) => n.startsWith('.incoming'))) break;
      if (Date.now() > deadline) throw new Error('ingest did not start');
      await new Promise((r) => setTimeout(r, 20));
    }
    // The bulk path loads 250k plain rows in well under a second: kill soon after the copy.
    await new Promise((r) => setTimeout(r, 100));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    child.kill('SIGKILL');
    // If the ingest had already finished, the test would prove nothing.
    expect(await exited).toBe('SIGKILL');

    const after = JSON.parse((await cli('status', dir, '--json')).out);
    expect(after).toEqual(before);
    // The killed file's copy (renamed to its SHA-256 before the commit) is the register's no more: the next ingest,
    // of anything, removes it.
    const copies = async () => (await readdir(join(dir, 'evidence'))).filter((n) => /^[0-9a-f]{64}$/.test(n));
    expect((await copies()).length).toBe(before.evidence + 1);
    expect((await cli('ingest', dir, join(REPO, 'examples/canonical'))).code).toBe(0);
    expect((await copies()).length).toBe(before.evidence);
    // The same file ingests cleanly afterwards: nothing half-written blocks it.
    const again = await cli('ingest', dir, big, '--json');
    expect(again.code).toBe(0);
    const [file] = JSON.parse(again.out).files;
    expect(file.duplicate).toBe(false);
    expect(file.accepted).toBe(250_000);
  }, 180_000);
});
