import type { ParsedRecord } from '@dragnet/core/model/tables.ts';
import { describe, expect, it } from 'vitest';
import { caseIdentifiers, crossCaseHits } from './cross-case.ts';
import { memoryCase as store, transferRecord as transfer } from './test-support/memory-case.ts';

const prov = (locator: string) => ({ evidenceId: 'ev', locator });
const holder = (account: string, name: string, phone: string, iin: string | null): ParsedRecord => ({
  table: 'holders',
  row: {
    account,
    holderName: name,
    iin,
    passport: null,
    nationality: 'KZ',
    birthdate: null,
    phone,
    address: null,
    institution: null,
    openedAt: null,
    ...prov(`kyc:${account}`),
  },
});

describe('crossCaseHits', () => {
  it('finds identifiers shared through transfers, KYC phones and IINs, not only through findings', async () => {
    // No findings stored at all: the index must come from the store.
    const a = await store([
      transfer('a1', 'card:4400000000000011', 'tron:TSHARED', 'Иванов'),
      holder('card:4400000000000029', 'Петров', '+77011234567', '900101300123'),
      transfer('a2', 'card:440043******1234', 'card:4400000000000037'),
    ]);
    const b = await store([
      transfer('b1', 'card:4400000000000045', 'tron:TSHARED'),
      holder('card:4400000000000052', 'Petrov', 'phone:+77011234567', '900101300123'),
      transfer('b2', 'card:440043******1234', 'card:4400000000000060'),
    ]);
    const hits = await crossCaseHits([
      { name: 'A', store: a },
      { name: 'B', store: b },
    ]);
    const ids = hits.map((h) => h.identifier).sort();
    expect(ids).toEqual(['iin:900101300123', 'phone:+77011234567', 'tron:TSHARED']);
    const t = hits.find((h) => h.identifier === 'tron:TSHARED')!;
    expect(t.contexts.map((c) => c.case)).toEqual(['A', 'B']);
    expect(t.contexts[0]!.context).toContain('a1');
    expect(t.contexts[1]!.context).toContain('b1');
  });

  it('does not link cases through a masked card or a name alone', async () => {
    const a = await store([transfer('a', 'card:440043******1234', 'card:4400000000000011', 'Иванов Иван')]);
    const b = await store([transfer('b', 'card:440043******1234', 'card:4400000000000029', 'Иванов Иван')]);
    const idx = await caseIdentifiers({ name: 'A', store: a });
    expect(idx.identifiers.has('card:440043******1234')).toBe(false);
    expect(
      await crossCaseHits([
        { name: 'A', store: a },
        { name: 'B', store: b },
      ]),
    ).toEqual([]);
  });
});
