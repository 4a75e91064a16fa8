import type { MessageLabel, MessageLabelRow, MessageRow, Store } from '@dragnet/core';
import { contextOfLabel } from '@dragnet/core/labels/chat-context-pass.ts';

export interface FlaggedMessage {
  chatId: string;
  chatTitle: string | null;
  messageId: string;
  timestamp: string;
  authorId: string | null;
  authorName: string | null;
  text: string;
  labels: Array<{
    label: MessageLabel;
    score: number;
    terms: MessageLabelRow['terms'];
    /** Given by the chat, not the message's own text (docs/labels.md, "Chat context"): why, and the messages it rests on. */
    context?: { reason: string; refs: string[] };
  }>;
  evidence: { evidenceId: string; locator: string };
}

export interface ListMessagesOptions {
  label?: MessageLabel;
  chatId?: string;
  limit?: number;
}

/** Messages that carry a label (optionally one label or one chat), newest first, with their evidence. */
export async function listFlaggedMessages(
  store: Store,
  options: ListMessagesOptions = {},
): Promise<FlaggedMessage[]> {
  const byMessage = new Map<string, MessageLabelRow[]>();
  const where = {
    ...(options.label ? { label: options.label } : {}),
    ...(options.chatId ? { chatId: options.chatId } : {}),
  };
  for await (const l of store.scan('message_labels', { where })) {
    const k = `${l.chatId}\u0000${l.messageId}`;
    const list = byMessage.get(k);
    if (list) list.push(l);
    else byMessage.set(k, [l]);
  }
  if (options.label) {
    // Also show the message's other labels.
    const chats = [...new Set([...byMessage.values()].map((ls) => ls[0]!.chatId))];
    if (chats.length) {
      for await (const l of store.scan('message_labels', { whereIn: { field: 'chatId', values: chats } })) {
        const list = byMessage.get(`${l.chatId}\u0000${l.messageId}`);
        if (list && !list.some((x) => x.label === l.label)) list.push(l);
      }
    }
  }
  const titles = new Map<string, string | null>();
  for await (const c of store.scan('chats')) titles.set(c.chatId, c.title);
  const out: FlaggedMessage[] = [];
  const chats = [...new Set([...byMessage.values()].map((ls) => ls[0]!.chatId))];
  if (chats.length === 0) return out;
  for await (const m of store.scan('messages', { whereIn: { field: 'chatId', values: chats } })) {
    const labels = byMessage.get(`${m.chatId}\u0000${m.messageId}`);
    if (!labels) continue;
    out.push(toFlagged(m, labels, titles.get(m.chatId) ?? null));
  }
  out.sort((a, b) => (a.timestamp < b.timestamp ? 1 : a.timestamp > b.timestamp ? -1 : 0));
  return options.limit ? out.slice(0, options.limit) : out;
}

function toFlagged(m: MessageRow, labels: MessageLabelRow[], chatTitle: string | null): FlaggedMessage {
  return {
    chatId: m.chatId,
    chatTitle,
    messageId: m.messageId,
    timestamp: m.timestamp,
    authorId: m.authorId,
    authorName: m.authorName,
    text: m.text,
    labels: labels
      .map((l) => {
        // A context label's stored terms carry its reason and anchors, not spans of the text: `context` has them.
        const context = contextOfLabel(l);
        return {
          label: l.label,
          score: l.score,
          terms: context ? [] : l.terms,
          ...(context ? { context } : {}),
        };
      })
      .sort((a, b) => b.score - a.score),
    evidence: { evidenceId: m.evidenceId, locator: m.locator },
  };
}
