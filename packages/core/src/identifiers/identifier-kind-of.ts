import type { IdentifierKind } from '../model/kinds.ts';
import { normalizeIdentifier } from './normalize-identifier.ts';

const KINDS = new Set<string>([
  'card',
  'iban',
  'acct',
  'phone',
  'tron',
  'btc',
  'eth',
  'exchange',
  'tg',
  'iin',
  'email',
]);

/** Kind of an identifier in normal form (`card:…` → `card`, `https://…` → `url`); `undefined` otherwise. */
export function identifierKindOf(id: string): IdentifierKind | undefined {
  const colon = id.indexOf(':');
  if (colon <= 0) return undefined;
  const prefix = id.slice(0, colon);
  if (KINDS.has(prefix)) return prefix as IdentifierKind;
  if ((prefix === 'https' || prefix === 'http') && id.startsWith('//', colon + 1)) return 'url';
  return undefined;
}

/** True when `id` is exactly the CONTRACT §2 normal form of itself (valid and already normalised). */
export function isNormalForm(id: string): boolean {
  const kind = identifierKindOf(id);
  if (!kind) return false;
  const result = normalizeIdentifier(id, kind);
  return result.ok && result.id === id;
}
