import { describe, expect, it } from 'vitest';
import { amount } from './amount.ts';

describe('amount', () => {
  it('groups the whole part by thousands and keeps every digit', () => {
    expect(amount('85534408')).toBe('85\u2009534\u2009408');
    expect(amount('-381000.50')).toBe('-381\u2009000.50');
    expect(amount('999')).toBe('999');
    expect(amount('0.000000000000000001')).toBe('0.000000000000000001');
    expect(amount('n/a')).toBe('n/a');
  });
});
