import { describe, expect, it } from 'vitest';
import { evidenceName } from './evidence-name.ts';

describe('evidenceName', () => {
  it('names a file by the path it was ingested from', () => {
    expect(evidenceName({ path: 'ev/phone2/ChatExport_1/result.json', originalName: 'result.json' })).toBe(
      'ev/phone2/ChatExport_1/result.json',
    );
  });
  it('falls back to the file name in a case from before paths, and to null when neither is known', () => {
    expect(evidenceName({ path: null, originalName: 'kaspi.csv' })).toBe('kaspi.csv');
    expect(evidenceName({ path: null, originalName: null })).toBeNull();
  });
});
