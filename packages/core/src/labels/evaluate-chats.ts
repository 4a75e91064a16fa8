import type { MessageLabel } from '../model/tables.ts';
import { type LabelScore, labelScores } from './evaluate-labels.ts';
import {
  type ChatMessageLabels,
  chatParty,
  type ContextLabel,
  type LabelChatOptions,
  labelChat,
  hasValidPaymentId,
  partyLineContext,
  recruiterContext,
  type TradeParty,
  TradePartyCounter,
} from './label-chat.ts';

/** A row of a conversation-shaped set: one message, in chat order, labelled as it reads in its chat. */
export interface ChatRow {
  text: string;
  labels: MessageLabel[];
  chat: string;
  from: string | null;
  /** The row's labels (or its being benign) need the other messages of the chat. */
  ctx?: boolean;
  lang?: string;
  class?: string;
  replyTo?: string | null;
  time?: string | null;
  /**
   * `chat-49`: a candidate's no to a trade job offered to them, which its author left benign and the lead relabelled
   * `recruitment` by the convention (testdata/README.md, "Relabelled for the candidate's refusal").
   */
  declined?: boolean;
}

/**
 * The row as its author wrote it: a `declined` row without its label. The training scripts read the sets so: the
 * chat rule (`chat-49`), not a model, gives a candidate's no its label, and the models keep reading it as the
 * exchange's end.
 */
export function asWritten(row: ChatRow): ChatRow {
  return row.declined === true ? { ...row, labels: [] } : row;
}

/**
 * P/R per label over all rows, the rows the text decides (`ctx: false`) and the rows the chat decides (`ctx: true`, and
 * every `declined` row).
 */
export interface ChatSlices {
  all: LabelScore[];
  text: LabelScore[];
  ctx: LabelScore[];
}

export interface ChatEvaluation {
  /** The per-message labeller alone. */
  base: ChatSlices;
  /** With the context labels added. */
  context: ChatSlices;
  /** Rows the context layer changed, right or wrong. */
  changes: Array<{
    chat: string;
    text: string;
    expected: MessageLabel[];
    lifted: MessageLabel[];
    reason: string;
  }>;
  /**
   * Every row (the same objects the set gave, chat by chat) with its own labels (`own`: the message alone) and all of
   * them (`got`: own and from the context), and the context labels themselves (score, reason, refs).
   */
  rows: Array<{ row: ChatRow; own: MessageLabel[]; got: MessageLabel[]; context: ContextLabel[] }>;
}

/** Rows grouped by `chat`, first appearance first, each chat's rows in the set's order. */
export function chatsOf(rows: readonly ChatRow[]): ChatRow[][] {
  const by = new Map<string, ChatRow[]>();
  for (const r of rows) {
    const list = by.get(r.chat);
    if (list) list.push(r);
    else by.set(r.chat, [r]);
  }
  return [...by.values()];
}

/**
 * Runs `labelChat` per chat of a conversation-shaped set and scores it with and without context. The set is read as
 * one export (a phone's chats), as an ingest reads one (`ChatContextPass`): its sellers (`TradePartyCounter`, from the
 * messages' own labels) are given to a second reading of the chats they write in (`chat-23`), unless
 * `options.parties` is given (null: none). `chat-38`: its known recruiters (own `recruitment` messages in two or more
 * chats) give their leaning lines `recruitment` (`recruiterContext`), as the case-level pass of an ingest does
 * (services `caseTradeContext`), unless `recruiters` is null. `chat-47`: the chats its sellers and recruiters write in
 * are read by the `training` and `drop_report` line models (`partyLineContext`), as the case-level pass does, unless
 * `partyLines` is false; the case-level pass reads only chats of at most 400 messages (`maxChat`), this every chat.
 */
export function evaluateChats(
  rows: readonly ChatRow[],
  options: LabelChatOptions & {
    recruiters?: ReadonlyMap<string, TradeParty> | null;
    /** `chat-47`: read the known parties' chats with the line models (default true). */
    partyLines?: boolean;
  } = {},
): ChatEvaluation {
  const scored: Array<{ row: ChatRow; result: ChatMessageLabels }> = [];
  const chats = chatsOf(rows);
  const messagesOf = (chat: readonly ChatRow[]) =>
    chat.map((r, i) => ({
      id: String(i + 1),
      text: r.text,
      from: r.from,
      // A set may write the position replied to as a number: ids here are strings.
      ...(r.replyTo != null ? { replyTo: String(r.replyTo) } : {}),
      ...(r.time !== undefined ? { time: r.time } : {}),
    }));
  const first = chats.map((chat) => labelChat(messagesOf(chat), { ...options, chatId: chat[0]!.chat }));
  // The export's parties of a label, from the messages' own labels (`TradePartyCounter`).
  const partiesOf = (label: MessageLabel) => {
    const counter = new TradePartyCounter(label);
    chats.forEach((chat, k) => {
      chat.forEach((r, i) => {
        counter.add(r.chat, String(i + 1), r.from, first[k]![i]!.labels);
      });
    });
    return counter.parties();
  };
  const parties = options.parties === undefined ? partiesOf('sale') : options.parties;
  const recruiters = options.recruiters === undefined ? partiesOf('recruitment') : options.recruiters;
  chats.forEach((chat, k) => {
    const known = parties !== null && chat.some((r) => r.from !== null && parties.has(r.from));
    const results = known
      ? labelChat(messagesOf(chat), { ...options, parties, chatId: chat[0]!.chat })
      : first[k]!;
    if (recruiters)
      chat.forEach((row, i) => {
        const party = row.from === null ? undefined : recruiters.get(row.from);
        const r = results[i]!;
        if (!party || [...r.labels, ...r.context].some((h) => h.label === 'recruitment')) return;
        const c = recruiterContext(row.text, row.from!, party, {
          chatId: row.chat,
          ...(options.lexicon ? { lexicon: options.lexicon } : {}),
          ...(options.model !== undefined ? { model: options.model } : {}),
        });
        if (c) results[i] = { ...r, context: [...r.context, c] };
      });
    // `chat-47`: a chat a known seller or recruiter writes in (the case-level pass does the same, `partyLines`).
    const party = options.partyLines === false ? undefined : chatParty(chat, parties, recruiters);
    if (party)
      chat.forEach((row, i) => {
        const r = results[i]!;
        const has = new Set([...r.labels, ...r.context].map((h) => h.label));
        // A validated card or wallet, as the case-level pass gives it from the stored mentions.
        const paid = hasValidPaymentId(row.text);
        const c = partyLineContext(row.text, has, party, {
          chatId: row.chat,
          ...(paid ? { features: { hasPaymentIdentifier: true } } : {}),
          ...(options.lexicon ? { lexicon: options.lexicon } : {}),
          ...(options.lineModels ? { lineModels: options.lineModels } : {}),
        });
        if (c.length > 0) results[i] = { ...r, context: [...r.context, ...c] };
      });
    chat.forEach((row, i) => {
      scored.push({ row, result: results[i]! });
    });
  });
  const base = slices(scored.map((s) => ({ row: s.row, got: s.result.labels.map((h) => h.label) })));
  const context = slices(
    scored.map((s) => ({
      row: s.row,
      got: [...s.result.labels.map((h) => h.label), ...s.result.context.map((c) => c.label)],
    })),
  );
  const changes = scored
    .filter((s) => s.result.context.length > 0)
    .map((s) => ({
      chat: s.row.chat,
      text: s.row.text,
      expected: s.row.labels,
      lifted: s.result.context.map((c) => c.label),
      reason: s.result.context.map((c) => c.reason).join(' | '),
    }));
  const labelled = scored.map((s) => {
    const own = s.result.labels.map((h) => h.label);
    return {
      row: s.row,
      own,
      got: [...new Set([...own, ...s.result.context.map((c) => c.label)])],
      context: s.result.context,
    };
  });
  return { base, context, changes, rows: labelled };
}

function slices(rows: Array<{ row: ChatRow; got: MessageLabel[] }>): ChatSlices {
  return {
    all: scores(rows),
    // A `declined` row's label is the chat's by definition (`chat-49`), whatever `ctx` its author wrote.
    text: scores(rows.filter((r) => r.row.ctx !== true && r.row.declined !== true)),
    ctx: scores(rows.filter((r) => r.row.ctx === true || r.row.declined === true)),
  };
}

function scores(rows: Array<{ row: ChatRow; got: MessageLabel[] }>): LabelScore[] {
  return labelScores(rows.map((r) => ({ expected: r.row.labels, got: r.got })));
}

/** Parses a conversation-shaped JSONL set (lines starting with `{"_meta"` are skipped). */
export function parseChatSet(jsonl: string): ChatRow[] {
  return jsonl
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('{"_meta"'))
    .map((l) => JSON.parse(l) as ChatRow);
}
