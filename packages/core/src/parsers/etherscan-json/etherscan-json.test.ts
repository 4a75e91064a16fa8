import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runParser } from '../canonical-csv/run-parser.ts';
import { detectFormat } from '../registry.ts';
import { etherscanJson } from './index.ts';

const fixtures = new URL(
  '../../../../../../shared/fixtures/third-party/crypto/etherscan-api-json/',
  import.meta.url,
);
const read = (u: URL) => new Uint8Array(readFileSync(u));

describe('etherscan-json', () => {
  it('reads tokentx exactly to tokenDecimal (values above 2^53) and keeps the gas fee', async () => {
    const bytes = read(new URL('./testdata/tokentx.json', import.meta.url));
    expect(detectFormat(bytes, 'tokentx.json')?.format).toBe('etherscan-json');
    const { transfers, issues } = await runParser(etherscanJson, bytes, 'etherscan-tokentx.json');
    expect(transfers.map((t) => [t.currency, t.amount])).toEqual([
      ['USDT', '1500.000000'],
      ['EIGHT', '98765.432109876543210987'],
    ]);
    expect(transfers[0]).toMatchObject({
      id: '0x5555555555555555555555555555555555555555555555555555555555555555:0xdac17f958d2ee523a2206206994597c13d831ec7:0x52908400098527886e0f7030069857d2e4169ee7>0x8617e340b3d01fa5f11f306f4090fd50e238070d',
      timestamp: '2024-01-11T19:06:40.000Z',
      fromAccount: 'eth:0x52908400098527886e0f7030069857d2e4169ee7',
      props: { fee: '0.000920000000000000', feeCurrency: 'ETH' },
    });
    // A mixed-case address whose EIP-55 checksum is wrong is refused.
    expect(issues.map((i) => i.severity)).toEqual(['quarantine']);
    expect(issues[0]!.reason).toMatch(/to "0x8617e340B3/);
  });

  it('skips the zero-value contract call of the GnosisScan txlist response, with a warning', async () => {
    const { transfers, issues } = await runParser(
      etherscanJson,
      read(new URL('wallet-valuator_gnosisscan_TokenTransfer.json', fixtures)),
      'gnosisscan-txlist.json',
    );
    expect(transfers).toEqual([]);
    expect(issues.map((i) => i.reason)).toEqual([expect.stringMatching(/1 zero-value/)]);
  });
});

describe('etherscan-json: hostile shapes', () => {
  it('numbers where the API writes strings are read as their text; objects are dropped, never a crash', async () => {
    const row = {
      hash: `0x${'5'.repeat(64)}`,
      timeStamp: 1705000000,
      from: '0x52908400098527886e0f7030069857d2e4169ee7',
      to: '0x8617e340b3d01fa5f11f306f4090fd50e238070d',
      value: 1000000,
      tokenSymbol: 'USDT',
      tokenDecimal: 6,
      contractAddress: '0xdac17f958d2ee523a2206206994597c13d831ec7',
    };
    const doc = { status: '1', message: 'OK', result: [row, { ...row, hash: { x: 1 } }] };
    const { transfers, issues } = await runParser(
      etherscanJson,
      new TextEncoder().encode(JSON.stringify(doc)),
      'etherscan.json',
    );
    expect(transfers.map((t) => [t.amount, t.currency])).toEqual([['1.000000', 'USDT']]);
    expect(issues.map((i) => i.severity)).toEqual(['quarantine']);
  });
});
