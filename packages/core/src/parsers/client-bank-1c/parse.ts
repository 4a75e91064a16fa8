import { addDecimal, compareDecimal } from '../../money/index.ts';
import { decodeChunks, detectEncoding } from '../../text/index.ts';
import {
  accountId,
  entryTransfer,
  HolderSet,
  iinOf,
  isoFromParts,
  issue,
  peekChunks,
  withProgress,
  placeholderAccount,
} from '../bank-table/bank-records.ts';
import { StatementBuilder } from '../bank-table/statement-builder.ts';
import type { FormatParser, ParseContext, ParseItem } from '../parser.ts';
import { currencyOfAccount } from './account-currency.ts';
import { detectClientBank1c } from './detect.ts';

/** `01.01.2024` → `2024-01-01`. */
function date1c(text: string | undefined): string | undefined {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text?.trim() ?? '');
  return m ? isoFromParts(Number(m[3]), Number(m[2]), Number(m[1]))?.slice(0, 10) : undefined;
}

/** 1C amounts are `6936.00` (dot, no grouping); some exporters write a comma. */
function amount1c(text: string | undefined): string | undefined {
  const t = text?.trim().replace(',', '.');
  if (!t || !/^\d+(\.\d+)?$/.test(t)) return undefined;
  const [i = '0', f] = t.split('.');
  const frac = f?.replace(/0+$/, '');
  const int = i.replace(/^0+(?=\d)/, '');
  return frac ? `${int}.${frac}` : int;
}

interface AccountSection {
  line: number;
  fields: Map<string, string>;
  /** The bank code a document gave for this account, so that the statement and its transfers agree. */
  bik?: string;
  builder?: StatementBuilder;
}

class ClientBankReader {
  readonly out: ParseItem[] = [];
  private readonly header = new Map<string, string>();
  private readonly headerAccounts = new Set<string>();
  private readonly sections: AccountSection[] = [];
  private section:
    | { kind: 'account' | 'document'; line: number; title: string; fields: Map<string, string> }
    | undefined;
  private readonly holders: HolderSet;
  /** Documents between two of the file's own accounts, which some banks list once per account. */
  private readonly internalDocs = new Set<string>();
  documents = 0;
  sawMarker = false;

  constructor(private readonly ctx: ParseContext) {
    this.holders = new HolderSet(ctx.evidenceId);
  }

  line(text: string, n: number): void {
    const t = text.trim();
    if (t === '') return;
    if (n === 1 || !this.sawMarker) {
      if (t === '1CClientBankExchange') {
        this.sawMarker = true;
        return;
      }
    }
    const eq = t.indexOf('=');
    // Hand-edited files put blanks around `=` (`Сумма = 100.00`); the format has none in its keys.
    const key = (eq < 0 ? t : t.slice(0, eq)).trimEnd();
    const value = eq < 0 ? '' : t.slice(eq + 1).trimStart();
    if (key === 'СекцияРасчСчет') {
      this.section = { kind: 'account', line: n, title: '', fields: new Map() };
      return;
    }
    if (key === 'СекцияДокумент') {
      this.section = { kind: 'document', line: n, title: value, fields: new Map() };
      return;
    }
    if (key === 'КонецРасчСчет' || key === 'КонецДокумента') {
      const s = this.section;
      this.section = undefined;
      if (!s) {
        this.out.push(
          issue(
            this.ctx.evidenceId,
            `line:${n}`,
            'warning',
            `line ${n}: ${key} without a section start; ignored`,
          ),
        );
      } else if (s.kind === 'account') {
        this.sections.push({ line: s.line, fields: s.fields });
      } else {
        this.document(s.line, s.title, s.fields);
      }
      return;
    }
    if (key === 'КонецФайла') return;
    if (this.section) {
      this.section.fields.set(key, value);
    } else {
      this.header.set(key, value);
      if (key === 'РасчСчет' && value.trim()) this.headerAccounts.add(value.trim());
    }
  }

  private ownAccounts(): Set<string> {
    const own = new Set(this.headerAccounts);
    for (const s of this.sections) {
      const a = s.fields.get('РасчСчет')?.trim();
      if (a) own.add(a);
    }
    return own;
  }

  /** The currency of the file's own accounts (header `РасчСчет`, then the account sections). */
  private fileCurrency(): string | undefined {
    for (const a of this.headerAccounts) {
      const c = currencyOfAccount(a);
      if (c) return c;
    }
    for (const s of this.sections) {
      const c = currencyOfAccount(s.fields.get('РасчСчет'));
      if (c) return c;
    }
    return undefined;
  }

  /**
   * 1C has no currency field: the statement's own account decides (it is what the amount is booked
   * in), then any account the document names, then the file's own account. RUB is a last resort and
   * said so, because a wrong currency keeps both ends of a transfer from matching.
   */
  private documentCurrency(
    line: number,
    f: Map<string, string>,
    own: string | undefined,
    payer: string,
    payee: string,
  ): string {
    for (const a of [own, f.get('РасчСчет'), payer, payee]) {
      const c = currencyOfAccount(a);
      if (c) return c;
    }
    const c = this.fileCurrency();
    if (c) return c;
    this.out.push(
      issue(
        this.ctx.evidenceId,
        `line:${line}`,
        'warning',
        `line ${line}: no account number tells the currency (payer ${payer || '(none)'}, payee ${payee || '(none)'}, file ${[...this.headerAccounts].join(', ') || '(none)'}); amount stored as RUB, check the bank and fix the currency if it is not roubles`,
      ),
    );
    return 'RUB';
  }

  private party(fields: Map<string, string>, prefix: 'Плательщик' | 'Получатель') {
    // Kazakh exports name the account ИИК and the tax number БИН (companies) or ИИН (persons).
    const number = (
      fields.get(`${prefix}РасчСчет`) ||
      fields.get(`${prefix}Счет`) ||
      fields.get(`${prefix}ИИК`) ||
      fields.get(`${prefix}2`) ||
      ''
    ).trim();
    const bik = fields.get(`${prefix}БИК`)?.trim() || null;
    const inn =
      fields.get(`${prefix}ИНН`)?.trim() ||
      fields.get(`${prefix}БИН`)?.trim() ||
      fields.get(`${prefix}ИИН`)?.trim() ||
      null;
    let name = fields.get(`${prefix}1`)?.trim() || fields.get(prefix)?.trim() || null;
    // `Плательщик=7777777777, ООО "…"` carries the INN in front of the name.
    if (name && inn && name.startsWith(`${inn}, `)) name = name.slice(inn.length + 2);
    if (name?.startsWith('ИНН ')) name = name.replace(/^ИНН \d+\s*/, '');
    const account = number ? accountId(number, bik) : null;
    return { number, bik, inn, name, account, bank: fields.get(`${prefix}Банк1`)?.trim() || null };
  }

  private document(line: number, title: string, f: Map<string, string>): void {
    const ev = this.ctx.evidenceId;
    const locator = `line:${line}`;
    this.documents++;
    const raw = () => [`СекцияДокумент=${title}`, ...[...f].map(([k, v]) => `${k}=${v}`)].join('\n');
    const amount = amount1c(f.get('Сумма'));
    if (amount === undefined) {
      this.out.push(
        issue(
          ev,
          locator,
          'quarantine',
          `line ${line}: Сумма "${f.get('Сумма') ?? ''}" is not an amount; document not stored`,
          raw(),
        ),
      );
      return;
    }
    const payer = this.party(f, 'Плательщик');
    const payee = this.party(f, 'Получатель');
    const own = this.ownAccounts();
    const isStatement = this.sections.length > 0 || this.headerAccounts.size > 0;
    const payerOwn = own.has(payer.number);
    const payeeOwn = own.has(payee.number);
    const debitDate = date1c(f.get('ДатаСписано'));
    const creditDate = date1c(f.get('ДатаПоступило'));
    const docDate = date1c(f.get('Дата'));
    const day =
      (payerOwn ? debitDate : payeeOwn ? creditDate : undefined) ?? debitDate ?? creditDate ?? docDate;
    if (!day) {
      this.out.push(
        issue(
          ev,
          locator,
          'quarantine',
          `line ${line}: no readable date (Дата, ДатаСписано, ДатаПоступило); document not stored`,
          raw(),
        ),
      );
      return;
    }
    if (isStatement && !payerOwn && !payeeOwn) {
      this.out.push(
        issue(
          ev,
          locator,
          'warning',
          `line ${line}: neither the payer account ${payer.number || '(none)'} nor the payee account ${payee.number || '(none)'} is one of the statement's accounts (${[...own].join(', ')}); stored as payer → payee, left out of the balance check`,
        ),
      );
    }
    const ownSide = payerOwn ? payer : payeeOwn ? payee : undefined;
    const currency = this.documentCurrency(line, f, ownSide?.number, payer.number, payee.number);
    if (payerOwn && payeeOwn) {
      // A transfer between two own accounts is a debit of one statement and a credit of the other; a
      // bank that lists it under both accounts repeats the same document, which is one transfer.
      const key = [f.get('Номер'), f.get('Дата'), amount, payer.number, payee.number].join('\u0000');
      if (this.internalDocs.has(key)) {
        this.out.push(
          issue(
            ev,
            locator,
            'warning',
            `line ${line}: document №${f.get('Номер')?.trim() ?? '?'} of ${f.get('Дата')?.trim() ?? '?'} between the file's own accounts ${payer.number} → ${payee.number} appears a second time (listed under both accounts); counted and stored once`,
          ),
        );
        return;
      }
      this.internalDocs.add(key);
    }
    for (const [side, own, dir] of [
      [payer, payerOwn, 'debit'],
      [payee, payeeOwn, 'credit'],
    ] as const) {
      if (!own) continue;
      const sec = this.sections.find((s) => s.fields.get('РасчСчет')?.trim() === side.number);
      if (sec) this.builderFor(sec, side.bik).add(dir, amount);
    }
    // A debit is own → counterparty; for a payment order (or a foreign document) payer → payee.
    const direction = payeeOwn && !payerOwn ? 'credit' : 'debit';
    const ownParty = direction === 'credit' ? payee : payer;
    const other = direction === 'credit' ? payer : payee;
    const number = f.get('Номер')?.trim();
    const row = entryTransfer({
      evidenceId: ev,
      locator,
      txId: number ? `${number}/${f.get('Дата')?.trim() ?? ''}` : null,
      timestamp: `${day}T00:00:00.000Z`,
      amount,
      currency,
      direction,
      own: ownParty.account,
      ownHolder: ownParty.name,
      counterparty: other.account,
      counterpartyName: other.name,
      reference: number ?? null,
      props: {
        documentType: title || this.header.get('Документ'),
        documentNumber: number,
        documentDate: docDate,
        debitDate,
        creditDate,
        // НазначениеПлатежа holds the whole text; the numbered keys repeat it split into lines.
        description:
          f.get('НазначениеПлатежа')?.trim() ||
          [1, 2, 3, 4, 5, 6]
            .map((i) => f.get(`НазначениеПлатежа${i}`)?.trim())
            .filter(Boolean)
            .join(' '),
        payerName: payer.name,
        payerInn: payer.inn,
        payerKpp: f.get('ПлательщикКПП')?.trim(),
        payerBik: payer.bik,
        payeeName: payee.name,
        payeeInn: payee.inn,
        payeeKpp: f.get('ПолучательКПП')?.trim(),
        payeeBik: payee.bik,
        paymentOrderOnly: isStatement ? undefined : true,
      },
    });
    this.out.push({ kind: 'record', record: { table: 'transfers', row } });
    for (const p of [payer, payee]) {
      const h = this.holders.holder(p.account, locator, {
        holderName: p.name,
        iin: iinOf(p.inn),
        institution: p.bank,
      });
      if (h) this.out.push(h);
    }
  }

  private builderFor(s: AccountSection, bik: string | null = null): StatementBuilder {
    if (bik) s.bik ??= bik;
    if (s.builder) return s.builder;
    const f = s.fields;
    const number = f.get('РасчСчет')?.trim() ?? '';
    s.builder = new StatementBuilder({
      evidenceId: this.ctx.evidenceId,
      locator: `line:${s.line}`,
      label: `СекцияРасчСчет at line ${s.line}`,
      account: accountId(number, s.bik) ?? placeholderAccount(this.ctx.evidenceId),
      statementId: null,
      periodFrom: date1c(f.get('ДатаНачала')) ?? null,
      periodTo: date1c(f.get('ДатаКонца')) ?? null,
      currency: this.sectionCurrency(s, number),
      openingBalance: amount1c(f.get('НачальныйОстаток')) ?? null,
      closingBalance: amount1c(f.get('КонечныйОстаток')) ?? null,
    });
    return s.builder;
  }

  private sectionCurrency(s: AccountSection, number: string): string {
    const c = currencyOfAccount(number) ?? this.fileCurrency();
    if (c) return c;
    this.out.push(
      issue(
        this.ctx.evidenceId,
        `line:${s.line}`,
        'warning',
        `СекцияРасчСчет at line ${s.line}: account ${number || '(none)'} tells no currency; balances stored as RUB`,
      ),
    );
    return 'RUB';
  }

  finish(): void {
    const ev = this.ctx.evidenceId;
    if (this.section) {
      this.out.push(
        issue(
          ev,
          `line:${this.section.line}`,
          'error',
          `line ${this.section.line}: the section is not closed (no КонецДокумента/КонецРасчСчет): file truncated; the section was not stored`,
        ),
      );
    }
    if (!this.sawMarker) {
      this.out.push(
        issue(ev, 'line:1', 'error', 'the first line is not 1CClientBankExchange: not a 1C client-bank file'),
      );
    } else if (this.documents === 0 && this.sections.length === 0) {
      const readable = ['ВерсияФормата', 'Кодировка', 'КонецФайла', 'РасчСчет'].some((k) =>
        this.header.has(k),
      );
      this.out.push(
        readable
          ? issue(
              ev,
              'line:1',
              'warning',
              'no СекцияДокумент or СекцияРасчСчет in the file: nothing to store',
            )
          : issue(
              ev,
              'line:1',
              'error',
              `no readable 1C key in the file (header keys read: ${[...this.header.keys()].slice(0, 3).join(', ') || 'none'}): an unknown encoding garbles them — re-save the file as Windows-1251 or UTF-8`,
            ),
      );
    }
    for (const s of this.sections) {
      const b = this.builderFor(s);
      // The file's own totals (ВсегоПоступило/ВсегоСписано) must agree with its documents.
      for (const [key, sum, what] of [
        ['ВсегоПоступило', b.credits, 'credits'],
        ['ВсегоСписано', b.debits, 'debits'],
      ] as const) {
        const declared = amount1c(s.fields.get(key));
        if (declared !== undefined && compareDecimal(declared, sum) !== 0) {
          this.out.push(
            issue(
              ev,
              `line:${s.line}`,
              'error',
              `СекцияРасчСчет at line ${s.line} (${b.init.account}): ${key}=${declared} but the documents in the file add up to ${what} ${sum}; documents are missing from the file`,
            ),
          );
        }
      }
      const o = b.init.openingBalance;
      const c = b.init.closingBalance;
      const inn = amount1c(s.fields.get('ВсегоПоступило'));
      const out = amount1c(s.fields.get('ВсегоСписано'));
      if (o && c && inn && out && compareDecimal(addDecimal(o, inn), addDecimal(c, out)) !== 0) {
        this.out.push(
          issue(
            ev,
            `line:${s.line}`,
            'error',
            `СекцияРасчСчет at line ${s.line}: НачальныйОстаток ${o} + ВсегоПоступило ${inn} − ВсегоСписано ${out} ≠ КонечныйОстаток ${c}`,
          ),
        );
      }
      this.out.push(...b.finish());
    }
  }
}

export async function* parseClientBank1c(
  chunks: AsyncIterable<Uint8Array>,
  ctx: ParseContext,
): AsyncIterable<ParseItem> {
  const { head, all } = await peekChunks(withProgress(chunks, ctx.onProgress), 65536);
  const reader = new ClientBankReader(ctx);
  // The header says Windows or DOS; sniffing the bytes also catches files that lie about it.
  const encoding = detectEncoding(head);
  let rest = '';
  let n = 0;
  const texts = isDos866(head) ? decodeChunks(all, 'ibm866') : decodeChunks(all, encoding);
  for await (const text of texts) {
    const lines = (rest + text).split(/\r?\n/);
    rest = lines.pop() ?? '';
    for (const l of lines) reader.line(l, ++n);
    yield* reader.out.splice(0);
  }
  if (rest !== '') reader.line(rest, ++n);
  reader.finish();
  yield* reader.out.splice(0);
}

// Keys every 1C file has, in their DOS (CP866) bytes: `Кодировка=DOS` files decode wrongly as cp1251.
const DOS_KEYS = ['СекцияДокумент', 'СекцияРасчСчет', 'ВерсияФормата', 'Кодировка'];

function isDos866(head: Uint8Array): boolean {
  const dos = new TextDecoder('ibm866').decode(head);
  const win = new TextDecoder('windows-1251').decode(head);
  return DOS_KEYS.some((k) => dos.includes(k)) && !DOS_KEYS.some((k) => win.includes(k));
}

export const clientBank1cParser: FormatParser = {
  format: 'client-bank-1c',
  version: '3',
  detect: detectClientBank1c,
  parse: parseClientBank1c,
};
