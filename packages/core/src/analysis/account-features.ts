import type { Rules } from '../rules/rules.ts';
import { isCryptoAccount, type TransferColumns } from './transfer-columns.ts';

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

/**
 * Features per account from its own rows in time order (the CSR adjacency of the columns). Distinct
 * counterparties are counted with stamp arrays indexed by account instead of sets, and the FIFO lots live
 * in one reusable buffer, so the pass allocates almost nothing per transfer.
 */
export function accountFeatures(cols: TransferColumns, options: AccountFeaturesOptions): AccountFeatures[] {
  const n = cols.accounts.length;
  const { outStart, outRows, inStart, inRows } = cols.adjacency();
  const fastMs = options.fastSeconds * 1000;
  const dwellMs = options.dwellHours * 3_600_000;
  const longMs = options.longDwellHours * 3_600_000;
  const smallMicro = Math.round(options.everydayMaxUsd * 1e6);
  const { from, to, ts: tsCol, microNum, channel } = cols;
  const crypto = new Uint8Array(n);
  for (let a = 0; a < n; a++) if (isCryptoAccount(cols.accounts[a]!)) crypto[a] = 1;

  // Stamps: markX[cp] === current stamp means "cp already counted" for the current account/day/month.
  const inMark = new Int32Array(n);
  const outMark = new Int32Array(n);
  const smallMark = new Int32Array(n);
  const dayMark = new Int32Array(n);
  const monthMark = new Int32Array(n);
  const outSum = new Float64Array(n);
  const firstOut = new Int32Array(n);
  let dayStamp = 0;
  let monthStamp = 0;
  const lotTs = new Float64Array(LOT_CAP + 1);
  const lotMicro = new Float64Array(LOT_CAP + 1);

  const out: AccountFeatures[] = [];
  for (let a = 0; a < n; a++) {
    let ii = inStart[a]!;
    const iEnd = inStart[a + 1]!;
    let oi = outStart[a]!;
    const oEnd = outStart[a + 1]!;
    if (ii === iEnd && oi === oEnd) continue;
    const stamp = a + 1;
    let inCount = 0;
    let outCount = 0;
    // Exact integer micro-USD: doubles below 2^53, flushed into bigints before they could lose a unit.
    let inAcc = 0;
    let outAcc = 0;
    let inBig = 0n;
    let outBig = 0n;
    let inCp = 0;
    let outCp = 0;
    let day = -1;
    let month = -1;
    let dayCp = 0;
    let dayOps = 0;
    let dayMicro = 0;
    let dayHours = 0;
    let monthCp = 0;
    let monthMicro = 0;
    let maxDayCp = 0;
    let maxDayCpDay = -1;
    let maxMonthCp = 0;
    let maxDayOps = 0;
    let maxDayMicro = 0;
    let maxDayMicroDay = -1;
    let maxMonthMicro = 0;
    let maxHours = 0;
    let activeDays = 0;
    let lastInTs = Number.NEGATIVE_INFINITY;
    let fastOut = 0;
    let lotHead = 0;
    let lotLen = 0;
    let matched = 0;
    let matchedFast = 0;
    let matchedLong = 0;
    let smallOut = 0;
    let smallPayees = 0;
    let cryptoOut = 0;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    const sampleIn: number[] = [];
    const sampleOut: number[] = [];

    // Merge incoming and outgoing rows by row index (= time order); a self-transfer counts as credit first.
    while (ii < iEnd || oi < oEnd) {
      const incoming = oi >= oEnd || (ii < iEnd && inRows[ii]! <= outRows[oi]!);
      const i = incoming ? inRows[ii++]! : outRows[oi++]!;
      const ts = tsCol[i]!;
      const mn = microNum[i]!;
      const cp = incoming ? from[i]! : to[i]!;
      const d = Math.floor(ts / DAY_MS);
      if (d !== day) {
        // Close the day (and below the month) just ended; inline, as closures would put every counter of
        // this loop in a heap context.
        if (day >= 0) {
          if (dayCp > maxDayCp) {
            maxDayCp = dayCp;
            maxDayCpDay = day;
          }
          if (dayOps > maxDayOps) maxDayOps = dayOps;
          if (dayMicro > maxDayMicro) {
            maxDayMicro = dayMicro;
            maxDayMicroDay = day;
          }
          const bits = popcount(dayHours);
          if (bits > maxHours) maxHours = bits;
        }
        day = d;
        dayStamp++;
        dayCp = 0;
        dayOps = 0;
        dayMicro = 0;
        dayHours = 0;
        activeDays++;
        const m = monthOfDay(d);
        if (m !== month) {
          if (month >= 0) {
            if (monthCp > maxMonthCp) maxMonthCp = monthCp;
            if (monthMicro > maxMonthMicro) maxMonthMicro = monthMicro;
          }
          month = m;
          monthStamp++;
          monthCp = 0;
          monthMicro = 0;
        }
      }
      dayOps++;
      dayMicro += mn;
      monthMicro += mn;
      dayHours |= 1 << Math.floor((ts - d * DAY_MS) / 3_600_000);
      if (cp >= 0) {
        if (dayMark[cp] !== dayStamp) {
          dayMark[cp] = dayStamp;
          dayCp++;
        }
        if (monthMark[cp] !== monthStamp) {
          monthMark[cp] = monthStamp;
          monthCp++;
        }
      }
      if (ts < first) first = ts;
      if (ts > last) last = ts;

      if (incoming) {
        inCount++;
        inAcc += mn;
        if (inAcc >= 2 ** 52) {
          inBig += BigInt(inAcc);
          inAcc = 0;
        }
        if (cp >= 0 && inMark[cp] !== stamp) {
          inMark[cp] = stamp;
          inCp++;
        }
        lastInTs = ts;
        const k = (lotHead + lotLen) % (LOT_CAP + 1);
        lotTs[k] = ts;
        lotMicro[k] = mn;
        lotLen++;
        if (lotLen > LOT_CAP) {
          // Merge the two oldest lots; keeping the older time makes dwell estimates conservative.
          const k1 = (lotHead + 1) % (LOT_CAP + 1);
          lotMicro[k1] = lotMicro[k1]! + lotMicro[lotHead]!;
          lotTs[k1] = lotTs[lotHead]!;
          lotHead = k1;
          lotLen--;
        }
        if (sampleIn.length < 3) sampleIn.push(i);
      } else {
        outCount++;
        outAcc += mn;
        if (outAcc >= 2 ** 52) {
          outBig += BigInt(outAcc);
          outAcc = 0;
        }
        if (cp >= 0) {
          if (outMark[cp] !== stamp) {
            outMark[cp] = stamp;
            outCp++;
            outSum[cp] = 0;
            firstOut[cp] = i;
          }
          outSum[cp] = outSum[cp]! + mn;
          if (crypto[cp] === 1 || channel[i] === 3) cryptoOut++;
        }
        if (ts - lastInTs <= fastMs) fastOut++;
        if (mn <= smallMicro) {
          smallOut++;
          if (cp >= 0 && smallMark[cp] !== stamp) {
            smallMark[cp] = stamp;
            smallPayees++;
          }
        }
        let need = mn;
        while (need > 0 && lotLen > 0) {
          const lot = lotMicro[lotHead]!;
          const take = Math.min(lot, need);
          matched += take;
          const age = ts - lotTs[lotHead]!;
          if (age <= dwellMs) matchedFast += take;
          if (age <= longMs) matchedLong += take;
          need -= take;
          if (take === lot) {
            lotHead = (lotHead + 1) % (LOT_CAP + 1);
            lotLen--;
          } else lotMicro[lotHead] = lot - take;
        }
        if (sampleOut.length < 3) sampleOut.push(i);
        else {
          let minK = 0;
          for (let k = 1; k < 3; k++) if (microNum[sampleOut[k]!]! < microNum[sampleOut[minK]!]!) minK = k;
          if (mn > microNum[sampleOut[minK]!]!) sampleOut[minK] = i;
        }
      }
    }
    {
      if (dayCp > maxDayCp) {
        maxDayCp = dayCp;
        maxDayCpDay = day;
      }
      if (dayOps > maxDayOps) maxDayOps = dayOps;
      if (dayMicro > maxDayMicro) {
        maxDayMicro = dayMicro;
        maxDayMicroDay = day;
      }
      const bits = popcount(dayHours);
      if (bits > maxHours) maxHours = bits;
    }
    if (monthCp > maxMonthCp) maxMonthCp = monthCp;
    if (monthMicro > maxMonthMicro) maxMonthMicro = monthMicro;

    // Largest recipient by value; ties go to the one paid first.
    let top = -1;
    let topMicro = 0;
    let topFirst = 0;
    for (let k = outStart[a]!; k < oEnd; k++) {
      const r = to[outRows[k]!]!;
      if (r < 0) continue;
      const v = outSum[r]!;
      if (v > topMicro || (v === topMicro && top >= 0 && firstOut[r]! < topFirst)) {
        top = r;
        topMicro = v;
        topFirst = firstOut[r]!;
      }
    }
    const inMicro = inBig + BigInt(inAcc);
    const outMicro = outBig + BigInt(outAcc);
    out.push({
      account: a,
      inCount,
      outCount,
      inMicro,
      outMicro,
      inCounterparties: inCp,
      outCounterparties: outCp,
      maxDayCounterparties: maxDayCp,
      maxDayCounterpartiesDay: dayString(maxDayCpDay),
      maxMonthCounterparties: maxMonthCp,
      maxDayOperations: maxDayOps,
      maxDayMicro: BigInt(maxDayMicro),
      maxDayMicroDay: dayString(maxDayMicroDay),
      maxMonthMicro: BigInt(maxMonthMicro),
      maxActiveHours: maxHours,
      activeDays,
      fastOutCount: fastOut,
      dwellShare: matched > 0 ? matchedFast / matched : 0,
      longDwellShare: matched > 0 ? matchedLong / matched : 0,
      smallOutCount: smallOut,
      smallOutPayees: smallPayees,
      outConcentration: outMicro > 0n ? topMicro / Number(outMicro) : 0,
      topRecipient: top,
      cryptoOutCount: cryptoOut,
      firstTs: first,
      lastTs: last,
      sampleIn,
      sampleOut,
    });
  }
  return out;
}

function popcount(h: number): number {
  let bits = 0;
  let x = h;
  while (x) {
    x &= x - 1;
    bits++;
  }
  return bits;
}

/** Months since year 0 of a day number (days since 1970-01-01), by the civil-from-days algorithm. */
function monthOfDay(day: number): number {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 12 + (m - 1);
}

/** Days repeat across a million accounts: each is formatted once. */
const dayText = new Map<number, string>();
function dayString(day: number): string {
  if (day < 0) return '';
  let t = dayText.get(day);
  if (t === undefined) {
    t = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayText.size > 100_000) dayText.clear();
    dayText.set(day, t);
  }
  return t;
}

export function ratio(a: bigint, b: bigint): number {
  if (b === 0n) return 0;
  return Number((a * 1_000_000n) / b) / 1_000_000;
}
