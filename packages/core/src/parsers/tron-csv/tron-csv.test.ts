import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runParser } from '../canonical-csv/run-parser.ts';
import { detectFormat } from '../registry.ts';
import { tronCsv } from './index.ts';

const sample = new Uint8Array(readFileSync(new URL('./testdata/tronscan-transfers.csv', import.meta.url)));

describe('tron-csv', () => {
  it('is detected by its header and T-addresses, not by name', () => {
    expect(detectFormat(sample, 'download.csv')?.format).toBe('tron-csv');
  });

  it('reads transfers (UTC text and unix-ms times), refuses failed rows and bad checksums', async () => {
    const { transfers, issues } = await runParser(tronCsv, sample);
    expect(transfers.map((t) => [t.timestamp, t.amount, t.currency, t.fromAccount])).toEqual([
      ['2025-11-05T09:31:00.000Z', '2304.15', 'USDT', 'tron:TL3U9Xg2jcwsLs8awKK13DuC1zuPDfWva5'],
      ['2025-11-05T15:12:00.000Z', '2300', 'USDT', 'tron:TENMgua1QHLuKTsYGyfuiy8bZtmv2GJBmM'],
    ]);
    expect(transfers[0]!.id).toBe(
      '74da89e5e8c864b8e2843d501d31c5206c36cddd24e54542a93fc8f1c0620100:USDT:TL3U9Xg2jcwsLs8awKK13DuC1zuPDfWva5>TENMgua1QHLuKTsYGyfuiy8bZtmv2GJBmM',
    );
    expect(issues.map((i) => [i.locator, i.severity])).toEqual([
      ['row:4', 'quarantine'],
      ['row:5', 'quarantine'],
    ]);
    expect(issues[0]!.reason).toMatch(/REVERT/);
    expect(issues[1]!.reason).toMatch(/not a valid TRON address/);
  });

  it('reads TRON exports written with Etherscan column names (etherscan-csv declines them)', async () => {
    const bytes = new Uint8Array(
      readFileSync(new URL('./testdata/tronscan-etherscan-columns.csv', import.meta.url)),
    );
    expect(detectFormat(bytes, 'export.csv')?.format).toBe('tron-csv');
    const { transfers, issues } = await runParser(tronCsv, bytes);
    expect(issues).toEqual([]);
    expect(transfers).toHaveLength(2);
    expect(transfers[0]!.currency).toBe('USDT');
    expect(transfers[0]!.fromAccount).toMatch(/^tron:T/);
    expect(transfers[0]!.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});

describe('tron-csv: variants of real exports (own samples in testdata/)', () => {
  const own = (f: string) => new Uint8Array(readFileSync(new URL(`./testdata/${f}`, import.meta.url)));

  it('a spreadsheet re-save (";", decimal comma, "1 000,50", DD.MM.YYYY, 1E-06) keeps exact amounts', async () => {
    const bytes = own('excel-resaved-semicolon.csv');
    expect(detectFormat(bytes, 'export.csv')?.format).toBe('tron-csv');
    const { transfers, issues } = await runParser(tronCsv, bytes);
    expect(issues).toEqual([]);
    expect(transfers.map((t) => [t.amount, t.timestamp])).toEqual([
      ['1000.50', '2025-11-05T09:31:00.000Z'],
      ['2304.15', '2025-11-05T09:32:00.000Z'],
      ['0.000001', '2025-11-05T09:31:00.000Z'],
    ]);
  });

  it('Token Type and Result columns, "Tether USD (USDT)" and "150 TRX" amounts', async () => {
    const { transfers, issues } = await runParser(tronCsv, own('tronscan-token-type-result.csv'));
    expect(transfers.map((t) => [t.amount, t.currency])).toEqual([
      ['2304.15', 'USDT'],
      ['150', 'TRX'],
    ]);
    expect(issues.map((i) => [i.locator, i.reason])).toEqual([
      ['row:4', 'transaction status "FAIL": nothing moved'],
    ]);
  });

  it('a time column in UTC+8 is detected and converted to UTC', async () => {
    const bytes = own('tronscan-time-utc8.csv');
    expect(detectFormat(bytes, 'export.csv')?.format).toBe('tron-csv');
    const { transfers } = await runParser(tronCsv, bytes);
    expect(transfers[0]).toMatchObject({ timestamp: '2025-11-05T09:31:00.000Z', amount: '100.5' });
  });
});

describe('tron-csv: ids of a batch payout', () => {
  it('two receivers of one transaction, exported separately, get different ids', async () => {
    const head = 'Transaction Hash,Block,Time(UTC),From,To,Amount,Token,Result\n';
    const hash = '74da89e5e8c864b8e2843d501d31c5206c36cddd24e54542a93fc8f1c0620999';
    const row = (to: string, amount: string) =>
      `${hash},1,2025-11-05 09:31:00,TL3U9Xg2jcwsLs8awKK13DuC1zuPDfWva5,${to},${amount},USDT,SUCCESS\n`;
    const enc = new TextEncoder();
    const a = await runParser(tronCsv, enc.encode(head + row('TENMgua1QHLuKTsYGyfuiy8bZtmv2GJBmM', '100')));
    const b = await runParser(tronCsv, enc.encode(head + row('THCuvDd24x9PLE6a7LvqfzVYv8KK3yMhGt', '200')));
    expect(a.transfers[0]!.id).not.toBe(b.transfers[0]!.id);
    expect(a.transfers[0]!.txId).toBe(b.transfers[0]!.txId);
  });
});

describe('tron-csv: Tronscan API fields flattened to CSV', () => {
  it('amount_str with a decimals column is raw units; the symbol comes from tokenInfo.tokenAbbr', async () => {
    const bytes = new Uint8Array(
      readFileSync(new URL('./testdata/tronscan-api-raw-units.csv', import.meta.url)),
    );
    expect(detectFormat(bytes, 'transfers.csv')?.format).toBe('tron-csv');
    const { transfers, issues } = await runParser(tronCsv, bytes);
    expect(issues).toEqual([]);
    expect(transfers.map((t) => [t.amount, t.currency, t.timestamp])).toEqual([
      ['2304.150000', 'USDT', '2025-11-05T09:31:00.000Z'],
    ]);
  });
});

describe('tron-csv: a title line before the header', () => {
  it('is skipped: the file is detected and read from its header', async () => {
    const bytes = new Uint8Array(
      readFileSync(new URL('./testdata/title-line-before-header.csv', import.meta.url)),
    );
    expect(detectFormat(bytes, 'export.csv')?.format).toBe('tron-csv');
    const { transfers } = await runParser(tronCsv, bytes);
    expect(transfers.map((t) => t.amount)).toEqual(['2304.15', '2300']);
  });
});
