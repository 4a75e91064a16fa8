import { type NormalizeResult, rejected } from './normalize-result.ts';

/**
 * URL → itself with scheme and host lower-cased (`https://` added when missing); path and query are
 * kept as written. Parsed by hand, not with `URL`, so that hostile text never gets percent-decoded.
 */
export function normalizeUrl(raw: string): NormalizeResult {
  const text = raw.trim();
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/?#\s:@]+\.[^/?#\s:@]+)(:\d{1,5})?([/?#]\S*)?$/i.exec(text);
  if (!m) return rejected(`not a URL: ${text}`);
  const scheme = (m[1] ?? 'https').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return rejected(`unsupported URL scheme "${scheme}"`);
  return { ok: true, id: `${scheme}://${m[2]!.toLowerCase()}${m[3] ?? ''}${m[4] ?? ''}`, kind: 'url' };
}
