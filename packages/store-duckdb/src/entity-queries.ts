import type { AccountTransfer } from '@dragnet/core';
import { normalizeDecimal } from '@dragnet/core/store/normalize-row.ts';
import {
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
  LIST,
  listValue,
  VARCHAR,
} from '@duckdb/node-api';

/**
 * Up to this many accounts go into the query as literal values, which DuckDB answers from the lookup indexes
 * (`prepareLookups`); a longer list is joined against the whole table in one pass.
 */
const LITERAL_ACCOUNTS = 64;

/**
 * `Store.accountTransfers` on DuckDB: only the eight columns the entity views read. A lookup index finds
 * rows but fetches each of their columns separately, so a whole-row `scan` of a busy account costs several
 * times more than these columns.
 */
export async function* accountTransfers(
  conn: DuckDBConnection,
  accounts: readonly string[],
  options: { wholeTable?: boolean } = {},
): AsyncIterable<AccountTransfer[]> {
  if (accounts.length === 0) return;
  const values: DuckDBValue[] = [];
  const types: DuckDBType[] = [];
  let inList: string;
  if (accounts.length <= LITERAL_ACCOUNTS && !options.wholeTable) {
    inList = `(${accounts.map((a) => {
      values.push(a);
      types.push(VARCHAR);
      return `$${values.length}`;
    })})`;
  } else {
    values.push(listValue([...accounts]));
    types.push(LIST(VARCHAR));
    inList = '(SELECT unnest($1))';
  }
  const cols = `epoch_ms("timestamp") AS ms, CAST(amount AS VARCHAR) AS amount, currency, from_account, to_account,
    evidence_id, locator`;
  const sql = `SELECT * FROM (
      SELECT 0 AS side, rowid AS rid, ${cols} FROM transfers WHERE to_account IN ${inList}
      UNION ALL
      SELECT 1, rowid, ${cols} FROM transfers WHERE from_account IN ${inList})
    ORDER BY side, rid`;
  const result = await conn.stream(sql, values, types);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const rows = chunk.getRows();
    const batch: AccountTransfer[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      batch[i] = {
        side: r[0] === 0 ? 'in' : 'out',
        timestamp: new Date(Number(r[2] as bigint)).toISOString(),
        amount: normalizeDecimal(r[3] as string),
        currency: r[4] as string,
        fromAccount: r[5] as string | null,
        toAccount: r[6] as string | null,
        evidenceId: r[7] as string,
        locator: r[8] as string,
      };
    }
    yield batch;
  }
}

/** `Store.busyAccounts` on DuckDB: one grouped pass over both account columns. */
export async function busyAccounts(
  conn: DuckDBConnection,
  minTransfers: number,
  limit: number,
): Promise<Array<{ account: string; transfers: number }>> {
  const reader = await conn.runAndReadAll(
    `SELECT a, count(*) AS n FROM (SELECT from_account AS a FROM transfers UNION ALL SELECT to_account FROM transfers)
     WHERE a IS NOT NULL GROUP BY a HAVING count(*) >= ${safeCount(minTransfers)}
     ORDER BY n DESC, a LIMIT ${safeCount(limit)}`,
  );
  return reader.getRows().map(([a, n]) => ({ account: a as string, transfers: Number(n) }));
}

function safeCount(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`expected a non-negative integer, got ${n}`);
  return n;
}
