import type { MessageLabel } from '../model/tables.ts';
import data from './lexicon.json' with { type: 'json' };
import { foldText } from './fold-text.ts';
import { foldedKeys, foldedStem, LEXICON_FOLDS, type LexiconFolds } from './lexicon-folds.ts';

export interface LexiconTermDef {
  t: string;
  lang: string;
  w: number;
  weak?: boolean;
  p?: boolean;
  /** Exact: matches the folded word only, not its stem (`районы` is coverage, the stem `район` one place). */
  x?: boolean;
  unless?: string[];
  /**
   * Words the term does not match as its first word, though their stem is its own: another language's word that reads
   * as one of its forms (Tajik `сол`, a year, is no `соль`). Folded like the term; one word each, whole, or its
   * beginning when it ends in `*` (`ешкім*`: `ешкімді`, `ешкімде` …).
   */
  not?: string[];
  /** Facet: the kind of evidence the term is (`area`, `contact`, `stock` …); default: its group. */
  f?: string;
}

export interface LexiconData {
  version: string;
  groups: Record<string, LexiconTermDef[]>;
  /** `anywhere`: also run on text without a digit (most patterns need one, so they are skipped then). */
  patterns: Array<{
    name: string;
    group: string;
    w: number;
    re: string;
    flags: string;
    weak?: boolean;
    anywhere?: boolean;
    /** Facet of the pattern's hits (default: its group). */
    f?: string;
    /**
     * A cheaper expression (same flags) that every match of `re` contains: the pattern runs only on text where it
     * matches, outside the gates (speed only; a test holds that no match of `re` lacks it, so it changes no label and
     * no version).
     */
    need?: string;
  }>;
  /**
   * Co-occurrence rules: a term of group `a` within `window` words of a different term of group `b` adds one
   * hit named `name` to `group`, spanning both (a job word near "анонимно"; an address near "после оплаты").
   */
  near?: NearRule[];
  labels: Record<MessageLabel, LabelDef>;
  /**
   * A hit of one of `groups` inside a match of pattern `pattern` does not count (since 2026.11.26-7): a named good in
   * quotes is the trade's code word (`«витамины»`), not the good, so it does not veto as `legit`.
   */
  inside?: Array<{ pattern: string; groups: string[] }>;
  /**
   * Groups read by the model only that still let a message reach it (since 2026.11.26-8): a buyer's short DM
   * (`есть чё?`, `оплатил, жду адрес`) names no product, shop or stash, so no hand rule requires anything it has.
   * A `near` rule whose group is listed also runs on a message whose hits are all cues.
   */
  live?: string[];
  /** A term right after one of these words is not counted (`не наркотики`). */
  negations?: string[];
  /** …or right before one of these (Uzbek and Kazakh negate after the word: `zalog yo'q`, `кепіл жоқ`). */
  negationsAfter?: string[];
  /**
   * Words of need that carry a negation after them back to the term before (lexicon -48): `mashina shart emas`,
   * `тажрыйба керек эмес`, `ба ман лозим нест` — the term is denied as surely as by `emas` right after it.
   */
  negationsAfterVia?: string[];
  /**
   * A drug named by its own name near a trade act is `sale` whatever the model reads (since 2026.11.28-62;
   * `explicitSale` in label-message.ts).
   */
  explicit?: ExplicitRuleDef;
}

export interface ExplicitRuleDef {
  about?: string;
  /** Least weight of a `product` term (not weak) that names a drug. */
  minW: number;
  /** Largest distance in words between the drug and the act. */
  reach: number;
  /** The label's score. */
  score: number;
  /** `product` terms that are generic words for drugs (news and warnings say them), not a drug's name. */
  exclude: string[];
  /** Weak `product` terms that name a drug all the same (`weed`, `kush`, `nasha`; their `unless` words still cancel them). */
  alsoNamed?: string[];
  /** Groups whose hit keeps the rule off (a warning, news, talk about the trade, a crew's pay: the model's `sale` vetoes; a course). */
  forbid: string[];
  /** Groups whose hit that is not weak keeps the rule off (a job offer, production). */
  forbidStrong: string[];
  /** Words whose presence keeps the rule off (help, rehab, a test). */
  forbidWords: string[];
  /** The trade acts: sell, buy, have, need, order, in stock (one or more words each). */
  acts: Array<{ t: string; lang?: string }>;
}

/** `ExplicitRuleDef`, compiled: each act and forbidden word as its words' stems. */
export interface CompiledExplicitRule {
  minW: number;
  reach: number;
  score: number;
  exclude: Set<string>;
  alsoNamed: Set<string>;
  forbid: Set<string>;
  forbidStrong: Set<string>;
  forbidWords: Set<string>;
  acts: Array<{ t: string; lang?: string; stems: string[] }>;
}

export interface NearRule {
  name: string;
  a: string;
  b: string;
  /** Largest distance in words between the two terms (0 = adjacent). */
  window: number;
  group: string;
  w: number;
  weak?: boolean;
}

export interface LabelDef {
  /** Groups whose matched weights add up to the label's score. */
  groups: string[];
  /** Every inner list needs one group anchored (`g`), present (`g~`) or present with a word, not only an emoji (`g+`). */
  require: string[][];
  threshold: number;
  /** A required group with only weak hits still counts when the label's sum reaches threshold + margin. */
  crossAnchorMargin?: number;
  /** The label gives way when one of these groups is anchored (a job ad naming the product is recruitment)… */
  yieldTo?: string[];
  /** …unless one of these is anchored too. */
  keepIf?: string[];
  /**
   * Other ways to the same label, each with its own required groups, threshold and minimum number of
   * distinct matched terms: a shop post naming no product but stash and shop words, a job ad with a
   * deposit instead of a drug word. The label is given when the main rule or any alternative holds.
   */
  alternatives?: Array<{
    require: string[][];
    threshold: number;
    minTerms?: number;
    /** Groups summed for this alternative (default: the label's). */
    groups?: string[];
    /** The alternative does not hold when one of these groups has any hit. */
    forbid?: string[];
    /**
     * Distinct facets (a term's `f`, else its group) among the hits of the alternative's groups: a shop post
     * made only of shop words holds when it shows several kinds of them (stock, districts, contact, crypto …).
     */
    minFacets?: number;
    /** …of which at least one is one of these (districts, a stash, crypto: what a shop of goods does not show). */
    anyFacet?: string[];
  }>;
}

export interface CompiledTerm {
  id: number;
  term: string;
  lang: string;
  group: string;
  w: number;
  weak: boolean;
  /** Stemmed keys of the term's words (one for a word, several for a phrase). */
  keys: string[];
  /** Folded, unstemmed words: the stemmer is not consistent across forms (`магнит`→`магн`, `магниты`→`магнит`). */
  words: string[];
  prefix: boolean;
  /** Folded forms that cancel the term, matched at a word start (` key`). */
  unless: string[];
  /** Folded words (`words`) and word beginnings (`prefixes`) the term's first word does not match (`not`). */
  not?: { words: ReadonlySet<string>; prefixes: readonly string[] };
  /** The term's facet (`f`, else its group). */
  facet: string;
}

export interface CompiledLexicon {
  version: string;
  terms: CompiledTerm[];
  /** First word's stem → terms starting with it. */
  byKey: Map<string, CompiledTerm[]>;
  /** First two UTF-16 units of a folded word (`c0 << 16 | c1`, no string built per word) → prefix terms. */
  byPrefix: Map<number, CompiledTerm[]>;
  /** First char codes of prefix terms: most words need no prefix look-up at all. */
  prefixFirst: Set<number>;
  patterns: Array<{
    name: string;
    group: string;
    w: number;
    re: RegExp;
    weak: boolean;
    anywhere: boolean;
    facet: string;
    /** `need` compiled (without `g`), or null: the pattern is then behind its set's gate. */
    need: RegExp | null;
  }>;
  /** Patterns that run on text without a digit. */
  anywherePatterns: CompiledLexicon['patterns'];
  /**
   * All patterns of a set without a `need` joined into one alternation per flag set: one scan says whether any of
   * them can match, so ordinary text is scanned two or three times instead of once per pattern.
   */
  patternGates: RegExp[];
  anywhereGates: RegExp[];
  near: NearRule[];
  /** Groups read only by co-occurrence rules: a message whose hits are all cues gets no label. */
  cueOnly: Set<string>;
  /**
   * Groups named in some rule's required rows: a message none of whose hits is in one (only a `legit` veto, a
   * hiring word, a city) can get no label, so it stops before the rules.
   */
  required: Set<string>;
  /** `near` rules whose group is `live`: they run even when every hit is a cue (their cue groups are in `required`). */
  liveNear: NearRule[];
  labels: LexiconData['labels'];
  /** `inside` rules: the pattern's hit id (`p:name`) and the groups whose hits it cancels. */
  inside: Array<{ id: string; groups: Set<string> }>;
  negations: Set<string>;
  negationsAfter: Set<string>;
  negationsAfterVia: Set<string>;
  /** The named-drug-and-act rule (null when the lexicon has none). */
  explicit: CompiledExplicitRule | null;
}

/** A term's `not` list, folded; each entry must fold to one word (a phrase would block its words one by one). */
function compileNot(
  folds: LexiconFolds | null,
  term: string,
  not: readonly string[],
): { words: ReadonlySet<string>; prefixes: string[] } {
  const words = new Set<string>();
  const prefixes: string[] = [];
  for (const entry of not) {
    const prefix = entry.endsWith('*');
    const keys = foldedKeys(folds, prefix ? entry.slice(0, -1) : entry);
    if (keys.length !== 1) throw new Error(`lexicon term "${term}": not-entry "${entry}" must be one word`);
    if (prefix) prefixes.push(keys[0]!);
    else words.add(keys[0]!);
  }
  return { words, prefixes };
}

/**
 * Compiles lexicon data by running its terms through the same folding and stemming as message text. `folds`: the
 * same folds precomputed (lexicon-folds.json for the shipped lexicon); a string it lacks is folded live.
 */
export function compileLexicon(d: LexiconData, folds: LexiconFolds | null = null): CompiledLexicon {
  const terms: CompiledTerm[] = [];
  const byKey = new Map<string, CompiledTerm[]>();
  const byPrefix = new Map<number, CompiledTerm[]>();
  for (const [group, defs] of Object.entries(d.groups)) {
    for (const def of defs) {
      const words = foldedKeys(folds, def.t);
      if (words.length === 0) continue;
      const prefix = def.p === true && words.length === 1;
      const keys = prefix || def.x === true ? words : words.map((k) => foldedStem(folds, k));
      const unless = (def.unless ?? []).map((u) => foldedKeys(folds, u).join(' '));
      const term: CompiledTerm = {
        id: terms.length,
        term: def.t,
        lang: def.lang,
        group,
        w: def.w,
        weak: def.weak === true,
        keys,
        words,
        prefix,
        unless,
        ...(def.not ? { not: compileNot(folds, def.t, def.not) } : {}),
        facet: def.f ?? group,
      };
      terms.push(term);
      const first = keys[0]!;
      if (prefix) {
        const k2 = prefixKey(first);
        byPrefix.set(k2, [...(byPrefix.get(k2) ?? []), term]);
      } else {
        byKey.set(first, [...(byKey.get(first) ?? []), term]);
        const w = term.words[0]!;
        if (w !== first) byKey.set(w, [...(byKey.get(w) ?? []), term]);
      }
    }
  }
  const patterns = d.patterns.map((p) => ({
    name: p.name,
    group: p.group,
    w: p.w,
    re: new RegExp(p.re, p.flags),
    weak: p.weak === true,
    anywhere: p.anywhere === true,
    facet: p.f ?? p.group,
    need: p.need === undefined ? null : new RegExp(p.need, p.flags.replace(/[gy]/g, '')),
  }));
  return {
    version: d.version,
    terms,
    byKey,
    byPrefix,
    prefixFirst: new Set([...byPrefix.keys()].map((k) => k >>> 16)),
    patterns,
    anywherePatterns: patterns.filter((p) => p.anywhere),
    patternGates: gates(d.patterns.filter((p) => p.need === undefined)),
    anywhereGates: gates(d.patterns.filter((p) => p.anywhere === true && p.need === undefined)),
    near: d.near ?? [],
    cueOnly: cueOnlyGroups(d),
    required: requiredGroups(d),
    liveNear: liveNearRules(d),
    labels: d.labels,
    inside: (d.inside ?? []).map((r) => ({ id: `p:${r.pattern}`, groups: new Set(r.groups) })),
    negations: new Set((d.negations ?? []).map((n) => foldedKeys(folds, n)[0] ?? n)),
    negationsAfter: new Set((d.negationsAfter ?? []).map((n) => foldedKeys(folds, n)[0] ?? n)),
    negationsAfterVia: new Set((d.negationsAfterVia ?? []).map((n) => foldedKeys(folds, n)[0] ?? n)),
    explicit: d.explicit ? compileExplicit(d.explicit) : null,
  };
}

function compileExplicit(e: ExplicitRuleDef): CompiledExplicitRule {
  const stems = (t: string) => foldText(t).map((k) => k.stem);
  return {
    minW: e.minW,
    reach: e.reach,
    score: e.score,
    exclude: new Set(e.exclude),
    alsoNamed: new Set(e.alsoNamed ?? []),
    forbid: new Set(e.forbid),
    forbidStrong: new Set(e.forbidStrong),
    forbidWords: new Set(e.forbidWords.flatMap(stems)),
    acts: e.acts
      .map((a) => ({ t: a.t, ...(a.lang ? { lang: a.lang } : {}), stems: stems(a.t) }))
      .filter((a) => a.stems.length > 0),
  };
}

/** One alternation per distinct flag set (without `g`), so each member keeps its own semantics. */
function gates(patterns: LexiconData['patterns']): RegExp[] {
  const byFlags = new Map<string, string[]>();
  for (const p of patterns) {
    const f = [...p.flags.replace(/[gy]/g, '')].sort().join('');
    byFlags.set(f, [...(byFlags.get(f) ?? []), `(?:${p.re})`]);
  }
  return [...byFlags].map(([f, res]) => new RegExp(res.join('|'), f));
}

/** The `byPrefix` key of a folded word of ≥ 2 UTF-16 units. */
export function prefixKey(word: string): number {
  return ((word.charCodeAt(0) << 16) | word.charCodeAt(1)) >>> 0;
}

function requiredGroups(d: LexiconData): Set<string> {
  const out = new Set<string>();
  for (const def of Object.values(d.labels))
    for (const rows of [def.require, ...(def.alternatives ?? []).map((a) => a.require)])
      for (const row of rows) for (const g of row) out.add(g.replace(/[~+]$/, ''));
  for (const g of d.live ?? []) out.add(g);
  for (const r of liveNearRules(d)) out.add(r.a).add(r.b);
  return out;
}

function liveNearRules(d: LexiconData): NearRule[] {
  const live = new Set(d.live ?? []);
  return (d.near ?? []).filter((r) => live.has(r.group));
}

function cueOnlyGroups(d: LexiconData): Set<string> {
  const read = new Set<string>();
  const strip = (g: string) => g.replace(/[~+]$/, '');
  for (const def of Object.values(d.labels)) {
    for (const g of def.groups) read.add(g);
    for (const row of def.require) for (const g of row) read.add(strip(g));
    for (const g of [...(def.yieldTo ?? []), ...(def.keepIf ?? [])]) read.add(g);
    for (const alt of def.alternatives ?? []) {
      for (const g of alt.groups ?? []) read.add(g);
      for (const row of alt.require) for (const g of row) read.add(strip(g));
      for (const g of alt.forbid ?? []) read.add(g);
    }
  }
  const cues = new Set<string>();
  for (const r of d.near ?? []) for (const g of [r.a, r.b]) if (!read.has(g)) cues.add(g);
  return cues;
}

export const LEXICON_DATA = data as unknown as LexiconData;
export const LEXICON_VERSION: string = LEXICON_DATA.version;
let shipped: CompiledLexicon | null = null;

/**
 * The shipped lexicon, compiled on first use rather than at module load (every CLI command that loads the parser
 * registry imports this module, most without labelling), from its precomputed folds (lexicon-folds.json: folding and
 * stemming every term cold cost ≈ 0.2 s).
 */
export function defaultLexicon(): CompiledLexicon {
  shipped ??= compileLexicon(LEXICON_DATA, LEXICON_FOLDS);
  return shipped;
}
