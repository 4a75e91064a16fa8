import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runParser } from '../canonical-csv/run-parser.ts';
import { detectFormat } from '../registry.ts';
import { tronGridJson } from './index.ts';
import { hexToBase58 } from './parse.ts';

const fixtures = new URL('../../../../../../shared/fixtures/third-party/crypto/tron/', import.meta.url);
const read = (u: URL) => new Uint8Array(readFileSync(u));

describe('trongrid-json', () => {
  it('reads TRC-20 transfers exactly to the token decimals, above 2^53 too, with the fee in props', async () => {
    const bytes = read(new URL('trongrid_trc20_ledger-live_excerpt.json', fixtures));
    expect(detectFormat(bytes, 'page.json')?.format).toBe('trongrid-json');
    const { transfers, issues } = await runParser(tronGridJson, bytes);
    expect(issues).toEqual([]);
    expect(transfers.map((t) => [t.currency, t.amount])).toEqual([
      ['USDT', '41.677389'],
      ['USDT', '41.499389'],
      ['SUNDOG', '13.409316000000000000'],
      ['WIN', '1.000000'],
    ]);
    expect(transfers[0]).toMatchObject({
      txId: '0130dfde9281a48378109039ef512229d5359fbee2a8adbb17ad73aebc67ea99',
      timestamp: '2025-02-03T16:51:45.000Z',
      fromAccount: 'tron:TL24LCps5FKwp3PoU1MvrYrwhi5LU1tHre',
      toAccount: 'tron:TXVj38D1XR3TPgSHTCZGC8wkLDAGqF1oqx',
      channel: 'crypto',
      props: { feeTrx: '26.420100', rawValue: '41677389', decimals: 6 },
    });
  });

  it('reads TRX and TRC-10 transfers from the account list, hex addresses to base58, calls left to trc20', async () => {
    expect(hexToBase58('416e3b44b96104b26f84057974a1f0c9880f7c9b13')).toBe(
      'TL24LCps5FKwp3PoU1MvrYrwhi5LU1tHre',
    );
    const { transfers, issues } = await runParser(
      tronGridJson,
      read(new URL('trongrid_account_txs_ledger-live_excerpt.json', fixtures)),
    );
    expect(transfers.map((t) => [t.currency, t.amount])).toEqual([
      ['TRC10-1005065', '8888880000'],
      ['TRX', '0.000001'],
      ['TRX', '150.466320'],
    ]);
    expect(transfers[2]).toMatchObject({
      fromAccount: 'tron:TL24LCps5FKwp3PoU1MvrYrwhi5LU1tHre',
      props: { feeTrx: '1.100000' },
    });
    expect(issues.map((i) => i.severity)).toEqual(['warning']);
    expect(issues[0]!.reason).toMatch(/1 smart-contract calls/);
  });

  it('quarantines bad addresses and non-transfer events from a synthetic page', async () => {
    const { transfers, issues } = await runParser(
      tronGridJson,
      read(new URL('./testdata/trc20-page.json', import.meta.url)),
    );
    expect(transfers.map((t) => t.amount)).toEqual(['2304.150000', '123456789.012345678901234567']);
    expect(issues.map((i) => [i.locator.slice(0, 5), i.severity])).toEqual([
      ['tx:33', 'quarantine'],
      ['tx:44', 'quarantine'],
    ]);
    expect(issues[1]!.reason).toMatch(/Approval/);
  });
});

describe('trongrid-json: hostile shapes', () => {
  it('a field of another type is quarantined, never a crash', async () => {
    const doc = {
      data: [{ txID: 12345, raw_data: { contract: [{ type: 'TransferContract' }] } }],
      success: true,
    };
    const { transfers, issues } = await runParser(
      tronGridJson,
      new TextEncoder().encode(JSON.stringify(doc)),
    );
    expect(transfers).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ severity: 'quarantine', locator: 'data[0]' })]);
  });
});
