import { readdirSync, readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The plain SQL files in `migrations/`, named `NNNN-name.sql`, in version order. */
export function migrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}-.+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.replace(/\.sql$/, ''),
      sql: readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8'),
    }));
}

/**
 * The storage format of the connection's database file (`[1, 3, 0]` for v1.3.0 and later files), or undefined
 * for an in-memory database.
 */
export async function storageVersion(conn: DuckDBConnection): Promise<number[] | undefined> {
  const rows = (
    await conn.runAndReadAll(
      `SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = current_database()`,
    )
  ).getRows();
  const m = /^v(\d+)\.(\d+)\.(\d+)/.exec(String(rows[0]?.[0] ?? ''));
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function older(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
}

/**
 * Applies every migration newer than the store's schema, each in its own transaction (idempotent). A migration
 * whose first line is `-- requires storage vX.Y.Z` changes only how rows are stored (a column's compression,
 * say): on an in-memory database or a file in an older storage format it is recorded and changes nothing.
 */
export async function migrate(conn: DuckDBConnection): Promise<number[]> {
  await conn.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
  );
  const reader = await conn.runAndReadAll('SELECT coalesce(max(version), 0) FROM schema_migrations');
  const current = Number(reader.getRows()[0]![0]);
  const applied: number[] = [];
  const storage = await storageVersion(conn);
  for (const m of migrations()) {
    if (m.version <= current) continue;
    const requires = /^-- requires storage v(\d+)\.(\d+)\.(\d+)/.exec(m.sql);
    const skip =
      requires !== null && (storage === undefined || older(storage, requires.slice(1, 4).map(Number)));
    await conn.run('BEGIN TRANSACTION');
    try {
      if (!skip) {
        const statements = await conn.extractStatements(m.sql);
        for (let i = 0; i < statements.count; i++) await (await statements.prepare(i)).run();
      }
      await conn.run('INSERT INTO schema_migrations VALUES ($1, $2, now())', [m.version, m.name]);
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
    }
    applied.push(m.version);
  }
  return applied;
}
