import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDuckDbStore } from './duckdb-store.ts';

const script = fileURLToPath(new URL('./test-support/crash-ingest.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dragnet-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the child and resolves once it printed `line`; rejects if it exits first. */
function startChild(db: string, mode: string, line: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, db, mode], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(`${line}\n`)) resolve(child);
    });
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('exit', (code, signal) => reject(new Error(`child exited early (${code ?? signal}): ${err}`)));
  });
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('DuckDB store crash safety', () => {
  it('a process killed mid-ingest leaves the case exactly as before, and the WAL replays', async () => {
    const db = join(dir, 'crash.duckdb');
    const child = await startChild(db, 'crash', 'writing');
    // The committed "before" ingest lives only in the WAL: reopening must replay it.
    expect(statSync(`${db}.wal`).size).toBeGreaterThan(0);
    await kill9(child);
    expect(existsSync(`${db}.staging`)).toBe(true);

    const store = await openDuckDbStore(db);
    try {
      expect(existsSync(`${db}.staging`)).toBe(false);
      const evidence = [];
      for await (const e of store.scan('evidence')) evidence.push(e);
      expect(evidence.map((e) => [e.id, e.accepted, e.quarantined])).toEqual([['before', 1000, 1]]);
      expect(await store.count('transfers')).toBe(1000);
      expect(await store.count('transfers', { where: { evidenceId: 'during' } })).toBe(0);
      expect(await store.count('issues')).toBe(1);
      const [last] = await (async () => {
        const rows = [];
        for await (const r of store.scan('transfers', { orderBy: ['amount'], descending: true, limit: 1 }))
          rows.push(r);
        return rows;
      })();
      expect(last?.amount).toBe('999.25');
      // Still writable after the crash.
      await store.ingest(
        {
          id: 'after',
          size: 1,
          originalName: 'a',
          path: 'a',
          storedPath: 'a',
          format: 'test',
          parserVersion: '1',
          source: null,
          ingestedAt: '2024-01-02T00:00:00.000Z',
        },
        async (sink) => {
          const hits = await sink.findTransfers({
            amount: '1.25',
            currency: 'KZT',
            from: '2024-01-01',
            to: '2025-01-01',
          });
          expect(hits.map((h) => h.evidenceId)).toEqual(['before']);
        },
      );
    } finally {
      await store.close();
    }
    const reopened = await openDuckDbStore(db);
    expect(await reopened.count('evidence')).toBe(2);
    await reopened.close();
  }, 120_000);

  it('a process killed with a bulk-loaded transfers.csv not yet committed leaves no row of it', async () => {
    const db = join(dir, 'bulk.duckdb');
    const child = await startChild(db, 'bulk', 'writing');
    await kill9(child);
    const store = await openDuckDbStore(db);
    try {
      const evidence = [];
      for await (const e of store.scan('evidence')) evidence.push(e);
      expect(evidence.map((e) => [e.id, e.accepted, e.quarantined])).toEqual([['before', 1000, 1]]);
      expect(await store.count('transfers')).toBe(1000);
      expect(await store.count('transfers', { where: { evidenceId: 'during' } })).toBe(0);
      expect(await store.count('issues')).toBe(1);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('refuses a case another process holds, with a clear message', async () => {
    const db = join(dir, 'held.duckdb');
    const child = await startChild(db, 'hold', 'open');
    try {
      await expect(openDuckDbStore(db)).rejects.toThrow(`case is open in another process: ${db}`);
    } finally {
      await kill9(child);
    }
    const store = await openDuckDbStore(db);
    await expect(openDuckDbStore(db)).rejects.toThrow(/already open in this process/);
    await store.close();
  }, 120_000);
});
