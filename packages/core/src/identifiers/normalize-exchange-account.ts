import { type NormalizeResult, rejected } from './normalize-result.ts';

/** Exchange name → slug: lower case, runs of other characters → `-` ("Huobi Global" → `huobi-global`). */
export function exchangeSlug(exchange: string): string {
  return exchange
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Exchange account → `exchange:<slug>:<user id as written, trimmed>`. */
export function normalizeExchangeAccount(exchange: string, user: string): NormalizeResult {
  const slug = exchangeSlug(exchange);
  const id = user.trim();
  if (!slug) return rejected(`exchange name "${exchange}" has no letters or digits`);
  if (!id || /\s/.test(id)) return rejected(`exchange user id "${user}" must be non-empty without spaces`);
  return { ok: true, id: `exchange:${slug}:${id}`, kind: 'exchange' };
}
