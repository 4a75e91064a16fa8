import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteLiteral } from './table-codec.ts';

/**
 * Sets DuckDB's memory limit (one setting for the whole database) for a stretch of work and returns what puts the
 * previous one back; the restore never throws. With `onlyLower` a limit already at or below `limit` is left alone.
 * Bulk loads and big scans use it so that DuckDB spills instead of caching up to its default, 80 % of RAM.
 */
export async function limitMemory(
  conn: DuckDBConnection,
  limit: string,
  options: { onlyLower?: boolean } = {},
): Promise<() => Promise<void>> {
  const previous = (
    await conn.runAndReadAll(`SELECT value FROM duckdb_settings() WHERE name = 'memory_limit'`)
  ).getRows()[0]?.[0];
  if (options.onlyLower && !(typeof previous === 'string' && bytesOf(previous) > bytesOf(limit)))
    return async () => undefined;
  await conn.run(`SET memory_limit = ${quoteLiteral(limit)}`);
  return async () => {
    if (typeof previous === 'string')
      await conn.run(`SET memory_limit = ${quoteLiteral(previous)}`).catch(() => undefined);
  };
}

/** DuckDB's memory limit now, in bytes (NaN when it cannot be read). */
export async function memoryLimitBytes(conn: DuckDBConnection): Promise<number> {
  const value = (
    await conn.runAndReadAll(`SELECT value FROM duckdb_settings() WHERE name = 'memory_limit'`)
  ).getRows()[0]?.[0];
  return typeof value === 'string' ? bytesOf(value) : Number.NaN;
}

/** Bytes of a DuckDB size text (`512B`, `1.5 GiB`, `1GB`); NaN when it is none. */
export function bytesOf(text: string): number {
  const m = /^([\d.]+)\s*([KMGT]?)(i?)B$/i.exec(text.trim());
  if (!m) return Number.NaN;
  const power = ' KMGT'.indexOf(m[2]!.toUpperCase() || ' ');
  return Number(m[1]) * (m[3] ? 1024 : 1000) ** power;
}
