import type { NewEvidence } from './store.ts';

/**
 * An evidence file for tests that fill a store by hand: a Telegram JSON `result.json` stored under its id, ingested
 * 2025-03-11 10:00 UTC, unless `overrides` say otherwise.
 */
export function testEvidence(id: string, overrides: Partial<NewEvidence> = {}): NewEvidence {
  return {
    id,
    size: 1,
    originalName: 'result.json',
    path: 'result.json',
    storedPath: `evidence/${id}`,
    format: 'telegram-json',
    parserVersion: '1',
    source: null,
    ingestedAt: '2025-03-11T10:00:00.000Z',
    ...overrides,
  };
}
