import { describe, expect, it } from 'vitest';
import type { TransferRow } from '../model/tables.ts';
import { decimalRangeProblem } from './normalize-row.ts';

const transfer = (amount: string): TransferRow => ({
  id: 't1',
  txId: null,
  timestamp: '2024-01-01T00:00:00.000Z',
  amount,
  currency: 'KZT',
  fromAccount: null,
  toAccount: null,
  fromHolder: null,
  toHolder: null,
  channel: 'bank',
  reference: null,
  props: null,
  evidenceId: 'e',
  locator: 'row:2',
});

describe('decimalRangeProblem', () => {
  it('names a decimal column with more than 20 digits before the point', () => {
    expect(decimalRangeProblem('transfers', transfer('123456789012345678901'))).toMatch(
      /^amount 123456789012345678901 has more digits than the store keeps exactly/,
    );
  });
  it('passes what DECIMAL(38,18) holds, leading zeros not counted', () => {
    for (const ok of ['12345678901234567890.123456789012345678', '000012345678901234567890', '0', '-5.5'])
      expect(decimalRangeProblem('transfers', transfer(ok)), ok).toBeUndefined();
  });
});
