import type { MessageLabel, MessageLabelRow, ParsedRecord } from '../model/tables.ts';
import {
  CHAT_CONTEXT_VERSION,
  type ContextLabel,
  chatContext,
  conversationModels,
  LABEL_CHAT_DEFAULTS,
  type LabelChatOptions,
  type LabelledChatMessage,
  PAYMENT_KINDS,
  TradePartyCounter,
} from './label-chat.ts';
import { LEXICON_VERSION } from './lexicon.ts';

/**
 * Context labels for a Telegram ingest, as the parser's records stream by: it keeps each chat's recent messages
 * with their own labels (the `message_labels` records the parser emitted) and, once a message's window is
 * complete, yields its context labels as further `message_labels` records with the message's own provenance.
 * Memory stays flat: a chat is held in slices of `slice` messages overlapping by twice the window, which gives
 * the same labels as the whole chat (a message's context labels depend on its window only).
 *
 * `chat-23`: the export's sellers (`TradePartyCounter`) are known only at its end. A two-person chat short enough to
 * hold (`deferChat` messages, `deferChars` characters in all) is kept after its labels were yielded; at `finish` each
 * kept chat one of whose authors is a seller is decided again with the sellers known, and the labels the first
 * decision did not give are yielded then. A longer chat, or one past the budget, keeps its first labels only.
 *
 * A context label's row is marked by its `lexiconVersion` (`context:<layer version>/<lexicon version>`, see
 * `isContextLabel`); its `terms` hold the reason (`context: …`) and the anchor messages (`ref:<message id>`),
 * all at offsets 0–0 with `lang: 'context'` (`contextOfLabel` reads them back).
 */
export class ChatContextPass {
  readonly #options: LabelChatOptions;
  readonly #window: number;
  readonly #slice: number;
  #chatId: string | null = null;
  #buf: Entry[] = [];
  /** Entries at the start of `#buf` already decided (kept as left context). */
  #decided = 0;
  /** Context label rows yielded so far. */
  count = 0;
  /** `chat-23`: own `sale` labels per author, and the two-person chats kept for the sellers known at the end. */
  readonly #parties = new TradePartyCounter();
  readonly #deferChat: number;
  #deferChars: number;
  /** The current chat was cut into slices (too long to keep). */
  #slid = false;
  readonly #kept: Array<{ chatId: string; msgs: Entry[]; given: Set<string> }> = [];
  #given = new Set<string>();

  constructor(options: LabelChatOptions & { slice?: number; deferChat?: number; deferChars?: number } = {}) {
    this.#options = options;
    this.#deferChat = options.deferChat ?? 400;
    this.#deferChars = options.deferChars ?? 16_000_000;
    // A message's context depends on the rules' window and on the conversation models' episodes around it.
    this.#window = Math.max(
      options.window ?? LABEL_CHAT_DEFAULTS.window,
      ...conversationModels(options).map((m) => m.data.window),
    );
    this.#slice = Math.max(options.slice ?? 2000, 4 * this.#window);
  }

  /** Takes one parsed record (after it was stored); returns the context label records now decided. */
  see(rec: ParsedRecord): ParsedRecord[] {
    if (rec.table === 'messages') {
      const m = rec.row;
      // Service messages (joins, pins) are not part of the conversation.
      if (m.action !== null && m.action !== undefined) return NONE;
      // Decided before the new message is held: the labels of the last one held have all arrived by now.
      const out =
        m.chatId !== this.#chatId ? this.#flush() : this.#buf.length >= this.#slice ? this.#slide() : NONE;
      this.#chatId = m.chatId;
      this.#buf.push({
        id: m.messageId,
        text: m.text ?? '',
        from: m.authorId,
        replyTo: m.replyTo,
        time: m.timestamp,
        labels: [],
        evidenceId: m.evidenceId,
        locator: m.locator,
        paid: false,
      });
      return out;
    }
    if (rec.table !== 'message_labels' && rec.table !== 'mentions') return NONE;
    const last = this.#buf[this.#buf.length - 1];
    const r = rec.row;
    if (!last || r.chatId !== this.#chatId || r.messageId !== last.id) return NONE;
    if (rec.table === 'message_labels') {
      if (!isContextLabel(rec.row)) last.labels.push({ label: rec.row.label, score: rec.row.score });
    } else if (rec.row.validated && PAYMENT_KINDS.has(rec.row.kind)) {
      // The parser's labeller counted validated payment identifiers as a feature: so does the context's own score.
      last.paid = true;
    }
    return NONE;
  }

  /**
   * The context labels of the messages still held, then those the export's sellers add to the kept two-person chats
   * (`chat-23`; call once the parse has ended).
   */
  finish(): ParsedRecord[] {
    const out = this.#flush();
    this.#chatId = null;
    const parties = this.#parties.parties();
    let added = 0;
    if (parties.size > 0 && this.#options.parties !== null)
      for (const kept of this.#kept) {
        if (!kept.msgs.some((m) => m.from !== null && parties.has(m.from))) continue;
        const ctx = chatContext(kept.msgs, { ...this.#options, parties, chatId: kept.chatId });
        kept.msgs.forEach((m, i) => {
          for (const c of ctx[i]!)
            if (!kept.given.has(`${m.id}\u0000${c.label}`)) {
              out.push({ table: 'message_labels', row: contextLabelRow(kept.chatId, m, c) });
              added++;
            }
        });
      }
    this.#kept.length = 0;
    this.count += added;
    return out;
  }

  #flush(): ParsedRecord[] {
    const out = this.#decide(this.#buf.length);
    const msgs = this.#buf;
    // A whole two-person chat within the budget is kept for the sellers known at the end (`chat-23`).
    if (!this.#slid && this.#chatId !== null && msgs.length > 0 && msgs.length <= this.#deferChat) {
      const authors = new Set(msgs.map((m) => m.from));
      const chars = msgs.reduce((n, m) => n + m.text.length, 0);
      if (authors.size === 2 && chars <= this.#deferChars) {
        this.#deferChars -= chars;
        this.#kept.push({ chatId: this.#chatId, msgs, given: this.#given });
      }
    }
    this.#buf = [];
    this.#given = new Set();
    this.#slid = false;
    this.#decided = 0;
    return out;
  }

  /** Decides every message whose right window is complete, then drops what no undecided window reaches. */
  #slide(): ParsedRecord[] {
    this.#slid = true;
    const out = this.#decide(this.#buf.length - this.#window);
    const keep = 2 * this.#window;
    this.#buf = this.#buf.slice(this.#buf.length - keep);
    this.#decided = this.#window;
    return out;
  }

  #decide(to: number): ParsedRecord[] {
    if (to <= this.#decided) return NONE;
    const msgs = this.#buf;
    for (const m of msgs) if (m.paid) m.features = PAID;
    const ctx = chatContext(msgs, this.#options, this.#decided, to);
    const out: ParsedRecord[] = [];
    // What was given is remembered only for a chat that may be kept (`#flush`): a long chat's would only grow.
    const keepable = !this.#slid && msgs.length <= this.#deferChat;
    for (let i = this.#decided; i < to; i++) {
      const m = msgs[i]!;
      this.#parties.add(this.#chatId!, m.id, m.from, m.labels);
      for (const c of ctx[i]!) {
        out.push({ table: 'message_labels', row: contextLabelRow(this.#chatId!, m, c) });
        if (keepable) this.#given.add(`${m.id}\u0000${c.label}`);
      }
    }
    this.#decided = to;
    this.count += out.length;
    return out;
  }
}

interface Entry extends LabelledChatMessage {
  labels: Array<{ label: MessageLabel; score: number }>;
  evidenceId: string;
  locator: string;
  paid: boolean;
}

const NONE: ParsedRecord[] = [];
/** The features of a message with a validated payment identifier (the parser's labeller counts one). */
export const PAID = Object.freeze({ hasPaymentIdentifier: true });
/** The mention kinds that are payment identifiers (defined beside the chat context, which reads them too). */
export { PAYMENT_KINDS };

/** The `lexiconVersion` of a context label row. */
export const CONTEXT_LABEL_VERSION = `context:${CHAT_CONTEXT_VERSION}/${LEXICON_VERSION}`;

/** A stored label the chat gave (not the message's own text). */
export function isContextLabel(row: Pick<MessageLabelRow, 'lexiconVersion'>): boolean {
  return row.lexiconVersion.startsWith('context:');
}

/** The reason and anchor message ids of a stored context label; null for a message's own label. */
export function contextOfLabel(
  row: Pick<MessageLabelRow, 'lexiconVersion' | 'terms'>,
): { reason: string; refs: string[] } | null {
  if (!isContextLabel(row)) return null;
  let reason = '';
  const refs: string[] = [];
  for (const t of row.terms) {
    if (t.term.startsWith('context: ')) reason = t.term.slice('context: '.length);
    else if (t.term.startsWith('ref:')) refs.push(t.term.slice(4));
  }
  return { reason, refs };
}

export function contextLabelRow(
  chatId: string,
  m: { id: string; evidenceId: string; locator: string },
  c: ContextLabel,
): MessageLabelRow {
  return {
    chatId,
    messageId: m.id,
    label: c.label,
    score: c.score,
    lexiconVersion: CONTEXT_LABEL_VERSION,
    terms: [
      { term: `context: ${c.reason}`, start: 0, end: 0, lang: 'context' },
      ...c.refs.map((r) => ({ term: `ref:${r}`, start: 0, end: 0, lang: 'context' })),
    ],
    evidenceId: m.evidenceId,
    locator: m.locator,
  };
}
