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

  it('escapes zero-width and other invisible characters like the web workspace, but not a ZWJ inside an emoji', () => {
    expect(shown('4400\u200b4301\ufeff\u200c\u200d\u2060x\u180e\u206a')).toBe(
      '4400\\u200b4301\\ufeff\\u200c\\u200d\\u2060x\\u180e\\u206a',
    );
    const family =
      'семья \u{1f468}\u200d\u{1f469}\u200d\u{1f467}\u200d\u{1f466} флаг \u{1f3f3}\ufe0f\u200d\u{1f308}';
    expect(shown(family)).toBe(family);
    // A ZWJ that joins no emoji is shown.
    expect(shown('\u{1f468}\u200dx')).toBe('\u{1f468}\\u200dx');
    expect(terminalSafe('a\u200bb\n')).toBe('a\\u200bb\n');
    expect(jsonSafe(JSON.stringify('a\u200bb\ufeff'))).toBe('"a\\u200bb\\ufeff"');
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
