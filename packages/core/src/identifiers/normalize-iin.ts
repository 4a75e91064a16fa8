import { type NormalizeResult, rejected, stripPrefix } from './normalize-result.ts';
import { parseIin } from './parse-iin.ts';

/** Kazakhstan IIN/BIN → `iin:<12 digits>` (mod-11 checked, birth date / registration month plausible). */
export function normalizeIin(raw: string): NormalizeResult {
  const text = stripPrefix(raw, 'iin:').replace(/[\s\-\u00a0]/g, '');
  const info = parseIin(text);
  if (!info.valid) return rejected(info.reason ?? 'invalid IIN/BIN');
  return { ok: true, id: `iin:${text}`, kind: 'iin' };
}
