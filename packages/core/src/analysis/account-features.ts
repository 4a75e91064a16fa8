import type { Rules } from '../rules/rules.ts';
import { isCryptoAccount, type TransferColumns } from './transfer-columns.ts';

/** Distinct-counterparty sets stop growing here: thresholds are far below, and memory stays bounded. */
const SET_CAP = 4096;
const DAY_MS = 86_400_000;
const LOT_CAP = 64;

/** Behavioural features of one account, the inputs of the dropper/exchanger rules. */
export interface AccountFeatures {
  account: number;
  inCount: number;
  outCount: number;
  inMicro: bigint;
  outMicro: bigint;
  inCounterparties: number;
  outCounterparties: number;
  maxDayCounterparties: number;
  maxDayCounterpartiesDay: string;
  maxMonthCounterparties: number;
  maxDayOperations: number;
  maxDayMicro: bigint;
  maxDayMicroDay: string;
  maxMonthMicro: bigint;
  maxActiveHours: number;
  activeDays: number;
  /** Debits that followed a credit within `fastSeconds`. */
  fastOutCount: number;
  /** Share of outflow (by value, FIFO-matched to inflows) that left within `dwellHours` of arriving. */
  dwellShare: number;
  /** Same within `longDwellHours` (slower sweeps of a sustained transit account). */
  longDwellShare: number;
  /** Outgoing transfers no larger than the everyday-spending bound. */
  smallOutCount: number;
  /** Distinct recipients of those small debits (shops, cafés: everyday spending). */
  smallOutPayees: number;
  /** Largest single recipient's share of outflow value. */
  outConcentration: number;
  topRecipient: number;
  cryptoOutCount: number;
  firstTs: number;
  lastTs: number;
  /** A few row indices that illustrate the account (first credits, largest debits) for reasons. */
  sampleIn: number[];
  sampleOut: number[];
}

class Acc {
  inCount = 0;
  outCount = 0;
  inMicro = 0n;
  outMicro = 0n;
  inCp = new Set<number>();
  outCp = new Set<number>();
  // Per-recipient, per-day and lot amounts only feed ratios and thresholds: integer micro-USD in a
  // double is exact below 2^53 (9 billion USD) and keeps this hot loop free of BigInt allocations.
  outBy = new Map<number, number>();
  day = -1;
  dayCp: Set<number> | null = null;
  dayOps = 0;
  dayMicro = 0;
  dayHours = 0;
  month = -1;
  monthCp: Set<number> | null = null;
  monthMicro = 0;
  maxDayCp = 0;
  maxDayCpDay = -1;
  maxMonthCp = 0;
  maxDayOps = 0;
  maxDayMicro = 0;
  maxDayMicroDay = -1;
  maxMonthMicro = 0;
  maxHours = 0;
  activeDays = 0;
  lastInTs = Number.NEGATIVE_INFINITY;
  fastOut = 0;
  lotTs: number[] = [];
  lotMicro: number[] = [];
  matched = 0;
  matchedFast = 0;
  matchedLong = 0;
  smallOut = 0;
  smallPayees: Set<number> | null = null;
  cryptoOut = 0;
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;
  sampleIn: number[] = [];
  sampleOut: number[] = [];
}

export interface AccountFeaturesOptions {
  fastSeconds: number;
  dwellHours: number;
  longDwellHours: number;
  everydayMaxUsd: number;
}

export function featureOptions(rules: Rules): AccountFeaturesOptions {
  return {
    fastSeconds: rules.dropper.cb16mr.fastSeconds,
    dwellHours: rules.dropper.transit.dwellHours,
    longDwellHours: rules.dropper.transit.longDwellHours,
    everydayMaxUsd: rules.dropper.everyday.maxAmountUsd,
  };
}

/** One time-ordered pass over the transfer columns; state is per account and bounded. */
export function accountFeatures(cols: TransferColumns, options: AccountFeaturesOptions): AccountFeatures[] {
  const accs: Array<Acc | undefined> = new Array(cols.accounts.length);
  const get = (a: number): Acc => {
    let s = accs[a];
    if (!s) accs[a] = s = new Acc();
    return s;
  };
  const fastMs = options.fastSeconds * 1000;
  const dwellMs = options.dwellHours * 3_600_000;
  const longMs = options.longDwellHours * 3_600_000;
  const smallMicro = Math.round(options.everydayMaxUsd * 1e6);

  const touch = (s: Acc, cp: number, ts: number, micro: number) => {
    const day = Math.floor(ts / DAY_MS);
    if (day !== s.day) {
      closeDay(s);
      s.day = day;
      s.dayCp?.clear();
      s.dayOps = 0;
      s.dayMicro = 0;
      s.dayHours = 0;
      s.activeDays++;
      const d = new Date(ts);
      const month = d.getUTCFullYear() * 12 + d.getUTCMonth();
      if (month !== s.month) {
        closeMonth(s);
        s.month = month;
        s.monthCp?.clear();
        s.monthMicro = 0;
      }
    }
    s.dayOps++;
    s.dayMicro += micro;
    s.monthMicro += micro;
    s.dayHours |= 1 << Math.floor((ts % DAY_MS) / 3_600_000);
    if (cp >= 0) {
      s.dayCp ??= new Set();
      if (s.dayCp.size < SET_CAP) s.dayCp.add(cp);
      s.monthCp ??= new Set();
      if (s.monthCp.size < SET_CAP) s.monthCp.add(cp);
    }
    if (ts < s.first) s.first = ts;
    if (ts > s.last) s.last = ts;
  };

  for (let i = 0; i < cols.length; i++) {
    const f = cols.from[i]!;
    const t = cols.to[i]!;
    const ts = cols.ts[i]!;
    const m = cols.micro[i]!;
    const mn = Number(m);
    if (t >= 0) {
      const s = get(t);
      touch(s, f, ts, mn);
      s.inCount++;
      s.inMicro += m;
      if (f >= 0 && s.inCp.size < SET_CAP) s.inCp.add(f);
      s.lastInTs = ts;
      s.lotTs.push(ts);
      s.lotMicro.push(mn);
      if (s.lotTs.length > LOT_CAP) {
        // Merge the two oldest lots; keeping the older time makes dwell estimates conservative.
        const oldest = s.lotTs[0]!;
        s.lotMicro[1] = s.lotMicro[1]! + s.lotMicro[0]!;
        s.lotTs.shift();
        s.lotMicro.shift();
        s.lotTs[0] = oldest;
      }
      if (s.sampleIn.length < 3) s.sampleIn.push(i);
    }
    if (f >= 0) {
      const s = get(f);
      touch(s, t, ts, mn);
      s.outCount++;
      s.outMicro += m;
      if (t >= 0) {
        if (s.outCp.size < SET_CAP) s.outCp.add(t);
        const prev = s.outBy.get(t);
        if (prev !== undefined || s.outBy.size < SET_CAP) s.outBy.set(t, (prev ?? 0) + mn);
        if (isCryptoAccount(cols.accounts[t]!) || cols.channel[i] === 3) s.cryptoOut++;
      }
      if (ts - s.lastInTs <= fastMs) s.fastOut++;
      if (mn <= smallMicro) {
        s.smallOut++;
        if (t >= 0) {
          s.smallPayees ??= new Set();
          if (s.smallPayees.size < SET_CAP) s.smallPayees.add(t);
        }
      }
      let need = mn;
      while (need > 0 && s.lotTs.length > 0) {
        const take = Math.min(s.lotMicro[0]!, need);
        s.matched += take;
        const age = ts - s.lotTs[0]!;
        if (age <= dwellMs) s.matchedFast += take;
        if (age <= longMs) s.matchedLong += take;
        need -= take;
        if (take === s.lotMicro[0]!) {
          s.lotTs.shift();
          s.lotMicro.shift();
        } else s.lotMicro[0] = s.lotMicro[0]! - take;
      }
      if (s.sampleOut.length < 3) s.sampleOut.push(i);
      else {
        let minK = 0;
        for (let k = 1; k < 3; k++)
          if (cols.micro[s.sampleOut[k]!]! < cols.micro[s.sampleOut[minK]!]!) minK = k;
        if (m > cols.micro[s.sampleOut[minK]!]!) s.sampleOut[minK] = i;
      }
    }
  }

  const out: AccountFeatures[] = [];
  for (let a = 0; a < accs.length; a++) {
    const s = accs[a];
    if (!s) continue;
    closeDay(s);
    closeMonth(s);
    let top = -1;
    let topMicro = 0;
    for (const [k, v] of s.outBy) if (v > topMicro) [top, topMicro] = [k, v];
    out.push({
      account: a,
      inCount: s.inCount,
      outCount: s.outCount,
      inMicro: s.inMicro,
      outMicro: s.outMicro,
      inCounterparties: s.inCp.size,
      outCounterparties: s.outCp.size,
      maxDayCounterparties: s.maxDayCp,
      maxDayCounterpartiesDay: dayString(s.maxDayCpDay),
      maxMonthCounterparties: s.maxMonthCp,
      maxDayOperations: s.maxDayOps,
      maxDayMicro: BigInt(s.maxDayMicro),
      maxDayMicroDay: dayString(s.maxDayMicroDay),
      maxMonthMicro: BigInt(s.maxMonthMicro),
      maxActiveHours: s.maxHours,
      activeDays: s.activeDays,
      fastOutCount: s.fastOut,
      dwellShare: s.matched > 0 ? s.matchedFast / s.matched : 0,
      longDwellShare: s.matched > 0 ? s.matchedLong / s.matched : 0,
      smallOutCount: s.smallOut,
      smallOutPayees: s.smallPayees?.size ?? 0,
      outConcentration: s.outMicro > 0n ? topMicro / Number(s.outMicro) : 0,
      topRecipient: top,
      cryptoOutCount: s.cryptoOut,
      firstTs: s.first,
      lastTs: s.last,
      sampleIn: s.sampleIn,
      sampleOut: s.sampleOut,
    });
  }
  return out;
}

function closeDay(s: Acc): void {
  if (s.day < 0) return;
  const cp = s.dayCp?.size ?? 0;
  if (cp > s.maxDayCp) {
    s.maxDayCp = cp;
    s.maxDayCpDay = s.day;
  }
  if (s.dayOps > s.maxDayOps) s.maxDayOps = s.dayOps;
  if (s.dayMicro > s.maxDayMicro) {
    s.maxDayMicro = s.dayMicro;
    s.maxDayMicroDay = s.day;
  }
  let h = s.dayHours;
  let bits = 0;
  while (h) {
    h &= h - 1;
    bits++;
  }
  if (bits > s.maxHours) s.maxHours = bits;
}

function closeMonth(s: Acc): void {
  if (s.month < 0) return;
  const cp = s.monthCp?.size ?? 0;
  if (cp > s.maxMonthCp) s.maxMonthCp = cp;
  if (s.monthMicro > s.maxMonthMicro) s.maxMonthMicro = s.monthMicro;
}

function dayString(day: number): string {
  return day < 0 ? '' : new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function ratio(a: bigint, b: bigint): number {
  if (b === 0n) return 0;
  return Number((a * 1_000_000n) / b) / 1_000_000;
}
