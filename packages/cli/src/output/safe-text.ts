import { isHiddenAt } from '@dragnet/core/text/hidden-chars.ts';

/**
 * Evidence text is hostile: a chat title, a message, a holder's name or a file name can carry characters
 * that steer a terminal instead of printing (ESC sequences that clear the screen, retitle the window or
 * recolour what follows, a carriage return that overwrites a line, a bidi override that reverses it).
 * Human-readable output shows each such character as a visible escape (`\x1b`, `\r`, `\u202e`) instead.
 *
 * Unsafe: the characters core's `isHiddenChar` names, the same set the web workspace boxes: C0 controls
 * (U+0000–U+001F), DEL (U+007F), C1 controls (U+0080–U+009F), Unicode's bidirectional formatting characters
 * (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and invisible ones (zero-width space, joiner and
 * non-joiner U+200B–U+200D, the word joiner U+2060…, U+FEFF); a zero-width joiner inside an emoji (👨‍👩‍👧) stays.
 * `--json` output stays exact: `printJson` writes the same characters as JSON `\u` escapes.
 */

const NAMED: ReadonlyMap<number, string> = new Map([
  [0x09, '\\t'],
  [0x0a, '\\n'],
  [0x0d, '\\r'],
]);

function escapeOne(c: number, hex: 'x' | 'u'): string {
  const named = NAMED.get(c);
  if (named) return named;
  return hex === 'x' && c <= 0xff
    ? `\\x${c.toString(16).padStart(2, '0')}`
    : `\\u${c.toString(16).padStart(4, '0')}`;
}

function replaceUnsafe(text: string, keep: (c: number) => boolean, hex: 'x' | 'u'): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isHiddenAt(text, i)) continue;
    const c = text.charCodeAt(i);
    if (keep(c)) continue;
    out += text.slice(from, i) + escapeOne(c, hex);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

const none = () => false;
const lineBreaksAndTabs = (c: number) => c === 0x0a || c === 0x09;

/**
 * One value from evidence (a title, a name, a file name, a message) printed inside a line: every unsafe
 * character, newline and tab included, becomes a visible escape, so the value stays on its line.
 */
export function shown(text: string): string {
  return replaceUnsafe(text, none, 'x');
}

/**
 * A whole block about to be written to the terminal: newlines and tabs (the layout's own) stay, every
 * other unsafe character becomes a visible escape. `say` and `log` pass everything through it.
 */
export function terminalSafe(text: string): string {
  return replaceUnsafe(text, lineBreaksAndTabs, 'x');
}

/** Every string inside `value` (objects and arrays, recursively) passed through `shown`. */
export function shownDeep<T>(value: T): T {
  if (typeof value === 'string') return shown(value) as T;
  if (Array.isArray(value)) return value.map((v) => shownDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = shownDeep(v);
    return out as T;
  }
  return value;
}

/**
 * JSON text with the unsafe characters JSON.stringify leaves raw (DEL, C1, bidi marks, zero-width ones) written as `\u`
 * escapes: the same JSON value, safe to print on a terminal. Such characters only occur inside JSON
 * strings, where `\uXXXX` means exactly them.
 */
export function jsonSafe(json: string): string {
  return replaceUnsafe(json, (c) => c < 0x20, 'u');
}
