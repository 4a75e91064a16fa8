/**
 * Transliteration-folded name keys so that Cyrillic (Russian, Kazakh, Uzbek) and Latin spellings of
 * one name meet: "Жанна Әбенова", "Zhanna Abenova" and "Janna Abenova" share `nameKey`.
 */
const CYR: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sh',
  ъ: '',
  ы: 'i',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  ә: 'a',
  ғ: 'g',
  қ: 'k',
  ң: 'n',
  ө: 'o',
  ұ: 'u',
  ү: 'u',
  һ: 'h',
  і: 'i',
  ў: 'o',
  ҳ: 'h',
  ї: 'i',
  є: 'e',
};

const FOLDS: Array<[RegExp, string]> = [
  [/[ʻʼ'`‘’]/g, ''],
  [/dzh|dj/g, 'j'],
  [/zh/g, 'j'],
  [/kh|x/g, 'h'],
  [/q/g, 'k'],
  [/ts|tz/g, 'c'],
  [/w/g, 'v'],
  [/(?:y|j|i)u/g, 'u'],
  [/(?:y|i)a/g, 'a'],
  [/(?:y|i)o/g, 'o'],
  [/ye/g, 'e'],
  [/y/g, 'i'],
  [/ck/g, 'k'],
  [/(.)\1+/g, '$1'],
];

/** Tokens repeat across holders and records: folding each distinct one once keeps resolution linear. */
const foldCache = new Map<string, string>();
const FOLD_CACHE_MAX = 200_000;

export function foldToken(token: string): string {
  const hit = foldCache.get(token);
  if (hit !== undefined) return hit;
  const folded = foldUncached(token);
  if (foldCache.size >= FOLD_CACHE_MAX) foldCache.clear();
  foldCache.set(token, folded);
  return folded;
}

function foldUncached(token: string): string {
  let s = '';
  for (const ch of token.normalize('NFKD').toLowerCase()) {
    const c = CYR[ch];
    if (c !== undefined) s += c;
    else if (ch >= 'a' && ch <= 'z') s += ch;
    else if (ch === 'ğ') s += 'g';
    else if (ch === "'" || ch === 'ʻ' || ch === '‘') s += '';
  }
  for (const [re, rep] of FOLDS) s = s.replace(re, rep);
  return s;
}

/** Folded name tokens (≥2 letters), sorted, so word order ("Surname Name" vs "Name Surname") does not matter. */
export function nameTokens(name: string): string[] {
  return name
    .split(/[\s,.\-_]+/u)
    .map(foldToken)
    .filter((t) => t.length >= 2)
    .sort();
}

export function nameKey(name: string): string {
  return nameTokens(name).join(' ');
}

let matchA = new Uint8Array(64);
let matchB = new Uint8Array(64);

/** Jaro-Winkler similarity in [0, 1]. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const range = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  // Match flags in reused buffers: this runs for every candidate pair of tokens.
  if (a.length > matchA.length || b.length > matchB.length) {
    matchA = new Uint8Array(Math.max(a.length, matchA.length * 2));
    matchB = new Uint8Array(Math.max(b.length, matchB.length * 2));
  }
  const am = matchA.fill(0, 0, a.length);
  const bm = matchB.fill(0, 0, b.length);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - range); j < Math.min(b.length, i + range + 1); j++) {
      if (bm[j] || a[i] !== b[j]) continue;
      am[i] = 1;
      bm[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!am[i]) continue;
    while (!bm[k]) k++;
    if (a[i] !== b[k]) t++;
    k++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - t / 2) / matches) / 3;
  let p = 0;
  while (p < 4 && a[p] === b[p]) p++;
  return jaro + p * 0.1 * (1 - jaro);
}
