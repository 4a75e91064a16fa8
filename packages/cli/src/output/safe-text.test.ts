import { describe, expect, it } from 'vitest';
import { jsonSafe, shown, shownDeep, terminalSafe } from './safe-text.ts';

describe('safe text for the terminal', () => {
  it('shows C0, DEL, C1 and bidi formatting characters as escapes, and leaves other text alone', () => {
    expect(shown('Chat\u001b[41mBG\u0007\r\n\t\u0000\u007f\u009b\u0085')).toBe(
      'Chat\\x1b[41mBG\\x07\\r\\n\\t\\x00\\x7f\\x9b\\x85',
    );
    expect(shown('a\u202eb\u2066c\u2069d\u200fe\u061cf')).toBe('a\\u202eb\\u2066c\\u2069d\\u200fe\\u061cf');
    const plain = 'Шымкент Шоп «кавычки» 💊 C:\\path — ok';
    expect(shown(plain)).toBe(plain);
  });

  it('keeps the layout’s newlines and tabs in a block, and escapes the rest', () => {
    expect(terminalSafe('line 1\n\tline 2\u001b[2J\r')).toBe('line 1\n\tline 2\\x1b[2J\\r');
  });

  it('maps every string of a value', () => {
    expect(shownDeep({ a: ['x\ny', 1, null], b: { c: '\u001b' } })).toEqual({
      a: ['x\\ny', 1, null],
      b: { c: '\\x1b' },
    });
  });

  it('writes in JSON the characters JSON.stringify leaves raw as \\u escapes: the same value', () => {
    const value = { text: 'a\u001b[2J\u007f\u009b\u202eb\n', 'k\u0085': 1 };
    const json = jsonSafe(JSON.stringify(value, null, 2));
    expect(json).not.toMatch(/[\u007f-\u009f\u202e]/);
    expect(json).toContain('\\u009b');
    expect(JSON.parse(json)).toEqual(value);
  });
});
