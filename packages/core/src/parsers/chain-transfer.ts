import type { TransferRow } from '../model/tables.ts';
import type { ParseItem } from './parser.ts';

/**
 * One on-chain movement as a transfer record. The id is the chain's own key (`<hash>:<asset>`), so the
 * same transaction from two explorer exports is stored once; a key repeated within one file (several
 * movements of one asset in a transaction) gets a `:<n>` suffix, counted in `seen`.
 */
export function chainTransfer(
  seen: Map<string, number>,
  key: string,
  fields: Pick<
    TransferRow,
    | 'txId'
    | 'timestamp'
    | 'amount'
    | 'currency'
    | 'fromAccount'
    | 'toAccount'
    | 'props'
    | 'evidenceId'
    | 'locator'
  >,
): ParseItem {
  const n = seen.get(key) ?? 0;
  seen.set(key, n + 1);
  const row: TransferRow = {
    id: n === 0 ? key : `${key}:${n}`,
    fromHolder: null,
    toHolder: null,
    channel: 'crypto',
    reference: null,
    ...fields,
  };
  return { kind: 'record', record: { table: 'transfers', row } };
}
