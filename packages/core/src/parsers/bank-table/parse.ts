import { decodeAuto, decodeHead, readCsvBatches, UNDECODED_ROW } from '../../text/index.ts';
import { parseCsvText } from '../../text/read-csv-records.ts';
import type { FormatParser, ParseContext, ParseItem } from '../parser.ts';
import { collectBytes, issue, peekChunks, withProgress } from './bank-records.ts';
import { detectBankCsv, detectBankXlsx, sniffTableDelimiter } from './detect.ts';
import { detectHeader, type HeaderMatch, mapColumns } from './detect-header.ts';
import { applyMappingColumns, type BankTableMapping, readMapping } from './mapping.ts';
import { readXlsx } from './read-xlsx.ts';
import { readStatementMeta } from './statement-meta.ts';
import type { ColumnRole } from './header-synonyms.ts';
import { DATE_ORDER_ROWS, dateOrderOf } from './table-date.ts';
import { flagDirection, TableStatement } from './table-statement.ts';

/** Rows read before giving up on finding the header. */
export const HEADER_SEARCH_ROWS = 60;
const HINT = 'pass --mapping FILE (`dragnet ingest --suggest-mapping FILE` prints a starting one)';

export function mappingOf(ctx: ParseContext, out: ParseItem[]): BankTableMapping {
  const r = readMapping(ctx.mapping);
  if (r.ok) return r.mapping;
  out.push(
    issue(
      ctx.evidenceId,
      'mapping',
      'error',
      `--mapping: ${r.reason}; the mapping was ignored and columns detected instead`,
    ),
  );
  return {};
}

export interface Located {
  /** Index of the header's last row in `rows`. */
  index: number;
  header: HeaderMatch;
  columns: HeaderMatch['columns'];
}

/** Header from the mapping's row, else detected; `missing` names a mapped column the header lacks. */
export function locateHeader(
  rows: readonly (readonly string[])[],
  rowNumbers: readonly number[],
  mapping: BankTableMapping,
): Located | { missing: string } | undefined {
  let header: HeaderMatch | undefined;
  if (mapping.headerRow !== undefined) {
    const i = rowNumbers.indexOf(mapping.headerRow);
    if (i < 0) return undefined;
    const labels = (rows[i] ?? []).map((c) => c.trim());
    const columns = mapColumns(labels);
    header = { index: i, rows: 1, labels, columns, score: Object.keys(columns).length };
  } else {
    header = detectHeader(rows, HEADER_SEARCH_ROWS);
  }
  if (!header) return undefined;
  const applied = applyMappingColumns(header.columns, header.labels, mapping);
  if ('missing' in applied) return { missing: applied.missing };
  const c = applied.columns;
  if (c.date === undefined || (c.amount === undefined && c.debit === undefined && c.credit === undefined))
    return undefined;
  return { index: header.index, header, columns: c };
}

/**
 * `mapping` with what the head's table shows and the mapping does not name: the rows of `records` (the complete lines
 * of the file's first 64 KiB, or a sheet's rows) below the header (`headerLine`, whose columns are `columns`). The
 * streaming parser and the bulk path (bulk-bank-csv.ts) both call it on the same head, so both read a file alike.
 * - the order of day/month dates (`dateOrderOf`);
 * - an operation column of direction words (`Расход`/`Приход`, `Debit`/`Credit`, `Шығыс`/`Кіріс`: `flagDirection`)
 *   beside one unsigned amount column and no direction column: the direction too (the mapping's `columns.direction`
 *   names it), else every such row read as a credit.
 */
export function withHeadFacts(
  mapping: BankTableMapping,
  records: ReadonlyArray<{ line: number; fields: readonly string[] }>,
  headerLine: number,
  columns: Partial<Record<ColumnRole, number>>,
): BankTableMapping {
  let m = mapping;
  const rows = records.filter((r) => r.line > headerLine);
  const date = columns.date;
  if (m.dateFormat === undefined && date !== undefined) {
    const order = dateOrderOf(rows.map((r) => r.fields[date] ?? ''));
    if (order) m = { ...m, dateFormat: order };
  }
  const op = columns.operation;
  if (
    op !== undefined &&
    columns.direction === undefined &&
    columns.amount !== undefined &&
    columns.debit === undefined &&
    columns.credit === undefined &&
    rows.slice(0, DATE_ORDER_ROWS).some((r) => flagDirection((r.fields[op] ?? '').trim()) !== undefined)
  )
    m = { ...m, columns: { ...(m.columns ?? {}), direction: op + 1 } };
  return m;
}

/**
 * The table of a CSV file's head (`records`: its complete lines): the rows the header is searched in (up to the
 * mapping's header row, else the first HEADER_SEARCH_ROWS), whether the head holds them all, the header located in
 * them, and the mapping to read the table with (`withHeadFacts`; a direction the operation column gives is a mapped
 * column, so the header is located again with it). The streaming parser and the bulk path both take it from the same
 * head, so both read a file alike.
 */
export function headTable<T extends { line: number; fields: readonly string[] }>(
  records: readonly T[],
  mapping: BankTableMapping,
): {
  searched: T[];
  complete: boolean;
  located: ReturnType<typeof locateHeader>;
  mapping: BankTableMapping;
} {
  const searched: T[] = [];
  for (const rec of records) {
    searched.push(rec);
    if (mapping.headerRow ? rec.line >= mapping.headerRow : searched.length >= HEADER_SEARCH_ROWS) break;
  }
  const complete = mapping.headerRow
    ? searched.some((r) => r.line >= mapping.headerRow!)
    : searched.length >= HEADER_SEARCH_ROWS;
  const fields = searched.map((r) => r.fields);
  const lines = searched.map((r) => r.line);
  const located = locateHeader(fields, lines, mapping);
  if (!located || 'missing' in located) return { searched, complete, located, mapping };
  return { searched, complete, ...locatedWithFacts(mapping, records, fields, lines, located) };
}

/**
 * A located header with `withHeadFacts` applied: the mapping to read its table with, and the header located again when
 * the facts map a column (an operation column giving the direction; the first location stands if that one fails).
 * `fields` and `lines` are the rows the header was located in; `records` the rows the facts are read from.
 */
function locatedWithFacts(
  mapping: BankTableMapping,
  records: ReadonlyArray<{ line: number; fields: readonly string[] }>,
  fields: readonly (readonly string[])[],
  lines: readonly number[],
  located: Located,
): { located: Located; mapping: BankTableMapping } {
  const facts = withHeadFacts(mapping, records, lines[located.index]!, located.columns);
  if (facts.columns === mapping.columns) return { located, mapping: facts };
  const again = locateHeader(fields, lines, facts);
  return { located: again && !('missing' in again) ? again : located, mapping: facts };
}

/** The complete lines of a CSV file's first 64 KiB (`long`: the file is longer than `text`), as records. */
export function headRecords(text: string, long: boolean, delimiter: string | undefined) {
  return parseCsvText(
    long ? text.slice(0, text.lastIndexOf('\n') + 1) : text,
    delimiter ? { delimiter } : {},
  );
}

export const FOOTER = /(итого|всего|total|остаток|баланс|balance|қалдық|барлығы|оборот)/i;

/** A CSV statement table below its header row (shared with the bulk path, bulk-bank-csv.ts). */
export function csvTable(
  evidenceId: string,
  headerRow: number,
  loc: Located,
  metaRows: string[][],
  mapping: BankTableMapping,
): TableStatement {
  return new TableStatement({
    evidenceId,
    locatorPrefix: '',
    headerRow,
    labels: loc.header.labels,
    columns: loc.columns,
    meta: readStatementMeta(metaRows),
    mapping,
    strictWidth: true,
  });
}

/** Whether a row's columns name a date and an amount (or debit/credit): a (new) table header. */
export function isTableHeader(cols: Partial<Record<string, number>>): boolean {
  return (
    cols.date !== undefined &&
    (cols.amount !== undefined || cols.debit !== undefined || cols.credit !== undefined)
  );
}

export async function* parseBankCsv(
  chunks: AsyncIterable<Uint8Array>,
  ctx: ParseContext,
): AsyncIterable<ParseItem> {
  const ev = ctx.evidenceId;
  const pre: ParseItem[] = [];
  let mapping = mappingOf(ctx, pre);
  yield* pre.splice(0);
  const buffered: Array<{ line: number; fields: string[]; raw: string; error?: string }> = [];
  let table: TableStatement | undefined;
  let width = 0;
  let located: Located | undefined;
  const { head, all } = await peekChunks(withProgress(chunks, ctx.onProgress), 65536);
  // Bytes the decoder could not read become U+FFFD: the rows that hold one are quarantined (`feed`).
  const replaced = { value: false };
  const text = decodeAuto(all, { ...(mapping.encoding ? { encoding: mapping.encoding } : {}), replaced });
  const headBytes = head.subarray(0, 65536);
  const sniffed = decodeHead(headBytes);
  const options = { delimiter: mapping.delimiter ?? sniffTableDelimiter(sniffed).delimiter };
  // What the head's table shows (date order, an operation column of direction words), read as the bulk path reads it
  // (`headTable`).
  mapping = headTable(
    headRecords(
      mapping.encoding ? new TextDecoder(mapping.encoding).decode(headBytes, { stream: true }) : sniffed,
      head.length >= 65536,
      options.delimiter,
    ),
    mapping,
  ).mapping;
  let failed = false;

  const start = (rows: typeof buffered, loc: Located, metaRows: string[][]): TableStatement => {
    width = loc.header.labels.length;
    return csvTable(ev, rows[loc.index]?.line ?? 1, loc, metaRows, mapping);
  };

  /** One record into the current table; output goes to `sink` (a plain function: no generator per row). */
  const feed = (
    rec: { line: number; fields: string[]; raw: string; error?: string },
    sink: ParseItem[],
  ): void => {
    if (!table || !located) return;
    if (rec.error) {
      sink.push(
        issue(ev, `row:${rec.line}`, 'quarantine', `row:${rec.line}: ${rec.error}; row not stored`, rec.raw),
      );
      return;
    }
    if (replaced.value && rec.raw.indexOf('\uFFFD') !== -1) {
      sink.push(
        issue(
          ev,
          `row:${rec.line}`,
          'quarantine',
          `row:${rec.line}: ${UNDECODED_ROW}; row not stored`,
          rec.raw,
        ),
      );
      return;
    }
    if (rec.fields.length !== width || table.needsHeaderCheck(rec.fields)) {
      if (rec.fields.every((f) => f.trim() === '')) return;
      // A second header (a new layout halfway through the file) starts a new statement.
      const cols = mapColumns(rec.fields.map((f) => f.trim()));
      if (isTableHeader(cols)) {
        for (const item of table.finish()) sink.push(item);
        sink.push(
          issue(
            ev,
            `row:${rec.line}`,
            'warning',
            `row:${rec.line}: a new header row; the columns change here and the rows below are read with it`,
            rec.raw,
          ),
        );
        located = {
          index: 0,
          header: { index: 0, rows: 1, labels: rec.fields.map((f) => f.trim()), columns: cols, score: 0 },
          columns: cols,
        };
        table = start([rec], located, []);
        return;
      }
      if (table.footer(rec.fields, FOOTER)) return;
    }
    table.row(rec.fields, rec.line, rec.raw);
    const out = table.out;
    for (let i = 0; i < out.length; i++) sink.push(out[i] as ParseItem);
    out.length = 0;
  };

  for await (const batch of readCsvBatches(text, options)) {
    if (failed) continue;
    const pending: ParseItem[] = [];
    for (const rec of batch) {
      if (table) {
        feed(rec, pending);
        continue;
      }
      buffered.push(rec);
      const wanted = mapping.headerRow
        ? rec.line >= mapping.headerRow
        : buffered.length >= HEADER_SEARCH_ROWS;
      if (wanted) {
        const r = begin();
        yield* pre.splice(0);
        if (r === 'failed') {
          failed = true;
          break;
        }
      }
    }
    for (const item of pending) yield item;
  }
  if (!table && !failed) begin();
  yield* pre.splice(0);
  if (table) yield* table.finish();

  function begin(): 'ok' | 'failed' {
    const rows = buffered.map((b) => b.fields);
    const loc = locateHeader(
      rows,
      buffered.map((b) => b.line),
      mapping,
    );
    if (!loc || 'missing' in loc) {
      pre.push(
        issue(
          ev,
          'row:1',
          'error',
          loc
            ? `the mapping names column ${loc.missing}, which the header row does not have; ${HINT}`
            : `no header row with a date and an amount (or debit/credit) column in the first ${buffered.length} rows; ${HINT}`,
          buffered
            .slice(0, 5)
            .map((b) => b.raw)
            .join('\n'),
        ),
      );
      return 'failed';
    }
    located = loc;
    table = start(buffered, loc, rows.slice(0, loc.index - (loc.header.rows - 1)) as string[][]);
    const rest = buffered.splice(0).slice(loc.index + 1);
    for (const rec of rest) feed(rec, pre);
    return 'ok';
  }
}

export async function* parseBankXlsx(
  chunks: AsyncIterable<Uint8Array>,
  ctx: ParseContext,
): AsyncIterable<ParseItem> {
  const ev = ctx.evidenceId;
  const out: ParseItem[] = [];
  const mapping = mappingOf(ctx, out);
  yield* out.splice(0);
  const bytes = await collectBytes(chunks);
  ctx.onProgress?.(bytes.length);
  const book = readXlsx(bytes);
  if (!book.ok) {
    yield issue(ev, 'file', 'error', `${book.reason}; save the file as .xlsx again or export it as CSV`);
    return;
  }
  let sheets = book.sheets;
  if (mapping.sheet !== undefined) {
    sheets = sheets.filter((s) => s.name === mapping.sheet);
    if (sheets.length === 0) {
      yield issue(
        ev,
        'file',
        'error',
        `--mapping names sheet "${mapping.sheet}", the workbook has ${book.sheets.map((s) => `"${s.name}"`).join(', ')}`,
      );
      return;
    }
  }
  let statements = 0;
  for (const sheet of sheets) {
    const prefix = `${sheet.name}!`;
    if (sheet.error) {
      yield issue(
        ev,
        `${prefix}row:${sheet.rows[sheet.rows.length - 1]?.r ?? 1}`,
        'error',
        `sheet "${sheet.name}": broken XML (${sheet.error}); rows before the break are read`,
      );
    }
    const nonEmpty = sheet.rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
    if (nonEmpty.length === 0) {
      if (sheets.length > 1)
        yield issue(ev, `${prefix}row:1`, 'warning', `sheet "${sheet.name}" is empty; skipped`);
      continue;
    }
    const rows = nonEmpty.map((r) => r.cells);
    const loc = locateHeader(
      rows,
      nonEmpty.map((r) => r.r),
      mapping,
    );
    if (!loc || 'missing' in loc) {
      yield issue(
        ev,
        `${prefix}row:${nonEmpty[0]?.r ?? 1}`,
        sheets.length > 1 ? 'warning' : 'error',
        loc
          ? `sheet "${sheet.name}": the mapping names column ${loc.missing}, which the header row does not have; ${HINT}`
          : `sheet "${sheet.name}" (${nonEmpty.length} rows): no header row with a date and an amount (or debit/credit) column; sheet skipped — if it holds a statement, ${HINT} with "sheet"`,
      );
      continue;
    }
    statements++;
    const headerRow = nonEmpty[loc.index]?.r ?? 1;
    // A sheet is read whole: its first rows below the header decide the order of text dates and whether an
    // operation column gives the direction (`withHeadFacts`).
    const { located: sheetLoc, mapping: sheetMapping } = locatedWithFacts(
      mapping,
      nonEmpty.map((r) => ({ line: r.r, fields: r.cells })),
      rows,
      nonEmpty.map((r) => r.r),
      loc,
    );
    const table = new TableStatement({
      evidenceId: ev,
      locatorPrefix: prefix,
      headerRow,
      labels: loc.header.labels,
      columns: sheetLoc.columns,
      meta: readStatementMeta(rows.slice(0, loc.index - (loc.header.rows - 1))),
      mapping: sheetMapping,
      strictWidth: false,
    });
    for (const r of nonEmpty.slice(loc.index + 1)) {
      if (table.needsHeaderCheck(r.cells) && table.footer(r.cells, FOOTER)) continue;
      table.row(r.cells, r.r, r.cells.join('\t'));
      yield* table.out.splice(0);
    }
    yield* table.finish();
  }
  if (statements === 0) {
    yield issue(ev, 'file', 'error', `no sheet of the workbook holds a statement table; ${HINT}`);
  }
}

export const bankCsvParser: FormatParser = {
  format: 'bank-csv',
  version: '3',
  detect: detectBankCsv,
  parse: parseBankCsv,
};

export const bankXlsxParser: FormatParser = {
  format: 'bank-xlsx',
  version: '3',
  detect: detectBankXlsx,
  parse: parseBankXlsx,
};
