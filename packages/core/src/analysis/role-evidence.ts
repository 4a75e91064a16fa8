/**
 * Evidence for the roles that money patterns alone do not reveal (recruiter, chemist, supplier, exchanger
 * behind a front): contact details published together, seizures tied to a person, fiat-for-crypto swaps,
 * regular pay from the network. Each finder returns the records it rests on, so every role it supports
 * can cite them.
 */
import { normalizeIdentifier } from '../identifiers/index.ts';
import type { MessageLabel, SeizureRow } from '../model/tables.ts';
import type { TransferColumns } from './transfer-columns.ts';
import { regexLiteral } from '../text/regex-literal.ts';

/** Most identifiers kept per flagged post: a post naming more people than this names no one in particular. */
const MAX_POST_MENTIONS = 8;

/**
 * Records that post `ref` mentions `identifier` (called once per mention row, in any order). Kept: handles
 * and phones of flagged posts or of any post in a flagged chat (a contact block is a contact block even
 * where the lexicon missed the ad), and every identifier of flagged posts in production-training chats.
 * Nothing else, so that drop reports and chatter cost no memory.
 */
export function notePostMention(
  postMentions: Map<string, string[]>,
  ref: string,
  identifier: string,
  where: { flagged: boolean; chat: ReadonlyMap<MessageLabel, unknown> | undefined },
): void {
  const contact = identifier.startsWith('tg:') || identifier.startsWith('phone:');
  const keep = contact
    ? where.flagged || (where.chat !== undefined && where.chat.size > 0)
    : where.flagged && (where.chat?.has('training') ?? false);
  if (!keep) return;
  const list = postMentions.get(ref);
  if (!list) postMentions.set(ref, [identifier]);
  else if (list.length <= MAX_POST_MENTIONS && !list.includes(identifier)) list.push(identifier);
}

export interface HandleLink {
  /** The resolved person whose KYC record carries the phone. */
  person: string;
  phone: string;
  /** Posts that publish the handle and the phone together. */
  refs: string[];
}

/**
 * Telegram handles tied to a person through a phone published with them: a post that names exactly one
 * person handle and exactly one phone gives both as one contact ("write @x or call +7…"). A handle is
 * linked only when every such post pairs it with the same phone and that phone belongs to exactly one
 * resolved person; a post naming two handles or two phones links nothing.
 */
export function linkHandlesByPhone(
  postMentions: ReadonlyMap<string, readonly string[]>,
  phoneOwner: ReadonlyMap<string, string>,
): Map<string, HandleLink> {
  const seen = new Map<string, { phones: Set<string>; refs: string[] }>();
  for (const [ref, ids] of postMentions) {
    if (ids.length > MAX_POST_MENTIONS) continue;
    const handles = ids.filter(isPersonHandleId);
    const phones = ids.filter((i) => i.startsWith('phone:'));
    if (handles.length !== 1 || phones.length !== 1) continue;
    const h = handles[0]!;
    const s = seen.get(h) ?? { phones: new Set<string>(), refs: [] };
    s.phones.add(phones[0]!);
    if (s.refs.length < 20) s.refs.push(ref);
    seen.set(h, s);
  }
  const links = new Map<string, HandleLink>();
  for (const [handle, s] of seen) {
    if (s.phones.size !== 1) continue;
    const phone = [...s.phones][0]!;
    const person = phoneOwner.get(phone);
    if (person) links.set(handle, { person, phone, refs: s.refs });
  }
  return links;
}

/** A `tg:@` handle that can be a person's: not a bot (Telegram bot usernames end in "bot"). */
function isPersonHandleId(id: string): boolean {
  return id.startsWith('tg:@') && !id.endsWith('bot');
}

/** Phone → the one resolved person holding it; phones shared by several persons name nobody. */
export function uniquePhoneOwners(
  persons: Iterable<{ id: string; phones: readonly string[] }>,
): Map<string, string> {
  const owner = new Map<string, string>();
  const shared = new Set<string>();
  for (const p of persons)
    for (const raw of p.phones) {
      // KYC records hold phones as written; mentions hold the normal form.
      const n = raw.startsWith('phone:') ? null : normalizeIdentifier(raw, 'phone');
      const ph = n?.ok ? n.id : raw;
      const o = owner.get(ph);
      if (o !== undefined && o !== p.id) shared.add(ph);
      else owner.set(ph, p.id);
    }
  for (const ph of shared) owner.delete(ph);
  return owner;
}

export interface SeizureHit {
  seizureId: string;
  /** The matched words and where the record is. */
  why: string;
  locator: string;
  evidenceId: string;
}

/**
 * Seizures tied to a person (`personId` resolved by `personOf`) whose description or substance holds one
 * of `words` (lab, precursor), matched case-insensitively as word openings.
 */
export function seizuresByPerson(
  seizures: readonly SeizureRow[],
  words: readonly string[],
  personOf: (personId: string) => string | undefined,
): Map<string, SeizureHit[]> {
  const out = new Map<string, SeizureHit[]>();
  const res = words.map((w) => new RegExp(`(?<![\\p{L}\\p{N}])${regexLiteral(w.toLowerCase())}`, 'u'));
  const seen = new Set<string>();
  for (const s of seizures) {
    if (!s.personId) continue;
    const pid = personOf(s.personId);
    if (!pid) continue;
    const text = `${s.description ?? ''} ${s.substance ?? ''}`.toLowerCase();
    const hit = words.filter((_, i) => res[i]!.test(text));
    if (hit.length === 0) continue;
    const key = `${pid}|${s.seizureId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = out.get(pid) ?? [];
    list.push({
      seizureId: s.seizureId,
      why: `seizure ${s.seizureId}${s.date ? ` of ${s.date}` : ''}${s.place ? ` at ${s.place}` : ''} (“${hit.join('”, “')}” in its record)`,
      locator: s.locator,
      evidenceId: s.evidenceId,
    });
    out.set(pid, list);
  }
  return out;
}

export interface SwapPair {
  /** Account that took the fiat side and account that delivered the crypto side (interned indices). */
  fiatAccount: number;
  cryptoAccount: number;
  swaps: number;
  /** Person indices (as in `holderIdx`) of the customers. */
  customers: Set<number>;
  /** The customers' own fiat accounts in these trades → trades and fiat micro-USD through each. */
  customerFiat: Map<number, { swaps: number; micro: number }>;
  fiatMicro: number;
  cryptoMicro: number;
  /** What the customer got back as a share of what it gave, per swap (below 1 by the exchanger's margin). */
  ratios: number[];
  /** Row indices: fiat leg and crypto leg of the first swaps. */
  sample: number[];
}

export interface FindSwapsOptions {
  /** The crypto leg may arrive this long after the fiat leg (OTC settles within hours). */
  windowHours: number;
  /** … or this long before it (a trusted customer gets the crypto first). */
  leadHours: number;
  /** Crypto value ÷ fiat value allowed for one swap: the exchanger keeps a margin, rates move a little. */
  minRatio: number;
  maxRatio: number;
}

/**
 * Fiat-for-crypto swaps: a person pays fiat from an own account to another holder's account and, within
 * the window, receives crypto of about that value (less a margin) from another holder's wallet or exchange
 * account — or the reverse (crypto out, fiat back). The pair (fiat taker, crypto giver) is the exchanger
 * side; the person is its customer. Only customers who hold both accounts can be read this way: their own
 * fiat and crypto accounts are what ties the two legs together. Each crypto leg matches one fiat leg, the
 * earliest fitting one.
 */
export function findSwaps(
  cols: TransferColumns,
  holderIdx: Int32Array,
  isFiat: Uint8Array,
  isCrypto: Uint8Array,
  options: FindSwapsOptions,
): SwapPair[] {
  const n = cols.length;
  // Customers: persons holding both a fiat and a crypto account (a mask per person: this pass sees every row).
  let maxPerson = -1;
  for (let a = 0; a < holderIdx.length; a++) if (holderIdx[a]! > maxPerson) maxPerson = holderIdx[a]!;
  const kinds = new Uint8Array(maxPerson + 1);
  for (let a = 0; a < holderIdx.length; a++) {
    const h = holderIdx[a]!;
    if (h >= 0) kinds[h]! |= (isFiat[a] ? 1 : 0) | (isCrypto[a] ? 2 : 0);
  }
  if (!kinds.includes(3)) return [];
  // Legs per customer, in time order (rows are sorted by time): 0 fiat out, 1 crypto in, 2 crypto out, 3 fiat in.
  const legs = new Map<number, number[][]>();
  const leg = (h: number, kind: number, row: number) => {
    let l = legs.get(h);
    if (!l) legs.set(h, (l = [[], [], [], []]));
    l[kind]!.push(row);
  };
  for (let i = 0; i < n; i++) {
    const f = cols.from[i]!;
    const t = cols.to[i]!;
    if (f < 0 || t < 0) continue;
    const hf = holderIdx[f]!;
    const ht = holderIdx[t]!;
    if (hf >= 0 && hf === ht) continue;
    if (hf >= 0 && kinds[hf] === 3) {
      if (isFiat[f]) leg(hf, 0, i);
      else if (isCrypto[f]) leg(hf, 2, i);
    }
    if (ht >= 0 && kinds[ht] === 3) {
      if (isCrypto[t]) leg(ht, 1, i);
      else if (isFiat[t]) leg(ht, 3, i);
    }
  }
  const pairs = new Map<string, SwapPair>();
  // A row is one leg of one trade: an exchanger paying for its own restock must not reappear as the
  // customer of the trade it just served.
  const usedRow = new Uint8Array(n);
  const after = options.windowHours * 3_600_000;
  const before = options.leadHours * 3_600_000;
  const value = (row: number) => Number(cols.micro[row]!);
  const match = (customer: number, first: number[], second: number[], buy: boolean) => {
    if (first.length === 0 || second.length === 0) return;
    const used = new Uint8Array(second.length);
    let j0 = 0;
    for (const r of first) {
      if (usedRow[r]) continue;
      const t = cols.ts[r]!;
      const v = value(r);
      if (v <= 0) continue;
      while (j0 < second.length && cols.ts[second[j0]!]! < t - before) j0++;
      for (let j = j0; j < second.length; j++) {
        const s = second[j]!;
        if (cols.ts[s]! > t + after) break;
        if (used[j] || usedRow[s]) continue;
        // buy: crypto received ÷ fiat paid; sell: fiat received ÷ crypto paid.
        const ratio = value(s) / v;
        if (ratio < options.minRatio || ratio > options.maxRatio) continue;
        used[j] = 1;
        usedRow[r] = 1;
        usedRow[s] = 1;
        const fiatRow = buy ? r : s;
        const cryptoRow = buy ? s : r;
        const fiatAccount = buy ? cols.to[r]! : cols.from[s]!;
        const cryptoAccount = buy ? cols.from[s]! : cols.to[r]!;
        const key = `${fiatAccount}|${cryptoAccount}`;
        let p = pairs.get(key);
        if (!p)
          pairs.set(
            key,
            (p = {
              fiatAccount,
              cryptoAccount,
              swaps: 0,
              customers: new Set(),
              customerFiat: new Map(),
              fiatMicro: 0,
              cryptoMicro: 0,
              ratios: [],
              sample: [],
            }),
          );
        p.swaps++;
        p.customers.add(customer);
        const own = buy ? cols.from[r]! : cols.to[s]!;
        const cf = p.customerFiat.get(own);
        if (cf) {
          cf.swaps++;
          cf.micro += value(fiatRow);
        } else p.customerFiat.set(own, { swaps: 1, micro: value(fiatRow) });
        p.fiatMicro += value(fiatRow);
        p.cryptoMicro += value(cryptoRow);
        p.ratios.push(ratio);
        if (p.sample.length < 6) p.sample.push(fiatRow, cryptoRow);
        break;
      }
    }
  };
  // Customers buying crypto first (the common direction), then those selling it.
  for (const [h, l] of legs) match(h, l[0]!, l[1]!, true);
  for (const [h, l] of legs) match(h, l[2]!, l[3]!, false);
  // One fitting pair of legs can be chance; the same two accounts trading again cannot.
  return [...pairs.values()].filter((p) => p.swaps >= 2);
}

export interface PayRecord {
  rows: number[];
  /** Month numbers (UTC, months since 1970) with a payment. */
  months: Set<number>;
  micro: number[];
}

/**
 * Payments from `payers` into every other account, per recipient and payer: who the network pays, how
 * often and how much (staff pay: chemists, recruiters, couriers).
 */
export function payFrom(
  cols: TransferColumns,
  payers: ReadonlySet<number>,
  holderIdx: Int32Array,
): Map<number, Map<number, PayRecord>> {
  const out = new Map<number, Map<number, PayRecord>>();
  if (payers.size === 0) return out;
  const isPayer = new Uint8Array(cols.accounts.length);
  for (const a of payers) if (a >= 0 && a < isPayer.length) isPayer[a] = 1;
  for (let i = 0; i < cols.length; i++) {
    const f = cols.from[i]!;
    if (f < 0 || !isPayer[f]) continue;
    const t = cols.to[i]!;
    if (t < 0 || isPayer[t]) continue;
    if (holderIdx[f]! >= 0 && holderIdx[f] === holderIdx[t]) continue;
    let byPayer = out.get(t);
    if (!byPayer) out.set(t, (byPayer = new Map()));
    let rec = byPayer.get(f);
    if (!rec) byPayer.set(f, (rec = { rows: [], months: new Set(), micro: [] }));
    rec.rows.push(i);
    const d = new Date(cols.ts[i]!);
    rec.months.add(d.getUTCFullYear() * 12 + d.getUTCMonth());
    rec.micro.push(Number(cols.micro[i]!));
  }
  return out;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
