import { foldText } from './fold-text.ts';
import type { LexiconData } from './lexicon.ts';
import data from './lexicon-folds.json' with { type: 'json' };
import { stemWord } from './stem-word.ts';

/**
 * The lexicon's strings already folded and stemmed (lexicon-folds.json, written by
 * `scripts/write-lexicon-folds.ts`): compiling the lexicon folds and stems ≈ 1,600 distinct strings, and cold that
 * costs ≈ 0.15–0.2 s, on the first labelled message of every process. Keyed by the raw string, so a term edited in
 * lexicon.json without regenerating is folded live (correct, only slower); a change of the folding code itself
 * makes the file stale, which `labels.test.ts` catches ("lexicon-folds.json is current").
 */
export interface LexiconFolds {
  /** The lexicon the file was written from (documentation: look-ups are by raw string). */
  lexiconVersion: string;
  /**
   * Raw term, `unless`, `not` or negation string → its folded word keys, space-separated (`foldText(raw)` keys); 0: the
   * raw string itself (most terms are written folded already).
   */
  folds: Record<string, string | 0>;
  /** Folded word → its Snowball stem (`stemWord`), for every word of a term matched on its stem; 0: the word itself. */
  stems: Record<string, string | 0>;
}

/** Computes the folds file's content for lexicon data (the generator and the staleness test call this). */
export function lexiconFolds(d: LexiconData): LexiconFolds {
  const folds: Record<string, string | 0> = {};
  const stems: Record<string, string | 0> = {};
  const fold = (raw: string): string[] => {
    const keys = foldText(raw).map((k) => k.key);
    const joined = keys.join(' ');
    if (!Object.hasOwn(folds, raw)) folds[raw] = joined === raw ? 0 : joined;
    return keys;
  };
  for (const defs of Object.values(d.groups))
    for (const def of defs) {
      const keys = fold(def.t);
      // The same rule as compileLexicon: prefix (one word) and exact terms are matched unstemmed.
      const stemmed = !(def.p === true && keys.length === 1) && def.x !== true;
      if (stemmed)
        for (const k of keys) {
          const st = stemWord(k);
          if (!Object.hasOwn(stems, k)) stems[k] = st === k ? 0 : st;
        }
      for (const u of def.unless ?? []) fold(u);
      for (const u of def.not ?? []) fold(u.endsWith('*') ? u.slice(0, -1) : u);
    }
  for (const n of [...(d.negations ?? []), ...(d.negationsAfter ?? []), ...(d.negationsAfterVia ?? [])])
    fold(n);
  return { lexiconVersion: d.version, folds, stems };
}

export const LEXICON_FOLDS = data as LexiconFolds;

/** `foldText(raw)` keys, from the folds file when it has the string. */
export function foldedKeys(folds: LexiconFolds | null, raw: string): string[] {
  if (folds !== null && Object.hasOwn(folds.folds, raw)) {
    const s = folds.folds[raw]!;
    const keys = s === 0 ? raw : s;
    return keys === '' ? [] : keys.split(' ');
  }
  return foldText(raw).map((k) => k.key);
}

/** `stemWord(key)`, from the folds file when it has the word. */
export function foldedStem(folds: LexiconFolds | null, key: string): string {
  if (folds === null || !Object.hasOwn(folds.stems, key)) return stemWord(key);
  const s = folds.stems[key]!;
  return s === 0 ? key : s;
}
