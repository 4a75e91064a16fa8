import { sha3_256 } from '@noble/hashes/sha3.js';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const encoder = new TextEncoder();

/** Tor v3 onion host (56 base32 chars): version byte 3 and the SHA3-256 checksum over ".onion checksum" ‖ key ‖ version. */
export function isValidOnionV3(label: string): boolean {
  const text = label.toLowerCase();
  if (text.length !== 56) return false;
  const bytes = new Uint8Array(35);
  let buffer = 0;
  let bits = 0;
  let n = 0;
  for (const c of text) {
    const v = BASE32.indexOf(c);
    if (v < 0) return false;
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes[n++] = (buffer >> bits) & 0xff;
    }
  }
  if (bytes[34] !== 3) return false;
  const prefix = encoder.encode('.onion checksum');
  const input = new Uint8Array(prefix.length + 33);
  input.set(prefix);
  input.set(bytes.subarray(0, 32), prefix.length);
  input[prefix.length + 32] = 3;
  const hash = sha3_256(input);
  return hash[0] === bytes[32] && hash[1] === bytes[33];
}
