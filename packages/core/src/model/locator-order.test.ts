import { describe, expect, it } from 'vitest';
import { compareLocators } from './locator-order.ts';

describe('compareLocators', () => {
  it('orders the numbers inside as numbers, the text as text', () => {
    const locators = [
      'row:110',
      'row:126',
      'row:17',
      'row:2',
      'message:10',
      'message:9',
      'page:2/row:10',
      'page:2/row:9',
    ];
    expect([...locators].sort(compareLocators)).toEqual([
      'message:9',
      'message:10',
      'page:2/row:9',
      'page:2/row:10',
      'row:2',
      'row:17',
      'row:110',
      'row:126',
    ]);
  });

  it('is a total order: equal only when equal, numbers of any length', () => {
    expect(compareLocators('row:5', 'row:5')).toBe(0);
    expect(compareLocators('row:05', 'row:5')).not.toBe(0);
    expect(compareLocators('row:123456789012345678901', 'row:99')).toBeGreaterThan(0);
    expect(compareLocators('row', 'row:1')).toBeLessThan(0);
  });
});
