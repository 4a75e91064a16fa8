import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bankCsvParser } from './bank-table/parse.ts';
import { etherscanCsv } from './etherscan-csv/index.ts';
import { binanceHistoryCsv, binanceStatementCsv, p2pOrdersCsv } from './exchange-statement/index.ts';
import type { FormatParser, ParseItem } from './parser.ts';
import { tronCsv } from './tron-csv/index.ts';

/**
 * A file cut inside a character: its last line is a good row of the file again, ending with the first byte of a
 * two-byte letter. Every CSV parser of money evidence quarantines that row with the reason, and keeps the others.
 */
const SAMPLES: Array<[string, FormatParser, string]> = [
  ['bank CSV', bankCsvParser, 'bank-table/testdata/shifted-columns.csv'],
  ['Tronscan CSV', tronCsv, 'tron-csv/testdata/tronscan-transfers.csv'],
  ['Etherscan CSV', etherscanCsv, 'etherscan-csv/testdata/transactions.csv'],
  ['Binance statement', binanceStatementCsv, 'exchange-statement/testdata/binance-utc-time.csv'],
  [
    'Binance deposit/withdrawal history',
    binanceHistoryCsv,
    'exchange-statement/testdata/binance-Withdrawal-History.csv',
  ],
  ['P2P order history', p2pOrdersCsv, 'exchange-statement/testdata/binance-P2P-order-history.csv'],
];

/** The records and issues of `bytes` read in small chunks, as an ingest reads them. */
async function parse(parser: FormatParser, bytes: Uint8Array, fileName: string) {
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += 997) yield bytes.subarray(i, i + 997);
  }
  const items: ParseItem[] = [];
  for await (const item of parser.parse(chunks(), { evidenceId: 'ab'.repeat(32), fileName }))
    items.push(item);
  return {
    records: items.filter((i) => i.kind === 'record').length,
    issues: items.flatMap((i) => (i.kind === 'issue' ? [i.issue] : [])),
  };
}

describe('a row with bytes the file’s encoding does not read', () => {
  for (const [name, parser, file] of SAMPLES) {
    it(`is quarantined with the reason by the ${name} parser, the other rows kept`, async () => {
      const text = readFileSync(new URL(file, import.meta.url), 'utf8').replace(/\r?\n$/, '');
      const lines = text.split(/\r?\n/);
      const last = lines.length + 1;
      const fileName = file.split('/').at(-1)!;
      const whole = await parse(parser, new TextEncoder().encode(`${text}\n`), fileName);
      const bytes = new Uint8Array([...new TextEncoder().encode(`${text}\n${lines.at(-1)}`), 0xd0]);
      const cut = await parse(parser, bytes, fileName);
      const reasons = cut.issues.filter((i) => i.locator === `row:${last}`).map((i) => i.reason);
      expect(reasons).toEqual([
        expect.stringMatching(/not valid in the file's encoding .*cut inside a character/),
      ]);
      expect(cut.issues.find((i) => i.locator === `row:${last}`)?.severity).toBe('quarantine');
      expect(cut.records).toBe(whole.records);
      expect(cut.records).toBeGreaterThan(0);
    });
  }

  it('is not a row that holds a U+FFFD written in the file: the bank CSV parser stores it', async () => {
    const text = readFileSync(new URL('bank-table/testdata/shifted-columns.csv', import.meta.url), 'utf8');
    const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
    const whole = await parse(bankCsvParser, new TextEncoder().encode(`${lines.join('\n')}\n`), 'a.csv');
    // The first data row again, its description with two U+FFFD an upstream system wrote there.
    const row = lines[1]!.replace(/,([^,]*),([^,]*)$/, ',$1 \uFFFD\uFFFD,$2');
    expect(row).toContain('\uFFFD');
    const withIt = await parse(
      bankCsvParser,
      new TextEncoder().encode(`${[...lines, row].join('\n')}\n`),
      'a.csv',
    );
    expect(withIt.issues.filter((i) => /not valid in the file's encoding/.test(i.reason))).toEqual([]);
    expect(withIt.records).toBe(whole.records + 1);
  });
});
