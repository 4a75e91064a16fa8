/**
 * Folds evasive spellings to one key per word, keeping each word's offsets into the original text:
 * case; ё→е; Kazakh/Uzbek letters to their Russian base (қ→к, ү→у …, because people type both);
 * Latin/Cyrillic look-alikes towards the word's majority script (`зaклaдкa` with Latin a); leetspeak
 * (`3→з`, `0→о`, `@→а`); letters split by separators (`з.а.к.л.а.д.к.а`, `з а к л а д к а`); repeated
 * letters (`закладкааа`, and so `кристалл` = `кристал`); emoji as their own tokens (variation
 * selectors dropped).
 */

export interface Token {
  /** Folded form (not stemmed). */
  key: string;
  /** UTF-16 offsets into the original text, end exclusive. */
  start: number;
  end: number;
}

const WORD_RE = /[\p{L}\p{M}\p{N}@$'ʼʻ’`]+|\p{Extended_Pictographic}/gu;
const CYR_RE = /[\u0400-\u04FF]/;
const LAT_RE = /[a-z]/;

const TO_CYR: Record<string, string> = {
  a: 'а',
  b: 'в',
  c: 'с',
  e: 'е',
  h: 'н',
  k: 'к',
  m: 'м',
  n: 'п',
  o: 'о',
  p: 'р',
  r: 'г',
  t: 'т',
  u: 'и',
  x: 'х',
  y: 'у',
  '3': 'з',
  '0': 'о',
  '4': 'ч',
  '6': 'б',
  '@': 'а',
  $: 'с',
};
const TO_LAT: Record<string, string> = {
  а: 'a',
  в: 'b',
  с: 'c',
  е: 'e',
  н: 'h',
  к: 'k',
  м: 'm',
  о: 'o',
  р: 'p',
  т: 't',
  х: 'x',
  у: 'y',
  и: 'u',
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};
const BASE_LETTERS: Record<string, string> = {
  ё: 'е',
  ә: 'а',
  ғ: 'г',
  қ: 'к',
  ң: 'н',
  ө: 'о',
  ұ: 'у',
  ү: 'у',
  һ: 'х',
  і: 'и',
  ў: 'у',
  ҳ: 'х',
  ї: 'и',
  є: 'е',
};
const APOSTROPHES = /['ʼʻ’`]/g;
const SEPARATORS = '.-_*·•,/|+~';

/** Folds one raw word (no spaces) to its key. */
export function foldWord(raw: string): string {
  let w = raw.toLowerCase().replace(APOSTROPHES, '');
  w = w.replace(/^[@$]+/, '');
  if (w === '') return w;
  let cyr = 0;
  let lat = 0;
  let letters = 0;
  let digits = 0;
  for (const ch of w) {
    if (CYR_RE.test(ch)) cyr++;
    else if (LAT_RE.test(ch)) lat++;
    else if (ch >= '0' && ch <= '9') digits++;
    if (ch.toLowerCase() !== ch.toUpperCase()) letters++;
  }
  // Quantities (`10гр`, `2x`) stay as written; leet only inside real words.
  const leet = digits > 0 && letters >= 3 && !/^\d{2}/.test(w);
  let out = '';
  if (cyr > 0 && cyr >= lat) {
    for (const ch of w) {
      const b = BASE_LETTERS[ch];
      if (b) out += b;
      else if (LAT_RE.test(ch) || ch === '@' || ch === '$') out += TO_CYR[ch] ?? ch;
      else if (leet && ch >= '0' && ch <= '9') out += TO_CYR[ch] ?? ch;
      else out += ch;
    }
  } else if (lat > 0) {
    for (const ch of w) {
      if (CYR_RE.test(ch) || ch === '@' || ch === '$') out += TO_LAT[ch] ?? BASE_LETTERS[ch] ?? ch;
      else if (leet && ch >= '0' && ch <= '9') out += TO_LAT[ch] ?? ch;
      else out += ch;
    }
  } else out = w;
  return out.replace(/\uFE0F/g, '').replace(/(.)\1+/gu, '$1');
}

const foldCache = new Map<string, string>();
const CACHE_MAX = 200_000;

function cachedFold(raw: string): string {
  let k = foldCache.get(raw);
  if (k === undefined) {
    k = foldWord(raw);
    if (foldCache.size >= CACHE_MAX) foldCache.clear();
    foldCache.set(raw, k);
  }
  return k;
}

/** Splits text into folded word tokens with offsets, joining letters spread out by separators. */
export function foldText(text: string): Token[] {
  const raw: Array<{ s: string; start: number; end: number }> = [];
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(text); m !== null; m = WORD_RE.exec(text)) {
    raw.push({ s: m[0], start: m.index, end: m.index + m[0].length });
  }
  const out: Token[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i]!;
    if (isSingleLetter(r.s)) {
      // `з.а.к.л.а.д.к.а` / `з а к л а д к а`: single letters, one consistent separator between each.
      let j = i;
      let sep: string | null = null;
      while (j + 1 < raw.length) {
        const next = raw[j + 1]!;
        const gap = text.slice(raw[j]!.end, next.start);
        if (gap.length !== 1 || !isSingleLetter(next.s)) break;
        if (sep === null) {
          if (!SEPARATORS.includes(gap) && gap !== ' ') break;
          sep = gap;
        } else if (gap !== sep) break;
        j++;
      }
      const n = j - i + 1;
      if (sep !== null && n >= (sep === ' ' ? 4 : 3)) {
        let s = '';
        for (let k = i; k <= j; k++) s += raw[k]!.s;
        out.push({ key: cachedFold(s), start: r.start, end: raw[j]!.end });
        i = j;
        continue;
      }
    }
    const key = cachedFold(r.s);
    if (key !== '') out.push({ key, start: r.start, end: r.end });
  }
  return out;
}

function isSingleLetter(s: string): boolean {
  return s.length === 1 || (s.length === 2 && /^[\p{L}\p{N}][\p{M}]$/u.test(s));
}
