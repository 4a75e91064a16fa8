/**
 * Characters that show nothing themselves but change what the text around them looks like, or steer a
 * terminal: evidence text (a chat title, a name, a message, a file name) may hide or reorder anything with
 * them. One definition for every place that shows evidence text: the CLI escapes these characters
 * (`\u202e`), the web workspace shows them as code boxes (`U+202E`), canvas and map labels as `[U+202E]`.
 *
 * - C0 controls (U+0000–U+001F), DEL (U+007F) and C1 controls (U+0080–U+009F);
 * - bidirectional formatting: the Arabic letter mark U+061C, the direction marks U+200E/U+200F, the embeddings
 *   and overrides U+202A–U+202E and the isolates U+2066–U+2069 (an RLO before a card number shows its digits
 *   reversed);
 * - invisible characters: the Mongolian vowel separator U+180E, zero-width space, non-joiner and joiner
 *   U+200B–U+200D, the word joiner and invisible operators U+2060–U+2064, the deprecated format characters
 *   U+206A–U+206F and the byte-order mark / zero-width no-break space U+FEFF.
 *
 * One exception: a zero-width joiner between two emoji (👨‍👩‍👧‍👦, 🏳️‍🌈) is how those emoji are written, shows as
 * one picture and hides nothing, so it is left alone (`isHiddenAt`).
 */
export function isHiddenChar(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x061c ||
    c === 0x180e ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x2064) ||
    (c >= 0x2066 && c <= 0x206f) ||
    c === 0xfeff
  );
}

const ZWJ = 0x200d;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
/** What may stand between an emoji and the ZWJ after it: variation selector 16, skin tones, tag characters. */
function isEmojiTail(cp: number): boolean {
  return (
    cp === 0xfe0e ||
    cp === 0xfe0f ||
    cp === 0x20e3 ||
    (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
    (cp >= 0xe0020 && cp <= 0xe007f)
  );
}

function codePointBefore(text: string, i: number): { cp: number; at: number } | null {
  if (i <= 0) return null;
  const lo = text.charCodeAt(i - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) {
    const hi = text.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return { cp: text.codePointAt(i - 2)!, at: i - 2 };
  }
  return { cp: lo, at: i - 1 };
}

/** Whether the ZWJ at `i` joins two emoji (an emoji, its modifiers, ZWJ, an emoji). */
function joinsEmoji(text: string, i: number): boolean {
  const next = text.codePointAt(i + 1);
  if (next === undefined || !PICTOGRAPHIC.test(String.fromCodePoint(next))) return false;
  let at = i;
  for (let prev = codePointBefore(text, at); prev; prev = codePointBefore(text, at)) {
    if (PICTOGRAPHIC.test(String.fromCodePoint(prev.cp))) return true;
    if (!isEmojiTail(prev.cp)) return false;
    at = prev.at;
  }
  return false;
}

/**
 * Whether the UTF-16 unit at `i` of `text` is to be shown as its code: `isHiddenChar`, except a zero-width
 * joiner inside an emoji sequence (the whole text is looked at, so a piece of a longer text gives the same answer).
 */
export function isHiddenAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (!isHiddenChar(c)) return false;
  return c !== ZWJ || !joinsEmoji(text, i);
}

/** `U+202E`: how a hidden character is named where it is shown. */
export function hiddenCode(c: number): string {
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A piece of text as shown: plain text, or one hidden character to be shown as its code. */
export type ShownPiece = { text: string } | { hidden: number; at: number };

/**
 * `text[from, to)` cut into plain runs and hidden characters, in order (the context outside the range still
 * decides whether a ZWJ joins emoji). `keep` leaves some hidden characters as they are (a message body keeps
 * its line breaks and tabs).
 */
export function splitHidden(
  text: string,
  options: {
    from?: number | undefined;
    to?: number | undefined;
    keep?: ((c: number) => boolean) | undefined;
  } = {},
): ShownPiece[] {
  const from = options.from ?? 0;
  const to = options.to ?? text.length;
  const out: ShownPiece[] = [];
  let last = from;
  for (let i = from; i < to; i++) {
    if (!isHiddenAt(text, i)) continue;
    const c = text.charCodeAt(i);
    if (options.keep?.(c)) continue;
    if (i > last) out.push({ text: text.slice(last, i) });
    out.push({ hidden: c, at: i });
    last = i + 1;
  }
  if (last < to) out.push({ text: text.slice(last, to) });
  return out;
}

/**
 * Evidence text for places that take a plain string (a canvas label, a chart, a map overlay's tooltip, an HTML
 * `title`): every hidden character becomes its code in brackets, `[U+202E]`.
 */
export function markHidden(text: string): string {
  let out = '';
  for (const p of splitHidden(text)) out += 'text' in p ? p.text : `[${hiddenCode(p.hidden)}]`;
  return out;
}
