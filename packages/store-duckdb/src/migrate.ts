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

/** Applies every migration newer than the store's schema, each in its own transaction (idempotent). */
export async function migrate(conn: DuckDBConnection): Promise<number[]> {
  await conn.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
  );
  const reader = await conn.runAndReadAll('SELECT coalesce(max(version), 0) FROM schema_migrations');
  const current = Number(reader.getRows()[0]![0]);
  const applied: number[] = [];
  for (const m of migrations()) {
    if (m.version <= current) continue;
    await conn.run('BEGIN TRANSACTION');
    try {
      const statements = await conn.extractStatements(m.sql);
      for (let i = 0; i < statements.count; i++) await (await statements.prepare(i)).run();
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
