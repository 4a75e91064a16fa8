import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, loadRules, RulesError } from './rules.ts';

describe('loadRules', () => {
  it('returns a copy of the defaults without override', () => {
    const r = loadRules(undefined);
    expect(r).toEqual(DEFAULT_RULES);
    r.dropper.scoreThreshold = 0;
    expect(DEFAULT_RULES.dropper.scoreThreshold).toBeGreaterThan(0);
  });
  it('overrides nested thresholds and keeps the rest', () => {
    const r = loadRules({ version: 'case-x/1', dropper: { cb16mr: { dayCounterparties: 5 } } });
    expect(r.dropper.cb16mr.dayCounterparties).toBe(5);
    expect(r.dropper.cb16mr.monthCounterparties).toBe(DEFAULT_RULES.dropper.cb16mr.monthCounterparties);
    expect(r.version).toBe('case-x/1');
  });
  it('replaces word lists with arrays of strings only', () => {
    expect(loadRules({ version: 'x', chemist: { labWords: ['lab-x'] } }).chemist.labWords).toEqual(['lab-x']);
    expect(() => loadRules({ chemist: { labWords: 'lab' } }, 'my.json')).toThrow(
      'my.json: chemist.labWords must be an array of non-empty strings (got "lab")',
    );
    expect(() => loadRules({ contacts: { words: ['ok', ''] } })).toThrow(/contacts\.words must be an array/);
  });
  it('rejects unknown keys and wrong types with the path and the file', () => {
    try {
      loadRules({ dropper: { cb16mr: { dayCounterpartys: 5, fastSeconds: 'x' } } }, 'my.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RulesError);
      const msg = (e as Error).message;
      expect(msg).toContain('my.json: unknown key dropper.cb16mr.dayCounterpartys');
      expect(msg).toContain('dropper.cb16mr.fastSeconds must be a non-negative number (got "x")');
    }
  });
});
