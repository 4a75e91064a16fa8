import type { Store } from '@dragnet/core';
import { normalizeIdentifier } from '@dragnet/core/identifiers/index.ts';

const username = (name: string) => `tg:@${name.replace(/^@/, '').toLowerCase()}`;

/**
 * The identifiers a message may name an entity by (the `mentions` rows that are its mentions): the identifier as
 * typed or in normal form (`5395 4511 5838 7461` → `card:…`), and for a Telegram account or chat every username its
 * records give it (`tg_users`, `chats`: HasUsername). The messages "mentioning it" (`/api/messages?identifier=`) and
 * the profile's count of them both use it.
 */
export async function mentionedAs(store: Store, typed: string): Promise<string[]> {
  const n = normalizeIdentifier(typed);
  const identifier = n.ok ? n.id : typed;
  const values = [identifier];
  if (identifier.startsWith('tg:user:'))
    for await (const u of store.scan('tg_users', { where: { userId: identifier } }))
      if (u.username) values.push(username(u.username));
  if (identifier.startsWith('tg:chat:'))
    for await (const c of store.scan('chats', { where: { chatId: identifier } }))
      if (c.username) values.push(username(c.username));
  return [...new Set(values)];
}

/** How many messages mention any of `values` (a message naming it twice counts once). */
export async function messagesMentioning(store: Store, values: string[]): Promise<number> {
  const keys = new Set<string>();
  for await (const m of store.scan('mentions', { whereIn: { field: 'identifier', values } }))
    keys.add(`${m.chatId}\u0000${m.messageId}`);
  return keys.size;
}
