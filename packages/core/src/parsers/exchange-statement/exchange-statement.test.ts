import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runParser } from '../canonical-csv/run-parser.ts';
import { detectFormat } from '../registry.ts';
import { binanceHistoryCsv, binanceStatementCsv, p2pOrdersCsv } from './index.ts';

const fixtures = new URL(
  '../../../../../../shared/fixtures/third-party/crypto/exchange-binance/',
  import.meta.url,
);
const read = (u: URL) => new Uint8Array(readFileSync(u));

describe('binance-statement-csv', () => {
  it('reads the 2025 layout (Time, two-digit years): deposits only, UTC assumed with a warning', async () => {
    const bytes = read(new URL('pit-38_binance_transaction_history.csv', fixtures));
    expect(detectFormat(bytes, 'statement.csv')?.format).toBe('binance-statement-csv');
    const { transfers, issues } = await runParser(binanceStatementCsv, bytes);
    expect(transfers).toEqual([
      expect.objectContaining({
        timestamp: '2024-01-10T10:00:00.000Z',
        amount: '1000',
        currency: 'PLN',
        fromAccount: null,
        toAccount: 'exchange:binance:999999999',
        channel: 'exchange',
        locator: 'row:2',
      }),
    ]);
    expect(issues.map((i) => i.severity)).toEqual(['warning', 'warning']);
    expect(issues[0]!.reason).toMatch(/taken as UTC/);
    expect(issues[1]!.reason).toMatch(/Binance Convert ×2/);
  });

  it('applies a time zone from --mapping', async () => {
    const bytes = read(new URL('pit-38_binance_transaction_history.csv', fixtures));
    const { transfers, issues } = await runParser(binanceStatementCsv, bytes, 'x', { timeZone: '+05:00' });
    expect(transfers[0]!.timestamp).toBe('2024-01-10T05:00:00.000Z');
    expect(issues.map((i) => i.reason).join()).not.toMatch(/taken as UTC/);
  });

  it('reads the older UTC_Time layout: withdrawals and P2P leave the account, trades stay inside', async () => {
    const { transfers, issues } = await runParser(
      binanceStatementCsv,
      read(new URL('./testdata/binance-utc-time.csv', import.meta.url)),
    );
    expect(transfers.map((t) => [t.fromAccount, t.toAccount, t.amount, t.channel])).toEqual([
      [null, 'exchange:binance:12345678', '500.00000000', 'exchange'],
      ['exchange:binance:12345678', null, '250.00000000', 'p2p'],
      ['exchange:binance:12345678', null, '249.00000000', 'exchange'],
    ]);
    expect(transfers[1]!.reference).toBe('order 2211');
    expect(issues.map((i) => [i.locator, i.severity])).toEqual([
      ['row:7', 'quarantine'],
      ['file', 'warning'],
    ]);
  });
});

describe('binance-history-csv', () => {
  it('reads a withdrawal history: account → destination address, chain txid kept, unsupported chains refused', async () => {
    const bytes = read(new URL('./testdata/binance-Withdrawal-History.csv', import.meta.url));
    expect(detectFormat(bytes, 'x.csv')?.format).toBe('binance-history-csv');
    const { transfers, issues } = await runParser(
      binanceHistoryCsv,
      bytes,
      'binance-Withdrawal-History.csv',
      { user: '12345678' },
    );
    expect(transfers.map((t) => [t.fromAccount, t.toAccount, t.amount, t.currency, t.timestamp])).toEqual([
      [
        'exchange:binance:12345678',
        'tron:THCuvDd24x9PLE6a7LvqfzVYv8KK3yMhGt',
        '1600',
        'USDT',
        '2025-11-06T18:35:00.000Z',
      ],
      [
        'exchange:binance:12345678',
        'eth:0x8617e340b3d01fa5f11f306f4090fd50e238070d',
        '50.5',
        'USDT',
        '2025-11-06T19:00:00.000Z',
      ],
    ]);
    expect(transfers[0]!.txId).toBe('4b1c0c6a53a4d3e5f0a9d55b1b7ee4b3a1d2c3b4a5f60718293a4b5c6d7e8f90');
    expect(issues.map((i) => [i.locator, i.severity])).toEqual([
      ['row:4', 'quarantine'],
      ['row:5', 'quarantine'],
    ]);
  });

  it('needs to know the direction, and says when the user id is missing', async () => {
    const bytes = read(new URL('./testdata/binance-Withdrawal-History.csv', import.meta.url));
    const unnamed = await runParser(binanceHistoryCsv, bytes, 'export.csv');
    expect(unnamed.transfers).toEqual([]);
    expect(unnamed.issues[0]).toMatchObject({ severity: 'error' });
    const deposit = await runParser(binanceHistoryCsv, bytes, 'export.csv', { direction: 'deposit' });
    expect(deposit.transfers[0]).toMatchObject({
      fromAccount: 'tron:THCuvDd24x9PLE6a7LvqfzVYv8KK3yMhGt',
      toAccount: `exchange:binance:unknown-${'a'.repeat(8)}`,
    });
    expect(deposit.issues[0]!.reason).toMatch(/no Binance user id/);
  });
});

describe('exchange statements: variants of real exports (own samples in testdata/)', () => {
  const own = (f: string) => read(new URL(`./testdata/${f}`, import.meta.url));

  it('a statement re-saved by a spreadsheet (";", decimal comma) keeps the amount', async () => {
    const bytes = own('binance-statement-semicolon.csv');
    expect(detectFormat(bytes, 'statement.csv')?.format).toBe('binance-statement-csv');
    const { transfers, issues } = await runParser(binanceStatementCsv, bytes);
    expect(issues.filter((i) => i.severity === 'quarantine')).toEqual([]);
    expect(transfers.map((t) => [t.amount, t.channel, t.fromAccount])).toEqual([
      ['150.5', 'p2p', 'exchange:binance:123456789'],
      ['1000', 'exchange', null],
    ]);
  });

  it('Send and Binance Pay leave the account; transfers between own wallets do not', async () => {
    const { transfers, issues } = await runParser(
      binanceStatementCsv,
      own('binance-statement-send-receive.csv'),
    );
    expect(transfers.map((t) => [t.props?.operation, t.amount])).toEqual([
      ['P2P Trading', '250.00000000'],
      ['Withdraw', '240.00000000'],
      ['Send', '5.00000000'],
      ['Binance Pay', '5.00000000'],
    ]);
    expect(issues.at(-1)!.reason).toMatch(/Transfer Between Main and Funding Wallet ×1/);
  });
});

describe('p2p-orders-csv', () => {
  const bytes = read(new URL('./testdata/binance-P2P-order-history.csv', import.meta.url));

  it('is detected by its columns; a spot-trade history with similar names is not', () => {
    expect(detectFormat(bytes, 'orders.csv')?.format).toBe('p2p-orders-csv');
    const spot = new TextEncoder().encode(
      'Order ID,Side,Coin,Total,Amount,Date\n1,BUY,BTC,100,0.001,2024-01-01 00:00:00\n',
    );
    expect(detectFormat(spot, 'orders.csv')?.format).not.toBe('p2p-orders-csv');
  });

  it('completed orders become exchange orders: owner and counterparty by order type, masked nick left out', async () => {
    const { records, issues } = await runParser(p2pOrdersCsv, bytes, 'P2P_Order_History_binance.csv', {
      user: '35123456',
      timeZone: '+05:00',
    });
    expect(records.map((r) => r.row)).toEqual([
      expect.objectContaining({
        exchange: 'binance',
        orderId: '22612345678901234567',
        timestamp: '2024-03-05T09:22:10.000Z',
        buyerUser: 'exchange:binance:35123456',
        sellerUser: 'exchange:binance:nick:FastChange_KZ',
        fiatAmount: '50000.00',
        fiatCurrency: 'KZT',
        cryptoAmount: '100.00',
        asset: 'USDT',
      }),
      expect.objectContaining({
        buyerUser: null,
        sellerUser: 'exchange:binance:35123456',
        fiatAmount: '24950.00',
      }),
    ]);
    expect(issues.map((i) => i.reason)).toEqual([
      'orders not completed moved nothing and were not stored: Cancelled ×1',
    ]);
  });

  it('without a mapping: an unknown owner, UTC and the guesses are said', async () => {
    const { records, issues } = await runParser(p2pOrdersCsv, bytes, 'orders.csv');
    expect(records[0]!.row).toMatchObject({ buyerUser: 'exchange:binance:unknown-aaaaaaaa' });
    expect(issues.map((i) => i.reason).join('\n')).toMatch(
      /taken as Binance[\s\S]*does not name its owner[\s\S]*taken as UTC/,
    );
  });
});

describe('binance-history-csv: variants', () => {
  it('a zone in the date header, a spreadsheet re-save (";", decimal comma, DD.MM.YYYY)', async () => {
    const bytes = read(new URL('./testdata/binance-Withdraw-History-resaved-utc5.csv', import.meta.url));
    const name = 'binance-Withdraw-History-resaved-utc5.csv';
    expect(detectFormat(bytes, name)?.format).toBe('binance-history-csv');
    const { transfers } = await runParser(binanceHistoryCsv, bytes, name, { user: '35123456' });
    expect(transfers.map((t) => [t.timestamp, t.amount, t.toAccount])).toEqual([
      ['2024-03-05T09:22:00.000Z', '1000.5', 'tron:TENMgua1QHLuKTsYGyfuiy8bZtmv2GJBmM'],
    ]);
  });

  it('Russian column names and values (Купить, Завершено, "50 000,00")', async () => {
    const ru = read(new URL('./testdata/p2p-order-history-ru-headers.csv', import.meta.url));
    expect(detectFormat(ru, 'orders.csv')?.format).toBe('p2p-orders-csv');
    const { records } = await runParser(p2pOrdersCsv, ru, 'binance-p2p.csv', { user: '35123456' });
    expect(records.map((r) => r.row)).toEqual([
      expect.objectContaining({
        buyerUser: 'exchange:binance:35123456',
        sellerUser: 'exchange:binance:nick:FastChange_KZ',
        fiatAmount: '50000.00',
        cryptoAmount: '100.00',
      }),
    ]);
  });
});
