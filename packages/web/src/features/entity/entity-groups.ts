import type { EntityGroup } from '../../api/client.ts';
import type { CountedNoun } from '../../i18n.tsx';

/** One order everywhere a list's groups are said (the dashboard's tiles, the list itself): persons first. */
export const GROUP_ORDER: readonly EntityGroup[] = ['persons', 'accounts'];

/**
 * The noun of a group: persons; and everything else "accounts" only where it is all accounts (cards, bank accounts,
 * wallets, exchange accounts), else "identifiers" (phones, chats and Telegram users are no accounts).
 */
export function groupNoun(group: EntityGroup, notAccounts: number): CountedNoun {
  return group === 'persons' ? 'person' : notAccounts > 0 ? 'identifier' : 'account';
}
