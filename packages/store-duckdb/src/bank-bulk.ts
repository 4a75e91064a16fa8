import type { IssueRow, RowOf, TableName, TransferRow } from '@dragnet/core';
import { pickSameTransfer, SAME_TRANSFER_DEFAULTS } from '@dragnet/core/matching/same-transfer.ts';
import {
  AMOUNT_ROLES,
  type BankCsvBulkLoad,
  type BankCsvBulkOptions,
  type BankCsvBulkPlan,
  COUNTERPARTY_ROLES,
  KEY_SEPARATOR,
  TEXT_PROPS,
} from '@dragnet/core/parsers/bank-table/bulk-bank-csv.ts';
import type { ColumnRole } from '@dragnet/core/parsers/bank-table/header-synonyms.ts';
import type { BalanceEntry } from '@dragnet/core/parsers/bank-table/table-statement.ts';
import { ACCOUNT_CANDIDATE_RE2 } from '@dragnet/core/extract/extract-identifiers.ts';
import { isStoreDecimal } from '@dragnet/core/store/normalize-row.ts';
import {
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
  INTEGER,
  LIST,
  listValue,
  VARCHAR,
} from '@duckdb/node-api';
import { amountPartsSql, amountWords, plainAmountsSql } from './bank-bulk-amounts.ts';
import {
  type BankWork,
  buildBankLines,
  cellOf,
  covers,
  joinedLine,
  LOAD_MEMORY_LIMIT,
  linesShape,
} from './bank-bulk-lines.ts';
import { limitMemory } from './memory-limit.ts';
import { castText, columnsOf, encode, quoteLiteral as lit, rowCodec, sqlColumn } from './table-codec.ts';

/**
 * The bulk path for a large tabular bank statement in CSV (core bank-table/bulk-bank-csv.ts): DuckDB reads
 * the file's lines into work tables beside the ingest transaction (an in-memory database of their own, read
 * in that transaction), and JS reads only what it must.
 * 1. The lines below the header go into a work table, split at the delimiter, every cell trimmed as
 *    JS `trim` trims. The table keeps the file's order (its `rowid`s, plus the blank lines the reader skips,
 *    are the physical line numbers), so its plan is checked first (`orderLosingPlan`: no join, an ordered
 *    insert). A line count other than the file's, a quote it cannot read or a CR in a data line ends the bulk
 *    path (`fallback`) before anything is stored.
 * 2. Odd rows (a field count other than the header's, a date cell that does not start with a digit) go
 *    through the parser's own row logic in JS, in file order.
 * 3. Each distinct date (other than `DD.MM.YYYY HH:MM[:SS]` and ISO 8601, which SQL reads exactly as JS does),
 *    amount cell combination (other than plain decimals, which SQL reads exactly as JS does:
 *    bank-bulk-amounts.ts), currency, status and counterparty cell combination (without the description, then
 *    with it only where the answer read it) is read once by the `TableStatement` methods; the results come
 *    back as small tables (DuckDB's appender) and are joined onto the rows.
 * 4. Sums, period and the first row without a currency, gathered in the pass that groups the rows by their
 *    counterparty cells, finish the statement in JS; transfers seen from the
 *    other end are found in SQL (same currency and amount within the candidate window) and picked in JS by
 *    `pickSameTransfer`, in file order, as the streaming path does.
 * 5. One INSERT per table, in the order the streaming path adds rows.
 */

/** Runs of empty lines mapped back by a CASE up to this many; by an ASOF join beyond. */
const CASE_SEGMENTS = 64;
/** SQL types of the counterparty map's columns other than text. */
const CP_MAP_TYPES: Record<string, string> = { credit: 'BOOLEAN', first: 'BIGINT', needs: 'BOOLEAN' };
/** Odd rows read in JS before the file goes to the streaming parser instead. */
const MAX_ODD_ROWS = 100_000;
/** Distinct values read in JS (per kind) before the file goes to the streaming parser instead. */
const MAX_JS_VALUES = 2_000_000;

/**
 * Distinct values of `expr` as one text, each value led by `v` and followed by U+0002 (which no line of a
 * bulk file holds: the scan and the transcoding turn such files away). One JS string is read several times
 * faster than a list of as many.
 */
function distinctText(expr: string): string {
  return `string_agg(DISTINCT 'v' || (${expr}), chr(2))`;
}

/** The values of a `distinctText` (none for NULL). */
function texts(v: DuckDBValue | undefined): string[] {
  if (v === null || v === undefined) return [];
  return (v as string).split('\u0002').map((x) => x.slice(1));
}

/** The first row of `sql`, or undefined when a text in it is too long for a JS string. */
async function readRow(conn: DuckDBConnection, sql: string): Promise<DuckDBValue[] | undefined> {
  try {
    return (await conn.runAndReadAll(sql)).getRows()[0];
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

/**
 * Loads the bank CSV at `path` (UTF-8, LF line ends) into the transaction open on `conn`, or answers
 * `fallback` with nothing stored.
 */
export async function bulkLoadBankCsv(
  conn: DuckDBConnection,
  work: BankWork,
  path: string,
  plan: BankCsvBulkPlan,
  options: BankCsvBulkOptions,
): Promise<BankCsvBulkLoad> {
  const tag = work.tag;
  /** A work table's qualified name (bank-bulk-lines.ts `BankWork`). */
  const temp = (name: string) => work.table(name);
  /** Tables `conn` makes after the transfers are written (it no longer sees new work tables then). */
  const temps: string[] = [];
  const local = (name: string) => {
    const t = `${tag}_${name}`;
    temps.push(t);
    return t;
  };
  let restoreLimit = async (): Promise<void> => undefined;
  let restoreOrder = false;
  let enumType: string | undefined;
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  const lap = (what: string) => {
    if (!process.env['DRAGNET_TIMINGS']) return;
    const t = performance.now();
    const c = process.cpuUsage(c0);
    console.error(
      `bank bulk: ${what} ${((t - t0) / 1000).toFixed(2)} s wall, ${((c.user + c.system) / 1e6).toFixed(2)} s CPU`,
    );
    t0 = t;
    c0 = process.cpuUsage();
  };
  try {
    restoreLimit = await limitMemory(conn, `${LOAD_MEMORY_LIMIT}B`, { onlyLower: true });
    const { width, columns } = plan;
    const cell = cellOf(plan);
    // The cells joined by KEY_SEPARATOR in one `concat` (a key is computed per row in two passes): the separators
    // and unmapped cells around a mapped one fold into one literal instead of a chain of `||`.
    const keyOf = (roles: readonly ColumnRole[], without?: ColumnRole): string => {
      const parts: string[] = [];
      let text = '';
      roles.forEach((role, i) => {
        if (i > 0) text += KEY_SEPARATOR;
        if (columns[role] === undefined || role === without) return;
        if (text !== '') parts.push(lit(text));
        text = '';
        parts.push(cell(role));
      });
      if (text !== '') parts.push(lit(text));
      return parts.length === 0 ? "''" : `concat(${parts.join(', ')})`;
    };
    const dateKey = keyOf(['date', 'time']);
    const amountKey = keyOf(AMOUNT_ROLES);
    // The counterparty's cells without the description (`k_cp`) and with it (`k_cpd`): see step 3.
    const cpKey = keyOf(COUNTERPARTY_ROLES, 'description');
    // A description is read for a card, IBAN or phone only (unless the file names the other side there): one in
    // which none can be found gives the answer of an empty one, the answer read without it. Most descriptions are
    // distinct, and each distinct key with one is read once in JS: only the rows with a candidate are.
    const descriptionCandidate =
      columns.description === undefined || plan.readers.namesFromDescription
        ? undefined
        : `regexp_matches(v.${cell('description')}, ${lit(ACCOUNT_CANDIDATE_RE2)})`;
    const cpdKey = keyOf(COUNTERPARTY_ROLES);

    // 1. The data lines (bank-bulk-lines.ts), unless they were read ahead as these options read them. The table's
    // rows are numbered from its first rowid (a base of its own): row number = rowid − base + 1. The reader skips
    // empty lines: row numbers become line numbers by adding the empty lines above (a CASE, or an ASOF join on the
    // row number at which each run of them starts).
    // The row order (hence the line numbers) rests on insertion order being preserved (set by the build).
    restoreOrder = true;
    const shape = linesShape(plan, options);
    const linesReadAhead = work.lines !== undefined && covers(work.lines.shape, shape);
    if (!linesReadAhead) {
      const why = await buildBankLines(work, path, plan, shape);
      if (why) return { fallback: why };
    }
    const lines = work.lines!.table;
    lap(linesReadAhead ? 'lines (read ahead)' : 'lines');
    // A line of the header's width that trimming left as it was is its cells joined again (`l` is NULL).
    const native = work.lines!.shape.native;
    const cellsOf = (v: string) => Array.from({ length: width }, (_, i) => `${v}c${i}`);
    const lineText = (v: string) =>
      `coalesce(${v}l, ${native ? joinedLine(cellsOf(v), plan.delimiter, native) : `concat_ws(${lit(plan.delimiter)}, ${cellsOf(v).join(', ')})`})`;
    const ids = (
      await work.conn.runAndReadAll(`SELECT min(rowid), max(rowid), count(*) FROM ${lines}`)
    ).getRows()[0]!;
    const total = Number(ids[2] as bigint);
    if (total > 0 && Number((ids[1] as bigint) - (ids[0] as bigint)) + 1 !== total)
      return { fallback: 'row ids of the lines table are not contiguous' };
    const r0 = `(x.rowid - ${total > 0 ? String(ids[0] as bigint) : '0'} + 1)`;
    const starts = new Map<number, number>();
    options.blankLines.forEach((b, k) => {
      starts.set(b - k, k + 1);
    });
    // Row number → line number: plus the empty lines above it.
    let lineOf = r0;
    let segJoin = '';
    if (starts.size > 0 && starts.size <= CASE_SEGMENTS) {
      const cases = [...starts].reverse().map(([start, k]) => `WHEN ${r0} >= ${start} THEN ${k}`);
      lineOf = `${r0} + CASE ${cases.join(' ')} ELSE 0 END`;
    } else if (starts.size > CASE_SEGMENTS) {
      const seg = temp('seg');
      await jsonTable(
        work.conn,
        seg,
        [
          ['s', 'BIGINT', [0, ...starts.keys()]],
          ['k', 'BIGINT', [0, ...starts.values()]],
        ],
        '*',
      );
      lineOf = `${r0} + seg.k`;
      segJoin = ` ASOF JOIN ${seg} seg ON ${r0} >= seg.s`;
    }
    // The data lines with their line numbers (`rid` addresses a row for UPDATE).
    const numbered = temp('v');
    await work.conn.run(
      `CREATE VIEW ${numbered} AS SELECT * FROM (
         SELECT ${lineOf} AS rn, x.rowid AS rid, x.* FROM ${lines} x${segJoin}) WHERE rn > ${plan.headerEnd}`,
    );
    const blankBelow = options.blankLines.filter((b) => b > plan.headerEnd);
    let lastLine = options.lines;
    for (let i = options.blankLines.length - 1; i >= 0 && options.blankLines[i] === lastLine; i--) lastLine--;
    const check = (
      await work.conn.runAndReadAll(
        `SELECT count(*), max(rn), count(*) FILTER (WHERE NOT reg), count(*) FILTER (WHERE qb) FROM ${numbered}`,
      )
    ).getRows()[0]!;
    const count = Number(check[0] as bigint);
    const last = check[1] === null ? plan.headerEnd : Number(check[1] as bigint);
    if (
      count !== options.lines - plan.headerEnd - blankBelow.length ||
      last !== Math.max(lastLine, plan.headerEnd)
    )
      return { fallback: `read ${count} lines up to ${last} where the file has ${options.lines}` };
    if (Number(check[3] as bigint) > 0) return { fallback: 'quoted fields the bulk path does not read' };
    if (Number(check[2] as bigint) > MAX_ODD_ROWS) return { fallback: 'many rows off the header layout' };

    lap('check');
    // Row numbers are fixed now: later passes sort by them where order matters, so DuckDB need not keep
    // the order of intermediate results (cheaper joins).
    await conn.run('SET preserve_insertion_order = false');
    restoreOrder = true;
    // 2. Odd rows, in file order.
    let oddIssues: IssueRow[] = [];
    if (Number(check[2] as bigint) > 0) {
      const odd = (
        await work.conn.runAndReadAll(`SELECT rn, ${lineText('')} FROM ${numbered} WHERE NOT reg ORDER BY rn`)
      ).getRows();
      const r = plan.readers.oddRows(
        odd.map((x) => ({ line: Number(x[0] as bigint), text: x[1] as string })),
        plan.delimiter,
      );
      if ('fallback' in r) return r;
      oddIssues = r.issues;
      if (r.promote.length > 0) {
        await work.conn.run(
          `UPDATE ${lines} SET reg = true WHERE rowid IN (SELECT rid FROM ${numbered} WHERE rn IN (SELECT unnest($1)))`,
          [listValue(r.promote)],
          [LIST(INTEGER)],
        );
      }
    }

    lap('odd');
    // 3. Distinct values through the parser's readers.
    // The keys are computed where they are read, not stored with the lines.
    const rowsView = `(SELECT *, ${dateKey} AS k_date, ${amountKey} AS k_amount, ${cpKey} AS k_cp, ${cpdKey} AS k_cpd FROM ${numbered} WHERE reg)`;
    // One pass gathers the distinct combinations of the cells read once each (amount, currency, status, and the
    // date where SQL did not read it). Amount keys: the plain ones read in SQL (bank-bulk-amounts.ts), the others
    // by the parser's reader below.
    const combos = temp('dx');
    await work.conn.run(
      `CREATE TABLE ${combos} AS SELECT DISTINCT CASE WHEN a_ok THEN NULL ELSE k_amount END AS k_amount,
         ${columns.currency === undefined ? 'NULL' : cell('currency')} AS cu,
         ${columns.status === undefined ? 'NULL' : cell('status')} AS st,
         CASE WHEN fast_ts IS NULL THEN k_date END AS dk
       FROM ${rowsView}`,
    );
    const amountKeyTable = temp('ak');
    const amountKeys0 = temp('ak0');
    const mappedAmounts = Object.fromEntries(AMOUNT_ROLES.map((r) => [r, columns[r] !== undefined]));
    await work.conn.run(
      `CREATE TABLE ${amountKeys0} AS ${amountPartsSql(`(SELECT DISTINCT k_amount AS k FROM ${combos} WHERE k_amount IS NOT NULL)`, mappedAmounts)}`,
    );
    const words = await amountWords(work.conn, amountKeys0, mappedAmounts, plan.readers);
    await work.conn.run(
      `CREATE TABLE ${amountKeyTable} AS ${plainAmountsSql(amountKeys0, mappedAmounts, words)}`,
    );
    const distinct = await readRow(
      work.conn,
      `SELECT ${distinctText('dk')}, (SELECT ${distinctText('k')} FROM ${amountKeyTable} WHERE NOT fast), NULL,
         ${distinctText('cu')}, ${distinctText('st')}
       FROM ${combos}`,
    );
    if (distinct === undefined) return { fallback: 'too many distinct values' };
    lap('distinct');
    const dateKeys = texts(distinct[0]);
    const amountKeys = texts(distinct[1]);
    if (Math.max(dateKeys.length, amountKeys.length) > MAX_JS_VALUES)
      return { fallback: 'too many distinct values' };
    const readers = plan.readers;

    const table = async (
      name: string,
      cols: Array<[string, string, unknown[]]>,
      select: string | ((raw: string) => string) = '*',
    ) => {
      const t = temp(name);
      await jsonTable(work.conn, t, cols, select);
      return t;
    };

    const dateIso: (string | null)[] = [];
    const dateErr: (string | null)[] = [];
    for (const k of dateKeys) {
      const r = readers.timestamp(k);
      if ('iso' in r) {
        // Years outside 1000–9999 do not print as the ISO text SQL compares days by.
        if (!/^[1-9]\d{3}-/.test(r.iso)) return { fallback: `date ${JSON.stringify(k)} out of range` };
        dateIso.push(r.iso);
        dateErr.push(null);
      } else {
        dateIso.push(null);
        dateErr.push(r.error);
      }
    }
    const dm = await table('dm', [
      ['k', 'VARCHAR', dateKeys],
      ['iso', 'VARCHAR', dateIso],
      ['err', 'VARCHAR', dateErr],
    ]);

    const am = { dir: [] as (string | null)[], amt: [] as (string | null)[], scale: [] as (number | null)[] };
    const amCcy: (string | null)[] = [];
    const amZero: (boolean | null)[] = [];
    const amErr: (string | null)[] = [];
    for (const k of amountKeys) {
      const r = readers.amount(k);
      if ('error' in r) {
        am.dir.push(null);
        am.amt.push(null);
        am.scale.push(null);
        amCcy.push(null);
        amZero.push(null);
        amErr.push(r.error);
        continue;
      }
      if (!isStoreDecimal(r.amount)) return { fallback: `amount ${r.amount} is beyond the store's decimals` };
      am.dir.push(r.direction);
      am.amt.push(r.amount);
      am.scale.push(r.scale);
      amCcy.push(r.currency);
      amZero.push(r.zero);
      amErr.push(null);
    }
    const amTable = await table(
      'am',
      [
        ['k', 'VARCHAR', amountKeys],
        ['dir', 'VARCHAR', am.dir],
        ['amt', 'VARCHAR', am.amt],
        ['scale', 'INTEGER', am.scale],
        ['ccy', 'VARCHAR', amCcy],
        ['zero', 'BOOLEAN', amZero],
        ['err', 'VARCHAR', amErr],
      ],
      (js) => `SELECT *, dragnet_decimal(amt) AS dec FROM (
         SELECT k, dir, amt, scale, ccy, zero, NULL::VARCHAR AS err FROM ${amountKeyTable} WHERE fast
         UNION ALL SELECT * FROM ${js})`,
    );
    // Each counterparty value is read for the directions its rows have (most have one), not for both: each
    // key comes led by those directions (`c` credit, `d` debit, `b` both) and its first stored row (not
    // quarantined, amount not zero) as a credit and as a debit: `b12,40,<key>`. The first rows are the rows a
    // holder record names (step 5), so the totals need no pass per counterparty.
    // An empty map (every date, or every amount, read in SQL: the usual file) is not joined: its columns are NULL. A
    // join with nothing to find still computes each row's key and probes for it, in every pass over the rows.
    const dmEmpty = dateKeys.length === 0;
    const amEmpty =
      Number(
        (await work.conn.runAndReadAll(`SELECT count(*) FROM ${amTable}`)).getRows()[0]![0] as bigint,
      ) === 0;
    const dmCol = (c: string) => (dmEmpty ? 'NULL::VARCHAR' : `dm.${c}`);
    const amCol = (c: string, type: string) => (amEmpty ? `NULL::${type}` : `am.${c}`);
    // A row's amount: read where its line was read (`a_ok`, bank-bulk-lines.ts), else looked up by its key.
    const A = {
      dir: `coalesce(CASE WHEN v.a_ok THEN CASE WHEN v.a_debit THEN 'debit' ELSE 'credit' END END, ${amCol('dir', 'VARCHAR')})`,
      dec: `coalesce(v.a_dec::DECIMAL(38,18), ${amCol('dec', 'DECIMAL(38,18)')})`,
      scale: `coalesce(v.a_scale, ${amCol('scale', 'INTEGER')})`,
      zero: `coalesce(v.a_dec = 0, ${amCol('zero', 'BOOLEAN')})`,
      ccy: `coalesce(v.a_ccy, ${amCol('ccy', 'VARCHAR')})`,
    };
    const amKey = 'CASE WHEN v.a_ok THEN NULL ELSE v.k_amount END';
    const dmJoin = dmEmpty ? '' : `LEFT JOIN ${dm} dm ON dm.k = v.k_date`;
    const amJoin = (table: string) => (amEmpty ? '' : `LEFT JOIN ${table} am ON am.k = ${amKey}`);
    const stored = `NOT ${A.zero} AND (v.fast_ts IS NOT NULL OR ${dmCol('iso')} IS NOT NULL)`;
    // A row's quarantine reason (its date's, else its amount's) and then its line's text.
    const rowError = `CASE WHEN v.fast_ts IS NULL AND ${dmCol('iso')} IS NULL THEN ${dmCol('err')} ELSE ${amCol('err', 'VARCHAR')} END`;
    const rowLine = `CASE WHEN v.fast_ts IS NULL AND ${dmCol('iso')} IS NULL OR ${amCol('err', 'VARCHAR')} IS NOT NULL THEN ${lineText('v.')} END`;
    // Read as rows, chunk by chunk: one text of them all (as for the other maps) outgrew DuckDB's memory limit on
    // a file whose counterparties are named only in distinct descriptions (1M keys).
    const ledKey = `concat(CASE WHEN c AND d THEN 'b' WHEN c THEN 'c' ELSE 'd' END, fc, ',', fd, ',', k)`;
    const ledKeys = (key: string, join = ''): Promise<string[]> =>
      streamKeys(
        `SELECT ${ledKey} FROM (
           SELECT ${key} AS k, bool_or(${A.dir} = 'credit') AS c, bool_or(${A.dir} = 'debit') AS d,
             min(v.rn) FILTER (WHERE ${A.dir} = 'credit' AND ${stored}) AS fc,
             min(v.rn) FILTER (WHERE ${A.dir} = 'debit' AND ${stored}) AS fd
           FROM ${rowsView} v ${amJoin(amTable)} ${dmJoin}${join}
           WHERE ${A.dir} IS NOT NULL GROUP BY ALL)`,
      );
    const streamKeys = async (sql: string): Promise<string[]> => {
      const result = await work.conn.stream(sql);
      const keys: string[] = [];
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        for (const k of chunk.getColumnValues(0)) keys.push(k as string);
        if (keys.length > MAX_JS_VALUES) break;
      }
      return keys;
    };
    /** The counterparty map's columns for led keys; `needs`: the key/direction pairs whose answer read the description. */
    const readCounterparties = (keys: readonly string[]) => {
      const cols = {
        k: [] as string[],
        credit: [] as boolean[],
        own: [] as (string | null)[],
        cp: [] as (string | null)[],
        hname: [] as (string | null)[],
        channel: [] as (string | null)[],
        props: [] as (string | null)[],
        hacc: [] as (string | null)[],
        hn: [] as (string | null)[],
        hiin: [] as (string | null)[],
        first: [] as (number | null)[],
        needs: [] as boolean[],
      };
      const rowNumber = (x: string) => (x === '' ? null : Number(x));
      for (const one of keys) {
        const c1 = one.indexOf(',');
        const c2 = one.indexOf(',', c1 + 1);
        const k = one.slice(c2 + 1);
        for (const credit of [true, false]) {
          if (one[0] === (credit ? 'd' : 'c')) continue;
          const r = readers.counterparty(k, credit);
          cols.k.push(k);
          cols.credit.push(credit);
          cols.needs.push(r.usesDescription);
          cols.own.push(r.own);
          cols.cp.push(r.counterparty);
          cols.hname.push(r.holderName);
          cols.channel.push(r.channel);
          cols.props.push(r.props);
          cols.hacc.push(r.holder?.account ?? null);
          cols.hn.push(r.holder?.name ?? null);
          cols.hiin.push(r.holder?.iin ?? null);
          cols.first.push(rowNumber(credit ? one.slice(1, c1) : one.slice(c1 + 1, c2)));
        }
      }
      return cols;
    };
    const cpTable = (name: string, cols: ReturnType<typeof readCounterparties>) =>
      table(
        name,
        Object.entries(cols).map(([c, values]): [string, string, unknown[]] => [
          c,
          CP_MAP_TYPES[c] ?? 'VARCHAR',
          values,
        ]),
      );
    // The value look-ups of a row; the counterparty's comes last (it reads the amount's direction) and only the
    // transfers need it.
    const joins: string[] = [
      // The map holds only keys whose rows SQL could not read (`fast_ts` is a function of the key): an
      // equality join, not one with a condition on the row (which DuckDB plans as a nested loop).
      dmJoin,
      amJoin(amTable),
    ];
    let cuJoin = -1;
    let cuTable: string | undefined;
    let currency = 'NULL';
    if (columns.currency !== undefined) {
      const cells = texts(distinct[3]);
      const cu = await table('cu', [
        ['k', 'VARCHAR', cells],
        ['code', 'VARCHAR', cells.map((c) => readers.currency(c))],
      ]);
      cuTable = cu;
      cuJoin = joins.push(`LEFT JOIN ${cu} cu ON cu.k = v.${cell('currency')}`) - 1;
      currency = 'cu.code';
    }
    let failed = 'false';
    if (columns.status !== undefined) {
      const cells = texts(distinct[4]);
      const st = await table('st', [
        ['k', 'VARCHAR', cells],
        ['failed', 'BOOLEAN', cells.map((c) => c !== '' && readers.failed(c))],
      ]);
      joins.push(`LEFT JOIN ${st} st ON st.k = v.${cell('status')}`);
      failed = 'coalesce(st.failed, false)';
    }
    // A row's UTC time as a TIMESTAMP (its instant's wall time in UTC); the casts through epoch microseconds read no
    // session time zone (a TIMESTAMP ↔ TIMESTAMPTZ cast does, through ICU: 48 ms per million rows against 4).
    const ts = `coalesce(v.fast_ts, make_timestamp(epoch_us(CAST(${dmCol('iso')} AS TIMESTAMPTZ))))`;
    const stmtCcy = readers.statementCurrency;
    // 4. Statement totals and the quarantined rows' count, in the pass that groups the rows by their counterparty
    // cells (without the description), with each group's directions and first stored rows (step 5's holders).
    const groups = temp('g');
    await work.conn.run(
      `CREATE TABLE ${groups} AS
       SELECT k, bool_or(dir = 'credit') AS c, bool_or(dir = 'debit') AS d,
         min(rn) FILTER (WHERE dir = 'credit' AND stored) AS fc, min(rn) FILTER (WHERE dir = 'debit' AND stored) AS fd,
         count(*) FILTER (WHERE err IS NULL AND dir = 'credit') AS cn, sum(amount) FILTER (WHERE err IS NULL AND dir = 'credit') AS cs,
         count(*) FILTER (WHERE err IS NULL AND dir = 'debit') AS dn, sum(amount) FILTER (WHERE err IS NULL AND dir = 'debit') AS ds,
         max(scale) FILTER (WHERE err IS NULL) AS sc, min(ts) FILTER (WHERE err IS NULL) AS t0, max(ts) FILTER (WHERE err IS NULL) AS t1,
         min(rn) FILTER (WHERE err IS NULL AND nocur) AS nc, count(*) FILTER (WHERE err IS NOT NULL) AS ne,
         count(*) FILTER (WHERE err IS NOT NULL AND length(l) > 1000) AS nl${
           columns.balance === undefined
             ? ''
             : ', min(rn) FILTER (WHERE err IS NULL) AS e0, max(rn) FILTER (WHERE err IS NULL) AS e1'
         }
       FROM (
         SELECT v.k_cp AS k, v.rn, ${A.dir} AS dir, ${A.dec} AS amount, ${A.scale} AS scale, ${rowError} AS err, ${rowLine} AS l, ${ts} AS ts,
           ${stored} AS stored, ${stmtCcy ? 'false' : `${currency} IS NULL AND ${A.ccy} IS NULL`} AS nocur
         FROM ${rowsView} v ${joins.join(' ')}) GROUP BY k`,
    );
    const tot = (
      await work.conn.runAndReadAll(
        `SELECT sum(cn), CAST(coalesce(sum(cs), 0) AS VARCHAR), sum(dn), CAST(coalesce(sum(ds), 0) AS VARCHAR), max(sc),
           strftime(min(t0), '%Y-%m-%d'), strftime(max(t1), '%Y-%m-%d'), min(nc), sum(ne), sum(nl)
         FROM ${groups}`,
      )
    ).getRows()[0]!;
    if (Number(tot[9]) > 0) return { fallback: 'long quarantined lines' };
    lap('groups');
    // First the counterparty cells without the description: most answers do not read it (`usesDescription`),
    // and descriptions are nearly all distinct. Only the key/direction pairs whose answer read it are read
    // again, once per description (`cpd`).
    const baseKeys = await streamKeys(`SELECT ${ledKey} FROM ${groups} WHERE c OR d`);
    if (baseKeys.length > MAX_JS_VALUES) return { fallback: 'too many distinct values' };
    const base = readCounterparties(baseKeys);
    const cp = await cpTable('cp', base);
    let cpd: string | undefined;
    // The keys with a row whose description may name the other side: only their answers that read the description
    // are read again with it. Looked for only when some answer read it (a pass of its own: the regular expression
    // over every description cost the groups pass a fifth of its time on files that never need it).
    const withCandidates = base.needs.includes(true)
      ? new Set(
          (
            await work.conn.runAndReadAll(
              `SELECT DISTINCT k_cp FROM ${rowsView} v WHERE ${columns.description === undefined ? 'false' : (descriptionCandidate ?? 'true')}`,
            )
          )
            .getRows()
            .map((r) => r[0] as string),
        )
      : new Set<string>();
    const needs = base.needs.map((n, i) => n && withCandidates.has(base.k[i]!));
    if (needs.includes(true)) {
      const needy = await table(
        'cpn',
        [
          ['k', 'VARCHAR', base.k.filter((_, i) => needs[i])],
          ['credit', 'BOOLEAN', base.credit.filter((_, i) => needs[i])],
        ],
        '*',
      );
      // Only the rows whose description may name the other side: the others take the answer read without it
      // (an empty description), which the rows below get where no `cpd` answer matches.
      const fullKeys = await ledKeys(
        'v.k_cpd',
        ` JOIN ${needy} n ON n.k = v.k_cp AND n.credit = (${A.dir} = 'credit')${descriptionCandidate ? ` AND ${descriptionCandidate}` : ''}`,
      );
      if (fullKeys.length > MAX_JS_VALUES) return { fallback: 'too many distinct values' };
      if (fullKeys.length > 0) cpd = await cpTable('cpd', readCounterparties(fullKeys));
    }
    const member = (key: string, ref: string) =>
      `CASE WHEN ${ref} <> '' THEN ${lit(`${JSON.stringify(key)}:`)} || to_json(${ref})::VARCHAR END`;
    // The maps' strings go through the transfers sort as ENUM codes (4 bytes), not as text: the sort's
    // string payload was most of its cost. One type holds every string a map gives a row, the description's
    // description is text of the row (below).
    const cpStrings = (t: string) => `SELECT unnest([own, cp, hname, channel, props]) AS s FROM ${t}`;
    const strings = [
      cpStrings(cp),
      ...(cpd === undefined ? [] : [cpStrings(cpd)]),
      `SELECT ccy FROM ${amTable}`,
      ...plan.amountAffixes.flatMap((a) => (a.currency === null ? [] : [`SELECT ${lit(a.currency)}`])),
      `SELECT 'XXX'`,
    ];
    if (columns.currency !== undefined) strings.push(`SELECT code FROM ${cuTable}`);
    if (stmtCcy) strings.push(`SELECT ${lit(stmtCcy)}`);
    const E = `${tag}_e`;
    await conn.run(
      `CREATE TYPE ${E} AS ENUM (SELECT DISTINCT s FROM (${strings.join(' UNION ALL ')}) WHERE s IS NOT NULL)`,
    );
    enumType = E;
    joins[1] = amJoin(`(SELECT *, ccy::${E} AS ccy_e FROM ${amTable})`);
    const CP_COLUMNS = ['own', 'cp', 'hname', 'channel', 'props'];
    const cpMap = (t: string, alias: string, key: string) =>
      `LEFT JOIN (SELECT k, credit, ${CP_COLUMNS.map((c) => `${c}::${E} AS ${c}`).join(', ')} FROM ${t}) ${alias}
        ON ${alias}.k = v.${key} AND ${alias}.credit = (${A.dir} = 'credit')`;
    // A row whose key/direction read the description takes the answer for its own description.
    const cpJoin = cpMap(cp, 'cp', 'k_cp') + (cpd === undefined ? '' : ` ${cpMap(cpd, 'cpd', 'k_cpd')}`);
    const cpColumns = CP_COLUMNS.map((c) =>
      cpd === undefined ? `cp.${c}` : `CASE WHEN cpd.k IS NULL THEN cp.${c} ELSE cpd.${c} END AS ${c}`,
    ).join(', ');
    if (columns.currency !== undefined) {
      joins[cuJoin] =
        `LEFT JOIN (SELECT k, code::${E} AS code FROM ${cuTable}) cu ON cu.k = v.${cell('currency')}`;
    }
    // Text cells kept in props: they go through the sort as text.
    const textCells = [
      ...TEXT_PROPS.filter(([role]) => columns[role] !== undefined).map(([role, key]) => ({
        key,
        index: columns[role]!,
      })),
      ...plan.extras.map((x) => ({ key: x.name, index: x.index })),
    ];
    const cellCols = textCells.map((t, i) => `v.c${t.index} AS t${i}`).join(', ');
    const textMembers = textCells.map((t, i) => member(t.key, `r.t${i}`));
    const extrasFrom = TEXT_PROPS.filter(([role]) => columns[role] !== undefined).length;
    const propParts = [
      ...textMembers.slice(0, extrasFrom),
      'r.props::VARCHAR',
      ...textMembers.slice(extrasFrom),
      `CASE WHEN r.failed THEN '"failed":true' END`,
    ];
    // NULL when no member is there: tested on the members' inputs (no member is ever an empty text), not with
    // nullif(…, '{}'), which DuckDB evaluates as a CASE that builds the text twice (a third of this column's cost).
    const anyMember = [...textCells.map((_, i) => `r.t${i} <> ''`), 'r.props IS NOT NULL', 'r.failed'].join(
      ' OR ',
    );
    const props = `CASE WHEN ${anyMember} THEN '{' || concat_ws(',', ${propParts.join(', ')}) || '}' END`;
    const ref = columns.reference === undefined ? 'NULL' : `nullif(v.${cell('reference')}, '')`;
    lap('maps');
    // Every row with its values, computed where it is read (no table of them: writing one cost more than
    // the joins): the sorted transfers INSERT reads it, and the quarantined rows' issues when there are any.
    const rowSql = `SELECT v.rn, ${rowError} AS err, ${rowLine} AS l,
         ${ts} AS ts, ${A.dir} AS dir, ${A.dir} = 'debit' AS debit, ${A.dec} AS amount, ${A.scale} AS scale, ${A.zero} AS zero,
         coalesce(${currency}, v.a_ccy::${E}, ${amCol('ccy_e', E)}${stmtCcy ? `, ${lit(stmtCcy)}::${E}` : ''}) AS cur,
         ${cpColumns}, ${failed} AS failed, ${ref} AS ref${cellCols ? `, ${cellCols}` : ''}
       FROM ${rowsView} v ${joins.join(' ')} ${cpJoin}`;
    // A balance column: the first and last rows in the sums, with their balance cells and amounts as the parser reads
    // them (the statement's running balance, `runningBalances`).
    let ends: [BalanceEntry, BalanceEntry] | undefined;
    if (columns.balance !== undefined) {
      const entryOf = ([rn, key, balance]: unknown[]): BalanceEntry | undefined => {
        const a = readers.amount(key as string);
        return 'error' in a
          ? undefined
          : { line: Number(rn), balance: balance as string, direction: a.direction, amount: a.amount };
      };
      const rows = (
        await work.conn.runAndReadAll(
          `SELECT rn, k_amount, ${cell('balance')} FROM ${rowsView}
           WHERE rn IN (SELECT min(e0) FROM ${groups} UNION ALL SELECT max(e1) FROM ${groups}) ORDER BY rn`,
        )
      ).getRows();
      const read = rows.map(entryOf).filter((e) => e !== undefined);
      // One row in the sums is the first and the last.
      if (read.length === 1) read.push(read[0]!);
      if (read.length === 2) {
        const [first, last] = read as [BalanceEntry, BalanceEntry];
        ends = [first, last];
        // They do not reconcile: every row's balance cell, chunk by chunk into the statement's chain, for where the
        // balance breaks (a warning's cost only; nothing of the rows is held).
        if (
          readers.balanceUnreconciled(
            (tot[1] as string | null) ?? '0',
            (tot[3] as string | null) ?? '0',
            first,
            last,
          )
        ) {
          const result = await conn.stream(
            `SELECT v.rn, v.k_amount, v.${cell('balance')} FROM ${rowsView} v ${joins.join(' ')}
             WHERE ${rowError} IS NULL ORDER BY v.rn`,
          );
          for (;;) {
            const chunk = await result.fetchChunk();
            if (!chunk || chunk.rowCount === 0) break;
            for (const row of chunk.getRows()) {
              const e = entryOf(row);
              if (e) readers.balanceEntry(e);
            }
          }
          ends = undefined;
        }
      }
    }
    const finish = readers.finish({
      credits: { total: tot[1] as string, count: Number(tot[0]) },
      debits: { total: tot[3] as string, count: Number(tot[2]) },
      scale: tot[4] === null ? 0 : Number(tot[4]),
      firstDay: (tot[5] as string | null) ?? null,
      lastDay: (tot[6] as string | null) ?? null,
      ...(ends ? { ends } : {}),
    });
    const rowIssues = [...oddIssues.map((i) => ({ rn: rowOf(i.locator), issue: i }))];
    if (tot[7] !== null) {
      const rn = Number(tot[7] as bigint);
      rowIssues.push({ rn, issue: readers.currencyWarning(rn) });
    }
    rowIssues.sort((a, b) => a.rn - b.rn);
    const quarantinedRows = Number(tot[8]);

    lap('totals');
    // The inserts below must land in row order.
    await conn.run('RESET preserve_insertion_order');
    restoreOrder = false;
    // 5. Rows, in the streaming path's order per table. The transfers are sorted by row number with only the
    // columns they are built from (no constants, no columns built twice): the sort's payload is the cost.
    // The value look-ups are joins, which keep no row order, hence the sort. The projection above the sorted
    // subquery keeps its order (insertion order is preserved again here).
    const ev = lit(plan.evidenceId);
    const locator = `'row:' || r.rn`;
    const ownHolder = plan.ownHolder === null ? 'NULL' : lit(plan.ownHolder);
    const transfers = await conn.run(
      `INSERT INTO transfers (id, tx_id, "timestamp", amount, currency, from_account, to_account, from_holder, to_holder, channel, reference, props, evidence_id, locator)
       SELECT ${lit(plan.idPrefix)} || ${locator}, r.ref, make_timestamptz(epoch_us(r.ts)), r.amount, coalesce(r.cur::VARCHAR, 'XXX'),
         (CASE WHEN r.debit THEN r.own ELSE r.cp END)::VARCHAR, (CASE WHEN r.debit THEN r.cp ELSE r.own END)::VARCHAR,
         CASE WHEN r.debit THEN ${ownHolder} ELSE r.hname::VARCHAR END,
         CASE WHEN r.debit THEN r.hname::VARCHAR ELSE ${ownHolder} END,
         r.channel::VARCHAR, r.ref, CAST(${props} AS JSON), ${ev}, ${locator}
       FROM (SELECT r.rn, r.ref, r.ts, r.amount, r.cur, r.debit, r.own, r.cp, r.hname, r.channel, r.props,
           r.failed${textCells.map((_, i) => `, r.t${i}`).join('')}
         FROM (${rowSql}) r WHERE r.err IS NULL AND NOT r.zero ORDER BY r.rn) r`,
    );
    let accepted = Number(transfers.rowsChanged);
    lap('transfers');
    // Transfers stored from other evidence that these rows repeat: the rows go, a second source stays.
    const merged = options.bothEnds ? await matchBothEnds(conn, plan) : [];
    if (merged.length > 0) {
      const mergedTable = local('m');
      await jsonTable(
        conn,
        mergedTable,
        [
          ['rn', 'INTEGER', merged.map((m) => m.rn)],
          ['tid', 'VARCHAR', merged.map((m) => m.transferId)],
          ['rule', 'VARCHAR', merged.map((m) => m.rule)],
        ],
        '*',
      );
      await conn.run(
        `DELETE FROM transfers WHERE evidence_id = ${ev} AND id IN (SELECT ${lit(plan.idPrefix)} || 'row:' || rn FROM ${mergedTable})`,
      );
      await conn.run(
        `INSERT INTO transfer_sources (transfer_id, rule, evidence_id, locator)
         SELECT m.tid, m.rule, ${ev}, 'row:' || m.rn FROM ${mergedTable} m ORDER BY m.rn`,
      );
    }
    lap('both ends');
    accepted += await insertRows(conn, 'holders', plan.preHolders);
    const own = plan.ownHolderKey;
    const notOwn = own
      ? ` AND NOT (cp.hacc = ${lit(own.account)} AND cp.hn IS NOT DISTINCT FROM ${own.name === null ? 'NULL' : lit(own.name)} AND cp.hiin IS NOT DISTINCT FROM ${own.iin === null ? 'NULL' : lit(own.iin)})`
      : '';
    const holders = await conn.run(
      `INSERT INTO holders (evidence_id, locator, account, holder_name, iin)
       SELECT ${ev}, 'row:' || first, hacc, hn, hiin FROM (
         SELECT cp.hacc, cp.hn, cp.hiin, min(cp.first) AS first FROM (
           SELECT * FROM ${cp} WHERE NOT needs${cpd === undefined ? '' : ` UNION ALL SELECT * FROM ${cpd}`}) cp
         WHERE cp.first IS NOT NULL AND cp.hacc IS NOT NULL${notOwn} GROUP BY ALL) ORDER BY first`,
    );
    accepted += Number(holders.rowsChanged);
    lap('holders');
    await insertRows(conn, 'issues', plan.preIssues);
    const js = local('ji');
    await jsonTable(
      conn,
      js,
      [
        ['rn', 'INTEGER', rowIssues.map((r) => r.rn)],
        ['severity', 'VARCHAR', rowIssues.map((r) => r.issue.severity)],
        ['reason', 'VARCHAR', rowIssues.map((r) => r.issue.reason)],
        ['raw', 'VARCHAR', rowIssues.map((r) => r.issue.raw)],
      ],
      '*',
    );
    // The quarantined rows are read once more only when there are any.
    const quarantinedSql =
      quarantinedRows > 0
        ? `SELECT rn, 'quarantine' AS severity, 'row:' || rn || ': ' || err AS reason, l AS raw FROM (${rowSql}) WHERE err IS NOT NULL UNION ALL `
        : '';
    await conn.run(
      `INSERT INTO issues (evidence_id, locator, severity, reason, raw)
       SELECT ${ev}, 'row:' || rn, severity, reason, raw FROM (
         ${quarantinedSql}SELECT rn, severity, reason, raw FROM ${js}) ORDER BY rn`,
    );
    const finishIssues: IssueRow[] = [];
    for (const item of finish) {
      if (item.kind === 'issue') finishIssues.push(item.issue);
      else if (item.record.table === 'statements')
        accepted += await insertRows(conn, 'statements', [item.record.row]);
      else throw new Error(`bank bulk: unexpected ${item.record.table} record at the end of the statement`);
    }
    await insertRows(conn, 'issues', finishIssues);
    const quarantined =
      quarantinedRows +
      rowIssues.filter((r) => r.issue.severity === 'quarantine').length +
      [...plan.preIssues, ...finishIssues].filter((i) => i.severity === 'quarantine').length;
    lap('issues');
    const issues: IssueRow[] = [];
    if (options.issueCap > 0) {
      const rows = await conn.runAndReadAll(
        `SELECT locator, severity, reason, raw FROM issues WHERE evidence_id = ${ev} ORDER BY rowid LIMIT ${Math.floor(options.issueCap)}`,
      );
      for (const r of rows.getRows()) {
        issues.push({
          evidenceId: plan.evidenceId,
          locator: r[0] as string,
          severity: r[1] as IssueRow['severity'],
          reason: r[2] as string,
          raw: r[3] as string | null,
        });
      }
    }
    return { accepted, quarantined, issues, mergedBothEnds: merged.length, linesReadAhead };
  } finally {
    for (const t of temps.reverse()) await conn.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
    if (enumType !== undefined) await conn.run(`DROP TYPE IF EXISTS ${enumType}`).catch(() => undefined);
    if (restoreOrder) await conn.run('RESET preserve_insertion_order').catch(() => undefined);
    await restoreLimit();
  }
}

function rowOf(locator: string): number {
  return Number(locator.slice(4));
}

/**
 * Rows of this file that repeat a transfer stored from other evidence: candidates in SQL (same currency and
 * amount, within `candidateWindow`), the choice in JS by `pickSameTransfer`, row by row in file order with
 * the transfers already taken, exactly as the streaming path asks `findTransfers` row by row. The file's
 * rows are read back from `transfers` (just inserted, every one a candidate row).
 */
async function matchBothEnds(
  conn: DuckDBConnection,
  plan: BankCsvBulkPlan,
): Promise<Array<{ rn: number; transferId: string; rule: string }>> {
  const w = Math.max(SAME_TRANSFER_DEFAULTS.windowMs, SAME_TRANSFER_DEFAULTS.dateOnlyWindowMs);
  const ev = lit(plan.evidenceId);
  const others = await conn.runAndReadAll(`SELECT 1 FROM transfers WHERE evidence_id <> ${ev} LIMIT 1`);
  if (others.getRows().length === 0) return [];
  const pairs = (
    await conn.runAndReadAll(
      `SELECT CAST(substr(r.locator, 5) AS BIGINT) AS rn, t.id, epoch_ms(r."timestamp"), CAST(r.amount AS VARCHAR), r.currency, r.tx_id,
         r.from_account, r.to_account
       FROM transfers r JOIN transfers t ON t.currency = r.currency AND t.amount = r.amount
         AND t."timestamp" BETWEEN r."timestamp" - INTERVAL ${w} MILLISECOND AND r."timestamp" + INTERVAL ${w} MILLISECOND
       WHERE r.evidence_id = ${ev} AND t.evidence_id <> ${ev}
       ORDER BY rn`,
    )
  ).getRows();
  if (pairs.length === 0) return [];
  const ids = [...new Set(pairs.map((p) => p[1] as string))];
  const stored = new Map<string, TransferRow>();
  const codec = rowCodec('transfers');
  for (let i = 0; i < ids.length; i += 10_000) {
    const result = await conn.run(
      `SELECT ${codec.select} FROM transfers WHERE id IN (SELECT unnest($1))`,
      [listValue(ids.slice(i, i + 10_000))],
      [LIST(VARCHAR)],
    );
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const t of codec.read(chunk)) stored.set(t.id, t);
    }
  }
  const out: Array<{ rn: number; transferId: string; rule: string }> = [];
  const taken = new Set<string>();
  for (let i = 0; i < pairs.length; ) {
    const p = pairs[i]!;
    const rn = Number(p[0] as bigint);
    const candidates: TransferRow[] = [];
    for (; i < pairs.length && Number(pairs[i]![0] as bigint) === rn; i++) {
      const t = stored.get(pairs[i]![1] as string);
      if (t) candidates.push({ ...t });
    }
    const locator = `row:${rn}`;
    const row: TransferRow = {
      id: `${plan.idPrefix}${locator}`,
      txId: (p[5] as string | null) ?? null,
      timestamp: new Date(Number(p[2] as bigint)).toISOString(),
      amount: p[3] as string,
      currency: p[4] as string,
      fromAccount: (p[6] as string | null) ?? null,
      toAccount: (p[7] as string | null) ?? null,
      fromHolder: null,
      toHolder: null,
      channel: 'bank',
      reference: null,
      props: null,
      evidenceId: plan.evidenceId,
      locator,
    };
    const { match, reason } = pickSameTransfer(row, candidates, taken);
    if (!match) continue;
    taken.add(match.id);
    out.push({ rn, transferId: match.id, rule: reason });
  }
  return out;
}

/**
 * A table `name` (a work table `catalog.table`, or a temporary table of `conn`) from JS values, through DuckDB's appender (passing many values as query
 * parameters costs microseconds each in the binding; JSON lines written and read back cost twice the
 * appender's time), then `select` over it (a projection, or the whole query given the table to read: the appended
 * one, or a subquery that adds its one-value columns back).
 */
async function jsonTable(
  conn: DuckDBConnection,
  name: string,
  cols: Array<[string, string, unknown[]]>,
  select: string | ((raw: string) => string),
): Promise<void> {
  const n = cols[0]?.[2].length ?? 0;
  // A column with one value in every row (all NULL, most often: a counterparty map whose answers name no holder)
  // is not appended but given by the projection: each appended value costs a call into the binding.
  const literal = (type: string, v: unknown): string =>
    v === null || v === undefined
      ? `NULL::${type}`
      : type === 'VARCHAR'
        ? `${lit(v as string)}::VARCHAR`
        : `${String(v)}::${type}`;
  const fixed: Array<string | undefined> = cols.map(([, type, values]) =>
    n > 1 && values.every((v) => (v ?? null) === (values[0] ?? null)) ? literal(type, values[0]) : undefined,
  );
  if (!fixed.includes(undefined)) fixed[0] = undefined;
  const appended = cols.filter((_, i) => fixed[i] === undefined);
  const whole = appended.length === cols.length;
  const raw = select === '*' && whole ? name : `${name}_a`;
  const source = whole
    ? raw
    : `(SELECT ${cols.map((c, i) => `${fixed[i] ?? c[0]} AS ${c[0]}`).join(', ')} FROM ${raw})`;
  // `catalog.table` (a work table) or a temporary table of `conn`.
  const dot = raw.indexOf('.');
  const create = dot === -1 ? 'CREATE TEMP TABLE' : 'CREATE TABLE';
  await conn.run(`${create} ${raw} (${appended.map((c) => `${c[0]} ${c[1]}`).join(', ')})`);
  try {
    if (n > 0) {
      const appender =
        dot === -1
          ? await conn.createAppender(raw, 'main', 'temp')
          : await conn.createAppender(raw.slice(dot + 1), 'main', raw.slice(0, dot));
      try {
        for (let i = 0; i < n; i++) {
          for (const [, type, values] of appended) {
            const v = values[i];
            if (v === null || v === undefined) appender.appendNull();
            else if (type === 'VARCHAR') appender.appendVarchar(v as string);
            else if (type === 'BOOLEAN') appender.appendBoolean(v as boolean);
            else if (type === 'INTEGER') appender.appendInteger(v as number);
            else if (type === 'BIGINT') appender.appendBigInt(BigInt(v as number));
            else throw new Error(`bank bulk: no appender for ${type} (column of ${name})`);
          }
          appender.endRow();
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    }
    if (raw !== name)
      await conn.run(
        `${create} ${name} AS ${typeof select === 'string' ? `SELECT ${select} FROM ${source}` : select(source)}`,
      );
  } finally {
    if (raw !== name) await conn.run(`DROP TABLE IF EXISTS ${raw}`);
  }
}

/** Inserts JS-built rows of `table` (as the staging path encodes them), in order; returns how many. */
async function insertRows<T extends TableName>(
  conn: DuckDBConnection,
  table: T,
  rows: ReadonlyArray<RowOf<T>>,
): Promise<number> {
  if (rows.length === 0) return 0;
  const cols = columnsOf(table);
  const values: DuckDBValue[] = [];
  const types: DuckDBType[] = [];
  for (const col of cols) {
    values.push(
      listValue(rows.map((r) => encode(col.type, (r as unknown as Record<string, unknown>)[col.field]))),
    );
    types.push(LIST(VARCHAR));
  }
  await conn.run(
    `INSERT INTO ${table} (${cols.map(sqlColumn).join(', ')})
     SELECT ${cols.map((c, i) => castText(c.type, `v${i}`, true)).join(', ')}
     FROM (SELECT ${cols.map((_, i) => `unnest($${i + 1}) AS v${i}`).join(', ')})`,
    values,
    types,
  );
  return rows.length;
}
