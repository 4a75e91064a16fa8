import type { MessageLabel } from '../model/tables.ts';
import { type FoldedWord, foldText, type Token, translitWord } from './fold-text.ts';
import {
  applyModel,
  type CompiledLabelModel,
  defaultLabelModel,
  fastScores,
  labelProbability,
} from './label-model.ts';
import {
  type CompiledLexicon,
  type CompiledTerm,
  defaultLexicon,
  type LabelDef,
  type NearRule,
  prefixKey,
} from './lexicon.ts';

export interface LabelTerm {
  /** The lexicon term (or pattern name) that matched. */
  term: string;
  /** UTF-16 offsets of the matched words in the message text, end exclusive. */
  start: number;
  end: number;
  lang?: string;
  /** Learned labels only: the summed weight of the model features this span stands behind. */
  w?: number;
}

export interface LabelHit {
  label: MessageLabel;
  /** 0–1: `1 − e^(−sum of matched weights)`; a label is only given at or above its threshold. */
  score: number;
  terms: LabelTerm[];
}

/**
 * Structure the parser already knows (typed entities, validated identifiers, a location attachment):
 * each present feature counts like the matching pattern (once per group, not on top of it).
 */
export interface LabelFeatures {
  /** A coordinate pair or a map link (location attachment, venue, map URL entity) → drop-report evidence. */
  hasCoordinates?: boolean;
  /** A validated card, IBAN, account or wallet → payment-identifier evidence. */
  hasPaymentIdentifier?: boolean;
  /** A price with a currency → shop evidence. */
  hasPrice?: boolean;
}

const NO_FEATURES: LabelFeatures = Object.freeze({});

const FEATURE_HITS: Array<{ key: keyof LabelFeatures; pattern: string; group: string; fallbackW: number }> = [
  { key: 'hasCoordinates', pattern: 'coordinates', group: 'place', fallbackW: 0.6 },
  { key: 'hasPaymentIdentifier', pattern: 'card-number', group: 'payid', fallbackW: 0.4 },
  { key: 'hasPrice', pattern: 'price', group: 'shop', fallbackW: 0.3 },
];

/** One matched term, pattern, `near` pair or parser feature of a message. */
export interface Hit {
  group: string;
  id: string;
  w: number;
  weak: boolean;
  unless: string[];
  /** Kind of evidence, for `minFacets`: the term's `f`, else its group. */
  facet: string;
  emoji?: boolean;
  /** Token indices of the first and last matched word; -1 for patterns and features. */
  ti: number;
  tj: number;
  out: LabelTerm;
}

/**
 * Groups read only by a `sale`/`recruitment` veto (lexicon -14: talk about the trade, a moderator's notice, reported
 * speech). Alone they keep no message's evidence alive (no `near` pair reads them), so every feature the model reads is
 * what it was without them (model 15's weights stand; `scripts/train-labels.ts --veto-only`).
 */
const VETO_ONLY: ReadonlySet<string> = new Set(['meta', 'metareport']);

/**
 * Labels one message (sale, recruitment, training, payment, drop_report) with the versioned lexicon.
 * Explainable: every label lists the terms that gave it, with offsets. A label needs its required term
 * groups (e.g. recruitment = a job word AND a drug word) so that ordinary job offers, cooking salt or a
 * browser bookmark stay unlabelled; ambiguous terms count only with company and drop out when a word of
 * their innocent sense is present.
 */
export function labelMessage(
  text: string,
  lexicon: CompiledLexicon = defaultLexicon(),
  features: LabelFeatures = NO_FEATURES,
  model: CompiledLabelModel | null = defaultLabelModel(),
): LabelHit[] {
  const ev = collectEvidence(text, lexicon, features);
  if (ev === null) return [];
  // Weights are learned on one lexicon's features: with another lexicon (tests, a case's own) the rules decide.
  const out =
    model === null || model.lexiconVersion !== lexicon.version
      ? ruleLabels(ev, lexicon)
      : // The labels the model gives are not computed by the rules as well.
        applyModel(model, ev, ruleLabels(ev, lexicon, model.features.rules ? null : model.covered));
  if (out.some((h) => h.label === 'sale')) return out;
  const named = explicitSale(ev, lexicon);
  return named === null ? out : [named, ...out];
}

/**
 * A drug named by its own name within `reach` words of a trade act (`продам гашиш`, `куплю мефедрон`, `I sell cocaine`,
 * `гашиш сатамын`, `мефедрон бор, ёзинг`): `sale`, whatever the model reads (it learned `sale` from longer messages and
 * reads such two-word ads under its threshold). Not when the act is negated (`не продаю мефедрон`, `kerak emas`), a
 * hit of a `forbid` group stands in the message (a warning, news, talk about the trade, a crew's pay: the model's `sale`
 * vetoes; a course), a hit of a `forbidStrong` group that is not weak (a job offer, production; a buyer's `нужен` is a
 * weak job word) or a word of `forbidWords` (help, rehab, a test); a generic word for drugs (`наркота`, `есірткі`)
 * names none (lexicon `explicit`).
 */
export function explicitSale(
  ev: LabelEvidence,
  lexicon: CompiledLexicon = defaultLexicon(),
): LabelHit | null {
  const x = lexicon.explicit;
  if (x === null) return null;
  let drugs: Hit[] | null = null;
  for (const h of ev.counted) {
    if (x.forbid.has(h.group) || (!h.weak && x.forbidStrong.has(h.group))) return null;
    if (
      h.group === 'product' &&
      h.ti >= 0 &&
      ((!h.weak && h.w >= x.minW && !x.exclude.has(h.out.term)) || x.alsoNamed.has(h.out.term))
    )
      (drugs ??= []).push(h);
  }
  if (drugs === null) return null;
  const toks = ev.tokens;
  for (const t of toks) if (x.forbidWords.has(t.stem)) return null;
  const at = (t: Token, stem: string) => t.stem === stem || t.trStem === stem || t.base === stem;
  for (const act of x.acts) {
    const n = act.stems.length;
    for (let k = 0; k + n <= toks.length; k++) {
      let j = 0;
      while (j < n && at(toks[k + j]!, act.stems[j]!)) j++;
      if (j < n) continue;
      if (k > 0 && lexicon.negations.has(toks[k - 1]!.key)) continue;
      if (k + n < toks.length && lexicon.negationsAfter.has(toks[k + n]!.key)) continue;
      // Words between the two spans; a drug inside the act's span (`в наличии`) is none.
      const gap = (h: Hit) => (h.tj < k ? k - h.tj - 1 : h.ti > k + n - 1 ? h.ti - (k + n) : -1);
      const drug = drugs.find((h) => gap(h) >= 0 && gap(h) <= x.reach);
      if (drug === undefined) continue;
      const start = toks[k]!.start;
      const end = toks[k + n - 1]!.end;
      const terms = [drug.out, { term: act.t, start, end, ...(act.lang ? { lang: act.lang } : {}) }].sort(
        (a, b) => a.start - b.start,
      );
      return { label: 'sale', score: x.score, terms };
    }
  }
  return null;
}

/**
 * Every label's score for one message, below the thresholds too: `labelMessage`'s rule scores and the model's
 * probabilities (0 when a veto holds), as `labelMessage` would weigh them; empty when no label can hold. The chat
 * context reads it (label-chat.ts).
 */
export function labelProbabilities(
  text: string,
  lexicon: CompiledLexicon = defaultLexicon(),
  features: LabelFeatures = NO_FEATURES,
  model: CompiledLabelModel | null = defaultLabelModel(),
): Map<MessageLabel, number> {
  const ev = collectEvidence(text, lexicon, features);
  return ev === null ? new Map() : evidenceProbabilities(ev, lexicon, model);
}

/** `labelProbabilities` of a message whose evidence is already collected (not null). */
export function evidenceProbabilities(
  ev: LabelEvidence,
  lexicon: CompiledLexicon = defaultLexicon(),
  model: CompiledLabelModel | null = defaultLabelModel(),
): Map<MessageLabel, number> {
  const out = new Map<MessageLabel, number>();
  if (model === null || model.lexiconVersion !== lexicon.version) {
    for (const r of ruleLabels(ev, lexicon)) out.set(r.label, r.score);
  } else {
    const rules = ruleLabels(ev, lexicon, model.features.rules ? null : model.covered);
    for (const r of rules) if (!model.covered.has(r.label)) out.set(r.label, r.score);
    // fastScores returns the model's scratch buffer: read it before anything labels again.
    const z = fastScores(model, ev, rules);
    for (let li = 0; li < model.labels.length; li++)
      out.set(model.labels[li]!.label, labelProbability(model, li, ev, z));
  }
  // A drug named near a trade act is `sale` at the rule's score at least, as `labelMessage` gives it.
  const named = explicitSale(ev, lexicon);
  if (named !== null && (out.get('sale') ?? 0) < named.score) out.set('sale', named.score);
  return out;
}

/**
 * The lexicon evidence of one message — matched terms, patterns, `near` pairs and parser features after
 * negation, `unless` and de-duplication — or null when no label can hold (no hit in a group that some rule
 * requires: ordinary chat stops here).
 */
export function collectEvidence(
  text: string,
  lexicon: CompiledLexicon = defaultLexicon(),
  features: LabelFeatures = NO_FEATURES,
): LabelEvidence | null {
  // A message none of whose words can start a term of a required group has no evidence (see `live` below): no
  // token is even built.
  const tokens = foldText(text, reachesRequired, lexicon);
  if (tokens === null) return null;
  const hits: Hit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const plan = lookups(lexicon, tok.word);
    if (plan === null) continue;
    // A term indexed under both the stem and the word counts once (no merged list built per word). A phrase is
    // tried only when the next word is the second word of one of this word's phrases.
    const terms = plan.terms;
    if (terms.length > 0) {
      const next = i + 1 < tokens.length ? tokens[i + 1]! : null;
      const phrases =
        next !== null &&
        plan.second !== null &&
        isSecond(lexicon, next.word) &&
        (plan.second.has(next.stem) || plan.second.has(next.key));
      for (const t of terms)
        if (t.keys.length === 1) addHit(hits, lexicon, tokens, t, i, i, tok.start, tok.end);
        else if (phrases || t.keys.length === 0) tryTerm(hits, lexicon, tokens, t, i);
    }
    for (const t of plan.prefix) addHit(hits, lexicon, tokens, t, i, i, tok.start, tok.end);
    if (tok.tr !== '') translitHits(hits, lexicon, tokens, tok, i);
    // Kazakh/Uzbek inflection (`курьерлерге`, `kuryerlar`): one-word terms on the base, if nothing matched yet.
    if (plan.base !== null && (hits.length === 0 || hits[hits.length - 1]!.ti !== i))
      for (const t of plan.base) addHit(hits, lexicon, tokens, t, i, i, tok.start, tok.end);
    // A diminutive (`кладик`, `закладочка`, `адресок`): the plain noun's one-word terms, those not matched already
    // (a cue list may hold the diminutive itself: `кладик` is a buyer's object word and, so, a stash word).
    if (plan.dim !== null)
      for (const t of plan.dim)
        if (!seenTerm(hits, 0, t, i)) addHit(hits, lexicon, tokens, t, i, i, tok.start, tok.end);
  }
  if (hits.length === 0) return null;
  // Ordinary chat hits veto-only words (`сайт`, `доставка`, a city): no rule holds without a required group.
  let live = false;
  for (const h of hits)
    if (lexicon.required.has(h.group)) {
      live = true;
      break;
    }
  if (!live) return null;
  const kept: Hit[] = [];
  let denial = -1;
  for (const h of hits) {
    if (h.unless.length > 0) {
      const c = cancelled(tokens, h.unless);
      if (c === CANCELLED) continue;
      if (c >= 0 && denial < 0) denial = c;
    }
    kept.push(h);
  }
  // Hits of a veto-only group keep nothing alive: with them the evidence is what it was without them.
  let own = kept.length;
  for (const h of kept) if (VETO_ONLY.has(h.group)) own--;
  // The innocent sense named and denied (`соль нужна. не поваренная`, `шишки не с огорода`) is the trade's wink: a
  // `coded` hit on the denial, read like a quoted code word.
  if (denial >= 0 && own > 0) {
    const d = tokens[denial]!;
    kept.push({
      group: 'coded',
      id: 'd:denied-sense',
      w: 0,
      weak: true,
      unless: [],
      facet: 'coded',
      ti: denial,
      tj: denial,
      out: { term: 'denied-sense', start: tokens[denial > 0 ? denial - 1 : 0]!.start, end: d.end },
    });
    own++;
  }
  if (own === 0) return null;
  // Common words (`только`, `фото`, `адрес`) are co-occurrence cues only: alone they decide nothing, unless a
  // `live` pair forms from them (`оплатил, жду адрес`: a buyer's DM, read by the model).
  let cues = 0;
  for (const h of kept) if (lexicon.cueOnly.has(h.group)) cues++;
  if (cues === own) {
    const n = kept.length;
    runNear(kept, lexicon, true);
    if (kept.length === n) return null;
  } else runNear(kept, lexicon, false);
  // Cue hits have done their work: no label reads their groups.
  if (cues > 0) {
    let w = 0;
    for (const h of kept) if (!lexicon.cueOnly.has(h.group)) kept[w++] = h;
    kept.length = w;
  }
  // Most patterns (weights, coordinates, card numbers, TRON addresses) need a digit. A pattern with a `need` runs
  // where that matches; the others where their set's gate does.
  const hasDigit = /\d/.test(text);
  const gated = anyMatch(hasDigit ? lexicon.patternGates : lexicon.anywhereGates, text);
  for (const p of hasDigit ? lexicon.patterns : lexicon.anywherePatterns) {
    if (p.need === null ? !gated : !p.need.test(text)) continue;
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m !== null; m = p.re.exec(text)) {
      kept.push({
        group: p.group,
        id: `p:${p.name}`,
        w: p.w,
        weak: p.weak,
        unless: [],
        facet: p.facet,
        ti: -1,
        tj: -1,
        out: { term: p.name, start: m.index, end: m.index + m[0].length },
      });
      if (!p.re.global) break;
    }
  }
  for (const f of FEATURE_HITS) {
    if (features[f.key] !== true || kept.some((h) => h.group === f.group && h.id.startsWith('p:'))) continue;
    const p = lexicon.patterns.find((x) => x.name === f.pattern);
    kept.push({
      group: p?.group ?? f.group,
      id: `f:${f.key}`,
      w: p?.w ?? f.fallbackW,
      weak: false,
      unless: [],
      facet: p?.facet ?? f.group,
      ti: -1,
      tj: -1,
      out: { term: `feature:${f.key}`, start: 0, end: 0 },
    });
  }
  for (const r of lexicon.inside) dropInside(kept, r);
  // Two entries of one group on the same words (`клад`/`клады`, ru/uz spellings) count once, the heavier.
  // A message has a handful of hits: a scan, not a map with a string key per hit.
  const counted: Hit[] = [];
  for (const h of kept) {
    let j = 0;
    while (j < counted.length) {
      const c = counted[j]!;
      if (c.group === h.group && c.out.start === h.out.start && c.out.end === h.out.end) break;
      j++;
    }
    if (j === counted.length) counted.push(h);
    else if (h.w > counted[j]!.w) counted[j] = h;
  }
  // Per group: distinct matched terms and whether the group is anchored.
  const groups = new Map<string, GroupStat>();
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
  // `？` too: a phone's full-width question mark.
  return { tokens, counted, groups, ask: text.includes('?') || text.includes('\uFF1F') };
}

/** Some term of a required group can start at the word (`foldText`'s filter: its context is the lexicon). */
function reachesRequired(word: FoldedWord, lexicon: CompiledLexicon): boolean {
  return lookups(lexicon, word)?.required === true;
}

/**
 * The word's `WordPlan`, or null when no term can start at it. Most words of ordinary chat are in no term: decided
 * once per distinct word, not per occurrence.
 */
function lookups(lexicon: CompiledLexicon, word: FoldedWord): WordPlan | null {
  if (word.miss === lexicon) return null;
  if (word.hit !== lexicon) {
    if (!mayHit(lexicon, word)) {
      word.miss = lexicon;
      return null;
    }
    word.hit = lexicon;
  }
  return wordPlan(lexicon, word);
}

/**
 * What `collectEvidence` looks up for one word, a pure function of the word and the lexicon, so memoised on the
 * shared folded word: the terms starting at its stem, then those at its form that are not among them (`tryTerm`'s
 * order), the second words of those that are phrases, the prefix terms it starts with, and the one-word terms of its
 * Kazakh/Uzbek base (only when neither stem nor form has an entry) and of its diminutive's noun.
 */
interface WordPlan {
  lexicon: CompiledLexicon;
  terms: readonly CompiledTerm[];
  /** `keys[1]` and `words[1]` of the phrases among `terms`; null when there are none. */
  second: ReadonlySet<string> | null;
  prefix: readonly CompiledTerm[];
  base: readonly CompiledTerm[] | null;
  dim: readonly CompiledTerm[] | null;
  /**
   * Some term that any path can match at this word (stem, form, prefix, Latin reading, base, diminutive; phrases
   * included) is of a group in `lexicon.required`. False: no hit of this word makes a message's evidence live.
   */
  required: boolean;
}

const NO_TERMS: readonly CompiledTerm[] = Object.freeze([]);

/** `keys[1]` and `words[1]` of every phrase term of a lexicon. */
const SECOND_WORDS = new WeakMap<CompiledLexicon, ReadonlySet<string>>();

/** The word is the second word of some phrase (by stem or as written): memoised on the folded word. */
function isSecond(lexicon: CompiledLexicon, word: FoldedWord): boolean {
  if (word.secondOf === lexicon) return word.isSecond;
  let all = SECOND_WORDS.get(lexicon);
  if (all === undefined) {
    const set = new Set<string>();
    for (const t of lexicon.terms)
      if (t.keys.length >= 2) {
        set.add(t.keys[1]!);
        set.add(t.words[1]!);
      }
    SECOND_WORDS.set(lexicon, (all = set));
  }
  word.secondOf = lexicon;
  word.isSecond = all.has(word.stem) || all.has(word.key);
  return word.isSecond;
}

function wordPlan(lexicon: CompiledLexicon, tok: FoldedWord): WordPlan {
  const memo = tok.plan as WordPlan | null;
  if (memo !== null && memo.lexicon === lexicon) return memo;
  const a = lexicon.byKey.get(tok.stem);
  const b = tok.key !== tok.stem ? lexicon.byKey.get(tok.key) : undefined;
  const terms: CompiledTerm[] = a ? [...a] : [];
  if (b && b !== a) for (const t of b) if (!a?.includes(t)) terms.push(t);
  let second: Set<string> | null = null;
  for (const t of terms)
    if (t.keys.length >= 2) {
      second ??= new Set();
      second.add(t.keys[1]!);
      second.add(t.words[1]!);
    }
  let prefix: CompiledTerm[] | null = null;
  if (tok.key.length >= 2 && lexicon.prefixFirst.has(tok.key.charCodeAt(0))) {
    const pre = lexicon.byPrefix.get(prefixKey(tok.key));
    if (pre) for (const t of pre) if (tok.key.startsWith(t.keys[0]!)) (prefix ??= []).push(t);
  }
  const singles = (k: string): CompiledTerm[] | null => {
    const c = lexicon.byKey.get(k);
    return c ? c.filter((t) => t.keys.length === 1) : null;
  };
  const base = tok.base !== '' && !a && !b ? singles(tok.base) : null;
  const dim = tok.dim !== '' ? singles(tok.dim) : null;
  // Every term `translitHits` can reach (a superset: it adds only some of them).
  const viaTr: CompiledTerm[] = [];
  if (tok.tr !== '') {
    for (const k of [tok.tr, tok.trStem]) viaTr.push(...(lexicon.byKey.get(k) ?? []));
    if (tok.tr.length >= 2 && lexicon.prefixFirst.has(tok.tr.charCodeAt(0)))
      viaTr.push(...(lexicon.byPrefix.get(prefixKey(tok.tr)) ?? []));
  }
  const req = (ts: readonly CompiledTerm[] | null) => ts?.some((t) => lexicon.required.has(t.group)) === true;
  const plan: WordPlan = {
    lexicon,
    terms: terms.length > 0 ? terms : NO_TERMS,
    second,
    prefix: prefix ?? NO_TERMS,
    base,
    dim,
    required: req(terms) || req(prefix) || req(base) || req(dim) || req(viaTr),
  };
  tok.plan = plan;
  return plan;
}

/**
 * Whether any term can start at this word (its stem, form, prefix, Latin reading or Kazakh/Uzbek base has an
 * entry): the look-ups of the matching loop, without matching; a pure function of the word and the lexicon.
 */
function mayHit(lexicon: CompiledLexicon, tok: FoldedWord): boolean {
  if (lexicon.byKey.has(tok.stem) || lexicon.byKey.has(tok.key)) return true;
  if (prefixMatch(lexicon, tok.key)) return true;
  if (
    tok.tr !== '' &&
    (lexicon.byKey.has(tok.tr) || lexicon.byKey.has(tok.trStem) || prefixMatch(lexicon, tok.tr))
  )
    return true;
  return (tok.base !== '' && lexicon.byKey.has(tok.base)) || (tok.dim !== '' && lexicon.byKey.has(tok.dim));
}

function prefixMatch(lexicon: CompiledLexicon, w: string): boolean {
  if (w.length < 2 || !lexicon.prefixFirst.has(w.charCodeAt(0))) return false;
  const pre = lexicon.byPrefix.get(prefixKey(w));
  if (pre) for (const t of pre) if (w.startsWith(t.keys[0]!)) return true;
  return false;
}

/** The hand-written rules of the lexicon (`labels` in lexicon.json) over one message's evidence. */
export function ruleLabels(
  ev: LabelEvidence,
  lexicon: CompiledLexicon = defaultLexicon(),
  skip: ReadonlySet<MessageLabel> | null = null,
): LabelHit[] {
  const { groups } = ev;
  const counted = ev.counted;
  const out: LabelHit[] = [];
  for (const lab of compiledLabels(lexicon)) {
    if (skip?.has(lab.label)) continue;
    // The rule that holds decides which groups the score and the listed terms come from.
    let used: CompiledRule | null = null;
    let usedW = 0;
    let ownW = -1;
    for (let r = -1; r < lab.alts.length && !used; r++) {
      const rule = r < 0 ? lab.main : lab.alts[r]!;
      if (rule.forbid && anyPresent(groups, rule.forbid)) continue;
      // Cheap and exact: every required row needs one of its groups present at all.
      if (!rowsPresent(groups, rule.require)) continue;
      let w: number;
      if (rule.ownGroups) w = sumW(groups, rule.groups);
      else {
        if (ownW < 0) ownW = sumW(groups, lab.groups);
        w = ownW;
      }
      if (rule.minTerms > 0 && sumN(groups, rule.groups) < rule.minTerms) continue;
      if (rule.minFacets > 0 && !facetsHold(counted, rule)) continue;
      if (holds(groups, rule.require, rule.threshold, rule.margin, w)) {
        used = rule;
        usedW = w;
      }
    }
    if (!used) continue;
    if (lab.yieldTo && anyAnchored(groups, lab.yieldTo) && !(lab.keepIf && anyAnchored(groups, lab.keepIf)))
      continue;
    const names = used.groups;
    const terms: LabelTerm[] = [];
    for (const h of counted) if (names.includes(h.group)) terms.push(h.out);
    terms.sort(byOffsets);
    out.push({
      label: lab.label,
      score: Math.round((1 - Math.exp(-usedW)) * 1000) / 1000,
      terms: dedupeTerms(terms),
    });
  }
  return out;
}

/** What `collectEvidence` found in one message: the model's and the rules' input. */
export interface LabelEvidence {
  tokens: Token[];
  /** Hits that count: one per group and span (the heavier), after negation and `unless`. */
  counted: Hit[];
  /** Per group: distinct matched terms, summed weight, anchoring. */
  groups: Map<string, GroupStat>;
  /** The message asks something (a question mark): with few words, the shape of a buyer's line (model 12). */
  ask?: boolean;
}

export interface GroupStat {
  ids: Set<string>;
  strong: boolean;
  w: number;
  weakIds: number;
  words: number;
}

function isAnchored(groups: Map<string, GroupStat>, name: string): boolean {
  const g = groups.get(name);
  return g !== undefined && (g.strong || g.weakIds >= 2);
}

function anyAnchored(groups: Map<string, GroupStat>, names: readonly string[]): boolean {
  for (const n of names) if (isAnchored(groups, n)) return true;
  return false;
}

function anyPresent(groups: Map<string, GroupStat>, names: readonly string[]): boolean {
  for (const n of names) if (groups.has(n)) return true;
  return false;
}

function sumW(groups: Map<string, GroupStat>, names: readonly string[]): number {
  let w = 0;
  for (const g of names) w += groups.get(g)?.w ?? 0;
  return w;
}

/**
 * `minFacets` distinct facets among the counted hits of the rule's groups, one of them from `anyFacet` when
 * given; only run for a rule whose other conditions held.
 */
function facetsHold(counted: readonly Hit[], rule: CompiledRule): boolean {
  const seen: string[] = [];
  let any = rule.anyFacet === null;
  for (const h of counted) {
    if (!rule.groups.includes(h.group) || seen.includes(h.facet)) continue;
    seen.push(h.facet);
    if (!any && rule.anyFacet!.includes(h.facet)) any = true;
  }
  return any && seen.length >= rule.minFacets;
}

function sumN(groups: Map<string, GroupStat>, names: readonly string[]): number {
  let n = 0;
  for (const g of names) n += groups.get(g)?.ids.size ?? 0;
  return n;
}

/** A required group: anchored (`g`), present (`g~`), or present with a word, not only an emoji (`g+`). */
interface Req {
  g: string;
  mode: 0 | 1 | 2;
}

interface CompiledRule {
  groups: readonly string[];
  /** The rule sums its own groups rather than the label's. */
  ownGroups: boolean;
  require: Req[][];
  threshold: number;
  margin: number | undefined;
  minTerms: number;
  minFacets: number;
  anyFacet: readonly string[] | null;
  forbid: readonly string[] | null;
}

interface CompiledLabel {
  label: MessageLabel;
  groups: readonly string[];
  main: CompiledRule;
  alts: CompiledRule[];
  yieldTo: readonly string[] | null;
  keepIf: readonly string[] | null;
}

const COMPILED_LABELS = new WeakMap<CompiledLexicon, CompiledLabel[]>();

/** Label rules with their `g~`/`g+` suffixes parsed once per lexicon, not per message. */
function compiledLabels(lexicon: CompiledLexicon): CompiledLabel[] {
  let c = COMPILED_LABELS.get(lexicon);
  if (c) return c;
  const req = (rows: readonly string[][]): Req[][] =>
    rows.map((row) =>
      row.map((a) =>
        a.endsWith('~')
          ? { g: a.slice(0, -1), mode: 1 as const }
          : a.endsWith('+')
            ? { g: a.slice(0, -1), mode: 2 as const }
            : { g: a, mode: 0 as const },
      ),
    );
  c = (Object.entries(lexicon.labels) as Array<[MessageLabel, LabelDef]>).map(([label, def]) => ({
    label,
    groups: def.groups,
    main: {
      groups: def.groups,
      ownGroups: false,
      require: req(def.require),
      threshold: def.threshold,
      margin: def.crossAnchorMargin,
      minTerms: 0,
      minFacets: 0,
      anyFacet: null,
      forbid: null,
    },
    alts: (def.alternatives ?? []).map((alt) => ({
      groups: alt.groups ?? def.groups,
      ownGroups: alt.groups !== undefined,
      require: req(alt.require),
      threshold: alt.threshold,
      margin: undefined,
      minTerms: alt.minTerms ?? 0,
      minFacets: alt.minFacets ?? 0,
      anyFacet: alt.anyFacet ?? null,
      forbid: alt.forbid ?? null,
    })),
    yieldTo: def.yieldTo ?? null,
    keepIf: def.keepIf ?? null,
  }));
  COMPILED_LABELS.set(lexicon, c);
  return c;
}

function rowsPresent(groups: Map<string, GroupStat>, require: readonly Req[][]): boolean {
  for (const row of require) {
    let ok = false;
    for (const r of row) if (groups.has(r.g)) ok = true;
    if (!ok) return false;
  }
  return true;
}

function holds(
  groups: Map<string, GroupStat>,
  require: readonly Req[][],
  threshold: number,
  margin: number | undefined,
  raw: number,
): boolean {
  // Weights are decimals: 0.3 + 0.3 + 0.3 + 0.2 + 0.2 must reach a 1.3 threshold.
  if (raw + 1e-9 < threshold) return false;
  const strongSum = raw + 1e-9 >= threshold + (margin ?? Number.POSITIVE_INFINITY);
  for (const row of require) {
    let ok = false;
    for (const r of row) {
      if (r.mode === 1) ok = groups.has(r.g);
      else if (r.mode === 2) ok = (groups.get(r.g)?.words ?? 0) > 0;
      else ok = isAnchored(groups, r.g) || (strongSum && (groups.get(r.g)?.words ?? 0) > 0);
      if (ok) break;
    }
    if (!ok) return false;
  }
  return true;
}

function anyMatch(gates: readonly RegExp[], text: string): boolean {
  for (const g of gates) if (g.test(text)) return true;
  return false;
}

function byOffsets(a: LabelTerm, b: LabelTerm): number {
  return a.start - b.start || a.end - b.end;
}

/**
 * A term's `unless` forms indexed by the first char of their first word, built once per term. A form cancels the
 * term when the message has its words in a row, the last one as a word start (`рецепт` cancels at `рецепты`): what
 * matching ` form` inside ` key1 key2 … ` gave, without joining the keys or scanning them once per form.
 */
interface UnlessIndex {
  /** A form without words (it was a substring of every message). */
  always: boolean;
  byFirst: Map<number, string[][]>;
}

const UNLESS_INDEX = new WeakMap<readonly string[], UnlessIndex>();

function unlessIndex(unless: readonly string[]): UnlessIndex {
  let x = UNLESS_INDEX.get(unless);
  if (x) return x;
  x = { always: false, byFirst: new Map() };
  for (const u of unless) {
    if (u === '') {
      x.always = true;
      continue;
    }
    const words = u.split(' ');
    const c = words[0]!.charCodeAt(0);
    const list = x.byFirst.get(c);
    if (list) list.push(words);
    else x.byFirst.set(c, [words]);
  }
  UNLESS_INDEX.set(unless, x);
  return x;
}

/** A denial of the innocent sense (`не огородные`, `не для кухни`, `не с огорода`, `not for the garden`); folded keys. */
const DENY = new Set(['не', 'not']);
const DENIED_PURPOSE = new Set(['для', 'for', 'под', 'с', 'из', 'from']);

/** `cancelled`: a word of the innocent sense is present and not denied. */
const CANCELLED = -2;

/**
 * Whether a word of the innocent sense is present: `CANCELLED`; else the token index of the first one the message
 * denies (`соли … не для кухни`, `шишки, не для сада`: the trade's wink, which does not cancel the term); else -1.
 */
function cancelled(tokens: readonly Token[], unless: readonly string[]): number {
  const x = unlessIndex(unless);
  if (x.always) return CANCELLED;
  const n = tokens.length;
  let deniedAt = -1;
  for (let i = 0; i < n; i++) {
    const forms = x.byFirst.get(tokens[i]!.key.charCodeAt(0));
    if (forms === undefined) continue;
    for (const words of forms) {
      const last = words.length - 1;
      if (i + last >= n) continue;
      let ok = true;
      for (let k = 0; k < last && ok; k++) ok = tokens[i + k]!.key === words[k];
      if (!ok || !tokens[i + last]!.key.startsWith(words[last]!)) continue;
      if (!denied(tokens, i)) return CANCELLED;
      if (deniedAt < 0) deniedAt = i;
    }
  }
  return deniedAt;
}

function denied(tokens: readonly Token[], i: number): boolean {
  if (i >= 1 && DENY.has(tokens[i - 1]!.key)) return true;
  return i >= 2 && DENIED_PURPOSE.has(tokens[i - 1]!.key) && DENY.has(tokens[i - 2]!.key);
}

/**
 * Terms matched on a Latin word's Russian reading (`zakladki`, `oplata`, `m3f`): one-word Cyrillic terms only,
 * each once, and not when the word itself already matched (`bot` is a term in both scripts).
 */
function translitHits(
  hits: Hit[],
  lexicon: CompiledLexicon,
  tokens: readonly Token[],
  tok: Token,
  i: number,
): void {
  const before = hits.length;
  for (const k of tok.trStem === tok.tr ? [tok.tr] : [tok.trStem, tok.tr]) {
    const ts = lexicon.byKey.get(k);
    if (ts)
      for (const t of ts)
        if (t.keys.length === 1) {
          if (!seenTerm(hits, before, t, i) && !matchedBefore(hits, before, i))
            addHit(hits, lexicon, tokens, t, i, i, tok.start, tok.end);
        } else if (!seenTerm(hits, before, t, i)) translitPhrase(hits, lexicon, tokens, t, i);
  }
  if (lexicon.prefixFirst.has(tok.tr.charCodeAt(0))) {
    const pre = lexicon.byPrefix.get(prefixKey(tok.tr));
    if (pre)
      for (const t of pre)
        if (tok.tr.startsWith(t.keys[0]!) && !seenTerm(hits, before, t, i))
          addHit(hits, lexicon, tokens, t, i, i, tok.start, tok.end);
  }
}

/**
 * A phrase whose first word is a Latin word's Russian reading (`oplata za kazhdyy adres`, `est che`): each next word
 * matches as written or read as Russian, two-letter words included (`za`, `na`, `ne`).
 */
function translitPhrase(
  hits: Hit[],
  lexicon: CompiledLexicon,
  tokens: readonly Token[],
  t: CompiledTerm,
  i: number,
): void {
  const n = t.keys.length;
  if (i + n > tokens.length) return;
  for (let k = 1; k < n; k++) {
    const x = tokens[i + k]!;
    if (x.stem === t.keys[k] || x.key === t.words[k]) continue;
    const r = x.tr !== '' ? x.tr : translitWord(x.key, 2);
    if (r === '' || (r !== t.words[k] && r !== t.keys[k] && x.trStem !== t.keys[k])) return;
  }
  addHit(hits, lexicon, tokens, t, i, i + n - 1, tokens[i]!.start, tokens[i + n - 1]!.end);
}

function seenTerm(hits: readonly Hit[], from: number, t: CompiledTerm, i: number): boolean {
  const id = (TERM_IDS[t.id] ??= `t${t.id}`);
  for (let k = from; k < hits.length; k++) if (hits[k]!.id === id && hits[k]!.ti === i) return true;
  return false;
}

/** The word already matched a term on its own spelling (checked before the translit hits were added). */
function matchedBefore(hits: readonly Hit[], before: number, i: number): boolean {
  return before > 0 && hits[before - 1]!.ti === i;
}

/** Hit ids by term id: built once, not a new string per hit. */
const TERM_IDS: string[] = [];

/** Matches term `t` (a word or a phrase) starting at token `i`. */
function tryTerm(
  hits: Hit[],
  lexicon: CompiledLexicon,
  tokens: readonly Token[],
  t: CompiledTerm,
  i: number,
): void {
  const n = t.keys.length;
  const tok = tokens[i]!;
  if (n === 1) addHit(hits, lexicon, tokens, t, i, i, tok.start, tok.end);
  else if (i + n <= tokens.length) {
    for (let k = 1; k < n; k++) {
      const x = tokens[i + k]!;
      if (x.stem !== t.keys[k] && x.key !== t.words[k]) return;
    }
    addHit(hits, lexicon, tokens, t, i, i + n - 1, tok.start, tokens[i + n - 1]!.end);
  }
}

/** A term's `not` holds the word: as a whole word, or one of its beginnings. */
function isNot(not: NonNullable<CompiledTerm['not']>, key: string): boolean {
  if (not.words.has(key)) return true;
  for (const p of not.prefixes) if (key.startsWith(p)) return true;
  return false;
}

// Module-level helpers, not closures: under tsx every closure created per message also costs a `__name`.
function addHit(
  hits: Hit[],
  lexicon: CompiledLexicon,
  tokens: readonly Token[],
  t: CompiledTerm,
  i: number,
  j: number,
  start: number,
  end: number,
): void {
  // `not`: another language's word that reads as one of the term's forms, by any path (stem, base, Latin reading).
  if (t.not !== undefined && isNot(t.not, tokens[i]!.key)) return;
  if (i > 0 && lexicon.negations.has(tokens[i - 1]!.key)) return;
  if (j + 1 < tokens.length && lexicon.negationsAfter.has(tokens[j + 1]!.key)) return;
  // `mashina shart emas`: a word of need between the term and the negation after it.
  if (
    j + 2 < tokens.length &&
    lexicon.negationsAfterVia.has(tokens[j + 1]!.key) &&
    lexicon.negationsAfter.has(tokens[j + 2]!.key)
  )
    return;
  // A named good whose purpose the message denies (`не для кухни`, `not for cooking`) is not the legit sense.
  if (t.group === 'legit' && i >= 2 && denied(tokens, i)) return;
  hits.push({
    group: t.group,
    id: (TERM_IDS[t.id] ??= `t${t.id}`),
    w: t.w,
    weak: t.weak,
    unless: t.unless,
    facet: t.facet,
    emoji: t.lang === 'emoji',
    ti: i,
    tj: j,
    out: { term: t.term, start, end, lang: t.lang },
  });
}

/** Drops the hits of `r.groups` that lie inside a hit of pattern `r.id` (a quoted good is a code word). */
function dropInside(kept: Hit[], r: CompiledLexicon['inside'][number]): void {
  let spans = 0;
  for (const h of kept) if (h.id === r.id) spans++;
  if (spans === 0) return;
  let w = 0;
  for (const h of kept) {
    if (
      r.groups.has(h.group) &&
      kept.some((q) => q.id === r.id && q.out.start <= h.out.start && h.out.end <= q.out.end)
    )
      continue;
    kept[w++] = h;
  }
  kept.length = w;
}

/**
 * The groups the `near` rules pair, numbered, and each rule's two as numbers: a rule runs only when a hit of each of
 * its groups is there (without them `addNear` finds no pair), in the rules' order, each pair found adding its group
 * for the rules after it. `seen[g] === stamp`: group `g` has a hit in the current message.
 */
interface NearIndex {
  index: Map<string, number>;
  /** `a` and `b` of rule k at 2k and 2k + 1. */
  near: Int32Array;
  live: Int32Array;
  seen: Float64Array;
  stamp: number;
}

const NEAR_INDEX = new WeakMap<CompiledLexicon, NearIndex>();

function nearIndex(lexicon: CompiledLexicon): NearIndex {
  let x = NEAR_INDEX.get(lexicon);
  if (x) return x;
  const index = new Map<string, number>();
  for (const r of [...lexicon.near, ...lexicon.liveNear])
    for (const g of [r.a, r.b]) if (!index.has(g)) index.set(g, index.size);
  const pairs = (rules: readonly NearRule[]) =>
    Int32Array.from(rules.flatMap((r) => [index.get(r.a)!, index.get(r.b)!]));
  x = {
    index,
    near: pairs(lexicon.near),
    live: pairs(lexicon.liveNear),
    seen: new Float64Array(index.size),
    stamp: 0,
  };
  NEAR_INDEX.set(lexicon, x);
  return x;
}

function runNear(kept: Hit[], lexicon: CompiledLexicon, live: boolean): void {
  const x = nearIndex(lexicon);
  const rules = live ? lexicon.liveNear : lexicon.near;
  const pairs = live ? x.live : x.near;
  const { index, seen } = x;
  const stamp = ++x.stamp;
  for (const h of kept) {
    const g = index.get(h.group);
    if (g !== undefined) seen[g] = stamp;
  }
  for (let k = 0; k < rules.length; k++) {
    if (seen[pairs[2 * k]!] !== stamp || seen[pairs[2 * k + 1]!] !== stamp) continue;
    const r = rules[k]!;
    const n = kept.length;
    addNear(kept, r);
    const g = kept.length > n ? index.get(r.group) : undefined;
    if (g !== undefined) seen[g] = stamp;
  }
}

/**
 * A co-occurrence rule: the closest pair of different terms from groups `a` and `b` at most `window` words
 * apart adds one hit to the rule's group; its offsets span both terms, so the label shows the pair.
 */
function addNear(kept: Hit[], r: NearRule): void {
  let best: Hit | null = null;
  let bestB: Hit | null = null;
  let bestGap = Number.POSITIVE_INFINITY;
  const n = kept.length;
  for (let x = 0; x < n; x++) {
    const a = kept[x]!;
    if (a.group !== r.a || a.ti < 0) continue;
    for (let y = 0; y < n; y++) {
      const b = kept[y]!;
      if (b.group !== r.b || b.ti < 0 || b.id === a.id) continue;
      const gap = a.ti <= b.ti ? b.ti - a.tj - 1 : a.ti - b.tj - 1;
      if (gap < 0 || gap > r.window || gap >= bestGap) continue;
      best = a;
      bestB = b;
      bestGap = gap;
    }
  }
  if (!best || !bestB) return;
  const start = Math.min(best.out.start, bestB.out.start);
  const end = Math.max(best.out.end, bestB.out.end);
  kept.push({
    group: r.group,
    id: `n:${r.name}`,
    w: r.w,
    weak: r.weak === true,
    unless: [],
    facet: r.group,
    ti: Math.min(best.ti, bestB.ti),
    tj: Math.max(best.tj, bestB.tj),
    out: { term: r.name, start, end },
  });
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
