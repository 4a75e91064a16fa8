import type { TransferColumns } from './transfer-columns.ts';

export interface Turnover {
  inMicro: BigInt64Array;
  outMicro: BigInt64Array;
  /** Value of the distinct transfers that touch at least one member, own-account transfers excluded. */
  membersMicro: bigint;
  /** Transfers between two accounts of one person (removed from the figures). */
  internalCount: number;
}

/**
 * Turnover per person over every account they hold, in micro-USD. `personOf[account]` is the person's
 * index or -1. A transfer between two accounts of the same person moves nothing and is skipped.
 */
export function turnover(
  cols: TransferColumns,
  personOf: Int32Array,
  personCount: number,
  isMember?: Uint8Array,
): Turnover {
  const inMicro = new BigInt64Array(personCount);
  const outMicro = new BigInt64Array(personCount);
  let members = 0n;
  let internal = 0;
  for (let i = 0; i < cols.length; i++) {
    const f = cols.from[i]!;
    const t = cols.to[i]!;
    const pf = f >= 0 ? personOf[f]! : -1;
    const pt = t >= 0 ? personOf[t]! : -1;
    if (pf >= 0 && pf === pt) {
      internal++;
      continue;
    }
    const m = cols.micro[i]!;
    if (pf >= 0) outMicro[pf] = outMicro[pf]! + m;
    if (pt >= 0) inMicro[pt] = inMicro[pt]! + m;
    if (isMember && ((pf >= 0 && isMember[pf]) || (pt >= 0 && isMember[pt]))) members += m;
  }
  return { inMicro, outMicro, membersMicro: members, internalCount: internal };
}
