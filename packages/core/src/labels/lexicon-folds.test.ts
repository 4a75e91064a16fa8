import { describe, expect, it } from 'vitest';
import { compileLexicon, LEXICON_DATA, type LexiconData } from './lexicon.ts';
import { LEXICON_FOLDS, lexiconFolds } from './lexicon-folds.ts';

/** What compileLexicon decides per term and rule, without the object identities of its maps. */
function shape(d: LexiconData, folds: Parameters<typeof compileLexicon>[1]) {
  const c = compileLexicon(d, folds);
  return {
    terms: c.terms.map((t) => [
      t.term,
      t.group,
      t.keys,
      t.words,
      t.prefix,
      t.unless,
      [...(t.not?.words ?? [])],
      t.not?.prefixes ?? [],
    ]),
    byKey: [...c.byKey].map(([k, ts]) => [k, ts.map((t) => t.id)]),
    byPrefix: [...c.byPrefix].map(([k, ts]) => [k, ts.map((t) => t.id)]),
    negations: [...c.negations, '|', ...c.negationsAfter, '|', ...c.negationsAfterVia],
  };
}

describe('lexicon-folds.json (precomputed folds and stems of the shipped lexicon)', () => {
  it('is current: recomputing it from lexicon.json with the folding code gives the file', () => {
    // Stale after an edit of lexicon.json or of fold-text.ts / stem-word.ts: run
    // `npx tsx scripts/write-lexicon-folds.ts` and commit the file.
    expect(LEXICON_FOLDS.lexiconVersion).toBe(LEXICON_DATA.version);
    expect(lexiconFolds(LEXICON_DATA)).toEqual(LEXICON_FOLDS);
  });

  it('compiles the shipped lexicon exactly as folding and stemming every term live', () => {
    expect(shape(LEXICON_DATA, LEXICON_FOLDS)).toEqual(shape(LEXICON_DATA, null));
  });

  it('folds a term missing from the file live: an edited lexicon never gets stale stems', () => {
    const edited: LexiconData = structuredClone(LEXICON_DATA);
    const product = edited.groups['product']!;
    product.push({ t: 'ЗAKЛAДОЧКИ-тест', lang: 'ru', w: 1, unless: ['Новая Фраза'] });
    edited.negations = [...(edited.negations ?? []), 'НИКАК'];
    expect(Object.hasOwn(LEXICON_FOLDS.folds, 'ЗAKЛAДОЧКИ-тест')).toBe(false);
    expect(shape(edited, LEXICON_FOLDS)).toEqual(shape(edited, null));
    // …and a wrong entry in the file would change the compiled term: the first test is what guards the file.
    const wrong = { ...LEXICON_FOLDS, folds: { ...LEXICON_FOLDS.folds, 'ЗAKЛAДОЧКИ-тест': 'другое' } };
    expect(shape(edited, wrong)).not.toEqual(shape(edited, null));
  });
});
