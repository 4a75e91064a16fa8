import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountTransfer, TransferRow } from '@dragnet/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type DuckDbStore, openDuckDbStore } from './duckdb-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'dragnet-account-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function transfer(file: string, n: number, over: Partial<TransferRow>): TransferRow {
  return {
    id: `${file}-${n}`,
    txId: null,
    timestamp: '2024-03-01T00:00:00.000Z',
    amount: '1',
    currency: 'KZT',
    fromAccount: null,
    toAccount: null,
    fromHolder: null,
    toHolder: null,
    channel: 'card2card',
    reference: null,
    props: null,
    evidenceId: file,
    locator: `row:${n}`,
    ...over,
  };
}

async function ingest(store: DuckDbStore, file: string, rows: Array<Partial<TransferRow>>): Promise<void> {
  await store.ingest(
    {
      id: file,
      size: 1,
      originalName: `${file}.csv`,
      path: `${file}.csv`,
      storedPath: `evidence/${file}`,
      format: 'transfers-csv',
      parserVersion: '1',
      source: null,
      ingestedAt: '2025-01-01T00:00:00.000Z',
    },
    async (sink) => {
      for (const [i, r] of rows.entries()) await sink.add({ table: 'transfers', row: transfer(file, i, r) });
    },
  );
}

async function read(store: DuckDbStore, accounts: string[], wholeTable = false): Promise<AccountTransfer[]> {
  const out: AccountTransfer[] = [];
  for await (const batch of store.accountTransfers(accounts, { wholeTable })) out.push(...batch);
  return out;
}

/** Interleaved accounts (their rows far apart in insertion order), self transfers, nulls, wide decimals. */
function mixedRows(): Array<Partial<TransferRow>> {
  const rows: Array<Partial<TransferRow>> = [];
  const accounts = Array.from({ length: 90 }, (_, i) => `card:${String(i).padStart(4, '0')}`);
  for (let i = 0; i < 3000; i++) {
    const from = i % 17 === 0 ? null : accounts[(i * 7) % accounts.length]!;
    const to = i % 23 === 0 ? null : i % 31 === 0 ? from : accounts[(i * 13 + 5) % accounts.length]!;
    rows.push({
      fromAccount: from,
      toAccount: to,
      timestamp: new Date(Date.UTC(2024, 0, 1) + ((i * 7919) % 5000) * 60_000).toISOString(),
      amount: i % 101 === 0 ? '99999999999999999999.123456789012345678' : `${i}.${i % 100}`,
      currency: i % 5 === 0 ? 'USDT' : 'KZT',
    });
  }
  return rows;
}

describe('dragnet_account_rows (transfers clustered by account)', () => {
  it('answers accountTransfers and busyAccounts exactly as the lookup path, and goes stale on ingest', async () => {
    const store = await openDuckDbStore(join(dir, 'a.duckdb'), { threads: 2 });
    try {
      await ingest(store, 'one', mixedRows());
      await store.prepareLookups();
      const sets = [
        ['card:0000'],
        ['card:0042'],
        ['card:0001', 'card:0002', 'card:0003'],
        ['card:none'],
        ['card:0005', 'card:none'],
        Array.from({ length: 70 }, (_, i) => `card:${String(i).padStart(4, '0')}`),
      ];
      const before = [];
      for (const s of sets) before.push(await read(store, s));
      const busyBefore = await store.busyAccounts(2, 50);
      expect(before[0]!.length).toBeGreaterThan(30);
      expect(before[0]!.some((t) => t.fromAccount === t.toAccount)).toBe(true);

      expect(await store.prepareAccountRows()).toBe(true);
      expect(await store.prepareAccountRows()).toBe(false); // current: not built again
      for (const [i, s] of sets.entries()) {
        expect(await read(store, s)).toEqual(before[i]);
        expect(await read(store, s, true)).toEqual(before[i]);
      }
      expect(await store.busyAccounts(2, 50)).toEqual(busyBefore);

      // Another file's transfers: the copy is stale, so reads fall back to the lookups and see them.
      await ingest(store, 'two', [
        { fromAccount: 'card:0000', toAccount: 'card:new', amount: '5' },
        { fromAccount: 'card:new', toAccount: 'card:0000', amount: '6' },
      ]);
      const after = await read(store, ['card:0000']);
      expect(after.length).toBe(before[0]!.length + 2);
      expect(after.filter((t) => t.evidenceId === 'two').map((t) => `${t.side}${t.amount}`)).toEqual([
        'in6',
        'out5',
      ]);
      expect(await store.prepareAccountRows()).toBe(true);
      expect(await read(store, ['card:0000'])).toEqual(after);
      expect(await read(store, ['card:new'])).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  it('keeps the copy in the case file across a reopen', async () => {
    const path = join(dir, 'b.duckdb');
    let store = await openDuckDbStore(path, { threads: 2 });
    await ingest(store, 'one', [{ fromAccount: 'card:a', toAccount: 'card:b' }]);
    expect(await store.prepareAccountRows()).toBe(true);
    await store.close();
    store = await openDuckDbStore(path, { threads: 2 });
    try {
      expect(await store.prepareAccountRows()).toBe(false);
      expect((await read(store, ['card:b'])).map((t) => `${t.side}${t.fromAccount}`)).toEqual(['incard:a']);
    } finally {
      await store.close();
    }
  });
});
