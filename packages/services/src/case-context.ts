import {
  contextLabelRow,
  isContextLabel,
  PAID,
  PAYMENT_KINDS,
} from '@dragnet/core/labels/chat-context-pass.ts';
import {
  chatContext,
  chatParty,
  type LabelledChatMessage,
  PARTY_LINE_LABELS,
  partyLineContext,
  recruiterContext,
  type TradeParty,
  TradePartyCounter,
} from '@dragnet/core/labels/label-chat.ts';
import type { ChatType, MessageLabel, MessageLabelRow, MessageRow } from '@dragnet/core/model/tables.ts';
import { isMailboxMessageId as isMailboxId } from '@dragnet/core/parsers/telegram-json/mailbox-id.ts';
import type { Store } from '@dragnet/core/store/store.ts';

/**
 * The chat context across a whole case (`chat-23`/`chat-24` read at case level; docs/labels.md, "Nineteenth
 * session"). At ingest a seller is known only within one export (`ChatContextPass`): a dealer who sells to many buyers
 * shows in one chat on each buyer's phone, and single-chat exports hold one chat each. Here the sellers are counted
 * over every stored message (`TradePartyCounter`: own `sale` messages in two or more conversations; a private chat
 * counts once whichever phones hold it, by its two authors, since each phone names it by the other side), and every
 * stored two-person chat with one of them is read again with them known. Only labels a message does not already have
 * are added (`Store.addLabels`), each with its message's own provenance and a reason that names the seller and where
 * he sells; so the result does not depend on the order the files came in, and a second run adds nothing.
 */
export interface CaseTradeContext {
  /** Authors known as sellers across the case. */
  sellers: number;
  /** Two-person chats read again. */
  chats: number;
  /** `chat-38`: authors known as recruiters across the case (own `recruitment` messages in two or more conversations). */
  recruiters: number;
  /** `chat-47`: chat copies of the known sellers and recruiters read by the line models (`partyLines`). */
  partyChats: number;
  /** Context labels added (the sellers' chats', the recruiters' lines and the line models' in the parties' chats). */
  added: number;
  /** Why the pass failed (`ingestFiles` reports it; the files ingested before it stay in the case). */
  error?: string;
}

export interface CaseTradeContextOptions {
  /** The longest chat read again, in messages (as `ChatContextPass.deferChat`). Default 400. */
  maxChat?: number;
  /** The most messages read again in all (a bound on the pass's time on a huge case). Default 200,000. */
  maxMessages?: number;
}

const NONE: CaseTradeContext = { sellers: 0, chats: 0, recruiters: 0, partyChats: 0, added: 0 };

const key = (a: string, b: string) => `${a}\u0000${b}`;

/**
 * What one conversation is, whichever phones hold it (a copy: one evidence file's chat). A channel's or supergroup's
 * messages have the same ids on every phone: the chat's id. A basic group's are numbered per account (`mailbox`) but
 * the group's id is the same everywhere: its id. A private or bot chat's are numbered per account too, and each phone
 * names it by the other side: it is its two authors. A private copy in which only one side wrote (or an author is
 * unknown) names neither for sure: undefined, as for Saved Messages. A chat whose type its export does not give (HTML)
 * is read by its authors: two, a private chat; more, a group.
 */
function conversationKey(
  chatId: string,
  mailbox: boolean,
  type: ChatType,
  authors: ReadonlySet<string | null>,
): string | undefined {
  if (!mailbox || type === 'group' || type === 'supergroup' || type === 'channel') return chatId;
  if (type === 'saved' || authors.has(null)) return undefined;
  if (authors.size === 2) return `pair:${[...authors].sort().join('\u0000')}`;
  return authors.size > 2 && type === 'unknown' ? chatId : undefined;
}

/**
 * The case-level chat context: adds the labels the case's sellers bring (see `CaseTradeContext`), then (`chat-38`) the
 * lines of its known recruiters that lean to `recruitment` (`recruiterContext`), then (`chat-47`) the teaching and
 * stash reports the line models read in the chats its sellers and recruiters write in (`partyLineContext`).
 */
export async function caseTradeContext(
  store: Store,
  options: CaseTradeContextOptions = {},
): Promise<CaseTradeContext> {
  if (!store.addLabels) return NONE;
  const budget = { left: options.maxMessages ?? 200_000 };
  const maxChat = options.maxChat ?? 400;
  const sellers = await sellerContext(store, maxChat, budget);
  const recruiters = await recruiterLines(store, budget, sellers.rows);
  // The copies the two passes found their parties in, those the sellers' pass read already not read again.
  const lines = await partyLines(
    store,
    maxChat,
    budget,
    sellers.parties,
    recruiters.parties,
    new Map([...sellers.copies, ...recruiters.copies]),
    sellers.read,
    [...sellers.rows, ...recruiters.rows],
  );
  // One write for the three passes: the rows of each carry their message's own provenance.
  const rows = [...sellers.rows, ...recruiters.rows, ...lines.rows];
  const added = rows.length > 0 ? await store.addLabels(rows) : 0;
  return {
    sellers: sellers.sellers,
    chats: sellers.chats,
    recruiters: recruiters.recruiters,
    partyChats: lines.chats,
    added,
  };
}

/**
 * The authors with own `label` messages in two or more conversations of the case (`TradePartyCounter`), and the
 * conversation of each such message.
 */
async function casePartiesOf(
  store: Store,
  label: MessageLabel,
): Promise<{ parties: Map<string, TradeParty>; conversationOfMessage: Map<string, string> } | null> {
  // 1. The messages with an own `label` label (the text's, not a chat's).
  const sold = new Set<string>();
  for await (const l of store.scan('message_labels', { where: { label } }))
    if (!isContextLabel(l)) sold.add(key(l.chatId, l.messageId));
  if (sold.size === 0) return null;

  // 2. Those messages, and who writes in each copy of a mailbox-numbered chat among theirs (per evidence file: one
  // phone's copy; the only chats whose conversation depends on their authors, below, and small ones: a big group's
  // messages are not read).
  // Mailbox-numbered ids are the export's own (one look-up for all of them); a channel's or group's are plain numbers
  // that every such chat of the case has, so they are looked up chat by chat.
  const sales: MessageRow[] = [];
  const mailboxIds: string[] = [];
  const plainIds = new Map<string, string[]>();
  for (const k of sold) {
    const chatId = k.slice(0, k.indexOf('\u0000'));
    const id = k.slice(chatId.length + 1);
    if (isMailboxId(id)) mailboxIds.push(id);
    else {
      let ids = plainIds.get(chatId);
      if (!ids) plainIds.set(chatId, (ids = []));
      ids.push(id);
    }
  }
  const take = (m: MessageRow) => {
    if (m.action === null && m.authorId !== null && sold.has(key(m.chatId, m.messageId))) sales.push(m);
  };
  if (mailboxIds.length > 0)
    for await (const m of store.scan('messages', { whereIn: { field: 'messageId', values: mailboxIds } }))
      take(m);
  for (const [chatId, ids] of plainIds)
    for await (const m of store.scan('messages', {
      where: { chatId },
      whereIn: { field: 'messageId', values: ids },
    }))
      take(m);
  const mailboxChats = [...new Set(sales.filter((m) => isMailboxId(m.messageId)).map((m) => m.chatId))];
  const authorsOf = new Map<string, Set<string | null>>();
  const typeOf = new Map<string, ChatType>();
  if (mailboxChats.length > 0) {
    for await (const m of store.scan('messages', { whereIn: { field: 'chatId', values: mailboxChats } })) {
      if (m.action !== null) continue;
      const copy = key(m.evidenceId, m.chatId);
      let authors = authorsOf.get(copy);
      if (!authors) authorsOf.set(copy, (authors = new Set()));
      // Up to three known authors, and whether one is unknown (whatever the order they come in).
      if (m.authorId === null || authors.size < 3 + (authors.has(null) ? 1 : 0)) authors.add(m.authorId);
    }
    for await (const c of store.scan('chats', { whereIn: { field: 'chatId', values: mailboxChats } }))
      typeOf.set(key(c.evidenceId, c.chatId), c.type);
  }
  const conversationOf = (m: MessageRow): string | undefined => {
    const copy = key(m.evidenceId, m.chatId);
    return conversationKey(
      m.chatId,
      isMailboxId(m.messageId),
      typeOf.get(copy) ?? 'unknown',
      authorsOf.get(copy) ?? new Set(),
    );
  };
  const counter = new TradePartyCounter(label);
  const counted = new Set<string>();
  const conversationOfMessage = new Map<string, string>();
  const LABEL = [{ label }];
  for (const m of sales) {
    const conversation = conversationOf(m);
    if (conversation === undefined) continue;
    conversationOfMessage.set(key(m.chatId, m.messageId), conversation);
    // One message held by two phones counts once: by its id where every phone gives it the same one, else by what it
    // is (author, time and text in that conversation).
    const one = isMailboxId(m.messageId)
      ? [conversation, m.authorId, m.timestamp, m.text].join('\u0000')
      : key(m.chatId, m.messageId);
    if (counted.has(one)) continue;
    counted.add(one);
    counter.add(m.chatId, m.messageId, m.authorId, LABEL, conversation);
  }
  const parties = counter.parties();
  return parties.size === 0 ? null : { parties, conversationOfMessage };
}

/** A chat copy (one evidence file's chat), and what `readCopy` read of one. */
interface Copy {
  chatId: string;
  evidenceId: string;
}
type CopyRead = { messages: MessageRow[]; labels: MessageLabelRow[]; paid: Set<string> };

/**
 * One chat copy read again: its messages (no service ones) in time order, its stored labels per message and the
 * messages with a validated card or wallet; null when it has more than `maxChat` rows (at most one row past it is
 * read; service messages count toward it).
 */
async function readCopy(
  store: Store,
  chatId: string,
  evidenceId: string,
  maxChat: number,
): Promise<CopyRead | null> {
  const messages: MessageRow[] = [];
  let read = 0;
  for await (const m of store.scan('messages', {
    where: { chatId, evidenceId },
    orderBy: ['timestamp'],
    limit: maxChat + 1,
  })) {
    read++;
    if (m.action === null) messages.push(m);
  }
  if (read > maxChat) return null;
  const ids = new Set(messages.map((m) => m.messageId));
  const labels: MessageLabelRow[] = [];
  for await (const l of store.scan('message_labels', { where: { chatId, evidenceId } }))
    if (ids.has(l.messageId)) labels.push(l);
  const paid = new Set<string>();
  for await (const x of store.scan('mentions', { where: { chatId, evidenceId } }))
    if (ids.has(x.messageId) && x.validated && PAYMENT_KINDS.has(x.kind)) paid.add(x.messageId);
  return { messages, labels, paid };
}

/** The sellers' two-person chats read again (`chat-23`/`chat-24` at case level): the label rows to add. */
async function sellerContext(
  store: Store,
  maxChat: number,
  budget: { left: number },
): Promise<{
  sellers: number;
  chats: number;
  rows: MessageLabelRow[];
  parties: Map<string, TradeParty>;
  /** The copies the sellers write in, and those read (null: too long), for `partyLines`. */
  copies: Map<string, Copy>;
  read: Map<string, CopyRead | null>;
}> {
  const copies = new Map<string, Copy>();
  const read = new Map<string, CopyRead | null>();
  const found = await casePartiesOf(store, 'sale');
  if (!found) return { sellers: 0, chats: 0, rows: [], parties: new Map(), copies, read };
  const { parties, conversationOfMessage } = found;
  const typeOf = new Map<string, ChatType>();

  // 3. The chats the sellers write in; each copy with two authors and at most `maxChat` messages is read again.
  const candidates = copies;
  for await (const m of store.scan('messages', {
    whereIn: { field: 'authorId', values: [...parties.keys()] },
  }))
    candidates.set(key(m.evidenceId, m.chatId), { chatId: m.chatId, evidenceId: m.evidenceId });
  const candidateChats = [...new Set([...candidates.values()].map((c) => c.chatId))];
  for await (const c of store.scan('chats', { whereIn: { field: 'chatId', values: candidateChats } }))
    typeOf.set(key(c.evidenceId, c.chatId), c.type);
  const rows: MessageLabelRow[] = [];
  let chats = 0;
  for (const { chatId, evidenceId } of candidates.values()) {
    if (budget.left <= 0) break;
    const copy = await readCopy(store, chatId, evidenceId, maxChat);
    read.set(key(evidenceId, chatId), copy);
    if (!copy) continue;
    const { messages, paid } = copy;
    const authors = new Set(messages.map((m) => m.authorId));
    if (authors.size !== 2 || authors.has(null)) continue;
    budget.left -= messages.length;
    chats++;
    const ids = new Set(messages.map((m) => m.messageId));
    const own = new Map<string, Array<{ label: MessageLabel; score: number }>>();
    const has = new Set<string>();
    for (const l of copy.labels) {
      has.add(key(l.messageId, l.label));
      if (!isContextLabel(l)) {
        let list = own.get(l.messageId);
        if (!list) own.set(l.messageId, (list = []));
        list.push({ label: l.label, score: l.score });
      }
    }
    const chat: LabelledChatMessage[] = messages.map((m) => ({
      id: m.messageId,
      text: m.text,
      from: m.authorId,
      replyTo: m.replyTo,
      time: m.timestamp,
      labels: own.get(m.messageId) ?? [],
      ...(paid.has(m.messageId) ? { features: PAID } : {}),
    }));
    // The reason names where else the seller sells: not this conversation (the chat's id alone does not say, as
    // another phone's copy of another private chat with him bears the same id, and this chat's copy on another phone
    // has other message ids).
    const conversation = conversationKey(
      chatId,
      isMailboxId(messages[0]!.messageId),
      typeOf.get(key(evidenceId, chatId)) ?? 'unknown',
      authors,
    );
    const here = new Map(
      [...parties].map(([author, p]) => [
        author,
        {
          ...p,
          refs: p.refs.filter(
            (r) => !ids.has(r.id) && conversationOfMessage.get(key(r.chat, r.id)) !== conversation,
          ),
        },
      ]),
    );
    const context = chatContext(chat, { parties: here, partiesScope: 'case' });
    messages.forEach((m, i) => {
      for (const c of context[i]!) {
        if (has.has(key(m.messageId, c.label))) continue;
        has.add(key(m.messageId, c.label));
        rows.push(
          contextLabelRow(chatId, { id: m.messageId, evidenceId: m.evidenceId, locator: m.locator }, c),
        );
      }
    });
  }
  return { sellers: parties.size, chats, rows, parties, copies, read };
}

/**
 * `chat-38`: every message of a known recruiter that has no `recruitment` label, own or from a chat, and leans to it
 * (`recruiterContext`: own probability ≥ `RECRUITER_MIN_OWN`), gets one with a reason that names where else he
 * recruits. Read from the text alone (the own label also weighed a validated card or wallet in the message).
 */
async function recruiterLines(
  store: Store,
  budget: { left: number },
  pending: readonly MessageLabelRow[],
): Promise<{
  recruiters: number;
  rows: MessageLabelRow[];
  parties: Map<string, TradeParty>;
  /** The copies the recruiters write in, for `partyLines`. */
  copies: Map<string, Copy>;
}> {
  const copies = new Map<string, Copy>();
  const found = await casePartiesOf(store, 'recruitment');
  if (!found) return { recruiters: 0, rows: [], parties: new Map(), copies };
  const { parties } = found;
  // Stored `recruitment` labels, and those the sellers' pass is about to add.
  const labelled = new Set<string>();
  for await (const l of store.scan('message_labels', { where: { label: 'recruitment' } }))
    labelled.add(key(l.evidenceId, key(l.chatId, l.messageId)));
  for (const l of pending)
    if (l.label === 'recruitment') labelled.add(key(l.evidenceId, key(l.chatId, l.messageId)));
  const rows: MessageLabelRow[] = [];
  for await (const m of store.scan('messages', {
    whereIn: { field: 'authorId', values: [...parties.keys()] },
  })) {
    if (budget.left <= 0) break;
    if (m.action === null)
      copies.set(key(m.evidenceId, m.chatId), { chatId: m.chatId, evidenceId: m.evidenceId });
    if (m.action !== null || m.authorId === null || !m.text) continue;
    const k = key(m.evidenceId, key(m.chatId, m.messageId));
    if (labelled.has(k)) continue;
    budget.left--;
    const party = parties.get(m.authorId);
    if (!party) continue;
    // The reason names his messages in other chats (not this one, on any phone: another copy has the same chat id).
    const c = recruiterContext(m.text, m.authorId, party, { scope: 'case', chatId: m.chatId });
    if (!c) continue;
    labelled.add(k);
    rows.push(
      contextLabelRow(m.chatId, { id: m.messageId, evidenceId: m.evidenceId, locator: m.locator }, c),
    );
  }
  return { recruiters: parties.size, rows, parties, copies };
}

/**
 * `chat-47`: every line of a chat copy of at most `maxChat` messages in which a known seller or recruiter of the case
 * writes gets `training` or `drop_report` when that label's line model reads it so (`partyLineContext`), unless it has
 * that label already, stored or about to be added by the passes before. The party named is the one with the most
 * messages in the copy (`chatParty`), as `evaluateChats` names it. `copies`: those the sellers' and recruiters'
 * passes found them writing in; `read`: those the sellers' pass read (its labels are the ones before the passes, the
 * passes' own are `pending`). A copy found too long is charged to the budget too (the rows read). A bigger chat (a city group a seller posted in once)
 * is not read: its lines were read at ingest near the trade's own lines (`chat-46`).
 */
async function partyLines(
  store: Store,
  maxChat: number,
  budget: { left: number },
  sellers: ReadonlyMap<string, TradeParty>,
  recruiters: ReadonlyMap<string, TradeParty>,
  copies: ReadonlyMap<string, Copy>,
  read: ReadonlyMap<string, CopyRead | null>,
  pending: readonly MessageLabelRow[],
): Promise<{ chats: number; rows: MessageLabelRow[] }> {
  const adding = new Set(pending.map((l) => key(l.evidenceId, key(l.chatId, key(l.messageId, l.label)))));
  const rows: MessageLabelRow[] = [];
  let chats = 0;
  for (const { chatId, evidenceId } of copies.values()) {
    if (budget.left <= 0) break;
    const k = key(evidenceId, chatId);
    const copy = read.has(k) ? read.get(k)! : await readCopy(store, chatId, evidenceId, maxChat);
    if (!copy) {
      budget.left -= maxChat + 1;
      continue;
    }
    const party = chatParty(
      copy.messages.map((m) => ({ from: m.authorId })),
      sellers,
      recruiters,
    );
    if (!party) continue;
    budget.left -= copy.messages.length;
    chats++;
    const has = new Map<string, Set<MessageLabel>>();
    for (const l of copy.labels) {
      let set = has.get(l.messageId);
      if (!set) has.set(l.messageId, (set = new Set()));
      set.add(l.label);
    }
    for (const m of copy.messages) {
      if (!m.text) continue;
      const labels = new Set(has.get(m.messageId));
      for (const l of PARTY_LINE_LABELS)
        if (adding.has(key(evidenceId, key(chatId, key(m.messageId, l))))) labels.add(l);
      for (const c of partyLineContext(m.text, labels, party, {
        scope: 'case',
        chatId,
        ...(copy.paid.has(m.messageId) ? { features: PAID } : {}),
      }))
        rows.push(
          contextLabelRow(chatId, { id: m.messageId, evidenceId: m.evidenceId, locator: m.locator }, c),
        );
    }
  }
  return { chats, rows };
}
