/** The text encodings Dragnet reads evidence in. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251';

/** How many leading bytes the statistics look at; the BOM and validity checks look at all of `head`. */
const SAMPLE = 8192;

/**
 * Guesses the encoding of a file from its first bytes: a BOM decides; else a NUL/0x04 byte pattern
 * (ASCII or Cyrillic text in UTF-16 without BOM); else strictly valid UTF-8 (pure ASCII included); else
 * windows-1251 when Cyrillic letter bytes dominate the high half. Anything else falls back to UTF-8, whose
 * replacement characters (U+FFFD) the parsers then report as a wrong encoding.
 */
export function detectEncoding(head: Uint8Array): TextEncoding {
  const n = head.length;
  if (n >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (n >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (n >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const utf16 = sniffUtf16(head);
  if (utf16) return utf16;
  if (isValidUtf8(head)) return 'utf-8';
  // A UTF-8 file with a few stray bytes is still UTF-8 (its bad bytes surface as U+FFFD); cp1251 text
  // only rarely forms valid UTF-8 pairs.
  if (utf8Share(head) >= 0.8) return 'utf-8';
  return looksCyrillic1251(head) ? 'windows-1251' : 'utf-8';
}

/**
 * In UTF-16 text of Latin or Cyrillic script every other byte is the high byte 0x00 or 0x04; neither
 * appears in real single-byte or UTF-8 text, so a lopsided count of them is a strong signal.
 */
function sniffUtf16(head: Uint8Array): TextEncoding | undefined {
  const n = Math.min(head.length, SAMPLE) & ~1;
  if (n < 4) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    const a = head[i]!;
    const b = head[i + 1]!;
    if (a === 0 || a === 4) even++;
    if (b === 0 || b === 4) odd++;
  }
  const pairs = n / 2;
  if (odd / pairs > 0.6 && even / pairs < 0.1) return 'utf-16le';
  if (even / pairs > 0.6 && odd / pairs < 0.1) return 'utf-16be';
  return undefined;
}

/** Strict UTF-8 check (no overlongs, no surrogates, ≤ U+10FFFF); a sequence cut by the end of `head` is fine. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
      cp = b & 0x0f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
      cp = b & 0x07;
    } else {
      return false;
    }
    if (i + need >= n) {
      // The head may end inside a character: accept a valid prefix.
      for (let k = i + 1; k < n; k++) if ((bytes[k]! & 0xc0) !== 0x80) return false;
      return true;
    }
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

/** Share of the bytes ≥ 0x80 that sit in well-formed UTF-8 sequences. */
function utf8Share(head: Uint8Array): number {
  const n = Math.min(head.length, SAMPLE);
  let high = 0;
  let good = 0;
  let i = 0;
  while (i < n) {
    const b = head[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = need > 0 && i + need < n;
    for (let k = 1; ok && k <= need; k++) ok = (head[i + k]! & 0xc0) === 0x80;
    if (ok) {
      high += need + 1;
      good += need + 1;
      i += need + 1;
    } else {
      high++;
      i++;
    }
  }
  return high === 0 ? 1 : good / high;
}

/** windows-1251 puts А–я at 0xC0–0xFF and Ё/ё at 0xA8/0xB8. */
function looksCyrillic1251(head: Uint8Array): boolean {
  const n = Math.min(head.length, SAMPLE);
  let high = 0;
  let letters = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b < 0x80) continue;
    high++;
    if (b >= 0xc0 || b === 0xa8 || b === 0xb8) letters++;
  }
  return high > 0 && letters / high >= 0.6;
}
