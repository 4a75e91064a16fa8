/**
 * Bank statement layouts for the requested accounts: a Russian-header CSV (Windows-1251 on disk), a
 * Kaspi-style XLSX with a metadata block above the header, camt.053.001.02 and 1C ClientBankExchange 1.03.
 * Each writer sees every transfer of its account, in time order, and keeps balances consistent.
 */
import type { Sink } from '../emit.ts';
import { formatUnits } from '../fx.ts';
import { maskCard } from '../make-identifiers.ts';
import type { Transfer } from '../transfers.ts';
import { csvLine, localParts, ruAmount } from './csv.ts';

const rawOf = (id: string) => id.slice(id.indexOf(':') + 1);

export interface StatementAccount {
  id: string;
  holderName: string;
  institution: string;
  bic: string;
  holderIin: string | null;
}

/** Card statement CSV: `;`, decimal comma, local time, Russian headers (what a bank sends on request). */
export class BankCsvWriter {
  constructor(
    readonly file: string,
    readonly account: StatementAccount,
    private readonly sink: Sink,
    private readonly offset: number,
    period: { from: string; to: string },
  ) {
    sink({ op: 'open', file, encoding: 'cp1251', format: 'bank-csv' });
    // The preamble names the card, as banks' answers to a request do; the table starts after a blank line.
    const preamble: Array<Array<string | null>> = [
      ['Выписка по карточному счёту', null],
      ['Банк', account.institution],
      ['Номер карты', rawOf(account.id)],
      ['Владелец', account.holderName],
      ...(account.holderIin ? [['ИИН', account.holderIin]] : []),
      ['Валюта счёта', 'KZT'],
      ['Период', `${period.from} - ${period.to}`],
      ['Входящий остаток', '0,00'],
      [null, null],
    ];
    for (const cells of preamble) sink({ op: 'write', file, text: csvLine(cells, ';', '\r\n') });
    sink({
      op: 'write',
      file,
      text: csvLine(
        [
          'Дата операции',
          'Дата обработки',
          'Сумма',
          'Валюта',
          'Отправитель',
          'Получатель',
          'Номер карты отправителя',
          'Номер карты получателя',
          'Тип операции',
          'Назначение',
        ],
        ';',
        '\r\n',
      ),
    });
  }

  add(t: Transfer, malformed = false): void {
    const out = t.from === this.account.id;
    const p = localParts(t.ts, this.offset);
    const q = localParts(t.ts + 86400 * (p.h > '20' ? 1 : 0), this.offset);
    const amount = ruAmount(formatUnits(out ? -t.amount : t.amount, 2), '');
    const cardOf = (id: string) =>
      id.startsWith('card:') ? rawOf(id) : id.startsWith('iban:') ? rawOf(id) : '';
    this.sink({
      op: 'write',
      file: this.file,
      text: csvLine(
        [
          `${p.d}.${p.mo}.${p.y} ${p.h}:${p.mi}:${p.s}`,
          `${q.d}.${q.mo}.${q.y}`,
          malformed ? amount.replace('0', 'O') : amount,
          t.currency,
          t.fromName,
          t.toName,
          cardOf(t.from),
          cardOf(t.to),
          out ? 'Перевод с карты на карту' : 'Зачисление перевода',
          t.reference,
        ],
        ';',
        '\r\n',
      ),
    });
  }

  close(): void {
    this.sink({ op: 'close', file: this.file });
  }
}

/** Kaspi-style XLSX: bank name, period, card and owner above the table; amounts as "+ 15 000,00 ₸". */
export class KaspiXlsxWriter {
  constructor(
    readonly file: string,
    readonly account: StatementAccount,
    private readonly sink: Sink,
    private readonly offset: number,
    period: { from: string; to: string },
    iban: string,
  ) {
    sink({ op: 'open', file, encoding: 'xlsx', format: 'kaspi-xlsx', sheet: 'Выписка' });
    const card = rawOf(account.id);
    const meta: Array<Array<string | null>> = [
      [account.institution],
      ['ВЫПИСКА'],
      [`по Kaspi Gold за период с ${period.from} по ${period.to}`],
      [null],
      ['Владелец:', account.holderName],
      ['Номер карты:', `*${card.slice(-4)}`],
      ['Номер счета:', iban],
      ['Валюта счета:', 'тенге'],
      [null],
      ['Дата', 'Время', 'Сумма', 'Операция', 'Детали', 'Карта/счёт контрагента'],
    ];
    for (const cells of meta) sink({ op: 'row', file, cells });
  }

  add(t: Transfer): void {
    const out = t.from === this.account.id;
    const p = localParts(t.ts, this.offset);
    const other = out ? t.to : t.from;
    const name = out ? t.toName : t.fromName;
    const [last = '', first = ''] = name.split(' ');
    this.sink({
      op: 'row',
      file: this.file,
      cells: [
        `${p.d}.${p.mo}.${String(p.y).slice(2)}`,
        `${p.h}:${p.mi}:${p.s}`,
        `${out ? '-' : '+'} ${ruAmount(formatUnits(t.amount, 2))} ₸`,
        out ? 'Перевод' : 'Пополнение',
        first ? `${first} ${last.charAt(0)}.` : name,
        other.startsWith('card:') || other.startsWith('iban:') ? rawOf(other) : '',
      ],
    });
  }

  close(): void {
    this.sink({ op: 'close', file: this.file });
  }
}

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** camt.053.001.02: one <Stmt> per calendar month; OPBD + credits − debits = CLBD in every statement. */
export class Camt053Writer {
  private month = '';
  private entries: Transfer[] = [];
  private balance: bigint;
  private stmtNo = 0;
  constructor(
    readonly file: string,
    readonly account: StatementAccount,
    private readonly sink: Sink,
    private readonly offset: number,
    openingBalance: bigint,
    created: string,
  ) {
    this.balance = openingBalance;
    sink({ op: 'open', file, encoding: 'utf8', format: 'camt053' });
    sink({
      op: 'write',
      file,
      text: `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n  <BkToCstmrStmt>\n    <GrpHdr>\n      <MsgId>STMT-${rawOf(account.id)}-${created.slice(0, 10).replace(/-/g, '')}</MsgId>\n      <CreDtTm>${created}</CreDtTm>\n    </GrpHdr>\n`,
    });
  }

  add(t: Transfer): void {
    const p = localParts(t.ts, this.offset);
    const month = `${p.y}-${p.mo}`;
    if (month !== this.month) this.flush();
    this.month = month;
    this.entries.push(t);
  }

  private flush(): void {
    if (this.entries.length === 0) return;
    const iban = rawOf(this.account.id);
    let credits = 0n;
    let debits = 0n;
    let nc = 0;
    let nd = 0;
    for (const e of this.entries) {
      if (e.to === this.account.id) {
        credits += e.amount;
        nc++;
      } else {
        debits += e.amount;
        nd++;
      }
    }
    const open = this.balance;
    const close = open + credits - debits;
    this.balance = close;
    this.stmtNo++;
    const first = localParts(this.entries[0]?.ts ?? 0, this.offset);
    const last = localParts(this.entries[this.entries.length - 1]?.ts ?? 0, this.offset);
    const fromDate = `${first.y}-${first.mo}-01`;
    const lastDay = new Date(Date.UTC(last.y, Number(last.mo), 0)).getUTCDate();
    const toDate = `${last.y}-${last.mo}-${String(lastDay).padStart(2, '0')}`;
    const amt = (v: bigint) => formatUnits(v < 0n ? -v : v, 2);
    const ind = (v: bigint) => (v < 0n ? 'DBIT' : 'CRDT');
    const bal = (code: string, v: bigint, date: string) =>
      `      <Bal>\n        <Tp>\n          <CdOrPrtry>\n            <Cd>${code}</Cd>\n          </CdOrPrtry>\n        </Tp>\n        <Amt Ccy="KZT">${amt(v)}</Amt>\n        <CdtDbtInd>${ind(v)}</CdtDbtInd>\n        <Dt>\n          <Dt>${date}</Dt>\n        </Dt>\n      </Bal>\n`;
    let s = `    <Stmt>\n      <Id>${iban}-${String(this.stmtNo).padStart(3, '0')}</Id>\n      <ElctrncSeqNb>${this.stmtNo}</ElctrncSeqNb>\n      <CreDtTm>${toDate}T23:59:59+05:00</CreDtTm>\n      <FrToDt>\n        <FrDtTm>${fromDate}T00:00:00+05:00</FrDtTm>\n        <ToDtTm>${toDate}T23:59:59+05:00</ToDtTm>\n      </FrToDt>\n      <Acct>\n        <Id>\n          <IBAN>${iban}</IBAN>\n        </Id>\n        <Ccy>KZT</Ccy>\n        <Ownr>\n          <Nm>${xml(this.account.holderName)}</Nm>\n        </Ownr>\n        <Svcr>\n          <FinInstnId>\n            <BIC>${this.account.bic}</BIC>\n          </FinInstnId>\n        </Svcr>\n      </Acct>\n`;
    s += bal('OPBD', open, fromDate) + bal('CLBD', close, toDate);
    s += `      <TxsSummry>\n        <TtlNtries>\n          <NbOfNtries>${nc + nd}</NbOfNtries>\n        </TtlNtries>\n        <TtlCdtNtries>\n          <NbOfNtries>${nc}</NbOfNtries>\n          <Sum>${amt(credits)}</Sum>\n        </TtlCdtNtries>\n        <TtlDbtNtries>\n          <NbOfNtries>${nd}</NbOfNtries>\n          <Sum>${amt(debits)}</Sum>\n        </TtlDbtNtries>\n      </TxsSummry>\n`;
    this.sink({ op: 'write', file: this.file, text: s });
    for (const e of this.entries) {
      const credit = e.to === this.account.id;
      const p = localParts(e.ts, this.offset);
      const other = credit ? e.from : e.to;
      const otherAcct = other.startsWith('iban:')
        ? `<Id>\n                  <IBAN>${rawOf(other)}</IBAN>\n                </Id>`
        : `<Id>\n                  <Othr>\n                    <Id>${rawOf(other)}</Id>\n                    <SchmeNm>\n                      <Prtry>CARD</Prtry>\n                    </SchmeNm>\n                  </Othr>\n                </Id>`;
      const party = (role: 'Dbtr' | 'Cdtr', name: string, acct: string) =>
        `              <${role}>\n                <Nm>${xml(name)}</Nm>\n              </${role}>\n              <${role}Acct>\n                ${acct}\n              </${role}Acct>\n`;
      const own = `<Id>\n                  <IBAN>${rawOf(this.account.id)}</IBAN>\n                </Id>`;
      const parties = credit
        ? party('Dbtr', e.fromName, otherAcct) + party('Cdtr', e.toName, own)
        : party('Dbtr', e.fromName, own) + party('Cdtr', e.toName, otherAcct);
      this.sink({
        op: 'write',
        file: this.file,
        text: `      <Ntry>\n        <NtryRef>${e.txId}</NtryRef>\n        <Amt Ccy="KZT">${formatUnits(e.amount, 2)}</Amt>\n        <CdtDbtInd>${credit ? 'CRDT' : 'DBIT'}</CdtDbtInd>\n        <Sts>BOOK</Sts>\n        <BookgDt>\n          <DtTm>${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}+05:00</DtTm>\n        </BookgDt>\n        <ValDt>\n          <Dt>${p.y}-${p.mo}-${p.d}</Dt>\n        </ValDt>\n        <AcctSvcrRef>${e.txId}</AcctSvcrRef>\n        <BkTxCd>\n          <Domn>\n            <Cd>PMNT</Cd>\n            <Fmly>\n              <Cd>${credit ? 'RCDT' : 'ICDT'}</Cd>\n              <SubFmlyCd>${credit ? 'DMCT' : 'DMCT'}</SubFmlyCd>\n            </Fmly>\n          </Domn>\n        </BkTxCd>\n        <NtryDtls>\n          <TxDtls>\n            <Refs>\n              <EndToEndId>${e.txId}</EndToEndId>\n            </Refs>\n            <RltdPties>\n${parties}            </RltdPties>\n            <RmtInf>\n              <Ustrd>${xml(e.reference || 'NOTPROVIDED')}</Ustrd>\n            </RmtInf>\n          </TxDtls>\n        </NtryDtls>\n      </Ntry>\n`,
      });
    }
    this.sink({ op: 'write', file: this.file, text: '    </Stmt>\n' });
    this.entries = [];
  }

  close(): void {
    this.flush();
    this.sink({ op: 'write', file: this.file, text: '  </BkToCstmrStmt>\n</Document>\n' });
    this.sink({ op: 'close', file: this.file });
  }
}

/**
 * 1C ClientBankExchange 1.03 (Windows-1251, CRLF). The totals section precedes the documents, so the
 * documents are held until close; the account's activity does not grow with the scale.
 */
export class OneCWriter {
  private docs: Transfer[] = [];
  constructor(
    readonly file: string,
    readonly account: StatementAccount,
    private readonly sink: Sink,
    private readonly offset: number,
    private readonly opening: bigint,
    private readonly parties: (id: string) => { name: string; iin: string | null; bic: string; bank: string },
    private readonly created: { date: string; time: string; from: string; to: string },
  ) {}

  add(t: Transfer): void {
    this.docs.push(t);
  }

  close(): void {
    const iban = rawOf(this.account.id);
    let credits = 0n;
    let debits = 0n;
    for (const d of this.docs) {
      if (d.to === this.account.id) credits += d.amount;
      else debits += d.amount;
    }
    const lines: string[] = [
      '1CClientBankExchange',
      'ВерсияФормата=1.03',
      'Кодировка=Windows',
      `Отправитель=${this.account.institution}`,
      'Получатель=1С:Предприятие',
      `ДатаСоздания=${this.created.date}`,
      `ВремяСоздания=${this.created.time}`,
      `ДатаНачала=${this.created.from}`,
      `ДатаКонца=${this.created.to}`,
      `РасчСчет=${iban}`,
      'СекцияРасчСчет',
      `ДатаНачала=${this.created.from}`,
      `ДатаКонца=${this.created.to}`,
      `РасчСчет=${iban}`,
      `НачальныйОстаток=${formatUnits(this.opening, 2)}`,
      `ВсегоПоступило=${formatUnits(credits, 2)}`,
      `ВсегоСписано=${formatUnits(debits, 2)}`,
      `КонечныйОстаток=${formatUnits(this.opening + credits - debits, 2)}`,
      'КонецРасчСчет',
    ];
    let n = 1000;
    for (const d of this.docs) {
      const p = localParts(d.ts, this.offset);
      const date = `${p.d}.${p.mo}.${p.y}`;
      const credit = d.to === this.account.id;
      const payer = this.parties(d.from);
      const payee = this.parties(d.to);
      lines.push(
        'СекцияДокумент=Платежное поручение',
        `Номер=${++n}`,
        `Дата=${date}`,
        `Сумма=${formatUnits(d.amount, 2)}`,
        `ПлательщикСчет=${rawOf(d.from)}`,
        credit ? 'ДатаСписано=' : `ДатаСписано=${date}`,
        `Плательщик=${payer.iin ? `ИИН/БИН ${payer.iin} ` : ''}${payer.name}`,
        `ПлательщикИНН=${payer.iin ?? ''}`,
        `Плательщик1=${payer.name}`,
        `ПлательщикРасчСчет=${rawOf(d.from)}`,
        `ПлательщикБанк1=${payer.bank}`,
        `ПлательщикБИК=${payer.bic}`,
        `ПолучательСчет=${rawOf(d.to)}`,
        credit ? `ДатаПоступило=${date}` : 'ДатаПоступило=',
        `Получатель=${payee.iin ? `ИИН/БИН ${payee.iin} ` : ''}${payee.name}`,
        `ПолучательИНН=${payee.iin ?? ''}`,
        `Получатель1=${payee.name}`,
        `ПолучательРасчСчет=${rawOf(d.to)}`,
        `ПолучательБанк1=${payee.bank}`,
        `ПолучательБИК=${payee.bic}`,
        'ВидОплаты=01',
        `НазначениеПлатежа=${d.reference}`,
        'Очередность=5',
        'КонецДокумента',
      );
    }
    lines.push('КонецФайла');
    this.sink({ op: 'open', file: this.file, encoding: 'cp1251', format: '1c-client-bank' });
    // Chunks keep single writes small.
    for (let i = 0; i < lines.length; i += 500)
      this.sink({ op: 'write', file: this.file, text: `${lines.slice(i, i + 500).join('\r\n')}\r\n` });
    this.sink({ op: 'close', file: this.file });
  }
}

export { maskCard };
