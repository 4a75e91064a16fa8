import { type ChatType, type MessageLabel, preferChatType, type Store } from '@dragnet/core';
import type { Findings } from '@dragnet/core/findings/findings.ts';

import { FINDINGS_DOC } from './analyze-case.ts';
import { UserError } from './user-error.ts';

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
 * `unknown`), with its message count, the messages each label flags and the labels the last analysis gave it.
 * Sorted by flagged messages, then messages. `label` keeps the chats with a message of that label.
 */
export async function listChats(
  store: Store,
  options: { label?: MessageLabel } = {},
): Promise<{ chats: ChatListItem[]; analysed: boolean }> {
  const byId = new Map<string, ChatListItem & { files: Set<string> }>();
  for await (const c of store.scan('chats')) {
    let e = byId.get(c.chatId);
    if (!e) {
      e = {
        chatId: c.chatId,
        type: c.type,
        title: c.title,
        username: c.username,
        evidenceFiles: 0,
        messages: 0,
        flagged: {},
        channelLabels: null,
        files: new Set(),
      };
      byId.set(c.chatId, e);
    }
    e.type = preferChatType(e.type, c.type);
    e.title ??= c.title;
    e.username ??= c.username;
    e.files.add(c.evidenceId);
  }
  for (const e of byId.values()) {
    e.messages = await store.count('messages', { where: { chatId: e.chatId } });
    e.evidenceFiles = e.files.size;
  }
  const seen = new Set<string>();
  for await (const l of store.scan('message_labels')) {
    const e = byId.get(l.chatId);
    if (!e) continue;
    const k = `${l.chatId}\u0000${l.messageId}\u0000${l.label}`;
    if (seen.has(k)) continue;
    seen.add(k);
    e.flagged[l.label] = (e.flagged[l.label] ?? 0) + 1;
  }
  const findings = await store.getDocument<Findings>(FINDINGS_DOC);
  for (const ch of findings?.channels ?? []) {
    const e = byId.get(ch.id);
    if (e) e.channelLabels = ch.labels;
  }
  const total = (e: ChatListItem) => Object.values(e.flagged).reduce((a, b) => a + (b ?? 0), 0);
  const chats = [...byId.values()]
    .filter((e) => !options.label || (e.flagged[options.label] ?? 0) > 0)
    .map(({ files: _files, ...e }) => e)
    .sort((a, b) => total(b) - total(a) || b.messages - a.messages || a.chatId.localeCompare(b.chatId));
  return { chats, analysed: findings !== undefined };
}

/**
 * The chat id a user typed: a stored id as is (`tg:chat:1500100`, `tg:chat:html-…`), a bare Telegram id (`1500100`,
 * `-1001500100`), `@username` or a `t.me/username` link of a stored chat, or an exact title when one chat has it.
 * A chat the case does not hold is an error naming what was typed, with the command that lists the chats.
 */
export async function resolveChat(store: Store, typed: string): Promise<string> {
  const t = typed.trim();
  const ids = new Map<string, { title: string | null; username: string | null }>();
  for await (const c of store.scan('chats'))
    if (!ids.has(c.chatId)) ids.set(c.chatId, { title: c.title, username: c.username });
  if (ids.has(t)) return t;
  const bare = /^-?\d+$/.test(t) ? t.replace(/^-100(?=\d{6,})/, '').replace(/^-/, '') : null;
  if (bare !== null && ids.has(`tg:chat:${bare}`)) return `tg:chat:${bare}`;
  const handle = /^(?:@|(?:https?:\/\/)?t\.me\/)([A-Za-z0-9_]{3,})\/?$/.exec(t)?.[1]?.toLowerCase();
  const byName = [...ids].filter(([, c]) =>
    handle ? c.username?.replace(/^@/, '').toLowerCase() === handle : c.title === t,
  );
  if (byName.length === 1) return byName[0]![0];
  if (byName.length > 1)
    throw new UserError(
      `${byName.length} chats are titled ${JSON.stringify(t)}: ${byName.map(([id]) => id).join(', ')}`,
      { hint: 'give the chat id (dragnet chats <case-dir> lists them)' },
    );
  // Messages whose chat row is missing (an export cut before its header) are still the case's.
  if ((await store.count('messages', { where: { chatId: t } })) > 0) return t;
  throw new UserError(`no chat ${JSON.stringify(t)} in this case`, {
    hint: 'dragnet chats <case-dir> lists the chats with their ids',
  });
}
