import type { MessageLabel, MessageLabelRow, MessageRow, Store } from '@dragnet/core';
import { contextOfLabel } from '@dragnet/core/labels/chat-context-pass.ts';
import { chatTitles } from './list-chats.ts';

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
  /**
   * The evidence record: the file (its name, and the path it was ingested from, as the register keeps it; null
   * for a file ingested before the register kept paths, or one the register does not hold) and the locator in it.
   */
  evidence: { evidenceId: string; locator: string; file: string | null; path: string | null };
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
  const titles = await chatTitles(store);
  const out: FlaggedMessage[] = [];
  const chats = [...new Set([...byMessage.values()].map((ls) => ls[0]!.chatId))];
  if (chats.length === 0) return out;
  const files = new Map<string, { file: string; path: string | null }>();
  for await (const e of store.scan('evidence')) files.set(e.id, { file: e.originalName, path: e.path });
  for await (const m of store.scan('messages', { whereIn: { field: 'chatId', values: chats } })) {
    const labels = byMessage.get(`${m.chatId}\u0000${m.messageId}`);
    if (!labels) continue;
    out.push(toFlagged(m, labels, titles.get(m.chatId) ?? null, files.get(m.evidenceId)));
  }
  out.sort((a, b) => (a.timestamp < b.timestamp ? 1 : a.timestamp > b.timestamp ? -1 : 0));
  return options.limit ? out.slice(0, options.limit) : out;
}

function toFlagged(
  m: MessageRow,
  labels: MessageLabelRow[],
  chatTitle: string | null,
  file: { file: string; path: string | null } | undefined,
): FlaggedMessage {
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
    evidence: {
      evidenceId: m.evidenceId,
      locator: m.locator,
      file: file?.file ?? null,
      path: file?.path ?? null,
    },
  };
}
