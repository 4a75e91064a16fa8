import type { MessageLabel } from '../model/tables.ts';
import type { Token } from './fold-text.ts';
import type { Hit, LabelEvidence, LabelHit, LabelTerm } from './label-message.ts';
import data from './label-model.json' with { type: 'json' };

/**
 * The learned layer over the lexicon (label-model.json, written by `scripts/train-labels.ts`): per label a
 * logistic regression over interpretable features of the lexicon evidence. Score = σ(bias + Σ weights of the
 * features present); the label's terms are the evidence behind the features that pushed it up, each with its
 * offsets and its summed weight, so a label still says which words gave it.
 */
export interface LabelModelData {
  /** Bumped with every retrain; stored labels name `lexiconVersion`, which the model is part of. */
  version: string;
  /** The lexicon the features were extracted with (the weights are meaningless with another). */
  lexiconVersion: string;
  /** Which feature families were used (see `evidenceFeatures`). */
  features: FeatureOptions;
  labels: Partial<Record<MessageLabel, LabelWeights>>;
  /** How the weights were obtained: sets, regularisation, cross-validated figures (documentation only). */
  training?: unknown;
}

export interface FeatureOptions {
  /** `gg:a&b`: two groups present together (the conjunctions the hand rules encode). */
  pairs: boolean;
  /** `r:label`: the hand rule of that label holds. */
  rules: boolean;
  /** `a:group`: the group is anchored (a strong term or two weak ones). */
  anchored: boolean;
  /** `s:stem`: every folded word stem of the message (a learned vocabulary, not only the lexicon's). */
  stems?: boolean;
  /** `k:groups>=n`, `k:facets>=n`, `k:terms>=n` (n = 2…6): how much evidence, whatever its words. */
  counts?: boolean;
  /** `c:gram`: character n-grams (these n) of each folded word of ≥ 4 letters, `^`/`$` marking its ends. */
  ngrams?: number[];
  /** `b:stem_stem`: two adjacent word stems. */
  bigrams?: boolean;
  /** `s:` also for a word's transliterated and suffix-stripped stems (`zakladki`, `курьерлерге`). */
  altStems?: boolean;
  /**
   * The message's shape (model 12): `h:short` (at most `SHORT_LINE` words), `h:ask` (a question mark), and each with
   * every group present (`hg:short&buyobj`, `hg:ask&product`): a buyer's or a support desk's one-line message, whose
   * trade words weigh otherwise than in a shop's post.
   */
  shape?: boolean;
}

/** Words of a one-line DM (`есть че в центре?`, `оплатил, жду адрес`, `1 поз на вечер`), emoji included. */
export const SHORT_LINE = 8;

/** The shape features of a message (`h:short`, `h:ask`), in a fixed order. */
export function messageShapes(ev: Pick<LabelEvidence, 'tokens' | 'ask'>): Array<'short' | 'ask'> {
  const out: Array<'short' | 'ask'> = [];
  if (ev.tokens.length <= SHORT_LINE) out.push('short');
  if (ev.ask === true) out.push('ask');
  return out;
}

export interface LabelWeights {
  bias: number;
  /** Label given at σ(z) ≥ threshold. */
  threshold: number;
  weights: Record<string, number>;
  /**
   * Hard vetoes kept from the rules: a hit in `group` (`warning`: news, police; `legit`: named goods, employers)
   * blocks the label unless one of the `unless` groups is anchored (a drug or stash word outweighs a goods word).
   */
  veto?: Veto[];
}

export interface Veto {
  group: string;
  unless?: string[];
}

export interface CompiledLabelModel {
  version: string;
  lexiconVersion: string;
  features: FeatureOptions;
  labels: Array<{
    label: MessageLabel;
    bias: number;
    threshold: number;
    w: Map<string, number>;
    veto: Veto[];
  }>;
  covered: Set<MessageLabel>;
  /** Integer feature tables for the run-time path (same sums as `evidenceFeatures` + `linearScore`). */
  fast: FastTables;
}

/**
 * Every feature name that has a weight gets an index; per label a weight array over the indices. A message's
 * hits map to indices through a per-hit-id cache, so scoring builds no feature strings.
 */
interface FastTables {
  ids: Map<string, number>;
  weights: Float64Array[];
  /** The same weights by feature, then label (`[i * labels + l]`): one feature's weights side by side. */
  byFeature: Float64Array;
  /** Hit id (`t12`, `p:weight`, `n:crypto-only`, `f:hasPrice`) → indices of its `g:`, `f:` and own feature. */
  byHit: Map<string, Int32Array>;
  anchored: Map<string, number>;
  /** `gg:a&b` by `a\u0000b` in both orders. */
  pairs: Map<string, Map<string, number>>;
  stems: Map<string, number>;
  /** `r:label` by label: the hand rule of that label holds. */
  rules: Map<string, number>;
  /** `h:shape` by shape; `hg:shape&group` by shape, then group. */
  shapes: Map<string, number>;
  shapeGroups: Map<string, Map<string, number>>;
  /** `b:a_b` by first stem, then second. */
  bigrams: Map<string, Map<string, number>>;
  /** `c:gram` by gram; `ngramNs`: the n that have a weight. */
  ngrams: Map<string, number>;
  ngramNs: number[];
  /** `k:groups>=n`, `k:facets>=n`, `k:terms>=n` for n = 0…6 (-1: no weight). */
  kGroups: Int32Array;
  kFacets: Int32Array;
  kTerms: Int32Array;
  /** Marks of the features already counted for the current message (a counter, not cleared per message). */
  seen: Int32Array;
  stamp: number;
  /** Scratch: the scores and distinct facets of the current message. */
  z: Float64Array;
  facets: string[];
}

export function compileLabelModel(d: LabelModelData): CompiledLabelModel {
  const labels = (Object.entries(d.labels) as Array<[MessageLabel, LabelWeights]>).map(([label, l]) => ({
    label,
    bias: l.bias,
    threshold: l.threshold,
    w: new Map(Object.entries(l.weights)),
    veto: l.veto ?? [],
  }));
  return {
    version: d.version,
    lexiconVersion: d.lexiconVersion,
    features: d.features,
    labels,
    covered: new Set(labels.map((l) => l.label)),
    fast: fastTables(labels),
  };
}

/** `name` from `from` on, cut at the first `sep` into outer and inner key: `i` under both in `map`. */
function setNested(
  map: Map<string, Map<string, number>>,
  name: string,
  from: number,
  sep: string,
  i: number,
): void {
  const j = name.indexOf(sep, from);
  const outer = name.slice(from, j);
  let m = map.get(outer);
  if (!m) map.set(outer, (m = new Map()));
  m.set(name.slice(j + 1), i);
}

function fastTables(labels: CompiledLabelModel['labels']): FastTables {
  const ids = new Map<string, number>();
  for (const l of labels) for (const name of l.w.keys()) if (!ids.has(name)) ids.set(name, ids.size);
  const weights = labels.map((l) => {
    const a = new Float64Array(ids.size);
    for (const [name, w] of l.w) a[ids.get(name)!] = w;
    return a;
  });
  const byFeature = new Float64Array(ids.size * labels.length);
  for (let l = 0; l < labels.length; l++)
    for (let i = 0; i < ids.size; i++) byFeature[i * labels.length + l] = weights[l]![i]!;
  const anchored = new Map<string, number>();
  const pairs = new Map<string, Map<string, number>>();
  const stems = new Map<string, number>();
  const rules = new Map<string, number>();
  const shapes = new Map<string, number>();
  const shapeGroups = new Map<string, Map<string, number>>();
  const bigrams = new Map<string, Map<string, number>>();
  const ngrams = new Map<string, number>();
  const k = (kind: string) => Int32Array.from({ length: 7 }, (_, n) => ids.get(`k:${kind}>=${n}`) ?? -1);
  for (const [name, i] of ids) {
    if (name.startsWith('a:')) anchored.set(name.slice(2), i);
    else if (name.startsWith('s:')) stems.set(name.slice(2), i);
    else if (name.startsWith('c:')) ngrams.set(name.slice(2), i);
    else if (name.startsWith('r:')) rules.set(name.slice(2), i);
    else if (name.startsWith('h:')) shapes.set(name.slice(2), i);
    else if (name.startsWith('hg:')) setNested(shapeGroups, name, 3, '&', i);
    else if (name.startsWith('b:')) setNested(bigrams, name, 2, '_', i);
    else if (name.startsWith('gg:')) {
      const [a, b] = name.slice(3).split('&') as [string, string];
      setNested(pairs, `${a}&${b}`, 0, '&', i);
      setNested(pairs, `${b}&${a}`, 0, '&', i);
    }
  }
  return {
    ids,
    weights,
    byFeature,
    byHit: new Map(),
    anchored,
    pairs,
    stems,
    rules,
    shapes,
    shapeGroups,
    bigrams,
    ngrams,
    ngramNs: [...new Set([...ngrams.keys()].map((g) => g.length))].sort(),
    kGroups: k('groups'),
    kFacets: k('facets'),
    kTerms: k('terms'),
    seen: new Int32Array(ids.size),
    stamp: 0,
    z: new Float64Array(labels.length),
    facets: [],
  };
}

/** A feature present in a message and the terms (with offsets) that make it present. */
export type FeatureSet = Map<string, LabelTerm[]>;

/**
 * Interpretable features of one message's lexicon evidence:
 * `g:group` (a hit in the group), `a:group` (anchored), `f:facet` (a kind of evidence: districts, stock,
 * contact …), `t:group:term` (the term itself), `p:pattern`, `n:near-rule`, `gg:a&b` (two groups together),
 * `s:stem` (a word of the message), `k:…>=n` (how much evidence), `r:label` (the hand rule holds). Training
 * calls this; run time sums the same features through integer tables (`fastScores`).
 */
export function evidenceFeatures(
  ev: LabelEvidence,
  rules: readonly LabelHit[],
  opts: FeatureOptions,
): FeatureSet {
  const out: FeatureSet = new Map();
  for (const h of ev.counted) {
    addNamed(out, `g:${h.group}`, h.out);
    if (h.facet !== h.group) addNamed(out, `f:${h.facet}`, h.out);
    addNamed(out, hitFeature(h), h.out);
  }
  if (opts.anchored)
    for (const [g, s] of ev.groups) if (s.strong || s.weakIds >= 2) addNamed(out, `a:${g}`, null);
  if (opts.pairs) {
    const gs = [...ev.groups.keys()].sort();
    for (let i = 0; i < gs.length; i++)
      for (let j = i + 1; j < gs.length; j++) addNamed(out, `gg:${gs[i]}&${gs[j]}`, null);
  }
  if (opts.stems) addStems(out, ev.tokens, opts.altStems === true);
  if (opts.ngrams && opts.ngrams.length > 0) addNgrams(out, ev.tokens, opts.ngrams);
  if (opts.bigrams) addBigrams(out, ev.tokens);
  if (opts.counts) {
    const facets = new Set<string>();
    let terms = 0;
    for (const h of ev.counted) {
      facets.add(h.facet);
      if (!h.id.startsWith('n:')) terms++;
    }
    for (let n = 2; n <= 6; n++) {
      if (ev.groups.size >= n) addNamed(out, `k:groups>=${n}`, null);
      if (facets.size >= n) addNamed(out, `k:facets>=${n}`, null);
      if (terms >= n) addNamed(out, `k:terms>=${n}`, null);
    }
  }
  if (opts.rules) for (const r of rules) for (const t of r.terms) addNamed(out, `r:${r.label}`, t);
  if (opts.shape)
    for (const h of messageShapes(ev)) {
      addNamed(out, `h:${h}`, null);
      for (const g of ev.groups.keys()) addNamed(out, `hg:${h}&${g}`, null);
    }
  return out;
}

function addNamed(out: FeatureSet, name: string, t: LabelTerm | null): void {
  let a = out.get(name);
  if (!a) out.set(name, (a = []));
  if (t) a.push(t);
}

/** `s:stem` of every word of ≥ 3 letters (digits and emoji are left to patterns and terms). */
export function addStems(out: FeatureSet, tokens: readonly Token[], alt = false): void {
  for (const t of tokens) {
    const span = { term: t.key, start: t.start, end: t.end };
    if (t.stem.length >= 3 && !/\d/.test(t.stem)) addNamed(out, `s:${t.stem}`, span);
    if (!alt) continue;
    if (t.trStem.length >= 3 && t.trStem !== t.stem) addNamed(out, `s:${t.trStem}`, span);
    if (t.base.length >= 3 && t.base !== t.stem) addNamed(out, `s:${t.base}`, span);
  }
}

/** A word's n-grams map back to the word: the explanation names the word, not the fragment. */
export function addNgrams(out: FeatureSet, tokens: readonly Token[], ns: readonly number[]): void {
  for (const t of tokens) {
    const w = t.tr || t.key;
    if (w.length < 4 || /\d/.test(w)) continue;
    const x = `^${w}$`;
    const span = { term: t.key, start: t.start, end: t.end };
    for (const n of ns) for (let i = 0; i + n <= x.length; i++) addNamed(out, `c:${x.slice(i, i + n)}`, span);
  }
}

export function addBigrams(out: FeatureSet, tokens: readonly Token[]): void {
  for (let i = 1; i < tokens.length; i++) {
    const a = tokens[i - 1]!;
    const b = tokens[i]!;
    if (a.stem.length < 2 || b.stem.length < 2 || /\d/.test(a.stem) || /\d/.test(b.stem)) continue;
    const span = { term: `${a.key} ${b.key}`, start: a.start, end: b.end };
    addNamed(out, `b:${a.stem}_${b.stem}`, span);
  }
}

/** A hit's feature name (`t:group:term`, `p:pattern`, `n:near-rule`; a parser feature as its pattern). */
export function hitFeature(h: Hit): string {
  // A parser feature counts like its pattern: training text has the card number, export JSON the entity.
  if (h.id.startsWith('p:') || h.id.startsWith('n:')) return h.id;
  if (h.id.startsWith('f:')) return FEATURE_AS_PATTERN[h.id] ?? h.id;
  return `t:${h.group}:${h.out.term}`;
}

const FEATURE_AS_PATTERN: Record<string, string> = {
  'f:hasPaymentIdentifier': 'p:card-number',
  'f:hasCoordinates': 'p:coordinates',
  'f:hasPrice': 'p:price',
};

/** z = bias + Σ weights of the present features. */
export function linearScore(weights: { bias: number; w: Map<string, number> }, fs: FeatureSet): number {
  let z = weights.bias;
  for (const name of fs.keys()) z += weights.w.get(name) ?? 0;
  return z;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * Replaces the rule labels of the labels the model covers by the model's; the others keep their rules. The
 * terms of a model label are the evidence of its positively weighted features, each with the summed weight
 * (`w`) of the features it stands behind. Features without words (`gg:`, `k:`, `a:`) add to the score only.
 */
/**
 * The model's probability of its label `li` for `ev` from the scores `z` (`fastScores`), 0 when a veto holds; the
 * label is given at or above its threshold (`applyModel`), read below it by the chat context (`labelProbabilities`).
 */
export function labelProbability(
  model: CompiledLabelModel,
  li: number,
  ev: LabelEvidence,
  z: ArrayLike<number>,
): number {
  const l = model.labels[li]!;
  return l.veto.length > 0 && vetoed(l.veto, ev) ? 0 : sigmoid(z[li]!);
}

export function applyModel(model: CompiledLabelModel, ev: LabelEvidence, rules: LabelHit[]): LabelHit[] {
  const out: LabelHit[] = [];
  for (const r of rules) if (!model.covered.has(r.label)) out.push(r);
  const z = fastScores(model, ev, rules);
  for (let li = 0; li < model.labels.length; li++) {
    const l = model.labels[li]!;
    const p = labelProbability(model, li, ev, z);
    if (p === 0 || p < l.threshold) continue;
    out.push({
      label: l.label,
      score: Math.round(p * 1000) / 1000,
      terms: fastExplain(model, li, ev, rules),
    });
  }
  if (out.length > 1) out.sort((a, b) => ORDER.indexOf(a.label) - ORDER.indexOf(b.label));
  return out;
}

/** Indices of the weighted features one hit makes present (cached per hit id: a term is always in one group). */
function hitIds(fast: FastTables, h: Hit): Int32Array {
  let a = fast.byHit.get(h.id);
  if (a) return a;
  const out: number[] = [];
  for (const name of [`g:${h.group}`, h.facet !== h.group ? `f:${h.facet}` : '', hitFeature(h)]) {
    const i = name === '' ? undefined : fast.ids.get(name);
    if (i !== undefined && !out.includes(i)) out.push(i);
  }
  a = Int32Array.from(out);
  fast.byHit.set(h.id, a);
  return a;
}

/**
 * z per model label: the same sum as `linearScore(evidenceFeatures(…))` (labels.test.ts checks it on every
 * labelled row), with integer tables instead of feature strings.
 */
export function fastScores(
  model: CompiledLabelModel,
  ev: LabelEvidence,
  rules: readonly LabelHit[] = [],
): Float64Array {
  const f = model.fast;
  const nl = model.labels.length;
  // One buffer per model, overwritten per message (labelling is synchronous and not re-entrant).
  const z = f.z;
  for (let l = 0; l < nl; l++) z[l] = model.labels[l]!.bias;
  const stamp = ++f.stamp;
  let terms = 0;
  let nFacets = 0;
  const facets = f.facets;
  for (const h of ev.counted) {
    const ids = hitIds(f, h);
    for (let k = 0; k < ids.length; k++) addFeature(f, z, ids[k]!, stamp);
    if (h.id.charCodeAt(0) !== 0x6e || h.id.charCodeAt(1) !== 0x3a) terms++; // not `n:`
    let seen = false;
    for (let k = 0; k < nFacets; k++) if (facets[k] === h.facet) seen = true;
    if (!seen) facets[nFacets++] = h.facet;
  }
  const opts = model.features;
  if (opts.anchored || opts.pairs)
    ev.groups.forEach((s, a) => {
      if (opts.anchored && (s.strong || s.weakIds >= 2)) addFeature(f, z, f.anchored.get(a) ?? -1, stamp);
      const m = opts.pairs ? f.pairs.get(a) : undefined;
      // Each unordered pair once: only from its alphabetically first group.
      if (m) for (const b of ev.groups.keys()) if (a < b) addFeature(f, z, m.get(b) ?? -1, stamp);
    });
  if (opts.stems)
    for (const t of ev.tokens) {
      addFeature(f, z, stemFeature(model, t), stamp);
      if (opts.altStems) {
        if (t.trStem.length >= 3) addFeature(f, z, f.stems.get(t.trStem) ?? -1, stamp);
        if (t.base.length >= 3) addFeature(f, z, f.stems.get(t.base) ?? -1, stamp);
      }
    }
  if (opts.bigrams && f.bigrams.size > 0)
    for (let i = 1; i < ev.tokens.length; i++) {
      const m = bigramsAfter(model, ev.tokens[i - 1]!);
      if (m !== null) addFeature(f, z, m.get(ev.tokens[i]!.stem) ?? -1, stamp);
    }
  if (f.ngrams.size > 0)
    for (const t of ev.tokens) {
      const w = t.tr || t.key;
      if (w.length < 4 || /\d/.test(w)) continue;
      const x = `^${w}$`;
      for (const n of f.ngramNs)
        for (let i = 0; i + n <= x.length; i++)
          addFeature(f, z, f.ngrams.get(x.slice(i, i + n)) ?? -1, stamp);
    }
  if (opts.rules)
    for (const r of rules) if (r.terms.length > 0) addFeature(f, z, f.rules.get(r.label) ?? -1, stamp);
  if (opts.shape && f.shapes.size + f.shapeGroups.size > 0)
    for (const h of messageShapes(ev)) {
      addFeature(f, z, f.shapes.get(h) ?? -1, stamp);
      const m = f.shapeGroups.get(h);
      if (m) for (const g of ev.groups.keys()) addFeature(f, z, m.get(g) ?? -1, stamp);
    }
  if (opts.counts) {
    const g = ev.groups.size;
    for (let n = 2; n <= 6; n++) {
      if (g >= n) addFeature(f, z, f.kGroups[n]!, stamp);
      if (nFacets >= n) addFeature(f, z, f.kFacets[n]!, stamp);
      if (terms >= n) addFeature(f, z, f.kTerms[n]!, stamp);
    }
  }
  return z;
}

/** The `s:` feature index of a word's stem, memoised on the shared folded word (chat vocabulary repeats). */
function stemFeature(model: CompiledLabelModel, t: Token): number {
  const w = t.word;
  if (w.model !== model) {
    w.model = model;
    w.stemFeature = t.stem.length >= 3 ? (model.fast.stems.get(t.stem) ?? -1) : -1;
  }
  return w.stemFeature;
}

/** The `b:` feature indices of the bigrams that start with a word's stem (null: none), memoised on the folded word. */
function bigramsAfter(model: CompiledLabelModel, t: Token): Map<string, number> | null {
  const w = t.word;
  if (w.bigramModel !== model) {
    w.bigramModel = model;
    w.bigrams = model.fast.bigrams.get(t.stem) ?? null;
  }
  return w.bigrams as Map<string, number> | null;
}

// Module-level, not a closure per message (under tsx every closure also costs a `__name`).
function addFeature(f: FastTables, z: Float64Array, i: number, stamp: number): void {
  if (i < 0 || f.seen[i] === stamp) return;
  f.seen[i] = stamp;
  const n = z.length;
  const at = i * n;
  for (let l = 0; l < n; l++) z[l]! += f.byFeature[at + l]!;
}

/** `explain` over the integer tables: each hit and word gets the positive weights of the features it makes present. */
function fastExplain(
  model: CompiledLabelModel,
  li: number,
  ev: LabelEvidence,
  rules: readonly LabelHit[],
): LabelTerm[] {
  const f = model.fast;
  const W = f.weights[li]!;
  const byTerm: WeightedTerm[] = [];
  for (const h of ev.counted) {
    const ids = hitIds(f, h);
    let x = 0;
    for (let k = 0; k < ids.length; k++) if (W[ids[k]!]! > 0) x += W[ids[k]!]!;
    if (x > 0) putTerm(byTerm, h.out, x);
  }
  // Word features name the word(s) they come from; looked up directly, no feature strings.
  const opts = model.features;
  if (opts.stems)
    for (const t of ev.tokens) {
      const si = stemFeature(model, t);
      wordWeight(byTerm, W, t, si < 0 ? undefined : si);
      if (opts.altStems) {
        if (t.trStem !== t.stem)
          wordWeight(byTerm, W, t, t.trStem.length >= 3 ? f.stems.get(t.trStem) : undefined);
        if (t.base !== t.stem) wordWeight(byTerm, W, t, t.base.length >= 3 ? f.stems.get(t.base) : undefined);
      }
    }
  if (opts.bigrams && f.bigrams.size > 0)
    for (let k = 1; k < ev.tokens.length; k++) {
      const a = ev.tokens[k - 1]!;
      const b = ev.tokens[k]!;
      const i = f.bigrams.get(a.stem)?.get(b.stem);
      if (i !== undefined && W[i]! > 0)
        putTerm(byTerm, { term: `${a.key} ${b.key}`, start: a.start, end: b.end }, W[i]!);
    }
  if (opts.rules)
    for (const r of rules) {
      const i = f.rules.get(r.label);
      if (i !== undefined && W[i]! > 0) for (const t of r.terms) putTerm(byTerm, t, W[i]!);
    }
  if (f.ngrams.size > 0) {
    const fs: FeatureSet = new Map();
    addNgrams(fs, ev.tokens, f.ngramNs);
    for (const [name, terms] of fs) {
      const i = f.ids.get(name);
      if (i === undefined || W[i]! <= 0) continue;
      for (const t of terms) putTerm(byTerm, t, W[i]!);
    }
  }
  return finishTerms(byTerm);
}

function wordWeight(byTerm: WeightedTerm[], W: Float64Array, t: Token, i: number | undefined): void {
  if (i !== undefined && W[i]! > 0) putTerm(byTerm, { term: t.key, start: t.start, end: t.end }, W[i]!);
}

type WeightedTerm = LabelTerm & { w: number };

/** Adds `x` to the entry of `t`'s span (one entry per span: a lexicon term and its word's stem are one piece of evidence). */
function putTerm(terms: WeightedTerm[], t: LabelTerm, x: number): void {
  for (const e of terms)
    if (e.start === t.start && e.end === t.end && (t.start !== t.end || e.term === t.term)) {
      e.w += x;
      return;
    }
  const e: WeightedTerm = { term: t.term, start: t.start, end: t.end, w: x };
  if (t.lang !== undefined) e.lang = t.lang;
  terms.push(e);
}

function finishTerms(terms: WeightedTerm[]): WeightedTerm[] {
  for (const e of terms) e.w = Math.round(e.w * 1000) / 1000;
  return terms.sort(byOffsets);
}

function byOffsets(a: LabelTerm, b: LabelTerm): number {
  return a.start - b.start || a.end - b.end;
}

export function vetoed(
  veto: readonly Veto[],
  ev: { groups: ReadonlyMap<string, { strong: boolean; weakIds: number }> },
): boolean {
  for (const v of veto) {
    if (!ev.groups.has(v.group)) continue;
    let lifted = false;
    for (const g of v.unless ?? []) {
      const s = ev.groups.get(g);
      if (s && (s.strong || s.weakIds >= 2)) lifted = true;
    }
    if (!lifted) return true;
  }
  return false;
}

const ORDER: MessageLabel[] = ['sale', 'recruitment', 'training', 'payment', 'drop_report'];

export const LABEL_MODEL_DATA = data as unknown as LabelModelData;
let shipped: CompiledLabelModel | null | undefined;

/** The shipped model (null when label-model.json has no labels), compiled on first use like the lexicon. */
export function defaultLabelModel(): CompiledLabelModel | null {
  if (shipped === undefined)
    shipped = Object.keys(LABEL_MODEL_DATA.labels).length > 0 ? compileLabelModel(LABEL_MODEL_DATA) : null;
  return shipped;
}
