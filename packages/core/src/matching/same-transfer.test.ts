import { describe, expect, it } from 'vitest';
import type { TransferRow } from '../model/tables.ts';
import { isSameTransfer, pickSameTransfer } from './same-transfer.ts';

const base: TransferRow = {
  id: 't1',
  txId: null,
  timestamp: '2025-03-05T09:22:00.000Z',
  amount: '15000.00',
  currency: 'KZT',
  fromAccount: 'card:4400430000000001',
  toAccount: 'card:4400430000000019',
  fromHolder: null,
  toHolder: null,
  channel: 'card2card',
  reference: null,
  props: null,
  evidenceId: 'a'.repeat(64),
  locator: 'row:2',
};
const other = (patch: Partial<TransferRow>): TransferRow => ({
  ...base,
  id: 't2',
  evidenceId: 'b'.repeat(64),
  locator: 'row:9',
  ...patch,
});

describe('isSameTransfer', () => {
  it('matches the receiver’s record of the sender’s transfer a minute later with a masked counterpart', () => {
    const r = isSameTransfer(
      base,
      other({ timestamp: '2025-03-05T09:23:00.000Z', fromAccount: 'card:440043******0001', amount: '15000' }),
    );
    expect(r.same).toBe(true);
    expect(r.reason).toContain('receiver');
  });

  it('never matches records of the same file', () => {
    expect(isSameTransfer(base, { ...base, id: 't2', locator: 'row:3' }).same).toBe(false);
  });

  it('keeps apart equal amounts to different receivers', () => {
    expect(isSameTransfer(base, other({ toAccount: 'card:4400430000000027' })).same).toBe(false);
  });

  it('keeps apart transfers an hour apart', () => {
    expect(isSameTransfer(base, other({ timestamp: '2025-03-05T10:22:00.000Z' })).same).toBe(false);
  });

  it('needs one account in common', () => {
    expect(isSameTransfer(base, other({ fromAccount: null, toAccount: null })).same).toBe(false);
  });

  it('allows a day of booking shift when one side carries a date only', () => {
    const r = isSameTransfer(
      base,
      other({ timestamp: '2025-03-06T00:00:00.000Z', props: { dateOnly: true } }),
    );
    expect(r.same).toBe(true);
  });
});

describe('pickSameTransfer', () => {
  it('refuses to choose between two equally close candidates (two real transfers of the same amount)', () => {
    const incoming = other({ fromAccount: null });
    const c1 = { ...base, id: 'c1' };
    const c2 = { ...base, id: 'c2', locator: 'row:5' };
    expect(pickSameTransfer(incoming, [c1, c2], new Set()).match).toBeUndefined();
  });

  it('takes each stored transfer at most once per file', () => {
    const incoming = other({});
    expect(pickSameTransfer(incoming, [base], new Set(['t1'])).match).toBeUndefined();
    expect(pickSameTransfer(incoming, [base], new Set()).match?.id).toBe('t1');
  });
});
