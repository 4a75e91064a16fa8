import { readdirSync, readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { IssueRow, ParsedRecord, TransferRow } from '../../model/tables.ts';
import type { FormatParser, ParseItem } from '../parser.ts';
import { detectFormat } from '../registry.ts';
import { exchangeOrdersCsv, fxRatesCsv, holdersCsv, personsCsv, seizuresCsv, transfersCsv } from './index.ts';
import { readCurrency, readDecimal, readTimestamp } from './values.ts';

const EVIDENCE = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const examples = new URL('../../../../../examples/', import.meta.url);

async function* once(bytes: Uint8Array, size = 37): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function run(parser: FormatParser, bytes: Uint8Array, fileName = 'x.csv') {
  const records: ParsedRecord[] = [];
  const issues: IssueRow[] = [];
  for await (const item of parser.parse(once(bytes), {
    evidenceId: EVIDENCE,
    fileName,
  }) as AsyncIterable<ParseItem>) {
    if (item.kind === 'record') records.push(item.record);
    else issues.push(item.issue);
  }
  return { records, issues };
}

const enc = (s: string) => new TextEncoder().encode(s);

describe('canonical CSV examples', () => {
  const files = readdirSync(new URL('canonical/', examples)).filter((f) => f.endsWith('.csv'));

  it('has all seven files, each detected as its own format and read without issues', async () => {
    expect(files.sort()).toEqual([
      'exchange-orders.csv',
      'exchanges.csv',
      'fx-rates.csv',
      'holders.csv',
      'persons.csv',
      'seizures.csv',
      'transfers.csv',
    ]);
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(new URL(`canonical/${f}`, examples)));
      // Detection by content: the file name is withheld.
      const parser = detectFormat(bytes.subarray(0, 65536), 'evidence.bin');
      expect(parser?.format, f).toBe(f.replace('.csv', '-csv'));
      const { records, issues } = await run(parser!, bytes, f);
      expect(issues, f).toEqual([]);
      const lines = readFileSync(new URL(`canonical/${f}`, examples), 'utf8')
        .trim()
        .split('\n').length;
      expect(records.length, f).toBe(lines - 1);
    }
  });

  it('has an fx rate for every date and currency the transfers and orders use', async () => {
    const read = async (f: string, p: FormatParser) =>
      (await run(p, new Uint8Array(readFileSync(new URL(`canonical/${f}`, examples))))).records.map(
        (r) => r.row,
      );
    const rates = new Set(
      (await read('fx-rates.csv', fxRatesCsv)).map(
        (r) => `${(r as { date: string }).date}/${(r as { currency: string }).currency}`,
      ),
    );
    const transfers = (await read('transfers.csv', transfersCsv)) as TransferRow[];
    for (const t of transfers) expect(rates, t.id).toContain(`${t.timestamp.slice(0, 10)}/${t.currency}`);
    const orders = (await read('exchange-orders.csv', exchangeOrdersCsv)) as Array<{
      timestamp: string;
      fiatCurrency: string;
      asset: string;
    }>;
    for (const o of orders) {
      expect(rates).toContain(`${o.timestamp.slice(0, 10)}/${o.fiatCurrency}`);
      expect(rates).toContain(`${o.timestamp.slice(0, 10)}/${o.asset}`);
    }
  });

  it('quarantines each bad row of the broken example with its line and a reason, keeping the good ones', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('broken/transfers-broken.csv', examples)));
    const { records, issues } = await run(transfersCsv, bytes);
    expect(records.map((r) => (r.row as TransferRow).txId)).toEqual(['BRK-000001', 'BRK-000009']);
    expect(issues.map((i) => i.locator)).toEqual([
      'row:3',
      'row:4',
      'row:5',
      'row:6',
      'row:7',
      'row:8',
      'row:9',
    ]);
    expect(issues.every((i) => i.severity === 'quarantine' && i.raw?.startsWith('BRK-'))).toBe(true);
    const reasons = issues.map((i) => i.reason).join('\n');
    for (const want of [
      /amount "15 000,00"/,
      /not ISO-8601/,
      /Luhn|check/i,
      /channel "wire"/,
      /negative/,
      /8 fields, the header has 10/,
      /no time zone/,
    ]) {
      expect(reasons).toMatch(want);
    }
  });
});

describe('transfers-csv', () => {
  it('normalises raw identifiers, case-insensitive headers, a sniffed delimiter, and keeps extras as props', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('./testdata/transfers-mixed.csv', import.meta.url)));
    expect(transfersCsv.detect(bytes, 'whatever.txt')).toBeGreaterThan(0.9);
    const { records, issues } = await run(transfersCsv, bytes);
    expect(issues).toEqual([]);
    const [a, b] = records.map((r) => r.row as TransferRow);
    expect(a).toMatchObject({
      id: 'ABCDEFGH01',
      timestamp: '2024-03-05T04:22:00.000Z',
      amount: '1500.50',
      currency: 'KZT',
      fromAccount: 'card:4400431000000005',
      toAccount: 'phone:+77011234567',
      channel: 'card2card',
      props: { note: 'first; with "quotes"' },
      locator: 'row:2',
    });
    // A short tx id is not trusted as a case-wide key.
    expect(b).toMatchObject({
      id: `${EVIDENCE.slice(0, 12)}:row:3`,
      txId: '7',
      timestamp: '2024-03-05T00:00:00.000Z',
      amount: '123.4000',
      fromAccount: 'tron:TENMgua1QHLuKTsYGyfuiy8bZtmv2GJBmM',
      toAccount: 'eth:0x52908400098527886e0f7030069857d2e4169ee7',
      props: null,
    });
  });

  it('reads a windows-1251 file and reports U+FFFD rows of a mis-encoded one', async () => {
    const text =
      'timestamp,amount,currency,from_account,to_account,from_holder\n2024-03-05T10:00:00Z,5,KZT,4400431000000005,4003031079193730,Пётр\n';
    const { records } = await run(transfersCsv, new Uint8Array(iconv.encode(text, 'win1251')));
    expect((records[0]!.row as TransferRow).fromHolder).toBe('Пётр');
    const mixed = new Uint8Array([
      ...enc('timestamp,amount,currency,from_account,to_account,from_holder\n'),
      ...enc('2024-03-05T10:00:00Z,5,KZT,4400431000000005,4003031079193730,Жанна Иванова'),
      0xff,
      0x0a,
    ]);
    const { issues } = await run(transfersCsv, mixed);
    expect(issues[0]).toMatchObject({ locator: 'row:2', severity: 'quarantine' });
    expect(issues[0]!.reason).toMatch(/U\+FFFD/);
  });

  it('detects a quoted header behind a BOM with CRLF line ends, in UTF-16 too', async () => {
    const text = '\uFEFF"Date","Currency","USD per unit"\r\n"2025-11-05","KZT","0.001918"\r\n';
    for (const bytes of [
      enc(text),
      new Uint8Array(iconv.encode(text.slice(1), 'utf-16le', { addBOM: true })),
    ]) {
      expect(detectFormat(bytes, 'rates.txt')?.format).toBe('fx-rates-csv');
      const { records, issues } = await run(fxRatesCsv, bytes);
      expect(issues).toEqual([]);
      expect(records[0]!.row).toMatchObject({ date: '2025-11-05', currency: 'KZT', usdPerUnit: '0.001918' });
    }
  });

  it('refuses a header without the required columns with one error, not a crash', async () => {
    const { records, issues } = await run(transfersCsv, enc('a,b\n1,2\n'), 'bad.csv');
    expect(records).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'error', locator: 'row:1' });
    expect(issues[0]!.reason).toMatch(/bad\.csv.*timestamp, amount/);
    expect(transfersCsv.detect(enc('a,b\n1,2\n'), 'transfers.csv')).toBe(0);
  });
});

describe('other canonical tables', () => {
  it('exchange-orders turn users into exchange: identifiers', async () => {
    const csv =
      'Exchange,order_id,timestamp,buyer_user,seller_user,fiat_amount,fiat_currency,crypto_amount,asset,payment_from,payment_to\nFast Change,9,2025-01-02T03:04:05.678+03:00,u1,exchange:other:u2,10,kzt,1.5,usdt,4400431000000005,\n';
    const { records, issues } = await run(exchangeOrdersCsv, enc(csv));
    expect(issues).toEqual([]);
    expect(records[0]!.row).toMatchObject({
      exchange: 'fast-change',
      orderId: '9',
      timestamp: '2025-01-02T00:04:05.678Z',
      buyerUser: 'exchange:fast-change:u1',
      sellerUser: 'exchange:other:u2',
      fiatCurrency: 'KZT',
      asset: 'USDT',
      paymentFrom: 'card:4400431000000005',
      paymentTo: null,
    });
  });

  it('validates booleans, coordinates, statuses, IINs and dates', async () => {
    const seiz = await run(
      seizuresCsv,
      enc('seizure_id,date,lat,lon\nS1,2025-02-30,,\nS2,2025-02-03,91,10\nS3,2025-02-03,42.1,69.5\n'),
    );
    expect(seiz.issues.map((i) => i.reason)).toEqual([
      expect.stringMatching(/date/),
      expect.stringMatching(/lat "91"/),
    ]);
    expect(seiz.records[0]!.row).toMatchObject({ seizureId: 'S3', lat: 42.1, lon: 69.5 });
    const persons = await run(
      personsCsv,
      enc('person_id,name,status,iin\nP1,A,arrested,\nP2,B,,123456789012\nP3,C,,\n'),
    );
    expect(persons.issues.map((i) => i.reason)).toEqual([
      expect.stringMatching(/status "arrested"/),
      expect.stringMatching(/iin/),
    ]);
    expect(persons.records[0]!.row).toMatchObject({ personId: 'P3', status: 'unknown' });
    const holders = await run(holdersCsv, enc('account,holder_name\nnot-an-account,X\n'));
    expect(holders.issues[0]!.reason).toMatch(/account "not-an-account"/);
  });
});

describe('value readers', () => {
  it('timestamps', () => {
    expect(readTimestamp('2024-03-05T09:22:00Z')).toBe('2024-03-05T09:22:00.000Z');
    expect(readTimestamp('2024-03-05T09:22:00.123Z')).toBe('2024-03-05T09:22:00.123Z');
    expect(readTimestamp('2024-03-01T01:00:00+05:00')).toBe('2024-02-29T20:00:00.000Z');
    expect(readTimestamp('2024-03-05 09:22-0130')).toBe('2024-03-05T10:52:00.000Z');
    expect(readTimestamp('2023-02-29T00:00:00Z')).toHaveProperty('error');
    expect(readTimestamp('2024-03-05T25:00:00Z')).toHaveProperty('error');
    expect(readTimestamp('2024-03-05')).toHaveProperty('error');
    expect(readTimestamp('2024-03-05', { dateOnly: true })).toBe('2024-03-05T00:00:00.000Z');
  });

  it('currencies: codes upper-cased, symbols mapped, junk refused', () => {
    expect(readCurrency('usdt')).toBe('USDT');
    expect(readCurrency('₸')).toBe('KZT');
    expect(readCurrency('руб.')).toBe('RUB');
    expect(readCurrency('$$ 1')).toHaveProperty('error');
    expect(readCurrency('')).toHaveProperty('error');
    expect(readCurrency('usdt')).toBe('USDT');
  });

  it('decimals stay exact strings', () => {
    expect(readDecimal('12345678901234567890.123456789012345678')).toBe(
      '12345678901234567890.123456789012345678',
    );
    expect(readDecimal('+007.50')).toBe('7.50');
    expect(readDecimal('-0')).toBe('0');
    for (const bad of ['1,5', '.5', '5.', '1e3', '', '--1', '12a'])
      expect(readDecimal(bad)).toHaveProperty('error');
    // What DECIMAL(38,18) cannot hold is an error for the row, not a failed ingest; leading zeros do not count.
    expect(readDecimal('000123456789012345678901.5')).toHaveProperty('error');
    expect(readDecimal('1.1234567890123456789')).toHaveProperty('error');
    expect(readDecimal('0001234567890123456789')).toBe('1234567890123456789');
  });
});
