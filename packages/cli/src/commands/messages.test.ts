import { describe, expect, it } from 'vitest';
import { textLine } from './messages.ts';

describe('textLine', () => {
  it('puts a message on one line and shows invisible characters, U+FEFF included, as escapes', () => {
    expect(textLine('  ctrl \ufeffbom\n\tкарта 4400\u200b4301 \u202e0005\ufeff  ')).toBe(
      'ctrl \\ufeffbom карта 4400\\u200b4301 \\u202e0005\\ufeff',
    );
    expect(textLine('семья 👨\u200d👩\u200d👧')).toBe('семья 👨\u200d👩\u200d👧');
  });
});
