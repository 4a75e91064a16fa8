import type { TransferColumnBatch } from '@dragnet/core';
import type { DuckDBConnection, DuckDBVector } from '@duckdb/node-api';

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

export async function* scanTransferColumns(conn: DuckDBConnection): AsyncIterable<TransferColumnBatch> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE dragnet_account_codes AS ${DICTIONARY}`);
  try {
    const accounts: string[] = [];
    const dict = await conn.stream('SELECT a FROM dragnet_account_codes ORDER BY code');
    for (;;) {
      const chunk = await dict.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const v = chunk.getColumnVector(0);
      for (let i = 0; i < chunk.rowCount; i++) accounts.push(v.getItem(i) as string);
    }
    const result = await conn.stream(`
      SELECT coalesce(fa.code, -1) AS f, coalesce(ta.code, -1) AS t, epoch_ms(tr."timestamp")::DOUBLE AS ts,
        CAST(json_array(tr.id, CAST(tr.amount AS VARCHAR), tr.currency, tr.channel, tr.evidence_id,
          tr.from_holder, tr.to_holder) AS VARCHAR) AS j
      FROM transfers tr
        LEFT JOIN dragnet_account_codes fa ON fa.a = tr.from_account
        LEFT JOIN dragnet_account_codes ta ON ta.a = tr.to_account
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
      const j = chunk.getColumnVector(3);
      for (let i = 0; i < n; i++) batch.rows[i] = JSON.parse(j.getItem(i) as string);
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
    await conn.run('DROP TABLE IF EXISTS dragnet_account_codes');
  }
}

function ints(v: DuckDBVector, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = v.getItem(i) as number;
  return out;
}

function doubles(v: DuckDBVector, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = v.getItem(i) as number;
  return out;
}
