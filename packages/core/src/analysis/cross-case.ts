/** One case's identifiers with a short context each (who holds it, which role, which record). */
export interface CaseIdentifiers {
  caseName: string;
  identifiers: Map<string, string>;
}

export interface CrossCaseHit {
  identifier: string;
  cases: string[];
  contexts: Array<{ case: string; context: string }>;
}

/** Identifiers seen in two or more cases of a workspace. Phones and accounts only: names are not identifiers. */
export function crossCase(cases: readonly CaseIdentifiers[]): CrossCaseHit[] {
  const seen = new Map<string, Array<{ case: string; context: string }>>();
  for (const c of cases) {
    for (const [id, context] of c.identifiers) {
      const list = seen.get(id);
      if (list) {
        if (!list.some((x) => x.case === c.caseName)) list.push({ case: c.caseName, context });
      } else seen.set(id, [{ case: c.caseName, context }]);
    }
  }
  const hits: CrossCaseHit[] = [];
  for (const [identifier, contexts] of seen) {
    if (contexts.length < 2) continue;
    contexts.sort((a, b) => (a.case < b.case ? -1 : 1));
    hits.push({ identifier, cases: contexts.map((c) => c.case), contexts });
  }
  return hits.sort((a, b) => b.cases.length - a.cases.length || (a.identifier < b.identifier ? -1 : 1));
}
