import type { ParsedRecord } from '@dragnet/core/model/tables.ts';
import { MemoryStore } from '@dragnet/core/store/memory-store.ts';

/** A transfer record of evidence `ev` (locator `row:<id>`) for service tests. */
export function transferRecord(
  id: string,
  from: string | null,
  to: string | null,
  fromHolder: string | null = null,
): ParsedRecord {
  return {
    table: 'transfers',
    row: {
      id,
      txId: id,
      timestamp: '2025-01-01T10:00:00Z',
      amount: '100.00',
      currency: 'KZT',
      fromAccount: from,
      toAccount: to,
      fromHolder,
      toHolder: null,
      channel: 'card2card',
      reference: null,
      props: null,
      evidenceId: 'ev',
      locator: `row:${id}`,
    },
  };
}

/** A memory store holding `records`, ingested as one evidence file `ev`. */
export async function memoryCase(records: readonly ParsedRecord[]): Promise<MemoryStore> {
  const s = new MemoryStore();
  await s.init();
  await s.ingest(
    {
      id: 'ev',
      size: 1,
      originalName: 'x.csv',
      path: 'x.csv',
      storedPath: 'evidence/ev',
      format: 'canonical-csv',
      parserVersion: '1',
      source: null,
      ingestedAt: '2026-01-01T00:00:00Z',
    },
    async (sink) => {
      for (const r of records) await sink.add(r);
    },
  );
  return s;
}
