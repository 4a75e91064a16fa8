import { describe, expect, it } from 'vitest';
import { JS_TRIM_SPACES } from './js-trim.ts';

describe('JS_TRIM_SPACES', () => {
  it('is what trim() removes, every BMP code point but CR and LF', () => {
    const trimmed: number[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (c === 0x0a || c === 0x0d || (c >= 0xd800 && c <= 0xdfff)) continue;
      if (String.fromCharCode(c).trim() === '') trimmed.push(c);
    }
    expect([...JS_TRIM_SPACES].map((ch) => ch.codePointAt(0))).toEqual(trimmed);
  });
});
