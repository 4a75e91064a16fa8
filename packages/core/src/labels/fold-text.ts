/**
 * Folds evasive spellings to one key per word, keeping each word's offsets into the original text:
 * case; ё→е; Kazakh/Uzbek letters to their Russian base (қ→к, ү→у …, because people type both);
 * Latin/Cyrillic look-alikes towards the word's majority script (`зaклaдкa` with Latin a); leetspeak
 * (`3→з`, `0→о`, `@→а`); letters split by separators (`з.а.к.л.а.д.к.а`, `з а к л а д к а`); repeated
 * letters (`закладкааа`, and so `кристалл` = `кристал`); emoji as their own tokens (variation
 * selectors dropped).
 */

import { stemWord } from './stem-word.ts';

export interface Token {
  /** Folded form (not stemmed). */
  key: string;
  /** Snowball stem of `key` (stemWord). */
  stem: string;
  /** UTF-16 offsets into the original text, end exclusive. */
  start: number;
  end: number;
  /**
   * A Latin word read as transliterated Russian (`zakladki` → `закладки`, `m3f` → `меф`), '' otherwise:
   * chats type Russian slang in Latin letters; lexicon terms are matched on this form too.
   */
  tr: string;
  /** Snowball stem of `tr` ('' when none). */
  trStem: string;
  /**
   * The word without Kazakh/Uzbek suffixes (`курьерлерге` → `курьер`, `kuryerlar` → `kuryer`), stemmed; ''
   * when it has none. Lexicon terms are matched on it when the word itself matched nothing.
   */
  base: string;
  /**
   * The stem of the noun a diminutive or affectionate form stands for (`кладик` → `клад`, `закладочка` → `закладк`,
   * `адресок` → `адрес`), '' when the word has no diminutive suffix. Looked up like `base`.
   */
  dim: string;
  /** The cached fold of the raw word, shared by every occurrence (labelling memoises its look-ups there). */
  word: FoldedWord;
}

/**
 * One raw word's folds, computed once per distinct word. `miss`/`hit`: the last lexicon in which the word's
 * one-word look-ups found nothing / something, so that a common word is looked up once, not once per message.
 */
export interface FoldedWord {
  key: string;
  stem: string;
  tr: string;
  trStem: string;
  base: string;
  dim: string;
  miss: unknown;
  hit: unknown;
  /** The label model whose `s:` feature index of `stem` is memoised in `stemFeature` (-1: no weight). */
  model: unknown;
  stemFeature: number;
  /** Labelling's per-word look-ups for one lexicon (label-message.ts `wordPlan`), null until first needed. */
  plan: unknown;
  /** The lexicon for which `isSecond` says whether the word is the second word of some phrase term. */
  secondOf: unknown;
  isSecond: boolean;
  /** The label model whose bigram table of `stem` (the second words after it) is memoised in `bigrams`. */
  bigramModel: unknown;
  bigrams: unknown;
}

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
  // Latin `i` is the look-alike of the Kazakh/Ukrainian `і`, which folds to `и` (`кiлограмм`).
  i: 'и',
  '3': 'з',
  '0': 'о',
  '1': 'и',
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
  // Kazakh letters drawn exactly like a Latin one: inside a Latin word they are that Latin letter, not their Russian
  // base (`bіtcoin` with a Kazakh і).
  і: 'i',
  һ: 'h',
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
  // Tajik: ӣ/ӯ are long и/у; ҷ to ч, not to the Uzbek ж: `ганҷ` (treasure) must not fold to the slang `ганж`.
  ӣ: 'и',
  ӯ: 'у',
  ҷ: 'ч',
};
const APOSTROPHES = /['ʼʻ‘’`]/g;
const SEPARATORS = '.-_*·•,/|+~';

/**
 * Greek letters drawn like a Latin one, by case (capital `Η` is `h`, small `η` is `n`), and the Cyrillic letters no
 * language of these chats writes (Macedonian `ѕ`, Serbian `ј`, Komi `ԁ`, Kurdish `ԛ`, `ԝ`): read as that Latin letter
 * before the word's script is decided, so that a Greek `ο` in `зaкaз` or `ѕtаѕh` is one more look-alike.
 */
const GREEK_TO_LAT: Record<string, string> = {
  ѕ: 's',
  Ѕ: 's',
  ј: 'j',
  Ј: 'j',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  Α: 'a',
  Β: 'b',
  Ε: 'e',
  Ζ: 'z',
  Η: 'h',
  Ι: 'i',
  Κ: 'k',
  Μ: 'm',
  Ν: 'n',
  Ο: 'o',
  Ρ: 'p',
  Τ: 't',
  Υ: 'y',
  Χ: 'x',
  α: 'a',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
};
const GREEK_RE = /[\u0370-\u03ff\u0405\u0455\u0408\u0458\u0501\u051b\u051d]/;
const GREEK_G_RE = /[\u0370-\u03ff\u0405\u0455\u0408\u0458\u0501\u051b\u051d]/g;

/** Folds one raw word (no spaces) to its key. */
export function foldWord(raw: string): string {
  const r = GREEK_RE.test(raw) ? raw.replace(GREEK_G_RE, (c) => GREEK_TO_LAT[c] ?? c) : raw;
  let w = r.toLowerCase().replace(APOSTROPHES, '');
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
  // Quantities (`10гр`, `2x`) stay as written; leet only inside real words, or in a two-letter Latin word whose
  // digits sit where letters would (`m3f`, `4lf4`).
  const leet =
    digits > 0 &&
    ((letters >= 3 && !/^\d{2}/.test(w)) || (letters === 2 && cyr === 0 && isShortLatinLeet(w)));
  let out: string;
  if (cyr > 0 && cyr >= lat) {
    out = toCyrillic(w, leet);
    // A letter of the other script with no look-alike here (`d`, `s`, `z` …) means the word is the other
    // script's: fold it that way when that leaves no letter of this one.
    if (lat > 0 && LAT_LETTERS_RE.test(out)) {
      const other = toLatin(w, leet);
      if (!CYR_LETTERS_RE.test(other)) out = other;
    }
  } else if (lat > 0) {
    out = toLatin(w, leet);
    // `PAБOTA`: Latin look-alikes around a Cyrillic letter that has none (б, д, ж, л …) are a Cyrillic word.
    if (cyr > 0 && CYR_LETTERS_RE.test(out)) {
      const other = toCyrillic(w, leet);
      if (!LAT_LETTERS_RE.test(other)) out = other;
    }
  } else out = w;
  return out.replace(/\uFE0F/g, '').replace(/(.)\1+/gu, '$1');
}

const LAT_LETTERS_RE = /[a-z]/;
const CYR_LETTERS_RE = /[\u0400-\u04FF]/;

/** Digits read as Latin letters in a two-letter word: the look-alikes of a, e, i, o, s only. */
const SHORT_LEET_DIGITS = '01345';

/**
 * A two-letter Latin word whose every digit is a look-alike (0 1 3 4 5) standing for a letter: between two
 * letters (`m3f`, `b0t`, `v3s`) or at both ends around letters only (`4lf4`). Model and format names keep their
 * digits: `mp3`, `ps4`, `a4`, `5g`, `4x4`, `h2o`, `b2b`, `h1n1` (a digit at one end only, or not a look-alike).
 */
function isShortLatinLeet(w: string): boolean {
  const n = w.length;
  if (n < 3 || !/^[a-z0-9]+$/.test(w)) return false;
  const isLat = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z';
  const ends = !isLat(w[0]) && !isLat(w[n - 1]) && n >= 4 && /^[a-z]+$/.test(w.slice(1, -1));
  for (let i = 0; i < n; i++) {
    const c = w[i]!;
    if (isLat(c)) continue;
    if (!SHORT_LEET_DIGITS.includes(c)) return false;
    if (!(isLat(w[i - 1]) && isLat(w[i + 1])) && !ends) return false;
  }
  return true;
}

function toCyrillic(w: string, leet: boolean): string {
  let out = '';
  const chars = [...w];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const b = BASE_LETTERS[ch];
    if (b) out += b;
    else if (LAT_RE.test(ch) || ch === '@' || ch === '$') out += TO_CYR[ch] ?? ch;
    else if (
      leet &&
      ch === '4' &&
      isCyrConsonant(out[out.length - 1]) &&
      !isCyrVowel(cyrOf(chars[i + 1], leet))
    )
      // `4` is `ч` (`4то`, `о4ки`) and, after a consonant and before a consonant or the word's end, `а` (`кл4дки`,
      // `н4личии`, `закладк4`): Russian has next to no consonant-ч-consonant, and quantities never get here.
      out += 'а';
    else if (leet && ch >= '0' && ch <= '9') out += TO_CYR[ch] ?? ch;
    else out += ch;
  }
  return out;
}

const CYR_CONSONANTS = 'бвгджзйклмнпрстфхцчшщ';
const CYR_VOWELS = 'аеиоуыэюяё';
const isCyrConsonant = (c: string | undefined) => c !== undefined && CYR_CONSONANTS.includes(c);
const isCyrVowel = (c: string | undefined) => c !== undefined && CYR_VOWELS.includes(c);
/** The Cyrillic a raw character folds to inside a Cyrillic word (undefined past the end). */
function cyrOf(ch: string | undefined, leet: boolean): string | undefined {
  if (ch === undefined) return undefined;
  const b = BASE_LETTERS[ch];
  if (b) return b;
  if (LAT_RE.test(ch) || ch === '@' || ch === '$' || (leet && ch >= '0' && ch <= '9'))
    return TO_CYR[ch] ?? ch;
  return ch;
}

/** A Latin consonant after which `1` before a vowel reads `l` (`k1ad`, `p1ata`); `h` is left out (`sh1`, `ch1`). */
const L_BEFORE = /[bcdfgkmnprstvwz]/;
/** A vowel, or a leet vowel, after `1`. */
const L_AFTER = /[aeouy034@]/;

function toLatin(w: string, leet: boolean): string {
  let out = '';
  const chars = [...w];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (CYR_RE.test(ch) || ch === '@' || ch === '$') out += TO_LAT[ch] ?? BASE_LETTERS[ch] ?? ch;
    else if (leet && ch === '1' && L_BEFORE.test(chars[i - 1] ?? '') && L_AFTER.test(chars[i + 1] ?? ''))
      // `1` stands for `l` as often as for `i`; between a consonant and a vowel it is `l` (`k1adm3n`, `availab1e`),
      // elsewhere `i` (`sh1shk1`, `m1n1`, `v1tr1n4`): Russian in Latin letters rarely has consonant-i-vowel.
      out += 'l';
    else if (leet && ch >= '0' && ch <= '9') out += TO_LAT[ch] ?? ch;
    else out += ch;
  }
  return out;
}

type Folded = FoldedWord;
const foldCache = new Map<string, Folded>();
const CACHE_MAX = 200_000;

/** Folded key and stem of a raw word, cached: chat vocabulary repeats, folding and stemming do not need to. */
function cachedFold(raw: string): Folded {
  // Numbers are mostly unique (amounts, ids, times): folding them is free, caching them only churns.
  const c0 = raw.charCodeAt(0);
  if (c0 >= 0x30 && c0 <= 0x39 && /^\d+$/.test(raw))
    return {
      key: raw,
      stem: raw,
      tr: '',
      trStem: '',
      base: '',
      dim: '',
      miss: null,
      hit: null,
      model: null,
      stemFeature: -1,
      plan: null,
      secondOf: null,
      isSecond: false,
      bigramModel: null,
      bigrams: null,
    };
  let k = foldCache.get(raw);
  if (k === undefined) {
    const key = foldWord(raw);
    // A word of both scripts folded to Latin (`cкopo`: Latin c, o, p, o around a Cyrillic к) is read both ways:
    // its Cyrillic look-alike reading is matched as its Russian reading.
    const alt = mixedCyrillic(raw, key) || leetRussian(raw);
    // Two-letter words too: they start phrases (`za kazhdyy adres`) and are terms (`zp`, `mk`).
    const tr = alt !== '' ? alt : translitWord(key, 2);
    const b = turkicBase(key);
    const stem = stemWord(key);
    const trStem = tr === '' ? '' : stemWord(tr);
    const d = CYR_WORD_RE.test(key) ? diminutiveBase(key, stem) : tr === '' ? '' : diminutiveBase(tr, trStem);
    k = {
      key,
      stem,
      tr,
      trStem,
      base: b === '' ? '' : stemWord(b),
      dim: d === '' ? '' : stemWord(d),
      miss: null,
      hit: null,
      model: null,
      stemFeature: -1,
      plan: null,
      secondOf: null,
      isSecond: false,
      bigramModel: null,
      bigrams: null,
    };
    if (foldCache.size >= CACHE_MAX) foldCache.clear();
    foldCache.set(raw, k);
  }
  return k;
}

const LETTER_RE = /[\p{L}\p{M}\p{N}]/u;
const PICTO_RE = /\p{Extended_Pictographic}/u;

/** 1 word char, 2 pictograph (emoji), 0 other. ASCII and Cyrillic are decided without a regex. */
function charClass(c: number, text: string, i: number): number {
  if (c < 0x80) {
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) return 1;
    return c === 0x40 || c === 0x24 || c === 0x27 || c === 0x60 ? 1 : 0;
  }
  if (c >= 0x400 && c <= 0x52f) return 1;
  if (c === 0x2bc || c === 0x2bb || c === 0x2018 || c === 0x2019) return 1;
  if (c >= 0xd800 && c <= 0xdbff)
    return PICTO_RE.test(text.slice(i, i + 2)) ? 2 : LETTER_RE.test(text.slice(i, i + 2)) ? 1 : 0;
  const ch = text[i]!;
  if (LETTER_RE.test(ch)) return 1;
  return PICTO_RE.test(ch) ? 2 : 0;
}

// The scanner's last token, [tokStart, tokEnd): module state rather than an object per word.
let tokStart = 0;
let tokEnd = 0;

/** Finds the next raw token (a run of word chars, or one pictograph) at or after `from`. */
function scan(text: string, from: number): boolean {
  const n = text.length;
  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    // Space and lower-case а–я / a–z decided before the call: most chars of chat text are these.
    if (c === 0x20) {
      i++;
      continue;
    }
    const k = charClass(c, text, i);
    if (k === 0) {
      i++;
      continue;
    }
    tokStart = i;
    if (k === 2) {
      tokEnd = i + (c >= 0xd800 && c <= 0xdbff ? 2 : 1);
      return true;
    }
    while (i < n) {
      const d = text.charCodeAt(i);
      if ((d >= 0x430 && d <= 0x44f) || (d >= 0x61 && d <= 0x7a)) {
        i++;
        continue;
      }
      if (charClass(d, text, i) !== 1) break;
      i += d >= 0xd800 && d <= 0xdbff ? 2 : 1;
    }
    tokEnd = i;
    return true;
  }
  return false;
}

/**
 * Splits text into folded word tokens with offsets, joining letters spread out by separators. One pass
 * without an intermediate token list: every message of an export goes through here.
 */
/** The longest word `foldText` reads (UTF-16 units); a longer one is skipped. */
export const MAX_WORD = 128;

export function foldText(text: string): Token[];
/**
 * The same tokens, or null without building them when `wanted` holds for none of the words (`collectEvidence`: a
 * message none of whose words can start a term of a required group). `wanted` is called once per word, in order,
 * until it holds; it must not fold text itself.
 */
export function foldText<C>(text: string, wanted: (w: FoldedWord, ctx: C) => boolean, ctx: C): Token[] | null;
export function foldText<C>(
  text: string,
  wanted?: (w: FoldedWord, ctx: C) => boolean,
  ctx?: C,
): Token[] | null {
  const n = foldWords(text);
  if (wanted !== undefined) {
    let any = false;
    for (let i = 0; i < n; i++)
      if (wanted(scratchWords[i]!, ctx as C)) {
        any = true;
        break;
      }
    if (!any) return null;
  }
  const out: Token[] = [];
  for (let i = 0; i < n; i++) out.push(token(scratchWords[i]!, scratchStarts[i]!, scratchEnds[i]!));
  // A very long text's scratch is not kept.
  if (n > 65536) scratchWords.length = scratchStarts.length = scratchEnds.length = 0;
  return out;
}

// `foldWords`' output: the words of the last text and their offsets, reused (no object per word until asked for).
const scratchWords: Folded[] = [];
const scratchStarts: number[] = [];
const scratchEnds: number[] = [];

/** Folds `text` into the scratch arrays; the number of tokens. */
function foldWords(text: string): number {
  let count = 0;
  let pos = 0;
  while (scan(text, pos)) {
    const start = tokStart;
    const end = tokEnd;
    pos = end;
    // No term is a word this long (a pasted key, base64, a run of one letter): it is not folded, nor kept in the
    // fold cache, and a message of megabytes of one "word" costs one pass.
    if (end - start > MAX_WORD) continue;
    const s = text.slice(start, end);
    if (end - start <= 2 && isSingleLetter(s)) {
      // `з.а.к.л.а.д.к.а` / `з а к л а д к а`: single letters, one consistent separator between each.
      let joined = s;
      let last = end;
      let cnt = 1;
      let sep: string | null = null;
      while (scan(text, last)) {
        if (tokStart - last !== 1 || tokEnd - tokStart > 2) break;
        const t = text.slice(tokStart, tokEnd);
        if (!isSingleLetter(t)) break;
        const gap = text[last]!;
        if (sep === null) {
          if (!SEPARATORS.includes(gap) && gap !== ' ') break;
          sep = gap;
        } else if (gap !== sep) break;
        joined += t;
        last = tokEnd;
        cnt++;
        if (cnt > MAX_WORD) break;
      }
      if (sep !== null && cnt >= (sep === ' ' ? 4 : 3)) {
        scratchWords[count] = cachedFold(joined);
        scratchStarts[count] = start;
        scratchEnds[count++] = last;
        pos = last;
        continue;
      }
    }
    const f = cachedFold(s);
    if (f.key !== '') {
      scratchWords[count] = f;
      scratchStarts[count] = start;
      scratchEnds[count++] = end;
    }
  }
  return count;
}

function token(f: Folded, start: number, end: number): Token {
  return {
    key: f.key,
    stem: f.stem,
    tr: f.tr,
    trStem: f.trStem,
    base: f.base,
    dim: f.dim,
    start,
    end,
    word: f,
  };
}

const CYR_WORD_RE = /^[а-яё]+$/;

/**
 * The all-Cyrillic reading of a word written in both scripts that folded to Latin (`cкopo` → `скоро`), '' when the
 * word is of one script or a letter has no Cyrillic look-alike.
 */
function mixedCyrillic(raw: string, key: string): string {
  if (!LAT_LETTERS_RE.test(key)) return '';
  const w = (GREEK_RE.test(raw) ? raw.replace(GREEK_G_RE, (c) => GREEK_TO_LAT[c] ?? c) : raw)
    .toLowerCase()
    .replace(APOSTROPHES, '');
  if (!CYR_LETTERS_RE.test(w) || !LAT_LETTERS_RE.test(w)) return '';
  const out = toCyrillic(w, true).replace(/(.)\1+/gu, '$1');
  return LAT_LETTERS_RE.test(out) ? '' : out;
}

/** Latin-leet digits once `3` and `6` are settled: `0→o`, `1→i`, `3→e`, `4→a`, `5→s`, `7→t`. */
const LEET_LAT_RE = /[013457]/g;

/**
 * The Russian reading of a Latin word in leetspeak whose digits read otherwise in Russian (`3AKL4DKI` → `закладки`,
 * `6ot` → `бот`): a leading `3` is `з` and `6` is `б`, as in Cyrillic leet, where Latin leet reads `3` as `e` (`m3f`,
 * inside a word, keeps that); '' when the word has no such digit or fewer than two letters.
 */
function leetRussian(raw: string): string {
  const w = raw.toLowerCase();
  if (!/^[a-z0-9]+$/.test(w) || !(w.startsWith('3') || w.includes('6'))) return '';
  let letters = 0;
  for (const ch of w) if (ch >= 'a' && ch <= 'z') letters++;
  if (letters < 2) return '';
  const r = w
    .replace(/^3/, 'z')
    .replace(/6/g, 'b')
    .replace(LEET_LAT_RE, (c) => TO_LAT[c] ?? c);
  return translitWord(r);
}

/**
 * Russian diminutive and affectionate suffixes on a stem, and what the noun's own stem ends with instead: `кладик`
 * → `клад`, `магазинчик` → `магазин`, `адресок` → `адрес`, `закладочка`/`закладочек` → `закладк`, `шишечки` →
 * `шишк`, `грамулька` → `грам`. The trade names its goods and stashes fondly; the lexicon holds the plain noun.
 */
const DIMINUTIVES: Array<[string, string]> = [
  ['очек', 'к'],
  ['ечек', 'к'],
  ['очк', 'к'],
  ['ечк', 'к'],
  ['ульк', ''],
  ['юльк', ''],
  ['чик', ''],
  ['ик', ''],
  ['ок', ''],
];

/** The noun behind a diminutive (folded Cyrillic word), '' when it has none or too little is left (`срок`, `точка`). */
export function diminutiveBase(key: string, stem?: string): string {
  if (key.length < 5 || !CYR_WORD_RE.test(key)) return '';
  const s = stem ?? stemWord(key);
  for (const [suf, add] of DIMINUTIVES)
    if (s.endsWith(suf)) {
      const rest = s.slice(0, -suf.length);
      // Three letters at least (`мефчик` → `меф`), four before `-ок` (`кусок`, `урок`, `срок` are no diminutives of
      // a term; `адресок` is).
      if (rest.length < (suf === 'ок' ? 4 : 3)) return '';
      return rest + add;
    }
  return '';
}

// Chat transliteration of Russian (and Kazakh/Uzbek Latin, whose x is х): longest match first.
const TRANSLIT: Array<[string, string]> = [
  ['shch', 'щ'],
  ['sch', 'щ'],
  ['sh', 'ш'],
  ['ch', 'ч'],
  ['zh', 'ж'],
  ['kh', 'х'],
  ['ts', 'ц'],
  ['ya', 'я'],
  ['yu', 'ю'],
  ['yo', 'е'],
  ['ja', 'я'],
  ['ju', 'ю'],
  ['a', 'а'],
  ['b', 'б'],
  ['c', 'к'],
  ['d', 'д'],
  ['e', 'е'],
  ['f', 'ф'],
  ['g', 'г'],
  ['h', 'х'],
  ['i', 'и'],
  ['j', 'й'],
  ['k', 'к'],
  ['l', 'л'],
  ['m', 'м'],
  ['n', 'н'],
  ['o', 'о'],
  ['p', 'п'],
  ['q', 'к'],
  ['r', 'р'],
  ['s', 'с'],
  ['t', 'т'],
  ['u', 'у'],
  ['v', 'в'],
  ['w', 'в'],
  ['x', 'х'],
  ['y', 'ы'],
  ['z', 'з'],
];
const VOWELS_CYR = 'аеиоуыэюя';

/**
 * A folded all-Latin word of ≥ `minLength` letters (default 3) as Cyrillic (`zakladki` → `закладки`, `kazhdyj` → `каждый`,
 * `dropy` → `дропы`); '' for any other word. `y` after a vowel is `й` (`moy`), else `ы`.
 */
export function translitWord(key: string, minLength = 3): string {
  if (key.length < minLength || !/^[a-z]+$/.test(key)) return '';
  let out = '';
  let i = 0;
  while (i < key.length) {
    let hit = false;
    for (const [lat, cyr] of TRANSLIT) {
      if (!key.startsWith(lat, i)) continue;
      out += lat === 'y' && out !== '' && VOWELS_CYR.includes(out[out.length - 1]!) ? 'й' : cyr;
      i += lat.length;
      hit = true;
      break;
    }
    if (!hit) return '';
  }
  return out.replace(/(.)\1+/gu, '$1');
}

// Kazakh and Uzbek suffixes after folding (қ→к, і→и …): plural, case, possessive; longest first.
const TURKIC_SUFFIXES = [
  // Tajik plural (`-ҳо`, `-ҳои`, folded to х): not Turkic, but typed in the same chats (`закладчикҳо`).
  'хои',
  'хо',
  // Tajik object marker (`кортро`) and possessives before it (`кортамро`: my card, object).
  'ро',
  'ам',
  'ат',
  'аш',
  // Uzbek possessives, Latin (`kartamni`, `kartangni`, `kartamizga`: my, your, our card + case).
  'ngiz',
  'miz',
  'ng',
  'm',
  'ларимиз',
  'леримиз',
  'ларини',
  'лерини',
  'ларига',
  'лерине',
  'ларда',
  'лерде',
  'ларга',
  'лерге',
  'лардан',
  'лерден',
  'ларын',
  'лерин',
  'ларни',
  'лари',
  'лери',
  'лар',
  'лер',
  'дар',
  'дер',
  'тар',
  'тер',
  'нинг',
  'нын',
  'нин',
  'дын',
  'дин',
  'тын',
  'тин',
  'дан',
  'ден',
  'тан',
  'тен',
  'нан',
  'нен',
  'мен',
  'бен',
  'пен',
  'имиз',
  'ымыз',
  'ингиз',
  'ныз',
  'низ',
  'га',
  'ге',
  'ка',
  'ке',
  'да',
  'де',
  'та',
  'те',
  'ни',
  'ны',
  'ди',
  'ды',
  'ти',
  'ты',
  'си',
  'сы',
  'larimiz',
  'larini',
  'lariga',
  'larda',
  'larga',
  'lardan',
  'larni',
  'lari',
  'lar',
  'ning',
  'imiz',
  'ingiz',
  'dan',
  'ga',
  'ka',
  'qa',
  'da',
  'ni',
  'si',
].sort((a, b) => b.length - a.length);

/**
 * The word with up to two Kazakh/Uzbek suffixes taken off (≥ 3 letters left), '' when none applies. Russian
 * words lose a "suffix" too (`когда` → `ког`); that only matters when the rest is a lexicon term, and the
 * base is looked up only for words that matched nothing as written.
 */
export function turkicBase(key: string): string {
  let w = key;
  for (let round = 0; round < 2; round++) {
    let cut = false;
    for (const suf of TURKIC_SUFFIXES)
      if (w.length - suf.length >= 3 && w.endsWith(suf)) {
        w = w.slice(0, -suf.length);
        cut = true;
        break;
      }
    if (!cut) break;
  }
  return w === key ? '' : w;
}

function isSingleLetter(s: string): boolean {
  return s.length === 1 || (s.length === 2 && /^[\p{L}\p{N}][\p{M}]$/u.test(s));
}
