import { describe, expect, it } from 'vitest';
import { TransferColumns } from './transfer-columns.ts';
import { turnover } from './turnover.ts';
import { rateTable, UsdConverter } from './usd-converter.ts';

const usd = new UsdConverter(rateTable([]));
function columns(rows: Array<[string | null, string | null, string]>): TransferColumns {
  const cols = new TransferColumns();
  for (const [i, [from, to, amount]] of rows.entries())
    cols.add(
      {
        id: `t${i}`,
        timestamp: `2025-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`,
        amount,
        currency: 'USD',
        fromAccount: from,
        toAccount: to,
        channel: 'bank',
      },
      usd,
    );
  return cols;
}

describe('turnover', () => {
  it('sums exactly past 2^53 micro-USD and skips own-account transfers', () => {
    // $2,999,999,999.999999 is 2999999999999999 micro; four of them pass 2^53 (≈ 9.007e15).
    const big = '2999999999.999999';
    const cols = columns([
      ['acct:a1', 'acct:b1', big],
      ['acct:a1', 'acct:b1', big],
      ['acct:a2', 'acct:b1', big],
      ['acct:a1', 'acct:b1', big],
      ['acct:a1', 'acct:b1', '0.000001'],
      ['acct:a1', 'acct:a2', '5'],
      [null, 'acct:b1', '1.5'],
    ]);
    const personOf = new Int32Array(cols.accounts.length).fill(-1);
    personOf[cols.accountIndex.get('acct:a1')!] = 0;
    personOf[cols.accountIndex.get('acct:a2')!] = 0;
    personOf[cols.accountIndex.get('acct:b1')!] = 1;
    const r = turnover(cols, personOf, 2, new Uint8Array([0, 1]));
    const unit = 2999999999999999n;
    expect(r.outMicro[0]).toBe(4n * unit + 1n);
    expect(r.inMicro[1]).toBe(4n * unit + 1n + 1_500_000n);
    expect(r.inMicro[0]).toBe(0n);
    expect(r.internalCount).toBe(1);
    expect(r.membersMicro).toBe(4n * unit + 1n + 1_500_000n);
  });

  it('adds a single transfer above 2^52 micro-USD exactly', () => {
    const cols = columns([
      ['acct:x', 'acct:y', '9007199254.740993'],
      ['acct:x', 'acct:y', '0.000003'],
    ]);
    const personOf = new Int32Array([0, 1]);
    const r = turnover(cols, personOf, 2);
    expect(r.inMicro[1]).toBe(9007199254740993n + 3n);
  });
});
