import { normalizeTimestamp } from '@dragnet/core/store/normalize-row.ts';
import { describe, expect, it } from 'vitest';
import { splitDecimal, stageTimestamp } from './csv-stage.ts';

describe('csv stage value forms', () => {
  it('stages timestamps as canonical ISO or refuses them, never text the typed column would null', () => {
    expect(stageTimestamp('2024-03-05T09:22:00.000Z')).toBe('2024-03-05T09:22:00.000Z');
    expect(stageTimestamp('2024-03-05 09:22:00+05:00')).toBe('2024-03-05T04:22:00.000Z');
    // Not canonical: goes through normalizeTimestamp, like every store, instead of reaching DuckDB as is; a day
    // that does not exist is refused there, not rolled over into March.
    expect(stageTimestamp('2024-03-05T09:22:00Z')).toBe(normalizeTimestamp('2024-03-05T09:22:00Z'));
    expect(() => normalizeTimestamp('2023-02-30T00:00:00.000Z')).toThrow(/no day 30/);
    expect(() => stageTimestamp('2023-02-30T00:00:00.000Z')).toThrow(/no day 30/);
    expect(() => stageTimestamp('+275760-09-13T00:00:00.000Z')).toThrow();
    expect(() => stageTimestamp('yesterday')).toThrow(/yesterday/);
  });

  it('splits decimals into integer part and signed fraction', () => {
    expect(splitDecimal('12.5')).toBe('12,0.5');
    expect(splitDecimal('-0.5')).toBe('-0,-0.5');
    expect(splitDecimal('-7')).toBe('-7,0');
  });
});
