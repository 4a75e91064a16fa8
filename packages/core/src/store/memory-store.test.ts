import { describe, expect, it } from 'vitest';
import { MemoryStore } from './memory-store.ts';
import { normalizeDecimal, normalizeTimestamp, unitsToDecimal, decimalToUnits } from './normalize-row.ts';
import { storeConformance } from './store.case.ts';

storeConformance('memory', async () => {
  const store = new MemoryStore();
  await store.init();
  return store;
});

describe('canonical values', () => {
  it('normalises decimals exactly', () => {
    expect(normalizeDecimal('1234.50')).toBe('1234.5');
    expect(normalizeDecimal('0012.000')).toBe('12');
    expect(normalizeDecimal('-0.000')).toBe('0');
    expect(normalizeDecimal('-0.10')).toBe('-0.1');
    expect(normalizeDecimal('0.000000000000000001')).toBe('0.000000000000000001');
    expect(() => normalizeDecimal('1.0000000000000000001')).toThrow(/18 decimals/);
    expect(() => normalizeDecimal('1e5')).toThrow(/not a decimal/);
    expect(() => normalizeDecimal('.5')).toThrow(/not a decimal/);
    const big = '-12345678901234567890.123456789012345678';
    expect(unitsToDecimal(decimalToUnits(big))).toBe(big);
  });

  it('normalises timestamps to ISO UTC with milliseconds', () => {
    expect(normalizeTimestamp('2024-03-05T12:22:00+03:00')).toBe('2024-03-05T09:22:00.000Z');
    expect(normalizeTimestamp('2024-03-05T09:22:00')).toBe('2024-03-05T09:22:00.000Z');
    expect(normalizeTimestamp('2024-03-05')).toBe('2024-03-05T00:00:00.000Z');
    expect(() => normalizeTimestamp('yesterday')).toThrow(/ISO-8601/);
    expect(normalizeTimestamp('2024-02-29T23:59:59')).toBe('2024-02-29T23:59:59.000Z');
  });

  it('refuses calendar fields that name no real time instead of rolling them over', () => {
    expect(() => normalizeTimestamp('2024-02-31T10:00:00.000Z')).toThrow(/February 2024 has no day 31/);
    expect(() => normalizeTimestamp('2023-02-29')).toThrow(/no day 29/);
    expect(() => normalizeTimestamp('2024-04-31T10:00:00+05:00')).toThrow(/no day 31/);
    expect(() => normalizeTimestamp('2024-03-01T25:00:00Z')).toThrow(/2024-03-01T25:00:00Z/);
    expect(() => normalizeTimestamp('2024-03-01T10:60:00Z')).toThrow(/2024-03-01T10:60:00Z/);
    expect(() => normalizeTimestamp('2024-03-05T24:00:00Z')).toThrow(/no hour 24/);
  });
});
