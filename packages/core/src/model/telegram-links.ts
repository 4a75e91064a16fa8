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

/** The service actions of a basic group's upgrade: in the old group, and in the supergroup it became. */
export const MIGRATE_TO = 'migrate_to_supergroup';
export const MIGRATE_FROM = 'migrate_from_group';

/**
 * How far apart the two service messages of one upgrade may be. Telegram writes both in the same server operation
 * (the same second in every export seen); a minute leaves room for a rounded or a local-time date and is still far
 * shorter than any two upgrades one account makes.
 */
export const MIGRATION_WINDOW_MS = 60_000;

export type MigrationMessage = Pick<
  MessageRow,
  'evidenceId' | 'locator' | 'chatId' | 'messageId' | 'timestamp' | 'authorId' | 'action'
>;

/** A MigratedTo link (docs/data-model.md): the basic group → the supergroup it was upgraded to. */
export interface MigrationLink {
  from: string;
  to: string;
  /** The time of the upgrade (the earliest of its messages). */
  at: string;
  /** The service messages that show it, on both sides (every copy the case holds). */
  messages: MigrationMessage[];
}

/**
 * The upgrades of basic groups to supergroups that the stored service messages show. Telegram's export names
 * neither chat's id in them (`migrate_to_supergroup` has no field, `migrate_from_group` only the old group's title),
 * so a `migrate_to_supergroup` in one chat and a `migrate_from_group` in another are one upgrade when the same
 * account (by user id: display names change) did both within `MIGRATION_WINDOW_MS`, and neither message has another
 * such partner in a third chat (then which is meant is unknown, and no link is drawn). Messages without an author id
 * (HTML exports: names only, day-precision service times) give no link; nor do both messages in one chat (a
 * full-account export writes the old group's history into the supergroup's chat).
 */
export function migrationLinks(messages: Iterable<MigrationMessage>): MigrationLink[] {
  const to: MigrationMessage[] = [];
  const from: MigrationMessage[] = [];
  for (const m of messages) {
    if (m.authorId === null || Number.isNaN(Date.parse(m.timestamp))) continue;
    if (m.action === MIGRATE_TO) to.push(m);
    else if (m.action === MIGRATE_FROM) from.push(m);
  }
  const partners = (m: MigrationMessage, others: MigrationMessage[]) => {
    const t = Date.parse(m.timestamp);
    const chats = new Set<string>();
    for (const o of others)
      if (
        o.authorId === m.authorId &&
        o.chatId !== m.chatId &&
        Math.abs(Date.parse(o.timestamp) - t) <= MIGRATION_WINDOW_MS
      )
        chats.add(o.chatId);
    return chats;
  };
  const links = new Map<string, MigrationLink>();
  for (const a of to) {
    const supers = partners(a, from);
    if (supers.size !== 1) continue;
    const s = [...supers][0]!;
    const b = from.filter(
      (f) =>
        f.chatId === s &&
        f.authorId === a.authorId &&
        Math.abs(Date.parse(f.timestamp) - Date.parse(a.timestamp)) <= MIGRATION_WINDOW_MS,
    );
    // The supergroup's message must point back at this basic group alone.
    if (b.some((f) => partners(f, to).size !== 1)) continue;
    const k = `${a.chatId}\u0000${s}`;
    let l = links.get(k);
    if (!l) links.set(k, (l = { from: a.chatId, to: s, at: a.timestamp, messages: [] }));
    for (const m of [a, ...b]) {
      if (!l.messages.includes(m)) l.messages.push(m);
      if (m.timestamp < l.at) l.at = m.timestamp;
    }
  }
  return [...links.values()].sort((x, y) => x.at.localeCompare(y.at) || x.from.localeCompare(y.from));
}
