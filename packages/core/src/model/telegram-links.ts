import type { LinkKind } from './kinds.ts';
import type { MembershipRow, MessageRow } from './tables.ts';

/**
 * The link a `memberships` row stands for (docs/data-model.md): `creator` and `admin` → Admin, `member` →
 * MemberOf, `poster` (the user wrote in the chat) → Posted.
 */
export function membershipLinkKind(
  role: MembershipRow['role'],
): Extract<LinkKind, 'MemberOf' | 'Admin' | 'Posted'> {
  return role === 'creator' || role === 'admin' ? 'Admin' : role === 'poster' ? 'Posted' : 'MemberOf';
}

const PEER_ID = /^tg:(?:user|chat):-?\d+$/;

/**
 * The party a message was forwarded from, as an entity id (`tg:user:<id>` / `tg:chat:<id>`), or null when the
 * export gave only a name (HTML exports, old JSON ones): a name is no identifier, and a display name that
 * reads like an id must not become one, so HTML chats (`tg:chat:html-…`) never yield a link.
 */
export function forwardedSource(m: Pick<MessageRow, 'chatId' | 'forwardedFrom'>): string | null {
  const f = m.forwardedFrom;
  if (f === null || !PEER_ID.test(f) || m.chatId.startsWith('tg:chat:html-')) return null;
  return f;
}

/**
 * The author as the source of a Posted link, or null: no author id, a channel posting as itself, or a service
 * message (a join or a title change is no post; its actor's MemberOf / Admin comes from `memberships`).
 */
export function postedBy(m: Pick<MessageRow, 'chatId' | 'authorId' | 'action'>): string | null {
  const a = m.authorId;
  if (a === null || a === m.chatId || (m.action !== null && m.action !== 'unsupported')) return null;
  return PEER_ID.test(a) ? a : null;
}
