import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteLiteral } from './table-codec.ts';

/**
 * Sets DuckDB settings (each one global to the database: every connection sees it) for a stretch of work and returns
 * what puts the previous values back; the restore never throws. A setting already at the value asked is left alone.
 * `limitMemory` (memory-limit.ts) is the one-setting form the bulk loads and scans use.
 */
export async function applySettings(
  conn: DuckDBConnection,
  values: Readonly<Record<string, string>>,
): Promise<() => Promise<void>> {
  const names = Object.keys(values);
  if (names.length === 0) return async () => undefined;
  const rows = (
    await conn.runAndReadAll(
      `SELECT name, value FROM duckdb_settings() WHERE name IN (${names.map(quoteLiteral).join(', ')})`,
    )
  ).getRows();
  const previous = new Map(rows.map(([name, value]) => [String(name), value]));
  const changed: Array<[string, string]> = [];
  try {
    for (const name of names) {
      const before = previous.get(name);
      if (typeof before !== 'string') throw new Error(`DuckDB has no setting ${name}`);
      if (before === values[name]) continue;
      await conn.run(`SET ${name} = ${quoteLiteral(values[name]!)}`);
      changed.push([name, before]);
    }
  } catch (err) {
    await restore(conn, changed);
    throw err;
  }
  return () => restore(conn, changed);
}

async function restore(conn: DuckDBConnection, changed: ReadonlyArray<[string, string]>): Promise<void> {
  for (const [name, value] of [...changed].reverse())
    await conn.run(`SET ${name} = ${quoteLiteral(value)}`).catch(() => undefined);
}
