import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { applySettings } from './apply-settings.ts';

const SETTINGS = `SELECT name, value FROM duckdb_settings() WHERE name IN ('memory_limit', 'threads') ORDER BY name`;

describe('applySettings', () => {
  it('sets several for a stretch of work and puts them back; a name DuckDB lacks changes nothing', async () => {
    const conn = await (await DuckDBInstance.create(':memory:', { threads: '2' })).connect();
    await conn.run(`SET memory_limit = '2GiB'`);
    const settings = async () => (await conn.runAndReadAll(SETTINGS)).getRows();
    const restore = await applySettings(conn, { threads: '1', memory_limit: '64MiB' });
    expect(await settings()).toEqual([
      ['memory_limit', '64.0 MiB'],
      ['threads', '1'],
    ]);
    await restore();
    expect(await settings()).toEqual([
      ['memory_limit', '2.0 GiB'],
      ['threads', '2'],
    ]);
    await expect(applySettings(conn, { threads: '1', no_such_setting: 'x' })).rejects.toThrow(
      'DuckDB has no setting no_such_setting',
    );
    expect(await settings()).toEqual([
      ['memory_limit', '2.0 GiB'],
      ['threads', '2'],
    ]);
  });
});
