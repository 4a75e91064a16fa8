import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath, runParser } from '../bank-table/testdata/run-parser.ts';
import { BANK_PARSERS } from '../groups/bank.ts';
import { currencyOfAccount } from './account-currency.ts';
import { clientBank1cParser } from './parse.ts';

const bytesOf = (f: string) => new Uint8Array(readFileSync(fixturePath(`third-party/ru-bank/${f}`)));
const ownSample = (f: string) => new Uint8Array(readFileSync(new URL(`./testdata/${f}`, import.meta.url)));

/** Cyrillic → Windows-1251 bytes, enough for the 1C keys and the names in these tests. */
function cp1251(text: string): Uint8Array {
  const cp = new Map<string, number>([
    ['Ё', 0xa8],
    ['ё', 0xb8],
  ]);
  for (let i = 0; i < 64; i++) cp.set(String.fromCharCode(0x410 + i), 0xc0 + i);
  return new Uint8Array([...text].map((c) => cp.get(c) ?? c.charCodeAt(0)));
}

function oneDocument(payer: string, payee: string, header = ''): Uint8Array {
  return cp1251(
    [
      '1CClientBankExchange',
      ...(header ? [`РасчСчет=${header}`] : []),
      'СекцияДокумент=Платежное поручение',
      'Номер=7',
      'Дата=02.02.2024',
      'Сумма=100.00',
      `ПлательщикРасчСчет=${payer}`,
      `ПолучательРасчСчет=${payee}`,
      'КонецДокумента',
      'КонецФайла',
      '',
    ].join('\r\n'),
  );
}

describe('currencyOfAccount', () => {
  it('reads KZ IBANs as tenge and the currency digits 6–8 of a Russian account', () => {
    expect(currencyOfAccount('KZ919653150745789938')).toBe('KZT');
    expect(currencyOfAccount('kz91 9653 1507 4578 9938')).toBe('KZT');
    expect(currencyOfAccount('40817810099910004312')).toBe('RUB');
    expect(currencyOfAccount('40702643000000000001')).toBe('RUB');
    expect(currencyOfAccount('40702840000000000001')).toBe('USD');
    expect(currencyOfAccount('40702978000000000001')).toBe('EUR');
    expect(currencyOfAccount('40702398000000000001')).toBe('KZT');
    expect(currencyOfAccount('40702156000000000001')).toBe('CNY');
  });

  it('does not guess for cards, placeholders and short numbers', () => {
    expect(currencyOfAccount('4400000000000008')).toBeUndefined();
    expect(currencyOfAccount('12345678901234567890')).toBeUndefined();
    expect(currencyOfAccount('KZ9196531507')).toBeUndefined();
    expect(currencyOfAccount('')).toBeUndefined();
    expect(currencyOfAccount(null)).toBeUndefined();
  });
});

describe('1C currency from the account numbers', () => {
  it('stores a Kazakh bank statement (KZ IBANs, cp1251) in KZT, transfers and balances', async () => {
    const r = await runParser(clientBank1cParser, ownSample('kz-iban-statement.txt'), { chunkSize: 53 });
    expect(r.transfers.map((t) => [t.amount, t.currency, t.fromAccount, t.toAccount])).toEqual([
      ['25000.5', 'KZT', 'iban:KZ64722S000001234567', 'iban:KZ919653150745789938'],
      ['12000', 'KZT', 'iban:KZ919653150745789938', 'card:4400000000000008'],
    ]);
    expect(r.statements).toEqual([
      expect.objectContaining({
        currency: 'KZT',
        credits: '25000.5',
        debits: expect.stringMatching(/^12000(\.0+)?$/),
        reconciled: true,
      }),
    ]);
    expect(r.issues).toEqual([]);
    expect(r.holders.map((h) => h.holderName)).toContain('Образцов Образец');
  });

  it('takes the currency from the own account before the counterparty', async () => {
    // own USD account pays a rouble account: the amount is booked in dollars
    const r = await runParser(
      clientBank1cParser,
      oneDocument('40702840000000000001', '40817810099910004312', '40702840000000000001'),
    );
    expect(r.transfers[0]?.currency).toBe('USD');
    const kzt = await runParser(
      clientBank1cParser,
      oneDocument('40817810099910004312', '40702398000000000001', '40702398000000000001'),
    );
    expect(kzt.transfers[0]?.currency).toBe('KZT');
  });

  it('falls back to the document accounts, then the file account, then RUB with a warning', async () => {
    const payment = await runParser(
      clientBank1cParser,
      oneDocument('4400000000000008', 'KZ919653150745789938'),
    );
    expect(payment.transfers[0]?.currency).toBe('KZT');
    const file = await runParser(
      clientBank1cParser,
      oneDocument('4400000000000008', '5500000000000004', 'KZ919653150745789938'),
    );
    expect(file.transfers[0]?.currency).toBe('KZT');
    const none = await runParser(clientBank1cParser, oneDocument('4400000000000008', '5500000000000004'));
    expect(none.transfers[0]?.currency).toBe('RUB');
    const warning = none.issues.find((i) => i.severity === 'warning');
    expect(warning?.locator).toBe('line:2');
    expect(warning?.reason).toMatch(/^line 2: no account number tells the currency/);
  });
});

describe('1C ClientBankExchange statement (Windows-1251)', () => {
  it('is detected by content and no other bank parser claims it', () => {
    const b = bytesOf('clbnk_kl_to_1c.txt');
    const scores = BANK_PARSERS.map(
      (p) => [p.format, p.detect(b.subarray(0, 65536), 'kl_to_1c.txt')] as const,
    );
    expect(scores.filter(([, s]) => s > 0.5).map(([f]) => f)).toEqual(['client-bank-1c']);
  });

  it('decodes cp1251, reads amounts exactly and extracts accounts with their BIK', async () => {
    const r = await runParser(clientBank1cParser, bytesOf('clbnk_kl_to_1c.txt'), { chunkSize: 61 });
    expect(r.transfers.map((t) => [t.locator, t.amount, t.fromAccount, t.toAccount, t.timestamp])).toEqual([
      [
        'line:20',
        '6936',
        'acct:044525411:40702810000000074935',
        'acct:044525411:47422810119484000074',
        '2024-01-01T00:00:00.000Z',
      ],
      [
        'line:86',
        '13056',
        'acct:044525411:40702810000000077777',
        'acct:047102651:40702810267020000630',
        '2024-01-09T00:00:00.000Z',
      ],
      [
        'line:152',
        '150000',
        'acct:044525411:40702810000000074935',
        'acct:047102651:40702810267020000630',
        '2024-01-10T00:00:00.000Z',
      ],
    ]);
    const first = r.transfers[0];
    expect(first?.fromHolder).toBe('ООО "Наеб"');
    expect(first?.currency).toBe('RUB');
    expect(r.transfers.map((t) => t.currency)).toEqual(['RUB', 'RUB', 'RUB']);
    expect(first?.props).toMatchObject({
      documentType: 'Банковский ордер',
      documentNumber: '69147',
      payerInn: '7777777777',
      payeeInn: '7702070139',
      payeeKpp: '770943002',
    });
    expect(String(first?.props?.description)).toMatch(/^Оплата стоимости пакета услуг "Всё по делу"/);
    expect(r.holders).toContainEqual(
      expect.objectContaining({
        account: 'acct:047102651:40702810267020000630',
        holderName: 'ИП Пупкин О.А.',
        institution: 'ЗАПАДНО-СИБИРСКОЕ ОТДЕЛЕНИЕ№8647 ПАО СБЕРБАНК',
      }),
    );
  });

  it('reads a UTF-8 copy the same (encoding detected, not trusted from the header)', async () => {
    const cp = bytesOf('clbnk_kl_to_1c.txt');
    const utf8 = new TextEncoder().encode(new TextDecoder('windows-1251').decode(cp));
    const a = await runParser(clientBank1cParser, cp);
    const b = await runParser(clientBank1cParser, utf8);
    expect(b.transfers).toEqual(a.transfers);
    expect(b.holders.map((h) => h.holderName)).toContain('ИП Пупкин О.А.');
  });

  it('checks the balances and names the missing documents', async () => {
    const r = await runParser(clientBank1cParser, bytesOf('clbnk_kl_to_1c.txt'));
    expect(r.statements).toEqual([
      expect.objectContaining({
        account: 'acct:044525411:40702810000000074935',
        locator: 'line:11',
        periodFrom: '2024-01-01',
        periodTo: '2024-04-11',
        openingBalance: '252842.49',
        closingBalance: '79245.05',
        credits: '0',
        debits: '156936',
        entries: 2,
        reconciled: false,
      }),
    ]);
    const errors = r.issues.filter((i) => i.severity === 'error').map((i) => i.reason);
    expect(
      errors.some((e) =>
        e.includes('ВсегоПоступило=616050 but the documents in the file add up to credits 0'),
      ),
    ).toBe(true);
    expect(errors.some((e) => e.includes('ВсегоСписано=789647.44') && e.includes('156936'))).toBe(true);
    expect(errors.some((e) => e.includes('does not reconcile'))).toBe(true);
    // a document that touches none of the statement's accounts is kept and flagged
    expect(r.issues.find((i) => i.locator === 'line:86')?.severity).toBe('warning');
  });

  it('reads payment orders (no statement section) as payer → payee', async () => {
    const r = await runParser(clientBank1cParser, bytesOf('clbnk_to_bank.txt'));
    expect(r.statements).toEqual([]);
    expect(r.transfers.map((t) => [t.amount, t.fromHolder, t.toHolder])).toEqual([
      ['175000', 'ООО "Рога и Копыта"', 'ИП Иванов А.А.'],
      ['375.25', 'ООО "Рога и Копыта"', 'ИП Иванов А.А.'],
    ]);
    expect(r.transfers[0]?.props?.paymentOrderOnly).toBe(true);
    expect(r.transfers[0]?.props?.payeeInn).toBe('111122223344');
  });

  it('quarantines a document with a bad amount and reports a truncated file', async () => {
    const text =
      '1CClientBankExchange\nРасчСчет=40702810000000074935\nСекцияДокумент=X\nНомер=1\nДата=01.01.2024\nСумма=abc\nКонецДокумента\nСекцияДокумент=X\nНомер=2\nСумма=5.00\n';
    const r = await runParser(clientBank1cParser, cp1251(text));
    expect(r.issues.find((i) => i.severity === 'quarantine')).toMatchObject({ locator: 'line:3' });
    expect(r.issues.find((i) => i.severity === 'error')).toMatchObject({ locator: 'line:8' });
    expect(r.transfers).toEqual([]);
  });
});

describe('1C: variants of other banks (own samples in testdata/)', () => {
  it('a transfer between two own accounts credits the second statement, once even when listed twice', async () => {
    const r = await runParser(clientBank1cParser, ownSample('two-own-accounts.txt'), { chunkSize: 61 });
    expect(r.statements.map((s) => [s.account, s.credits, s.debits, s.reconciled])).toEqual([
      ['acct:044525225:40702810900000012345', '0', '50150', true],
      ['acct:044525593:40702810100000099999', '50000', '0', true],
    ]);
    // the statement account and the transfer's account are the same identifier (BIK from the document)
    expect(r.transfers.map((t) => [t.fromAccount, t.toAccount, t.amount])).toEqual([
      ['acct:044525225:40702810900000012345', 'acct:044525593:40702810100000099999', '50000'],
      ['acct:044525225:40702810900000012345', 'acct:044525225:70601810000002740203', '150'],
    ]);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.issues).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        locator: 'line:54',
        reason: expect.stringMatching(/a second time/),
      }),
    );
  });

  it('Kazakh field names: ИИК accounts, БИН/ИИН tax numbers', async () => {
    const r = await runParser(clientBank1cParser, ownSample('kz-iik-bin-fields.txt'));
    expect(r.transfers[0]).toMatchObject({
      fromAccount: 'iban:KZ75125KZT2069100100',
      toAccount: 'iban:KZ526010002008544440',
      amount: '35000.5',
      currency: 'KZT',
    });
    expect(r.statements[0]).toMatchObject({ reconciled: true });
    expect(r.holders.map((h) => h.iin)).toEqual(['iin:120340012345', 'iin:850101300124']);
  });

  it('a Кодировка=DOS file (CP866) is decoded as such: names and keys read, balances reconcile', async () => {
    const r = await runParser(clientBank1cParser, ownSample('dos-cp866.txt'), { chunkSize: 53 });
    expect(r.transfers.map((t) => [t.amount, t.fromHolder])).toEqual([
      ['50000', 'ООО "РОМАШКА"'],
      ['150', 'ООО "РОМАШКА"'],
    ]);
    expect(r.statements.map((s) => s.reconciled)).toEqual([true, true]);
  });

  it('a file with the marker but no sections says so instead of storing nothing silently', async () => {
    const r = await runParser(
      clientBank1cParser,
      cp1251('1CClientBankExchange\r\nВерсияФормата=1.03\r\nКонецФайла\r\n'),
    );
    expect(r.issues).toEqual([
      expect.objectContaining({ severity: 'warning', reason: expect.stringMatching(/nothing to store/) }),
    ]);
  });

  it('blanks around "=" (a hand-edited file) do not hide Сумма', async () => {
    const r = await runParser(clientBank1cParser, ownSample('blanks-around-equals.txt'));
    expect(r.issues.filter((i) => i.severity !== 'warning')).toEqual([]);
    expect(r.transfers.map((t) => t.amount)).toEqual(['50000', '150']);
  });
});
