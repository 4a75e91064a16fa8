import type { MessageLabel } from '../model/tables.ts';
import { foldText } from './fold-text.ts';
import { type CompiledLexicon, type CompiledTerm, LEXICON, type LabelDef } from './lexicon.ts';

export interface LabelTerm {
  /** The lexicon term (or pattern name) that matched. */
  term: string;
  /** UTF-16 offsets of the matched words in the message text, end exclusive. */
  start: number;
  end: number;
  lang?: string;
}

export interface LabelHit {
  label: MessageLabel;
  /** 0–1: `1 − e^(−sum of matched weights)`; a label is only given at or above its threshold. */
  score: number;
  terms: LabelTerm[];
}

interface Hit {
  group: string;
  id: string;
  w: number;
  weak: boolean;
  unless: string[];
  emoji?: boolean;
  out: LabelTerm;
}

/**
 * Labels one message (sale, recruitment, training, payment, drop_report) with the versioned lexicon.
 * Explainable: every label lists the terms that gave it, with offsets. A label needs its required term
 * groups (e.g. recruitment = a job word AND a drug word) so that ordinary job offers, cooking salt or a
 * browser bookmark stay unlabelled; ambiguous terms count only with company and drop out when a word of
 * their innocent sense is present.
 */
export function labelMessage(text: string, lexicon: CompiledLexicon = LEXICON): LabelHit[] {
  const tokens = foldText(text);
  if (tokens.length === 0) return [];
  const hits: Hit[] = [];
  const add = (t: CompiledTerm, i: number, start: number, end: number) => {
    if (i > 0 && lexicon.negations.has(tokens[i - 1]!.key)) return;
    hits.push({
      group: t.group,
      id: `t${t.id}`,
      w: t.w,
      weak: t.weak,
      unless: t.unless,
      emoji: t.lang === 'emoji',
      out: { term: t.term, start, end, lang: t.lang },
    });
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const a = lexicon.byKey.get(tok.stem);
    const b = tok.key !== tok.stem ? lexicon.byKey.get(tok.key) : undefined;
    const cands = a && b ? [...new Set([...a, ...b])] : (a ?? b);
    if (cands) {
      for (const t of cands) {
        const n = t.keys.length;
        if (n === 1) add(t, i, tok.start, tok.end);
        else if (i + n <= tokens.length) {
          let ok = true;
          for (let k = 1; k < n && ok; k++) {
            const x = tokens[i + k]!;
            ok = x.stem === t.keys[k] || x.key === t.words[k];
          }
          if (ok) add(t, i, tok.start, tokens[i + n - 1]!.end);
        }
      }
    }
    if (tok.key.length >= 2 && lexicon.prefixFirst.has(tok.key.charCodeAt(0))) {
      const pre = lexicon.byPrefix.get(tok.key.slice(0, 2));
      if (pre) for (const t of pre) if (tok.key.startsWith(t.keys[0]!)) add(t, i, tok.start, tok.end);
    }
  }
  if (hits.length === 0) return [];
  let joined: string | null = null;
  const kept = hits.filter((h) => {
    if (h.unless.length === 0) return true;
    joined ??= ` ${tokens.map((t) => t.key).join(' ')} `;
    const j = joined;
    return !h.unless.some((u) => j.includes(` ${u}`));
  });
  if (kept.length === 0) return [];
  // Every pattern (weights, coordinates, card numbers, TRON addresses) needs a digit.
  const hasDigit = /\d/.test(text);
  for (const p of hasDigit ? lexicon.patterns : []) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m !== null; m = p.re.exec(text)) {
      kept.push({
        group: p.group,
        id: `p:${p.name}`,
        w: p.w,
        weak: false,
        unless: [],
        out: { term: p.name, start: m.index, end: m.index + m[0].length },
      });
      if (!p.re.global) break;
    }
  }
  // Two entries of one group on the same words (`клад`/`клады`, ru/uz spellings) count once, the heavier.
  const bySpan = new Map<string, Hit>();
  for (const h of kept) {
    const k = `${h.group}:${h.out.start}:${h.out.end}`;
    const prev = bySpan.get(k);
    if (!prev || h.w > prev.w) bySpan.set(k, h);
  }
  const counted = new Set(bySpan.values());
  // Per group: distinct matched terms and whether the group is anchored.
  const groups = new Map<
    string,
    { ids: Set<string>; strong: boolean; w: number; weakIds: number; words: number }
  >();
  for (const h of counted) {
    let g = groups.get(h.group);
    if (!g) groups.set(h.group, (g = { ids: new Set(), strong: false, w: 0, weakIds: 0, words: 0 }));
    if (g.ids.has(h.id)) continue;
    g.ids.add(h.id);
    g.w += h.w;
    if (!h.emoji) g.words++;
    if (h.weak) g.weakIds++;
    else g.strong = true;
  }
  const anchored = (name: string) => {
    const g = groups.get(name);
    return g !== undefined && (g.strong || g.weakIds >= 2);
  };
  const out: LabelHit[] = [];
  for (const [label, def] of Object.entries(lexicon.labels) as Array<[MessageLabel, LabelDef]>) {
    let raw = 0;
    for (const g of def.groups) raw += groups.get(g)?.w ?? 0;
    if (raw < def.threshold) continue;
    const strongSum = raw >= def.threshold + (def.crossAnchorMargin ?? Number.POSITIVE_INFINITY);
    const met = def.require.every((alts) =>
      alts.some((a) =>
        a.endsWith('~')
          ? groups.has(a.slice(0, -1))
          : anchored(a) || (strongSum && (groups.get(a)?.words ?? 0) > 0),
      ),
    );
    if (!met) continue;
    if (def.yieldTo?.some(anchored) && !def.keepIf?.some(anchored)) continue;
    const terms = [...counted]
      .filter((h) => def.groups.includes(h.group))
      .map((h) => h.out)
      .sort((a, b) => a.start - b.start || a.end - b.end);
    out.push({ label, score: Math.round((1 - Math.exp(-raw)) * 1000) / 1000, terms: dedupeTerms(terms) });
  }
  return out;
}

function dedupeTerms(terms: LabelTerm[]): LabelTerm[] {
  const seen = new Set<string>();
  return terms.filter((t) => {
    const k = `${t.term}:${t.start}:${t.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
