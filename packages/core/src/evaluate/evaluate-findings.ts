/**
 * Scores findings (CONTRACT §4) against a generator's truth.json: precision/recall/F1 per role for
 * accounts and persons, channel-label F1, turnover error of the key figures, participants error, end-
 * recipient attribution error and the trap accounts wrongly flagged. Pure: both documents are passed in.
 */

export const ROLES = [
  'operator',
  'recruiter',
  'courier',
  'dropper',
  'exchanger',
  'end_recipient',
  'buyer',
  'chemist',
  'supplier',
] as const;
export const LABELS = ['sale', 'recruitment', 'training', 'payment', 'drop_report'] as const;

/** The parts of the findings JSON the evaluation reads. */
export interface FindingsLike {
  summary?: { participants?: number };
  persons?: Array<{
    id: string;
    identifiers?: string[];
    accounts?: string[];
    roles?: string[];
    turnoverUsd?: { in?: number; out?: number };
  }>;
  accounts?: Array<{ id: string; roles?: Array<{ role: string; score?: number }> }>;
  channels?: Array<{ id: string; title?: string; labels?: Array<{ label: string; score?: number }> }>;
  endRecipients?: Array<{ account: string; receivedUsd?: number; jurisdiction?: string | null }>;
}

/** The parts of truth.json the evaluation reads (docs/generator.md describes the whole file). */
export interface TruthLike {
  participants: { total: number; byNetwork?: Record<string, number> };
  keyFigures: Array<{ person: string; name: string; turnoverUsd: { total: number } }>;
  endRecipients: Array<{ account: string; holder: string; jurisdiction: string; receivedUsd: number }>;
  legit: Array<{ account: string; kind: string }>;
  channels: Array<{ id: string | null; title: string; labels: string[]; network?: string | null }>;
  persons: Array<{
    id: string;
    network?: string | null;
    iin?: string | null;
    phone?: string | null;
    tg?: string | null;
    roles: string[];
    accounts: string[];
    organization?: boolean;
  }>;
  accounts: Array<{ id: string; roles: string[]; network?: string | null }>;
  networks?: Array<{ id: string; folder?: string; region?: string }>;
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvaluationReport {
  accounts: { byRole: Record<string, Score>; macroF1: number };
  persons: { byRole: Record<string, Score>; macroF1: number; matched: number; unmatched: number };
  channels: { byLabel: Record<string, Score>; macroF1: number };
  keyFigures: Array<{
    person: string;
    name: string;
    trueUsd: number;
    foundUsd: number | null;
    relativeError: number | null;
  }>;
  participants: { truth: number; found: number | null; relativeError: number | null };
  endRecipients: {
    truthUsd: number;
    foundUsd: number;
    attributionError: number;
    missed: string[];
    rows: Array<{ account: string; jurisdiction: string; trueUsd: number; foundUsd: number }>;
  };
  trapsFlagged: Array<{ account: string; kind: string; roles: string[] }>;
}

export interface EvaluateOptions {
  /** A role counts as claimed when its score is at least this (roles without a score always count). */
  minScore?: number;
}

function score(tp: number, fp: number, fn: number): Score {
  const precision = tp + fp === 0 ? (fn === 0 ? 1 : 0) : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision: round(precision, 4), recall: round(recall, 4), f1: round(f1, 4) };
}

function round(x: number, d = 2): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

/** Per-role scores over a universe of items, each with a true and a claimed role set. */
function scoreSets(
  items: Iterable<{ truth: Set<string>; claimed: Set<string> }>,
  roles: readonly string[],
): Record<string, Score> {
  const c: Record<string, { tp: number; fp: number; fn: number }> = {};
  for (const r of roles) c[r] = { tp: 0, fp: 0, fn: 0 };
  for (const it of items) {
    for (const r of roles) {
      const t = it.truth.has(r);
      const p = it.claimed.has(r);
      const k = c[r] as { tp: number; fp: number; fn: number };
      if (t && p) k.tp++;
      else if (p) k.fp++;
      else if (t) k.fn++;
    }
  }
  const out: Record<string, Score> = {};
  for (const r of roles) {
    const k = c[r] as { tp: number; fp: number; fn: number };
    out[r] = score(k.tp, k.fp, k.fn);
  }
  return out;
}

function macro(byRole: Record<string, Score>): number {
  const used = Object.values(byRole).filter((s) => s.tp + s.fn > 0 || s.fp > 0);
  return used.length ? round(used.reduce((a, s) => a + s.f1, 0) / used.length, 4) : 1;
}

export function evaluateFindings(
  findings: FindingsLike,
  truth: TruthLike,
  options: EvaluateOptions = {},
): EvaluationReport {
  const min = options.minScore ?? 0;
  const claimed = (
    roles: Array<{ role?: string; label?: string; score?: number }> | undefined,
    key: 'role' | 'label',
  ) => new Set((roles ?? []).filter((r) => (r.score ?? 1) >= min).map((r) => r[key] as string));

  // Accounts: the universe is every account in either document.
  const accClaims = new Map<string, Set<string>>();
  for (const a of findings.accounts ?? []) accClaims.set(a.id, claimed(a.roles, 'role'));
  const accItems: Array<{ truth: Set<string>; claimed: Set<string> }> = [];
  const truthAccIds = new Set<string>();
  for (const a of truth.accounts) {
    truthAccIds.add(a.id);
    accItems.push({ truth: new Set(a.roles), claimed: accClaims.get(a.id) ?? new Set() });
  }
  for (const [id, c] of accClaims) if (!truthAccIds.has(id)) accItems.push({ truth: new Set(), claimed: c });
  const accByRole = scoreSets(accItems, ROLES);

  // Persons: a found person is the truth person with whom it shares the most identifiers.
  const idIndex = new Map<string, string>();
  for (const p of truth.persons) {
    for (const i of [p.iin ? `iin:${p.iin}` : null, p.phone, p.tg, ...p.accounts])
      if (i) idIndex.set(i, p.id);
  }
  const personClaims = new Map<string, Set<string>>();
  const foundOf = new Map<string, NonNullable<FindingsLike['persons']>[number]>();
  let unmatched = 0;
  for (const fp of findings.persons ?? []) {
    const votes = new Map<string, number>();
    for (const i of [...(fp.identifiers ?? []), ...(fp.accounts ?? [])]) {
      const t = idIndex.get(i);
      if (t) votes.set(t, (votes.get(t) ?? 0) + 1);
    }
    let best: string | undefined;
    let bestN = 0;
    for (const [t, n] of votes) if (n > bestN) [best, bestN] = [t, n];
    if (!best) {
      unmatched++;
      if ((fp.roles ?? []).some((r) => r !== 'unknown'))
        personClaims.set(`found:${fp.id}`, new Set(fp.roles));
      continue;
    }
    const set = personClaims.get(best) ?? new Set<string>();
    for (const r of fp.roles ?? []) set.add(r);
    personClaims.set(best, set);
    if (!foundOf.has(best)) foundOf.set(best, fp);
  }
  const personItems: Array<{ truth: Set<string>; claimed: Set<string> }> = [];
  const truthPersonIds = new Set(truth.persons.map((p) => p.id));
  for (const p of truth.persons)
    personItems.push({ truth: new Set(p.roles), claimed: personClaims.get(p.id) ?? new Set() });
  for (const [id, c] of personClaims)
    if (!truthPersonIds.has(id)) personItems.push({ truth: new Set(), claimed: c });
  const personByRole = scoreSets(
    personItems,
    ROLES.filter((r) => r !== 'buyer'),
  );

  // Channels: by id, or by title for exports that carry none (HTML).
  const chanClaims = new Map<string, Set<string>>();
  for (const c of findings.channels ?? []) {
    const labels = claimed(c.labels, 'label');
    chanClaims.set(c.id, labels);
    if (c.title) chanClaims.set(`title:${c.title.trim().toLowerCase()}`, labels);
  }
  const chanItems = truth.channels.map((c) => ({
    truth: new Set(c.labels),
    claimed:
      (c.id ? chanClaims.get(c.id) : undefined) ??
      chanClaims.get(`title:${c.title.trim().toLowerCase()}`) ??
      new Set<string>(),
  }));
  const chanByLabel = scoreSets(chanItems, LABELS);

  const keyFigures = truth.keyFigures.map((k) => {
    const fp = foundOf.get(k.person);
    const found = fp?.turnoverUsd ? (fp.turnoverUsd.in ?? 0) + (fp.turnoverUsd.out ?? 0) : null;
    return {
      person: k.person,
      name: k.name,
      trueUsd: k.turnoverUsd.total,
      foundUsd: found === null ? null : round(found),
      relativeError:
        found === null || k.turnoverUsd.total === 0
          ? null
          : round(Math.abs(found - k.turnoverUsd.total) / k.turnoverUsd.total, 4),
    };
  });

  const foundParticipants = findings.summary?.participants ?? null;
  const participants = {
    truth: truth.participants.total,
    found: foundParticipants,
    relativeError:
      foundParticipants === null
        ? null
        : round(
            Math.abs(foundParticipants - truth.participants.total) / Math.max(1, truth.participants.total),
            4,
          ),
  };

  const foundEr = new Map<string, number>();
  for (const e of findings.endRecipients ?? [])
    foundEr.set(e.account, (foundEr.get(e.account) ?? 0) + (e.receivedUsd ?? 0));
  let truthUsd = 0;
  let diff = 0;
  let foundUsd = 0;
  const rows = truth.endRecipients.map((e) => {
    const f = foundEr.get(e.account) ?? 0;
    truthUsd += e.receivedUsd;
    foundUsd += f;
    diff += Math.abs(f - e.receivedUsd);
    return { account: e.account, jurisdiction: e.jurisdiction, trueUsd: e.receivedUsd, foundUsd: round(f) };
  });
  const truthErSet = new Set(truth.endRecipients.map((e) => e.account));
  for (const [a, v] of foundEr) if (!truthErSet.has(a)) diff += v;
  const endRecipients = {
    truthUsd: round(truthUsd),
    foundUsd: round(foundUsd),
    attributionError: truthUsd === 0 ? 0 : round(diff / truthUsd, 4),
    missed: truth.endRecipients.filter((e) => !foundEr.has(e.account)).map((e) => e.account),
    rows,
  };

  const crime = new Set<string>(ROLES.filter((r) => r !== 'buyer'));
  const trapsFlagged = truth.legit
    .map((l) => ({
      account: l.account,
      kind: l.kind,
      roles: [...(accClaims.get(l.account) ?? [])].filter((r) => crime.has(r)),
    }))
    .filter((t) => t.roles.length > 0);

  return {
    accounts: { byRole: accByRole, macroF1: macro(accByRole) },
    persons: { byRole: personByRole, macroF1: macro(personByRole), matched: foundOf.size, unmatched },
    channels: { byLabel: chanByLabel, macroF1: macro(chanByLabel) },
    keyFigures,
    participants,
    endRecipients,
    trapsFlagged,
  };
}
