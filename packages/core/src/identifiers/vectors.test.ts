/**
 * Table-driven tests over the third-party vectors in shared/fixtures/third-party/vectors (see SOURCE.txt
 * there: bitcoinjs-lib / Bitcoin Core, sipa/bech32 = BIP173/BIP350, EIP-55, TRON (tronj, tron-format-address,
 * wallet-core), php-iban, PayPal/Stripe test PANs, python-stdnum, valery1707/kaz-person-id).
 */
import { readFileSync } from 'node:fs';
import { bech32, bech32m } from 'bech32';
import { describe, expect, it } from 'vitest';
import { base58Decode, base58Encode } from './base58.ts';
import { decodeBtcAddress, normalizeBtc } from './normalize-btc.ts';
import { isLuhnValid, normalizeCard } from './normalize-card.ts';
import { normalizeEth } from './normalize-eth.ts';
import { normalizeIban } from './normalize-iban.ts';
import { normalizeIin } from './normalize-iin.ts';
import { normalizeTron } from './normalize-tron.ts';
import { parseIin } from './parse-iin.ts';

const VECTORS = new URL('../../../../../shared/fixtures/third-party/vectors/', import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: vector files are heterogeneous JSON
const load = (name: string): any => JSON.parse(readFileSync(new URL(name, VECTORS), 'utf8'));

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('base58 (bitcoinjs core/base58_encode_decode.json)', () => {
  const vectors: [string, string][] = load('bitcoinjs_core_base58_encode_decode.json');
  it.each(vectors)('%s ⇄ %s', (h, b58) => {
    expect(base58Encode(Buffer.from(h, 'hex'))).toBe(b58);
    expect(hex(base58Decode(b58)!)).toBe(h);
  });
});

describe('Bitcoin base58check (Bitcoin Core base58_keys_valid/invalid via bitcoinjs)', () => {
  const valid: [string, string, { addrType?: string; isPrivkey: boolean; isTestnet: boolean }][] = load(
    'bitcoinjs_core_base58_keys_valid.json',
  );
  const addresses = valid.filter(([, , meta]) => !meta.isPrivkey);
  it('has address vectors', () => expect(addresses.length).toBeGreaterThan(10));
  it.each(addresses)('decodes %s', (address, hash, meta) => {
    const decoded = decodeBtcAddress(address);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok || decoded.type === 'witness') throw new Error('expected base58');
    expect(hex(decoded.hash)).toBe(hash);
    expect(decoded.type).toBe(meta.addrType === 'pubkey' ? 'p2pkh' : 'p2sh');
    expect(decoded.network).toBe(meta.isTestnet ? 'testnet' : 'mainnet');
    expect(normalizeBtc(address).ok).toBe(!meta.isTestnet);
  });
  // Private keys (WIF) are valid base58check but not addresses: they must never become `btc:`.
  it.each(valid.filter(([, , meta]) => meta.isPrivkey))('rejects WIF private key %s', (key) => {
    expect(normalizeBtc(key).ok).toBe(false);
  });
  const invalid: [string][] = load('bitcoinjs_core_base58_keys_invalid.json');
  it.each(invalid)('rejects %j', (text) => {
    expect(decodeBtcAddress(text).ok).toBe(false);
    expect(normalizeBtc(text).ok).toBe(false);
  });
});

describe('bitcoinjs address.json', () => {
  const fixtures = load('bitcoinjs_address.json');
  const standard = fixtures.standard as {
    network: string;
    base58check?: string;
    bech32?: string;
    hash?: string;
    data?: string;
  }[];
  const ours = standard.filter(
    (v) => v.network === 'bitcoin' || v.network === 'testnet' || v.network === 'regtest',
  );
  it.each(ours)('accepts $base58check$bech32 ($network)', (v) => {
    const address = (v.base58check ?? v.bech32)!;
    const decoded = decodeBtcAddress(address);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(hex(decoded.type === 'witness' ? decoded.program : decoded.hash)).toBe(v.hash ?? v.data);
    expect(normalizeBtc(address).ok).toBe(v.network === 'bitcoin');
  });
  it('rejects litecoin addresses (other version bytes)', () => {
    for (const v of standard.filter((x) => x.network === 'litecoin'))
      expect(normalizeBtc(v.base58check!).ok).toBe(false);
  });
  it.each(fixtures.bech32 as { address: string; version: number; data: string }[])('bech32 $address', (v) => {
    const decoded = decodeBtcAddress(v.address);
    expect(decoded.ok && decoded.type === 'witness' && decoded.witnessVersion).toBe(v.version);
    if (decoded.ok && decoded.type === 'witness') expect(hex(decoded.program)).toBe(v.data);
  });
  const invalid = [
    ...(fixtures.invalid.bech32 as { address: string }[]),
    ...(fixtures.invalid.fromBase58Check as { address: string }[]),
    // `network: foo` asks whether a mainnet address fails on another network; for mainnet it is valid (BIP173).
    ...(fixtures.invalid.toOutputScript as { address: string; network?: { bech32: string } }[]).filter(
      (v) => v.network?.bech32 !== 'foo',
    ),
  ];
  it.each(invalid)('rejects $address', ({ address }) => {
    expect(normalizeBtc(address).ok).toBe(false);
  });
  // fromOutputScript vectors are scripts, not addresses: nothing of ours reads scripts.
});

describe('bech32/bech32m (sipa/bech32 = BIP173 + BIP350)', () => {
  const v = load('bech32_bip173_bip350.json').vectors;
  it.each(v.VALID_ADDRESS as [string, string][])('valid %s', (address, script) => {
    const decoded = decodeBtcAddress(address);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok || decoded.type !== 'witness') return;
    // scriptPubKey = OP_n (0x00 or 0x50+n) + push(len) + program
    const op = decoded.witnessVersion === 0 ? 0 : 0x50 + decoded.witnessVersion;
    expect(hex(Uint8Array.of(op, decoded.program.length, ...decoded.program))).toBe(script);
    expect(normalizeBtc(address)).toEqual(
      address.toLowerCase().startsWith('bc1')
        ? { ok: true, id: `btc:${address.toLowerCase()}`, kind: 'btc' }
        : expect.objectContaining({ ok: false }),
    );
  });
  it.each(v.INVALID_ADDRESS as string[])('invalid %s', (address) => {
    expect(decodeBtcAddress(address).ok).toBe(false);
  });
  // Encoder-side vectors (hrp, witness version, program length) turned around: the addresses an encoder
  // must refuse to build are rejected when decoded. ["BC", 0, 20] is about the encoder's case handling only.
  it.each((v.INVALID_ADDRESS_ENC as [string, number, number][]).filter(([hrp]) => hrp === 'bc'))(
    'rejects hrp %s v%i with a %i-byte program',
    (hrp, version, length) => {
      const lib = version === 0 ? bech32 : bech32m;
      const words = [version, ...lib.toWords(new Uint8Array(length))];
      expect(decodeBtcAddress(lib.encode(hrp, words, 200)).ok).toBe(false);
    },
  );
  // The checksum layer we build on (bech32 package): every valid string decodes with its own constant,
  // every invalid one fails it (the 90-character limit of BIP173 applies).
  it.each(v.VALID_BECH32 as string[])('bech32 checksum ok %j', (text) =>
    expect(bech32.decodeUnsafe(text, 90)).toBeDefined(),
  );
  it.each(v.VALID_BECH32M as string[])('bech32m checksum ok %j', (text) =>
    expect(bech32m.decodeUnsafe(text, 90)).toBeDefined(),
  );
  it.each(v.INVALID_BECH32 as string[])('bech32 rejects %j', (text) =>
    expect(bech32.decodeUnsafe(text, 90)).toBeUndefined(),
  );
  it.each(v.INVALID_BECH32M as string[])('bech32m rejects %j', (text) =>
    expect(bech32m.decodeUnsafe(text, 90)).toBeUndefined(),
  );
  // Bare bech32 strings without a Bitcoin prefix are never Bitcoin addresses.
  it.each([...v.VALID_BECH32, ...v.VALID_BECH32M, ...v.INVALID_BECH32, ...v.INVALID_BECH32M] as string[])(
    'non-address bech32 string %j is not btc',
    (text) => expect(normalizeBtc(text).ok).toBe(false),
  );
});

describe('EIP-55 (EIPS/eip-55.md)', () => {
  const v = load('eip55.json');
  it.each(v.valid as { checksummed: string; lowercase: string }[])(
    '$checksummed',
    ({ checksummed, lowercase }) => {
      expect(normalizeEth(checksummed)).toEqual({ ok: true, id: `eth:${lowercase}`, kind: 'eth' });
      expect(normalizeEth(lowercase).ok).toBe(true);
      expect(normalizeEth(`0x${lowercase.slice(2).toUpperCase()}`).ok).toBe(true);
    },
  );
  it.each(v.invalid_mutations as { checksummed: string }[])('mutation $checksummed', ({ checksummed }) => {
    expect(normalizeEth(checksummed).ok).toBe(false);
  });
});

describe('TRON (tronj, tron-format-address, wallet-core)', () => {
  const v = load('tron.json');
  it.each(v.base58_hex_pairs as { base58: string; hex: string }[])('$base58', ({ base58, hex: h }) => {
    expect(normalizeTron(base58)).toEqual({ ok: true, id: `tron:${base58}`, kind: 'tron' });
    expect(base58Encode(Buffer.from(h, 'hex')).length).toBeLessThan(base58.length); // checksum appended
  });
  it.each(v['privkey_to_address(wallet-core, Apache-2.0)'] as { address: string }[])(
    '$address',
    ({ address }) => {
      expect(normalizeTron(address).ok).toBe(true);
    },
  );
  it.each(v.invalid as { address: string }[])('rejects $address', ({ address }) => {
    expect(normalizeTron(address).ok).toBe(false);
  });
  it('rejects a one-character change', () =>
    expect(normalizeTron('TJAAinkKN2h9KxtBZXw6SyL7HwCQXnzFsF').ok).toBe(false));
});

describe('IBAN (php-iban registry and example files)', () => {
  const v = load('iban.json');
  // php-iban's Nicaragua example (32 chars) predates NI joining the SWIFT registry in 2023 with 28 chars;
  // for registry countries the official format wins, so that one example is rejected on purpose.
  const OUTDATED = 'NI92BAMC000000000000000003123123';
  const registry = (v.registry_examples as { country: string; iban: string }[]).filter(
    (e) => e.iban !== OUTDATED,
  );
  it.each(registry)('registry $country $iban', ({ iban }) => {
    expect(normalizeIban(iban)).toEqual({ ok: true, id: `iban:${iban}`, kind: 'iban' });
  });
  it('rejects the pre-registry Nicaragua example (official NI length is 28)', () => {
    expect(normalizeIban(OUTDATED)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('WrongBBANLength'),
    });
  });
  const examples = v.php_iban_example_ibans as { iban: string; file: string; mod97_ok: boolean | null }[];
  it('accepts every example the cross-check found mod-97 valid', () => {
    const failed = examples.filter(
      (e) => e.mod97_ok === true && e.iban !== OUTDATED && !normalizeIban(e.iban).ok,
    );
    expect(failed.map((e) => `${e.iban}: ${JSON.stringify(normalizeIban(e.iban))}`)).toEqual([]);
  });
  // The cross-check script counted the word "IBAN" into the number; without it these are valid.
  it('accepts examples written with a leading "IBAN" word', () => {
    const prefixed = examples.filter((e) => e.mod97_ok === false);
    expect(prefixed.length).toBe(4);
    for (const e of prefixed) expect(normalizeIban(e.iban).ok).toBe(true);
  });
  it.each(v.kz_negative as { iban: string; why: string }[])('rejects $iban ($why)', ({ iban }) => {
    expect(normalizeIban(iban).ok).toBe(false);
  });
});

describe('Luhn (PayPal/Stripe test PANs, python-stdnum)', () => {
  const v = load('luhn_cards.json').vectors as { pan: string; luhn_ok: boolean; brand?: string }[];
  it.each(v)('$pan → $luhn_ok', ({ pan, luhn_ok }) => {
    expect(isLuhnValid(pan)).toBe(luhn_ok);
    const result = normalizeCard(pan);
    expect(result.ok).toBe(luhn_ok && pan.length >= 13);
    if (result.ok) expect(result.id).toBe(`card:${pan}`);
  });
});

/** Builds a valid person IIN from birth date, century/sex digit and serial (valid person IINs are not shipped). */
export function makeIin(yymmdd: string, centurySex: number, serial: number): string | undefined {
  const first11 = `${yymmdd}${centurySex}${String(serial).padStart(4, '0')}`;
  const w1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const w2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
  const digits = [...first11].map(Number);
  let check = digits.reduce((s, d, i) => s + d * w1[i]!, 0) % 11;
  if (check === 10) check = digits.reduce((s, d, i) => s + d * w2[i]!, 0) % 11;
  return check === 10 ? undefined : first11 + check;
}

describe('Kazakhstan IIN/BIN (valery1707/kaz-person-id)', () => {
  const v = load('kz_iin_bin.json').vectors as { id: string; kind: string; valid: boolean }[];
  it.each(v)('$id ($kind) valid=$valid', ({ id, kind, valid }) => {
    const info = parseIin(id);
    expect(info.valid).toBe(valid);
    if (valid && kind === 'BIN') expect(info.kind).toBe('legal');
    expect(normalizeIin(id).ok).toBe(valid);
  });
  it('accepts person IINs built from the algorithm, with birth date and sex', () => {
    const cases: [string, number, string, 'M' | 'F'][] = [
      ['850312', 3, '1985-03-12', 'M'],
      ['991231', 4, '1999-12-31', 'F'],
      ['040229', 5, '2004-02-29', 'M'],
      ['010101', 6, '2001-01-01', 'F'],
      ['650715', 1, '1865-07-15', 'M'],
    ];
    for (const [date, c, birthDate, sex] of cases) {
      let iin: string | undefined;
      for (let serial = 1; !iin; serial++) iin = makeIin(date, c, serial);
      expect(parseIin(iin)).toEqual({ valid: true, kind: 'person', birthDate, sex });
      expect(normalizeIin(iin)).toEqual({ ok: true, id: `iin:${iin}`, kind: 'iin' });
      const wrong = iin.slice(0, 11) + ((Number(iin[11]) + 1) % 10);
      expect(normalizeIin(wrong).ok).toBe(false);
    }
  });
  it('uses the second weight set when the first gives 10', () => {
    let found = 0;
    for (let serial = 0; serial < 2000 && found < 3; serial++) {
      const first11 = `900101300${String(serial).padStart(2, '0')}`.slice(0, 11);
      const digits = [...first11].map(Number);
      if (digits.reduce((s, d, i) => s + d * (i + 1), 0) % 11 !== 10) continue;
      const iin = makeIin(first11.slice(0, 6), 3, Number(first11.slice(7)));
      if (!iin) continue;
      found++;
      expect(parseIin(iin).valid).toBe(true);
    }
    expect(found).toBeGreaterThan(0);
  });
  it('rejects impossible birth dates even with a correct check digit', () => {
    const iin = makeIin('990230', 3, 17) ?? makeIin('990230', 3, 18)!;
    expect(parseIin(iin)).toMatchObject({ valid: false, kind: 'person' });
  });
});
