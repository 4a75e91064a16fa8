import { compareDecimal } from '../../money/index.ts';
import { decodeChunks, detectEncoding, isValidUtf8 } from '../../text/index.ts';
import {
  accountId,
  entryTransfer,
  HolderSet,
  iinOf,
  isoFromParts,
  issue,
  ownAccountId,
  peekChunks,
  withProgress,
} from '../bank-table/bank-records.ts';
import { StatementBuilder } from '../bank-table/statement-builder.ts';
import type { FormatParser, ParseContext, ParseItem } from '../parser.ts';
import { detectMt940 } from './detect.ts';

interface Field {
  tag: string;
  value: string;
  line: number;
}

interface Balance {
  amount: string;
  currency: string;
  date: string | undefined;
}

interface StatementState {
  first: Field;
  /** The first few fields, as `raw` when they turn out to be no statement. */
  fields: Field[];
  reference?: Field;
  account?: Field;
  number?: Field;
  opening?: Balance | undefined;
  closing?: Balance | undefined;
  holderName?: string | undefined;
  floorCurrency?: string | undefined;
  summary: Partial<Record<'90C' | '90D', { count: number; amount: string }>>;
  pending?: PendingEntry | undefined;
  entries: number;
  own?: string;
  builder?: StatementBuilder;
}

interface PendingEntry {
  field: Field;
  details?: Field;
}

/**
 * SWIFT amount `000001000,5` → `1000.5`; undefined if not digits with a decimal comma. A decimal point
 * followed by one or two digits (`1000.50`, written by some non-SWIFT exporters) is read the same; with
 * three digits (`1.000`) it may be a thousands separator, so it stays unreadable.
 */
export function swiftAmount(text: string): string | undefined {
  const m = /^(\d+)(?:,(\d*)|\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const int = (m[1] ?? '0').replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? m[3] ?? '').replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

function yearOf(yy: number): number {
  return yy < 80 ? 2000 + yy : 1900 + yy;
}

function dateOf(yymmdd: string): string | undefined {
  const y = yearOf(Number(yymmdd.slice(0, 2)));
  return isoFromParts(y, Number(yymmdd.slice(2, 4)), Number(yymmdd.slice(4, 6)))?.slice(0, 10);
}

const BALANCE_RE = /^([CD])(\d{6})([A-Z]{3})(\d+(?:,\d*|\.\d{1,2}))\s*$/;
// value date, entry date, mark (RC/RD reversals, EC/ED expected), funds code, amount, type, references
const LINE61_RE =
  /^(\d{6})(\d{4})?(RC|RD|EC|ED|C|D)([A-Z])?(\d+(?:,\d*|\.\d{1,2})?)([A-Z][A-Z0-9 ]{3})([^\n]*?)(?:\/\/([^\n]*))?(?:\n([\s\S]*))?$/;

/**
 * German structured `:86:` (`?20`…`?63` purpose, `?30` bank, `?31` account, `?32`/`?33` name); Polish
 * banks (PKO BP, ING Polska, Millennium) write the same subfields with `~` (or `^`) and add `~38` IBAN.
 */
function germanSubfields(raw: string): Map<string, string> | undefined {
  const details = raw.trimStart();
  const sep = (/^\d{3}([?~^])\d\d/.exec(details) ?? /^([?~^])\d\d/.exec(details))?.[1];
  if (!sep) return undefined;
  const map = new Map<string, string>();
  const joined = details.replace(/\n/g, '');
  map.set('code', joined.slice(0, 3));
  const re = new RegExp(`\\${sep}(\\d\\d)([^${sep === '^' ? '\\^' : sep}]*)`, 'g');
  for (const m of joined.matchAll(re)) {
    const k = m[1] ?? '';
    map.set(k, (map.get(k) ?? '') + (m[2] ?? ''));
  }
  return map;
}

/**
 * Codes of SWIFT-style `/CODE/value` details: the SWIFT MT940 usage guidelines (`/ORDP/`, `/BENM/`, `/REMI/`,
 * `/EREF/` …), the Dutch banks' SEPA set (`/CNTP/`, `/TRTP/`, `/IBAN/`, `/BIC/`, `/NAME/`) and the codes
 * CIS banks add (`/ACC/`, `/INN/`, `/KPP/`, `/BIN/`, `/IIN/`, `/KNP/`). A value runs to the next known
 * code, so a `/` inside a purpose ("сч/ф 15") stays in the text.
 */
const SLASH_CODES = new Set([
  'EREF',
  'KREF',
  'MREF',
  'CRED',
  'DEBT',
  'CNTP',
  'REMI',
  'PURP',
  'ORDP',
  'BENM',
  'ULTC',
  'ULTD',
  'ULTB',
  'NAME',
  'ADDR',
  'CITY',
  'CTRY',
  'IBAN',
  'BIC',
  'ACC',
  'ACCW',
  'TRTP',
  'CSID',
  'SVCL',
  'RTRN',
  'MARF',
  'ISDT',
  'CDTRREFTP',
  'CDTRREF',
  'PREF',
  'INN',
  'KPP',
  'BIN',
  'IIN',
  'KNP',
  'KBE',
  'OCMT',
  'CHGS',
  'EXCH',
  'ID',
  'SUM',
  'PT',
]);

/** SWIFT-style `/CODE/value` details (Rabobank, ING, ABN AMRO SEPA, CIS banks); first value per code. */
function slashSubfields(details: string): Map<string, string> | undefined {
  const joined = details.replace(/\n/g, '');
  if (!/^\s*\/[A-Z]{2,9}\//.test(joined)) return undefined;
  // Each `/` that opens a known `/CODE/`; the look-ahead lets `/ORDP//NAME/` yield both codes.
  const marks = [...joined.matchAll(/\/(?=([A-Z]{2,9})\/)/g)]
    .filter((m) => SLASH_CODES.has(m[1] ?? ''))
    .map((m) => ({ code: m[1] ?? '', at: m.index ?? 0 }));
  if (marks.length === 0) return undefined;
  const map = new Map<string, string>();
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i];
    if (!m || map.has(m.code)) continue;
    const start = m.at + m.code.length + 2;
    const end = Math.max(start, marks[i + 1]?.at ?? joined.length);
    map.set(m.code, joined.slice(start, end).replace(/\/+$/, '').trim());
  }
  return map;
}

/** The currency some banks append to the `:25:` account (`NL20INGB0001234567EUR`, `KZ…/KZT`). */
function accountCurrency(account: Field | undefined): string | undefined {
  const m = /[\d/ ]([A-Z]{3})$/.exec(account?.value.trim().split('\n')[0]?.trim() ?? '');
  return m?.[1];
}

const IBAN_TOKEN = /\b[A-Z]{2}\d{2}[A-Z0-9]{10,30}\b/g;

function counterpartyFrom(
  details: string | undefined,
  supplementary: string | undefined,
  direction: 'credit' | 'debit',
  own: string,
) {
  let name: string | undefined;
  let rawAccount: string | undefined;
  let bank: string | undefined;
  let iin: string | null = null;
  let eref: string | undefined;
  let description = details?.replace(/\n/g, ' ').trim();
  const german = details ? germanSubfields(details) : undefined;
  if (german) {
    name = `${german.get('32') ?? ''}${german.get('33') ?? ''}`.replace(/\s+/g, ' ').trim() || undefined;
    const iban = german.get('38')?.replace(/\s/g, '');
    const ibanId = iban ? accountId(iban) : null;
    rawAccount = (ibanId?.startsWith('iban:') ? iban : undefined) || german.get('31')?.trim() || undefined;
    bank = ibanId?.startsWith('iban:') ? undefined : german.get('30')?.trim() || undefined;
    const purpose = ['20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '60', '61', '62', '63']
      .map((k) => german.get(k) ?? '')
      .join('')
      .trim();
    description = [german.get('00'), purpose].filter(Boolean).join(': ') || description;
  } else if (details) {
    const slash = slashSubfields(details);
    if (slash) {
      // ING: `/CNTP/<account>/<BIC>/<name>/<city>/`; SWIFT: the party's name right after `/ORDP/`
      // (credit) or `/BENM/` (debit), or in a `/NAME/` of its own (Rabobank `/ORDP//NAME/…`).
      const cntp = slash.get('CNTP')?.split('/');
      const party = slash.get(direction === 'credit' ? 'ORDP' : 'BENM');
      name = slash.get('NAME') || cntp?.[2]?.trim() || party || undefined;
      rawAccount = slash.get('IBAN') || cntp?.[0]?.trim() || slash.get('ACC') || undefined;
      bank = slash.get('BIC') || cntp?.[1]?.trim() || undefined;
      iin = iinOf(slash.get('BIN') || slash.get('IIN'));
      eref = slash.get('EREF') || undefined;
      const remi = slash.get('REMI')?.replace(/^(USTD|STRD)\/\/?/, '');
      if (remi) description = remi.trim();
    }
  }
  let account = rawAccount ? accountId(rawAccount, bank) : null;
  if (!account) {
    for (const text of [supplementary, details]) {
      for (const m of (text ?? '').replace(/\n/g, '').matchAll(IBAN_TOKEN)) {
        account = accountId(m[0]);
        if (account?.startsWith('iban:')) break;
        account = null;
      }
      if (account) break;
    }
  }
  // Russian banks write the counterparty into free text: `… р/с 40702810… БИК 044525225 …`. A 20-digit
  // account next to the word счёт (or in /ACC/ above) with a 9-digit БИК is that account; the statement's
  // own number is skipped.
  if (!account && details) {
    const text = details.replace(/\n/g, ' ');
    const bik = /БИК\D{0,3}(\d{9})\b/i.exec(text)?.[1] ?? (bank && /^\d{9}$/.test(bank) ? bank : undefined);
    for (const m of text.matchAll(/(?:сч(?:ет|ёт)?|р\/с|к\/с|acc)\.?\s*(?:№\s*)?(\d{20})\b/gi)) {
      const id = bik && m[1] ? accountId(m[1], bik) : null;
      if (id && !own.endsWith(`:${m[1]}`)) {
        account = id;
        break;
      }
    }
  }
  return { name, account, rawAccount, description, iin, eref };
}

class Mt940Reader {
  readonly out: ParseItem[] = [];
  /** The statement being read; entries are emitted as soon as their :86: is complete (memory stays flat). */
  private st: StatementState | undefined;
  private current: Field | undefined;
  private preambleBic: string | undefined;
  private readonly holders: HolderSet;
  statements = 0;
  tagsSeen = 0;

  constructor(private readonly ctx: ParseContext) {
    this.holders = new HolderSet(ctx.evidenceId);
  }

  line(raw: string, n: number): void {
    // Control characters (SOH/ETX wrappers, stray binary bytes) carry nothing and break tag matching.
    let text = raw.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
    // Statements pasted from an e-mail or a PDF come indented: a tag after blanks is still a tag.
    if (/^[ \t]+:(\d\d[A-Z]?|NS):/.test(text)) text = text.trimStart();
    const block4 = text.indexOf('{4:');
    if (block4 >= 0) {
      const bic = /\{1:F\d\d([A-Z0-9]{8,12})/.exec(text)?.[1];
      if (bic) this.preambleBic = bic.slice(0, 8);
      text = text.slice(block4 + 3);
      if (text.trim() === '') return;
    }
    // `-}` closes a SWIFT block 4, possibly on the same line as the last field, followed by trailers.
    const end = text.indexOf('-}');
    if (end >= 0) {
      if (end > 0) this.line(text.slice(0, end), n);
      this.flush();
      return;
    }
    const tag = /^:(\d\d[A-Z]?|NS):/.exec(text);
    if (tag) {
      this.tagsSeen++;
      // A field is complete when the next one starts (continuation lines belong to it).
      if (this.current) this.field(this.current);
      this.current = { tag: tag[1] ?? '', value: text.slice(tag[0].length), line: n };
      return;
    }
    const trimmed = text.trim();
    if (trimmed === '-' || trimmed === '-}' || trimmed === '}') {
      this.flush();
      this.current = undefined;
      return;
    }
    if (this.current) {
      this.current.value += `\n${text}`;
    } else if (/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(trimmed)) {
      this.preambleBic = trimmed.slice(0, 8);
    }
  }

  flush(): void {
    if (this.current) this.field(this.current);
    this.current = undefined;
    const st = this.st;
    this.st = undefined;
    if (st) this.finishStatement(st);
  }

  private balance(f: Field, what: string): Balance | undefined {
    const m = BALANCE_RE.exec(f.value.trim());
    const amount = m ? swiftAmount(m[4] ?? '') : undefined;
    if (!m || amount === undefined) {
      this.out.push(
        issue(
          this.ctx.evidenceId,
          `line:${f.line}`,
          'warning',
          `line ${f.line}: ${what} :${f.tag}: "${f.value.trim().slice(0, 60)}" is not <C|D><YYMMDD><currency><amount>; balance ignored`,
          f.value,
        ),
      );
      return undefined;
    }
    return {
      amount: m[1] === 'D' && amount !== '0' ? `-${amount}` : amount,
      currency: m[3] ?? '',
      date: dateOf(m[2] ?? ''),
    };
  }

  private field(f: Field): void {
    const ev = this.ctx.evidenceId;
    if (f.tag === '20' && this.st) this.flushStatementOnly();
    this.st ??= { first: f, summary: {}, entries: 0, fields: [] };
    const st = this.st;
    if (st.fields.length < 8) st.fields.push(f);
    switch (f.tag) {
      case '20':
        st.reference = f;
        break;
      case '25':
        if (st.entries > 0 || st.pending) {
          this.out.push(
            issue(
              ev,
              `line:${f.line}`,
              'warning',
              `line ${f.line}: :25: (account) inside the entries of the statement at line:${st.first.line}; a misplaced tag, probably :86: — ignored`,
              f.value,
            ),
          );
        } else st.account = f;
        break;
      case '28':
      case '28C':
        st.number = f;
        break;
      case '60F':
      case '60M':
        this.emitPending(st);
        if (st.opening) {
          this.out.push(
            issue(
              ev,
              `line:${f.line}`,
              'warning',
              `line ${f.line}: a second opening balance :${f.tag}: in one statement; the later one is used`,
            ),
          );
        }
        st.opening = this.balance(f, 'opening balance') ?? st.opening;
        break;
      case '62F':
      case '62M':
        this.emitPending(st);
        st.closing = this.balance(f, 'closing balance') ?? st.closing;
        break;
      case '61':
        this.emitPending(st);
        st.pending = { field: f };
        break;
      case '86':
        // :86: before any :61: or after the closing balance is statement-level information.
        if (st.pending && !st.closing) {
          if (!st.pending.details) st.pending.details = f;
          else st.pending.details.value += `\n${f.value}`; // Rabobank splits details over several :86:
        }
        break;
      case '34F':
        st.floorCurrency ??= /^([A-Z]{3})/.exec(f.value.trim())?.[1];
        break;
      case '90C':
      case '90D': {
        this.emitPending(st);
        const m = /^(\d+)([A-Z]{3})(\d+,\d*)$/.exec(f.value.trim());
        const amount = m ? swiftAmount(m[3] ?? '') : undefined;
        if (m && amount !== undefined) st.summary[f.tag] = { count: Number(m[1]), amount };
        break;
      }
      case 'NS': {
        const m = /^22(.+)$/m.exec(f.value);
        if (m && !st.holderName) st.holderName = m[1]?.trim();
        break;
      }
      default:
        this.emitPending(st);
    }
  }

  private flushStatementOnly(): void {
    const st = this.st;
    this.st = undefined;
    if (st) this.finishStatement(st);
  }

  /** The own account and the statement's accumulator, made when the first entry needs them. */
  private ensureBuilder(st: StatementState): StatementBuilder {
    if (st.builder) return st.builder;
    const ev = this.ctx.evidenceId;
    const locator = `line:${st.first.line}`;
    const rawAccount = st.account?.value.trim().split('\n')[0]?.trim();
    let own: string;
    if (rawAccount) {
      // `BLZ/account` (German) carries the bank code; an IBAN stands alone; else the sender's BIC.
      // An IBAN, with or without the currency after it (`NL20INGB0001234567EUR`, `KZ…/KZT`, `KZ… KZT`).
      const compact = rawAccount.replace(/\s/g, '');
      const iban = [compact, compact.replace(/\/?[A-Z]{3}$/, '')]
        .map((c) => accountId(c))
        .find((id) => id?.startsWith('iban:'));
      // `BLZ/number` (German), `БИК/number` (Russian, 9 digits), `BIC/number[/CCY]`, or a bare number.
      const m =
        /^(\d{8,9}|[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\/([A-Z0-9]+)/.exec(rawAccount) ??
        /^()([\d.]{6,})(?:\/?[A-Z]{3})?$/.exec(rawAccount);
      own = iban
        ? iban
        : m
          ? ownAccountId(
              m[2]?.replace(/\./g, '').replace(/^(\d+)[A-Z]{3}$/, '$1'),
              m[1] || this.preambleBic,
              ev,
            )
          : ownAccountId(rawAccount, this.preambleBic, ev);
    } else {
      own = ownAccountId(null, null, ev);
      this.out.push(
        issue(
          ev,
          locator,
          'warning',
          `line ${st.first.line}: statement without :25: account identification; entries attached to a placeholder account for this file`,
        ),
      );
    }
    const hi = this.holders.holder(own, locator, { holderName: st.holderName ?? null });
    if (hi) this.out.push(hi);
    st.own = own;
    st.builder = new StatementBuilder({
      evidenceId: ev,
      locator,
      label: `at line ${st.first.line}`,
      account: own,
      statementId: st.number?.value.trim() || st.reference?.value.trim() || null,
    });
    return st.builder;
  }

  private emitPending(st: StatementState): void {
    const e = st.pending;
    if (!e) return;
    st.pending = undefined;
    st.entries++;
    const b = this.ensureBuilder(st);
    const currency =
      st.opening?.currency || st.closing?.currency || st.floorCurrency || accountCurrency(st.account) || null;
    this.entry(e, b, st.own ?? b.init.account, st.holderName, currency);
  }

  private finishStatement(st: StatementState): void {
    const ev = this.ctx.evidenceId;
    const first = st.first;
    const locator = `line:${first.line}`;
    this.emitPending(st);
    const { opening, closing, summary } = st;
    if (!st.account && !opening && !closing && st.entries === 0) {
      this.out.push(
        issue(
          ev,
          locator,
          'warning',
          `line ${first.line}: MT940 fields without a statement (no :25:, :60F:, :61: or :62F:); nothing to store`,
          st.fields.map((f) => `:${f.tag}:${f.value}`).join('\n'),
        ),
      );
      return;
    }
    this.statements++;
    const builder = this.ensureBuilder(st);
    const init = builder.init;
    init.currency =
      opening?.currency || closing?.currency || st.floorCurrency || accountCurrency(st.account) || null;
    init.periodFrom = opening?.date ?? null;
    init.periodTo = closing?.date ?? null;
    init.openingBalance = opening?.amount ?? null;
    init.closingBalance = closing?.amount ?? null;
    let overrides = {};
    if (!opening && !closing && (summary['90C'] || summary['90D'])) {
      overrides = { reconciled: this.checkMt942(locator, builder, summary) };
    } else if (!opening || !closing) {
      this.out.push(
        issue(
          ev,
          locator,
          'warning',
          `statement at line ${first.line}: no ${!opening ? 'opening :60F:' : 'closing :62F:'} balance (file cut short?); balances not checked`,
        ),
      );
    }
    this.out.push(...builder.finish(overrides));
  }

  /** MT942 carries no balances; its :90D:/:90C: give the number and sum of debits and credits instead. */
  private checkMt942(
    locator: string,
    b: StatementBuilder,
    summary: Partial<Record<'90C' | '90D', { count: number; amount: string }>>,
  ): boolean {
    let ok = true;
    for (const [tag, sum, n] of [
      ['90C', b.credits, b.creditCount],
      ['90D', b.debits, b.debitCount],
    ] as const) {
      const s = summary[tag];
      if (s && (compareDecimal(s.amount, sum) !== 0 || s.count !== n)) {
        ok = false;
        this.out.push(
          issue(
            this.ctx.evidenceId,
            locator,
            'error',
            `MT942 at ${locator}: :${tag}: states ${s.count} entries totalling ${s.amount}, but ${n} entries totalling ${sum} were read`,
          ),
        );
      }
    }
    return ok;
  }

  private entry(
    e: PendingEntry,
    b: StatementBuilder,
    own: string,
    ownHolder: string | undefined,
    currency: string | null,
  ): void {
    const ev = this.ctx.evidenceId;
    const f = e.field;
    const locator = `line:${f.line}`;
    const raw = `:61:${f.value}${e.details ? `\n:86:${e.details.value}` : ''}`;
    const m = LINE61_RE.exec(f.value.replace(/\r/g, ''));
    const amount = m ? swiftAmount(m[5] ?? '') : undefined;
    if (!m || amount === undefined) {
      this.out.push(
        issue(
          ev,
          locator,
          'quarantine',
          `line ${f.line}: :61: statement line is not <YYMMDD>[MMDD]<C|D|RC|RD><amount><type><reference>; entry not stored`,
          raw,
        ),
      );
      return;
    }
    const [, valueRaw = '', entryRaw, mark = '', funds, , type, customerRef, bankRef, supplementary] = m;
    const valueDate = dateOf(valueRaw);
    let bookingDate: string | undefined;
    if (entryRaw) {
      let y = yearOf(Number(valueRaw.slice(0, 2)));
      const vm = Number(valueRaw.slice(2, 4));
      const em = Number(entryRaw.slice(0, 2));
      if (vm === 12 && em === 1) y++;
      else if (vm === 1 && em === 12) y--;
      bookingDate = isoFromParts(y, em, Number(entryRaw.slice(2, 4)))?.slice(0, 10);
    }
    if (!valueDate) {
      this.out.push(
        issue(
          ev,
          locator,
          bookingDate ? 'warning' : 'quarantine',
          `line ${f.line}: value date ${valueRaw} is not a calendar date${bookingDate ? `; the entry date ${bookingDate} is used` : ' and there is no entry date; entry not stored'}`,
          raw,
        ),
      );
      if (!bookingDate) return;
    }
    // RD reverses a debit (money comes back), RC reverses a credit.
    const direction = mark === 'C' || mark === 'RD' || mark === 'EC' ? 'credit' : 'debit';
    b.add(direction, amount);
    if (amount === '0') {
      this.out.push(
        issue(
          ev,
          locator,
          'warning',
          `line ${f.line}: zero-amount entry counted in the statement; no transfer stored`,
        ),
      );
      return;
    }
    const details = e.details?.value;
    const cp = counterpartyFrom(details, supplementary, direction, own);
    const ref = customerRef?.trim();
    const row = entryTransfer({
      evidenceId: ev,
      locator,
      txId: bankRef?.trim() || null,
      timestamp: `${bookingDate ?? valueDate}T00:00:00.000Z`,
      amount,
      currency: currency ?? 'XXX',
      direction,
      own,
      ownHolder: ownHolder ?? null,
      counterparty: cp.account,
      counterpartyName: cp.name ?? null,
      // ING writes `EREF` as the customer reference to say the end-to-end reference is in `/EREF/`.
      reference: ref === 'EREF' ? (cp.eref ?? null) : ref && ref !== 'NONREF' ? ref : null,
      props: {
        valueDate: valueDate ?? valueRaw,
        bookingDate,
        mark,
        fundsCode: funds,
        transactionType: type?.trim(),
        bankReference: bankRef?.trim(),
        supplementary: supplementary?.trim(),
        description: cp.description,
        counterpartyName: cp.name,
        counterpartyAccountRaw: cp.account ? undefined : cp.rawAccount,
        details,
      },
    });
    this.out.push({ kind: 'record', record: { table: 'transfers', row } });
    const h = this.holders.holder(cp.account, locator, { holderName: cp.name ?? null, iin: cp.iin });
    if (h) this.out.push(h);
  }
}

export async function* parseMt940(
  chunks: AsyncIterable<Uint8Array>,
  ctx: ParseContext,
): AsyncIterable<ParseItem> {
  const { head, all } = await peekChunks(withProgress(chunks, ctx.onProgress), 65536);
  const reader = new Mt940Reader(ctx);
  let rest = '';
  let n = 0;
  const texts = looksCp866(head) ? decodeChunks(all, 'ibm866') : decodeChunks(all, detectEncoding(head));
  for await (const text of texts) {
    const lines = (rest + text).split(/\r\n|\n|\r/);
    rest = lines.pop() ?? '';
    // A chunk ending in `\r` may be half of `\r\n`: keep it until the next chunk decides.
    if (text.endsWith('\r')) {
      rest = `${lines.pop() ?? ''}\r${rest}`;
    }
    for (const l of lines) reader.line(l.replace(/\r$/, ''), ++n);
    yield* reader.out.splice(0);
  }
  for (const l of rest.split(/\r\n|\n|\r/)) if (l !== '') reader.line(l, ++n);
  reader.flush();
  if (reader.statements === 0) {
    reader.out.push(
      issue(
        ctx.evidenceId,
        'line:1',
        'error',
        reader.tagsSeen === 0
          ? 'no MT940 field tags (:20:, :25:, :60F:, :61:) found: the file is not an MT940/MT942 statement'
          : 'MT940 tags found but no statement (:25: account, :60F:/:62F: balances or :61: entries); nothing stored',
      ),
    );
  }
  yield* reader.out.splice(0);
}

/**
 * Russian bank clients of the DOS era write MT940 in CP866. Its lower-case а–п (0xA0–0xAF) are the most
 * frequent letters, bytes that Windows-1251 uses for rare signs, while cp1251's р–я (0xF0–0xFF) are
 * rare signs in CP866: the proportion tells them apart where the generic sniffing cannot. CP866's р–я
 * (0xE0–0xEF, с т р у) must be frequent too: Central European DOS pages (CP852) put accented vowels at
 * 0xA0–0xAF and would otherwise read as Cyrillic.
 */
function looksCp866(head: Uint8Array): boolean {
  let low = 0;
  let mid = 0;
  let high = 0;
  for (const b of head) {
    if (b >= 0xa0 && b <= 0xaf) low++;
    else if (b >= 0xe0 && b <= 0xef) mid++;
    else if (b >= 0xf0) high++;
  }
  return low >= 8 && mid * 5 >= low && low > 3 * high && !isValidUtf8(head);
}

export const mt940Parser: FormatParser = {
  format: 'mt940',
  version: '2',
  detect: detectMt940,
  parse: parseMt940,
};
