import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runParser } from '../canonical-csv/run-parser.ts';
import { detectFormat } from '../registry.ts';
import { etherscanCsv } from './index.ts';

const fixtures = new URL('../../../../../../shared/fixtures/third-party/crypto/etherscan/', import.meta.url);
const read = (u: URL) => new Uint8Array(readFileSync(u));

describe('etherscan-csv', () => {
  it('reads a MantleScan transactions export: native coin from the header, zero-value calls skipped', async () => {
    const bytes = read(new URL('cointracking-importer_mantle-native.csv', fixtures));
    expect(detectFormat(bytes, 'export.csv')?.format).toBe('etherscan-csv');
    const { transfers, issues } = await runParser(etherscanCsv, bytes);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({
      id: '0xabc0000000000000000000000000000000000000000000000000000000000004:MNT:0xd8da6bf26964af9d7eed9e03e53415d37aa96045>0x2222222222222222222222222222222222222222',
      timestamp: '2025-03-02T12:05:04.000Z',
      amount: '109',
      currency: 'MNT',
      fromAccount: 'eth:0xd8da6bf26964af9d7eed9e03e53415d37aa96045',
      toAccount: 'eth:0x2222222222222222222222222222222222222222',
      locator: 'row:5',
    });
    expect(issues.map((i) => i.reason)).toEqual([expect.stringMatching(/^3 rows move no value/)]);
  });

  it('reads a token export with 18 decimals kept exactly', async () => {
    const { transfers } = await runParser(
      etherscanCsv,
      read(new URL('cointracking-importer_mantle-tokens.csv', fixtures)),
    );
    expect(transfers.map((t) => [t.currency, t.amount, t.toAccount])).toEqual([
      ['EXAMPLE', '139.363383787305758606', 'eth:0x0000000000000000000000000000000000000000'],
    ]);
  });

  it('quarantines the synthetic Dymension rows whose hashes are not hex', async () => {
    const { transfers, issues } = await runParser(
      etherscanCsv,
      read(new URL('cointracking-importer_dymension-native.csv', fixtures)),
    );
    expect(transfers).toEqual([]);
    expect(issues.filter((i) => i.severity === 'quarantine').map((i) => i.locator)).toEqual([
      'row:2',
      'row:3',
      'row:4',
      'row:5',
    ]);
  });

  it('reads the older token header (Txhash, DateTime M/D/YY, Value with thousands separators)', async () => {
    const bytes = read(new URL('./testdata/erc20-older-header.csv', import.meta.url));
    const { transfers, issues } = await runParser(etherscanCsv, bytes);
    expect(transfers.map((t) => [t.timestamp, t.amount, t.currency])).toEqual([
      ['2021-11-16T04:07:33.000Z', '1000.5', 'USDT'],
      ['2021-11-18T10:15:00.000Z', '6000000', 'USDT'],
    ]);
    expect(issues.map((i) => i.locator)).toEqual(['row:4']);
  });

  it('reads the current transactions header, keeps the fee, refuses failed transactions', async () => {
    const { transfers, issues } = await runParser(
      etherscanCsv,
      read(new URL('./testdata/transactions.csv', import.meta.url)),
    );
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({
      amount: '1.234567890123456789',
      currency: 'ETH',
      props: { fee: '0.000441', method: 'Transfer' },
    });
    expect(issues[0]).toMatchObject({ locator: 'row:3', severity: 'quarantine' });
    expect(issues[0]!.reason).toMatch(/Out of gas/);
  });
});

describe('etherscan-csv: variants of real exports (own samples in testdata/)', () => {
  const own = (f: string) => read(new URL(`./testdata/${f}`, import.meta.url));

  it('a single-token page export (Quantity, Method, no TokenSymbol) takes the token from the file name', async () => {
    const name = 'export-token-0x55d398326f99059ff775485246999027b3197955.csv';
    const bytes = own(name);
    expect(detectFormat(bytes, name)?.format).toBe('etherscan-csv');
    const { transfers, issues } = await runParser(etherscanCsv, bytes, name);
    expect(issues).toEqual([]);
    expect(transfers[0]).toMatchObject({ amount: '1500.25', currency: 'USDT' });
    expect(transfers[0]!.props).toMatchObject({ token: '0x55d398326f99059ff775485246999027b3197955' });
    const renamed = await runParser(etherscanCsv, bytes, 'wallet.csv');
    expect(renamed.transfers[0]!.currency).toBe('UNKNOWN');
    expect(renamed.issues[0]).toMatchObject({
      severity: 'warning',
      reason: expect.stringMatching(/no TokenSymbol/),
    });
  });

  it('a BscScan export re-saved by a spreadsheet (";", decimal comma, DD.MM.YYYY) keeps the amount exact', async () => {
    const bytes = own('bscscan-excel-resaved.csv');
    expect(detectFormat(bytes, 'export.csv')?.format).toBe('etherscan-csv');
    const { transfers, issues } = await runParser(etherscanCsv, bytes);
    expect(issues).toEqual([]);
    expect(transfers[0]).toMatchObject({
      amount: '0.5',
      currency: 'BNB',
      timestamp: '2024-05-29T16:30:00.000Z',
    });
    expect(transfers[0]!.props).toMatchObject({ fee: '0,000105' });
  });

  it('the "page data" layout: unit in Amount, name tags as holders, Failed rows refused', async () => {
    const bytes = own('page-data-amount-unit.csv');
    expect(detectFormat(bytes, 'export.csv')?.format).toBe('etherscan-csv');
    const { transfers, issues } = await runParser(etherscanCsv, bytes);
    expect(transfers.map((t) => [t.amount, t.currency, t.toHolder])).toEqual([['1.5', 'ETH', 'Binance 14']]);
    expect(issues.map((i) => i.reason)).toEqual([
      expect.stringMatching(/^failed transaction \(Failed\)/),
      expect.stringMatching(/^1 rows move no value/),
    ]);
  });
});
