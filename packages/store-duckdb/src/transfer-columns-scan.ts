import type { TransferColumnBatch } from '@dragnet/core';
import type { DuckDBConnection } from '@duckdb/node-api';
import { limitMemory } from './memory-limit.ts';
import { doubles, ints, texts } from './transfer-table-scan.ts';

/**
 * `Store.scanTransferColumns` on DuckDB. Accounts are coded in SQL (a sorted dictionary, sent whole with
 * the first batch) so JS never decodes or hashes an account string per transfer; the timestamp comes as
 * epoch milliseconds; the remaining text fields of a row come as one JSON array text, which `JSON.parse`
 * turns into strings faster than one binding call per value.
 */
const DICTIONARY = `
  SELECT a, (row_number() OVER (ORDER BY a) - 1)::INTEGER AS code
  FROM (SELECT from_account AS a FROM transfers WHERE from_account IS NOT NULL
        UNION SELECT to_account FROM transfers WHERE to_account IS NOT NULL)`;

/** Small dictionaries (currencies, channels, evidence files) as code tables, joined like the accounts. */
const SMALL = ['currency', 'channel', 'evidence_id'] as const;

/**
 * DuckDB's memory limit while the scan runs. It sorts all transfers before the first row comes out and by
 * default may hold 80% of RAM for that; the analysis needs the memory for its columns, and a sort past the
 * limit spills to disk.
 */
const SCAN_MEMORY_LIMIT = '1GB';

export async function* scanTransferColumns(conn: DuckDBConnection): AsyncIterable<TransferColumnBatch> {
  const restoreLimit = await limitMemory(conn, SCAN_MEMORY_LIMIT);
  await conn.run(`CREATE OR REPLACE TEMP TABLE dragnet_account_codes AS ${DICTIONARY}`);
  try {
    const accounts = await texts(conn, 'SELECT a FROM dragnet_account_codes ORDER BY code');
    const small: string[][] = [];
    for (const c of SMALL) {
      await conn.run(`CREATE OR REPLACE TEMP TABLE dragnet_${c}_codes AS
        SELECT v, (row_number() OVER (ORDER BY v) - 1)::INTEGER AS code FROM (SELECT DISTINCT ${c} AS v FROM transfers)`);
      small.push(await texts(conn, `SELECT v FROM dragnet_${c}_codes ORDER BY code`));
    }
    const [currencies, channels, evidence] = small as [string[], string[], string[]];
    // Amounts without the trailing zeros of DECIMAL(38,18): shorter text to decode and to parse.
    const result = await conn.stream(`
      SELECT coalesce(fa.code, -1) AS f, coalesce(ta.code, -1) AS t, epoch_ms(tr."timestamp")::DOUBLE AS ts,
        cu.code AS cu, ch.code AS ch, ev.code AS ev,
        CAST(json_array(tr.id, rtrim(rtrim(CAST(tr.amount AS VARCHAR), '0'), '.'), tr.from_holder, tr.to_holder)
          AS VARCHAR) AS j
      FROM transfers tr
        LEFT JOIN dragnet_account_codes fa ON fa.a = tr.from_account
        LEFT JOIN dragnet_account_codes ta ON ta.a = tr.to_account
        JOIN dragnet_currency_codes cu ON cu.v = tr.currency
        JOIN dragnet_channel_codes ch ON ch.v = tr.channel
        JOIN dragnet_evidence_id_codes ev ON ev.v = tr.evidence_id
      ORDER BY tr."timestamp" ASC, tr.rowid ASC`);
    let first = true;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      const batch: TransferColumnBatch = {
        accounts: first ? accounts : [],
        length: n,
        from: ints(chunk.getColumnVector(0), n),
        to: ints(chunk.getColumnVector(1), n),
        ts: doubles(chunk.getColumnVector(2), n),
        rows: new Array(n),
      };
      first = false;
      const cu = chunk.getColumnVector(3);
      const ch = chunk.getColumnVector(4);
      const ev = chunk.getColumnVector(5);
      const j = chunk.getColumnVector(6);
      for (let i = 0; i < n; i++) {
        const [id, amount, fromHolder, toHolder] = JSON.parse(j.getItem(i) as string) as [
          string,
          string,
          string | null,
          string | null,
        ];
        batch.rows[i] = [
          id,
          amount === '' ? '0' : amount,
          currencies[cu.getItem(i) as number]!,
          channels[ch.getItem(i) as number]!,
          evidence[ev.getItem(i) as number]!,
          fromHolder,
          toHolder,
        ];
      }
      yield batch;
    }
    if (first && accounts.length > 0)
      yield {
        accounts,
        length: 0,
        from: new Int32Array(0),
        to: new Int32Array(0),
        ts: new Float64Array(0),
        rows: [],
      };
  } finally {
    await restoreLimit();
    await conn.run('DROP TABLE IF EXISTS dragnet_account_codes');
    for (const c of SMALL) await conn.run(`DROP TABLE IF EXISTS dragnet_${c}_codes`);
  }
}
