import { describe, expect, it } from 'vitest';
import { uniqueKeys } from './unique-keys.ts';

describe('uniqueKeys', () => {
  it('numbers the repeats of a key, so that no two items of a list share one (user review r33, 1)', () => {
    const keys = uniqueKeys([
      'transfers/e/row:7',
      'transfers/e/row:7',
      'holders/e/row:2',
      'transfers/e/row:7',
    ]);
    expect(keys).toEqual([
      'transfers/e/row:7',
      'transfers/e/row:7#1',
      'holders/e/row:2',
      'transfers/e/row:7#2',
    ]);
    expect(new Set(keys).size).toBe(4);
  });
});
