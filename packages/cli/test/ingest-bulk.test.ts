import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '@dragnet/core';
import { initCase, openCase } from '@dragnet/services/case-folder.ts';
import { ingestFiles } from '@dragnet/services/ingest-files.ts';
import { openDuckDbStore } from '@dragnet/store-duckdb';
import { describe, expect, it } from 'vitest';
import { luhnComplete, tempDir } from './helpers.ts';

// A plain transfers.csv (no quotes, CR or blank lines: the bulk path takes it) with every kind of cell the
// readers treat specially: each row is either stored or quarantined, and both paths must agree exactly.
const HEADER =
  'TX_ID,Timestamp,amount,currency,from account,to_account,from_holder,to_holder,channel,reference,bank,note';
const ROWS = [
  'TX-0000001,2025-11-03T10:02:00Z,15000.00,KZT,card:4400431000000005,card:5395451158387461,Иван,,card2card,ok,Kaspi,',
  'TX-0000002,2025-11-03T10:02:00.123Z,0.000000000000000001,usdt,tron:TENMgua1QHLuKTsYGyfuiy8bZtmv2GJBmM,0x52908400098527886E0F7030069857D2E4169EE7,,,CRYPTO,,,n',
  'TX-0000003,2025-11-03T15:02:00+05:00,00012.50,KZT,4400 4310 0000 0005,+7 701 234 5678,,,,,,',
  'TX-0000004,2025-11-03,+7,₸,card:4400431000000005,,,,bank,,,',
  '7,2025-11-03t10:02:00z,1.5,KZT,card:4400431000000005,card:5395451158387461,,,p2p,,,',
  'TX-0000006,2025-11-03T10:02:00,1.5,KZT,card:4400431000000005,card:5395451158387461,,,p2p,no zone,,',
  'TX-0000007,2025-02-30T10:02:00Z,1.5,KZT,card:4400431000000005,card:5395451158387461,,,p2p,bad day,,',
  'TX-0000008,2025-11-03T24:00:00Z,1.5,KZT,card:4400431000000005,card:5395451158387461,,,p2p,bad hour,,',
  'TX-0000009,2025-11-03T10:02:00Z,-5.00,KZT,card:4400431000000005,card:5395451158387461,,,p2p,negative,,',
  'TX-0000010,2025-11-03T10:02:00Z,-0.00,KZT,card:4400431000000005,card:5395451158387461,,,p2p,minus zero,,',
  'TX-0000011,2025-11-03T10:02:00Z,1 500,KZT,card:4400431000000005,card:5395451158387461,,,p2p,space,,',
  'TX-0000012,2025-11-03T10:02:00Z,,KZT,card:4400431000000005,card:5395451158387461,,,p2p,no amount,,',
  'TX-0000013,2025-11-03T10:02:00Z,10,,card:4400431000000005,card:5395451158387461,,,p2p,no currency,,',
  'TX-0000014,2025-11-03T10:02:00Z,10,KZT,card:4400430000000006,card:5395451158387461,,,p2p,bad from,,',
  'TX-0000015,2025-11-03T10:02:00Z,10,KZT,card:5395451158387461,card:4400430000000006,,,p2p,bad to,,',
  'TX-0000016,2025-11-03T10:02:00Z,10,KZT,,,,,p2p,both empty,,',
  'TX-0000017,2025-11-03T10:02:00Z,10,KZT,card:4400431000000005,card:5395451158387461,,,wire,bad channel,,',
  ' TX-0000018 , 2025-11-03T10:02:00Z ,\u00a010\u00a0,KZT ,card:4400431000000005,card:5395451158387461, Пётр\u2003, ,P2P , padded ,,\u3000',
  'ab😀😀😀,2025-11-03T10:02:00Z,10,KZT,card:4400431000000005,card:5395451158387461,,,p2p,astral id,,',
  'abc😀,2025-11-03T10:02:00Z,10,KZT,card:4400431000000005,card:5395451158387461,,,p2p,short astral id,,',
  'TX-0000021,,10,KZT,card:4400431000000005,card:5395451158387461,,,p2p,no timestamp,,',
  'TX-0000023,2025-11-03T10:02:00Z,99999999999999999999.999999999999999999,BTC,card:4400431000000005,card:5395451158387461,,,,max,,',
  'TX-0000024,2025-11-03T10:02:00Z,5,KZT,card:4400430000000006,card:4400430000000006,,,p2p,bad both,,',
  'TX-0000026,2025-11-03T00:10:00.123+14:59,5,KZT,card:4400431000000005,card:5395451158387461,,,p2p,far east,,',
  'TX-0000027,2025-11-03T23:50:00-00:30,5,KZT,card:4400431000000005,card:5395451158387461,,,p2p,west,,',
  'TX-0000028,2025-11-03T23:50:00+15:00,5,KZT,card:4400431000000005,card:5395451158387461,,,p2p,no such zone,,',
  'TX-0000029,2025-11-03T23:50:00.1234Z,5,KZT,card:4400431000000005,card:5395451158387461,,,p2p,micro,,',
  'TX-0000025,1999-12-31T23:59:59.999Z,5.,KZT,card:4400431000000005,card:5395451158387461,,,p2p,dot,,',
];

async function ingestInto(file: string, bulk: boolean) {
  const dir = join(await tempDir(), 'case');
  await initCase(dir, (p) => openDuckDbStore(p), { now: new Date('2026-01-01T00:00:00Z') });
  const { store } = await openCase(dir, (p) => openDuckDbStore(p));
  let bulkRuns = 0;
  // Counts the bulk loads that were not refused, so the test knows which path ran.
  // ingestFiles uses getEvidence and ingest; the bulk loads that were not refused are counted.
  const spy = {
    getEvidence: (id: string) => store.getEvidence(id),
    ingest: (evidence: Parameters<Store['ingest']>[0], fill: Parameters<Store['ingest']>[1]) =>
      store.ingest(evidence, (sink) => {
        const s = sink as typeof sink & { bulkTransfersCsv?: (...a: unknown[]) => Promise<object> };
        const original = s.bulkTransfersCsv;
        if (!original) return fill(sink);
        const wrapped: typeof s = {
          ...s,
          bulkTransfersCsv: async (...a: unknown[]) => {
            const r = await original(...a);
            if (!('fallback' in r)) bulkRuns++;
            return r;
          },
        };
        return fill(wrapped);
      }),
  } as unknown as Store;
  try {
    const [result] = await ingestFiles(spy, dir, [file], {
      now: () => new Date('2026-01-01T00:00:00Z'),
      bulk,
      // The test files are small: take the bulk path whatever the size.
      bulkMinBytes: 0,
    });
    const transfers = [];
    for await (const t of store.scan('transfers')) transfers.push(t);
    const issues = [];
    for await (const i of store.scan('issues')) issues.push(i);
    const evidence = await store.getEvidence(result!.sha256);
    return { result: { ...result, path: '' }, transfers, issues, evidence, bulkRuns };
  } finally {
    await store.close();
  }
}

describe('bulk ingest of a plain transfers.csv', () => {
  it('stores and quarantines exactly what the streaming parser does', async () => {
    const file = join(await tempDir(), 'transfers.csv');
    await writeFile(file, `\ufeff${HEADER}\n${ROWS.join('\n')}\n`);
    const fast = await ingestInto(file, true);
    const slow = await ingestInto(file, false);
    expect(fast.bulkRuns).toBe(1);
    expect(slow.bulkRuns).toBe(0);
    expect(slow.transfers.length).toBeGreaterThan(8);
    expect(slow.issues.length).toBeGreaterThan(12);
    expect(fast.transfers).toEqual(slow.transfers);
    expect(fast.issues).toEqual(slow.issues);
    expect(fast.result).toEqual(slow.result);
    expect({ ...fast.evidence, ingestedAt: null }).toEqual({ ...slow.evidence, ingestedAt: null });
  });

  it('agrees with the streaming parser when many values need mapping (joined tables)', async () => {
    const rows: string[] = [];
    for (let i = 0; i < 300; i++) {
      // Raw card numbers with spaces (normalised in JS), every 7th failing Luhn, dates only, some bad days.
      const card = luhnComplete(`440043${String(i % 90).padStart(9, '0')}`);
      const raw = i % 7 === 0 ? `${card.slice(0, -1)}${(Number(card.at(-1)) + 1) % 10}` : card;
      const spaced = raw.replace(/(\d{4})(?=\d)/g, '$1 ');
      const day =
        i % 41 === 0
          ? '2025-02-30'
          : `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      const amount = i % 3 === 0 ? `+${i}.5` : `0${i}`;
      rows.push(`r-${i},${day},${amount},kzt,${spaced},card:5395451158387461,,,,row ${i}`);
    }
    const file = join(await tempDir(), 'transfers.csv');
    await writeFile(
      file,
      `tx_id,timestamp,amount,currency,from_account,to_account,from_holder,to_holder,channel,reference\n${rows.join('\n')}\n`,
    );
    const fast = await ingestInto(file, true);
    const slow = await ingestInto(file, false);
    expect(fast.bulkRuns).toBe(1);
    expect(slow.issues.length).toBeGreaterThan(40);
    expect(fast.transfers).toEqual(slow.transfers);
    expect(fast.issues).toEqual(slow.issues);
    expect(fast.result).toEqual(slow.result);
  });

  it('leaves a header without rows to the streaming parser, which warns', async () => {
    const file = join(await tempDir(), 'transfers.csv');
    await writeFile(file, `${HEADER}\n`);
    const fast = await ingestInto(file, true);
    expect(fast.bulkRuns).toBe(0);
    expect(fast.issues.map((i) => [i.severity, i.locator])).toEqual([['warning', 'row:2']]);
  });

  it('falls back to the streaming parser for a row with the wrong number of fields', async () => {
    const file = join(await tempDir(), 'transfers.csv');
    await writeFile(file, `${HEADER}\n${ROWS[0]}\n${ROWS[1]},extra\n${ROWS[2]}`);
    const fast = await ingestInto(file, true);
    const slow = await ingestInto(file, false);
    expect(fast.bulkRuns).toBe(0);
    expect(fast.issues.map((i) => i.reason)).toEqual(['row has 13 fields, the header has 12']);
    expect(fast.transfers).toEqual(slow.transfers);
    expect(fast.result).toEqual(slow.result);
  });
});
