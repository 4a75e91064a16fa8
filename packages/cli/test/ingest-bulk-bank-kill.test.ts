import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, luhnComplete, REPO, tempDir } from './helpers.ts';

/** A bank statement CSV over the 8 MiB bulk threshold (the bulk path of bank-table/bulk-bank-csv.ts). */
async function writeBigStatement(path: string, rows: number): Promise<void> {
  const cards = Array.from({ length: 500 }, (_, i) => luhnComplete(`440043${String(i).padStart(9, '0')}`));
  const out = createWriteStream(path);
  out.write('Дата операции;Сумма;Валюта;Отправитель/Получатель;Номер карты контрагента;Назначение\n');
  for (let i = 0; i < rows; i++) {
    const d = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
    const date = `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)} ${d.slice(11, 19)}`;
    const line = `${date};${i % 2 ? '-' : ''}${1 + (i % 97)} ${String(i % 1000).padStart(3, '0')},50;KZT;Имя ${i % 300};${cards[i % 500]};перевод ${i % 50}\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
}

describe('a killed ingest', () => {
  it('leaves the case exactly as before that file (kill -9 while DuckDB loads it)', async () => {
    const tmp = await tempDir();
    const dir = join(tmp, 'case');
    await cli('case', 'init', dir);
    expect((await cli('ingest', dir, join(REPO, 'examples/canonical'))).code).toBe(0);
    const before = JSON.parse((await cli('status', dir, '--json')).out);

    const big = join(tmp, 'statement-big.csv');
    await writeBigStatement(big, 130_000);
    const child = spawn(
      process.execPath,
      [join(REPO, 'packages/cli/bin/dragnet.js'), 'ingest', dir, big, '--json'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      const names = await readdir(join(dir, 'evidence'));
      if (names.length > before.evidence && !names.some((n) => n.startsWith('.incoming'))) break;
      if (Date.now() > deadline) throw new Error('ingest did not start');
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const after = JSON.parse((await cli('status', dir, '--json')).out);
    expect(after).toEqual(before);
    const again = await cli('ingest', dir, big, '--json');
    expect(again.code).toBe(0);
    const [file] = JSON.parse(again.out).files;
    expect(file.duplicate).toBe(false);
    expect(file.quarantined).toBe(0);
    // 130k transfers, 300 counterparty holders (name × card pairs repeat every 1500 rows), 1 statement.
    expect(file.accepted).toBeGreaterThan(130_000);
    const status = JSON.parse((await cli('status', dir, '--json')).out);
    expect(status.transfers - before.transfers).toBe(130_000);
  }, 240_000);

  it('removes the copy an ingest killed while copying left under its temporary name', async () => {
    const tmp = await tempDir();
    const dir = join(tmp, 'case');
    await cli('case', 'init', dir);
    const stale = join(dir, 'evidence', '.incoming-0123456789ab');
    await writeFile(stale, 'half a copy');
    expect((await cli('ingest', dir, join(REPO, 'examples/canonical'))).code).toBe(0);
    const names = await readdir(join(dir, 'evidence'));
    expect(names.some((n) => n.startsWith('.incoming'))).toBe(false);
    expect(names.length).toBeGreaterThan(0);
  });
});
