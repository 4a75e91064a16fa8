import {
  AMOUNT_ROLES,
  type BankCsvBulkPlan,
  type BankCsvLinesOptions,
  type PreparedBankCsvLines,
} from '@dragnet/core/parsers/bank-table/bulk-bank-csv.ts';
import type { ColumnRole } from '@dragnet/core/parsers/bank-table/header-synonyms.ts';
import { MONTH_FIRST_DATE } from '@dragnet/core/parsers/bank-table/table-date.ts';
import { JS_TRIM_SPACES } from '@dragnet/core/text/js-trim.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { rowAmountsSql } from './bank-bulk-amounts.ts';
import { limitMemory } from './memory-limit.ts';
import { DECIMAL_MACRO, quoteLiteral as lit } from './table-codec.ts';

/**
 * Step 1 of the bank bulk path (bank-bulk.ts): the file's lines in a work table, and the work database that
 * holds it and every later work table. The lines may be read before the ingest's transaction begins, while the
 * caller still hashes and scans the copy (`PreparedBankLines`): the bulk load takes them when the scan shows
 * they were read as it would read them (`covers`), and reads the file again otherwise.
 */

/** `DD.MM.YYYY HH:MM[:SS]` with every part in range: what `dmyFast` reads (day-of-month checked by strptime). */
const DMY_FAST =
  '(0[1-9]|[12][0-9]|3[01])\\.(0[1-9]|1[0-2])\\.[1-9][0-9]{3} ([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?';
/**
 * `DD.MM.YYYY` alone: midnight at the statement's offset, as `parseTableDate` reads it (day-of-month by strptime). Ten
 * bytes exactly: tested first behind that length (a date-only file then runs one expression per row, not two).
 */
const DMY_DATE = '(0[1-9]|[12][0-9]|3[01])\\.(0[1-9]|1[0-2])\\.[1-9][0-9]{3}';
/**
 * ISO 8601 as `isoDateTime` reads it, years 1000–9999 (JS reads years below 100 as 19xx): `YYYY-MM-DD`, then
 * optionally `[T ]HH:MM[:SS[.fff]]`, then optionally `Z` or `±HH[:]MM` right after (with a space before it,
 * the date map reads it).
 */
export const ISO_FAST =
  '[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?';
/** DuckDB's memory limit while a bulk load runs (see bulk-transfers.ts). */
export const LOAD_MEMORY_LIMIT = 512 * 1024 * 1024;

let sequence = 0;

/** The SQL of a mapped role's cell in the lines table (`''` for an unmapped one). */
export function cellOf(plan: BankCsvBulkPlan): (role: ColumnRole) => string {
  return (role) => (plan.columns[role] === undefined ? "''" : `c${plan.columns[role]}`);
}

/**
 * Why DuckDB's plan for the lines table would not keep the file's row order, or undefined when it keeps it.
 * The line numbers rest on that order, and the counts checked afterwards do not see two lines swapped: so the
 * plan must be the order-keeping insert (`BATCH_CREATE_TABLE_AS`) over the reader with no join (an IN list of
 * more than a few values, for one, is planned as a join, and a join gives its rows in any order).
 */
export async function orderLosingPlan(
  conn: DuckDBConnection,
  createTableAs: string,
): Promise<string | undefined> {
  const rows = (await conn.runAndReadAll(`EXPLAIN ${createTableAs}`)).getRows();
  const plan = rows.map((r) => String(r[1])).join('\n');
  const join = /\b[A-Z_]*JOIN\b/.exec(plan);
  if (join) return `a ${join[0]}`;
  if (!plan.includes('BATCH_CREATE_TABLE_AS')) return 'not an order-keeping insert';
  return undefined;
}

/** What the lines table's SQL rests on besides the plan: how many fields are read, quotes, masks, trims. */
export interface LinesShape {
  fields: number;
  quoted: boolean;
  masked: boolean;
  /** DuckDB reads the quotes itself (`BankCsvBulkOptions.quoting`); `quoted` is then false. */
  native?: string;
  /** Lines end in CR LF. */
  crlf?: boolean;
  /** Per column of the header's width: trimmed. */
  trimmed: readonly boolean[];
  /** Per column of the header's width, where quotes are read in SQL (`quoted`): unquoted and checked. */
  unquoted: readonly boolean[];
}

export function linesShape(plan: BankCsvBulkPlan, options: BankCsvLinesOptions): LinesShape {
  // Quotes below the header (seen while the file was copied): see `linesSql`.
  const native = options.quoting;
  const quoted = options.lastQuoteLine > plan.headerEnd && native === undefined;
  // A column whose cells below the header never start or end with such a character, inside their quotes or outside
  // (the scan during the copy says which), is taken as it is: trimming would not change it.
  const trimmed = Array.from(
    { length: plan.width },
    (_, i) => options.paddedLines === undefined || (options.paddedLines[i] ?? 0) > plan.headerEnd,
  );
  // Where quotes are read in SQL, only the columns with a cell below the header that starts with a quote are
  // unquoted and checked (`ТОО "Ромашка"` in a cell not quoted is text as it is).
  const unquoted = Array.from(
    { length: plan.width },
    (_, i) =>
      quoted && (options.quoteStartLines === undefined || (options.quoteStartLines[i] ?? 0) > plan.headerEnd),
  );
  return {
    fields: Math.max(options.fields, plan.width),
    quoted,
    unquoted,
    ...(native ? { native } : {}),
    ...(options.crlf ? { crlf: true } : {}),
    masked: options.maskedDelimiters === true,
    trimmed,
  };
}

/**
 * Whether lines read with `built` hold exactly what lines read with `wanted` would: the same fields, quotes
 * and masks, and every column `wanted` trims trimmed (trimming a column none of whose cells is padded changes
 * nothing).
 */
export function covers(built: LinesShape, wanted: LinesShape): boolean {
  return (
    // Quotes DuckDB read itself: a line with more fields than the read declared would have failed it (and fields
    // are counted as the parser counts them only there).
    (built.native !== undefined || built.fields === wanted.fields) &&
    built.quoted === wanted.quoted &&
    built.native === wanted.native &&
    built.crlf === wanted.crlf &&
    built.masked === wanted.masked &&
    built.trimmed.length === wanted.trimmed.length &&
    wanted.trimmed.every((t, i) => !t || built.trimmed[i]) &&
    // Unquoting a column none of whose cells starts with a quote changes nothing, as trimming does.
    wanted.unquoted.every((u, i) => !u || built.unquoted[i])
  );
}

/**
 * The text of a line from its fields (`cells`: SQL of each, NULL past the line's end), as a file whose quotes DuckDB
 * read itself (`LinesShape.native`) writes it: every field quoted, those that hold the delimiter or a quote, or
 * the fields the `columns:` mask names.
 */
export function joinedLine(cells: readonly string[], delimiter: string, native: string): string {
  const quote = (c: string) => `'"' || replace(${c}, '"', '""') || '"'`;
  const columns = native.startsWith('columns:') ? native.slice('columns:'.length) : undefined;
  const field = (c: string, i: number) =>
    columns !== undefined
      ? columns[i] === '1'
        ? quote(c)
        : c
      : native === 'all'
        ? quote(c)
        : `CASE WHEN contains(${c}, ${lit(delimiter)}) OR contains(${c}, '"') THEN ${quote(c)} ELSE ${c} END`;
  return `concat_ws(${lit(delimiter)}, ${cells.map(field).join(', ')})`;
}

/**
 * The UTC timestamp of `text` (SQL), a text ISO_FAST matched, as `isoDateTime` reads it with the statement's
 * offset (`offsetMin`, minutes, SQL) where the text has none; NULL for a day the month does not have. DuckDB's own
 * casts read the usual shapes (a time with seconds), twenty times cheaper than taking the text apart: a text with
 * an offset as TIMESTAMPTZ (an instant, whatever the session's time zone), one without as TIMESTAMP (its wall
 * time; the TIMESTAMP cast would also drop an offset, hence the test for one). Both keep at most microseconds and
 * cut the rest, so dropping the fraction gives the parser's second. The shapes they do not read (no seconds with
 * an offset, a date with an offset) are taken apart by position.
 */
export function isoFastTs(text: string, offsetMin: string): string {
  const minus = (minutes: string) => `to_minutes(CAST(${minutes} AS BIGINT))`;
  // An offset: `Z` at the end, a `+`, or a `-` past the date's own two (ISO_FAST allows no other).
  const hasOffset = `(ends_with(${text}, 'Z') OR contains(${text}, '+') OR contains((${text})[11:], '-'))`;
  const cast = `CASE WHEN ${hasOffset} THEN make_timestamp(epoch_us(TRY_CAST(${text} AS TIMESTAMPTZ)))
      ELSE TRY_CAST(${text} AS TIMESTAMP) - ${minus(offsetMin)} END`;
  // By position: the offset at the end (`Z`, `±HH:MM` or `±HHMM`; the date or time before it cannot end like these).
  const t6 = `right(${text}, 6)`;
  const t5 = `right(${text}, 5)`;
  const signOf = (t: string) => `CASE WHEN starts_with(${t}, '-') THEN -1 ELSE 1 END`;
  const zoneMinutes = `CASE WHEN ends_with(${text}, 'Z') THEN 0
      WHEN (${t6})[4:4] = ':' AND ((${t6})[1:1] = '+' OR (${t6})[1:1] = '-')
        THEN ${signOf(t6)} * (CAST((${t6})[2:3] AS INTEGER) * 60 + CAST((${t6})[5:6] AS INTEGER))
      WHEN (${t5})[1:1] = '+' OR (${t5})[1:1] = '-'
        THEN ${signOf(t5)} * (CAST((${t5})[2:3] AS INTEGER) * 60 + CAST((${t5})[4:5] AS INTEGER))
      ELSE ${offsetMin} END`;
  const local = `CASE WHEN length(${text}) >= 16 AND (${text})[11] IN ('T', ' ')
      THEN (${text})[1:10] || ' ' || (${text})[12:16] || CASE WHEN (${text})[17] = ':' THEN (${text})[17:19] ELSE ':00' END
      ELSE (${text})[1:10] || ' 00:00:00' END`;
  const byPosition = `try_strptime(${local}, '%Y-%m-%d %H:%M:%S') - ${minus(zoneMinutes)}`;
  return `coalesce(date_trunc('second', ${cast}), ${byPosition})`;
}

/** CREATE TABLE `table` AS the data lines of `path` read with `shape` (step 1 of bank-bulk.ts). */
export function linesSql(table: string, path: string, plan: BankCsvBulkPlan, shape: LinesShape): string {
  const { width } = plan;
  const cell = cellOf(plan);
  // Most cells have no space at either end: cheap checks of both ends spare them the (costly) set trim. The
  // first character is `contains`ed in the set (an empty cell is "contained" and trimmed to itself); the last
  // is compared byte for byte (`ends_with`), because a slice from the end (`[-1:]`) counts the characters of
  // the whole cell. No IN list: one of more than a few values is planned as a join, which loses the row order.
  const trimmed = (ref: string) =>
    `CASE WHEN contains(${lit(JS_TRIM_SPACES)}, (${ref})[1:1]) OR ${[...JS_TRIM_SPACES].map((c) => `ends_with(${ref}, chr(${c.codePointAt(0)}))`).join(' OR ')} THEN trim(${ref}, ${lit(JS_TRIM_SPACES)}) ELSE ${ref} END`;
  const date = cell('date');
  const time = cell('time');
  const dateInput =
    plan.columns.time === undefined
      ? date
      : `CASE WHEN ${time} <> '' AND NOT contains(${date}, ':') THEN ${date} || ' ' || ${time} ELSE ${date} END`;
  // The two usual shapes are read in SQL, exactly as `parseTableDate` reads them, as UTC: `DD.MM.YYYY
  // HH:MM[:SS]` (day-first files) and ISO 8601 with or without an offset (any file; fractions of a second
  // dropped). Any other shape, and a day the month does not have, goes to the date map (JS).
  const minus = (minutes: string) => `to_minutes(CAST(${minutes} AS BIGINT))`;
  const statementOffset = String(Math.trunc(plan.offsetMin));
  const fastTs = `CASE${
    plan.dmyDates
      ? ` WHEN strlen(${dateInput}) = 10 AND regexp_full_match(${dateInput}, '${DMY_DATE}') THEN try_strptime(${dateInput}, '%d.%m.%Y') - ${minus(statementOffset)}
          WHEN regexp_full_match(${dateInput}, '${DMY_FAST}') THEN try_strptime(${dateInput}, ['%d.%m.%Y %H:%M:%S', '%d.%m.%Y %H:%M']) - ${minus(statementOffset)}`
      : ''
  } WHEN regexp_full_match(${dateInput}, '${ISO_FAST}') THEN ${isoFastTs(dateInput, statementOffset)} END`;
  // The data lines, in file order without a window: DuckDB keeps a CSV's row order through CREATE TABLE AS, and
  // `rowid` numbers a table's rows in that order (DuckDB docs, "Order Preservation"). So the file is read, split
  // and trimmed on all threads (`row_number() OVER ()` ran on one and cost half this step).
  const raw = Array.from({ length: shape.fields }, (_, i) => `r${i}`);
  const src =
    `read_csv(${lit(path)}, columns = {${raw.map((r) => `'${r}': 'VARCHAR'`).join(', ')}}, header = false, ` +
    `auto_detect = false, delim = ${lit(plan.delimiter)}, ${shape.native ? `quote = '"', escape = '"'` : "quote = '', escape = ''"}, new_line = ${shape.crlf ? "'\\r\\n'" : "'\\n'"}, ` +
    `null_padding = true, nullstr = '\\x02')`;
  // Quotes below the header: a cell that starts with one is read as the parser reads a quoted field when it is
  // one whole quoted field, its quotes doubled inside (`"1 234,50"`, `" Иван "`, `"ТОО ""Ромашка"""`); a quote
  // inside an unquoted cell is text to both. Any other cell that starts with a quote (a line break inside the
  // quotes, text after the closing one) sends the file to the parser (`qb`). Delimiters inside quotes come
  // masked as U+0001 (`maskedDelimiters`): put back in a quoted cell; in any other cell one means a quote the
  // parser reads as text, so the cells split elsewhere (`qb`).
  const unmask = (sql: string) => (shape.masked ? `replace(${sql}, chr(1), ${lit(plan.delimiter)})` : sql);
  // Only the columns the scan saw a cell start with a quote in (`LinesShape.unquoted`) are unquoted and checked; a
  // field past the header's width is checked as before (its line is quarantined with its text either way).
  const unquoteCol = (i: number) => shape.unquoted[i] === true;
  const unquoted = (ref: string) =>
    `CASE WHEN starts_with(${ref}, '"') THEN ${unmask(`replace((${ref})[2:-2], '""', '"')`)} ELSE ${ref} END`;
  const badCell = (r: string, i: number) =>
    [
      ...(unquoteCol(i) || i >= width
        ? [`(starts_with(${r}, '"') AND NOT regexp_full_match(${r}, '"([^"]|"")*"'))`]
        : []),
      ...(shape.masked ? [`(NOT starts_with(${r}, '"') AND contains(${r}, chr(1)))`] : []),
    ].join(' OR ');
  const badCells = raw.map((r, i) => badCell(r, i)).filter((b) => b !== '');
  const badQuotes =
    shape.quoted && badCells.length > 0 ? `coalesce(${badCells.join(' OR ')}, false)` : 'false';
  // Unquoted in one SELECT and trimmed in the next: the trim test reads its cell many times.
  const quotedCols = Array.from({ length: width }, (_, i) => i).filter(unquoteCol);
  const quotedCells = quotedCols.map((i) => `, ${unquoted(`r${i}`)} AS u${i}`).join('');
  const cellRef = (i: number) => (unquoteCol(i) ? `u${i}` : `r${i}`);
  const cellsSql = Array.from(
    { length: width },
    (_, i) => `${shape.trimmed[i] ? trimmed(cellRef(i)) : cellRef(i)} AS c${i}`,
  ).join(', ');
  // The bytes of the cells trimming or unquoting may change (the others are their raw fields as they are).
  // Unquoting changes a quoted cell (its raw field keeps the quotes): with quotes read in SQL the unquoted columns are
  // compared too.
  const changing = Array.from({ length: width }, (_, i) => i).filter(
    (i) => shape.trimmed[i] || unquoteCol(i),
  );
  const bytes = (prefix: string) => changing.map((i) => `strlen(${prefix}${i})`).join(' + ');
  // A line of the header's width that trimming left as it was is its cells joined again: only the other lines
  // keep their text (a third of the table's bytes less in memory; bank-bulk.ts `lineText`). Only the cells that
  // may change are compared (none: every line of the header's width is its cells joined). The SQL-read
  // timestamp is computed here, once: later passes read it as a column.
  // The plainest amounts are read here too, once per row (bank-bulk-amounts.ts `rowAmountsSql`): most rows then
  // need no look-up of their amount key.
  const amounts = rowAmountsSql(
    Object.fromEntries(AMOUNT_ROLES.filter((r) => plan.columns[r] !== undefined).map((r) => [r, cell(r)])),
    plan.amountAffixes,
  );
  const kept = ['l', ...Array.from({ length: width }, (_, i) => `c${i}`), 'reg', 'fast_ts', 'qb', 'a_ok'];
  return `CREATE TABLE ${table} AS SELECT ${kept.join(', ')}, ${amounts.columns.join(', ')} FROM (
       SELECT *, ${amounts.ok} FROM (
       SELECT *${amounts.values.map((v) => `, ${v}`).join('')} FROM (
       SELECT *${amounts.numbers.map((v) => `, ${v}`).join('')} FROM (
         SELECT CASE WHEN n = ${width}${changing.length > 0 ? ` AND rb = ${bytes('c')}` : ''} THEN NULL ELSE ${shape.native ? joinedLine(raw, plan.delimiter, shape.native) : unmask(`concat_ws(${lit(plan.delimiter)}, ${raw.join(', ')})`)} END AS l,
           ${Array.from({ length: width }, (_, i) => `c${i}`).join(', ')},
           n = ${width} AND (ascii(${date}) BETWEEN 48 AND 57${plan.namedDates ? ` OR regexp_matches(lower(${date}), ${lit(MONTH_FIRST_DATE)})` : ''}) AS reg, ${fastTs} AS fast_ts, qb${amounts.parts.map((p) => `, ${p}`).join('')} FROM (
           SELECT ${raw.join(', ')}, ${raw.map((r) => `(${r} IS NOT NULL)::INTEGER`).join(' + ')} AS n,
             ${changing.length > 0 ? `${bytes('r')} AS rb, ` : ''}${badQuotes} AS qb, ${cellsSql}
           FROM (SELECT *${quotedCells} FROM ${src}))))))`;
}

/**
 * The work tables of one bulk load: an in-memory database of their own, written by a connection of their own
 * outside the ingest's transaction. A table created inside an open transaction is scanned by one thread only
 * (its rows are that transaction's local storage), a committed one by all. The ingest's connection reads them in
 * its transaction (it sees what was committed before its first look) and writes the case's tables; `close`
 * (DETACH) drops them all, and a killed process leaves nothing of them.
 */
export class BankWork {
  readonly tag = `dragnet_bank_${process.pid}_${sequence++}`;
  readonly #catalog = `${this.tag}_s`;
  /** The lines table once built, and what it was built with. */
  lines: { table: string; shape: LinesShape } | undefined;

  private constructor(readonly conn: DuckDBConnection) {}

  static async open(connect: () => Promise<DuckDBConnection>): Promise<BankWork> {
    const conn = await connect();
    const work = new BankWork(conn);
    try {
      await conn.run(`ATTACH ':memory:' AS ${work.#catalog}`);
      await conn.run(DECIMAL_MACRO);
    } catch (e) {
      conn.closeSync();
      throw e;
    }
    return work;
  }

  /** A work table's qualified name. */
  table(name: string): string {
    return `${this.#catalog}.${this.tag}_${name}`;
  }

  async close(): Promise<void> {
    try {
      await this.conn.run(`DETACH ${this.#catalog}`).catch(() => undefined);
    } finally {
      this.conn.closeSync();
    }
  }
}

/**
 * Reads the data lines of `path` into the work table `l` with `shape`, or answers why the bulk path cannot.
 * Leaves insertion order preserved (the row order is the line numbers): the caller resets it.
 */
export async function buildBankLines(
  work: BankWork,
  path: string,
  plan: BankCsvBulkPlan,
  shape: LinesShape,
): Promise<string | undefined> {
  const table = work.table('l');
  work.lines = undefined;
  await work.conn.run(`DROP TABLE IF EXISTS ${table}`);
  await work.conn.run('SET preserve_insertion_order = true');
  const sql = linesSql(table, path, plan, shape);
  const unordered = await orderLosingPlan(work.conn, sql);
  if (unordered) return `the lines would not keep the file's order (${unordered})`;
  await work.conn.run(sql);
  work.lines = { table, shape };
  return undefined;
}

/**
 * Lines read ahead (`DuckDbStore.prepareBankCsvLines`): DuckDB reads the copy's lines as the head predicts them
 * while the caller hashes and scans it. A bulk load takes the work database (`take`); whatever is not taken is
 * dropped by `dispose`. A read that fails (a line with more fields than the head showed, say) leaves no lines,
 * and the bulk load reads the file itself.
 */
export class PreparedBankLines implements PreparedBankCsvLines {
  readonly #work: Promise<BankWork | undefined>;
  #taken = false;

  constructor(
    readonly owner: object,
    connect: () => Promise<DuckDBConnection>,
    path: string,
    plan: BankCsvBulkPlan,
    options: BankCsvLinesOptions,
  ) {
    this.#work = (async () => {
      let work: BankWork;
      try {
        work = await BankWork.open(connect);
      } catch {
        return undefined;
      }
      let restoreLimit = async (): Promise<void> => undefined;
      try {
        restoreLimit = await limitMemory(work.conn, `${LOAD_MEMORY_LIMIT}B`, { onlyLower: true });
        await buildBankLines(work, path, plan, linesShape(plan, options));
      } catch {
        work.lines = undefined;
      } finally {
        await work.conn.run('RESET preserve_insertion_order').catch(() => undefined);
        await restoreLimit();
      }
      return work;
    })();
  }

  async settled(): Promise<void> {
    await this.#work;
  }

  /** The work database with its lines (once only; undefined when it could not be opened). */
  async take(): Promise<BankWork | undefined> {
    if (this.#taken) return undefined;
    this.#taken = true;
    return this.#work;
  }

  async dispose(): Promise<void> {
    if (this.#taken) return;
    this.#taken = true;
    await (await this.#work)?.close();
  }
}
