import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runParser } from '../canonical-csv/run-parser.ts';
import { detectFormat } from '../registry.ts';
import { binanceStatementCsv } from './index.ts';

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
