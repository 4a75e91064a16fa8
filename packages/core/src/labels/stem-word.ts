import snowball from 'snowball-stemmers';

const russian = snowball.newStemmer('russian');
const english = snowball.newStemmer('english');
const CYR = /[\u0400-\u04FF]/;
const cache = new Map<string, string>();

/**
 * Snowball stem of a folded word: Russian for Cyrillic words (Kazakh and Uzbek Cyrillic words go through
 * it too: it only strips Russian endings, and lexicon terms take the same path, so both sides agree),
 * English for Latin words; emoji and digits unchanged.
 */
export function stemWord(key: string): string {
  let s = cache.get(key);
  if (s !== undefined) return s;
  if (key.length < 3) s = key;
  else if (CYR.test(key)) s = russian.stem(key);
  else if (/^[a-z]+$/.test(key)) s = english.stem(key);
  else s = key;
  if (cache.size >= 200_000) cache.clear();
  cache.set(key, s);
  return s;
}
