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
  // Integer micro-USD summed in doubles (exact below 2^53) and flushed into the bigint totals before a
  // sum could lose a unit: the figures stay exact without a BigInt allocation per transfer.
  const inAcc = new Float64Array(personCount);
  const outAcc = new Float64Array(personCount);
  const LIMIT = 2 ** 52;
  let members = 0n;
  let membersAcc = 0;
  let internal = 0;
  const { from, to, microNum } = cols;
  for (let i = 0; i < cols.length; i++) {
    const f = from[i]!;
    const t = to[i]!;
    const pf = f >= 0 ? personOf[f]! : -1;
    const pt = t >= 0 ? personOf[t]! : -1;
    if (pf >= 0 && pf === pt) {
      internal++;
      continue;
    }
    if (pf < 0 && pt < 0) continue;
    const m = microNum[i]!;
    if (Math.abs(m) >= LIMIT) {
      // A single transfer above $4.5 billion: add it exactly from the bigint column.
      const big = cols.micro[i]!;
      if (pf >= 0) outMicro[pf] = outMicro[pf]! + big;
      if (pt >= 0) inMicro[pt] = inMicro[pt]! + big;
      if (isMember && ((pf >= 0 && isMember[pf]) || (pt >= 0 && isMember[pt]))) members += big;
      continue;
    }
    if (pf >= 0) {
      const v = outAcc[pf]! + m;
      if (Math.abs(v) >= LIMIT) {
        outMicro[pf] = outMicro[pf]! + BigInt(v - m);
        outAcc[pf] = m;
      } else outAcc[pf] = v;
    }
    if (pt >= 0) {
      const v = inAcc[pt]! + m;
      if (Math.abs(v) >= LIMIT) {
        inMicro[pt] = inMicro[pt]! + BigInt(v - m);
        inAcc[pt] = m;
      } else inAcc[pt] = v;
    }
    if (isMember && ((pf >= 0 && isMember[pf]) || (pt >= 0 && isMember[pt]))) {
      const v = membersAcc + m;
      if (Math.abs(v) >= LIMIT) {
        members += BigInt(membersAcc);
        membersAcc = m;
      } else membersAcc = v;
    }
  }
  for (let p = 0; p < personCount; p++) {
    if (inAcc[p] !== 0) inMicro[p] = inMicro[p]! + BigInt(inAcc[p]!);
    if (outAcc[p] !== 0) outMicro[p] = outMicro[p]! + BigInt(outAcc[p]!);
  }
  members += BigInt(membersAcc);
  return { inMicro, outMicro, membersMicro: members, internalCount: internal };
}
