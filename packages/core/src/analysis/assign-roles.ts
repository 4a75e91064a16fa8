import { groupDigits } from '../text/group-digits.ts';
import type { ExchangeOrderRow, ExchangeRow, MessageLabel, SeizureRow } from '../model/tables.ts';
import type { Rules } from '../rules/rules.ts';
import { type AccountFeatures, ratio } from './account-features.ts';
import { foldToken, nameKey } from './name-key.ts';
import {
  findSwaps,
  type HandleLink,
  linkHandlesByPhone,
  median,
  payFrom,
  type SwapPair,
  seizuresByPerson,
  uniquePhoneOwners,
} from './role-evidence.ts';
import type { Resolution } from './resolve-entities.ts';
import { accountKind, isCryptoAccount, type TransferColumns } from './transfer-columns.ts';

export type Role =
  | 'operator'
  | 'recruiter'
  | 'courier'
  | 'dropper'
  | 'exchanger'
  | 'end_recipient'
  | 'buyer'
  | 'chemist'
  | 'supplier'
  | 'unknown';

export interface RoleFlag {
  role: Role;
  score: number;
  reasons: string[];
  /** The records behind the reasons: transfer ids, message refs, `order:`, `seizure:`, `loc:` refs (findings/record-ref.ts). */
  evidence: string[];
}

export interface RoleInput {
  cols: TransferColumns;
  features: AccountFeatures[];
  resolution: Resolution;
  exchanges: readonly ExchangeRow[];
  orders: readonly ExchangeOrderRow[];
  /** `tg:user:<id>` → label → message refs authored by that user. */
  authorLabels: Map<string, Map<MessageLabel, string[]>>;
  /**
   * `tg:user:<id>` → each chat with sale/recruitment labels they administer → the records (`loc:` refs, at most four;
   * none when the membership names no record) that show them administering it.
   */
  chatAdmins: Map<string, Map<string, string[]>>;
  /** Account identifier → refs of labelled messages that publish it (payment details). */
  mentionedIn: Map<string, string[]>;
  /** Person id → label → flagged posts that name the person's Telegram handle as the contact. */
  contactLabels?: Map<string, Map<MessageLabel, string[]>>;
  /** Flagged post ref → identifiers it mentions (a contact handle published with a phone). */
  postMentions?: Map<string, string[]>;
  /** Seizure records; those tied to a person and describing a lab or precursors are role evidence. */
  seizures?: readonly SeizureRow[];
  /** Chat id → labels of the chat (which chats teach production, which sell). */
  chatLabels?: Map<string, Set<MessageLabel>>;
  rules: Rules;
}

export interface RoleAssignment {
  accounts: Map<string, RoleFlag[]>;
  persons: Map<string, RoleFlag[]>;
  /** Person ids recognised as licensed exchanges (never droppers or exchangers). */
  licensedEntities: Set<string>;
}

/** "$1,234.56" from micro-USD (cents truncated), without the cost of `toLocaleString` in hot loops. */
export const usd = (micro: bigint): string => {
  const cents = micro / 10_000n;
  const neg = cents < 0n;
  const digits = (neg ? -cents : cents).toString().padStart(3, '0');
  const whole = groupDigits(digits.slice(0, -2), ',');
  return `$${neg ? '-' : ''}${whole}.${digits.slice(-2)}`;
};
const pct = (x: number) => `${Math.round(x * 100)}%`;
const microOf = (usdValue: number) => BigInt(Math.round(usdValue * 1e6));

const FIAT = new Set(['card', 'iban', 'acct', 'phone']);

/**
 * The role rules engine: reads thresholds from the rule set and returns, per account and per person,
 * every role whose rule fired with a score and reasons that cite transfers and messages.
 */
export function assignRoles(input: RoleInput): RoleAssignment {
  const { cols, features, resolution, rules } = input;
  const accounts = new Map<string, RoleFlag[]>();
  const persons = new Map<string, RoleFlag[]>();
  const addA = (acct: string, f: RoleFlag) => push(accounts, acct, f);
  const addP = (pid: string, f: RoleFlag) => push(persons, pid, f);
  const fById = new Map<number, AccountFeatures>();
  for (const f of features) fById.set(f.account, f);
  const holderByAccount = cols.accounts.map((a) => resolution.holderOf.get(a));
  const holderOf = (acct: number) => holderByAccount[acct];
  const personById = new Map(resolution.persons.map((p) => [p.id, p]));

  // Licensed exchanges: by registry slug and by holder name matching a licensed exchange's name.
  const licensedSlugs = new Set(input.exchanges.filter((e) => e.licensed === true).map((e) => e.exchange));
  const licensedNames = new Set(
    input.exchanges
      .filter((e) => e.licensed === true)
      .flatMap((e) => [e.name, e.exchange])
      .filter((n): n is string => !!n)
      .map(nameKey)
      .filter((k) => k.length > 0),
  );
  const licensedTokens = input.exchanges
    .filter((e) => e.licensed === true)
    .map((e) => [e.exchange.toLowerCase(), ...orgTokens(e.name ?? '')].filter((t) => t.length >= 4));
  const isLicensedName = (name: string) => {
    if (licensedNames.has(nameKey(name))) return true;
    const toks = orgTokens(name);
    // The registry's slug or the first distinctive word of its name opens the holder's name.
    return toks.length > 0 && licensedTokens.some((lt) => lt.includes(toks[0]!));
  };
  const licensedEntities = new Set<string>();
  for (const p of resolution.persons) {
    if (p.names.some(isLicensedName)) licensedEntities.add(p.id);
  }
  const isLicensedAccount = (acct: number) => {
    const id = cols.accounts[acct]!;
    if (/^exchange:[^:]+$/.test(id) && licensedSlugs.has(id.slice(9))) return true;
    const h = holderOf(acct);
    if (h && licensedEntities.has(h)) return true;
    const tn = cols.holderNames.get(acct);
    return tn !== undefined && isLicensedName(tn);
  };

  // Exchange orders per fiat account and per exchange user.
  const ordersByPayee = new Map<string, ExchangeOrderRow[]>();
  const ordersBySeller = new Map<string, ExchangeOrderRow[]>();
  const ordersByBuyer = new Map<string, ExchangeOrderRow[]>();
  for (const o of input.orders) {
    if (o.buyerUser) push(ordersByBuyer, o.buyerUser, o);
    if (o.paymentTo) push(ordersByPayee, o.paymentTo, o);
    if (o.sellerUser) push(ordersBySeller, o.sellerUser, o);
  }

  // --- Droppers (account level) ---
  const d = rules.dropper;
  const droppers = new Set<number>();
  /** Takes the dropper role back from an account: its flag and its place in `droppers`. */
  const undropper = (id: string) => {
    const idx = cols.accountIndex.get(id);
    if (idx !== undefined) droppers.delete(idx);
    const list = accounts.get(id);
    if (list)
      accounts.set(
        id,
        list.filter((r) => r.role !== 'dropper'),
      );
  };
  for (const f of features) {
    const id = cols.accounts[f.account]!;
    if (!FIAT.has(accountKind(id))) continue;
    if (f.inCounterparties < d.minInCounterparties || f.inMicro < microOf(d.minInflowUsd)) continue;
    if (isLicensedAccount(f.account)) continue;
    const passThrough = ratio(f.outMicro, f.inMicro);
    const months = (f.lastTs - f.firstTs) / (30 * 86_400_000);
    const fastTransit = f.dwellShare >= d.transit.dwellShareMin;
    const sustained = f.longDwellShare >= d.transit.dwellShareMin && months >= d.transit.longTransitMonths;
    if (passThrough < d.transit.passThroughMin || !(fastTransit || sustained)) continue;
    const everydayShare = f.outCount > 0 ? f.smallOutCount / f.outCount : 0;
    if (everydayShare > d.everyday.maxShareOfOutgoing && f.smallOutPayees >= d.everyday.minPayees) continue;
    const c = d.cb16mr;
    const signs: string[] = [];
    if (f.maxDayCounterparties > c.dayCounterparties)
      signs.push(
        `${f.maxDayCounterparties} counterparties on ${f.maxDayCounterpartiesDay} (> ${c.dayCounterparties}/day)`,
      );
    if (f.maxMonthCounterparties > c.monthCounterparties)
      signs.push(`${f.maxMonthCounterparties} counterparties in one month (> ${c.monthCounterparties})`);
    if (f.maxDayOperations > c.dayOperations)
      signs.push(`${f.maxDayOperations} operations in one day (> ${c.dayOperations})`);
    if (f.maxDayMicro > microOf(c.dayAmountUsd))
      signs.push(`${usd(f.maxDayMicro)} moved on ${f.maxDayMicroDay} (> $${c.dayAmountUsd}/day)`);
    if (f.maxMonthMicro > microOf(c.monthAmountUsd))
      signs.push(`${usd(f.maxMonthMicro)} moved in one month (> $${c.monthAmountUsd})`);
    const fastShare = f.outCount > 0 ? f.fastOutCount / f.outCount : 0;
    if (fastShare >= c.fastShare)
      signs.push(`${f.fastOutCount} of ${f.outCount} debits within ${c.fastSeconds} s of a credit`);
    if (f.maxActiveHours >= c.activeHoursInDay)
      signs.push(`active in ${f.maxActiveHours} different hours of one day`);
    if (f.inCounterparties >= d.fanInPayers) signs.push(`fan-in from ${f.inCounterparties} different payers`);
    if (sustained)
      signs.push(
        `transit for ${months.toFixed(1)} months: ${pct(f.longDwellShare)} of the outflow left within ${Math.round(d.transit.longDwellHours / 24)} days`,
      );
    const concentrated = f.outConcentration >= d.transit.outConcentrationMin && f.topRecipient >= 0;
    if (concentrated)
      signs.push(`${pct(f.outConcentration)} swept to one account, ${cols.accounts[f.topRecipient]}`);
    if (signs.length < c.minSigns) continue;
    const reasons = [
      `${f.inCounterparties} payer${f.inCounterparties === 1 ? '' : 's'} sent ${usd(f.inMicro)} in ${f.inCount} credit${f.inCount === 1 ? '' : 's'}; ${pct(passThrough)} left again`,
      fastTransit
        ? `${pct(f.dwellShare)} of the outflow left within ${d.transit.dwellHours} h of arriving`
        : `${pct(f.longDwellShare)} of the outflow left within ${Math.round(d.transit.longDwellHours / 24)} days of arriving`,
      `no everyday spending (${f.smallOutCount} of ${f.outCount} debits ≤ $${d.everyday.maxAmountUsd}, to ${f.smallOutPayees} payee${f.smallOutPayees === 1 ? '' : 's'})`,
      ...signs,
    ];
    const mentions = input.mentionedIn.get(id) ?? [];
    if (mentions.length > 0) reasons.push(`published as payment details in ${mentions.length} message(s)`);
    let score = 0.55 + 0.06 * signs.length + (fastTransit ? 0.05 : 0);
    if (mentions.length > 0) score += 0.1;
    score = round2(Math.min(0.99, score));
    if (score < d.scoreThreshold) continue;
    droppers.add(f.account);
    addA(id, {
      role: 'dropper',
      score,
      reasons,
      evidence: [...f.sampleIn, ...f.sampleOut].map((r) => cols.ids[r]!).concat(mentions.slice(0, 3)),
    });
  }

  // Money swept to the holder's own account stays with the holder: a shop owner moving card takings to
  // the business account, or the top of the chain moving proceeds to an own IBAN. Such an account is the
  // holder's treasury, not a dropper, unless the own account it feeds is itself a dropper.
  if (d.ownSweepIsTreasury) {
    for (const acct of [...droppers]) {
      const f = fById.get(acct);
      const top = f?.topRecipient ?? -1;
      if (!f || top < 0 || f.outConcentration < d.transit.outConcentrationMin) continue;
      const h = holderOf(acct);
      if (h === undefined || holderOf(top) !== h || droppers.has(top)) continue;
      undropper(cols.accounts[acct]!);
    }
  }

  // Accounts fed mostly by dropper accounts: a collector passes the money on in transit to someone else
  // (a second-level dropper); the top of the chain keeps it, splits it or moves it to its holder's own
  // accounts (the operator's side, not a dropper). One round only: promoting transitively would climb the
  // chain up to the operator and the exchangers.
  // A collector that also takes wholesale buyers' payments directly is fed by droppers for less than half
  // its inflow; many distinct dropper feeders plus transit still make it one (`collectorMinFeeders`).
  {
    const fed = new Map<number, bigint>();
    const feeders = new Map<number, Set<number>>();
    for (let i = 0; i < cols.length; i++) {
      const f = cols.from[i]!;
      const t = cols.to[i]!;
      if (f >= 0 && t >= 0 && f !== t && droppers.has(f)) {
        fed.set(t, (fed.get(t) ?? 0n) + cols.micro[i]!);
        let set = feeders.get(t);
        if (!set) feeders.set(t, (set = new Set()));
        set.add(f);
      }
    }
    for (const [acct, m] of fed) {
      const f = fById.get(acct);
      if (!f) continue;
      const manyFeeders = (feeders.get(acct)?.size ?? 0) >= d.collectorMinFeeders;
      if (ratio(m, f.inMicro) <= d.consolidatorShareMax && (droppers.has(acct) || !manyFeeders)) continue;
      const id = cols.accounts[acct]!;
      if (!FIAT.has(accountKind(id)) || isLicensedAccount(acct)) continue;
      const top = f.topRecipient;
      const ownTop = top >= 0 && holderOf(top) !== undefined && holderOf(top) === holderOf(acct);
      const transit =
        ratio(f.outMicro, f.inMicro) >= d.transit.passThroughMin &&
        f.outConcentration >= d.transit.outConcentrationMin &&
        top >= 0 &&
        !ownTop;
      if (droppers.has(acct)) {
        if (transit || (top >= 0 && droppers.has(top)) || f.inCounterparties >= d.fanInPayers) continue;
        undropper(id);
      } else if (transit && f.inCounterparties >= d.minInCounterparties) {
        droppers.add(acct);
        addA(id, {
          role: 'dropper',
          score: 0.7,
          reasons: [
            `collects ${usd(m)} from ${feeders.get(acct)?.size ?? 0} dropper accounts (${pct(ratio(m, f.inMicro))} of its inflow)`,
            `${pct(f.outConcentration)} swept on to ${cols.accounts[top]}, ${pct(ratio(f.outMicro, f.inMicro))} passed through`,
          ],
          evidence: [...f.sampleIn, ...f.sampleOut].map((r) => cols.ids[r]!),
        });
      }
    }
  }

  // Feeders: an account with a dropper's fan-in and pass-through that sweeps (nearly) all of its outflow
  // into known dropper/collector accounts of other holders works like them, even when it is too small or
  // too slow for the 16-МР volume signs (short-lived cards taking small retail payments). One round only.
  {
    const fe = d.feeder;
    const toDroppers = new Map<number, bigint>();
    for (let i = 0; i < cols.length; i++) {
      const f = cols.from[i]!;
      const t = cols.to[i]!;
      if (f < 0 || t < 0 || f === t || droppers.has(f) || !droppers.has(t)) continue;
      const hf = holderOf(f);
      if (hf !== undefined && hf === holderOf(t)) continue;
      toDroppers.set(f, (toDroppers.get(f) ?? 0n) + cols.micro[i]!);
    }
    for (const [acct, m] of toDroppers) {
      const f = fById.get(acct);
      if (!f || f.outMicro === 0n) continue;
      const id = cols.accounts[acct]!;
      if (!FIAT.has(accountKind(id)) || isLicensedAccount(acct)) continue;
      if (f.inCounterparties < fe.minPayers || f.inMicro < microOf(d.minInflowUsd)) continue;
      const passThrough = ratio(f.outMicro, f.inMicro);
      const share = ratio(m, f.outMicro);
      if (passThrough < d.transit.passThroughMin || share < fe.shareToDroppersMin) continue;
      if (f.longDwellShare < d.transit.dwellShareMin) continue;
      const everydayShare = f.outCount > 0 ? f.smallOutCount / f.outCount : 0;
      if (everydayShare > d.everyday.maxShareOfOutgoing && f.smallOutPayees >= d.everyday.minPayees) continue;
      droppers.add(acct);
      addA(id, {
        role: 'dropper',
        score: round2(Math.min(0.95, 0.6 + (f.inCounterparties >= d.fanInPayers ? 0.1 : 0))),
        reasons: [
          `${f.inCounterparties} payer${f.inCounterparties === 1 ? '' : 's'} sent ${usd(f.inMicro)} in ${f.inCount} credit${f.inCount === 1 ? '' : 's'}; ${pct(passThrough)} left again`,
          `${pct(share)} of the outflow (${usd(m)}) went to dropper accounts (≥ ${pct(fe.shareToDroppersMin)})`,
          `${pct(f.longDwellShare)} of the outflow left within ${Math.round(d.transit.longDwellHours / 24)} days of arriving`,
          `no everyday spending (${f.smallOutCount} of ${f.outCount} debits ≤ $${d.everyday.maxAmountUsd})`,
        ],
        evidence: [...f.sampleIn, ...f.sampleOut].map((r) => cols.ids[r]!),
      });
    }
  }

  // Flows out of / into dropper accounts, per counterparty account.
  interface Flow {
    senders: Set<number>;
    count: number;
    micro: bigint;
    maxMicro: bigint;
    weeks: Set<number>;
    sample: number[];
  }
  const fromDroppers = new Map<number, Flow>();
  const toDroppers = new Map<number, Flow>();
  const note = (map: Map<number, Flow>, key: number, other: number, row: number) => {
    let fl = map.get(key);
    if (!fl)
      map.set(
        key,
        (fl = { senders: new Set(), count: 0, micro: 0n, maxMicro: 0n, weeks: new Set(), sample: [] }),
      );
    fl.senders.add(other);
    fl.count++;
    const m = cols.micro[row]!;
    fl.micro += m;
    if (m > fl.maxMicro) fl.maxMicro = m;
    fl.weeks.add(Math.floor(cols.ts[row]! / (7 * 86_400_000)));
    if (fl.sample.length < 3) fl.sample.push(row);
  };
  for (let i = 0; i < cols.length; i++) {
    const f = cols.from[i]!;
    const t = cols.to[i]!;
    if (f >= 0 && t >= 0 && droppers.has(f) && !droppers.has(t)) note(fromDroppers, t, f, i);
    if (f >= 0 && t >= 0 && droppers.has(t) && !droppers.has(f)) note(toDroppers, f, t, i);
  }

  // --- Exchangers (person level; flags their fiat and exchange accounts) ---
  const ex = rules.exchanger;
  const exchangerPersons = new Set<string>();
  for (const p of resolution.persons) {
    if (licensedEntities.has(p.id)) continue;
    let fiatCp = 0;
    let cryptoOut = 0;
    let cryptoOutCp = 0;
    const fiatAccts: string[] = [];
    const cryptoAccts: string[] = [];
    const evidence: string[] = [];
    let dropperPayers = 0;
    for (const a of p.accounts) {
      const idx = cols.accountIndex.get(a);
      const f = idx === undefined ? undefined : fById.get(idx);
      if (FIAT.has(accountKind(a))) {
        if (f) {
          fiatCp += f.inCounterparties;
          evidence.push(...f.sampleIn.map((r) => cols.ids[r]!));
        }
        fiatAccts.push(a);
        const fl = idx === undefined ? undefined : fromDroppers.get(idx);
        if (fl) dropperPayers += fl.senders.size;
      } else if (isCryptoAccount(a) || a.startsWith('exchange:')) {
        if (f) {
          cryptoOut += f.outCount;
          cryptoOutCp += f.outCounterparties;
          evidence.push(...f.sampleOut.map((r) => cols.ids[r]!));
        }
        cryptoAccts.push(a);
      }
    }
    const orderRows = new Map<string, ExchangeOrderRow>();
    for (const a of p.accounts) {
      for (const o of ordersByPayee.get(a) ?? []) orderRows.set(`${o.exchange}:${o.orderId}`, o);
      for (const o of ordersBySeller.get(a) ?? []) orderRows.set(`${o.exchange}:${o.orderId}`, o);
    }
    const orderBuyers = new Set([...orderRows.values()].map((o) => o.buyerUser ?? o.paymentFrom ?? ''));
    // Buying crypto order after order and selling none is the customer side of P2P: an operator cashing
    // out pays couriers and recipients from the wallet, which looks like a busy exchanger's crypto side.
    let buyOrders = 0;
    for (const a of p.accounts) buyOrders += ordersByBuyer.get(a)?.length ?? 0;
    if (ex.p2pBuyerNotExchanger && orderRows.size === 0 && buyOrders >= ex.minP2pOrders) continue;
    // Both sides busy: an exchanger sells to many wallets, an operator cashing out pays a few.
    const hasCryptoSide =
      (cryptoOut >= ex.minCryptoOutTransfers && cryptoOutCp >= ex.minCryptoCounterparties) ||
      orderRows.size >= ex.minP2pOrders;
    const counterparties = Math.max(fiatCp, orderBuyers.size);
    // Either a busy fiat side with crypto going out, or a P2P seller paid in fiat order after order.
    const busyFiat = counterparties >= ex.minFiatCounterparties && hasCryptoSide;
    const p2pSeller = orderRows.size >= ex.minP2pOrders;
    if (!busyFiat && !p2pSeller) continue;
    const reasons = [
      `fiat in from ${fiatCp} counterparties on ${fiatAccts.length} account(s)${dropperPayers > 0 ? `, ${dropperPayers} of them dropper accounts` : ''}`,
    ];
    if (cryptoOut > 0)
      reasons.push(
        `${cryptoOut} crypto/exchange-account debits to ${cryptoOutCp} wallets from ${cryptoAccts.join(', ') || '—'}`,
      );
    if (orderRows.size > 0)
      reasons.push(`${orderRows.size} P2P orders as seller or payee with ${orderBuyers.size} buyers`);
    reasons.push('not on the licensed exchange registry');
    const score = round2(
      Math.min(
        0.99,
        0.6 +
          (counterparties >= 2 * ex.minFiatCounterparties ? 0.15 : 0) +
          (dropperPayers > 0 ? 0.1 : 0) +
          (cryptoOut >= ex.minCryptoOutTransfers && orderRows.size >= ex.minP2pOrders ? 0.1 : 0),
      ),
    );
    if (score < ex.scoreThreshold) continue;
    exchangerPersons.add(p.id);
    const orderRefs = [...orderRows.keys()].slice(0, 5).map((k) => `order:${k}`);
    const flag: RoleFlag = {
      role: 'exchanger',
      score,
      reasons,
      evidence: [...evidence.slice(0, 6), ...orderRefs],
    };
    addP(p.id, flag);
    for (const a of [...fiatAccts, ...cryptoAccts]) {
      // An exchanger's own card is not a dropper card: drop that role there.
      undropper(a);
      addA(a, { ...flag });
    }
  }

  // --- Exchangers by their trades: fiat taken, crypto of about that value delivered back ---
  // An unlicensed exchanger serving a few big clients has few counterparties, but each trade leaves two
  // legs between the same people: the customer's fiat to the exchanger's card (or its front company) and
  // the exchanger's crypto to the customer's wallet within hours, worth the fiat less a margin.
  /** Trades with the exchangers recognised here: their customers cash out through them. */
  const exchangerTrades: SwapPair[] = [];
  const personIdx = new Map(resolution.persons.map((p, i) => [p.id, i]));
  const holderIdx = new Int32Array(cols.accounts.length).fill(-1);
  {
    const isFiat = new Uint8Array(cols.accounts.length);
    const isCrypto = new Uint8Array(cols.accounts.length);
    for (let a = 0; a < cols.accounts.length; a++) {
      const h = holderOf(a);
      if (h !== undefined) holderIdx[a] = personIdx.get(h) ?? -1;
      const id = cols.accounts[a]!;
      if (FIAT.has(accountKind(id))) isFiat[a] = 1;
      else if (isCryptoAccount(id) || id.startsWith('exchange:')) isCrypto[a] = 1;
    }
    const pairs = findSwaps(cols, holderIdx, isFiat, isCrypto, {
      windowHours: ex.swapWindowHours,
      leadHours: ex.swapLeadHours,
      minRatio: ex.swapMinRatio,
      maxRatio: ex.swapMaxRatio,
    });
    // Per exchanger side (the crypto giver's holder, else the wallet itself), every pair it trades through.
    const sides = new Map<string, SwapPair[]>();
    const sideOf = (pr: SwapPair) => holderOf(pr.cryptoAccount) ?? `acct:${cols.accounts[pr.cryptoAccount]}`;
    const accountsOf = (who: string | undefined, fallback: number) =>
      who && !who.startsWith('acct:')
        ? (personById.get(who)?.accounts ?? [])
            .map((a) => cols.accountIndex.get(a) ?? -1)
            .filter((i) => i >= 0)
        : [fallback];
    // Fiat taken by someone other than the crypto giver counts only where the two are tied by money (the
    // front company passes its takings on to the exchanger, or is paid by it): a collector's sweep that
    // happens to follow a payment to some wallet is no trade.
    const links = new Map<number, Set<number>>();
    for (const pr of pairs) {
      if (holderOf(pr.fiatAccount) !== undefined && holderOf(pr.fiatAccount) === holderOf(pr.cryptoAccount))
        continue;
      const fiatSide = accountsOf(holderOf(pr.fiatAccount), pr.fiatAccount);
      const cryptoSide = accountsOf(sideOf(pr), pr.cryptoAccount);
      for (const a of fiatSide)
        for (const c of cryptoSide) {
          let l = links.get(a);
          if (!l) links.set(a, (l = new Set()));
          l.add(c);
          let r = links.get(c);
          if (!r) links.set(c, (r = new Set()));
          r.add(a);
        }
    }
    const L = cols.accounts.length;
    const linked = new Set<number>();
    const linkMask = new Uint8Array(L);
    for (const a of links.keys()) linkMask[a] = 1;
    if (links.size > 0)
      for (let i = 0; i < cols.length; i++) {
        const f = cols.from[i]!;
        const t = cols.to[i]!;
        if (f < 0 || t < 0 || !linkMask[f] || !links.get(f)?.has(t)) continue;
        linked.add(f * L + t);
        linked.add(t * L + f);
      }
    const isLinked = (pr: SwapPair) => {
      const h = holderOf(pr.fiatAccount);
      if (h !== undefined && h === holderOf(pr.cryptoAccount)) return true;
      const cryptoSide = accountsOf(sideOf(pr), pr.cryptoAccount);
      return accountsOf(h, pr.fiatAccount).some((a) => cryptoSide.some((c) => linked.has(a * L + c)));
    };
    for (const pr of pairs) {
      if (isLicensedAccount(pr.fiatAccount) || isLicensedAccount(pr.cryptoAccount)) continue;
      if (!isLinked(pr)) continue;
      push(sides, sideOf(pr), pr);
    }
    for (const [side, prs] of sides) {
      const swaps = prs.reduce((n, p) => n + p.swaps, 0);
      const fiatMicro = prs.reduce((n, p) => n + p.fiatMicro, 0);
      if (swaps < ex.minSwaps || fiatMicro < ex.minSwapUsd * 1e6) continue;
      const customers = new Set(prs.flatMap((p) => [...p.customers]));
      const cryptoMicro = prs.reduce((n, p) => n + p.cryptoMicro, 0);
      // An exchanger keeps a margin: customers get back less than they give.
      const rate = median(prs.flatMap((p) => p.ratios));
      if (rate > ex.swapMaxMedianRate) continue;
      const fiatAccts = [...new Set(prs.map((p) => p.fiatAccount))];
      const cryptoAccts = [...new Set(prs.map((p) => p.cryptoAccount))];
      const sample = prs.flatMap((p) => p.sample).slice(0, 8);
      const margin = rate < 1 ? `, a ${((1 - rate) * 100).toFixed(1)}% margin` : '';
      const reasons = [
        `${swaps} fiat-for-crypto trades with ${customers.size} customer(s): ${usd(BigInt(Math.round(fiatMicro)))} in fiat to ${fiatAccts.map((a) => cols.accounts[a]).join(', ')} answered within ${ex.swapWindowHours} h by ${usd(BigInt(Math.round(cryptoMicro)))} in crypto from ${cryptoAccts.map((a) => cols.accounts[a]).join(', ')} (customers got back a median ${(rate * 100).toFixed(1)}% of what they paid${margin})`,
        'not on the licensed exchange registry',
      ];
      const score = round2(
        Math.min(
          0.95,
          0.6 +
            (customers.size >= 2 ? 0.1 : 0) +
            (swaps >= 2 * ex.minSwaps ? 0.1 : 0) +
            (rate < 1 ? 0.05 : 0),
        ),
      );
      if (score < ex.scoreThreshold) continue;
      exchangerTrades.push(...prs);
      const evidence = sample.map((r) => cols.ids[r]!);
      // The fiat takers: the exchanger's own cards, or another holder's account (a front company) whose
      // takings the exchanger answers with crypto — that holder runs the fiat side of the same business.
      const fiatHolders = new Map<string, number[]>();
      for (const a of fiatAccts) {
        const h = holderOf(a);
        if (h !== undefined && h !== side) push(fiatHolders, h, a);
      }
      const flagPerson = (pid: string, flag: RoleFlag, accts: string[]) => {
        if (licensedEntities.has(pid)) return;
        const existing = persons.get(pid)?.find((r) => r.role === 'exchanger');
        if (existing) {
          existing.reasons.push(...flag.reasons.filter((r) => !existing.reasons.includes(r)));
          existing.evidence.push(...flag.evidence.slice(0, 4));
          existing.score = Math.max(existing.score, flag.score);
        } else addP(pid, flag);
        exchangerPersons.add(pid);
        for (const a of accts) {
          undropper(a);
          if (!accounts.get(a)?.some((r) => r.role === 'exchanger')) addA(a, { ...flag });
        }
      };
      const sideAccts = [
        ...cryptoAccts.map((a) => cols.accounts[a]!),
        ...fiatAccts.filter((a) => !fiatHolders.has(holderOf(a) ?? '')).map((a) => cols.accounts[a]!),
      ];
      const flag: RoleFlag = { role: 'exchanger', score, reasons, evidence };
      if (side.startsWith('acct:')) {
        for (const a of sideAccts) addA(a, { ...flag, reasons: [...reasons] });
      } else
        flagPerson(side, { ...flag, reasons: [...reasons] }, [
          ...new Set([
            ...sideAccts,
            ...(personById.get(side)?.accounts ?? []).filter(
              (a) => !isLicensedAccount(cols.accountIndex.get(a) ?? -1),
            ),
          ]),
        ]);
      const sideName = side.startsWith('acct:') ? side.slice(5) : (personById.get(side)?.names[0] ?? side);
      for (const [h, accts] of fiatHolders) {
        if (customers.has(personIdx.get(h) ?? -1)) continue;
        const ids = accts.map((a) => cols.accounts[a]!);
        flagPerson(
          h,
          {
            role: 'exchanger',
            score,
            reasons: [
              `takes the fiat side of ${sideName}'s trades on ${ids.join(', ')}: ${reasons[0]}`,
              'not on the licensed exchange registry',
            ],
            evidence,
          },
          ids,
        );
      }
    }
  }

  // --- Droppers roll up to their holders ---
  for (const a of droppers) {
    const h = holderOf(a);
    const flag = accounts.get(cols.accounts[a]!)?.find((r) => r.role === 'dropper');
    if (h && flag && !exchangerPersons.has(h))
      mergeFlag(persons, h, flag, `holds dropper account ${cols.accounts[a]}`);
  }

  // --- Message-based roles ---
  const personLabels = new Map<string, Map<MessageLabel, string[]>>();
  for (const [user, labels] of input.authorLabels) {
    const pid = resolution.personOfTgUser.get(user);
    if (!pid) continue;
    const acc = personLabels.get(pid) ?? new Map<MessageLabel, string[]>();
    for (const [l, refs] of labels) acc.set(l, [...(acc.get(l) ?? []), ...refs]);
    personLabels.set(pid, acc);
  }
  const personAdmin = new Map<string, string[]>();
  const personAdminRefs = new Map<string, Map<string, string[]>>();
  for (const [user, chats] of input.chatAdmins) {
    const pid = resolution.personOfTgUser.get(user);
    if (!pid) continue;
    personAdmin.set(pid, [...(personAdmin.get(pid) ?? []), ...chats.keys()]);
    const acc = personAdminRefs.get(pid) ?? new Map<string, string[]>();
    for (const [chat, rs] of chats) acc.set(chat, [...(acc.get(chat) ?? []), ...rs]);
    personAdminRefs.set(pid, acc);
  }
  /** The records behind "administers chat(s) …": two per chat, six in all. */
  const adminEvidence = (pid: string, chats: readonly string[]) =>
    [...new Set(chats)].flatMap((c) => personAdminRefs.get(pid)?.get(c)?.slice(0, 2) ?? []).slice(0, 6);

  // --- Operators: control flagged channels and/or receive consolidated funds from droppers ---
  const op = rules.operator;
  const operatorPersons = new Set<string>();
  const personSweeps = new Map<string, { droppers: Set<number>; micro: bigint; sample: number[] }>();
  for (const [acct, fl] of fromDroppers) {
    const h = holderOf(acct);
    if (!h || exchangerPersons.has(h) || licensedEntities.has(h)) continue;
    const s = personSweeps.get(h) ?? { droppers: new Set<number>(), micro: 0n, sample: [] };
    for (const x of fl.senders) s.droppers.add(x);
    s.micro += fl.micro;
    s.sample.push(...fl.sample.slice(0, 2));
    personSweeps.set(h, s);
  }
  // Cash-out: buying crypto from the unlicensed exchangers with money that came from dropper accounts.
  // Droppers pass money on to someone else; whoever turns it into crypto for their own wallet is where
  // the shop's proceeds are collected.
  const cashOut = new Map<
    string,
    { swaps: number; micro: number; accts: Map<number, number>; exchangers: Set<string>; sample: number[] }
  >();
  {
    const own = new Map<
      number,
      { swaps: number; micro: number; exchangers: Set<string>; sample: number[] }
    >();
    for (const pr of exchangerTrades)
      for (const [acct, cf] of pr.customerFiat) {
        const o = own.get(acct) ?? { swaps: 0, micro: 0, exchangers: new Set<string>(), sample: [] };
        o.swaps += cf.swaps;
        o.micro += cf.micro;
        o.exchangers.add(holderOf(pr.cryptoAccount) ?? cols.accounts[pr.cryptoAccount]!);
        if (o.sample.length < 4) o.sample.push(...pr.sample.slice(0, 2));
        own.set(acct, o);
      }
    const fromDropperMicro = new Map<number, bigint>();
    const ownMask = new Uint8Array(cols.accounts.length);
    for (const a of own.keys()) ownMask[a] = 1;
    if (own.size > 0)
      for (let i = 0; i < cols.length; i++) {
        const f = cols.from[i]!;
        const t = cols.to[i]!;
        if (f < 0 || t < 0 || !ownMask[t] || !droppers.has(f)) continue;
        if (holderOf(f) !== undefined && holderOf(f) === holderOf(t)) continue;
        fromDropperMicro.set(t, (fromDropperMicro.get(t) ?? 0n) + cols.micro[i]!);
      }
    for (const [acct, o] of own) {
      const h = holderOf(acct);
      const f = fById.get(acct);
      if (!h || !f || exchangerPersons.has(h) || licensedEntities.has(h)) continue;
      if (ratio(fromDropperMicro.get(acct) ?? 0n, f.inMicro) < op.cashOutDropperShareMin) continue;
      const c = cashOut.get(h) ?? {
        swaps: 0,
        micro: 0,
        accts: new Map<number, number>(),
        exchangers: new Set<string>(),
        sample: [] as number[],
      };
      c.swaps += o.swaps;
      c.micro += o.micro;
      c.accts.set(acct, o.micro);
      for (const e of o.exchangers) c.exchangers.add(e);
      c.sample.push(...o.sample);
      cashOut.set(h, c);
    }
    for (const [h, c] of cashOut) {
      // A crypto dropper buys for someone else: its wallet passes the coins on to one other holder.
      const transit = (personById.get(h)?.accounts ?? []).some((a) => {
        const i = cols.accountIndex.get(a);
        const f = i === undefined ? undefined : fById.get(i);
        if (!f || !(isCryptoAccount(a) || a.startsWith('exchange:')) || f.topRecipient < 0) return false;
        const other = holderOf(f.topRecipient);
        return (
          (other === undefined || other !== h) &&
          ratio(f.outMicro, f.inMicro) >= d.transit.passThroughMin &&
          f.outConcentration >= d.transit.outConcentrationMin
        );
      });
      if (transit || c.swaps < ex.minSwaps) cashOut.delete(h);
    }
  }
  // Contacts named only by a handle stand for the person whose phone is published with that handle.
  const contactLabels = new Map<string, Map<MessageLabel, string[]>>();
  const linkedBy = new Map<string, { reasons: string[]; refs: string[] }>();
  {
    const links = rules.contacts.linkHandleByPhone
      ? linkHandlesByPhone(input.postMentions ?? new Map(), uniquePhoneOwners(resolution.persons))
      : new Map<string, HandleLink>();
    for (const [pid, labels] of input.contactLabels ?? []) {
      const p = personById.get(pid);
      const handle = p?.anonymous ? p.identifiers.find((i) => i.startsWith('tg:@')) : undefined;
      const link = handle ? links.get(handle) : undefined;
      const target = link && link.person !== pid ? link.person : pid;
      if (link && handle && target !== pid) {
        const l = linkedBy.get(target) ?? { reasons: [], refs: [] };
        l.reasons.push(
          `${handle.slice(3)} is published together with ${link.phone.slice(6)} in ${link.refs.length} post(s) of flagged chats; that phone is on the record of ${personById.get(target)?.names[0] ?? target}`,
        );
        l.refs.push(...link.refs.slice(0, 2));
        linkedBy.set(target, l);
      }
      const acc = contactLabels.get(target) ?? new Map<MessageLabel, string[]>();
      for (const [l, refs] of labels) acc.set(l, [...(acc.get(l) ?? []), ...refs]);
      contactLabels.set(target, acc);
    }
  }
  const chatHas = (chat: string, label: MessageLabel) => input.chatLabels?.get(chat)?.has(label) ?? false;
  const candidatesOp = new Set([
    ...personAdmin.keys(),
    ...personSweeps.keys(),
    ...cashOut.keys(),
    ...personLabels.keys(),
    ...contactLabels.keys(),
  ]);
  // Running a shop is administering its sale, payment or drop-report chats; a chat that only teaches
  // production or only recruits makes its admin a chemist or a recruiter instead (below).
  const shopChat = (chat: string) =>
    !input.chatLabels?.has(chat) ||
    chatHas(chat, 'sale') ||
    chatHas(chat, 'payment') ||
    chatHas(chat, 'drop_report');
  for (const pid of candidatesOp) {
    const admin = (personAdmin.get(pid) ?? []).filter(shopChat);
    const sales = personLabels.get(pid)?.get('sale') ?? [];
    const sweep = personSweeps.get(pid);
    const saleContact = contactLabels.get(pid)?.get('sale') ?? [];
    const cash = cashOut.get(pid);
    // A dropper fed by other droppers is a collector, not an operator, unless it also runs the channels
    // or cashes the money out for itself.
    const isDropper = persons.get(pid)?.some((r) => r.role === 'dropper') ?? false;
    if (
      isDropper &&
      !cash &&
      admin.length === 0 &&
      sales.length < op.minSaleMessages &&
      saleContact.length < op.minContactMentions
    )
      continue;
    const reasons: string[] = [];
    const evidence: string[] = [];
    let score = 0;
    if (admin.length > 0) {
      score += 0.6;
      reasons.push(`administers flagged chat(s) ${[...new Set(admin)].join(', ')}`);
      evidence.push(...adminEvidence(pid, admin));
    }
    if (sales.length >= op.minSaleMessages) {
      score += 0.2;
      reasons.push(`authored ${sales.length} sale-labelled message(s)`);
      evidence.push(...sales.slice(0, 3));
    }
    // Shop posts that tell buyers whom to write to name the person who takes the orders.
    if (saleContact.length >= op.minContactMentions) {
      score += 0.5;
      reasons.push(
        `named as the contact in ${saleContact.length} sale-labelled post(s) (≥ ${op.minContactMentions})`,
        ...(linkedBy.get(pid)?.reasons ?? []),
      );
      evidence.push(...saleContact.slice(0, 3), ...(linkedBy.get(pid)?.refs.slice(0, 1) ?? []));
    }
    if (sweep && sweep.droppers.size >= op.minDroppersSweeping) {
      score += sweep.droppers.size >= 2 * op.minDroppersSweeping ? 0.55 : 0.4;
      reasons.push(`received ${usd(sweep.micro)} consolidated from ${sweep.droppers.size} dropper accounts`);
      evidence.push(...sweep.sample.slice(0, 4).map((r) => cols.ids[r]!));
    }
    if (cash) {
      score += op.cashOutScore;
      const names = [...cash.exchangers].map((e) => personById.get(e)?.names[0] ?? e);
      reasons.push(
        `bought crypto in ${cash.swaps} trades (${usd(BigInt(Math.round(cash.micro)))}) from unlicensed exchanger(s) ${names.join(', ')}, paying from ${[...cash.accts.keys()].map((a) => cols.accounts[a]).join(', ')}, fed by dropper accounts (≥ ${pct(op.cashOutDropperShareMin)} of the inflow)`,
      );
      evidence.push(...cash.sample.slice(0, 4).map((r) => cols.ids[r]!));
    }
    score = round2(Math.min(0.99, score));
    if (score < op.scoreThreshold) continue;
    operatorPersons.add(pid);
    const flag: RoleFlag = { role: 'operator', score, reasons, evidence };
    addP(pid, flag);
    // The cards the operator pays the exchangers from are the treasury, not dropper cards: their money
    // stays with the holder, converted.
    if (cash) {
      for (const [acct, micro] of cash.accts) {
        const f = fById.get(acct);
        if (!f || !droppers.has(acct) || micro < 0.5 * Number(f.outMicro)) continue;
        const id = cols.accounts[acct]!;
        undropper(id);
        addA(id, { ...flag });
      }
      const stillDropper = (personById.get(pid)?.accounts ?? []).some((a) =>
        droppers.has(cols.accountIndex.get(a) ?? -1),
      );
      if (!stillDropper)
        persons.set(
          pid,
          (persons.get(pid) ?? []).filter((r) => r.role !== 'dropper'),
        );
    }
    // The accounts that took in the consolidated money carry the role too.
    for (const a of personById.get(pid)?.accounts ?? []) {
      const i = cols.accountIndex.get(a);
      if (i !== undefined && fromDroppers.has(i) && !accounts.get(a)?.some((r) => r.role === 'dropper'))
        addA(a, { ...flag });
    }
  }
  const operatorAccounts = new Set<number>();
  for (const pid of operatorPersons) {
    for (const a of personById.get(pid)?.accounts ?? []) {
      const i = cols.accountIndex.get(a);
      if (i !== undefined) operatorAccounts.add(i);
    }
  }

  // --- Recruiters and chemists: messages, chats, seizures, and the network's pay as corroboration ---
  const netPayers = new Set<number>([...operatorAccounts]);
  const pay = payFrom(cols, netPayers, holderIdx);
  /** Payments from operator accounts into a person's accounts: count, months, total. */
  const paidByNetwork = (pid: string) => {
    let count = 0;
    let micro = 0;
    const months = new Set<number>();
    const rows: number[] = [];
    for (const a of personById.get(pid)?.accounts ?? []) {
      for (const rec of pay.get(cols.accountIndex.get(a) ?? -1)?.values() ?? []) {
        count += rec.rows.length;
        for (const m of rec.micro) micro += m;
        for (const m of rec.months) months.add(m);
        rows.push(...rec.rows.slice(0, 2));
      }
    }
    return { count, micro, months, rows };
  };
  const payReason = (p: ReturnType<typeof paidByNetwork>) =>
    `paid ${p.count} time(s) over ${p.months.size} month(s), ${usd(BigInt(Math.round(p.micro)))} in all, from operator accounts`;
  const rc = rules.recruiter;
  const adminOf = (pid: string, label: MessageLabel) =>
    [...new Set(personAdmin.get(pid) ?? [])].filter((c) => chatHas(c, label));
  for (const pid of new Set([...personLabels.keys(), ...contactLabels.keys(), ...personAdmin.keys()])) {
    const rec = personLabels.get(pid)?.get('recruitment') ?? [];
    // Recruitment posts in a channel are signed by the channel; the recruiter is the contact they name.
    const recContact = contactLabels.get(pid)?.get('recruitment') ?? [];
    const recAdmin = adminOf(pid, 'recruitment');
    const reasons: string[] = [];
    let score = 0;
    if (rec.length >= rc.minRecruitmentMessages) {
      score = Math.max(score, 0.6 + 0.05 * rec.length);
      reasons.push(`authored ${rec.length} recruitment-labelled message(s)`);
    }
    if (recContact.length >= rc.minContactMentions) {
      score = Math.max(score, 0.6 + 0.05 * recContact.length);
      reasons.push(
        `named as the contact in ${recContact.length} recruitment-labelled post(s) (≥ ${rc.minContactMentions})`,
        ...(linkedBy.get(pid)?.reasons ?? []),
      );
    }
    if (recAdmin.length > 0) {
      score = Math.max(score, 0.65);
      reasons.push(`administers recruitment chat(s) ${recAdmin.join(', ')}`);
    }
    if (reasons.length === 0) continue;
    const paid = paidByNetwork(pid);
    const evidence = [
      ...rec.slice(0, 5),
      ...recContact.slice(0, 5),
      ...(linkedBy.get(pid)?.refs ?? []),
      ...adminEvidence(pid, recAdmin),
    ];
    // Pay from the shop side corroborates; it is never enough on its own (it is what every member gets).
    if (paid.count >= rc.minPayments) {
      score += 0.1;
      reasons.push(payReason(paid));
      evidence.push(...paid.rows.slice(0, 3).map((r) => cols.ids[r]!));
    }
    addP(pid, { role: 'recruiter', score: round2(Math.min(0.95, score)), reasons, evidence });
  }

  const ch = rules.chemist;
  const personOfRecord = (id: string) =>
    personById.has(id) ? id : (resolution.holderOf.get(id) ?? resolution.holderOf.get(`person:${id}`));
  const labs = seizuresByPerson(input.seizures ?? [], ch.labWords, personOfRecord);
  const chemists = new Set<string>();
  for (const pid of new Set([...personLabels.keys(), ...personAdmin.keys(), ...labs.keys()])) {
    const tr = personLabels.get(pid)?.get('training') ?? [];
    const trAdmin = adminOf(pid, 'training');
    const lab = labs.get(pid) ?? [];
    const reasons: string[] = [];
    const evidence: string[] = [];
    let score = 0;
    if (lab.length > 0) {
      score = Math.max(score, ch.labSeizureScore);
      reasons.push(...lab.map((l) => `tied to ${l.why}`));
      evidence.push(...lab.map((l) => `seizure:${l.seizureId}`));
    }
    if (tr.length >= ch.minTrainingMessages) {
      score = Math.max(score, 0.55 + 0.05 * tr.length);
      reasons.push(`authored ${tr.length} production-training message(s)`);
      evidence.push(...tr.slice(0, 5));
    }
    if (trAdmin.length > 0) {
      score = Math.max(score, 0.6);
      reasons.push(`administers production-training chat(s) ${trAdmin.join(', ')}`);
      evidence.push(...adminEvidence(pid, trAdmin));
    }
    if (reasons.length === 0) continue;
    const paid = paidByNetwork(pid);
    if (paid.months.size >= ch.minPayMonths) {
      score += 0.1;
      reasons.push(payReason(paid));
      evidence.push(...paid.rows.slice(0, 3).map((r) => cols.ids[r]!));
    }
    chemists.add(pid);
    addP(pid, { role: 'chemist', score: round2(Math.min(0.95, score)), reasons, evidence });
  }
  // Paid like a known chemist: the same payer, in the same months, about the same sums, and living on
  // it. A lead for the analyst (low score), never a finding on its own.
  if (ch.peerPay) {
    const inflowFromNetwork = (acct: number) => {
      let m = 0;
      for (const rec of pay.get(acct)?.values() ?? []) for (const x of rec.micro) m += x;
      return m;
    };
    for (const known of [...chemists]) {
      for (const a of personById.get(known)?.accounts ?? []) {
        for (const [payer, rec] of pay.get(cols.accountIndex.get(a) ?? -1) ?? []) {
          const ref = median(rec.micro);
          for (const [acct, byPayer] of pay) {
            const other = byPayer.get(payer);
            const h = holderOf(acct);
            if (!other || !h || h === known || chemists.has(h) || licensedEntities.has(h)) continue;
            if ((persons.get(h) ?? []).some((r) => r.role !== 'buyer')) continue;
            const common = [...other.months].filter((m) => rec.months.has(m)).length;
            const m = median(other.micro);
            if (common < ch.minPayMonths || m * ch.peerPayFactor < ref || m > ref * ch.peerPayFactor)
              continue;
            const f = fById.get(acct);
            if (!f || ratio(BigInt(Math.round(inflowFromNetwork(acct))), f.inMicro) < ch.peerMinNetworkShare)
              continue;
            chemists.add(h);
            addP(h, {
              role: 'chemist',
              score: ch.peerScore,
              reasons: [
                `paid by ${cols.accounts[payer]} in ${common} of the same months as ${personById.get(known)?.names[0] ?? known} (a chemist: ${persons.get(known)?.find((r) => r.role === 'chemist')?.reasons[0] ?? ''}), median ${usd(BigInt(Math.round(m)))} against ${usd(BigInt(Math.round(ref)))}`,
                `${pct(ratio(BigInt(Math.round(inflowFromNetwork(acct))), f.inMicro))} of ${cols.accounts[acct]}'s inflow comes from operator accounts`,
                'inferred from the pay pattern only: confirm before relying on it',
              ],
              evidence: other.rows.slice(0, 4).map((r) => cols.ids[r]!),
            });
          }
        }
      }
    }
  }

  // --- Couriers: regular small payments from the shop side and/or drop reports ---
  const co = rules.courier;
  const shopSide = new Set([...droppers, ...operatorAccounts]);
  const fromShop = new Map<number, Flow>();
  const fromOperators = new Map<number, Flow>();
  for (let i = 0; i < cols.length; i++) {
    const f = cols.from[i]!;
    const t = cols.to[i]!;
    if (f < 0 || t < 0 || !shopSide.has(f) || shopSide.has(t)) continue;
    note(fromShop, t, f, i);
    if (operatorAccounts.has(f)) note(fromOperators, t, f, i);
  }
  const courierPerson = new Map<
    string,
    { reasons: string[]; evidence: string[]; score: number; accounts: string[] }
  >();
  for (const [acct, fl] of fromShop) {
    const h = holderOf(acct);
    if (!h || exchangerPersons.has(h) || operatorPersons.has(h)) continue;
    // A recruiter's or a chemist's pay is explained by that role: pay alone makes no courier of them.
    if (persons.get(h)?.some((r) => r.role === 'recruiter' || r.role === 'chemist')) continue;
    if (fl.count < co.minPaymentsFromShop || fl.maxMicro > microOf(co.maxPaymentUsd)) continue;
    if (fl.weeks.size < co.minDistinctWeeks) continue;
    const c = courierPerson.get(h) ?? { reasons: [], evidence: [], score: 0.5, accounts: [] };
    c.accounts.push(cols.accounts[acct]!);
    c.reasons.push(
      `${fl.count} payments (max ${usd(fl.maxMicro)}) from shop accounts into ${cols.accounts[acct]} over ${fl.weeks.size} weeks`,
    );
    c.evidence.push(...fl.sample.map((r) => cols.ids[r]!));
    courierPerson.set(h, c);
  }
  for (const [pid, labels] of personLabels) {
    const drops = labels.get('drop_report') ?? [];
    if (drops.length < co.minDropReports) continue;
    const c = courierPerson.get(pid) ?? { reasons: [], evidence: [], score: 0.1, accounts: [] };
    c.score += 0.4;
    c.reasons.push(`authored ${drops.length} drop report(s)`);
    c.evidence.push(...drops.slice(0, 3));
    courierPerson.set(pid, c);
  }
  for (const [pid, c] of courierPerson) {
    const score = round2(Math.min(0.95, c.score));
    if (score >= co.scoreThreshold && !operatorPersons.has(pid)) {
      const flag: RoleFlag = { role: 'courier', score, reasons: c.reasons, evidence: c.evidence };
      addP(pid, flag);
      for (const a of c.accounts) addA(a, { ...flag });
    }
  }

  // --- Suppliers: paid by the lab side, tied to precursors, or paid by operators and named in the
  // production chats. Money alone does not make a supplier: operators pay many people.
  const su = rules.supplier;
  {
    const chemistAccounts = new Set<number>();
    for (const pid of chemists)
      for (const a of personById.get(pid)?.accounts ?? []) {
        const i = cols.accountIndex.get(a);
        if (i !== undefined) chemistAccounts.add(i);
      }
    const fromLab = payFrom(cols, chemistAccounts, holderIdx);
    const precursors = seizuresByPerson(input.seizures ?? [], su.precursorWords, personOfRecord);
    const inTraining = new Map<string, string[]>();
    for (const [ref, ids] of input.postMentions ?? []) {
      if (!chatHas(ref.slice(0, ref.lastIndexOf('#')), 'training')) continue;
      for (const id of ids) {
        const h = resolution.holderOf.get(id);
        if (h) push(inTraining, h, `${ref} names ${id}`);
      }
    }
    const cands = new Set<string>([...precursors.keys(), ...inTraining.keys()]);
    for (const acct of fromLab.keys()) {
      const h = holderOf(acct);
      if (h) cands.add(h);
    }
    for (const [acct] of fromOperators) {
      const h = holderOf(acct);
      if (h && personLabels.get(h)?.get('training')?.length) cands.add(h);
    }
    for (const h of cands) {
      if (licensedEntities.has(h) || chemists.has(h) || operatorPersons.has(h)) continue;
      const reasons: string[] = [];
      const evidence: string[] = [];
      let score = 0;
      let labCount = 0;
      let labMicro = 0;
      let opCount = 0;
      let opMicro = 0n;
      for (const a of personById.get(h)?.accounts ?? []) {
        const i = cols.accountIndex.get(a) ?? -1;
        for (const rec of fromLab.get(i)?.values() ?? []) {
          labCount += rec.rows.length;
          for (const m of rec.micro) labMicro += m;
          evidence.push(...rec.rows.slice(0, 2).map((r) => cols.ids[r]!));
        }
        const fl = fromOperators.get(i);
        if (fl) {
          opCount += fl.count;
          opMicro += fl.micro;
          evidence.push(...fl.sample.slice(0, 2).map((r) => cols.ids[r]!));
        }
      }
      const prec = precursors.get(h) ?? [];
      if (prec.length > 0) {
        score = Math.max(score, 0.7);
        reasons.push(...prec.map((p) => `tied to ${p.why}`));
        evidence.push(...prec.map((p) => `seizure:${p.seizureId}`));
      }
      if (labCount >= su.minPaymentsFromOperators && labMicro >= su.minAmountUsd * 1e6) {
        score = Math.max(score, 0.6);
        reasons.push(
          `${labCount} payments totalling ${usd(BigInt(Math.round(labMicro)))} from chemists' accounts`,
        );
      }
      const named = inTraining.get(h) ?? [];
      const training = personLabels.get(h)?.get('training') ?? [];
      const paidByOps = opCount >= su.minPaymentsFromOperators && opMicro >= microOf(su.minAmountUsd);
      if (paidByOps && (named.length > 0 || training.length > 0)) {
        score = Math.max(score, 0.6);
        reasons.push(
          `${opCount} payments totalling ${usd(opMicro)} from operator accounts`,
          named.length > 0
            ? `account published in production-training post(s): ${named.slice(0, 2).join('; ')}`
            : `authored ${training.length} production-training message(s)`,
        );
      }
      if (score === 0) continue;
      addP(h, { role: 'supplier', score, reasons, evidence: evidence.slice(0, 8) });
    }
  }

  // --- Buyers: a few small payments into dropper accounts, nothing else ---
  const bu = rules.buyer;
  for (const [acct, fl] of toDroppers) {
    if (fl.count > bu.maxPaymentsToDroppers || fl.maxMicro > microOf(bu.maxPaymentUsd)) continue;
    const id = cols.accounts[acct]!;
    if (accounts.has(id)) continue;
    const flag: RoleFlag = {
      role: 'buyer',
      score: 0.6,
      reasons: [`${fl.count} small payment(s) (max ${usd(fl.maxMicro)}) into dropper account(s)`],
      evidence: fl.sample.map((r) => cols.ids[r]!),
    };
    addA(id, flag);
    const h = holderOf(acct);
    if (h && !persons.has(h)) addP(h, flag);
  }

  for (const list of accounts.values()) list.sort((a, b) => b.score - a.score);
  for (const list of persons.values()) list.sort((a, b) => b.score - a.score);
  return { accounts, persons, licensedEntities };
}

const LEGAL_FORMS = new Set([
  'ltd',
  'llp',
  'llc',
  'inc',
  'too',
  'ao',
  'tao',
  'aifc',
  'jsc',
  'plc',
  'limited',
  'gmbh',
  'ooo',
  'mchj',
]);

/** Folded words of an organisation name without legal-form words and punctuation. */
function orgTokens(name: string): string[] {
  return name
    .split(/[\s,.()«»"'“”-]+/u)
    .map(foldToken)
    .filter((t) => t.length >= 2 && !LEGAL_FORMS.has(t));
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

function mergeFlag(m: Map<string, RoleFlag[]>, pid: string, f: RoleFlag, why: string): void {
  const list = m.get(pid) ?? [];
  const existing = list.find((r) => r.role === f.role);
  if (existing) {
    existing.score = Math.max(existing.score, f.score);
    existing.reasons.push(why);
  } else list.push({ role: f.role, score: f.score, reasons: [why, ...f.reasons], evidence: [...f.evidence] });
  m.set(pid, list);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
