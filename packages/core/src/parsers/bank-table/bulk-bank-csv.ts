/**
 * The bulk path for a large tabular bank statement in CSV (docs/formats/bank-table.md, "Performance"): the
 * header, the mapping and the metadata above the table are read here exactly as `parseBankCsv` reads them;
 * the store then reads the data lines itself (DuckDB) and hands back only what needs this code: each
 * distinct date, amount, currency, status and counterparty cell combination once, and the few odd rows
 * (shifted columns, footers, blank rows). Every value goes through the same `TableStatement` methods as
 * the streaming parser's rows, so both paths store the same rows, holders, statement and issues.
 *
 * A file takes the bulk path only when the streaming CSV reader would see one record per physical line
 * below the header (no quote, no CR except CRLF line ends, no NUL); the store checks the lines it reads and
 * answers `fallback` (nothing stored) for anything it cannot match exactly, and the parser runs instead.
 */
import type { HolderRow, IssueRow } from '../../model/tables.ts';
import { decodeHead } from '../../text/decode-chunks.ts';
import { parseCsvText } from '../../text/read-csv-records.ts';
import type { ParseItem } from '../parser.ts';
import { HolderSet } from './bank-records.ts';
import { sniffTableDelimiter } from './detect.ts';
import { mapColumns } from './detect-header.ts';
import type { ColumnRole } from './header-synonyms.ts';
import { type BankTableMapping, readMapping } from './mapping.ts';
import { csvTable, FOOTER, headTable, isTableHeader, mappingOf } from './parse.ts';
import { startsWithMonth } from './table-date.ts';
import { amountOf, type BalanceEntry, flagDirection, type TableStatement } from './table-statement.ts';

/** Cells that decide an entry's counterparty (`TableStatement.counterpartyOf`), in key order. */
export const COUNTERPARTY_ROLES = [
  'sender',
  'receiver',
  'counterparty',
  'description',
  'senderAccount',
  'receiverAccount',
  'counterpartyAccount',
  'phone',
  'iin',
  'card',
] as const satisfies readonly ColumnRole[];

/**
 * Numbers the bulk path reads in SQL (RE2; bank-bulk-amounts.ts), as `parseAmount` reads them whatever the currency:
 * digits grouped in threes by spaces or not at all with `.` or `,` and 1–2 decimals; grouped by `,` with `.`
 * decimals or in three groups or more; grouped by `.` with `,` decimals or in three groups or more.
 */
export const AMOUNT_NUMBER_SHAPES = [
  '([0-9]{1,3}([ \\x{a0}\\x{202f}\\x{2009}][0-9]{3})+|[0-9]+)([.,][0-9]{1,2})?',
  '[0-9]{1,3}(,[0-9]{3})+\\.[0-9]{1,2}|[0-9]{1,3}(,[0-9]{3}){2,}',
  '[0-9]{1,3}(\\.[0-9]{3})+,[0-9]{1,2}|[0-9]{1,3}(\\.[0-9]{3}){2,}',
];

/** One number of each shape and its value, for `amountAffix`. */
const AMOUNT_PROBES: ReadonlyArray<readonly [string, string]> = [
  ['7', '7'],
  ['0012', '12'],
  ['0,00', '0.00'],
  ['1 234,56', '1234.56'],
  ['12\u00a0345.6', '12345.6'],
  ['1\u202f000\u2009000', '1000000'],
  ['1,234.56', '1234.56'],
  ['1,234,567', '1234567'],
  ['1.234,5', '1234.5'],
  ['1.234.567', '1234567'],
];

/** Cells that decide amount and direction (`TableStatement.amountOf`), in key order. */
export const AMOUNT_ROLES = [
  'debit',
  'credit',
  'amount',
  'direction',
] as const satisfies readonly ColumnRole[];

/** Free-text cells kept in props, in the order `TableStatement.row` sets them, with their props key. */
export const TEXT_PROPS: ReadonlyArray<readonly [ColumnRole, string]> = [
  ['description', 'description'],
  ['operation', 'operation'],
  ['category', 'category'],
  ['status', 'status'],
  ['valueDate', 'valueDate'],
  ['balance', 'balanceAfter'],
];

/** Keys `TableStatement.row` sets itself: an unmapped column with one of these names stays with the parser. */
const OWN_KEYS = new Set([
  ...TEXT_PROPS.map(([, k]) => k),
  'card',
  'counterpartyName',
  'counterpartyAccountRaw',
  'counterpartyIin',
  'counterpartySource',
  'failed',
  '__proto__',
]);

/** Separates the cells of a distinct-value key (the store checks the file holds no U+0001). */
export const KEY_SEPARATOR = '\u0001';

export interface BankCsvBulkPlan {
  evidenceId: string;
  /** One character. */
  delimiter: string;
  /** The header's last physical line (1-based): data lines follow it. */
  headerEnd: number;
  /** Fields in the header row. */
  width: number;
  /** 0-based field of each mapped role. */
  columns: Partial<Record<ColumnRole, number>>;
  /** Unmapped columns kept in props under their header text. */
  extras: ReadonlyArray<{ index: number; name: string }>;
  /** Dates may be read in SQL when they are exactly `DD.MM.YYYY HH:MM[:SS]` (day-month order). */
  dmyDates: boolean;
  /**
   * A date of the head's rows starts with a month's name (`Mar 5, 2024`, `MONTH_FIRST_DATE`): rows whose date cell
   * starts so are data rows too, not only those starting with a digit (else such a row is odd, stores a record, and
   * the file goes to the streaming parser).
   */
  namedDates: boolean;
  /** Minutes east of UTC for times without an offset. */
  offsetMin: number;
  /** `transferId` of row N is this prefix + `row:N`. */
  idPrefix: string;
  /** The own side's holder column of every transfer. */
  ownHolder: string | null;
  /** Issues before any row's (mapping error, no own account), in order. */
  preIssues: IssueRow[];
  /** Holder records before any row's (the statement's own account). */
  preHolders: HolderRow[];
  /** The own account's holder key (`account`, name, iin): a counterparty with the same key adds no holder. */
  ownHolderKey: HolderKey | null;
  /**
   * Currencies written next to the amounts in the head's rows (`- 1 234,56 ₸`: suffix `₸`) that the parser's reader
   * reads apart from the number (`BankCsvValueReaders.amountAffix`), with no digit, `.` or `,` in them: the store
   * reads such amounts per row as it reads plain ones (bank-bulk-amounts.ts `rowAmountsSql`).
   */
  amountAffixes: ReadonlyArray<{ prefix: string; suffix: string; currency: string | null }>;
  readers: BankCsvValueReaders;
}

export interface HolderKey {
  account: string;
  name: string | null;
  iin: string | null;
}

/** A row's counterparty side as `TableStatement.row` builds it, for one direction. */
export interface CounterpartyValue {
  own: string;
  counterparty: string | null;
  holderName: string | null;
  channel: string;
  /** The counterparty props as JSON members (`"card":"…","counterpartyName":"…"`), or null. */
  props: string | null;
  /** The holder record the row adds (first row per key wins), or null. */
  holder: HolderKey | null;
  /**
   * Whether the row logic read the description cell for this answer. When it did not, the answer holds for
   * every description: the bulk path reads such keys once, without the description (most statements name
   * the other side in columns of its own, and their descriptions are nearly all distinct).
   */
  usesDescription: boolean;
}

export type AmountValue =
  | { direction: 'credit' | 'debit'; amount: string; scale: number; currency: string | null; zero: boolean }
  | { error: string };

/**
 * A bulk plan for a bank CSV from its head (the first bytes, as `detect` gets them), or why the file must
 * go through the streaming parser. `mapping` is the raw `--mapping` value.
 */
export function planBankCsvBulk(
  head: Uint8Array,
  fileSize: number,
  evidenceId: string,
  mapping: unknown,
): BankCsvBulkPlan | { fallback: string } {
  const pre: ParseItem[] = [];
  let m = mappingOf({ evidenceId, fileName: '', mapping }, pre);
  const text = decodeBulkHead(head, m);
  const delimiter = bankCsvDelimiter(head, mapping);
  if (delimiter === undefined) return { fallback: 'unusual delimiter' };
  // Only complete lines of the head: the last one may be cut.
  const cut = head.length < fileSize ? text.lastIndexOf('\n') + 1 : text.length;
  const records = parseCsvText(text.slice(0, cut), { delimiter });
  // The header, and what the head's table shows, as the streaming parser reads them (`headTable`).
  const h = headTable(records, m);
  if (!h.complete && head.length < fileSize) return { fallback: 'the header search runs past the head' };
  const loc = h.located;
  if (!loc || 'missing' in loc) return { fallback: 'no header row' };
  m = h.mapping;
  const buffered = h.searched;
  const headerRec = buffered[loc.index]!;
  if (headerRec.raw.includes('\n') || buffered.some((b) => b.error))
    return { fallback: 'quoted line breaks above the table' };
  const rows = buffered.map((b) => b.fields);
  const table = csvTable(
    evidenceId,
    headerRec.line,
    loc,
    rows.slice(0, loc.index - (loc.header.rows - 1)) as string[][],
    m,
  );
  const labels = loc.header.labels;
  const extras: Array<{ index: number; name: string }> = [];
  const names = new Set<string>();
  for (let i = 0; i < labels.length; i++) {
    if (table.mappedColumns.has(i)) continue;
    const name = labels[i]?.trim() ?? '';
    if (!name) continue;
    if (OWN_KEYS.has(name) || names.has(name)) return { fallback: 'unusual extra columns' };
    names.add(name);
    extras.push({ index: i, name });
  }
  const readers = new BankCsvValueReaders(table);
  const amountAffixes = headAmountAffixes(
    records.filter((r) => r.line > headerRec.line).map((r) => r.fields),
    AMOUNT_ROLES.flatMap((role) => (loc.columns[role] === undefined ? [] : [loc.columns[role]!])),
    readers,
  );
  const preIssues: IssueRow[] = [];
  const preHolders: BankCsvBulkPlan['preHolders'] = [];
  let ownHolderKey: HolderKey | null = null;
  for (const item of [...pre, ...table.out.splice(0)]) {
    if (item.kind === 'issue') preIssues.push(item.issue);
    else if (item.record.table === 'holders') {
      preHolders.push(item.record.row);
      const h = item.record.row;
      ownHolderKey = { account: h.account, name: h.holderName, iin: h.iin };
    } else return { fallback: 'unexpected record above the table' };
  }
  return {
    evidenceId,
    delimiter,
    headerEnd: headerRec.line,
    width: labels.length,
    columns: { ...loc.columns },
    extras,
    dmyDates: (m.dateFormat ?? 'DMY') === 'DMY',
    namedDates:
      loc.columns.date !== undefined &&
      records.some((r) => r.line > headerRec.line && startsWithMonth(r.fields[loc.columns.date!] ?? '')),
    offsetMin: table.offsetMinutes,
    idPrefix: `${evidenceId.slice(0, 16)}:`,
    ownHolder: table.ownHolderName,
    preIssues,
    preHolders,
    ownHolderKey,
    amountAffixes,
    readers,
  };
}

/** An amount cell split loosely into its prefix and suffix (the store checks the whole cell per row). */
const AFFIXED_AMOUNT = /^[+\-−–]?\s*([^\d\s+\-−–.,()]*)\s*\d[\d\s.,]*\s*([^\d\s+\-−–.,()]*)$/;
/** Affix pairs looked for in the head at most. */
const MAX_HEAD_AFFIXES = 8;

/** The prefix and suffix pairs (other than none) of the head rows' amount cells that `amountAffix` reads. */
function headAmountAffixes(
  rows: ReadonlyArray<readonly string[]>,
  columns: readonly number[],
  readers: BankCsvValueReaders,
): BankCsvBulkPlan['amountAffixes'] {
  const seen = new Map<string, { prefix: string; suffix: string }>();
  for (const row of rows) {
    for (const c of columns) {
      const m = AFFIXED_AMOUNT.exec(row[c]?.trim() ?? '');
      if (!m || (m[1] === '' && m[2] === '')) continue;
      seen.set(`${m[1]}\u0001${m[2]}`, { prefix: m[1]!, suffix: m[2]! });
      if (seen.size >= MAX_HEAD_AFFIXES) break;
    }
  }
  const out: Array<BankCsvBulkPlan['amountAffixes'][number]> = [];
  for (const { prefix, suffix } of seen.values()) {
    const r = readers.amountAffix(prefix, suffix);
    if (r) out.push({ prefix, suffix, currency: r.currency });
  }
  return out;
}

/**
 * The delimiter `parseBankCsv` splits the file's rows at (the mapping's, else sniffed from the head), when
 * it is one of the single ASCII characters the bulk path handles.
 */
export function bankCsvDelimiter(head: Uint8Array, mapping: unknown): string | undefined {
  const r = readMapping(mapping);
  const d =
    (r.ok ? r.mapping.delimiter : undefined) ??
    sniffTableDelimiter(decodeHead(head.subarray(0, 65536))).delimiter;
  return d === ';' || d === ',' || d === '\t' || d === '|' ? d : undefined;
}

function decodeBulkHead(head: Uint8Array, m: BankTableMapping): string {
  if (!m.encoding) return decodeHead(head);
  return new TextDecoder(m.encoding).decode(head, { stream: true });
}

/**
 * `TableStatement`'s per-row pieces, one distinct value at a time; the odd rows and the statement's end
 * go through the table itself.
 */
export class BankCsvValueReaders {
  readonly #table: TableStatement;
  #oddDone = false;

  constructor(table: TableStatement) {
    this.#table = table;
  }

  /** `date` + KEY_SEPARATOR + `time` (trimmed cells) → ISO timestamp, or the quarantine reason. */
  timestamp(key: string): { iso: string } | { error: string } {
    const [date = '', time = ''] = key.split(KEY_SEPARATOR);
    const iso = this.#table.timestampOf(date, time);
    return iso ? { iso } : { error: this.#table.dateErrorOf(date) };
  }

  /** The AMOUNT_ROLES cells joined by KEY_SEPARATOR → amount, direction and the amount's currency. */
  amount(key: string): AmountValue {
    const [debit = '', credit = '', amount = '', flag = ''] = key.split(KEY_SEPARATOR);
    const a = this.#table.amountOf(debit, credit, amount, flag);
    if ('error' in a) return a;
    const dot = a.amount.indexOf('.');
    return {
      direction: a.direction,
      amount: a.amount,
      scale: dot < 0 ? 0 : a.amount.length - dot - 1,
      currency: a.currency ?? null,
      zero: /^[+-]?0*(\.0*)?$/.test(a.amount),
    };
  }

  /**
   * Whether an amount cell written `<sign><prefix><number><suffix>` (any spaces between; the sign `+ - − –` or none;
   * the number in one of AMOUNT_NUMBER_SHAPES) reads as its sign and number say, and with which currency, for this
   * prefix and suffix (`₸`, `руб.`, `KZT`, or none): the bulk path reads such cells in SQL (bank-bulk-amounts.ts).
   * Checked on one cell of each sign and shape through the parser's own `amountOf`, which treats the affixes apart
   * from the number (parseAmount strips signs and currencies from both ends, then reads the number, whose shapes
   * here do not depend on the currency's decimals).
   */
  amountAffix(prefix: string, suffix: string): { currency: string | null } | undefined {
    let currency: string | null | undefined;
    for (const sign of ['', '+', '-', '- ', '−', '– ']) {
      for (const [n, value] of AMOUNT_PROBES) {
        const r = amountOf(`${sign}${prefix}${n}${suffix === '' ? '' : ` ${suffix}`}`);
        const negative = sign !== '' && sign[0] !== '+' && /[1-9]/.test(value);
        if (r?.value !== (negative ? `-${value}` : value)) return undefined;
        const c = r.currency ?? null;
        if (currency !== undefined && c !== currency) return undefined;
        currency = c;
      }
    }
    return currency === undefined ? undefined : { currency };
  }

  /** The direction a direction cell names (`TableStatement`'s words), or null: the amount's sign decides. */
  flagDirection(flag: string): 'debit' | 'credit' | null {
    return flagDirection(flag) ?? null;
  }

  /** A currency cell's code, or null (the row then takes the amount's or the statement's). */
  currency(cell: string): string | null {
    return this.#table.currencyOf(cell) ?? null;
  }

  /**
   * Whether a counterparty answer may take a name from the description; when not, a description in which no
   * card, IBAN or phone can be found (`ACCOUNT_CANDIDATE_RE2` of extract-identifiers.ts) gives the answer of an
   * empty one.
   */
  get namesFromDescription(): boolean {
    return this.#table.namesFromDescription;
  }

  get statementCurrency(): string | null {
    return this.#table.statementCurrency ?? null;
  }

  failed(status: string): boolean {
    return this.#table.isFailed(status);
  }

  /** The COUNTERPARTY_ROLES cells joined by KEY_SEPARATOR, for a credit or a debit. */
  counterparty(key: string, credit: boolean): CounterpartyValue {
    const cells = key.split(KEY_SEPARATOR);
    let usesDescription = false;
    const cp = this.#table.counterpartyOf(credit, (role) => {
      if (role === 'description') usesDescription = true;
      const i = (COUNTERPARTY_ROLES as readonly string[]).indexOf(role);
      return i < 0 ? '' : (cells[i] ?? '');
    });
    const props: Record<string, unknown> = {};
    if (cp.card) props.card = cp.card;
    if (cp.name) props.counterpartyName = cp.name;
    if (cp.accountRaw) props.counterpartyAccountRaw = cp.accountRaw;
    if (cp.iinRaw) props.counterpartyIin = cp.iinRaw;
    if (cp.fromDescription) props.counterpartySource = 'description';
    const json = JSON.stringify(props);
    let holder: HolderKey | null = null;
    if (cp.counterparty && (cp.holderName || cp.iin)) {
      holder = { account: cp.counterparty, name: HolderSet.normalizeName(cp.holderName), iin: cp.iin };
    }
    return {
      own: cp.own,
      counterparty: cp.counterparty,
      holderName: cp.holderName,
      channel: cp.channel,
      props: json === '{}' ? null : json.slice(1, -1),
      holder,
      usesDescription,
    };
  }

  /**
   * The rows SQL leaves to the parser's own logic (a field count other than the header's, or a date cell
   * that does not start with a digit), in file order: blank rows are skipped, totals rows fill the
   * balances, a row with only blank cells past the header's width is a data row after all (`promote`: SQL
   * reads its first cells), the rest go through `TableStatement.row`. Anything but a quarantine (a second
   * header, a row that stores a record) means `fallback`.
   */
  oddRows(
    rows: ReadonlyArray<{ line: number; text: string }>,
    delimiter: string,
  ): { issues: IssueRow[]; promote: number[] } | { fallback: string } {
    if (this.#oddDone) throw new Error('oddRows runs once');
    this.#oddDone = true;
    const table = this.#table;
    const issues: IssueRow[] = [];
    const promote: number[] = [];
    const width = table.width;
    for (const { line, text } of rows) {
      // Quotes here are whole quoted fields or text (the store turned any other file away): read as the parser reads them.
      const fields = text.includes('"')
        ? (parseCsvText(text, { delimiter })[0]?.fields ?? [''])
        : text.split(delimiter);
      const headerCheck = table.needsHeaderCheck(fields);
      if (fields.length !== width || headerCheck) {
        if (fields.every((f) => f.trim() === '')) continue;
        if (isTableHeader(mapColumns(fields.map((f) => f.trim()))))
          return { fallback: 'a second header row' };
        if (table.footer(fields, FOOTER)) continue;
      }
      if (!headerCheck && fields.length > width && fields.slice(width).every((c) => c.trim() === '')) {
        promote.push(line);
        continue;
      }
      table.row(fields, line, text);
      for (const item of table.out.splice(0)) {
        if (item.kind !== 'issue' || item.issue.severity !== 'quarantine')
          return { fallback: `row:${line} stores a record` };
        issues.push(item.issue);
      }
    }
    return { issues, promote };
  }

  /** The warning `TableStatement.row` gives on the first row without any currency. */
  currencyWarning(line: number): IssueRow {
    const item = this.#table.currencyWarning(line);
    if (item.kind !== 'issue') throw new Error('currencyWarning gives an issue');
    return item.issue;
  }

  /** `TableStatement.balanceEntry`: the next row, in line order, of a statement whose balances do not reconcile. */
  balanceEntry(e: BalanceEntry): void {
    this.#table.balanceEntry(e);
  }

  /** `TableStatement.balanceUnreconciled`. */
  balanceUnreconciled(credits: string, debits: string, first: BalanceEntry, last: BalanceEntry): boolean {
    return this.#table.balanceUnreconciled(credits, debits, first, last);
  }

  /** The statement and its reconciliation issue, after the SQL rows' totals. */
  finish(totals: Parameters<TableStatement['addBulk']>[0]): ParseItem[] {
    this.#table.addBulk(totals);
    return this.#table.finish();
  }
}

export interface BankCsvBulkResult {
  accepted: number;
  quarantined: number;
  /** The file's first issues in the order the parser yields them (at most the cap asked for). */
  issues: IssueRow[];
  /** Transfers recognised as already stored from the other end (docs/formats/both-ends.md). */
  mergedBothEnds: number;
  /** The lines were taken from those read ahead (`prepared`), not read again. */
  linesReadAhead: boolean;
}

/** Done, or why the file must go through the streaming parser instead (nothing was stored then). */
export type BankCsvBulkLoad = BankCsvBulkResult | { fallback: string };

export interface BankCsvBulkOptions {
  issueCap: number;
  /** Physical lines of the file at `path` (newlines, plus one for a last line without one). */
  lines: number;
  /** Line numbers (1-based, ascending) of empty lines, which DuckDB's reader skips. */
  blankLines: readonly number[];
  /** The most delimiter-separated fields on any line. */
  fields: number;
  /** The last line holding a quote (0: none): the bulk path reads no quotes below the header. */
  lastQuoteLine: number;
  /**
   * Per field (0-based), the last line on which that field's cell may start or end with a character JS `trim`
   * removes (0 or absent: none). A column whose cells below the header never do is not trimmed (exact, and
   * cheaper: the trim test costs DuckDB more than reading the cells). Absent: every column is trimmed.
   */
  paddedLines?: readonly number[];
  /**
   * Per field (0-based), the last line on which that field's cell may start with a quote (0 or absent: none; a cell
   * cut by a chunk may be counted). Where quotes are read in SQL, only these columns are unquoted and checked: a
   * quote inside a cell that does not start with one is text to the parser and to the bulk path alike
   * (`ТОО "Ромашка"`). Absent: every column is.
   */
  quoteStartLines?: readonly number[];
  /**
   * Delimiters inside quoted fields of the file at `path` were replaced by U+0001 (which no bulk file holds
   * otherwise): a quoted field is then one cell again, and the store puts the delimiter back when it unquotes.
   */
  maskedDelimiters?: boolean;
  /**
   * DuckDB reads the quotes itself: every quote in the file sits where the CSV rules put it (a quoted field from
   * its first byte to its last, quotes inside doubled, no line break inside), and below the header either every
   * field is quoted (`all`), exactly the fields that hold the delimiter or a quote (`minimal`), or the same fields
   * on every line (`columns:` then `1` for a quoted field, `0` for another, per field): a line is then its cells
   * quoted by that rule and joined again.
   */
  quoting?: string;
  /** Every line of the file at `path` ends in CR LF (DuckDB reads them with `new_line = '\r\n'`). */
  crlf?: boolean;
  /** Match transfers against those stored from other evidence (both ends). */
  bothEnds: boolean;
  /**
   * Lines the store began reading before the ingest (`BankCsvLinesPreparer`), from the same bytes: taken when
   * they were read as these options read them, read again otherwise.
   */
  prepared?: PreparedBankCsvLines;
}

/** The options that decide how the lines are read (the rest are read afterwards). */
export type BankCsvLinesOptions = Pick<
  BankCsvBulkOptions,
  'fields' | 'lastQuoteLine' | 'paddedLines' | 'quoteStartLines' | 'maskedDelimiters' | 'quoting' | 'crlf'
>;

/** Lines a store is reading ahead; `dispose` drops them unless a bulk load took them. */
export interface PreparedBankCsvLines {
  /** Resolves once the read has finished or failed (never rejects). */
  settled(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * What a store offers when it can read a bank CSV's lines ahead, outside the ingest's transaction, while the
 * caller is still hashing and scanning the copy (the options are a guess from the head; see `prepared`).
 */
export interface BankCsvLinesPreparer {
  prepareBankCsvLines(
    path: string,
    plan: BankCsvBulkPlan,
    options: BankCsvLinesOptions,
  ): PreparedBankCsvLines;
}

/** What a store's record sink offers when it can read a plain bank CSV itself. */
export interface BankCsvBulkSink {
  bulkBankCsv(path: string, plan: BankCsvBulkPlan, options: BankCsvBulkOptions): Promise<BankCsvBulkLoad>;
}
