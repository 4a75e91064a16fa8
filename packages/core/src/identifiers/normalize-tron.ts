import { base58CheckDecode } from './base58.ts';
import { boundedMemo } from './bounded-memo.ts';
import { type NormalizeResult, rejected, stripPrefix } from './normalize-result.ts';

/** TRON address → `tron:T…` (base58check, 21-byte payload starting with 0x41). */
export const normalizeTron = boundedMemo(uncachedNormalizeTron);

function uncachedNormalizeTron(raw: string): NormalizeResult {
  const text = stripPrefix(raw, 'tron:');
  if (!/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(text))
    return rejected('TRON address must be T + 33 base58 characters');
  const payload = base58CheckDecode(text);
  if (!payload) return rejected('TRON address fails its base58check checksum');
  if (payload.length !== 21 || payload[0] !== 0x41)
    return rejected('TRON address payload must be 0x41 + 20 bytes');
  return { ok: true, id: `tron:${text}`, kind: 'tron' };
}
