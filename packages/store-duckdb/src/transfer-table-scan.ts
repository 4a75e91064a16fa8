import type { TransferIdText, TransferTableBatch } from '@dragnet/core';
import type { DuckDBConnection, DuckDBVector } from '@duckdb/node-api';
import { limitMemory } from './memory-limit.ts';

/**
 * `Store.scanTransferTable`, `transferIds` and `firstTransferHolders` on DuckDB. The scan sends fixed-width
 * columns only: accounts, currencies, channels and evidence files coded in SQL (dictionaries sent with the
 * first batch), time as epoch microseconds, the amount as its 128-bit integer (turned into millionths in
 * JS), the insertion position. No ORDER BY: the reader sorts (a radix sort over the time column costs less than
 * DuckDB sorting ten million rows with their payload). Ids follow apart, as one text per 8,192 transfers
 * split in JS — one native call per 8,192 ids instead of one per id.
 */

/**
 * DuckDB's memory limit while the dictionaries and the joins run: by default it may hold 80% of RAM, and
 * the analysis needs the memory for its columns.
 */
const SCAN_MEMORY_LIMIT = '1GB';

const IDS_PER_TEXT = 8192;
/** Between ids in one text; a text whose split count is off (an id holding it) is read id by id. */
const SEPARATOR = '\x1f';

/** The insertion position `seq` as SQL over `transfers tr`: rowid from 0 when dense, else ranked. */
async function seqExpression(conn: DuckDBConnection): Promise<{ from: string; seq: string }> {
  const row = (
    await conn.runAndReadAll('SELECT min(rowid)::DOUBLE, max(rowid)::DOUBLE, count(*)::DOUBLE FROM transfers')
  ).getRows()[0];
  const [min, max, count] = (row ?? []).map(Number) as [number, number, number];
  if (count === 0 || max - min + 1 === count) return { from: 'transfers tr', seq: `(tr.rowid - ${min})` };
  // Rows were deleted at some time: rank them (a sort, but only then).
  return {
    from: '(SELECT *, row_number() OVER (ORDER BY rowid) - 1 AS dragnet_seq FROM transfers) tr',
    seq: 'tr.dragnet_seq',
  };
}

export async function* scanTransferTable(conn: DuckDBConnection): AsyncIterable<TransferTableBatch> {
  const restoreLimit = await limitMemory(conn, SCAN_MEMORY_LIMIT);
  const tables = ['dragnet_table_account_codes', 'dragnet_table_kind_codes'];
  try {
    const { from, seq } = await seqExpression(conn);
    // Codes in any order (no sort of a million account strings): the dictionary travels with the codes.
    await conn.run(`CREATE OR REPLACE TEMP TABLE dragnet_table_account_codes AS
      SELECT a, (row_number() OVER () - 1)::INTEGER AS code
      FROM (SELECT from_account AS a FROM transfers WHERE from_account IS NOT NULL
            UNION SELECT to_account FROM transfers WHERE to_account IS NOT NULL)`);
    // Currency, channel and evidence file together: one small join instead of three.
    await conn.run(`CREATE OR REPLACE TEMP TABLE dragnet_table_kind_codes AS
      SELECT *, (row_number() OVER () - 1)::INTEGER AS code
      FROM (SELECT DISTINCT currency, channel, evidence_id FROM transfers)`);
    const accounts = await texts(conn, 'SELECT a FROM dragnet_table_account_codes ORDER BY code');
    const kindRows = (
      await conn.runAndReadAll(
        'SELECT currency, channel, evidence_id FROM dragnet_table_kind_codes ORDER BY code',
      )
    ).getRows() as Array<[string, string, string | null]>;
    const currencies: string[] = [];
    const channels: string[] = [];
    const evidenceIds: string[] = [];
    const codeIn = (list: string[], index: Map<string, number>, v: string | null) => {
      if (v === null) return -1;
      let c = index.get(v);
      if (c === undefined) {
        c = list.length;
        list.push(v);
        index.set(v, c);
      }
      return c;
    };
    const cuIndex = new Map<string, number>();
    const chIndex = new Map<string, number>();
    const evIndex = new Map<string, number>();
    const kindCu = Int32Array.from(kindRows, (k) => codeIn(currencies, cuIndex, k[0]));
    const kindCh = Int32Array.from(kindRows, (k) => codeIn(channels, chIndex, k[1]));
    const kindEv = Int32Array.from(kindRows, (k) => codeIn(evidenceIds, evIndex, k[2]));
    const result = await conn.stream(`
      SELECT coalesce(fa.code, -1) AS f, coalesce(ta.code, -1) AS t,
        epoch_us(tr."timestamp")::DOUBLE AS us, k.code AS kind, tr.amount, (${seq})::DOUBLE AS seq
      FROM ${from}
        LEFT JOIN dragnet_table_account_codes fa ON fa.a = tr.from_account
        LEFT JOIN dragnet_table_account_codes ta ON ta.a = tr.to_account
        JOIN dragnet_table_kind_codes k ON k.currency = tr.currency AND k.channel = tr.channel
          AND k.evidence_id IS NOT DISTINCT FROM tr.evidence_id`);
    let first = true;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      const amountText = new Map<number, string>();
      const e6 = millionths(chunk.getColumnVector(4), n, amountText);
      const kind = ints(chunk.getColumnVector(3), n);
      const currency = new Int32Array(n);
      const channel = new Int32Array(n);
      const evidence = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const k = kind[i]!;
        currency[i] = kindCu[k]!;
        channel[i] = kindCh[k]!;
        evidence[i] = kindEv[k]!;
      }
      yield {
        accounts: first ? accounts : [],
        currencies: first ? currencies : [],
        channels: first ? channels : [],
        evidenceIds: first ? evidenceIds : [],
        length: n,
        from: ints(chunk.getColumnVector(0), n),
        to: ints(chunk.getColumnVector(1), n),
        tsMicros: doubles(chunk.getColumnVector(2), n),
        currency,
        channel,
        evidence,
        amountE6: e6,
        amountText,
        seq: doubles(chunk.getColumnVector(5), n),
      };
      first = false;
    }
  } finally {
    await restoreLimit();
    for (const t of tables) await conn.run(`DROP TABLE IF EXISTS ${t}`);
  }
}

export async function* transferIds(conn: DuckDBConnection): AsyncIterable<string[] | TransferIdText> {
  const { from, seq } = await seqExpression(conn);
  const result = await conn.stream(`
    SELECT (${seq}) // ${IDS_PER_TEXT} AS g, count(*)::INTEGER AS n,
      string_agg(tr.id, chr(${SEPARATOR.charCodeAt(0)}) ORDER BY ${seq}) AS ids,
      bool_or(contains(tr.id, chr(${SEPARATOR.charCodeAt(0)}))) AS odd
    FROM ${from} GROUP BY g ORDER BY g`);
  const odd: number[] = [];
  /** Groups not yet yielded, from group `done` on. */
  const parts: Array<string[] | TransferIdText> = [];
  let done = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const gv = chunk.getColumnVector(0);
    const nv = chunk.getColumnVector(1);
    const tv = chunk.getColumnVector(2);
    const ov = chunk.getColumnVector(3);
    for (let i = 0; i < chunk.rowCount; i++) {
      if (ov.getItem(i) === false)
        parts.push({ text: tv.getItem(i) as string, separator: SEPARATOR, count: nv.getItem(i) as number });
      else {
        odd.push(Number(gv.getItem(i)));
        parts.push([]);
      }
    }
    // Groups come in order; hold back only when one must be re-read id by id.
    if (odd.length === 0) {
      done += parts.length;
      yield* parts.splice(0);
    }
  }
  for (const g of odd)
    parts[g - done] = await texts(
      conn,
      `SELECT tr.id FROM ${from} WHERE (${seq}) // ${IDS_PER_TEXT} = ${g} ORDER BY ${seq}`,
    );
  yield* parts;
}

export async function* firstTransferHolders(
  conn: DuckDBConnection,
): AsyncIterable<Array<[account: string, holder: string]>> {
  const { from, seq } = await seqExpression(conn);
  const result = await conn.stream(`
    WITH sides AS (
      SELECT tr.from_account AS a, tr.from_holder AS h, epoch_us(tr."timestamp") AS us, ${seq} AS s, 0 AS side
      FROM ${from} WHERE tr.from_account IS NOT NULL AND tr.from_holder <> ''
      UNION ALL
      SELECT tr.to_account, tr.to_holder, epoch_us(tr."timestamp"), ${seq}, 1
      FROM ${from} WHERE tr.to_account IS NOT NULL AND tr.to_holder <> '')
    SELECT a, h FROM sides QUALIFY row_number() OVER (PARTITION BY a ORDER BY us, s, side) = 1
    ORDER BY us, s, side`);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const av = chunk.getColumnVector(0);
    const hv = chunk.getColumnVector(1);
    const out: Array<[string, string]> = [];
    for (let i = 0; i < chunk.rowCount; i++) out.push([av.getItem(i) as string, hv.getItem(i) as string]);
    yield out;
  }
}

/**
 * `amount` (DECIMAL(38,18): a 128-bit count of 10^-18) as millionths where that is exact and at most 15
 * digits, else NaN with the decimal text in `text`. Read from the vector's bytes: DuckDB's own rounding
 * test and 128-bit multiply cost more than the whole rest of the scan.
 */
function millionths(v: DuckDBVector, n: number, text: Map<number, string>): Float64Array {
  const out = new Float64Array(n);
  const view = (v as unknown as { dataView?: unknown }).dataView;
  const words =
    view instanceof DataView && view.byteLength >= n * 16 && view.byteOffset % 4 === 0 && LITTLE_ENDIAN
      ? new Uint32Array(view.buffer, view.byteOffset, n * 4)
      : null;
  const scaled = v as unknown as { getScaledValue(i: number): bigint | null };
  for (let i = 0; i < n; i++) {
    let e6 = Number.NaN;
    if (words !== null && words[4 * i + 3]! >>> 31 === 0) {
      // Non-negative: divide the four 32-bit words (high first) by 10^6 twice, remainders exact in doubles.
      let r = 0;
      let q3 = 0;
      let q2 = 0;
      let q1 = 0;
      let q0 = 0;
      for (let pass = 0; pass < 2 && r === 0; pass++) {
        const w3 = pass === 0 ? words[4 * i + 3]! : q3;
        const w2 = pass === 0 ? words[4 * i + 2]! : q2;
        const w1 = pass === 0 ? words[4 * i + 1]! : q1;
        const w0 = pass === 0 ? words[4 * i]! : q0;
        let c = w3;
        q3 = Math.floor(c / 1e6);
        c = (c - q3 * 1e6) * 4_294_967_296 + w2;
        q2 = Math.floor(c / 1e6);
        c = (c - q2 * 1e6) * 4_294_967_296 + w1;
        q1 = Math.floor(c / 1e6);
        c = (c - q1 * 1e6) * 4_294_967_296 + w0;
        q0 = Math.floor(c / 1e6);
        r = c - q0 * 1e6;
      }
      const value = q1 * 4_294_967_296 + q0;
      if (r === 0 && q3 === 0 && q2 === 0 && value <= 999_999_999_999_999) e6 = value;
    }
    if (Number.isNaN(e6)) {
      const units = scaled.getScaledValue(i);
      if (units !== null) text.set(i, decimalOf(units));
      else text.set(i, '0');
    }
    out[i] = e6;
  }
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A count of 10^-18 as the shortest exact decimal. */
function decimalOf(units: bigint): string {
  const neg = units < 0n;
  const digits = (neg ? -units : units).toString().padStart(19, '0');
  const frac = digits.slice(-18).replace(/0+$/, '');
  return `${neg ? '-' : ''}${digits.slice(0, -18)}${frac ? `.${frac}` : ''}`;
}

/** The first column of a query's rows, as strings. */
export async function texts(conn: DuckDBConnection, sql: string): Promise<string[]> {
  const out: string[] = [];
  const r = await conn.stream(sql);
  for (;;) {
    const chunk = await r.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const v = chunk.getColumnVector(0);
    for (let i = 0; i < chunk.rowCount; i++) out.push(v.getItem(i) as string);
  }
  return out;
}

/**
 * A copy of a numeric column without NULLs. The vector classes keep their values in a typed array
 * (`items`, private in the typings); where a version does not, values are read one by one.
 */
export function ints(v: DuckDBVector, n: number): Int32Array {
  const items = (v as unknown as { items?: unknown }).items;
  if (items instanceof Int32Array && items.length >= n) return items.slice(0, n);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = v.getItem(i) as number;
  return out;
}

export function doubles(v: DuckDBVector, n: number): Float64Array {
  const items = (v as unknown as { items?: unknown }).items;
  if (items instanceof Float64Array && items.length >= n) return items.slice(0, n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = v.getItem(i) as number;
  return out;
}
