import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderLosingPlan } from './bank-bulk-lines.ts';

describe('orderLosingPlan', () => {
  let dir = '';
  let csv = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dragnet-order-'));
    csv = join(dir, 'lines.csv');
    await writeFile(csv, Array.from({ length: 50 }, (_, i) => `01.01.2024;${i}; x`).join('\n'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const src = () =>
    `read_csv('${csv}', columns = {'r0': 'VARCHAR', 'r1': 'VARCHAR', 'r2': 'VARCHAR'}, header = false, auto_detect = false, delim = ';', quote = '', escape = '', new_line = '\\n')`;

  async function check(select: string, ordered = true): Promise<string | undefined> {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      await conn.run(`SET preserve_insertion_order = ${ordered}`);
      return await orderLosingPlan(conn, `CREATE TEMP TABLE t AS SELECT ${select} FROM ${src()}`);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  }

  it('accepts a projection over the reader, with the cheap end checks of the lines step', async () => {
    expect(
      await check(`r0, CASE WHEN contains(' ', r2[1:1]) OR ends_with(r2, ' ') THEN trim(r2) ELSE r2 END`),
    ).toBe(undefined);
  });

  it('refuses a plan with a join: an IN list of many values becomes one', async () => {
    const codes = Array.from({ length: 23 }, (_, i) => 9 + i * 300).join(', ');
    expect(await check(`r0, ord(r2) IN (${codes}) AS s`)).toMatch(/^a [A-Z_]*JOIN$/);
  });

  it('refuses an insert that does not keep insertion order', async () => {
    expect(await check('r0, r1', false)).toBe('not an order-keeping insert');
  });
});
