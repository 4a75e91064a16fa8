import { snakeCase, TABLE_NAMES, TABLES } from '@dragnet/core/model/tables.ts';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { migrate, migrations } from './migrate.ts';
import { SQL_TYPES } from './table-codec.ts';

/** How information_schema spells the types of SQL_TYPES. */
const INFO_TYPE: Record<string, string> = { TIMESTAMPTZ: 'TIMESTAMP WITH TIME ZONE' };

async function schemaOf(): Promise<Map<string, Array<[string, string, boolean]>>> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    expect(await migrate(conn)).toEqual(migrations().map((m) => m.version));
    // A second run finds nothing to do.
    expect(await migrate(conn)).toEqual([]);
    const reader = await conn.runAndReadAll(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_schema = 'main' ORDER BY table_name, ordinal_position`,
    );
    const tables = new Map<string, Array<[string, string, boolean]>>();
    for (const [table, column, type, nullable] of reader.getRows() as string[][]) {
      const list = tables.get(table!) ?? [];
      list.push([column!, type!, nullable === 'YES']);
      tables.set(table!, list);
    }
    return tables;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe('migrations', () => {
  it('create exactly the tables and columns of the model (TABLES), in order, with their types', async () => {
    const schema = await schemaOf();
    expect([...schema.keys()].sort()).toEqual([...TABLE_NAMES, 'documents', 'schema_migrations'].sort());
    for (const table of TABLE_NAMES) {
      const expected = TABLES[table].columns.map((c): [string, string, boolean] => {
        const sql = SQL_TYPES[c.type];
        return [snakeCase(c.field), INFO_TYPE[sql] ?? sql, c.nullable !== false];
      });
      expect(schema.get(table), table).toEqual(expected);
    }
    expect(schema.get('documents')?.map((c) => c[0])).toEqual(['key', 'value', 'updated_at']);
  });

  it('are numbered files applied in order', () => {
    const list = migrations();
    expect(list[0]?.name).toBe('0001-initial');
    expect(list.map((m) => m.version)).toEqual([...list.map((m) => m.version)].sort((a, b) => a - b));
  });
});
