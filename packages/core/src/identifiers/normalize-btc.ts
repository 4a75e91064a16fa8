import { bech32, bech32m } from 'bech32';
import { base58CheckDecode } from './base58.ts';
import { boundedMemo } from './bounded-memo.ts';
import { type NormalizeResult, rejected, stripPrefix } from './normalize-result.ts';

export type BtcNetwork = 'mainnet' | 'testnet' | 'regtest';

export type BtcAddress =
  | { ok: true; network: BtcNetwork; type: 'p2pkh' | 'p2sh'; hash: Uint8Array }
  | { ok: true; network: BtcNetwork; type: 'witness'; witnessVersion: number; program: Uint8Array }
  | { ok: false; reason: string };

const BASE58_VERSIONS: Record<number, { network: BtcNetwork; type: 'p2pkh' | 'p2sh' }> = {
  0: { network: 'mainnet', type: 'p2pkh' },
  5: { network: 'mainnet', type: 'p2sh' },
  111: { network: 'testnet', type: 'p2pkh' },
  196: { network: 'testnet', type: 'p2sh' },
};
const HRP: Record<string, BtcNetwork> = { bc: 'mainnet', tb: 'testnet', bcrt: 'regtest' };

// secp256k1 field prime; a taproot output key must be the x coordinate of a curve point (BIP341).
const P = 2n ** 256n - 2n ** 32n - 977n;

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  base %= mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod;
    base = (base * base) % mod;
    exp >>= 1n;
  }
  return result;
}

function isCurveX(bytes: Uint8Array): boolean {
  let x = 0n;
  for (const b of bytes) x = (x << 8n) | BigInt(b);
  if (x >= P) return false;
  const y2 = (x * x * x + 7n) % P;
  return y2 === 0n || modPow(y2, (P - 1n) / 2n, P) === 1n;
}

function decodeSegwit(text: string): BtcAddress {
  const asBech32 = bech32.decodeUnsafe(text, 90);
  const decoded = asBech32 ?? bech32m.decodeUnsafe(text, 90);
  if (!decoded) return { ok: false, reason: 'bech32 address fails its checksum (or mixes case)' };
  const network = HRP[decoded.prefix];
  if (!network) return { ok: false, reason: `unknown bech32 prefix "${decoded.prefix}"` };
  const [version, ...words] = decoded.words;
  if (version === undefined || version > 16) return { ok: false, reason: 'bad witness version' };
  // BIP350: v0 must use bech32, v1+ bech32m (one string cannot pass both checksums).
  if ((version === 0) !== (asBech32 !== undefined)) {
    return { ok: false, reason: `witness v${version} uses the wrong encoding (BIP350)` };
  }
  const bytes = bech32.fromWordsUnsafe(words);
  if (!bytes) return { ok: false, reason: 'bech32 program has bad padding' };
  const program = Uint8Array.from(bytes);
  if (program.length < 2 || program.length > 40)
    return { ok: false, reason: 'witness program must be 2–40 bytes' };
  if (version === 0 && program.length !== 20 && program.length !== 32) {
    return { ok: false, reason: 'witness v0 program must be 20 or 32 bytes' };
  }
  if (version === 1 && program.length === 32 && !isCurveX(program)) {
    return { ok: false, reason: 'taproot key is not a secp256k1 x coordinate (funds there are unspendable)' };
  }
  return { ok: true, network, type: 'witness', witnessVersion: version, program };
}

/** Decodes any Bitcoin address (mainnet, testnet, regtest): base58check P2PKH/P2SH or bech32/bech32m (BIP173/350). */
export function decodeBtcAddress(raw: string): BtcAddress {
  const text = raw.trim();
  if (/^(?:bc|tb|bcrt)1/i.test(text)) return decodeSegwit(text);
  if (!/^[1-9A-HJ-NP-Za-km-z]{25,36}$/.test(text)) return { ok: false, reason: 'not a Bitcoin address' };
  const payload = base58CheckDecode(text);
  if (!payload) return { ok: false, reason: 'Bitcoin address fails its base58check checksum' };
  if (payload.length !== 21) return { ok: false, reason: 'base58 payload must be 21 bytes' };
  const kind = BASE58_VERSIONS[payload[0]!];
  if (!kind) return { ok: false, reason: `unknown base58 version byte 0x${payload[0]!.toString(16)}` };
  return { ok: true, ...kind, hash: payload.subarray(1) };
}

/** Bitcoin mainnet address → `btc:<address>` (base58 kept as written, bech32 lower-cased). */
export const normalizeBtc = boundedMemo(uncachedNormalizeBtc);

function uncachedNormalizeBtc(raw: string): NormalizeResult {
  const text = stripPrefix(raw, 'btc:');
  const address = decodeBtcAddress(text);
  if (!address.ok) return rejected(address.reason);
  if (address.network !== 'mainnet')
    return rejected(`${address.network} address, not a mainnet Bitcoin address`);
  return { ok: true, id: `btc:${address.type === 'witness' ? text.toLowerCase() : text}`, kind: 'btc' };
}
