import { type ChatType, chatTitle, type MessageLabel, preferChatType, type Store } from '@dragnet/core';
import type { Findings } from '@dragnet/core/findings/findings.ts';

import { FINDINGS_DOC } from './analyze-case.ts';
import { normalizeTelegram, privateChatSides } from '@dragnet/core/identifiers/index.ts';
import { UserError } from './user-error.ts';

/** A chat as the store holds it: the list entry, its evidence files and every title its rows give. */
type StoredChat = ChatListItem & { files: Set<string>; titles: Set<string> };

/** One chat of the case as `dragnet chats` lists it. */
export interface ChatListItem {
  chatId: string;
  type: ChatType;
  title: string | null;
  username: string | null;
  /** Evidence files that hold the chat (several phones, several exports). */
  evidenceFiles: number;
  messages: number;
  /** Messages per label, own or from the chat context (each message once per label). */
  flagged: Partial<Record<MessageLabel, number>>;
  /** The chat's labels as the last `dragnet analyze` gave them (null: not analysed since, or not flagged). */
  channelLabels: Array<{ label: MessageLabel; score: number; evidence: string[] }> | null;
}

/**
 * Every chat of the case, one entry per chat id however many exports hold it (a known type wins over an HTML page's
 * `unknown`), with its message count, the messages each label flags and the labels the last analysis gave it. A chat
 * whose messages or labels the case holds without a chat row (an export cut before its header) is listed with type
 * `unknown`. Sorted by flagged messages, then messages. `label` keeps the chats with a message of that label.
 */
export async function listChats(
  store: Store,
  options: { label?: MessageLabel } = {},
): Promise<{ chats: ChatListItem[]; analysed: boolean }> {
  const byId = await storedChats(store);
  const item = (chatId: string): StoredChat => {
    let e = byId.get(chatId);
    if (!e) byId.set(chatId, (e = newItem(chatId, 'unknown', null, null)));
    return e;
  };
  const seen = new Set<string>();
  for await (const l of store.scan('message_labels')) {
    const k = `${l.chatId}\u0000${l.messageId}\u0000${l.label}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const e = item(l.chatId);
    e.flagged[l.label] = (e.flagged[l.label] ?? 0) + 1;
  }
  const findings = await store.getDocument<Findings>(FINDINGS_DOC);
  for (const ch of findings?.channels ?? []) {
    const e = item(ch.id);
    e.title ??= ch.title;
    e.channelLabels = ch.labels;
  }
  // One grouped count for all chats (a query per chat took seconds on a case of thousands of chats).
  const messages = await store.countBy('messages', 'chatId');
  for (const chatId of messages.keys()) if (chatId !== null) item(chatId);
  for (const e of byId.values()) {
    e.messages = messages.get(e.chatId) ?? 0;
    e.evidenceFiles = e.files.size;
  }
  const total = (e: ChatListItem) => Object.values(e.flagged).reduce((a, b) => a + (b ?? 0), 0);
  const chats = [...byId.values()]
    .filter((e) => !options.label || (e.flagged[options.label] ?? 0) > 0)
    .map(({ files: _files, titles: _titles, ...e }) => e)
    .sort((a, b) => total(b) - total(a) || b.messages - a.messages || a.chatId.localeCompare(b.chatId));
  return { chats, analysed: findings !== undefined };
}

function newItem(chatId: string, type: ChatType, title: string | null, username: string | null): StoredChat {
  return {
    chatId,
    type,
    title,
    username,
    evidenceFiles: 0,
    messages: 0,
    flagged: {},
    channelLabels: null,
    files: new Set(),
    titles: new Set(),
  };
}

/** Each chat's title as `dragnet chats` shows it (`storedChats`): the first any row gives, both sides' for a private chat. */
export async function chatTitles(store: Store): Promise<Map<string, string | null>> {
  return new Map([...(await storedChats(store))].map(([id, e]) => [id, e.title]));
}

/**
 * The stored chat rows merged per chat id: the most telling type, the first title and username any row gives. A
 * private chat named by its two sides is titled by the two people (`chatTitle`: `Ivan ↔ Boss`, their display names in
 * the case), whichever phone came first.
 */
async function storedChats(store: Store): Promise<Map<string, StoredChat>> {
  const byId = new Map<string, StoredChat>();
  const pairTitles = new Map<string, string[]>();
  for await (const c of store.scan('chats')) {
    let e = byId.get(c.chatId);
    if (!e) byId.set(c.chatId, (e = newItem(c.chatId, c.type, c.title, c.username)));
    e.type = preferChatType(e.type, c.type);
    e.title ??= c.title;
    e.username ??= c.username;
    e.files.add(c.evidenceId);
    if (c.title !== null) e.titles.add(c.title);
    if (c.title !== null && privateChatSides(c.chatId) !== null)
      pairTitles.set(c.chatId, [...(pairTitles.get(c.chatId) ?? []), c.title]);
  }
  if (pairTitles.size > 0) {
    const names = await userNames(
      store,
      [...pairTitles.keys()].flatMap((id) => privateChatSides(id)!),
    );
    for (const [chatId, titles] of pairTitles)
      byId.get(chatId)!.title = chatTitle(chatId, titles, (u) => names.get(u));
  }
  return byId;
}

/** The first display name the case holds for each of these users (`tg:user:<id>`, given as bare ids). */
async function userNames(store: Store, ids: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const values = [...new Set(ids)].map((id) => `tg:user:${id}`);
  for await (const u of store.scan('tg_users', { whereIn: { field: 'userId', values } }))
    if (u.displayName && !names.has(u.userId)) names.set(u.userId, u.displayName);
  return names;
}

/**
 * The chat id a user typed: a stored id as is (`tg:chat:1500100`, `tg:chat:html-…`), a Telegram id or link in any form
 * `normalizeTelegram` reads (`1500100`, `-1001500100`, `@name`, `t.me/name`, `t.me/c/1500100/7`), or an exact title
 * when one chat has it. A chat the case does not hold is an error naming what was typed, with the command that lists
 * the chats.
 */
export async function resolveChat(store: Store, typed: string): Promise<string> {
  const t = typed.trim();
  const chats = await storedChats(store);
  if (chats.has(t)) return t;
  const n = normalizeTelegram(t, { bareId: 'chat' });
  const id = n.ok ? n.id : null;
  if (id?.startsWith('tg:chat:') && (chats.has(id) || (await hasMessages(store, id)))) return id;
  // A private chat is named by its two sides (`tg:chat:<id>_<id>`); the id an export gives it is the other side's.
  const side = id !== null && /^tg:chat:\d+$/.test(id) ? id.slice('tg:chat:'.length) : null;
  const pairs = side === null ? [] : [...chats.keys()].filter((c) => privateChatSides(c)?.includes(side));
  if (pairs.length === 1) return pairs[0]!;
  if (pairs.length > 1)
    throw new UserError(`${pairs.length} private chats have user ${side} on one side: ${pairs.join(', ')}`, {
      hint: 'give one of these chat ids (dragnet chats <case-dir> lists them)',
    });
  const handle = id?.startsWith('tg:@') ? id.slice('tg:@'.length) : null;
  const what = handle !== null ? `@${handle}` : JSON.stringify(t);
  const matches = [...chats.values()].filter((c) =>
    handle !== null
      ? c.username?.replace(/^@/, '').toLowerCase() === handle
      : c.title === t || c.titles.has(t),
  );
  if (matches.length === 1) return matches[0]!.chatId;
  if (matches.length > 1)
    throw new UserError(
      `${matches.length} chats ${handle !== null ? 'have the username' : 'are titled'} ${what}: ${matches.map((c) => c.chatId).join(', ')}`,
      { hint: 'give the chat id (dragnet chats <case-dir> lists them)' },
    );
  // Messages whose chat row is missing (an export cut before its header) are still the case's.
  if (await hasMessages(store, t)) return t;
  throw new UserError(`no chat ${JSON.stringify(t)} in this case`, {
    hint: 'dragnet chats <case-dir> lists the chats with their ids',
  });
}

async function hasMessages(store: Store, chatId: string): Promise<boolean> {
  return (await store.count('messages', { where: { chatId } })) > 0;
}
