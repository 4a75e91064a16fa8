import { keccak_256 } from '@noble/hashes/sha3.js';
import { boundedMemo } from './bounded-memo.ts';
import { type NormalizeResult, rejected, stripPrefix } from './normalize-result.ts';

const encoder = new TextEncoder();

/** EIP-55: hex letter i is upper case exactly when nibble i of keccak256(lowercase hex) is ≥ 8. */
export function isEip55Checksum(hex40: string): boolean {
  const lower = hex40.toLowerCase();
  const hash = keccak_256(encoder.encode(lower));
  for (let i = 0; i < 40; i++) {
    const c = hex40.charCodeAt(i);
    if (c < 65) continue; // digit
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    const upper = c <= 70;
    if (upper !== nibble >= 8) return false;
  }
  return true;
}

/** Ethereum/BSC address → `eth:0x<40 lowercase hex>`; mixed case must pass EIP-55. */
export const normalizeEth = boundedMemo(uncachedNormalizeEth);

function uncachedNormalizeEth(raw: string): NormalizeResult {
  const text = stripPrefix(raw, 'eth:');
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) return rejected('Ethereum address must be 0x + 40 hex digits');
  const hex = text.slice(2);
  const mixed = /[a-f]/.test(hex) && /[A-F]/.test(hex);
  if (mixed && !isEip55Checksum(hex)) return rejected('Ethereum address has mixed case but fails EIP-55');
  return { ok: true, id: `eth:0x${hex.toLowerCase()}`, kind: 'eth' };
}
