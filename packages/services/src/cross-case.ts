/**
 * Cross-case hits in a workspace (a folder of cases): every identifier that appears in the findings of
 * two or more cases is reported in each of them, with what it is in every case.
 */
import type { Store } from '@dragnet/core';
import { type CaseIdentifiers, type CrossCaseHit, crossCase } from '@dragnet/core/analysis/cross-case.ts';
import type { Findings } from '@dragnet/core/findings/findings.ts';
import { FINDINGS_DOC } from './analyze-case.ts';

export interface WorkspaceCase {
  name: string;
  store: Store;
}

/** Identifiers a case knows with a one-line context (holder, roles). Reads the stored findings. */
export async function caseIdentifiers(c: WorkspaceCase): Promise<CaseIdentifiers> {
  const f = await c.store.getDocument<Findings>(FINDINGS_DOC);
  const identifiers = new Map<string, string>();
  if (!f) return { caseName: c.name, identifiers };
  const personName = new Map(f.persons.map((p) => [p.id, p.names[0] ?? p.id]));
  for (const p of f.persons) {
    const ctx = `${p.names[0] ?? p.id} (${p.roles.join(', ')})`;
    for (const id of [...p.identifiers, ...p.accounts]) if (!identifiers.has(id)) identifiers.set(id, ctx);
  }
  for (const a of f.accounts) {
    if (identifiers.has(a.id)) continue;
    const who = a.holder ? (personName.get(a.holder) ?? a.holder) : 'holder unknown';
    identifiers.set(a.id, `${a.kind} of ${who} (${a.roles.map((r) => r.role).join(', ') || 'no role'})`);
  }
  for (const e of f.endRecipients) {
    if (!identifiers.has(e.account))
      identifiers.set(e.account, `end recipient, $${e.receivedUsd} (${e.jurisdiction ?? '?'})`);
  }
  return { caseName: c.name, identifiers };
}

/**
 * Indexes every case of the workspace, finds shared identifiers and writes the hits into each case's
 * stored findings (`crossCase`), so both cases report them. Returns all hits.
 */
export async function crossCaseHits(cases: readonly WorkspaceCase[]): Promise<CrossCaseHit[]> {
  const index = await Promise.all(cases.map(caseIdentifiers));
  const hits = crossCase(index);
  for (const c of cases) {
    const f = await c.store.getDocument<Findings>(FINDINGS_DOC);
    if (!f) continue;
    f.crossCase = hits
      .filter((h) => h.cases.includes(c.name))
      .map((h) => ({ identifier: h.identifier, cases: h.cases, contexts: h.contexts }));
    await c.store.putDocument(FINDINGS_DOC, f);
  }
  return hits;
}
