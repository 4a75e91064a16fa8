import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SameAsRow } from '../../model/tables.ts';
import { runParser } from '../canonical-csv/run-parser.ts';
import { detectFormat } from '../registry.ts';
import { esploraJson } from './index.ts';

const fixtures = new URL('../../../../../../shared/fixtures/third-party/crypto/', import.meta.url);

const read = (u: URL) => new Uint8Array(readFileSync(u));

describe('esplora-json', () => {
  it('reads the recorded Blockstream responses: sats → BTC exactly, fees reconcile', async () => {
    for (const [file, outs] of [
      ['bitgo_blockstream_tx_87f4cf75.json', ['0.00100000', '0.00899065']],
      ['bitgo_blockstream_tx_19c6cd6b.json', ['1.00000000', '96.98898249']],
    ] as const) {
      const bytes = read(new URL(`bitcoin-esplora/${file}`, fixtures));
      expect(detectFormat(bytes, 'response.json')?.format).toBe('esplora-json');
      const { transfers, issues } = await runParser(esploraJson, bytes);
      // No fee issue; only the note that these are testnet addresses.
      expect(issues.map((i) => [i.severity, i.reason])).toEqual([
        ['warning', expect.stringMatching(/testnet addresses/)],
      ]);
      expect(transfers.map((t) => t.amount)).toEqual(outs);
      expect(
        transfers.every(
          (t) => t.currency === 'BTC' && t.channel === 'crypto' && t.fromAccount?.startsWith('btc:'),
        ),
      ).toBe(true);
    }
    const { transfers } = await runParser(
      esploraJson,
      read(new URL('bitcoin-esplora/bitgo_blockstream_tx_87f4cf75.json', fixtures)),
    );
    expect(transfers[0]).toMatchObject({
      timestamp: '2018-11-20T16:31:00.000Z',
      fromAccount: 'btc:2NCgafDsUvFi6tg5bHED6C6Q4shmH7n8jkR',
      toAccount: 'btc:2My1QBzpW7sPdRLeUab7ta1adeKpWferNbs',
      props: { feeSat: '935', fee: '0.00000935' },
    });
  });

  it('splits outputs over co-spent inputs proportionally, skips change, links the inputs, checks fees', async () => {
    const { records, transfers, issues } = await runParser(
      esploraJson,
      read(new URL('./testdata/co-spend.json', import.meta.url)),
    );
    const tx1 = transfers.filter((t) => t.txId?.startsWith('a1'));
    // 250001 sat over inputs 300000 : 100000 → 187500 + 62500, remainder 1 sat to the larger input.
    expect(tx1.map((t) => [t.fromAccount, t.amount])).toEqual([
      ['btc:2NCgafDsUvFi6tg5bHED6C6Q4shmH7n8jkR', '0.00187501'],
      ['btc:tb1q2ajf7llsxvff7r0fpm42tmd5nz43cr8mg85f3788rm4cy7uwajdsusr2mg', '0.00062500'],
    ]);
    expect(tx1.every((t) => t.toAccount === 'btc:2My1QBzpW7sPdRLeUab7ta1adeKpWferNbs')).toBe(true);
    const sameAs = records.filter((r) => r.table === 'same_as').map((r) => r.row as SameAsRow);
    expect(sameAs).toEqual([
      expect.objectContaining({
        a: 'btc:2NCgafDsUvFi6tg5bHED6C6Q4shmH7n8jkR',
        b: 'btc:tb1q2ajf7llsxvff7r0fpm42tmd5nz43cr8mg85f3788rm4cy7uwajdsusr2mg',
        reason: `co-spend:${'a1'.repeat(32)}`,
        source: 'parser',
      }),
    ]);
    expect(issues.map((i) => [i.severity, i.locator])).toEqual([
      ['error', `tx:${'d4'.repeat(32)}`],
      ['quarantine', `tx:${'f6'.repeat(32)}`],
      ['warning', 'file'],
    ]);
    expect(issues[0]!.reason).toMatch(/50000 − outputs 49000 = 1000 sat, but fee says 500/);
    expect(issues[1]!.reason).toMatch(/unconfirmed/);
  });

  it('reports broken JSON as one error', async () => {
    const { issues, records } = await runParser(esploraJson, new TextEncoder().encode('{"txid": '));
    expect(records).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'error', locator: 'file' });
  });
});

describe('esplora-json: other explorers and hostile shapes', () => {
  it('values in BTC (another explorer imitating Esplora) are quarantined, not read 10^8 too small or crashed on', async () => {
    const bytes = read(new URL('./testdata/btc-values-not-satoshis.json', import.meta.url));
    const { transfers, issues } = await runParser(esploraJson, bytes);
    expect(transfers).toEqual([]);
    expect(issues).toEqual([
      expect.objectContaining({
        severity: 'quarantine',
        reason: expect.stringMatching(/0\.0005.*whole number of satoshis/),
      }),
    ]);
  });

  it('a field of another type quarantines its transaction and keeps the next one', async () => {
    const good = JSON.parse(
      new TextDecoder().decode(read(new URL('bitcoin-esplora/bitgo_blockstream_tx_87f4cf75.json', fixtures))),
    );
    const bad = { ...good, txid: 'b'.repeat(64), vin: [null], status: { block_time: 1 } };
    const bytes = new TextEncoder().encode(JSON.stringify([bad, good]));
    const { transfers, issues } = await runParser(esploraJson, bytes);
    expect(issues.filter((i) => i.severity !== 'warning').map((i) => [i.locator, i.severity])).toEqual([
      [`tx:${'b'.repeat(64)}`, 'quarantine'],
    ]);
    expect(transfers.length).toBeGreaterThan(0);
  });
});
