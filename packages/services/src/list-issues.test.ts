import { MemoryStore } from '@dragnet/core/store/memory-store.ts';
import { describe, expect, it } from 'vitest';
import { listIssues } from './list-issues.ts';

/** A case whose one file reported issues at these locators, in this order. */
async function caseWith(locators: string[]): Promise<MemoryStore> {
  const store = new MemoryStore();
  await store.init();
  const id = 'ab'.repeat(32);
  await store.ingest(
    {
      id,
      size: 1,
      originalName: 'statement.csv',
      path: 'statement.csv',
      storedPath: `evidence/${id}`,
      format: 'canonical-transfers',
      parserVersion: '1',
      source: null,
      ingestedAt: '2024-06-01T10:00:00.000Z',
    },
    async (sink) => {
      for (const locator of locators)
        await sink.issue({
          evidenceId: id,
          locator,
          severity: 'quarantine',
          reason: `bad ${locator}`,
          raw: null,
        });
    },
  );
  return store;
}

async function listed(store: MemoryStore, limit?: number): Promise<string[]> {
  const out: string[] = [];
  for await (const i of listIssues(store, limit === undefined ? {} : { limit })) out.push(i.locator);
  return out;
}

describe('listIssues', () => {
  const shuffled = ['row:10', 'row:2', 'row:30', 'row:1', 'row:9', 'row:100', 'row:3'];

  it('lists a file’s issues in locator order, numbers as numbers', async () => {
    expect(await listed(await caseWith(shuffled))).toEqual([
      'row:1',
      'row:2',
      'row:3',
      'row:9',
      'row:10',
      'row:30',
      'row:100',
    ]);
  });

  it('with a limit, gives the first ones in locator order, whatever order they were stored in', async () => {
    const store = await caseWith(shuffled);
    expect(await listed(store, 3)).toEqual(['row:1', 'row:2', 'row:3']);
    expect(await listed(store, 1)).toEqual(['row:1']);
    expect(await listed(store, 50)).toHaveLength(7);
    const backwards = await caseWith(Array.from({ length: 40 }, (_, i) => `row:${40 - i}`));
    expect(await listed(backwards, 4)).toEqual(['row:1', 'row:2', 'row:3', 'row:4']);
  });
});
