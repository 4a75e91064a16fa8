import { describe, expect, it } from 'vitest';
import { generateEvidence } from '../generate/generate-evidence.ts';
import { evaluateFindings, type FindingsLike, type TruthLike } from './evaluate-findings.ts';
import { formatEvaluation } from './format-evaluation.ts';

function truthOf(seed: number): TruthLike {
  const gen = generateEvidence({ scenario: 'shymkent', seed, scale: 0.03 });
  let text = '';
  let open = false;
  for (let s = gen.next(); !s.done; s = gen.next()) {
    const e = s.value;
    if (e.op === 'open') open = e.file === 'truth.json';
    else if (e.op === 'write' && open && e.file === 'truth.json') text += e.text;
  }
  return JSON.parse(text) as TruthLike;
}

/** Findings an ideal analyzer would produce from this truth. */
function perfectFindings(truth: TruthLike): FindingsLike {
  const kf = new Map(truth.keyFigures.map((k) => [k.person, k]));
  return {
    summary: { participants: truth.participants.total },
    persons: truth.persons
      .filter((p) => p.roles.length > 0)
      .map((p) => {
        const t = kf.get(p.id);
        return {
          id: `r-${p.id}`,
          identifiers: [p.iin ? `iin:${p.iin}` : '', p.phone ?? ''].filter(Boolean),
          accounts: p.accounts,
          roles: p.roles,
          turnoverUsd: t ? { in: t.turnoverUsd.total / 2, out: t.turnoverUsd.total / 2 } : { in: 0, out: 0 },
        };
      }),
    accounts: truth.accounts
      .filter((a) => a.roles.length > 0)
      .map((a) => ({ id: a.id, roles: a.roles.map((role) => ({ role, score: 0.9 })) })),
    channels: truth.channels.map((c) => ({
      id: c.id ?? `tg:chat:title-${c.title}`,
      title: c.title,
      labels: c.labels.map((label) => ({ label, score: 0.9 })),
    })),
    endRecipients: truth.endRecipients.map((e) => ({
      account: e.account,
      receivedUsd: e.receivedUsd,
      jurisdiction: e.jurisdiction,
    })),
  };
}

describe('evaluateFindings', () => {
  const truth = truthOf(11);

  it('gives perfect scores to findings equal to the truth', () => {
    const r = evaluateFindings(perfectFindings(truth), truth);
    expect(r.accounts.macroF1).toBe(1);
    expect(r.persons.macroF1).toBe(1);
    expect(r.channels.macroF1).toBe(1);
    expect(r.participants.relativeError).toBe(0);
    expect(r.endRecipients.attributionError).toBe(0);
    for (const k of r.keyFigures) expect(k.relativeError).toBe(0);
    expect(r.trapsFlagged).toEqual([]);
  });

  it('lowers dropper recall when droppers are missed and counts flagged traps', () => {
    const f = perfectFindings(truth);
    const droppers = (f.accounts ?? []).filter((a) => a.roles?.some((r) => r.role === 'dropper'));
    const missed = droppers.slice(0, Math.ceil(droppers.length / 2));
    for (const a of missed) a.roles = [];
    const cafe = truth.legit.find((l) => l.kind === 'cafe') as { account: string };
    f.accounts?.push({ id: cafe.account, roles: [{ role: 'dropper', score: 0.8 }] });
    const r = evaluateFindings(f, truth);
    const d = r.accounts.byRole['dropper'];
    expect(d?.fn).toBe(missed.length);
    expect(d?.fp).toBe(1);
    expect(d?.recall).toBeLessThan(0.6);
    expect(r.trapsFlagged).toEqual([{ account: cafe.account, kind: 'cafe', roles: ['dropper'] }]);
  });

  it('measures turnover, participants and attribution errors', () => {
    const f = perfectFindings(truth);
    const first = truth.keyFigures[0] as (typeof truth.keyFigures)[number];
    const p = f.persons?.find((x) => x.id === `r-${first.person}`);
    if (p) p.turnoverUsd = { in: first.turnoverUsd.total * 0.45, out: first.turnoverUsd.total * 0.45 };
    f.summary = { participants: Math.round(truth.participants.total * 1.1) };
    f.endRecipients = (f.endRecipients ?? []).slice(1);
    const r = evaluateFindings(f, truth);
    expect(r.keyFigures[0]?.relativeError).toBeCloseTo(0.1, 3);
    expect(r.participants.relativeError).toBeCloseTo(0.1, 1);
    expect(r.endRecipients.missed).toEqual([truth.endRecipients[0]?.account]);
    expect(r.endRecipients.attributionError).toBeGreaterThan(0);
  });

  it('ignores roles under the score threshold when asked', () => {
    const f = perfectFindings(truth);
    for (const a of f.accounts ?? []) for (const r of a.roles ?? []) r.score = 0.3;
    expect(evaluateFindings(f, truth, { minScore: 0.5 }).accounts.byRole['dropper']?.tp).toBe(0);
  });

  it('formats a readable table in Russian and English', () => {
    const r = evaluateFindings(perfectFindings(truth), truth);
    const en = formatEvaluation(r, 'en');
    expect(en).toMatch(/Accounts by role\nrole\s+TP\s+FP\s+FN\s+P\s+R\s+F1/);
    expect(en).toContain('dropper');
    expect(formatEvaluation(r, 'ru')).toContain('Счета по ролям');
  });
});
