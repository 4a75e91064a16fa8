import type { HolderRow, PersonRow, SameAsRow, TgUserRow } from '../model/tables.ts';
import type { Rules } from '../rules/rules.ts';
import { jaroWinkler, nameKey, nameTokens } from './name-key.ts';

/** An analyst's persisted decision about two identifiers/keys (person ids are resolved to keys first). */
export interface ResolutionDecision {
  a: string;
  b: string;
  decision: 'merge' | 'keep_apart';
  by?: string;
  at?: string;
  note?: string;
}

export interface SourceRef {
  evidenceId: string;
  locator: string;
}

export interface ResolvedPerson {
  id: string;
  names: string[];
  /** Strong keys (`iin:`, `passport:`, `tg:user:`, `person:`, accounts held) plus phones. */
  identifiers: string[];
  accounts: string[];
  nationality: string[];
  birthdates: string[];
  phones: string[];
  tgUsers: string[];
  addresses: string[];
  status: string | null;
  /** True when the person was inferred from an account with no KYC and no name. */
  anonymous: boolean;
  sources: SourceRef[];
}

export interface MergeCandidate {
  a: string;
  b: string;
  /** Representative keys, usable in a decision (`dragnet resolve … merge <keyA> <keyB>`). */
  keyA: string;
  keyB: string;
  score: number;
  reasons: string[];
}

export interface MergeAlarm {
  kind: 'oversized' | 'large_join';
  keys: [string, string];
  sizes: [number, number];
  reason: string;
  source: SourceRef | null;
}

export interface Resolution {
  persons: ResolvedPerson[];
  /** Account identifier → person id. */
  holderOf: Map<string, string>;
  /** `tg:user:<id>` → person id. */
  personOfTgUser: Map<string, string>;
  /** The best `MAX_CANDIDATES` scored merge candidates, best first. */
  candidates: MergeCandidate[];
  alarms: MergeAlarm[];
}

export interface ResolveInput {
  persons?: Iterable<PersonRow>;
  holders?: Iterable<HolderRow>;
  tgUsers?: Iterable<TgUserRow>;
  sameAs?: Iterable<SameAsRow>;
  /** Holder names seen on transfers for accounts (weak evidence, merged only through the account). */
  transferHolders?: Iterable<[string, string]>;
  decisions?: readonly ResolutionDecision[];
}

interface Rec {
  keys: string[];
  name: string | null;
  nationality: string | null;
  birthdate: string | null;
  phone: string | null;
  address: string | null;
  account: string | null;
  tgUser: string | null;
  status: string | null;
  personId: string | null;
  source: SourceRef | null;
}

/** Normal form of a Telegram user reference as found in exports (`user123`, `123`, `tg:user:123`). */
export function tgUserKey(raw: string): string {
  if (raw.startsWith('tg:')) return raw;
  const m = /^(?:user)?(\d+)$/.exec(raw);
  return m ? `tg:user:${m[1]}` : `tg:@${raw.replace(/^@/, '').toLowerCase()}`;
}

const passportKey = (p: string) => `passport:${p.replace(/[\s-]/g, '').toUpperCase()}`;
const iinKey = (i: string) => (i.startsWith('iin:') ? i : `iin:${i.replace(/\D/g, '')}`);

/**
 * Entity resolution: records (persons.csv rows, KYC holder rows, Telegram users, transfer holder names)
 * join only through strong keys — IIN, passport, Telegram user id, a held account, `same_as` links and
 * analyst merges. Names (transliteration-folded), birth dates and phones yield scored candidates only.
 * A union that would make a cluster larger than `maxClusterIdentifiers` keys, or join two clusters of
 * `largeClusterIdentifiers` keys or more, is refused and raised as an alarm.
 */
export function resolveEntities(input: ResolveInput, rules: Rules): Resolution {
  const recs: Rec[] = [];
  const blank = (): Rec => ({
    keys: [],
    name: null,
    nationality: null,
    birthdate: null,
    phone: null,
    address: null,
    account: null,
    tgUser: null,
    status: null,
    personId: null,
    source: null,
  });
  for (const p of input.persons ?? []) {
    const r = blank();
    r.keys.push(`person:${p.personId}`);
    if (p.iin) r.keys.push(iinKey(p.iin));
    if (p.passport) r.keys.push(passportKey(p.passport));
    Object.assign(r, {
      name: p.name,
      nationality: p.nationality,
      birthdate: p.birthdate,
      status: p.status,
      personId: p.personId,
      source: { evidenceId: p.evidenceId, locator: p.locator },
    });
    recs.push(r);
  }
  for (const h of input.holders ?? []) {
    const r = blank();
    r.keys.push(h.account);
    if (h.iin) r.keys.push(iinKey(h.iin));
    if (h.passport) r.keys.push(passportKey(h.passport));
    Object.assign(r, {
      name: h.holderName,
      nationality: h.nationality,
      birthdate: h.birthdate,
      phone: h.phone,
      address: h.address,
      account: h.account,
      source: { evidenceId: h.evidenceId, locator: h.locator },
    });
    recs.push(r);
  }
  for (const u of input.tgUsers ?? []) {
    const r = blank();
    const key = tgUserKey(u.userId);
    r.keys.push(key);
    if (u.username) r.keys.push(`tg:@${u.username.replace(/^@/, '').toLowerCase()}`);
    Object.assign(r, {
      name: u.displayName,
      phone: u.phone,
      tgUser: key,
      source: { evidenceId: u.evidenceId, locator: u.locator },
    });
    recs.push(r);
  }
  for (const [account, name] of input.transferHolders ?? []) {
    const r = blank();
    r.keys.push(account);
    r.name = name;
    r.account = account;
    recs.push(r);
  }

  // Union-find over keys.
  const parent = new Map<string, string>();
  const size = new Map<string, number>();
  const find = (k: string): string => {
    let p = parent.get(k);
    if (p === undefined) {
      parent.set(k, k);
      size.set(k, 1);
      return k;
    }
    let root = k;
    while (p !== root) {
      root = p;
      p = parent.get(root)!;
    }
    let cur = k;
    while (cur !== root) {
      const next = parent.get(cur)!;
      parent.set(cur, root);
      cur = next;
    }
    return root;
  };
  const apart = (input.decisions ?? []).filter((d) => d.decision === 'keep_apart');
  const alarms: MergeAlarm[] = [];
  const { maxClusterIdentifiers: maxKeys, largeClusterIdentifiers: large } = rules.resolution;
  const union = (a: string, b: string, forced: boolean, source: SourceRef | null): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    for (const d of apart) {
      const x = find(d.a);
      const y = find(d.b);
      if ((x === ra && y === rb) || (x === rb && y === ra)) return;
    }
    const sa = size.get(ra)!;
    const sb = size.get(rb)!;
    if (!forced) {
      if (sa + sb > maxKeys || (sa >= large && sb >= large)) {
        alarms.push({
          kind: sa + sb > maxKeys ? 'oversized' : 'large_join',
          keys: [a, b],
          sizes: [sa, sb],
          reason:
            sa + sb > maxKeys
              ? `joining ${a} and ${b} would make one person of ${sa + sb} identifiers (limit ${maxKeys}); not merged — review the shared identifier`
              : `joining two large clusters (${sa} and ${sb} identifiers) through ${a} = ${b}; not merged — review`,
          source,
        });
        return;
      }
    }
    const [big, small] = sa >= sb ? [ra, rb] : [rb, ra];
    parent.set(small, big);
    size.set(big, sa + sb);
  };

  for (const d of input.decisions ?? []) if (d.decision === 'merge') union(d.a, d.b, true, null);
  for (const r of recs) for (const k of r.keys) find(k);
  for (const r of recs)
    for (let i = 1; i < r.keys.length; i++) union(r.keys[0]!, r.keys[i]!, false, r.source);
  for (const s of input.sameAs ?? []) {
    if (s.score >= 0.9)
      union(s.a, s.b, s.source === 'analyst', { evidenceId: s.evidenceId, locator: s.locator });
  }

  // Clusters → persons.
  const byRoot = new Map<string, Rec[]>();
  for (const r of recs) {
    const root = find(r.keys[0]!);
    const list = byRoot.get(root);
    if (list) list.push(r);
    else byRoot.set(root, [r]);
  }
  const persons: ResolvedPerson[] = [];
  const holderOf = new Map<string, string>();
  const personOfTgUser = new Map<string, string>();
  const rootOfPerson = new Map<string, string>();
  const usedIds = new Set<string>();
  for (const [root, list] of byRoot) {
    const keys = new Set<string>();
    for (const r of list) for (const k of r.keys) keys.add(k);
    const uniq = (f: (r: Rec) => string | null) =>
      [...new Set(list.map(f).filter((v): v is string => !!v))].sort();
    const personIds = uniq((r) => r.personId);
    // Keys whose root is this cluster (a record can carry a key that a keep-apart kept elsewhere).
    const own = [...keys].filter((k) => find(k) === root);
    let id = personIds[0] ?? `p:${primaryKey(own)}`;
    if (usedIds.has(id)) id = `p:${primaryKey(own)}`;
    for (let n = 2; usedIds.has(id); n++) id = `p:${primaryKey(own)}~${n}`;
    usedIds.add(id);
    const accounts = uniq((r) => r.account);
    const tgUsers = uniq((r) => r.tgUser);
    const phones = uniq((r) => r.phone);
    const person: ResolvedPerson = {
      id,
      names: uniq((r) => r.name?.trim() || null),
      identifiers: [...new Set([...[...keys].filter((k) => !k.startsWith('person:')), ...phones])].sort(),
      accounts,
      nationality: uniq((r) => r.nationality?.toUpperCase() ?? null),
      birthdates: uniq((r) => r.birthdate),
      phones,
      tgUsers,
      addresses: uniq((r) => r.address),
      status: list.find((r) => r.status)?.status ?? null,
      anonymous: false,
      sources: list.map((r) => r.source).filter((s): s is SourceRef => s !== null),
    };
    persons.push(person);
    rootOfPerson.set(id, root);
    for (const a of accounts) holderOf.set(a, id);
    for (const t of tgUsers) personOfTgUser.set(t, id);
  }
  persons.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const candidates = scoreCandidates(persons, rules, apart, (p) => rootOfPerson.get(p)!, find);
  return { persons, holderOf, personOfTgUser, candidates, alarms };
}

const KEY_PRIORITY = [
  'iin:',
  'passport:',
  'tg:user:',
  'card:',
  'iban:',
  'acct:',
  'exchange:',
  'tron:',
  'btc:',
  'eth:',
];

/** The most stable key of a cluster: decides the person id and the key a candidate shows. */
export function primaryKey(keys: string[]): string {
  const sorted = [...keys].sort();
  for (const p of KEY_PRIORITY) {
    const k = sorted.find((x) => x.startsWith(p));
    if (k) return k;
  }
  return sorted[0] ?? 'unknown';
}

const BLOCK_CAP = 200;
/** Merge candidates kept (best first): what the findings list and `dragnet resolve` shows. */
export const MAX_CANDIDATES = 500;

function scoreCandidates(
  persons: ResolvedPerson[],
  rules: Rules,
  apart: readonly ResolutionDecision[],
  rootOf: (id: string) => string,
  find: (k: string) => string,
): MergeCandidate[] {
  const blocks = new Map<string, number[]>();
  const add = (k: string, i: number) => {
    const l = blocks.get(k);
    if (!l) blocks.set(k, [i]);
    else if (l.length <= BLOCK_CAP) l.push(i);
  };
  const keysOf = persons.map((p) => p.names.map(nameKey).filter((k) => k.length > 0));
  persons.forEach((p, i) => {
    for (const ph of p.phones) add(`ph|${ph}`, i);
    for (const k of keysOf[i]!) {
      add(`nk|${k}`, i);
      const toks = k.split(' ');
      for (const t of toks) if (t.length >= 4) add(`tk|${t}`, i);
    }
  });
  // Each person meets the later persons of its blocks once: a stamp array instead of a set of pairs.
  const lists: number[][] = [];
  const blocksOf: number[][] = persons.map(() => []);
  for (const list of blocks.values()) {
    if (list.length < 2 || list.length > BLOCK_CAP) continue;
    for (const i of list) blocksOf[i]!.push(lists.length);
    lists.push(list);
  }
  const mark = new Int32Array(persons.length);
  const iins = persons.map((p) => p.identifiers.filter((k) => k.startsWith('iin:')));
  const minScore = rules.resolution.candidateMinScore;
  const pairs: ScoredPair[] = [];
  const forbidden = new Set(apart.map((d) => `${find(d.a)}|${find(d.b)}`));
  for (let i = 0; i < persons.length; i++) {
    const a = persons[i]!;
    for (const bl of blocksOf[i]!)
      for (const j of lists[bl]!) {
        if (j <= i || mark[j] === i + 1) continue;
        mark[j] = i + 1;
        const b = persons[j]!;
        if (forbidden.size > 0) {
          const ra = rootOf(a.id);
          const rb = rootOf(b.id);
          if (forbidden.has(`${ra}|${rb}`) || forbidden.has(`${rb}|${ra}`)) continue;
        }
        const c = scorePair(a, b, keysOf[i]!, keysOf[j]!, iins[i]!, iins[j]!, minScore);
        if (c) pairs.push(c);
      }
  }
  pairs.sort(
    (x, y) => y.score - x.score || (x.a.id < y.a.id ? -1 : x.a.id > y.a.id ? 1 : x.b.id < y.b.id ? -1 : 1),
  );
  return pairs.slice(0, MAX_CANDIDATES).map(candidateOf);
}

/**
 * Scores a pair of persons; null below `minScore`. Runs for every pair that shares a block, so the score
 * is computed first and reasons (strings) only for pairs that become candidates.
 */
function scorePair(
  a: ResolvedPerson,
  b: ResolvedPerson,
  ka: string[],
  kb: string[],
  iinA: readonly string[],
  iinB: readonly string[],
  minScore: number,
): ScoredPair | null {
  // Two different IINs are two people, whatever the names say.
  if (iinA.length > 0 && iinB.length > 0 && !iinA.some((k) => iinB.includes(k))) return null;
  let score = 0;
  let signs = 0;
  const phone = a.phones.length > 0 ? a.phones.find((p) => b.phones.includes(p)) : undefined;
  if (phone) {
    score += 0.45;
    signs++;
  }
  let bestName = 0;
  let names: [string, string] = ['', ''];
  for (let x = 0; x < ka.length; x++) {
    for (let y = 0; y < kb.length; y++) {
      const s = nameSimilarity(ka[x]!, kb[y]!);
      if (s > bestName) {
        bestName = s;
        names = [a.names[x] ?? '', b.names[y] ?? ''];
      }
    }
  }
  if (bestName >= 0.999) score += 0.4;
  else if (bestName >= 0.9) score += 0.25;
  if (bestName >= 0.9) signs++;
  const bd = a.birthdates.length > 0 ? a.birthdates.find((d) => b.birthdates.includes(d)) : undefined;
  const bothDated = a.birthdates.length > 0 && b.birthdates.length > 0;
  if (bd) score += 0.3;
  else if (bothDated) score -= 0.3;
  if (bd || bothDated) signs++;
  const rounded = Math.min(1, Math.round(score * 100) / 100);
  if (signs === 0 || score <= 0 || rounded < minScore) return null;
  return { a, b, score: rounded, phone, bestName, names, bd, bothDated };
}

interface ScoredPair {
  a: ResolvedPerson;
  b: ResolvedPerson;
  score: number;
  phone: string | undefined;
  bestName: number;
  names: [string, string];
  bd: string | undefined;
  bothDated: boolean;
}

/** A scored pair with its reasons and keys, built only for the candidates that are kept. */
function candidateOf(p: ScoredPair): MergeCandidate {
  const { a, b, phone, bestName, names, bd, bothDated } = p;
  const reasons: string[] = [];
  if (phone) reasons.push(`same phone ${phone}`);
  if (bestName >= 0.999) reasons.push(`same name after transliteration: "${names[0]}" ~ "${names[1]}"`);
  else if (bestName >= 0.9)
    reasons.push(`similar names (${bestName.toFixed(2)}): "${names[0]}" ~ "${names[1]}"`);
  if (bd) reasons.push(`same birth date ${bd}`);
  else if (bothDated) reasons.push(`different birth dates ${a.birthdates[0]} / ${b.birthdates[0]}`);
  return {
    a: a.id,
    b: b.id,
    keyA: primaryKey(a.identifiers.length > 0 ? a.identifiers : [a.id]),
    keyB: primaryKey(b.identifiers.length > 0 ? b.identifiers : [b.id]),
    score: p.score,
    reasons,
  };
}

/** Token-level similarity: every token of the shorter name must match a token of the other. */
function nameSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const ta = a.split(' ');
  const tb = b.split(' ');
  const [short, long] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
  if (short.length < 2 && long.length >= 2) return 0;
  let sum = 0;
  for (const t of short) {
    let best = 0;
    for (const u of long) best = Math.max(best, jaroWinkler(t, u));
    sum += best;
  }
  return sum / short.length;
}

export { nameKey, nameTokens };
