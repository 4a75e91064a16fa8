import { extractIdentifiers } from '../../extract/index.ts';
import {
  addDecimal,
  BEYOND_STORE_DECIMAL,
  compareDecimal,
  fitsStoreDecimal,
  fromUnits,
  normalizeCurrency,
  parseAmount,
  subDecimal,
  toUnits,
} from '../../money/index.ts';
import type { ParseItem } from '../parser.ts';
import {
  accountId,
  compactAccount,
  entryTransfer,
  HolderSet,
  iinOf,
  issue,
  parseOffset,
  placeholderAccount,
} from './bank-records.ts';
import type { ColumnRole } from './header-synonyms.ts';
import type { BankTableMapping } from './mapping.ts';
import { StatementBuilder } from './statement-builder.ts';
import { readStatementMeta, type StatementMeta } from './statement-meta.ts';
import { type DateOrder, parseTableDate, startsWithMonth } from './table-date.ts';

export interface TableStatementOptions {
  evidenceId: string;
  /** `''` for CSV, `Sheet1!` for XLSX: prefixed to `row:<n>`. */
  locatorPrefix: string;
  headerRow: number;
  labels: readonly string[];
  columns: Partial<Record<ColumnRole, number>>;
  meta: StatementMeta;
  mapping: BankTableMapping;
  /** CSV rows must have the header's field count; XLSX rows may end early. */
  strictWidth: boolean;
}

const DEBIT_WORDS = /^(d|dr|д|дт|дебет|debit|списание|расход|шығыс|out|-)$/i;
const CREDIT_WORDS = /^(c|cr|к|кт|кредит|credit|зачисление|приход|поступление|кіріс|in|\+)$/i;
const FAILED_STATUS = /(fail|отклон|отмен|decline|reject|error|ошибк|қабылданбады)/i;

/** The direction a direction cell (`D`, `Кредит`, `списание`, `+`) names, if any; the amount's sign decides otherwise. */
export function flagDirection(flag: string): 'debit' | 'credit' | undefined {
  return DEBIT_WORDS.test(flag) ? 'debit' : CREDIT_WORDS.test(flag) ? 'credit' : undefined;
}

/** `- 2 000,00 ₸` → `-2 000,00 ₸`: Kaspi puts a space between the sign and the digits. */
export function amountOf(text: string): { value: string; currency?: string } | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  // The usual shapes (`-1 234,56`, `1234.5`, `100`) without parseAmount's general scan; same result.
  const f = PLAIN_AMOUNT.exec(t);
  if (f) {
    const digits = f[2]!.replace(GROUP_SPACE, '').replace(LEADING_ZEROS, '');
    const value = f[3] === undefined ? digits : `${digits}.${f[3]}`;
    return { value: f[1] === '-' && NON_ZERO.test(value) ? `-${value}` : value };
  }
  // A credit or debit mark after an unsigned amount (`1 234,56 CR`, `500.00 DR`, `1 000,00 Дт`): its sign.
  const mark = CREDIT_DEBIT_MARK.exec(t);
  if (mark) {
    if (/^[+\-−–]/.test(mark[1]!)) return undefined;
    const r = amountOf(mark[1]!);
    if (!r) return undefined;
    const debit = /^(dr|дт)$/i.test(mark[2]!);
    return { ...r, value: debit && NON_ZERO.test(r.value) ? `-${r.value}` : r.value };
  }
  const c = t.charCodeAt(0);
  // Only a leading sign needs care (`- 2 000,00 ₸`, `− 5`): digits go straight to parseAmount.
  const r = parseAmount(c >= 48 && c <= 57 ? t : t.replace(/^([+\-−–])\s+/, '$1').replace(/^[−–]/, '-'));
  if (!r.ok) return undefined;
  return r.currency ? { value: r.value, currency: r.currency } : { value: r.value };
}

/**
 * A sign, then digits (grouped in threes by spaces, or not at all), then `.` or `,` with one or two
 * decimals: parseAmount reads these as plain decimals (a separator before exactly three digits could be
 * a thousands separator there, so that shape is left to it).
 */
/** An amount, then a credit (`CR`, `Кт`) or debit (`DR`, `Дт`) mark: the amount is unsigned, the mark gives its sign. */
const CREDIT_DEBIT_MARK = /^(.*\d(?:\s*\p{L}{3})?)\s+(CR|DR|Cr|Dr|cr|dr|Кт|Дт|кт|дт)\.?$/u;
const PLAIN_AMOUNT = /^(-?)(\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d+)(?:[.,](\d{1,2}))?$/;
const GROUP_SPACE = /[ \u00a0\u202f\u2009]/g;
const LEADING_ZEROS = /^0+(?=\d)/;
const NON_ZERO = /[1-9]/;

/**
 * A phone column's cell as an account's text: ten digits of a Kazakh or Russian mobile number written without its
 * country code (`701 123 45 67`, `9161234567`) get `+7`; anything else as it is.
 */
function phoneOf(cell: string): string {
  const digits = compactAccount(cell);
  return /^[79]\d{9}$/.test(digits) ? `+7${digits}` : cell;
}

/** `Ерлан Н.`, `Иван Петров`, `Aidos Zh.`: two or three capitalised words, the last may be an initial. */
const PERSON_NAME = /^\p{Lu}[\p{Ll}-]+(?: \p{Lu}[\p{Ll}-]*\.?){1,2}$/u;

/** What `counterpartyOf` reads from an entry's cells. */
export interface Counterparty {
  counterparty: string | null;
  /** The counterparty's name for the holder record and the transfer's holder column. */
  holderName: string | null;
  iin: string | null;
  /** The row's own account: a full card of the row's card column, else the statement's. */
  own: string;
  channel: 'card2card' | 'bank';
  /** props: the card cell when it did not become the own account. */
  card: string | undefined;
  /** props.counterpartyName */
  name: string | undefined;
  /** props.counterpartyAccountRaw: an account or phone cell that is no identifier. */
  accountRaw: string | undefined;
  /** props.counterpartyIin */
  iinRaw: string | undefined;
  /** props.counterpartySource = 'description': the counterparty was found in the description. */
  fromDescription: boolean;
}

/** The quarantine reason (without locator) for a date cell that is not a date. */
export function dateError(dateText: string, order: DateOrder = 'DMY'): string {
  const quoted = `date "${dateText.slice(0, 40)}"`;
  // A day/month date the other order reads: say so, and how to read the file that way.
  const other = order === 'MDY' ? 'DMY' : order === 'DMY' ? 'MDY' : undefined;
  if (
    other &&
    parseTableDate(dateText, other) !== undefined &&
    /^\s*\d{1,2}[./-]\d{1,2}[./-]\d/.test(dateText)
  )
    return `${quoted} is not a date ${order === 'DMY' ? 'day first (DD/MM/YYYY, the default)' : 'month first (MM/DD/YYYY)'}; read ${order === 'DMY' ? 'month' : 'day'} first it is one — if the file writes its dates that way, pass "dateFormat": "${other}" in --mapping; row not stored`;
  return `${quoted} is not a date (expected e.g. 05.03.2024 14:22 or 2024-03-05); row not stored`;
}

const abs = (v: string) => (v.startsWith('-') ? v.slice(1) : v.startsWith('+') ? v.slice(1) : v);
const isZero = (v: string) => /^[+-]?0*(\.0*)?$/.test(v);

/** A row that went into a statement's sums, with its balance cell (`runningBalances`). */
export interface BalanceEntry {
  line: number;
  balance: string;
  direction: 'credit' | 'debit';
  /** Unsigned. */
  amount: string;
}

/**
 * Opening and closing balances from a running balance column (each row's balance after it), when the statement names
 * none: from its first and last entries (file order) and its sums. Rows oldest first: opening = the first balance less
 * the first entry, closing = the last balance; newest first: opening = the last balance less the last entry, closing =
 * the first balance. The order that reconciles (opening + credits − debits = closing) is taken; when neither does,
 * `net` and `moved` say by how much (rows missing, or in another currency); undefined when a balance is no amount.
 * Balances are given without trailing zeros (the bulk path and the parser write their amounts alike so).
 */
export function runningBalances(
  first: BalanceEntry,
  last: BalanceEntry,
  credits: string,
  debits: string,
): { opening: string; closing: string } | { net: string; moved: string } | undefined {
  const fb = amountOf(first.balance)?.value;
  const lb = amountOf(last.balance)?.value;
  if (fb === undefined || lb === undefined) return undefined;
  const signed = (e: BalanceEntry) => (e.direction === 'credit' ? e.amount : `-${e.amount}`);
  const net = subDecimal(credits, debits);
  for (const [opening, closing] of [
    [subDecimal(fb, signed(first)), lb],
    [subDecimal(lb, signed(last)), fb],
  ] as const) {
    if (compareDecimal(addDecimal(opening, net), closing) === 0)
      return { opening: trimZeros(opening), closing: trimZeros(closing) };
  }
  return { net: trimZeros(net), moved: trimZeros(subDecimal(lb, fb)) };
}

/** Where a running balance column stops following its rows: two neighbouring rows whose balances do not move by the rows' amounts. */
export interface BalanceBreak {
  /** The earlier row (file order) and its balance cell. */
  from: BalanceEntry;
  to: BalanceEntry;
  /** How the balance moves from one to the other (read in the chain's order), and how the rows move it. */
  moved: string;
  rows: string;
}

/** At most this many breaks are kept per order (the count goes on). */
const BREAKS_KEPT = 3;

/** The decimals a stored amount may have: the chain's integer units are at this scale. */
const CHAIN_SCALE = 18;

/** A decimal as units at `CHAIN_SCALE`; undefined past it (no balance the store keeps has more decimals). */
function chainUnits(value: string): bigint | undefined {
  try {
    return toUnits(value, CHAIN_SCALE);
  } catch {
    return undefined;
  }
}

/**
 * A statement's entries in file order with their balance cells (`BalanceEntry`): its first and last ones
 * (`runningBalances`) and, when every entry was given (`add`), where the balance breaks read oldest first and
 * newest first. A row whose balance cell is no amount moves the balance with the next row that has one.
 */
export class BalanceChain {
  first: BalanceEntry | undefined;
  last: BalanceEntry | undefined;
  /** Whether every entry went through `add` (the bulk path may give only the first and the last). */
  private pairwise = true;
  private prev: { entry: BalanceEntry; value: bigint; signed: bigint } | undefined;
  /** The signed amounts of the entries since `prev` whose balance cell is no amount. */
  private between = 0n;
  private readonly found = {
    oldest: { count: 0, kept: [] as BalanceBreak[] },
    newest: { count: 0, kept: [] as BalanceBreak[] },
  };

  /** The next entry in file order. */
  add(e: BalanceEntry): void {
    if (!this.first) this.first = e;
    this.last = e;
    // Units at the store's widest scale: a million rows are checked in integers, not in decimal strings.
    // An entry's amount fits the store (else the row was quarantined, never an entry).
    const signed = (chainUnits(e.amount) ?? 0n) * (e.direction === 'credit' ? 1n : -1n);
    const text = amountOf(e.balance)?.value;
    const value = text === undefined ? undefined : chainUnits(text);
    if (value === undefined) {
      this.between += signed;
      return;
    }
    const p = this.prev;
    if (p) {
      // Oldest first: this row's balance is the previous one plus the rows since, this one included.
      // Newest first: the previous row's balance is this one plus the rows since, the previous one included.
      this.check('oldest', p, e, value - p.value, this.between + signed);
      this.check('newest', p, e, p.value - value, this.between + p.signed);
    }
    this.prev = { entry: e, value, signed };
    this.between = 0n;
  }

  /** Only the first and last entries are known (no pairwise check). */
  ends(first: BalanceEntry, last: BalanceEntry): void {
    if (!this.first || first.line < this.first.line) this.first = first;
    if (!this.last || last.line > this.last.line) this.last = last;
    this.pairwise = false;
  }

  private check(
    order: 'oldest' | 'newest',
    p: { entry: BalanceEntry },
    e: BalanceEntry,
    moved: bigint,
    rows: bigint,
  ): void {
    if (moved === rows) return;
    const f = this.found[order];
    f.count++;
    if (f.kept.length < BREAKS_KEPT)
      f.kept.push({
        from: p.entry,
        to: e,
        moved: trimZeros(fromUnits(moved, CHAIN_SCALE)),
        rows: trimZeros(fromUnits(rows, CHAIN_SCALE)),
      });
  }

  /** The order with fewer breaks (oldest first on a tie), its break count and first breaks; undefined without a pairwise check. */
  breaks(): { order: 'oldest' | 'newest'; count: number; kept: readonly BalanceBreak[] } | undefined {
    if (!this.pairwise || !this.prev) return undefined;
    const { oldest, newest } = this.found;
    return newest.count < oldest.count ? { order: 'newest', ...newest } : { order: 'oldest', ...oldest };
  }
}

/** A decimal without trailing zeros after its point (`-0` as `0`). */
function trimZeros(d: string): string {
  const t = d.includes('.') ? d.replace(/\.?0+$/, '') : d;
  return /^-0*$/.test(t) ? '0' : t;
}

/** Turns the data rows of one detected table (a CSV file or one XLSX sheet) into transfers + a statement. */
export class TableStatement {
  readonly out: ParseItem[] = [];
  private readonly builder: StatementBuilder;
  private readonly holders: HolderSet;
  private readonly own: string;
  private readonly ownHolder: string | null;
  private readonly offset: number;
  private readonly known = new Set<number>();
  private readonly cache = new Map<string, string | null>();
  private periodFrom: string | undefined;
  private readonly chain = new BalanceChain();
  private periodTo: string | undefined;
  private currencyWarned = false;
  private currency: string | undefined;
  private lastCcyCell = '';
  private lastCcy: string | undefined;
  private readonly noNameColumn: boolean;
  private readonly ownIsPlaceholder: boolean;

  constructor(private readonly o: TableStatementOptions) {
    const ev = o.evidenceId;
    const m = o.mapping;
    const meta = o.meta;
    this.holders = new HolderSet(ev);
    const mapped = m.account ? accountId(m.account, m.bank) : null;
    this.own = mapped ?? meta.account ?? placeholderAccount(ev);
    this.ownIsPlaceholder = !mapped && !meta.account;
    this.ownHolder = m.holder ?? meta.holder ?? null;
    this.offset = parseOffset(m.timezone) ?? 0;
    this.currency = (m.currency ? normalizeCurrency(m.currency) : undefined) ?? meta.currency;
    for (const v of Object.values(o.columns)) if (v !== undefined) this.known.add(v);
    this.noNameColumn =
      o.columns.sender === undefined &&
      o.columns.receiver === undefined &&
      o.columns.counterparty === undefined;
    const headerLoc = this.loc(o.headerRow);
    if (this.ownIsPlaceholder) {
      this.out.push(
        issue(
          ev,
          headerLoc,
          'warning',
          `no own account found above the table${meta.accountRaw ? ` ("${meta.accountRaw}" is not a card, IBAN or account number)` : ''}; transfers use the placeholder ${this.own}${o.columns.card === undefined ? '' : ' where the card column gives no card'} — give "account" in --mapping to name it`,
        ),
      );
    }
    const h = this.holders.holder(this.own, headerLoc, {
      holderName: this.ownHolder,
      iin: (m.iin ? iinOf(m.iin) : null) ?? meta.iin ?? null,
    });
    if (h) this.out.push(h);
    this.builder = new StatementBuilder({
      evidenceId: ev,
      locator: headerLoc,
      label: `table at ${headerLoc}`,
      account: this.own,
      openingBalance: m.openingBalance ?? meta.openingBalance ?? null,
      closingBalance: m.closingBalance ?? meta.closingBalance ?? null,
    });
  }

  loc(row: number): string {
    return `${this.o.locatorPrefix}row:${row}`;
  }

  private cell(cells: readonly string[], role: ColumnRole): string {
    const i = this.o.columns[role];
    return i === undefined ? '' : (cells[i] ?? '').trim();
  }

  private account(raw: string): string | null {
    if (raw === '') return null;
    let v = this.cache.get(raw);
    if (v === undefined) {
      v = accountId(raw);
      if (this.cache.size < 100_000) this.cache.set(raw, v);
    }
    return v;
  }

  /** One data row; `raw` is the source text for quarantine. */
  row(cells: readonly string[], rowNo: number, raw: string): void {
    const ev = this.o.evidenceId;
    const locator = this.loc(rowNo);
    const width = this.o.labels.length;
    if (
      this.o.strictWidth &&
      cells.length !== width &&
      !(cells.length > width && cells.slice(width).every((c) => c.trim() === ''))
    ) {
      this.out.push(
        issue(
          ev,
          locator,
          'quarantine',
          `${locator}: ${cells.length} fields where the header at ${this.loc(this.o.headerRow)} has ${width}: the columns are shifted (an unquoted delimiter or a changed layout); row not stored`,
          raw,
        ),
      );
      return;
    }
    const dateText = this.cell(cells, 'date');
    const timestamp = this.timestampOf(dateText, this.cell(cells, 'time'));
    if (!timestamp) {
      this.out.push(issue(ev, locator, 'quarantine', `${locator}: ${this.dateErrorOf(dateText)}`, raw));
      return;
    }
    const a = this.amountOf(
      this.cell(cells, 'debit'),
      this.cell(cells, 'credit'),
      this.cell(cells, 'amount'),
      this.cell(cells, 'direction'),
    );
    if ('error' in a) {
      this.out.push(issue(ev, locator, 'quarantine', `${locator}: ${a.error}`, raw));
      return;
    }
    const { direction, amount } = a;
    const ccyCell = this.cell(cells, 'currency');
    if (ccyCell !== this.lastCcyCell) {
      // Statements repeat one or two currencies: the alias look-up runs once per change.
      this.lastCcyCell = ccyCell;
      this.lastCcy = this.currencyOf(ccyCell);
    }
    let currency = this.lastCcy ?? a.currency ?? this.currency;
    if (!currency) {
      currency = 'XXX';
      if (!this.currencyWarned) {
        this.currencyWarned = true;
        this.out.push(this.currencyWarning(rowNo));
      }
    }
    this.builder.add(direction, amount);
    if (this.o.columns.balance !== undefined)
      this.chain.add({ line: rowNo, balance: this.cell(cells, 'balance'), direction, amount });
    const day = timestamp.slice(0, 10);
    if (!this.periodFrom || day < this.periodFrom) this.periodFrom = day;
    if (!this.periodTo || day > this.periodTo) this.periodTo = day;
    if (isZero(amount)) return;

    const cp = this.counterpartyOf(direction === 'credit', (role) => this.cell(cells, role));
    // Only non-empty values are set: the object keeps a fast shape (no deletes later). No closure per row.
    const props: Record<string, unknown> = {};
    let v = this.cell(cells, 'description');
    if (v) props.description = v;
    v = this.cell(cells, 'operation');
    if (v) props.operation = v;
    v = this.cell(cells, 'category');
    if (v) props.category = v;
    const status = this.cell(cells, 'status');
    if (status) props.status = status;
    v = this.cell(cells, 'valueDate');
    if (v) props.valueDate = v;
    v = this.cell(cells, 'balance');
    if (v) props.balanceAfter = v;
    if (cp.card) props.card = cp.card;
    if (cp.name) props.counterpartyName = cp.name;
    if (cp.accountRaw) props.counterpartyAccountRaw = cp.accountRaw;
    if (cp.iinRaw) props.counterpartyIin = cp.iinRaw;
    if (cp.fromDescription) props.counterpartySource = 'description';
    // Unmapped columns are kept under their header text.
    for (let i = 0; i < cells.length; i++) {
      if (this.known.has(i)) continue;
      const v = cells[i]?.trim();
      const label = this.o.labels[i]?.trim();
      if (v && label) props[label] = v;
    }
    if (status && this.isFailed(status)) props.failed = true;
    const reference = this.cell(cells, 'reference');
    const row = entryTransfer({
      evidenceId: ev,
      locator,
      txId: reference || null,
      timestamp,
      amount,
      currency,
      direction,
      own: cp.own,
      ownHolder: this.ownHolder,
      counterparty: cp.counterparty,
      counterpartyName: cp.holderName,
      channel: cp.channel,
      reference: reference || null,
      props,
    });
    this.out.push({ kind: 'record', record: { table: 'transfers', row } });
    const h = this.holders.holder(cp.counterparty, locator, { holderName: cp.holderName, iin: cp.iin });
    if (h) this.out.push(h);
  }

  // The pieces of `row` below are pure functions of a few trimmed cells: the bulk path
  // (bulk-bank-csv.ts) calls them once per distinct value instead of once per row.

  /** Why `dateText` (trimmed) is not a date of this table (`dateError` with its order). */
  dateErrorOf(dateText: string): string {
    return dateError(dateText, this.o.mapping.dateFormat ?? 'DMY');
  }

  /** The row's timestamp from its date and time cells (trimmed), or undefined when it is not a date. */
  timestampOf(dateText: string, timeText: string): string | undefined {
    return parseTableDate(
      timeText && !dateText.includes(':') ? `${dateText} ${timeText}` : dateText,
      this.o.mapping.dateFormat ?? 'DMY',
      this.offset,
    );
  }

  /** Direction, amount (no sign) and the amount's own currency, or the quarantine reason (no locator). */
  amountOf(
    debitText: string,
    creditText: string,
    text: string,
    flag: string,
  ): { direction: 'credit' | 'debit'; amount: string; currency: string | undefined } | { error: string } {
    const r = this.readAmount(debitText, creditText, text, flag);
    if ('amount' in r && !fitsStoreDecimal(r.amount))
      return { error: `amount ${r.amount.slice(0, 60)} ${BEYOND_STORE_DECIMAL}; row not stored` };
    return r;
  }

  private readAmount(
    debitText: string,
    creditText: string,
    text: string,
    flag: string,
  ): { direction: 'credit' | 'debit'; amount: string; currency: string | undefined } | { error: string } {
    const debit = amountOf(debitText);
    const credit = amountOf(creditText);
    const debitSet = debit && !isZero(debit.value);
    const creditSet = credit && !isZero(credit.value);
    if (debitSet && creditSet) {
      return { error: `both debit (${debit.value}) and credit (${credit.value}) are filled; row not stored` };
    }
    if (debitSet) return { direction: 'debit', amount: abs(debit.value), currency: debit.currency };
    if (creditSet) return { direction: 'credit', amount: abs(credit.value), currency: credit.currency };
    const a = amountOf(text);
    if (a) {
      const direction = flagDirection(flag) ?? (a.value.startsWith('-') ? 'debit' : 'credit');
      return { direction, amount: abs(a.value), currency: a.currency };
    }
    if (text !== '' || (!debit && !credit && (debitText !== '' || creditText !== ''))) {
      const shown = text || debitText || creditText;
      return { error: `amount "${shown.slice(0, 40)}" is not an amount; row not stored` };
    }
    if (debit || credit) return { direction: debit ? 'debit' : 'credit', amount: '0', currency: undefined };
    return { error: 'no amount in the amount, debit or credit columns; row not stored' };
  }

  /** A currency cell's code (aliases such as ₸ or руб. read), undefined when empty or unknown. */
  currencyOf(cell: string): string | undefined {
    return cell ? normalizeCurrency(cell) : undefined;
  }

  /** The statement's currency (mapping or header block), used where a row names none. */
  get statementCurrency(): string | undefined {
    return this.currency;
  }

  /** Whether a status cell marks the operation as failed. */
  isFailed(status: string): boolean {
    return FAILED_STATUS.test(status);
  }

  /** The warning for the first row that names no currency when the statement names none either. */
  currencyWarning(rowNo: number): ParseItem {
    const locator = this.loc(rowNo);
    return issue(
      this.o.evidenceId,
      locator,
      'warning',
      `${locator}: no currency in the row, the header block or the mapping; stored as XXX — give "currency" in --mapping`,
    );
  }

  /** Counterparty account, holder and name of an entry from its (trimmed) cells; `credit` picks the sender. */
  counterpartyOf(credit: boolean, cell: (role: ColumnRole) => string): Counterparty {
    // A credit's counterparty is the sender, a debit's the receiver; generic columns fill the gaps.
    let name = (credit ? cell('sender') : cell('receiver')) || cell('counterparty');
    // Kaspi-style exports have no name column: "Детали" holds the other person's name on transfers.
    if (!name && this.noNameColumn) {
      const details = cell('description');
      if (PERSON_NAME.test(details)) name = details;
    }
    const acctRaw = (credit ? cell('senderAccount') : cell('receiverAccount')) || cell('counterpartyAccount');
    const phoneRaw = cell('phone');
    const iinRaw = cell('iin');
    const iin = iinRaw ? iinOf(iinRaw) : null;
    let counterparty = this.account(acctRaw) ?? this.account(phoneOf(phoneRaw));
    // A name column that holds a card, IBAN or phone (transfer aliases) is an account.
    const nameAsAccount =
      !counterparty && /^[+\d*xX\s()-]{10,}$|^[A-Z]{2}\d{2}[A-Z0-9 ]{10,}$/.test(name)
        ? this.account(phoneOf(name))
        : null;
    counterparty ??= nameAsAccount ?? iin;
    const holderName = nameAsAccount ? null : name || null;
    const cardRaw = cell('card');
    const rowCard = cardRaw ? this.account(cardRaw) : null;
    // A masked own card names the account better than the per-file placeholder, but never replaces a
    // known account: two cards masked alike may be different cards.
    const own =
      rowCard?.startsWith('card:') && (!rowCard.includes('*') || this.ownIsPlaceholder) ? rowCard : this.own;
    // Many banks name the other side only in the description ("Перевод на карту 4400 43** **** 1237",
    // "по номеру телефона +7 701 …"): its first validated card, IBAN or phone that is not the own
    // account becomes the counterparty, and props say where it came from.
    let fromDescription = false;
    if (!counterparty) {
      counterparty = this.counterpartyInText(cell('description'), own);
      fromDescription = counterparty !== null;
    }
    return {
      counterparty,
      holderName,
      iin,
      own,
      channel: counterparty?.startsWith('card:') && own.startsWith('card:') ? 'card2card' : 'bank',
      card: own === this.own && cardRaw ? cardRaw : undefined,
      name: name || undefined,
      accountRaw: !counterparty && (acctRaw || phoneRaw) ? acctRaw || phoneRaw : undefined,
      iinRaw: iinRaw || undefined,
      fromDescription,
    };
  }

  private counterpartyInText(text: string, own: string): string | null {
    if (!text) return null;
    for (const e of extractIdentifiers(text)) {
      if (!e.validated || !e.identifier || e.identifier === own) continue;
      if (e.kind === 'card' || e.kind === 'iban' || e.kind === 'phone') return e.identifier;
    }
    return null;
  }

  /**
   * Rows the bulk path read in SQL, as if each had gone through `row`: their sums per direction (`scale`
   * the widest number of decimals among all of them) and their first and last day (`YYYY-MM-DD`).
   */
  addBulk(t: {
    credits: { total: string; count: number };
    debits: { total: string; count: number };
    scale: number;
    firstDay: string | null;
    lastDay: string | null;
    /**
     * When the table has a balance column: the first and last of those rows (by line) with their balance cells; none
     * when every row went through `balanceEntry` (for where the balance breaks: `balanceUnreconciled` says when to).
     */
    ends?: readonly [BalanceEntry, BalanceEntry];
  }): void {
    this.builder.addTotal('credit', t.credits.total, t.scale, t.credits.count);
    this.builder.addTotal('debit', t.debits.total, t.scale, t.debits.count);
    if (t.ends) this.chain.ends(t.ends[0], t.ends[1]);
    if (t.firstDay !== null && (!this.periodFrom || t.firstDay < this.periodFrom))
      this.periodFrom = t.firstDay;
    if (t.lastDay !== null && (!this.periodTo || t.lastDay > this.periodTo)) this.periodTo = t.lastDay;
  }

  /** Minutes east of UTC for times without an offset. */
  get offsetMinutes(): number {
    return this.offset;
  }

  /**
   * Whether `counterpartyOf` may take the other side's name from the description (a Kaspi-style file with no
   * name column); otherwise it reads the description only for a card, IBAN or phone.
   */
  get namesFromDescription(): boolean {
    return this.noNameColumn;
  }

  /** Fields in the header row. */
  get width(): number {
    return this.o.labels.length;
  }

  /** The holder column of the own side of every transfer. */
  get ownHolderName(): string | null {
    return this.ownHolder;
  }

  /** Column indexes the table maps to a role (the others are kept in props under their header text). */
  get mappedColumns(): ReadonlySet<number> {
    return this.known;
  }

  /** Cheap pre-check: a row whose date cell does not start with a digit may be a header or a footer. */
  needsHeaderCheck(cells: readonly string[]): boolean {
    const date = this.cell(cells, 'date');
    return !/^\s*\d/.test(date) && !startsWithMonth(date);
  }

  /** A totals or balance row below the table: its balances fill what the header block lacked. */
  footer(cells: readonly string[], re: RegExp): boolean {
    if (!cells.some((c) => re.test(c))) return false;
    const meta = readStatementMeta([cells]);
    const init = this.builder.init;
    if (meta.openingBalance !== undefined && init.openingBalance == null)
      init.openingBalance = meta.openingBalance;
    if (meta.closingBalance !== undefined && init.closingBalance == null)
      init.closingBalance = meta.closingBalance;
    return true;
  }

  /** The bulk path's rows in the sums, in line order, with their balance cells (`BalanceChain.add`). */
  balanceEntry(e: BalanceEntry): void {
    this.chain.add(e);
  }

  /**
   * Whether a statement whose rows have these sums and these first and last balance cells would get no balances from
   * them (`runningBalances`): the bulk path then reads every row's balance cell for where the balance breaks.
   */
  balanceUnreconciled(credits: string, debits: string, first: BalanceEntry, last: BalanceEntry): boolean {
    const init = this.builder.init;
    if (init.openingBalance != null || init.closingBalance != null) return false;
    const r = runningBalances(first, last, credits, debits);
    return r !== undefined && !('opening' in r);
  }

  /** Where the running balance breaks, for the warning: `; read oldest first, it breaks at 2 places: …`. */
  private breaksText(): string {
    const b = this.chain.breaks();
    if (!b || b.count === 0) return '';
    const places = b.kept
      .map(
        (k) =>
          `from ${this.loc(k.from.line)} (${k.from.balance}) to ${this.loc(k.to.line)} (${k.to.balance}) it moves by ${k.moved} where the rows move it by ${k.rows}`,
      )
      .join('; ');
    const more = b.count > b.kept.length ? `; ${b.count - b.kept.length} more` : '';
    return `; read ${b.order} first, it breaks at ${b.count} place${b.count === 1 ? '' : 's'}: ${places}${more}`;
  }

  finish(): ParseItem[] {
    const init = this.builder.init;
    const { first: f, last: l } = this.chain;
    if (init.openingBalance == null && init.closingBalance == null && f && l) {
      const r = runningBalances(f, l, this.builder.credits, this.builder.debits);
      if (r && 'opening' in r) {
        init.openingBalance = r.opening;
        init.closingBalance = r.closing;
      } else if (r) {
        this.out.push(
          issue(
            this.o.evidenceId,
            init.locator,
            'warning',
            `statement ${init.label ?? init.locator} (${init.account}): the balance column does not account for the entries between ${this.loc(f.line)} (${f.balance}) and ${this.loc(l.line)} (${l.balance}), read oldest or newest first: credits ${this.builder.credits} − debits ${this.builder.debits} = ${r.net}, the balances move by ${r.moved}${this.breaksText()}; look for missing rows, or rows in another currency`,
          ),
        );
      }
    }
    const items = this.builder.finish({
      periodFrom: this.o.meta.periodFrom ?? this.periodFrom ?? null,
      periodTo: this.o.meta.periodTo ?? this.periodTo ?? null,
      currency: this.currency ?? null,
    });
    return [...this.out.splice(0), ...items];
  }
}
