import type { MessageRow, Store, TgUserRow } from '@dragnet/core';
import { phoneOf } from './collect-entities.ts';

/** A record behind a fact: the evidence file and the place in it. */
export interface FactRecord {
  evidenceId: string;
  locator: string;
}

/** One value the evidence states about a Telegram account (a name, a username, a phone), with the records that state it. */
export interface TelegramFact {
  value: string;
  /** The first records that state it (at most FACT_RECORDS_CAP); `recordsTotal` counts them all. */
  records: FactRecord[];
  recordsTotal: number;
}

/**
 * What the `tg_users` rows say about one Telegram account: every display name, username (as `tg:@name`) and phone
 * (normal form) the evidence gives it; for a username (`tg:@name`), also the accounts (`tg:user:<id>`) whose records
 * give that username (HasUsername, docs/data-model.md). A phone kept as written (not a valid number) is listed too.
 */
export interface TelegramFacts {
  names: TelegramFact[];
  usernames: TelegramFact[];
  phones: TelegramFact[];
  /** The accounts this username or phone is tied to by a `tg_users` row. */
  accounts: TelegramFact[];
}

export const FACT_RECORDS_CAP = 20;
/** `tg_users` rows read per look-up. */
const TG_USERS_CAP = 50_000;

/** A username as an identifier (CONTRACT §2): `tg:@<username lowercase>`, without a leading `@`. */
export function usernameId(username: string): string {
  return `tg:@${username.replace(/^@/, '').toLowerCase()}`;
}

class Facts {
  readonly #byValue = new Map<string, TelegramFact>();
  add(value: string, r: FactRecord): void {
    let f = this.#byValue.get(value);
    if (!f) this.#byValue.set(value, (f = { value, records: [], recordsTotal: 0 }));
    if (f.records.some((x) => x.evidenceId === r.evidenceId && x.locator === r.locator)) return;
    f.recordsTotal++;
    if (f.records.length < FACT_RECORDS_CAP) f.records.push({ evidenceId: r.evidenceId, locator: r.locator });
  }
  list(): TelegramFact[] {
    return [...this.#byValue.values()].sort(
      (a, b) => b.recordsTotal - a.recordsTotal || (a.value < b.value ? -1 : 1),
    );
  }
}

/**
 * The facts of `id` (`tg:user:…`, `tg:@name`, `phone:+…`) from its `tg_users` rows. `byUsername` gives the rows whose
 * username is a given `tg:@name` (the caller builds it once: usernames are stored as written, in any case).
 */
export async function telegramFacts(
  store: Store,
  id: string,
  byUsername: (name: string) => Promise<readonly TgUserRow[]>,
): Promise<TelegramFacts> {
  const names = new Facts();
  const usernames = new Facts();
  const phones = new Facts();
  const accounts = new Facts();
  const own = (u: TgUserRow) => {
    if (u.displayName) names.add(u.displayName, u);
    if (u.username) usernames.add(usernameId(u.username), u);
    if (u.phone) phones.add(phoneOf(u.phone) ?? u.phone, u);
  };
  if (id.startsWith('tg:')) {
    const rows: TgUserRow[] = [];
    for await (const u of store.scan('tg_users', { where: { userId: id }, limit: TG_USERS_CAP }))
      rows.push(u);
    const mentioned = id.startsWith('tg:user:')
      ? await mentionNameRows(store, id, rows)
      : new Set<TgUserRow>();
    for (const u of rows) if (!mentioned.has(u)) own(u);
  }
  if (id.startsWith('tg:@')) {
    for (const u of await byUsername(id)) if (u.userId !== id) accounts.add(u.userId, u);
  }
  if (id.startsWith('phone:')) {
    for await (const u of store.scan('tg_users', { where: { phone: id }, limit: TG_USERS_CAP }))
      accounts.add(u.userId, u);
  }
  return {
    names: names.list(),
    usernames: usernames.list(),
    phones: phones.list(),
    accounts: accounts.list(),
  };
}

/**
 * The rows a `mention_name` made before parser fix/prof (a case ingested earlier keeps them: the same file is not
 * parsed again): the text the writer used ("Шефу") stored as the user's display name. Such a row gives a name only, at
 * a message; a mention of the user (a `mention_name`) has that very text; and no message the user wrote carries it as
 * his name. (The Mentions row may be another file's: a message seen on two phones keeps the first file's rows.)
 */
async function mentionNameRows(
  store: Store,
  id: string,
  rows: readonly TgUserRow[],
): Promise<Set<TgUserRow>> {
  const out = new Set<TgUserRow>();
  const candidates = rows.filter(
    (u) => u.displayName && !u.username && !u.phone && /message:/.test(u.locator),
  );
  if (candidates.length === 0) return out;
  const said = new Set<string>();
  for await (const m of store.scan('mentions', { where: { identifier: id }, limit: TG_USERS_CAP }))
    if (m.source === 'entity') said.add(m.raw);
  const authored = new Map<string, boolean>();
  for (const u of candidates) {
    const name = u.displayName!;
    if (!said.has(name)) continue;
    if (!authored.has(name)) {
      let hit = false;
      for await (const _m of store.scan('messages', { where: { authorId: id, authorName: name }, limit: 1 }))
        hit = true;
      authored.set(name, hit);
    }
    if (!authored.get(name)) out.add(u);
  }
  return out;
}

/**
 * The `tg_users` rows that give an account the username `name` (`tg:@name`), for HasUsername: a look-up of the
 * `spellings` the case stores it in (usernames are kept as written, in any case: `Boss_B`, `boss_b`), which the
 * caller knows (the server's case index notes them in its one pass over `tg_users`).
 */
export async function tgUsersOfUsername(
  store: Store,
  name: string,
  spellings: readonly string[],
): Promise<TgUserRow[]> {
  const rows: TgUserRow[] = [];
  if (spellings.length === 0) return rows;
  for await (const u of store.scan('tg_users', {
    whereIn: { field: 'username', values: spellings },
    limit: TG_USERS_CAP,
  }))
    if (u.username && usernameId(u.username) === name) rows.push(u);
  return rows;
}

/** Who posted an identifier in chats: an author of messages that mention it (a card a user wrote in a chat). */
export interface Poster {
  /** The author's id: `tg:user:<id>`, or a chat posting as itself (a channel's own posts). */
  author: string;
  /** The author's name as most of these messages give it, the latest on a tie (evidence text). */
  name: string | null;
  /** Distinct messages (chat and message id; a kept version of a stored message counts once). */
  messages: number;
  chats: number;
  /** The first messages, for their evidence. */
  records: Array<FactRecord & { chatId: string; messageId: string }>;
}

/** Messages read per identifier for its posters. */
const POSTER_MENTIONS_CAP = 5_000;

/**
 * The authors of the messages that mention each identifier (validated mentions): "posted by", a relation of its
 * own. Posting a card is not holding it (a shop's operator posts the cards of droppers), so no holder is made of it.
 * Service messages have no poster. Most messages first.
 */
export async function postersOf(
  store: Store,
  identifiers: readonly string[],
): Promise<Map<string, Poster[]>> {
  const out = new Map<string, Poster[]>();
  if (identifiers.length === 0) return out;
  /** `chat\0message` → the identifiers it mentions. */
  const wanted = new Map<string, Set<string>>();
  /** chat → the ids of its messages that mention them (a message id is one chat's: "5" is in every chat). */
  const messageIds = new Map<string, Set<string>>();
  let n = 0;
  for await (const m of store.scan('mentions', {
    whereIn: { field: 'identifier', values: [...identifiers] },
    limit: POSTER_MENTIONS_CAP * identifiers.length,
  })) {
    if (!m.validated) continue;
    const k = `${m.chatId}\u0000${m.messageId}`;
    let s = wanted.get(k);
    if (!s) wanted.set(k, (s = new Set()));
    s.add(m.identifier);
    let ids = messageIds.get(m.chatId);
    if (!ids) messageIds.set(m.chatId, (ids = new Set()));
    ids.add(m.messageId);
    if (++n >= POSTER_MENTIONS_CAP * identifiers.length) break;
  }
  if (messageIds.size === 0) return out;
  const acc = new Map<
    string,
    Map<string, { poster: Poster; keys: Set<string>; chats: Set<string>; names: Map<string, number> }>
  >();
  const byTime: MessageRow[] = [];
  // Each chat's messages by id: one look-up by message id alone read that id in every chat of the case.
  for (const [chatId, ids] of messageIds)
    for await (const m of store.scan('messages', {
      where: { chatId },
      whereIn: { field: 'messageId', values: [...ids] },
    }))
      if (wanted.has(`${m.chatId}\u0000${m.messageId}`)) byTime.push(m);
  byTime.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  for (const m of byTime) {
    const author = m.authorId;
    if (!author || (m.action !== null && m.action !== 'unsupported')) continue;
    // A version kept of a stored message (`<id>~<evidence>`, docs/formats/telegram.md) is the same message.
    const key = `${m.chatId}\u0000${m.messageId.replace(/~[0-9a-f]+$/, '')}`;
    for (const identifier of wanted.get(`${m.chatId}\u0000${m.messageId}`) ?? []) {
      let byAuthor = acc.get(identifier);
      if (!byAuthor) acc.set(identifier, (byAuthor = new Map()));
      let a = byAuthor.get(author);
      if (!a)
        byAuthor.set(
          author,
          (a = {
            poster: { author, name: null, messages: 0, chats: 0, records: [] },
            keys: new Set(),
            chats: new Set(),
            names: new Map(),
          }),
        );
      if (m.authorName) {
        const n = (a.names.get(m.authorName) ?? 0) + 1;
        a.names.set(m.authorName, n);
        if (n >= (a.poster.name === null ? 0 : (a.names.get(a.poster.name) ?? 0)))
          a.poster.name = m.authorName;
      }
      a.chats.add(m.chatId);
      if (a.poster.records.length < FACT_RECORDS_CAP)
        a.poster.records.push({
          evidenceId: m.evidenceId,
          locator: m.locator,
          chatId: m.chatId,
          messageId: m.messageId,
        });
      a.keys.add(key);
    }
  }
  for (const [identifier, byAuthor] of acc)
    out.set(
      identifier,
      [...byAuthor.values()]
        .map(({ poster, keys, chats }) => ({ ...poster, messages: keys.size, chats: chats.size }))
        .sort((a, b) => b.messages - a.messages || (a.author < b.author ? -1 : 1)),
    );
  return out;
}
