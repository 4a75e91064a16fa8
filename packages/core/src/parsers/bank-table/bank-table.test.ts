import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BANK_PARSERS } from '../groups/bank.ts';
import { bankCsvParser, bankXlsxParser } from './parse.ts';
import { suggestMapping } from './suggest-mapping.ts';
import { dateOrderOf, parseTableDate } from './table-date.ts';
import { makeXlsx } from './testdata/make-xlsx.ts';
import { EVIDENCE, fixturePath, runParser } from './testdata/run-parser.ts';

/** The most confident bank parser (the registry's rule, restricted to this group). */
const detectFormat = (bytes: Uint8Array, name: string) =>
  BANK_PARSERS.map((p) => ({ p, s: p.detect(bytes.subarray(0, 65536), name) }))
    .filter((x) => x.s > 0.5)
    .sort((a, b) => b.s - a.s)[0]?.p;

const own = (name: string) => new Uint8Array(readFileSync(new URL(`./testdata/${name}`, import.meta.url)));
const tbank = new Uint8Array(
  readFileSync(fixturePath('third-party/ru-bank/tbank2qif_tinkoff_operations.sample.csv')),
);

describe('bank CSV: T-Bank export without a mapping', () => {
  it('is detected by content as a bank CSV', () => {
    expect(detectFormat(tbank, 'operations.csv')?.format).toBe('bank-csv');
  });

  it('reads every row with sign-derived direction and exact amounts', async () => {
    const r = await runParser(bankCsvParser, tbank);
    expect(r.transfers).toHaveLength(11);
    expect(r.issues.filter((i) => i.severity === 'quarantine')).toEqual([]);
    const first = r.transfers[0];
    expect(first?.locator).toBe('row:2');
    expect(first?.amount).toBe('450000.00');
    expect(first?.currency).toBe('RUB');
    expect(first?.timestamp).toBe('2025-10-13T13:09:04.000Z');
    // a credit: money arrives at the statement's own (placeholder) account
    expect(first?.toAccount).toBe(`acct:UNKNOWN:${EVIDENCE.slice(0, 16).toUpperCase()}`);
    expect(first?.fromAccount).toBeNull();
    const taxi = r.transfers.find((t) => t.props?.description === 'Яндекс такси ULTIMA');
    expect(taxi?.amount).toBe('4232.00');
    expect(taxi?.fromAccount).toBe(first?.toAccount);
    expect(taxi?.props?.category).toBe('Такси');
    expect(taxi?.props?.card).toBe('*xxxx');
    const [s] = r.statements;
    expect(s?.entries).toBe(11);
    expect(s?.credits).toBe('534710.47');
    expect(s?.debits).toBe('12547.08');
    expect(s?.reconciled).toBeNull();
    expect(r.issues.some((i) => i.severity === 'warning' && i.reason.includes('no own account'))).toBe(true);
  });

  it('reads the same rows from a UTF-16LE copy (wrong encoding for a bank CSV, still detected)', async () => {
    const text = new TextDecoder().decode(tbank);
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      utf16[2 + i * 2] = c & 0xff;
      utf16[3 + i * 2] = c >> 8;
    }
    const a = await runParser(bankCsvParser, tbank);
    const b = await runParser(bankCsvParser, utf16, { chunkSize: 333 });
    expect(b.transfers.map((t) => [t.amount, t.props?.description])).toEqual(
      a.transfers.map((t) => [t.amount, t.props?.description]),
    );
  });

  it('emits the statement after its transfers', async () => {
    const kinds: string[] = [];
    async function* chunks() {
      yield tbank;
    }
    for await (const item of bankCsvParser.parse(chunks(), { evidenceId: EVIDENCE, fileName: 'x' })) {
      if (item.kind === 'record') kinds.push(item.record.table);
    }
    expect(kinds[kinds.length - 1]).toBe('statements');
    expect(kinds.filter((k) => k === 'statements')).toHaveLength(1);
  });

  it('leaves exchange exports (coin / txid columns) and prose naming Date and Amount alone', () => {
    const pionex = new Uint8Array(
      readFileSync(fixturePath('third-party/crypto/exchange-other/dali-rp2_test_pionex_transfers.csv')),
    );
    expect(bankCsvParser.detect(pionex, 'x.csv')).toBeLessThan(0.5);
    const prose = new Uint8Array(readFileSync(fixturePath('third-party/crypto/exchange-binance/SOURCE.txt')));
    expect(bankCsvParser.detect(prose, 'SOURCE.txt')).toBeLessThan(0.5);
  });

  it('suggests a mapping that names the detected columns', () => {
    const m = suggestMapping(tbank.subarray(0, 1000));
    expect(m.headerRow).toBe(1);
    expect(m.delimiter).toBe(';');
    expect(m.columns?.date).toBe('Дата операции');
    expect(m.columns?.amount).toBe('Сумма операции');
    expect(m.columns?.currency).toBe('Валюта операции');
  });
});

describe('bank CSV: own synthetic statements', () => {
  it('reads a Windows-1251 Russian statement with a header block, debit/credit columns and footer balance', async () => {
    const bytes = own('ru-cp1251-statement.csv');
    expect(detectFormat(bytes, 'x.csv')?.format).toBe('bank-csv');
    const r = await runParser(bankCsvParser, bytes, { chunkSize: 37 });
    expect(r.issues).toEqual([]);
    expect(r.transfers.map((t) => [t.locator, t.amount, t.fromAccount, t.toAccount])).toEqual([
      ['row:10', '1234.50', 'card:4400430012345671', 'iban:KZ86125KZT5004100100'],
      ['row:11', '500.00', 'iban:KZ86125KZT5004100100', 'iin:940140000385'],
      ['row:12', '1000.00', 'iban:KZ86125KZT5004100100', 'phone:+77011234567'],
    ]);
    expect(r.transfers[0]?.fromHolder).toBe('Петров П.');
    expect(r.transfers[0]?.toHolder).toBe('ИВАНОВ ИВАН ИВАНОВИЧ');
    expect(r.transfers[0]?.currency).toBe('KZT');
    expect(r.transfers[0]?.timestamp).toBe('2024-03-05T14:22:00.000Z');
    const ownHolder = r.holders.find((h) => h.account === 'iban:KZ86125KZT5004100100');
    expect(ownHolder?.holderName).toBe('ИВАНОВ ИВАН ИВАНОВИЧ');
    expect(ownHolder?.iin).toBe('iin:900101300126');
    expect(r.holders.find((h) => h.account === 'card:4400430012345671')?.iin).toBe('iin:850505400345');
    const [s] = r.statements;
    expect(s).toMatchObject({
      account: 'iban:KZ86125KZT5004100100',
      openingBalance: '10000.00',
      closingBalance: '9734.50',
      credits: '1234.50',
      debits: '1500.00',
      entries: 3,
      reconciled: true,
      periodFrom: '2024-03-01',
      periodTo: '2024-03-31',
      currency: 'KZT',
    });
  });

  it('reads Kazakh headers, ISO dates with offsets, signed amounts with thin spaces and phone aliases', async () => {
    const r = await runParser(bankCsvParser, own('kz-utf8-signed.csv'), {
      mapping: { account: '4400430012345671', holder: 'Test Holder' },
    });
    expect(r.issues).toEqual([]);
    expect(r.transfers.map((t) => [t.timestamp, t.amount, t.fromAccount, t.toAccount])).toEqual([
      ['2024-03-05T09:22:00.000Z', '1500.00', 'phone:+77011234567', 'card:4400430012345671'],
      ['2024-03-06T05:00:00.000Z', '2000.50', 'card:4400430012345671', null],
      ['2024-03-07T03:30:00.000Z', '300', 'card:4400430012345671', 'phone:+77021234567'],
    ]);
    expect(r.transfers[1]?.toHolder).toBe('Дүкен');
    expect(r.statements[0]?.account).toBe('card:4400430012345671');
  });

  it('quarantines the rows whose columns shift and keeps the good ones', async () => {
    const r = await runParser(bankCsvParser, own('shifted-columns.csv'));
    expect(r.transfers.map((t) => t.locator)).toEqual(['row:2', 'row:3', 'row:4', 'row:8']);
    const q = r.issues.filter((i) => i.severity === 'quarantine');
    expect(q.map((i) => i.locator)).toEqual(['row:5', 'row:6', 'row:7', 'row:9']);
    expect(q[0]?.reason).toMatch(/6 fields where the header at row:1 has 5/);
    expect(q[0]?.raw).toBe('2024-03-04,extra,-10.00,USD,fee,Bank');
    expect(q[3]?.reason).toMatch(/date "not-a-date"/);
    expect(r.statements[0]?.entries).toBe(4);
  });

  it('quarantines a row with bytes the encoding does not read: a file cut inside a character, a row in another encoding', async () => {
    const utf8 = (t: string) => new TextEncoder().encode(t);
    const head = 'Дата;Сумма;Валюта;Получатель;Назначение\n05.03.2024 14:22;-1 000,00;KZT;Иванов И.;оплата\n';
    // The last line ends with the first byte of a two-byte letter: the file was cut there.
    const whole = utf8(`${head}06.03.2024 10:00;2 000,00;KZT;Петров П.;перевод Пе`);
    const cut = await runParser(bankCsvParser, whole.subarray(0, whole.length - 1));
    expect(cut.transfers.map((t) => t.locator)).toEqual(['row:2']);
    expect(cut.issues.filter((i) => i.severity === 'quarantine')).toEqual([
      expect.objectContaining({
        locator: 'row:3',
        reason: expect.stringMatching(
          /^row:3: bytes that are not valid in the file's encoding .*cut inside a character/,
        ),
        raw: '06.03.2024 10:00;2 000,00;KZT;Петров П.;перевод П\uFFFD',
      }),
    ]);
    // The same file whole stores both rows and no issue of the kind.
    const full = await runParser(bankCsvParser, whole);
    expect(full.transfers.map((t) => t.locator)).toEqual(['row:2', 'row:3']);
    expect(full.issues.some((i) => /not valid in the file's encoding/.test(i.reason))).toBe(false);
    // A row whose name was saved in Windows-1251 inside a UTF-8 file: that row only.
    const cp1251Name = new Uint8Array([0xcf, 0xe5, 0xf2, 0xf0, 0xee, 0xe2]); // «Петров»
    const mixed = new Uint8Array([
      ...utf8(`${head}06.03.2024 10:00;2 000,00;KZT;`),
      ...cp1251Name,
      ...utf8(';перевод\n07.03.2024 09:00;-300,00;KZT;Сидоров С.;оплата\n'),
    ]);
    const m = await runParser(bankCsvParser, mixed);
    expect(m.transfers.map((t) => t.locator)).toEqual(['row:2', 'row:4']);
    expect(m.issues.filter((i) => i.severity === 'quarantine').map((i) => i.locator)).toEqual(['row:3']);
  });

  it('starts a new statement when a new header appears halfway', async () => {
    const csv = new TextEncoder().encode(
      'Date;Amount;Currency\n2024-03-01;10;EUR\nDate;Currency;Debit;Credit;Counterparty\n2024-03-02;EUR;5;;Shop\n',
    );
    const r = await runParser(bankCsvParser, csv);
    expect(r.statements.map((s) => [s.locator, s.entries])).toEqual([
      ['row:1', 1],
      ['row:3', 1],
    ]);
    expect(r.issues.find((i) => i.locator === 'row:3')?.reason).toMatch(/new header row/);
    expect(r.transfers[1]).toMatchObject({
      amount: '5',
      currency: 'EUR',
      toHolder: 'Shop',
      locator: 'row:4',
    });
  });

  it('asks for a mapping when no header is found, and reads the file with one', async () => {
    const csv = new TextEncoder().encode('a;b;c\n05.03.2024;-10,00;x\n06.03.2024;20,00;y\n');
    const without = await runParser(bankCsvParser, csv);
    expect(without.transfers).toEqual([]);
    expect(without.issues[0]?.severity).toBe('error');
    expect(without.issues[0]?.reason).toMatch(/--mapping/);
    const withMap = await runParser(bankCsvParser, csv, {
      mapping: { headerRow: 1, columns: { date: 'a', amount: 2, description: 'c' }, currency: 'EUR' },
    });
    expect(withMap.transfers.map((t) => [t.amount, t.currency, t.props?.description])).toEqual([
      ['10.00', 'EUR', 'x'],
      ['20.00', 'EUR', 'y'],
    ]);
  });

  it('reports an invalid mapping instead of throwing', async () => {
    const r = await runParser(bankCsvParser, own('shifted-columns.csv'), {
      mapping: { columns: { nope: 'x' } },
    });
    expect(r.issues[0]).toMatchObject({ severity: 'error', locator: 'mapping' });
    const bad = await runParser(bankCsvParser, own('shifted-columns.csv'), {
      mapping: { closingBalance: '1 000,00' },
    });
    expect(bad.issues[0]?.reason).toMatch(/closingBalance must be a decimal/);
    expect(r.transfers.length).toBe(4);
  });
});

const kaspi = () =>
  makeXlsx([
    {
      name: 'Выписка',
      rows: [
        ['АО «Kaspi Bank», БИК CASPKZKA'],
        ['ВЫПИСКА по Kaspi Gold за период с 01.03.24 по 31.03.24'],
        ['Владелец:', 'Иванов Иван'],
        ['Номер карты:', '*1234'],
        ['Номер счета:', 'KZ86125KZT5004100100'],
        ['Валюта счета:', 'тенге'],
        ['Остаток на начало периода', '10 000,00 ₸'],
        ['Остаток на конец периода', '9 500,00 ₸'],
        [],
        ['Дата', 'Сумма', null, 'Операция', 'Детали'],
        [null, 'Расход', 'Приход', null, null],
        [{ date: 45356.5 }, '2 000,00 ₸', null, 'Покупка', 'Magnum'],
        ['06.03.24', null, 1500, 'Пополнение', 'Ерлан Н.'],
        ['32.03.24', null, '100', 'Пополнение', 'bad date'],
      ],
      merges: ['A1:E1', 'A2:E2', 'A10:A11', 'B10:C10', 'D10:D11', 'E10:E11'],
    },
    { name: 'Notes', rows: [['Справка'], ['Эта выписка сформирована автоматически']] },
    {
      name: 'Card 2',
      rows: [
        ['Date', 'Amount', 'Currency', 'Counterparty', 'Counterparty account'],
        ['2024-03-08 10:00', -42.5, 'USD', 'ACME', 'DE89370400440532013000'],
      ],
    },
    { name: 'Empty', rows: [] },
  ]);

describe('bank XLSX', () => {
  it('is detected by content', () => {
    expect(detectFormat(kaspi(), 'statement.xlsx')?.format).toBe('bank-xlsx');
  });

  it('reads a Kaspi-style sheet: header block, merged two-row header, Excel dates, balances', async () => {
    const r = await runParser(bankXlsxParser, kaspi());
    const kaspiTx = r.transfers.filter((t) => t.locator.startsWith('Выписка!'));
    expect(
      kaspiTx.map((t) => [t.locator, t.timestamp, t.amount, t.currency, t.fromAccount, t.toAccount]),
    ).toEqual([
      ['Выписка!row:12', '2024-03-05T12:00:00.000Z', '2000.00', 'KZT', 'iban:KZ86125KZT5004100100', null],
      ['Выписка!row:13', '2024-03-06T00:00:00.000Z', '1500', 'KZT', null, 'iban:KZ86125KZT5004100100'],
    ]);
    expect(kaspiTx[0]?.props).toMatchObject({ operation: 'Покупка', description: 'Magnum' });
    expect(kaspiTx[0]?.fromHolder).toBe('Иванов Иван');
    expect(kaspiTx[0]?.toHolder).toBeNull(); // "Magnum" is a merchant, not a person's name
    expect(kaspiTx[1]?.fromHolder).toBe('Ерлан Н.');
    const q = r.issues.filter((i) => i.severity === 'quarantine');
    expect(q.map((i) => i.locator)).toEqual(['Выписка!row:14']);
    const s = r.statements.find((x) => x.locator.startsWith('Выписка!'));
    expect(s).toMatchObject({
      openingBalance: '10000.00',
      closingBalance: '9500.00',
      reconciled: true,
      entries: 2,
    });
  });

  it('gives each sheet its statement or a clear issue', async () => {
    const r = await runParser(bankXlsxParser, kaspi());
    expect(r.statements.map((s) => s.locator)).toEqual(['Выписка!row:11', 'Card 2!row:1']);
    const notes = r.issues.find((i) => i.locator.startsWith('Notes!'));
    expect(notes?.severity).toBe('warning');
    expect(notes?.reason).toMatch(/sheet "Notes".*no header row/);
    expect(r.issues.find((i) => i.locator.startsWith('Empty!'))?.reason).toMatch(/empty/);
    const acme = r.transfers.find((t) => t.locator === 'Card 2!row:2');
    expect(acme).toMatchObject({
      amount: '42.5',
      currency: 'USD',
      toAccount: 'iban:DE89370400440532013000',
      toHolder: 'ACME',
    });
  });

  it('keeps the rows before a break in a sheet and reports it', async () => {
    const rows = [
      ['Date', 'Amount', 'Currency'],
      ...Array.from({ length: 20 }, (_, i) => [`2024-03-${String(i + 1).padStart(2, '0')}`, i + 1, 'EUR']),
    ];
    const full = makeXlsx([{ name: 'S', rows }]);
    const fullRun = await runParser(bankXlsxParser, full);
    expect(fullRun.transfers).toHaveLength(20);
    const xmlLength = 1200;
    const broken = makeXlsx([{ name: 'S', rows, truncate: xmlLength }]);
    const r = await runParser(bankXlsxParser, broken);
    expect(r.transfers.length).toBeGreaterThan(0);
    expect(r.transfers.length).toBeLessThan(20);
    expect(r.issues.some((i) => i.severity === 'error' && /broken XML/.test(i.reason))).toBe(true);
  });

  it('reports a file that is not a zip', async () => {
    const r = await runParser(bankXlsxParser, new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]));
    expect(r.issues[0]?.severity).toBe('error');
    expect(r.issues[0]?.reason).toMatch(/not a readable XLSX/);
  });

  it('suggests a mapping with the sheet and header row', () => {
    const m = suggestMapping(kaspi());
    expect(m.sheet).toBe('Выписка');
    expect(m.headerRow).toBe(11);
    expect(m.columns).toMatchObject({ date: 'Дата', debit: 'Расход', credit: 'Приход' });
  });
});

describe('bank CSV: counterparty only in the description, own card masked (Halyk-style)', () => {
  it('takes the own card from a masked "№ карточки/счета" column and the other side from the description', async () => {
    const r = await runParser(bankCsvParser, own('halyk-style-masked.csv'));
    expect(r.issues.filter((i) => i.severity === 'quarantine')).toEqual([]);
    const byRow = new Map(r.transfers.map((t) => [t.locator, t]));
    const ownCard = 'card:440563******9875';
    // credit: the masked card in the description paid the own (masked) card
    expect(byRow.get('row:2')?.fromAccount).toBe('card:440043******1237');
    expect(byRow.get('row:2')?.toAccount).toBe(ownCard);
    expect(byRow.get('row:2')?.channel).toBe('card2card');
    expect(byRow.get('row:2')?.props?.counterpartySource).toBe('description');
    // a full card in the description, a phone alias
    expect(byRow.get('row:3')?.toAccount).toBe('card:4405630000009875');
    expect(byRow.get('row:4')?.toAccount).toBe('phone:+77012345678');
    // a card number failing Luhn is no card, a date and time are no phone: no counterparty
    expect(byRow.get('row:5')?.toAccount).toBeNull();
    expect(byRow.get('row:6')?.toAccount).toBeNull();
    expect(byRow.get('row:6')?.props?.counterpartySource).toBeUndefined();
    for (const t of r.transfers.filter((t) => t.locator !== 'row:2')) expect(t.fromAccount).toBe(ownCard);
  });

  it('keeps a known own account when the card column is masked', async () => {
    const r = await runParser(bankCsvParser, own('halyk-style-masked.csv'), {
      mapping: { version: 1, account: 'KZ86125KZT5004100100' },
    });
    expect(r.transfers.map((t) => t.fromAccount)).toContain('iban:KZ86125KZT5004100100');
    expect(
      r.transfers.some(
        (t) => t.fromAccount === 'card:440563******9875' || t.toAccount === 'card:440563******9875',
      ),
    ).toBe(false);
  });
});

describe('date order from the first rows (no mapping)', () => {
  it('reads month first only when a second part is over 12 and no first part is', () => {
    expect(dateOrderOf(['01/02/2024', '03/15/2024 10:00'])).toBe('MDY');
    expect(dateOrderOf(['15/03/2024', '03/15/2024'])).toBeUndefined();
    expect(dateOrderOf(['05.03.2024', '2024-03-15', '1/2/24'])).toBeUndefined();
    expect(dateOrderOf(['', 'x', '12/12/2024'])).toBeUndefined();
  });

  it('reads a US-style CSV and an XLSX sheet of text dates month first, and says what would read the others', async () => {
    const csv = [
      'Date,Amount,Counterparty',
      '03/01/2024 10:00,-5.00,A',
      '03/13/2024 11:00,7.50,B',
      '12/31/2024,1,C',
    ];
    const r = await runParser(bankCsvParser, new TextEncoder().encode(`${csv.join('\n')}\n`), {
      mapping: { currency: 'USD' },
    });
    expect(r.transfers.map((t) => t.timestamp.slice(0, 10))).toEqual([
      '2024-03-01',
      '2024-03-13',
      '2024-12-31',
    ]);
    const xlsx = makeXlsx([
      {
        name: 'S',
        rows: [
          ['Date', 'Amount', 'Counterparty'],
          ['03/13/2024', -5, 'A'],
          ['04/01/2024', 1, 'B'],
        ],
      },
    ]);
    const x = await runParser(bankXlsxParser, xlsx, { mapping: { currency: 'USD' } });
    expect(x.transfers.map((t) => t.timestamp.slice(0, 10))).toEqual(['2024-03-13', '2024-04-01']);
    // Day first (a first part over 12 in the first rows): a month-first date below is quarantined, and the reason
    // names the mapping that would read it.
    const dmy = ['Date,Amount,Counterparty', '13/03/2024,-5.00,A', '03/14/2024,1,B'];
    const d = await runParser(bankCsvParser, new TextEncoder().encode(`${dmy.join('\n')}\n`), {
      mapping: { currency: 'USD' },
    });
    expect(d.transfers.map((t) => t.timestamp.slice(0, 10))).toEqual(['2024-03-13']);
    expect(d.issues.find((i) => i.severity === 'quarantine')?.reason).toContain(
      'read month first it is one — if the file writes its dates that way, pass "dateFormat": "MDY" in --mapping',
    );
  });
});

describe('parseTableDate: named months, fractions, compact dates', () => {
  it.each([
    ['5 мар 2024', '2024-03-05T00:00:00.000Z'],
    ['05 марта 2024 г. 14:22', '2024-03-05T14:22:00.000Z'],
    ['05 мая 2024', '2024-05-05T00:00:00.000Z'],
    ['5 наурыз 2024', '2024-03-05T00:00:00.000Z'],
    ['12 желтоқсан 2024 09:00:01', '2024-12-12T09:00:01.000Z'],
    ['05-Mar-2024 14:22:05', '2024-03-05T14:22:05.000Z'],
    ['Mar 5, 2024', '2024-03-05T00:00:00.000Z'],
    ['September 30 2024 23:59', '2024-09-30T23:59:00.000Z'],
    ['05.03.2024 14:22:05.123', '2024-03-05T14:22:05.000Z'],
    ['20240305', '2024-03-05T00:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseTableDate(text)).toBe(iso);
  });
  it.each(['31 фев 2024', '5 foo 2024', '5 мар', '20241305', '12345678', 'Mar 32, 2024'])(
    'leaves %s',
    (text) => {
      expect(parseTableDate(text)).toBeUndefined();
    },
  );
});

describe('dates that start with a month name', () => {
  it('are data rows: one whose description reads like a totals row is stored, not taken for the footer', async () => {
    const csv = [
      'Date,Amount,Description',
      '"Mar 5, 2024",-10.00,Balance top-up',
      '"Mar 6, 2024 10:00",5.00,Total refund',
      'Total,,',
      'Closing balance,100.00,',
    ];
    const r = await runParser(bankCsvParser, new TextEncoder().encode(`${csv.join('\n')}\n`), {
      mapping: { currency: 'USD' },
    });
    expect(r.transfers.map((t) => t.timestamp)).toEqual([
      '2024-03-05T00:00:00.000Z',
      '2024-03-06T10:00:00.000Z',
    ]);
    expect(r.issues.filter((i) => i.severity === 'quarantine')).toEqual([]);
  });
});

describe('credit and debit marks after an amount', () => {
  it('sign an unsigned amount (CR, DR, Кт, Дт), and leave a signed one with a mark unread', async () => {
    const csv = [
      'Date;Amount;Counterparty',
      '05.03.2024;1 234,56 CR;A',
      '05.03.2024;500.00 DR;B',
      '05.03.2024;1 000,00 Дт;C',
      '05.03.2024;100 USD Dr;D',
      '05.03.2024;-7 CR;E',
    ];
    const r = await runParser(bankCsvParser, new TextEncoder().encode(`${csv.join('\n')}\n`), {
      mapping: { currency: 'KZT', account: 'KZ86125KZT5004100100' },
    });
    expect(
      r.transfers.map((t) => [t.amount, t.currency, t.toAccount === 'iban:KZ86125KZT5004100100']),
    ).toEqual([
      ['1234.56', 'KZT', true],
      ['500.00', 'KZT', false],
      ['1000.00', 'KZT', false],
      ['100', 'USD', false],
    ]);
    expect(r.issues.find((i) => i.severity === 'quarantine')?.reason).toContain(
      'amount "-7 CR" is not an amount',
    );
  });
});

describe('an operation column of direction words', () => {
  it('gives the direction of unsigned amounts when no other column does, in CSV and XLSX', async () => {
    const own = 'iban:KZ86125KZT5004100100';
    const mapping = { currency: 'KZT', account: 'KZ86125KZT5004100100' };
    const dirs = (ts: Array<{ fromAccount: string | null; toAccount: string | null }>) =>
      ts.map((t) => (t.fromAccount === own ? 'out' : t.toAccount === own ? 'in' : '?'));
    for (const [header, rows, expected] of [
      [
        'Дата;Сумма;Тип операции;Описание',
        ['05.03.2024;100,00;Расход;a', '05.03.2024;50,00;Приход;b'],
        ['out', 'in'],
      ],
      [
        'Date;Amount;Type;Description',
        ['05.03.2024;100.00;Debit;a', '05.03.2024;50.00;Credit;b'],
        ['out', 'in'],
      ],
      [
        'Күні;Сомасы;Түрі;Сипаттама',
        ['05.03.2024;100,00;Шығыс;a', '05.03.2024;50,00;Кіріс;b'],
        ['out', 'in'],
      ],
      // Operations that are not direction words leave the sign to decide (Kaspi-style `Покупка` with `-`).
      [
        'Дата;Сумма;Операция;Детали',
        ['05.03.2024;-100,00;Покупка;a', '05.03.2024;50,00;Пополнение;b'],
        ['out', 'in'],
      ],
    ] as Array<[string, string[], string[]]>) {
      const r = await runParser(bankCsvParser, new TextEncoder().encode(`${header}\n${rows.join('\n')}\n`), {
        mapping,
      });
      expect(dirs(r.transfers), header).toEqual(expected);
    }
    const x = await runParser(
      bankXlsxParser,
      makeXlsx([
        {
          name: 'S',
          rows: [
            ['Дата', 'Сумма', 'Тип операции'],
            ['05.03.2024', 100, 'Списание'],
            ['06.03.2024', 5, 'Зачисление'],
          ],
        },
      ]),
      { mapping },
    );
    expect(dirs(x.transfers)).toEqual(['out', 'in']);
  });
});

describe('phone numbers as the other side', () => {
  it.each([
    ['+7 (701) 123-45-67', 'phone:+77011234567'],
    ['8 701 123 45 67', 'phone:+77011234567'],
    ['701 123 45 67', 'phone:+77011234567'],
    ['9161234567', 'phone:+79161234567'],
    ['+998 (90) 123-45-67', 'phone:+998901234567'],
  ])('reads %s in a phone column', async (cell, account) => {
    const r = await runParser(
      bankCsvParser,
      new TextEncoder().encode(`Дата;Сумма;Телефон получателя\n05.03.2024;-100,00;${cell}\n`),
      { mapping: { currency: 'KZT', account: 'KZ86125KZT5004100100' } },
    );
    expect(r.transfers[0]?.toAccount).toBe(account);
  });
});

describe('a running balance column', () => {
  const run = (rows: string[]) =>
    runParser(bankCsvParser, new TextEncoder().encode(`Дата;Сумма;Остаток\n${rows.join('\n')}\n`), {
      mapping: { currency: 'KZT', account: 'KZ86125KZT5004100100' },
    });
  it('gives the opening and closing balances, oldest or newest first', async () => {
    const oldest = await run([
      '05.03.2024;-100,00;900,00',
      '06.03.2024;50,00;950,00',
      '07.03.2024;-25,50;924,50',
    ]);
    expect(oldest.statements.map((s) => [s.openingBalance, s.closingBalance, s.reconciled])).toEqual([
      ['1000', '924.5', true],
    ]);
    const newest = await run([
      '07.03.2024;-25,50;924,50',
      '06.03.2024;50,00;950,00',
      '05.03.2024;-100,00;900,00',
    ]);
    expect(newest.statements.map((s) => [s.openingBalance, s.closingBalance, s.reconciled])).toEqual([
      ['1000', '924.5', true],
    ]);
    expect([...oldest.issues, ...newest.issues].filter((i) => i.reason.includes('balance column'))).toEqual(
      [],
    );
  });
  it('says so when the balances do not account for the entries (a row missing)', async () => {
    const gap = await run([
      '05.03.2024;-100,00;900,00',
      '06.03.2024;50,00;950,00',
      '08.03.2024;-25,00;800,00',
    ]);
    expect(gap.statements[0]?.reconciled).toBeNull();
    const w = gap.issues.find((i) =>
      i.reason.includes('the balance column does not account for the entries'),
    );
    expect(w?.severity).toBe('warning');
    expect(w?.reason).toContain('credits 50.00 − debits 125.00 = -75, the balances move by -100');
    // Row 4 (08.03) does not follow row 3: 950 − 25 is 925, not 800.
    expect(w?.reason).toContain(
      'read oldest first, it breaks at 1 place: from row:3 (950,00) to row:4 (800,00) it moves by -150 where the rows move it by -25;',
    );
  });
  it('names where the balance breaks, newest first, and reads past a row with no balance', async () => {
    const rows = [
      '09.03.2024;10,00;980,00',
      '08.03.2024;-20,00;',
      '07.03.2024;30,00;990,00',
      '06.03.2024;-40,00;960,00',
      '05.03.2024;5,00;1 000,00',
      '04.03.2024;-1,00;7,00',
    ];
    const r = await run(rows);
    const w = r.issues.find((i) => i.reason.includes('the balance column does not account'));
    // Newest first every pair holds (the empty cell's −20 moves it with the next one: 980 − 990 = 10 − 20)
    // but 05.03 → 04.03: 1 000 − 7 is 993, where 04.03's row moved it by −1.
    expect(w?.reason).toContain(
      'read newest first, it breaks at 1 place: from row:6 (1 000,00) to row:7 (7,00) it moves by 993 where the rows move it by 5;',
    );
    // Without the break the same rows reconcile and give no warning.
    const whole = await run([...rows.slice(0, 5), '04.03.2024;-1,00;995,00']);
    expect(whole.issues.filter((i) => i.reason.includes('balance column'))).toEqual([]);
    expect(whole.statements.map((s) => [s.openingBalance, s.closingBalance])).toEqual([['996', '980']]);
  });
  it('names the break on an XLSX sheet by its sheet row, numbers read as numbers', async () => {
    const x = await runParser(
      bankXlsxParser,
      makeXlsx([
        {
          name: 'Выписка',
          rows: [
            ['Дата', 'Сумма', 'Остаток'],
            ['05.03.2024', -100, 900],
            ['06.03.2024', 50, 950],
            ['08.03.2024', -25, 800],
          ],
        },
      ]),
      { mapping: { currency: 'KZT', account: 'KZ86125KZT5004100100' } },
    );
    const w = x.issues.find((i) => i.reason.includes('the balance column does not account'));
    expect(w?.reason).toMatch(
      /read oldest first, it breaks at 1 place: from Выписка!row:3 \(950\) to Выписка!row:4 \(800\) it moves by -150 where the rows move it by -25;/,
    );
  });
  it('counts every break and names the first three', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `0${1 + (i % 9)}.04.2024;-1,00;${i % 2 ? 50 : 40}`);
    const r = await run(rows);
    const w = r.issues.find((i) => i.reason.includes('the balance column does not account'));
    expect(w?.reason).toMatch(
      /it breaks at 11 places: from row:2 \(40\) to row:3 \(50\) .*; from row:4 .*; 8 more;/,
    );
  });
  it('leaves balances from the header block as they are', async () => {
    const csv = [
      'Входящий остаток: 1 000,00',
      'Исходящий остаток: 925,00',
      '',
      'Дата;Сумма;Остаток',
      '05.03.2024;-75,00;1,00',
    ];
    const r = await runParser(bankCsvParser, new TextEncoder().encode(`${csv.join('\n')}\n`), {
      mapping: { currency: 'KZT', account: 'KZ86125KZT5004100100' },
    });
    expect(r.statements.map((s) => [s.openingBalance, s.closingBalance, s.reconciled])).toEqual([
      ['1000.00', '925.00', true],
    ]);
  });
});
