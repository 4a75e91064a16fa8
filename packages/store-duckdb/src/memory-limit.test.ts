import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { bytesOf, limitMemory } from './memory-limit.ts';

async function limitOf(conn: Awaited<ReturnType<DuckDBInstance['connect']>>): Promise<number> {
  const r = await conn.runAndReadAll(`SELECT value FROM duckdb_settings() WHERE name = 'memory_limit'`);
  return bytesOf(r.getRows()[0]?.[0] as string);
}

describe('limitMemory', () => {
  it('sets the limit for a stretch of work and puts the previous one back', async () => {
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    await conn.run(`SET memory_limit = '2GiB'`);
    const restore = await limitMemory(conn, '512MiB');
    expect(await limitOf(conn)).toBe(512 * 1024 ** 2);
    await restore();
    expect(await limitOf(conn)).toBe(2 * 1024 ** 3);
  });

  it('with onlyLower leaves a limit already below the asked one', async () => {
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    await conn.run(`SET memory_limit = '256MiB'`);
    const restore = await limitMemory(conn, `${512 * 1024 ** 2}B`, { onlyLower: true });
    expect(await limitOf(conn)).toBe(256 * 1024 ** 2);
    await restore();
    expect(await limitOf(conn)).toBe(256 * 1024 ** 2);
  });

  it('reads DuckDB size texts', () => {
    expect(bytesOf('1GB')).toBe(1e9);
    expect(bytesOf('1.5 GiB')).toBe(1.5 * 1024 ** 3);
    expect(bytesOf('512B')).toBe(512);
    expect(bytesOf('lots')).toBeNaN();
  });
});
