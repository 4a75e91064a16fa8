import { describe, expect, it } from 'vitest';
import { isHiddenAt, markHidden, splitHidden } from './hidden-chars.ts';

describe('hidden characters', () => {
  it('names bidi controls, zero-width and invisible characters and controls', () => {
    for (const c of [
      0x00, 0x1b, 0x7f, 0x85, 0x61c, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e, 0x202e, 0x2060, 0x2066, 0x206f,
      0xfeff,
    ])
      expect(isHiddenAt(String.fromCharCode(c), 0)).toBe(true);
    for (const ch of ['a', 'ж', 'س', ' ', '\u00a0', '\ufe0f']) expect(isHiddenAt(ch, 0)).toBe(false);
  });

  it('leaves a ZWJ between two emoji, and shows one between anything else', () => {
    const family = '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}\u200d\u{1f466}';
    expect(markHidden(family)).toBe(family);
    // Skin tones and VS16 between the emoji and the joiner: still one emoji.
    expect(markHidden('\u{1f469}\u{1f3fd}\u200d\u{1f4bb} \u{1f3f3}\ufe0f\u200d\u{1f308}')).toBe(
      '\u{1f469}\u{1f3fd}\u200d\u{1f4bb} \u{1f3f3}\ufe0f\u200d\u{1f308}',
    );
    expect(markHidden('a\u200d\u{1f468}')).toBe('a[U+200D]\u{1f468}');
    expect(markHidden('\u{1f468}\u200db')).toBe('\u{1f468}[U+200D]b');
    expect(markHidden('\u200d')).toBe('[U+200D]');
  });

  it('cuts a range of a longer text with the text around it as context', () => {
    const text = 'x\u{1f468}\u200d\u{1f469}y\u202ez';
    // The ZWJ alone in the range still joins the emoji on either side of it.
    expect(splitHidden(text, { from: 3, to: 4 })).toEqual([{ text: '\u200d' }]);
    expect(splitHidden(text, { from: 6 })).toEqual([{ text: 'y' }, { hidden: 0x202e, at: 7 }, { text: 'z' }]);
    expect(splitHidden('a\nb\u200b', { keep: (c) => c === 0x0a })).toEqual([
      { text: 'a\nb' },
      { hidden: 0x200b, at: 3 },
    ]);
  });
});
