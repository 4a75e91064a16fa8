import { describe, expect, it } from 'vitest';
import { reasonAfterLocator } from './issue-reason.ts';

describe('reasonAfterLocator', () => {
  it('drops the locator a reason begins with, and only that one', () => {
    expect(reasonAfterLocator('row:3', 'row:3: date "32.03.2024" is not a date')).toBe(
      'date "32.03.2024" is not a date',
    );
    expect(reasonAfterLocator('row:3', 'row:31: shifted')).toBe('row:31: shifted');
    expect(reasonAfterLocator('S!row:2', 'S!row:2: empty')).toBe('empty');
    expect(reasonAfterLocator('file', 'not valid JSON at line 218')).toBe('not valid JSON at line 218');
  });
});
