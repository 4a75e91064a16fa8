import type { AccountTransfer } from '@dragnet/core';
import { normalizeDecimal } from '@dragnet/core/store/normalize-row.ts';
import {
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
  INTEGER,
  LIST,
  listValue,
} from '@duckdb/node-api';
import { accountsInList } from './entity-queries.ts';
import { limitMemory } from './memory-limit.ts';

/*
 * A copy of the transfers clustered by account (docs/web.md, "API speed"). The lookup indexes find an
 * account's transfers but fetch them one row at a time (~30 ms of CPU for a dropper's 350 at ten million
 * transfers); here an account's rows lie together, sorted by account code, so DuckDB's zone maps skip every
 * row group but one or two and the read is a short range scan. Account text makes no useful zone map
 * (DuckDB keeps 8-byte prefixes, and every card starts `card:440`), hence the integer code per account.
 *
 * - dragnet_account_keys: account → aid (its rank in byte order) and its transfers (both sides), indexed
 *   by account;
 * - dragnet_account_rows: one row per transfer and side (a transfer to itself twice), ordered by
 *   (aid, side, seq), seq being the transfer's rowid, so insertion order within a side;
 * - dragnet_account_rows_meta: the format version and the number of transfers it was built from. Transfers
 *   are only ever appended (by an ingest), so a different count means the copy is stale.
 */

/** Bumped whenever the tables' layout changes: an older copy is rebuilt. */
const VERSION = 2;
const KEYS = 'dragnet_account_keys';
const ROWS = 'dragnet_account_rows';
const META = 'dragnet_account_rows_meta';
const EVIDENCE = 'dragnet_account_evidence';

/** Up to this many accounts go into the queries as literals; more are joined in one pass. */
const LITERAL_ACCOUNTS = 64;

/** Whether the clustered copy exists and was built from the transfers as they are now (~1 ms). */
export async function accountRowsFresh(conn: DuckDBConnection): Promise<boolean> {
  try {
    const reader = await conn.runAndReadAll(
      `SELECT version = ${VERSION} AND transfers = (SELECT count(*) FROM transfers) FROM ${META}`,
    );
    return reader.getRows()[0]?.[0] === true;
  } catch (err) {
    // Never built (or dropped): the lookup path answers.
    if (/does not exist/i.test((err as Error).message)) return false;
    throw err;
  }
}

/** DuckDB's memory limit while the copy is built (see buildAccountRows). */
const BUILD_MEMORY_LIMIT = '1GB';

/**
 * Builds the clustered copy unless it is fresh, in one transaction (readers keep seeing the previous copy, or
 * none, until it commits). Resolves with whether it built. About 1.5 min of two cores and +0.5 GB of disk at
 * ten million transfers (docs/web.md).
 */
export async function buildAccountRows(conn: DuckDBConnection): Promise<boolean> {
  if (await accountRowsFresh(conn)) return false;
  // `dragnet analyze` builds the copy beside the analysis, whose columns take ~2.9 GiB at ten million
  // transfers: DuckDB's default limit (80 % of RAM) let the build's sort add ~1 GiB on top; past this limit
  // it spills to disk instead.
  const restoreLimit = await limitMemory(conn, BUILD_MEMORY_LIMIT);
  await conn.run('BEGIN TRANSACTION');
  try {
    for (const t of [META, ROWS, EVIDENCE, KEYS]) await conn.run(`DROP TABLE IF EXISTS ${t}`);
    await conn.run(
      `CREATE TABLE ${KEYS} AS
       SELECT account, (row_number() OVER (ORDER BY account) - 1)::INTEGER AS aid, n::INTEGER AS transfers
       FROM (SELECT a AS account, count(*) AS n
             FROM (SELECT from_account AS a FROM transfers UNION ALL SELECT to_account FROM transfers)
             WHERE a IS NOT NULL GROUP BY a)
       ORDER BY account`,
    );
    await conn.run(`CREATE INDEX ${KEYS}_account ON ${KEYS} (account)`);
    await conn.run(
      `CREATE TABLE ${EVIDENCE} AS
       SELECT (row_number() OVER (ORDER BY evidence_id) - 1)::INTEGER AS ev, evidence_id
       FROM (SELECT DISTINCT evidence_id FROM transfers)`,
    );
    // Texts longer than DuckDB's 12 inline bytes (the other account, the 64-character evidence id) made
    // the sort's payload ~75 of its ~100 s of CPU at 10M (docs/web.md): they are codes here, looked up per
    // answer.
    await conn.run(
      `CREATE TABLE ${ROWS} AS SELECT * FROM (
         SELECT k.aid, 0::UTINYINT AS side, t.rowid AS seq, epoch_ms(t."timestamp") AS ms, t.amount,
                t.currency, o.aid AS other, e.ev, t.locator
         FROM transfers t JOIN ${KEYS} k ON k.account = t.to_account
           LEFT JOIN ${KEYS} o ON o.account = t.from_account JOIN ${EVIDENCE} e USING (evidence_id)
         UNION ALL
         SELECT k.aid, 1::UTINYINT, t.rowid, epoch_ms(t."timestamp"), t.amount, t.currency, o.aid, e.ev,
                t.locator
         FROM transfers t JOIN ${KEYS} k ON k.account = t.from_account
           LEFT JOIN ${KEYS} o ON o.account = t.to_account JOIN ${EVIDENCE} e USING (evidence_id))
       ORDER BY aid, side, seq`,
    );
    await conn.run(
      `CREATE TABLE ${META} AS SELECT ${VERSION}::INTEGER AS version, (SELECT count(*) FROM transfers) AS transfers`,
    );
    await conn.run('COMMIT');
    return true;
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await restoreLimit();
  }
}

/**
 * `Store.accountTransfers` over the clustered copy (callers check `accountRowsFresh` first): the same rows in
 * the same order as the lookup path, incoming then outgoing, each in insertion order.
 */
export async function* readAccountRows(
  conn: DuckDBConnection,
  accounts: readonly string[],
): AsyncIterable<AccountTransfer[]> {
  if (accounts.length === 0) return;
  const {
    inList,
    values: keyValues,
    types: keyTypes,
  } = accountsInList(accounts, accounts.length <= LITERAL_ACCOUNTS);
  const keys = await conn.runAndReadAll(
    `SELECT aid, account FROM ${KEYS} WHERE account IN ${inList}`,
    keyValues,
    keyTypes,
  );
  const accountOf = new Map<number, string>();
  for (const [aid, account] of keys.getRows()) accountOf.set(Number(aid), account as string);
  if (accountOf.size === 0) return;
  const aids = [...accountOf.keys()];

  // One JSON text per row: a native call and a string decode per row instead of per value.
  const columns = `r.aid, side, json_array(ms, CAST(amount AS VARCHAR), currency, o.account, e.evidence_id, locator)::VARCHAR`;
  const joins = `LEFT JOIN ${KEYS} o ON o.aid = r.other LEFT JOIN ${EVIDENCE} e ON e.ev = r.ev`;
  let sql: string;
  const values: DuckDBValue[] = [];
  const types: DuckDBType[] = [];
  if (aids.length <= LITERAL_ACCOUNTS) {
    // An equality on a literal code is what the zone maps can skip row groups on; an IN list or a join may not.
    sql = `SELECT seq, ${columns} FROM (${aids.map((aid) => `SELECT * FROM ${ROWS} WHERE aid = ${aid}`).join(' UNION ALL ')}) r
      ${joins} ORDER BY side, seq`;
  } else {
    values.push(listValue(aids));
    types.push(LIST(INTEGER));
    sql = `SELECT seq, ${columns} FROM (SELECT * FROM ${ROWS} WHERE aid IN (SELECT unnest($1))) r ${joins} ORDER BY side, seq`;
  }
  const result = await conn.stream(sql, values, types);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const aidColumn = chunk.getColumnVector(1);
    const sides = chunk.getColumnVector(2);
    const texts = chunk.getColumnVector(3);
    const batch: AccountTransfer[] = new Array(chunk.rowCount);
    for (let i = 0; i < chunk.rowCount; i++) {
      const [ms, amount, currency, other, evidenceId, locator] = JSON.parse(texts.getItem(i) as string) as [
        number,
        string,
        string,
        string | null,
        string,
        string,
      ];
      const account = accountOf.get(aidColumn.getItem(i) as number) ?? null;
      const incoming = sides.getItem(i) === 0;
      batch[i] = {
        side: incoming ? 'in' : 'out',
        timestamp: new Date(ms).toISOString(),
        amount: normalizeDecimal(amount),
        currency,
        fromAccount: incoming ? other : account,
        toAccount: incoming ? account : other,
        evidenceId,
        locator,
      };
    }
    yield batch;
  }
}

/** `Store.busyAccounts` from the keys of a fresh copy: no grouped pass over the transfers. */
export async function busyAccountsFromKeys(
  conn: DuckDBConnection,
  minTransfers: number,
  limit: number,
): Promise<Array<{ account: string; transfers: number }>> {
  const reader = await conn.runAndReadAll(
    `SELECT account, transfers FROM ${KEYS} WHERE transfers >= $1 ORDER BY transfers DESC, account LIMIT $2`,
    [minTransfers, limit],
    [INTEGER, INTEGER],
  );
  return reader.getRows().map(([a, n]) => ({ account: a as string, transfers: Number(n) }));
}
