import type { MessageRow } from '@dragnet/core';
import { MESSAGE_LABELS } from '@dragnet/core/model/tables.ts';
import { contextOfLabel } from '@dragnet/core/labels/chat-context-pass.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import type { ChannelItem, MessageItem, Page } from '../api-types.ts';
import { listChats, resolveChat } from '@dragnet/services/list-chats.ts';
import { UserError } from '@dragnet/services/user-error.ts';
import { isFlaggedChat } from '@dragnet/core/findings/flagged-chat.ts';
import { mentionedAs } from '../mentioned-as.ts';
import type { RouteDeps } from './deps.ts';
import { collect, isoTime, limit, notFound, offset, optText, parseQuery } from './query.ts';

const LABELS = MESSAGE_LABELS;
const MEMORY_CAP = 200_000;

export function messageRoutes({ store, index }: RouteDeps): Hono {
  const app = new Hono();

  app.get('/channels', async (c) => {
    await index.ready();
    // The same list as `dragnet chats`: one entry per chat however many exports hold it, a known type over an HTML
    // page's "unknown" (docs/formats/telegram.md), the labels of the last analysis.
    const { chats } = await listChats(store);
    const items: ChannelItem[] = chats.map((ch) => ({
      id: ch.chatId,
      title: ch.title,
      type: ch.type,
      messages: ch.messages,
      labels: ch.channelLabels ?? [],
    }));
    items.sort(
      (a, b) => b.labels.length - a.labels.length || b.messages - a.messages || a.id.localeCompare(b.id),
    );
    return c.json({ items });
  });

  app.get('/messages', async (c) => {
    const q = parseQuery(
      c,
      z.object({
        chat: optText,
        label: z.enum(LABELS).optional(),
        q: optText,
        identifier: optText,
        author: optText,
        flagged: z.enum(['1']).optional(),
        since: isoTime,
        until: isoTime,
        limit: limit(500, 50),
        offset,
      }),
    );
    let rows: MessageRow[];
    let total: number;
    let chatId = q.chat;
    // Not a stored chat id: whatever `dragnet messages --chat` takes (a private chat's other side, `1001_3001`, an
    // @name, a title); an unknown chat is a wrong id, not an empty chat (docs/web.md, "JSON API").
    if (
      chatId &&
      (await store.count('chats', { where: { chatId } })) === 0 &&
      (await store.count('messages', { where: { chatId } })) === 0
    ) {
      try {
        chatId = await resolveChat(store, chatId);
      } catch (err) {
        if (err instanceof UserError) notFound(`${err.message}: /api/channels lists the chats`);
        throw err;
      }
    }
    // `author`: the messages a Telegram account wrote (its profile's "own messages"), alone or within a chat.
    const chatWhere = chatId ? { chatId } : {};
    const where = { ...chatWhere, ...(q.author ? { authorId: q.author } : {}) };
    const range =
      q.since || q.until
        ? {
            field: 'timestamp' as const,
            ...(q.since ? { from: q.since.length === 10 ? `${q.since}T00:00:00.000Z` : q.since } : {}),
            ...(q.until ? { to: q.until.length === 10 ? `${q.until}T23:59:59.999Z` : q.until } : {}),
          }
        : undefined;
    const inRange = range ? { range } : {};
    // `flagged=1`: the messages of the flagged chats only (the findings' definition, as the channel list filters it).
    const inFlagged = q.flagged
      ? {
          whereIn: {
            field: 'chatId' as const,
            values: (await listChats(store)).chats
              .filter((ch) =>
                isFlaggedChat(
                  ch.type,
                  (ch.channelLabels ?? []).map((l) => l.label),
                ),
              )
              .map((ch) => ch.chatId),
          },
        }
      : {};
    if (!q.label && !q.q && !q.identifier) {
      total = await store.count('messages', { where, ...inRange, ...inFlagged });
      rows = await collect(
        store.scan('messages', {
          where,
          ...inRange,
          ...inFlagged,
          orderBy: ['timestamp', 'messageId'],
          limit: q.limit,
          offset: q.offset,
        }),
      );
    } else {
      let keys: Set<string> | null = null;
      const key = (chatId: string, messageId: string) => `${chatId}\u0000${messageId}`;
      if (q.label) {
        keys = new Set();
        for await (const l of store.scan('message_labels', { where: { ...chatWhere, label: q.label } }))
          keys.add(key(l.chatId, l.messageId));
      }
      if (q.identifier) {
        const hits = new Set<string>();
        // As typed or in normal form; a Telegram account or chat by its id or any username its records give it.
        const values = await mentionedAs(store, q.identifier);
        for await (const m of store.scan('mentions', {
          where: chatWhere,
          whereIn: { field: 'identifier', values },
        })) {
          const k = key(m.chatId, m.messageId);
          if (!keys || keys.has(k)) hits.add(k);
        }
        keys = hits;
      }
      const needle = q.q?.toLowerCase();
      const all = await collect(
        store.scan('messages', { where, ...inRange, ...inFlagged, orderBy: ['timestamp', 'messageId'] }),
        MEMORY_CAP,
      );
      const matched = all.filter(
        (m) =>
          (!keys || keys.has(key(m.chatId, m.messageId))) &&
          (!needle || m.text.toLowerCase().includes(needle)),
      );
      total = matched.length;
      rows = matched.slice(q.offset, q.offset + q.limit);
    }
    const items: MessageItem[] = rows.map((message) => ({ message, labels: [], mentions: [] }));
    const byChat = new Map<string, Map<string, MessageItem>>();
    for (const it of items) {
      const m = byChat.get(it.message.chatId) ?? new Map<string, MessageItem>();
      m.set(it.message.messageId, it);
      byChat.set(it.message.chatId, m);
    }
    for (const [chatId, byId] of byChat) {
      const ids = [...byId.keys()];
      for await (const l of store.scan('message_labels', {
        where: { chatId },
        whereIn: { field: 'messageId', values: ids },
      })) {
        // A context label's terms carry its reason and anchors, not spans of the text.
        const context = contextOfLabel({
          lexiconVersion: l.lexiconVersion,
          terms: Array.isArray(l.terms) ? l.terms : [],
        });
        byId.get(l.messageId)?.labels.push({
          label: l.label,
          score: l.score,
          terms: context || !Array.isArray(l.terms) ? [] : l.terms,
          ...(context ? { context } : {}),
        });
      }
      for await (const m of store.scan('mentions', {
        where: { chatId },
        whereIn: { field: 'messageId', values: ids },
      })) {
        byId.get(m.messageId)?.mentions.push({
          identifier: m.identifier,
          kind: m.kind,
          start: m.start,
          end: m.end,
          validated: m.validated,
        });
      }
    }
    const body: Page<MessageItem> = { total, offset: q.offset, limit: q.limit, items };
    return c.json(body);
  });

  return app;
}
