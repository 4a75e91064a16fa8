/**
 * `dragnet resolve`: analyst decisions about person identity (merge / keep apart). Decisions are stored
 * by identifier (not by person id, which can change) in the `resolution-decisions` document and are
 * applied by every later analysis.
 */
import type { Store } from '@dragnet/core';
import type { ResolutionDecision } from '@dragnet/core/analysis/resolve-entities.ts';
import type { Findings } from '@dragnet/core/findings/findings.ts';
import { UserError } from './user-error.ts';

export const DECISIONS_DOC = 'resolution-decisions';

export interface ResolveDecisionOptions {
  /** Identifiers (`iin:…`, `card:…`, `tg:user:…`) or person ids from the findings. */
  a: string;
  b: string;
  decision: 'merge' | 'keep_apart';
  now: string;
  by?: string;
  note?: string;
}

export async function listDecisions(store: Store): Promise<ResolutionDecision[]> {
  return (await store.getDocument<ResolutionDecision[]>(DECISIONS_DOC)) ?? [];
}

/** Merge candidates from the last analysis (scored, with reasons). */
export async function listCandidates(store: Store): Promise<Findings['analysis']['mergeCandidates']> {
  return (await store.getDocument<Findings>('findings'))?.analysis?.mergeCandidates ?? [];
}

/** Records a decision (replacing any earlier one on the same pair) and returns all decisions. */
export async function recordDecision(
  store: Store,
  options: ResolveDecisionOptions,
): Promise<ResolutionDecision[]> {
  const findings = await store.getDocument<Findings>('findings');
  const a = await toKey(options.a, findings);
  const b = await toKey(options.b, findings);
  if (a === b)
    throw new UserError(`both sides are the same identifier (${a})`, { hint: 'name two different persons' });
  const list = (await listDecisions(store)).filter((d) => !samePair(d, a, b));
  const decision: ResolutionDecision = { a, b, decision: options.decision, at: options.now };
  if (options.by) decision.by = options.by;
  if (options.note) decision.note = options.note;
  list.push(decision);
  await store.putDocument(DECISIONS_DOC, list);
  return list;
}

export async function removeDecision(store: Store, a: string, b: string): Promise<ResolutionDecision[]> {
  const findings = await store.getDocument<Findings>('findings');
  const ka = await toKey(a, findings);
  const kb = await toKey(b, findings);
  const list = (await listDecisions(store)).filter((d) => !samePair(d, ka, kb));
  await store.putDocument(DECISIONS_DOC, list);
  return list;
}

function samePair(d: ResolutionDecision, a: string, b: string): boolean {
  return (d.a === a && d.b === b) || (d.a === b && d.b === a);
}

async function toKey(ref: string, findings: Findings | undefined): Promise<string> {
  if (/^(iin|passport|tg|card|iban|acct|phone|tron|btc|eth|exchange|person):/.test(ref)) return ref;
  const p = findings?.persons.find((x) => x.id === ref);
  const cand = findings?.analysis?.mergeCandidates.find((c) => c.a === ref || c.b === ref);
  if (p) {
    const strong = p.identifiers.find((i) =>
      /^(iin|passport|tg:user|card|iban|acct|exchange|tron|btc|eth):/.test(i),
    );
    if (strong) return strong;
  }
  if (cand) return cand.a === ref ? cand.keyA : cand.keyB;
  if (ref.startsWith('p:')) return ref.slice(2).replace(/~\d+$/, '');
  throw new UserError(`"${ref}" is neither an identifier nor a person id of this case`, {
    hint: 'use an identifier such as iin:…, card:…, tg:user:… or a person id from `dragnet analyze --json`',
  });
}
