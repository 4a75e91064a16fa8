import type { MessageLabel } from '../model/tables.ts';
import {
  collectEvidence,
  evidenceProbabilities,
  type LabelEvidence,
  type LabelFeatures,
  type LabelHit,
  labelMessage,
  labelProbabilities,
} from './label-message.ts';
import { extractIdentifiers } from '../extract/extract-identifiers.ts';
import { foldText } from './fold-text.ts';
import {
  CARD_OR_WALLET,
  type CompiledConversationModel,
  CONVERSATION_MODEL_DATA,
  defaultConversationModel,
  defaultRecruitmentConversationModel,
  featureWord,
  RECRUITMENT_CONVERSATION_MODEL_DATA,
  messageConversationFeatures,
  messageNgrams,
  ngramWord,
  weighedFeatures,
} from './conversation-model.ts';
import { type CompiledLabelModel, defaultLabelModel } from './label-model.ts';
import {
  defaultLineModel,
  LINE_LABELS,
  LINE_MODEL_DATA,
  type LineLabel,
  lineFeatures,
  lineProbability,
  lineWords,
} from './line-models.ts';
import { type CompiledLexicon, defaultLexicon } from './lexicon.ts';
import terms from './chat-terms.json' with { type: 'json' };

/**
 * Labels read in the context of their chat. A per-message labeller cannot see that a buyer's `2`, `/start` or
 * `ну что где??` in a DM with a shop bot is the buyer's side of a sale, or that `а залог обязательно?` after a
 * recruiter's post is a job seeker's question. `labelChat` keeps every message's own labels (exactly
 * `labelMessage`'s) and adds CONTEXT labels: a label a message gets because other messages near it in the same
 * chat carry that label confidently (the anchors), decided by a rule (`liftsLabel`) over what every export has —
 * order, author, reply, number of participants, the message's shape and its own sub-threshold scores — with a
 * reason that names the anchor messages (a learned layer was tried and dropped: docs/labels.md, "Chat context"). The rules
 * give a chat with no confident message of a label no context label of it. Since `chat-15` the conversation model
 * (conversation-model.ts) also reads each two-person exchange as a whole, and gives its lines `sale` when the exchange
 * reads as a sale conversation, no line refuses, and some line is the trade's or leans to a sale by itself: a dealer's
 * coded DM with no confident line; ordinary chat with no trade line stays clean. Since `chat-19` a second model reads
 * an exchange as a recruitment conversation where a line leans to recruitment without reaching it.
 */

/** One message of a chat, in chat order. */
export interface ChatMessage {
  /** The message id within the chat (reasons name anchors by it). */
  id: string;
  text: string;
  /** Author id; null when unknown (a channel's own posts). */
  from: string | null;
  /** The id of the message this one replies to. */
  replyTo?: string | null;
  /** ISO timestamp: anchors further than `maxGapHours` away do not count. */
  time?: string | null;
  features?: LabelFeatures;
}

/** A label a message gets because of its chat. */
export interface ContextLabel {
  label: MessageLabel;
  score: number;
  /** Why, in words, naming the messages it rests on. */
  reason: string;
  /** Ids of the anchor messages (confidently labelled messages of the chat), nearest first. */
  refs: string[];
}

export interface ChatMessageLabels {
  id: string;
  /** The message's own labels: exactly `labelMessage(text, lexicon, features)`. */
  labels: LabelHit[];
  /** Labels from the chat; never one of `labels`' labels. */
  context: ContextLabel[];
}

/** A chat message with its own labels already known (the stored labels of an ingest). */
export interface LabelledChatMessage extends ChatMessage {
  labels: ReadonlyArray<{ label: MessageLabel; score: number }>;
}

export interface LabelChatOptions {
  lexicon?: CompiledLexicon;
  /** The per-message model (default the shipped one). */
  model?: CompiledLabelModel | null;
  /** A message whose own probability of another label reaches this is left to that label. Default 0.4. */
  maxOwnRival?: number;
  /** In a group, a reply to an anchor needs at least this own probability of the label. Default 0.2. */
  minOwnInGroup?: number;
  /**
   * `chat-12`: in a group, a line outside every thread of the shop's posts is lifted to `sale` when its own sale
   * probability reaches this (a buyer's review or question that replies to nothing). Default 0.4; 1 or more: never.
   */
  minOwnLoose?: number;
  /** A context label's score is the strongest anchor's × this, combined with the message's own. Default 0.7. */
  damping?: number;
  /** Anchors count within this many messages before or after. Default 25. */
  window?: number;
  /** Anchors further apart in time than this do not count, when both times are known. Default 48. */
  maxGapHours?: number;
  /**
   * `chat-15`: the conversation model that reads a two-person exchange as a whole (default the shipped one; null:
   * rules only). Ignored when it was trained with another lexicon than `lexicon`.
   */
  conversation?: CompiledConversationModel | null;
  /**
   * `chat-19`: the recruitment conversation model (default the shipped one; null: none), run after the sale one on the
   * lines still without a context label. Ignored when it was trained with another lexicon than `lexicon`.
   */
  recruitmentConversation?: CompiledConversationModel | null;
  /** `chat-46`: the line models (`line-models.ts`) by label, the shipped ones where absent; null turns one off. */
  lineModels?: Partial<Record<LineLabel, CompiledConversationModel | null>>;
  /**
   * `chat-23`: the authors the same export knows as sellers (`tradeParties`): a two-person exchange with one of them
   * needs no line of its own that is the trade's before the `sale` conversation model reads it. Give it only with the
   * chat's id (`chatId`), so that the reason names the party's other chats.
   */
  parties?: ReadonlyMap<string, TradeParty> | null;
  /** The chat's id, for `parties`' reasons (a party's messages in this chat are not named as elsewhere). */
  chatId?: string;
  /** Where `parties` were counted, as the reasons name it: one export (the default) or the whole case. */
  partiesScope?: 'export' | 'case';
}

/** An author with own `sale` messages in several chats of one export (`tradeParties`). */
export interface TradeParty {
  /** Own `sale` messages, and the chats they are in. */
  count: number;
  chats: number;
  /** The first few of them (two per chat at most): chat id and message id. */
  refs: ReadonlyArray<{ chat: string; id: string }>;
}

/** `tradeParties`' bar: own `sale` messages, in at least this many distinct chats. */
export const TRADE_PARTY_MIN = { messages: 2, chats: 2 } as const;

/**
 * Counts the own `sale` labels of one export's authors, chat by chat (`add`), and names as trade parties those with at
 * least two such messages in at least two chats (`TRADE_PARTY_MIN`): a dealer writing to many buyers, a shop's
 * operator. One chat is not enough: a phone's owner who bought once from a shop's bot is no party in his other chats.
 * `chat-38`: counting `recruitment` instead (`new TradePartyCounter('recruitment')`) names the known recruiters.
 */
export class TradePartyCounter {
  /** The label counted. */
  readonly label: MessageLabel;

  constructor(label: MessageLabel = 'sale') {
    this.label = label;
  }

  readonly #seen = new Map<
    string,
    {
      count: number;
      chats: Set<string>;
      refs: Array<{ chat: string; id: string }>;
      /** Refs per conversation. */
      named: Map<string, number>;
    }
  >();

  /**
   * One message of chat `chat` by `from`, with its own labels. `conversation`: what counts as one chat (default the
   * chat's id; across a case's phones, a private chat's two authors: each phone names it by the other side).
   */
  add(
    chat: string,
    id: string,
    from: string | null,
    labels: ReadonlyArray<{ label: MessageLabel }>,
    conversation = chat,
  ): void {
    if (from === null || !labels.some((l) => l.label === this.label)) return;
    let e = this.#seen.get(from);
    if (!e) this.#seen.set(from, (e = { count: 0, chats: new Set(), refs: [], named: new Map() }));
    e.count++;
    e.chats.add(conversation);
    // Two per chat at most, so that a seller's other chats are named even when one chat holds most of his messages.
    const named = e.named.get(conversation) ?? 0;
    if (e.refs.length < 8 && named < 2) {
      e.refs.push({ chat, id });
      e.named.set(conversation, named + 1);
    }
  }

  /** The parties so far. */
  parties(): Map<string, TradeParty> {
    const out = new Map<string, TradeParty>();
    for (const [from, e] of this.#seen)
      if (e.count >= TRADE_PARTY_MIN.messages && e.chats.size >= TRADE_PARTY_MIN.chats)
        out.set(from, { count: e.count, chats: e.chats.size, refs: e.refs });
    return out;
  }
}

export const LABEL_CHAT_DEFAULTS = {
  window: 25,
  maxGapHours: 48,
  maxOwnRival: 0.4,
  minOwnInGroup: 0.2,
  minOwnLoose: 0.3,
  damping: 0.7,
} as const;

/**
 * The chat context's words as data (chat-terms.json): acknowledgement, waiting, address, refusal and suspicion
 * phrases per language, each group with an `about`. Word groups hold whole lower-cased words; refusal and
 * suspicion hold regular-expression fragments matched between non-letters.
 */
export interface ChatTerms {
  /** The rule's version: bumped when the rules or the terms change. */
  version: string;
  acknowledgement: TermGroup;
  acknowledgementPrefixes: TermGroup;
  waiting: TermGroup;
  address: TermGroup;
  refusal: TermGroup;
  /** A lawful employer's marks (official employment, contract, taxes): a DM window stating one lifts nothing. */
  legitimacy: TermGroup;
  /** A lawful mark denied (`договора нет`): not one. */
  legitimacyDenied: TermGroup;
  /** What the trade costs, a don't-do-it, a moderator's removal: in a line not ending in a question, a refusal. */
  deterrence: TermGroup;
  /** A statement that the thing is illegal or a crime: with a `no`, in a message asking nothing, a refusal. */
  illegality: TermGroup;
  /** I won't, I refuse: with a `no`, in a message asking nothing, a refusal. */
  unwilling: TermGroup;
  /** A bare no (not a refusal by itself). */
  no: TermGroup;
  /** Interest stated in a reply to a job post (`chat-33`). */
  interest: TermGroup;
  /** The trade's internal money talk: a percentage, a cash withdrawal, cash, an ATM (`chat-9`). */
  moneySide: TermGroup;
  suspicion: TermGroup;
  /** A shop's order named in a line (`заказ`, `#4471`, `buyurtma`): its requisites are the sale's (`chat-15`). */
  order: TermGroup;
}
/** One group of terms: `about` says what it is for; every other key is a language (`ru`, `uz-Cyrl`, `any`). */
export type TermGroup = { about: string } & Record<string, string | string[]>;

export const CHAT_TERMS: ChatTerms = terms as ChatTerms;

function termWords(group: TermGroup): string[] {
  return Object.entries(group).flatMap(([k, v]) => (k === 'about' || typeof v === 'string' ? [] : v));
}

/**
 * The rules' terms (bumped when the rules or the terms change), the conversation models and the line models they read
 * with (`chat-56+conversation-14+recruitment-7+lines-2.1.1`): stored context labels name it (`CONTEXT_LABEL_VERSION`).
 */
export const CHAT_CONTEXT_VERSION = `${CHAT_TERMS.version}+conversation-${CONVERSATION_MODEL_DATA.version}+recruitment-${RECRUITMENT_CONVERSATION_MODEL_DATA.version}+lines-${LINE_LABELS.map((l) => LINE_MODEL_DATA[l].version).join('.')}`;

/**
 * The labels the chat rules lift from anchors: the two whose buyers' and job seekers' sides the convention names (the
 * other labels get context from a card or wallet and the line models, `tradeLineContext`).
 */
export const CONTEXT_LABELS: readonly MessageLabel[] = ['sale', 'recruitment'];

/**
 * Per message: its own labels (exactly `labelMessage`'s) and its context labels. `messages` are one chat in
 * chat order.
 */
export function labelChat(
  messages: readonly ChatMessage[],
  options: LabelChatOptions = {},
): ChatMessageLabels[] {
  const lexicon = options.lexicon ?? defaultLexicon();
  const model = options.model === undefined ? defaultLabelModel() : options.model;
  const labelled: LabelledChatMessage[] = messages.map((m) => ({
    ...m,
    labels: labelMessage(m.text, lexicon, m.features, model),
  }));
  const context = chatContext(labelled, options);
  return labelled.map((m, i) => ({
    id: m.id,
    labels: m.labels as LabelHit[],
    context: context[i]!,
  }));
}

/** What a message's window says about one label it lacks: the facts the rule reads, and the anchors. */
export interface ContextCandidate {
  index: number;
  label: MessageLabel;
  /** Confidently labelled messages of this label in the window, nearest first. */
  anchors: number[];
  /** The message's own sub-threshold probability of the label. */
  ownScore: number;
  /** Its highest sub-threshold probability of another label: the message may be better explained by that one. */
  ownRival: number;
  /** Distinct authors in the window (a DM has two). */
  participants: number;
  /** Messages in the window with the label / with another trade label and not this one. */
  same: number;
  rival: number;
  /** Replies to an anchor (Telegram's reply link). */
  replyAnchor: boolean;
  /** Asks something (a question mark). */
  ask: boolean;
  /** States interest in the post it replies to (`chat-33`; `MessageShape.interest`). */
  interest: boolean;
  /** A bare acknowledgement (thanks, ok, `рахмет, күтем`, `пришло 👍`). */
  ack: boolean;
  /** Names a card number or a wallet address (payment's own evidence). */
  paymentId: boolean;
  /** Messages in the window with only the working labels of a recruitment chat (drop_report, payment, training). */
  working: number;
  /**
   * Messages in the window with only payment / drop_report, posted by another author than the message's who also
   * posted a sale anchor there: in a buyer's DM with a shop, the shop's requisites and stash addresses are the
   * sale's working messages.
   */
  otherWorking: number;
  /** The strongest anchor's score. */
  anchorScore: number;
  /** Refuses the trade or turns its author away (`нет. больше не пиши мне`, `declined`, `жоқ, рахмет`). */
  refuses: boolean;
  /** Its author refused earlier in the window: a person who said no is not the trade's other side afterwards. */
  refusedBefore: boolean;
  /**
   * `chat-49`, recruitment in a two-person chat: the line refuses, and one of the other author's anchors stands among
   * the `OFFER_REACH` lines before it: the candidate's no to the offer (`не, я пас`, `жоқ, рахмет. керек емес`). The
   * anchors are those `chat-8` leaves: an author who refuses or turns to the police in the window anchors nothing, so
   * a recruiter's own retort after the no (`ок, забей`) takes his offer with it (measured, not handled).
   */
  refusesOffer: boolean;
  /**
   * `chat-55`, recruitment in a two-person chat: one of the other author's anchors stands among the `OFFER_REACH`
   * lines before the line (the recruiter's offer, or his insisting after a no). The author's own earlier no then does
   * not keep out a line that refuses again, asks or leans to recruitment itself (`liftsLabel`).
   */
  nearOffer: boolean;
  /**
   * `chat-50`, `sale` in a channel (one author in the window, every anchor its own, no warning): the line is the
   * channel's own post whose every own label is `payment` (`💳 Оплата: карта … или USDT …`, `Новая карта для оплаты
   * …`), with the channel's own sale posts in the window. A job ad or a manual that carries a card is not one.
   */
  channelPayment: boolean;
  /** Asks what the trade is (`это наркотики?`, `что продаете?`, `what store`, `откуда у тебя столько карт`). */
  suspects: boolean;
  /**
   * Two-person chats: a statement of the window carries a lawful employer's mark (`Оформление официальное`, `договор на
   * руки`, `налог 4%`): a real job's or business's chat, whose questions and conditions are not the trade's (`chat-8`).
   */
  lawful: boolean;
  /** Its author refuses later in the window: the questions before the no were a suspicious party's. */
  refusesAfter: boolean;
  /** In a group: its reply links lead, within the window, to an anchor (a thread rooted at the trade's message). */
  inThread: boolean;
  /**
   * `chat-12`, groups: it replies to nothing, its own sale probability reaches `minOwnLoose` and it warns of nothing
   * (a buyer's `вчера брал, всё ровно` near the shop's posts). A line that replies to another thread stays out.
   */
  loose: boolean;
  /** In a thread: its author speaks for the trade (posted an anchor that replies to nothing) and answers another. */
  desk: boolean;
  /** In a thread: it replies to the trade's side, and its author wrote earlier in the same reply chain. */
  party: boolean;
  /** A question the trade's side answers (a later message of the window by that side replies to it). */
  answered: boolean;
  /**
   * Carries the lexicon's warning evidence (police, `не ведитесь`, мошенники): a bystander's warning. Read only in
   * a thread, where the message is the trade's side, a party, a question or leans to the label (false otherwise).
   */
  warns: boolean;
  /**
   * The message's own lexicon evidence names job or work (`JOB_SIDE`: `ищу подработку`, `Курьер керек па?`) /
   * buying or the goods (`BUY_SIDE`: `есть чё?`, `почем`, `заказ`). Read only where a lift is still possible.
   */
  sides: OwnSides;
  /**
   * In a group: another author's later reply to it carries the label confidently (`вы набираете курьеров?` answered
   * by the shop's `да, в боте кнопка «Работа», залог или паспорт`): the answer says what was asked (`chat-6`).
   */
  answeredByAnchor: boolean;
  /** In a group: its own reply links reach an anchor (false when only an answer puts it in the label's thread). */
  chained: boolean;
  /** In a group: its own reply links reach a confident message of the other context label (its thread is that one's). */
  otherChained: boolean;
  /**
   * Two-person chats, recruitment: its own words are the trade's internal money talk (a percentage, a cash
   * withdrawal, cash, an ATM: `свой процент беру сразу?`, `3 карты на снятие`) and a confident message of another
   * trade label stands between it and every anchor (`chat-9`).
   */
  moneyApart: boolean;
  /**
   * Two-person chats, recruitment: the window's first trade message, when it comes before this one and carries only
   * working labels, with `training` (a curator's manual opens a trainee's chat) or else `drop_report` (a courier's
   * report opens it); null otherwise (`chat-9`).
   */
  opensWith: 'training' | 'drop_report' | null;
}

/**
 * The context candidates of `from … to` (indices into `messages`): each message and context label it lacks
 * whose window holds a confident message of that label (an anchor) and whose place in the chat `liftsLabel`
 * allows (not a bare thanks; a DM, or in a group a question replying to an anchor). Exported for dev scripts.
 */
export function contextCandidates(
  messages: readonly LabelledChatMessage[],
  options: LabelChatOptions = {},
  from = 0,
  to = messages.length,
): ContextCandidate[] {
  const window = options.window ?? LABEL_CHAT_DEFAULTS.window;
  const maxGapMs = (options.maxGapHours ?? LABEL_CHAT_DEFAULTS.maxGapHours) * 3600_000;
  const lexicon = options.lexicon ?? defaultLexicon();
  const model = options.model === undefined ? defaultLabelModel() : options.model;
  const minOwn = options.minOwnInGroup ?? LABEL_CHAT_DEFAULTS.minOwnInGroup;
  const minLoose = options.minOwnLoose ?? LABEL_CHAT_DEFAULTS.minOwnLoose;
  // `chat-18`: a reply to the shop's own post that is no anchor itself (`Пополнение в Сино 🔥` … `вчера брал в Фирдавси,
  // всё на месте`), within the time gap, is as loose as a line that replies to nothing.
  const repliesToShop = (i: number, chain: readonly number[], anchors: readonly number[]): boolean => {
    if (chain.length === 0) return false;
    const p = chain[0]!;
    const tp = timeOf(p);
    const ti = timeOf(i);
    if (!Number.isNaN(tp) && !Number.isNaN(ti) && Math.abs(ti - tp) > maxGapMs) return false;
    return anchors.some((a) => messages[a]!.from === messages[p]!.from);
  };
  const out: ContextCandidate[] = [];
  const n = messages.length;
  // Parsed on demand: most messages of a long chat have no trade message near them.
  const times = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const timeOf = (i: number): number => {
    let t = times[i]!;
    if (t === Number.POSITIVE_INFINITY) {
      const s = messages[i]!.time;
      times[i] = t = s ? Date.parse(s) : Number.NaN;
    }
    return t;
  };
  const has = (j: number, label: MessageLabel): boolean => {
    for (const l of messages[j]!.labels) if (l.label === label) return true;
    return false;
  };
  let indexOf: Map<string, number> | undefined;
  const shapes = new Map<number, MessageShape>();
  const shapeOf = (j: number): MessageShape => {
    let s = shapes.get(j);
    if (!s) shapes.set(j, (s = messageShape(messages[j]!.text)));
    return s;
  };
  // One evidence pass per message, shared by its own candidates and every thread it roots or answers in.
  const sideCache = new Map<number, OwnSides>();
  const sidesOf = (j: number): OwnSides => {
    let s = sideCache.get(j);
    if (!s) sideCache.set(j, (s = ownSides(messages[j]!, lexicon)));
    return s;
  };
  const trade: number[] = [];
  for (let i = Math.max(0, from); i < Math.min(n, to); i++) {
    const m = messages[i]!;
    if (!/\S/.test(m.text)) continue;
    const lo = Math.max(0, i - window);
    const hi = Math.min(n - 1, i + window);
    // Trade messages of the window (any confident label, not too far in time), nearest first, earlier first on ties.
    trade.length = 0;
    for (let d = 1; d <= window; d++) {
      for (const j of [i - d, i + d]) {
        if (j < lo || j > hi || messages[j]!.labels.length === 0) continue;
        const ti = timeOf(i);
        const tj = timeOf(j);
        if (!Number.isNaN(ti) && !Number.isNaN(tj) && Math.abs(ti - tj) > maxGapMs) continue;
        trade.push(j);
      }
    }
    if (trade.length === 0) continue;
    let probs: Map<MessageLabel, number> | undefined;
    let authors = 0;
    let shape: MessageShape | undefined;
    let refusal: { before: boolean; after: boolean } | undefined;
    // The window's refusals by author: every author's in a two-person chat (`chat-8`), the message's own elsewhere.
    let refusals: Map<string, number[]> | undefined;
    let chain: number[] | undefined;
    let rootWarns: boolean | undefined;
    // Two-person chats (`chat-8`): whether the window states a lawful employer's mark, read once.
    let lawful: boolean | undefined;
    for (const label of CONTEXT_LABELS) {
      if (has(i, label)) continue;
      let anchors = trade.filter((j) => has(j, label));
      if (anchors.length === 0) continue;
      // Only one, two or more matters: a busy group stops counting at three.
      if (authors === 0) authors = distinctAuthors(messages, lo, hi, 3);
      // In a two-person chat, an author who refuses the trade or turns to the police in the window is not its side:
      // their lines anchor nothing (a brother's `ты что, этим занимаешься??` before `идём в полицию вместе`, an
      // exchanger's own job words before `нет, такие обращения передаём банку`) (`chat-8`).
      if (authors === 2) {
        const refusing = (refusals ??= refusalsIn(messages, lo, hi, shapeOf));
        anchors = anchors.filter((j) => {
          const from = messages[j]!.from;
          return from === null || !refusing.has(from);
        });
        if (anchors.length === 0) continue;
      }
      if (m.replyTo != null && !indexOf) {
        indexOf = new Map<string, number>();
        for (let k = 0; k < n; k++) indexOf.set(messages[k]!.id, k);
      }
      chain ??= replyChain(messages, indexOf, i, lo);
      const replyAnchor = chain.length > 0 && anchors.includes(chain[0]!);
      // What the structure rules out is not scored: a busy group near a shop post would otherwise be labelled twice.
      // `chat-45`: a channel (one author in the window) lifts `sale` only: the shop's promos, reviews and payment
      // notices between its own ads (`Aksiya! Ikkinchi buyurtmaga -15% 🎁`, `Otzivlar kanalimiz: @…`), never a warning.
      // An export that names no author (Telegram's HTML has none) is no channel: every author reads as the same one.
      if (
        authors < 2 &&
        !(
          authors === 1 &&
          label === 'sale' &&
          m.from !== null &&
          anchors.every((j) => messages[j]!.from === m.from) &&
          !sidesOf(i).warns
        )
      )
        continue;
      const thread = authors > 2 ? threadFacts(messages, indexOf, chain, anchors, i, hi, shapeOf) : null;
      // `chat-12`: in a group, a sale line outside every thread is still a candidate when it leans to sale itself.
      const loose =
        thread === null &&
        authors > 2 &&
        label === 'sale' &&
        (m.replyTo == null || repliesToShop(i, chain, anchors)) &&
        ((probs ??= labelProbabilities(m.text, lexicon, m.features, model)).get('sale') ?? 0) >= minLoose &&
        !sidesOf(i).warns;
      if (thread === null && authors > 2 && !loose) continue;
      // Comments under a police report or a warning (`Полиция задержала…`) are about the trade, not its side
      // (a shop's own post that says `не мошенники` is the trade's: it is an anchor).
      if (thread !== null && (rootWarns ??= warnsAtRoot(messages, chain, sidesOf))) continue;
      shape ??= shapeOf(i);
      let working = 0;
      let otherWorking = 0;
      if (label === 'recruitment') {
        for (const j of trade)
          if (!has(j, label) && messages[j]!.labels.every((l) => WORKING_LABELS.includes(l.label))) working++;
      } else
        for (const j of trade)
          if (
            messages[j]!.from !== m.from &&
            anchors.some((a) => messages[a]!.from === messages[j]!.from) &&
            !has(j, label) &&
            messages[j]!.labels.every((l) => SHOP_WORKING_LABELS.includes(l.label))
          )
            otherWorking++;
      if (shape.ack) continue;
      refusals ??= refusalsIn(messages, lo, hi, shapeOf, m.from);
      refusal ??= beforeAfter(m.from === null ? undefined : refusals.get(m.from), i);
      probs ??= labelProbabilities(m.text, lexicon, m.features, model);
      // `chat-50`: a channel's own post whose every own label is `payment`; that label is then the post's requisites,
      // not a rival to the channel's sale.
      // `chat-49`, `chat-55`: the other author's recruitment anchor within `OFFER_REACH` lines before the line (the anchors
      // `chat-8` leaves in a two-person chat are never the refuser's own).
      const nearOffer =
        label === 'recruitment' && authors === 2 && anchors.some((j) => j < i && i - j <= OFFER_REACH);
      const channelPayment =
        authors === 1 &&
        label === 'sale' &&
        m.labels.length > 0 &&
        m.labels.every((l) => l.label === 'payment');
      let ownRival = 0;
      // In a thread of the label, a rival the window never carries confidently is the model's noise on a short
      // line (`а можно не раскладывать а только склад держать?` under a job post: sale 0.45), not another trade;
      // the message's own confident label always is (a shop's `в боте кнопка «Работа», залог или паспорт`).
      for (const l of TRADE_LABELS)
        if (
          l !== label &&
          !(channelPayment && l === 'payment') &&
          (thread === null || has(i, l) || trade.some((j) => has(j, l)))
        )
          ownRival = Math.max(ownRival, probs.get(l) ?? 0);
      const sides = sidesOf(i);
      let anchorScore = 0;
      for (const j of anchors)
        for (const l of messages[j]!.labels)
          if (l.label === label) anchorScore = Math.max(anchorScore, l.score);
      out.push({
        index: i,
        label,
        anchors,
        ownScore: probs.get(label) ?? 0,
        ownRival,
        participants: authors,
        same: anchors.length,
        rival: trade.length - anchors.length,
        replyAnchor,
        ask: shape.ask,
        interest: shape.interest,
        ack: shape.ack,
        paymentId: shape.paymentId,
        working,
        otherWorking,
        anchorScore,
        refuses: shape.refuse,
        refusedBefore: refusal.before,
        channelPayment,
        refusesOffer: nearOffer && shape.refuse,
        nearOffer,
        suspects: shape.suspect,
        lawful: authors === 2 && (lawful ??= lawfulWindow(lo, hi, shapeOf)),
        refusesAfter: refusal.after,
        inThread: thread !== null,
        loose,
        desk: (thread?.desk ?? false) && !sidesOf(chain[0]!).warns,
        party: thread?.party ?? false,
        answered: shape.ask && (thread?.answered ?? false),
        // A bystander's warning counts only where the thread could lift the line (the sides' pass reads it).
        warns:
          thread !== null &&
          (thread.desk || thread.party || shape.ask || shape.interest || (probs.get(label) ?? 0) >= minOwn) &&
          sides.warns,
        sides,
        chained: thread?.chained ?? false,
        otherChained:
          thread !== null && chain.some((j) => CONTEXT_LABELS.some((l) => l !== label && has(j, l))),
        answeredByAnchor: shape.ask && (thread?.byAnchor ?? false),
        opensWith: label === 'recruitment' && authors === 2 ? opener(messages, trade, i) : null,
        moneyApart:
          label === 'recruitment' &&
          authors === 2 &&
          shape.money &&
          anchors.every((a) => {
            for (let j = Math.min(a, i) + 1; j < Math.max(a, i); j++)
              if (messages[j]!.labels.length > 0 && !has(j, label)) return true;
            return false;
          }),
      });
    }
  }
  return out;
}

/**
 * The messages `i` replies to, nearest first (its parent, the parent's parent …), as far as the reply links stay
 * inside the window before it: what a thread in a group is.
 */
function replyChain(
  messages: readonly LabelledChatMessage[],
  indexOf: Map<string, number> | undefined,
  i: number,
  lo: number,
): number[] {
  const chain: number[] = [];
  let k = i;
  for (;;) {
    const to = messages[k]!.replyTo;
    const p = to == null || !indexOf ? undefined : indexOf.get(to);
    // Reply ids point back; a link forward or outside the window ends the thread (and a cycle cannot form).
    if (p === undefined || p >= k || p < lo) return chain;
    chain.push(p);
    k = p;
  }
}

/**
 * A group message's place in a thread of a label (null when its reply chain reaches none of the label's `anchors`,
 * the window's confident messages of it, the time gap kept): whether its author
 * speaks for the trade and answers someone (`desk`), replies to the trade's side after writing earlier in the same
 * chain (`party`), and whether a later message of the window by the trade's side replies to it (`answered`). Reads
 * the window only, so slices still give the whole chat's labels.
 */
function threadFacts(
  messages: readonly LabelledChatMessage[],
  indexOf: Map<string, number> | undefined,
  chain: readonly number[],
  anchors: readonly number[],
  i: number,
  hi: number,
  shapeOf: (j: number) => MessageShape,
): { desk: boolean; party: boolean; answered: boolean; byAnchor: boolean; chained: boolean } | null {
  const id = messages[i]!.id;
  const from = messages[i]!.from;
  let byAnchor = false;
  for (const j of anchors)
    if (j > i && j <= hi && messages[j]!.replyTo === id && messages[j]!.from !== from) byAnchor = true;
  const chained = chain.some((j) => anchors.includes(j));
  if (!byAnchor && !chained) return null;
  // The trade's side: whoever posted an anchor that replies to nothing (a shop's or recruiter's own post). A
  // buyer whose question or complaint is an anchor is not it, nor the owner of a post a question made an anchor.
  const side = new Set<string | null>();
  for (const j of anchors) {
    const to = messages[j]!.replyTo;
    if (to == null || indexOf?.get(to) === undefined) side.add(messages[j]!.from);
  }
  if (!chained) return { desk: false, party: false, answered: byAnchor, byAnchor, chained };
  const parent = messages[chain[0]!]!.from;
  // The desk answers in its thread: a question, and since `chat-37` any other line (a candidate's `мен келісемін`
  // answered `Керек, жаңа сим аласыз`, a buyer's `скинул` answered `принято`); its retort to a warning or a refusal is
  // not the trade's.
  const asked = shapeOf(chain[0]!);
  const desk = from !== null && side.has(from) && parent !== from && !asked.refuse;
  const party =
    from !== null && parent !== from && side.has(parent) && chain.some((j) => messages[j]!.from === from);
  let answered = false;
  for (let j = i + 1; j <= hi && !answered; j++) {
    const r = messages[j]!;
    answered = r.replyTo === id && r.from !== from && side.has(r.from);
  }
  return { desk, party, answered, byAnchor, chained };
}

/** The thread's first message is a warning that is no trade message itself (a police report, a news post). */
function warnsAtRoot(
  messages: readonly LabelledChatMessage[],
  chain: readonly number[],
  sidesOf: (j: number) => OwnSides,
): boolean {
  if (chain.length === 0) return false;
  const root = chain[chain.length - 1]!;
  return messages[root]!.labels.length === 0 && sidesOf(root).warns;
}

/**
 * The lexicon groups that speak for one side of the trade in a message's own words. Job or work: an offer or a job
 * seeker's ask, the deposit, daily pay, the job's risks, hiring words, a salary, a role (`курьер`). Buying or the
 * goods: a buyer's ask, bought, in stock, an item, an order, a complaint about a stash, re-drops; and, as any
 * word of that side, the shop, the goods and the stash themselves.
 */
const JOB_ANY: readonly string[] = ['job', 'jobflag', 'jobdaily', 'jobrisk', 'hiring', 'payword', 'role'];
const BUY_STRONG: readonly string[] = [
  'buyer',
  'buyact',
  'buyobj',
  'instock',
  'stockitem',
  'ordertie',
  'complaint',
  'aftercare',
];
const BUY_ANY: readonly string[] = [
  ...BUY_STRONG,
  'shopact',
  'shop',
  'product',
  'stash',
  'store',
  'shopself',
  'askfor',
];
// The warning group rides along: one evidence pass gives the sides and whether the message warns.
const SIDE_GROUPS: readonly string[] = [...new Set([...JOB_ANY, ...BUY_ANY, 'warning'])];

/** What a message's own words say of the two sides (`chat-6`). */
export interface OwnSides {
  /** Two or more job words, or one that is no weak cue (`залог`): `вы набираете курьеров? ищу подработку`. */
  job: boolean;
  /** Any job, hiring, pay or role word. */
  jobAny: boolean;
  /** A buyer's word (`есть чё`, `взял`, in stock, an order, `не нашел`). */
  buy: boolean;
  /** Any buying, shop, goods or stash word. */
  buyAny: boolean;
  /**
   * The lexicon's warning evidence (police, `не ведитесь`, мошенники): a bystander warning the others. The labeller
   * stops reading a message with no word of a group some label requires; read here, a warning alone is seen.
   */
  warns: boolean;
}

const SIDE_LEXICONS = new WeakMap<CompiledLexicon, CompiledLexicon>();
/** The sides a message's own words speak for (read even where no label's rule can hold). */
export function ownSides(m: Pick<ChatMessage, 'text' | 'features'>, lexicon: CompiledLexicon): OwnSides {
  let sides = SIDE_LEXICONS.get(lexicon);
  if (!sides) {
    sides = { ...lexicon, required: new Set([...lexicon.required, ...SIDE_GROUPS]) };
    SIDE_LEXICONS.set(lexicon, sides);
  }
  const ev = collectEvidence(m.text, sides, m.features);
  if (!ev) return { job: false, jobAny: false, buy: false, buyAny: false, warns: false };
  const groups = ev.groups;
  // A role word is the trade's talk as much as a job seeker's (`Курьер проверил, всё на месте. Ищи у корня`).
  const jobIds = new Set<string>();
  let strong = false;
  for (const h of ev.counted)
    if ((h.group === 'job' || h.group === 'jobflag') && h.facet !== 'role') {
      jobIds.add(h.id);
      if (!h.weak) strong = true;
    }
  return {
    job: jobIds.size >= 2 || strong,
    jobAny: JOB_ANY.some((g) => groups.has(g)),
    buy: BUY_STRONG.some((g) => groups.has(g)),
    buyAny: BUY_ANY.some((g) => groups.has(g)),
    warns: groups.has('warning'),
  };
}

/**
 * The refusals of `lo … hi` (the window: a message's result depends on its window only, so a long chat can still be
 * fed in slices), message indices by author: every author's, or `only`'s when given (a group, where only the
 * message's own author matters and most lines need no shape). Authorless messages count for nobody.
 */
function refusalsIn(
  messages: readonly LabelledChatMessage[],
  lo: number,
  hi: number,
  shapeOf: (j: number) => MessageShape,
  only?: string | null,
): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (only === null) return out;
  for (let j = lo; j <= hi; j++) {
    const from = messages[j]!.from;
    if (from === null || (only !== undefined && from !== only) || !shapeOf(j).refuse) continue;
    const list = out.get(from);
    if (list) list.push(j);
    else out.set(from, [j]);
  }
  return out;
}

/** Whether any of `at` (an author's refusals) comes before message `i`, and whether any comes after it. */
function beforeAfter(at: readonly number[] | undefined, i: number): { before: boolean; after: boolean } {
  return { before: at?.some((j) => j < i) ?? false, after: at?.some((j) => j > i) ?? false };
}

/** Whether a message of `lo … hi` states a lawful employer's mark, not asking about it (`chat-8`). */
function lawfulWindow(lo: number, hi: number, shapeOf: (j: number) => MessageShape): boolean {
  for (let j = lo; j <= hi; j++) if (shapeOf(j).legit && !shapeOf(j).ask) return true;
  return false;
}

function distinctAuthors(
  messages: readonly LabelledChatMessage[],
  lo: number,
  hi: number,
  cap: number,
): number {
  const seen: Array<string | null> = [];
  for (let j = lo; j <= hi && seen.length < cap; j++) {
    const f = messages[j]!.from;
    if (!seen.includes(f)) seen.push(f);
  }
  return seen.length;
}

const TRADE_LABELS: readonly MessageLabel[] = ['sale', 'recruitment', 'training', 'payment', 'drop_report'];
const WORKING_LABELS: readonly MessageLabel[] = ['drop_report', 'payment', 'training'];
/** `chat-49`: how many lines before a candidate's refusal the recruiter's offer may stand. */
export const OFFER_REACH = 5;

/** A shop's own working messages in a buyer's chat: its requisites and the stash address. */
const SHOP_WORKING_LABELS: readonly MessageLabel[] = ['payment', 'drop_report'];

/**
 * Whether the chat gives the candidate its label. Rules, not weights: measured on four conversation-shaped dev
 * sets by four authors (docs/labels.md, "Chat context"), a dozen-feature logistic layer trained on one set
 * lost 0.2–0.3 precision on the other (chat-1, two sets).
 * - never a bare thanks or ok, alone or with a waiting, received or later word (`рахмет, күтем`, `пришло 👍`,
 *   `спасиб`, `keyin yozaman`): the authors were told those may be benign inside a trade chat;
 * - never a refusal or a turning away, nor a line by an author who refused earlier in the window, nor a question
 *   about what the trade is by an author who refuses later in it: a P2P merchant who asks `это наркотики?` and
 *   says no is not the trade's other side (33DB); a job seeker's risk question without a refusal still is (`chat-3`);
 *   a no next to a statement that it is illegal, in a message asking nothing, is a refusal (`chat-4`); since
 *   `chat-49`, a candidate's first no in a two-person chat within `OFFER_REACH` lines of the other author's
 *   recruitment anchor is the exception;
 * - never a message naming a card or wallet: that is payment's evidence, and the chat's label is not its own
 *   (a curator's wallet in a recruiter's DM, a new card in a dealer's); since `chat-50`, a channel's own post whose
 *   every own label is `payment`, near its own sale posts, is the exception;
 * - the label leads the window's trade messages (its anchors at least as many as those of other labels only):
 *   a courier's or dropper's chat with one stray shop word does not make its lines sales; for recruitment, a
 *   working chat's drop reports, payments and manuals do not count against it when the message asks something or
 *   leans to recruitment itself (own probability ≥ `minOwnInGroup`: a courier's pay question, a day off); for
 *   sale, a shop's own requisites and addresses, when they are all the other trade messages, do not (`chat-4`);
 * - the message is not better explained by another label (its own probability of each other one < `maxOwnRival`);
 * - a two-person chat (a DM: a buyer and a shop or bot, a candidate and a recruiter), or, in a group, a message in
 *   a THREAD of the label (its reply links lead, within the window, to an anchor; not under a police report or
 *   warning that is no trade message) that carries no warning itself and is one of: the trade's side (the author
 *   of an anchor that replies to nothing: a shop's or recruiter's own post) answering another author's question;
 *   a reply to the trade's side by an author who wrote earlier in the same chain (the buyer or candidate
 *   answering back: `оплатил, жду`, `ок понял, пишу в лс`); a question that leans to the label itself (own
 *   probability ≥ `minOwnInGroup`) or replies to an anchor and is answered by the trade's side; a statement that
 *   leans to the label itself. In a thread, another label counts as a rival only when the window carries it
 *   confidently (`chat-5`). Measured on the group dev set 37FC (docs/labels.md, "Chat context").
 * - `chat-6`: never a line whose own words leave the label to the other side (`sidesVeto`: job words and no word of
 *   buying for sale, a buyer's word and no job word for recruitment); in a group, a question another author answers
 *   with a confident line of the label is in its thread, whatever the window's trade leads with, unless its own reply
 *   links reach the other label's thread and its own words do not leave that one. Measured on eleven dev sets.
 * - `chat-8`, two-person chats: an author who refuses, turns to the police or warns of prison anywhere in the window
 *   anchors nothing; a window that states a lawful employer's mark (official employment, a contract, taxes) lifts
 *   nothing. A warning of prison or deportation, a don't-do-it or a moderator's removal is a refusal unless it ends in
 *   a question. Measured on thirteen dev sets and three fresh pairs (docs/labels.md, "Chat context").
 * - `chat-9`, two-person chats, recruitment: never a line of the team's money talk (a percentage, a cash withdrawal,
 *   cash, an ATM, and no job word) that a confident payment, sale or other trade message parts from every recruitment
 *   anchor (a cash-out courier's `свой процент беру сразу?` before the lead's wallet and a later `приводи знакомого`);
 *   in a chat the window opens with a confident training message (a curator's manual), no line that does not lean to
 *   recruitment; opened by a drop report, no such statement. Measured on thirteen dev sets and six fresh ones.
 * - `chat-12`, groups: a line that replies to nothing, warns of nothing and leans to sale itself (own probability ≥
 *   `minOwnLoose`, 0.3 since the twenty-eighth session, 0.4 before) needs no thread of the shop's posts (a buyer's
 *   review or question under them).
 * - `chat-55`, two-person chats, recruitment: after the candidate's no, a line of theirs within `OFFER_REACH` lines of
 *   the recruiter's anchor that refuses again, asks or leans to recruitment itself is still the candidate's side.
 */
export function liftsLabel(c: ContextCandidate, options: LabelChatOptions = {}): boolean {
  const maxOwnRival = options.maxOwnRival ?? LABEL_CHAT_DEFAULTS.maxOwnRival;
  const minOwn = options.minOwnInGroup ?? LABEL_CHAT_DEFAULTS.minOwnInGroup;
  // `chat-50`: a shop channel's payment post is its sale's (the channel's own ads are the offer it is paid for): its
  // card or wallet does not keep it out.
  if (c.ack || (c.paymentId && !c.channelPayment) || c.ownRival >= maxOwnRival) return false;
  if (sidesVeto(c, c.label)) return false;
  // A message in the other label's thread by its own reply links stays there, unless its own words leave that one.
  if (c.answeredByAnchor && !c.chained && c.otherChained && !sidesVeto(c, otherLabel(c.label))) return false;
  // A person who refuses or turns the other away is not the trade's other side, nor after the no, nor in the
  // questions about what the trade is that led to it (a P2P merchant's `это наркотики?` … `нет`). A job seeker's
  // own risk questions (`а это законно?`, `а если поймают?`) without a refusal stay the candidate's side.
  // `chat-49`: the candidate's first no to a trade job offered to them is the job seekers' side (docs/labels.md,
  // "Annotation convention"); the checks below still hold for it (a lawful employer's window, a chat another trade leads).
  // `chat-55`: after the candidate's no, the recruiter insists or the candidate comes back: within `OFFER_REACH` lines of
  // the recruiter's anchor, the candidate's second no (`Нет`, `не пишите мне больше`), question (`сколько в месяц
  // выходит?`) or own leaning line is still the candidate's side; a line about something else is not.
  const again = c.nearOffer && (c.refuses || c.ask || c.ownScore >= minOwn);
  if ((c.refuses && !c.refusesOffer) || (c.refusedBefore && !again)) return false;
  if (c.refusesAfter && c.suspects) return false;
  // A real employer's chat (official employment, a contract, taxes in the window) is not the trade's.
  if (c.lawful) return false;
  // A trainee's chat opened by the curator's manual, a courier's opened by a report: its lines that do not lean to
  // recruitment are the work's (a trainee's `фото обычной камерой?` is training), and after a report a statement is.
  if (c.opensWith !== null && c.ownScore < minOwn && (c.opensWith === 'training' || !c.ask)) return false;
  // A team's money talk (a processing lead's percentage, a cash-out courier's withdrawals) that the chat's payment or
  // sale messages part from every recruitment line is the money side, not recruitment, unless it names the job.
  if (c.moneyApart && !c.sides.jobAny) return false;
  // In a courier's or dropper's working chat (drop reports, payouts, a manual) with a recruitment anchor, the job
  // talk is recruitment only when it is a question or leans to it itself: the reports' own lines are not.
  // In a buyer's DM with a shop, the shop's requisites and stash addresses are the sale's working messages, not
  // another trade: when they are all the window's other trade messages, they do not count against lifting the
  // buyer's lines (the shop's own lines still weigh them; a courier's reports or a recruiter's posts still count).
  const rival = c.label === 'sale' && c.otherWorking === c.rival ? 0 : c.rival;
  if (
    !c.answeredByAnchor &&
    c.same < rival &&
    (c.same < rival - c.working || !(c.ask || c.ownScore >= minOwn))
  )
    return false;
  if (c.participants <= 2) return true;
  // In a group only a thread of the label counts: talk near a shop's post that replies to something else is not it,
  // nor a bystander's warning in the thread.
  // `chat-12`: a line that leans to sale itself, near the shop's confident posts, needs no thread.
  if (c.loose) return true;
  if (!c.inThread || c.warns) return false;
  // The trade's side answering a question in its thread, and the buyer or candidate answering it back.
  if (c.desk || c.party) return true;
  // People reply to a shop's or recruiter's post with all kinds of questions (trolls' too): one that is itself near
  // the label (`а залог обязательно?` to a job post: 0.31), or one the trade's side answers, is the other side's.
  if (c.ask) return c.ownScore >= minOwn || (c.replyAnchor && c.answered) || c.answeredByAnchor;
  // `chat-33`: a reply to a recruiter's post that states interest (`+ menga qiziq, direct yozdim`) is the candidate's.
  if (c.interest && c.replyAnchor && c.label === 'recruitment') return true;
  return c.ownScore >= minOwn;
}

/** The window's first trade message, before `i`, when it carries only working labels: training first (`chat-9`). */
function opener(
  messages: readonly LabelledChatMessage[],
  trade: readonly number[],
  i: number,
): 'training' | 'drop_report' | null {
  let first = i;
  for (const j of trade) if (j < first) first = j;
  if (first === i) return null;
  const labels = messages[first]!.labels;
  if (!labels.every((l) => WORKING_LABELS.includes(l.label))) return null;
  if (labels.some((l) => l.label === 'training')) return 'training';
  return labels.some((l) => l.label === 'drop_report') ? 'drop_report' : null;
}

function otherLabel(label: MessageLabel): MessageLabel {
  return label === 'sale' ? 'recruitment' : 'sale';
}

/**
 * Whether the message's own words leave `label` to the other side (`chat-6`): a job seeker asking a shop's group
 * about courier work (two job words, no word of buying, the shop, the goods or the stash) is not the shop's buyer,
 * and a buyer's line (a buyer's word, no job, hiring, pay or role word) is not a candidate's. Lexicon evidence,
 * not the model's sub-threshold probabilities, which are noisy on short lines.
 */
function sidesVeto(c: ContextCandidate, label: MessageLabel): boolean {
  return label === 'sale' ? c.sides.job && !c.sides.buyAny : c.sides.buy && !c.sides.jobAny;
}

/**
 * `chat-42`: the conversation model's probability below which a line of a channel or a two-person chat gets no `sale` or
 * `recruitment` from the chat's anchors: one own line of ordinary chat (a flat's `залог 10к`, a freelancer's `заказчик
 * оплатил`) lifted the whole chat, while the label's conversation model, reading the line's exchange as a whole, read
 * it as ordinary. Measured (docs/labels.md, "Twenty-fourth session"): on 217AA … 229AB, held out of both models'
 * training, the lifts under 0.3 were 10 right rows and 44 wrong; on four sets of ordinary chats, every one was wrong.
 */
const ANCHOR_MIN_CONVERSATION = 0.3;

/**
 * Context labels of `messages` (one chat, in order, with their own labels): one list per message. Only
 * `from … to` are decided (the others get empty lists); a message's result depends on the messages within
 * `window` of it only, so a long chat can be fed in overlapping slices (`ChatContextPass`).
 */
export function chatContext(
  messages: readonly LabelledChatMessage[],
  options: LabelChatOptions = {},
  from = 0,
  to = messages.length,
): ContextLabel[][] {
  const damping = options.damping ?? LABEL_CHAT_DEFAULTS.damping;
  const out: ContextLabel[][] = messages.map(() => []);
  const facts = messageFacts(messages.length);
  const lexicon = options.lexicon ?? defaultLexicon();
  // One episode reader per conversation model, shared by the `chat-42` gate and the model's own pass.
  const models = conversationModels(options);
  const readers = new Map(models.map((m) => [m, episodeReader(messages, m, options, facts)] as const));
  // `chat-42`: in a channel or a two-person chat, the conversation model of the label must not read the line's
  // exchange as ordinary.
  const ordinary = (c: ContextCandidate): boolean => {
    if (c.participants > 2) return false;
    const model = models.find((m) => m.data.label === c.label);
    if (!model) return false;
    const reader = readers.get(model)!;
    const [lo, hi] = reader.bounds(c.index);
    return reader.probability(lo, hi) < ANCHOR_MIN_CONVERSATION;
  };
  const lifted = contextCandidates(messages, options, from, to).filter(
    (c) =>
      liftsLabel(c, options) &&
      !(c.label === 'sale' && crewPaid(factEvidence(messages, c.index, facts, lexicon))) &&
      !ordinary(c),
  );
  for (let k = 0; k < lifted.length; k++) {
    const c = lifted[k]!;
    // Both labels lifted (a recruiter's DM that also names the goods): the message keeps the one it leans to, or
    // the one with more anchors (`prefers`).
    const twin =
      lifted[k + 1]?.index === c.index
        ? lifted[k + 1]
        : lifted[k - 1]?.index === c.index
          ? lifted[k - 1]
          : undefined;
    if (twin && prefers(twin, c, options.minOwnInGroup ?? LABEL_CHAT_DEFAULTS.minOwnInGroup)) continue;
    // As strong as the chat's strongest anchor, damped (the message itself says little), and its own evidence.
    const p = 1 - (1 - damping * c.anchorScore) * (1 - c.ownScore);
    out[c.index]!.push({
      label: c.label,
      score: Math.round(p * 1000) / 1000,
      reason: contextReason(messages, c),
      refs: c.anchors.slice(0, 5).map((j) => messages[j]!.id),
    });
  }
  for (const model of models)
    conversationContext(messages, out, model, options, from, to, facts, readers.get(model)!);
  tradeLineContext(messages, out, options, from, to, facts);
  return out;
}

/** `chat-40`, `chat-46`: the own labels that make a line the trade's for `tradeLineContext`. */
export const TRADE_ANCHORS: ReadonlySet<MessageLabel> = new Set([
  'sale',
  'recruitment',
  'drop_report',
  'training',
]);
/** The identifier kinds that are payment details (`mentions.kind`): a validated one is the message's payment evidence. */
export const PAYMENT_KINDS: ReadonlySet<string> = new Set(['card', 'iban', 'acct', 'tron', 'btc', 'eth']);

/** A card, account or wallet in the text that passes its checksum (as an ingest's validated mentions give it). */
export function hasValidPaymentId(text: string): boolean {
  return (
    CARD_OR_WALLET.test(text) &&
    extractIdentifiers(text).some((x) => PAYMENT_KINDS.has(x.kind) && x.validated)
  );
}

/**
 * `chat-40`: a card, account or wallet posted in a chat whose other lines are the trade's is the trade's requisites
 * (`payment`), whatever the line says around it: a dealer's `5169 3302 7784 1926, Baxtiyor R.`, a holder's card sent
 * to the recruiter, a buyer's `USDT TRC20: T…  — 35$`. In ordinary chat a card is a friend's for a bill; here an
 * anchor must stand within the window: a message with an own `sale`, `recruitment`, `drop_report` or `training`
 * label (not a context one, so that a long chat read in slices gets the same labels). The reason says whether the
 * number passes its checksum (the ingest's validated mentions, `features.hasPaymentIdentifier`, or the text's,
 * extracted). `chat-56`: a number written as one (16 digits in fours, `T` and 33 base58 letters, `0x` and 40 hex
 * digits) counts when it fails its checksum too: it is no card and no identifier (nothing joins the money graph), but
 * the line that posts it is the trade's requisites all the same: a typo, a number cut short or made up. Measured
 * with context (tp / fp): 31CA … 149AB +81 / +3, 151 … 199 +34 / +1, 201 … 229 +20 / 0, 231 … 237 +5 / 0, 247AA …
 * 259AB +10 / +2, 261AA … 267AB +2 / +1, 269AA … 275AB +4 / 0, 277AA … 283AB +3 / +1; benign chats unchanged.
 *
 * `chat-46`: a line within `LINE_MODEL_WINDOW` of such an anchor gets `payment`, `training` or `drop_report` when that
 * label's line model (`line-models.ts`) reads it so at its threshold: a buyer's `скинул 12 на твою`, a holder's
 * `отправил 200 USDT` (money talk), a curator's `телефон рабочий отдельно` (teaching), a courier's `ещё 3 у гаражей`.
 */
function tradeLineContext(
  messages: readonly LabelledChatMessage[],
  out: ContextLabel[][],
  options: LabelChatOptions,
  from: number,
  to: number,
  facts: MessageFacts,
): void {
  const window = options.window ?? LABEL_CHAT_DEFAULTS.window;
  const maxGapMs = (options.maxGapHours ?? LABEL_CHAT_DEFAULTS.maxGapHours) * 3600_000;
  const damping = options.damping ?? LABEL_CHAT_DEFAULTS.damping;
  const lexicon = options.lexicon ?? defaultLexicon();
  const lineModels = lineModelsOf(options);
  const n = messages.length;
  let scores: number[] | undefined;
  const anchorScore = (j: number): number =>
    (scores ??= messages.map((m) =>
      m.labels.reduce((s, l) => (TRADE_ANCHORS.has(l.label) ? Math.max(s, l.score) : s), 0),
    ))[j]!;
  const timeOf = (j: number): number => factTime(messages, j, facts);
  // The window's own trade lines within the time gap, nearest first (the line itself first when it is one).
  const anchorsNear = (i: number): number[] => {
    const ti = timeOf(i);
    const anchors: number[] = [];
    for (let j = Math.max(0, i - window); j <= Math.min(n - 1, i + window); j++) {
      if (anchorScore(j) === 0) continue;
      const tj = timeOf(j);
      if (!Number.isNaN(ti) && !Number.isNaN(tj) && Math.abs(tj - ti) > maxGapMs) continue;
      anchors.push(j);
    }
    return anchors.sort((a, b) => Math.abs(a - i) - Math.abs(b - i));
  };
  // Another own trade line within `LINE_MODEL_WINDOW` and the time gap.
  const tradeLineNear = (i: number): boolean => {
    const ti = timeOf(i);
    for (let j = Math.max(0, i - LINE_MODEL_WINDOW); j <= Math.min(n - 1, i + LINE_MODEL_WINDOW); j++) {
      if (j === i || anchorScore(j) === 0) continue;
      const tj = timeOf(j);
      if (Number.isNaN(ti) || Number.isNaN(tj) || Math.abs(tj - ti) <= maxGapMs) return true;
    }
    return false;
  };
  // The three nearest anchors, named in the chat's order (`messages 3, 4, 6`).
  const named = (anchors: readonly number[]): string =>
    `messages ${[...anchors.slice(0, 3)]
      .sort((a, b) => a - b)
      .map((j) => messages[j]!.id)
      .join(', ')} are the trade's (own ${[
      ...new Set(anchors.flatMap((j) => messages[j]!.labels.map((l) => l.label))),
    ]
      .filter((l) => TRADE_ANCHORS.has(l))
      .join(', ')})`;
  for (let i = Math.max(0, from); i < Math.min(n, to); i++) {
    const m = messages[i]!;
    if (!/\S/.test(m.text)) continue;
    const has = (l: MessageLabel) =>
      m.labels.some((x) => x.label === l) || out[i]!.some((c) => c.label === l);
    // `chat-56`: a number written as a card or wallet counts even when its checksum fails (then it is no identifier).
    const paid = !has('payment') && CARD_OR_WALLET.test(m.text);
    let models = lineModels.filter((lm) => !has(lm.data.label) && !(paid && lm.data.label === 'payment'));
    // `chat-46` reads a line only with another own trade line within `LINE_MODEL_WINDOW` (a lone ad is no chat of the
    // trade): most lines of a long chat have none, and are not scanned further.
    if (models.length > 0 && !tradeLineNear(i)) models = [];
    if (!paid && models.length === 0) continue;
    const anchors = anchorsNear(i);
    if (anchors.length === 0) continue;
    const best = Math.max(...anchors.map(anchorScore));
    if (paid) {
      const valid = m.features?.hasPaymentIdentifier === true || hasValidPaymentId(m.text);
      out[i]!.push({
        label: 'payment',
        score: Math.round(damping * best * 1000) / 1000,
        reason: `${valid ? 'a card or wallet that passes its checksum' : 'a number written as a card or wallet (its checksum fails: no identifier)'}, posted in a chat whose ${named(anchors)}`,
        refs: anchors.slice(0, 5).map((j) => messages[j]!.id),
      });
    }
    // `chat-46`: the line's own words, read by a line model, are the trade's money talk, teaching or report.
    if (models.length === 0) continue;
    const shape = (facts.shapes[i] ??= messageShape(m.text));
    for (const r of readLine(models, m.text, shape, factEvidence(messages, i, facts, lexicon), 0))
      out[i]!.push({
        label: r.label,
        score: Math.round(damping * Math.min(best, r.p) * 1000) / 1000,
        reason: `a line of a chat whose ${named(anchors)}, ${r.reads}`,
        refs: anchors.slice(0, 5).map((j) => messages[j]!.id),
      });
  }
}

/**
 * `chat-46`, `chat-47`: the line models that read a line as their label at their threshold (or `min`, when higher),
 * each with its probability and the reason's words (`read as its teaching by the training line model: 0.73 (words: …)`).
 */
function readLine(
  models: readonly CompiledConversationModel[],
  text: string,
  shape: MessageShape,
  evidence: LabelEvidence | null,
  min: number,
): Array<{ label: MessageLabel; p: number; reads: string }> {
  const out: Array<{ label: MessageLabel; p: number; reads: string }> = [];
  const featuresBy = new Map<number, string[]>();
  for (const model of models) {
    const ngram = model.data.ngram ?? 4;
    let features = featuresBy.get(ngram);
    if (!features) featuresBy.set(ngram, (features = lineFeatures(text, shape, evidence, ngram)));
    const p = lineProbability(model, features);
    if (p < Math.max(model.data.threshold, min)) continue;
    const words = lineWords(model, text, features);
    out.push({
      label: model.data.label,
      p,
      reads: `read as ${LINE_READS[model.data.label as LineLabel]} by the ${model.data.label} line model: ${p.toFixed(2)}${words.length > 0 ? ` (words: ${words.join(', ')})` : ''}`,
    });
  }
  return out;
}

/**
 * `chat-48`: whether message `i` answers the other side: the nearest line before it (from `lo`) that has text and a known
 * author is another author's.
 */
function answers(messages: readonly LabelledChatMessage[], lo: number, i: number): boolean {
  const from = messages[i]!.from;
  for (let j = i - 1; j >= lo; j--) {
    const prev = messages[j]!;
    if (prev.from === null || !/\S/.test(prev.text)) continue;
    return from !== null && prev.from !== from;
  }
  return false;
}

/**
 * `chat-48`: the number of own `drop_report` lines of one author in a sale exchange from which they are a crew's reports,
 * not lifted to `sale` (a courier's list, a curator's); fewer are a seller's location sent to his buyer, a second one a
 * correction (`сори, перепутал фото. вот правильное …`). It was 2 before `chat-48`. Measured alone, with context (at
 * lexicon -60): 3 gives on 31CA … 149AB `sale` +12 right rows / +2 wrong, 151 … 199 +3 / 0, 201 … 229 +4 / 0, 231 … 237
 * +3 / +1, 247AB … 253AB +2 / 0; 4, or no limit, 2 more right rows.
 */
const CREW_REPORTS = 3;

/** `chat-46`: what each line model reads a line as, for its reason. */
const LINE_READS: Record<LineLabel, string> = {
  payment: 'its money talk',
  training: 'its teaching',
  drop_report: 'a report of placed stashes',
};

/**
 * `chat-46`: how near an own trade line a line must stand for the line models to read it (the conversation models'
 * episode): as many rows as the chat's window on the sets, a quarter of the work on a busy export.
 */
const LINE_MODEL_WINDOW = 6;

/** `chat-46`: the options' line models or the shipped ones; none set to null or trained with another lexicon. */
function lineModelsOf(options: LabelChatOptions): CompiledConversationModel[] {
  const lexicon = options.lexicon ?? defaultLexicon();
  const out: CompiledConversationModel[] = [];
  for (const label of LINE_LABELS) {
    const given = options.lineModels?.[label];
    const model = given === undefined ? defaultLineModel(label) : given;
    if (model !== null && model.data.lexiconVersion === lexicon.version) out.push(model);
  }
  return out;
}

/** A message's time in ms (NaN when unknown), parsed once per message and kept in `facts`: each is read by up to
 * 2 × window episodes or lines. */
function factTime(messages: readonly LabelledChatMessage[], j: number, facts: MessageFacts): number {
  let t = facts.times[j];
  if (t === undefined) {
    const iso = messages[j]!.time;
    facts.times[j] = t = iso ? Date.parse(iso) : Number.NaN;
  }
  return t;
}

/** A message's lexicon evidence (null for most lines of ordinary chat), read once per message and kept in `facts`. */
function factEvidence(
  messages: readonly LabelledChatMessage[],
  i: number,
  facts: MessageFacts,
  lexicon: CompiledLexicon,
): LabelEvidence | null {
  let e = facts.evs[i];
  if (e === undefined) facts.evs[i] = e = collectEvidence(messages[i]!.text, lexicon, messages[i]!.features);
  return e;
}

/** What one conversation model reads of a chat's messages: each message's weighed features, an episode's bounds and probability. */
interface EpisodeReader {
  featsOf(j: number): Int32Array;
  /** The episode of message `i`: up to the model's `window` messages either side, stopping at a gap over `maxGapHours`. */
  bounds(i: number): [number, number];
  /** The model's probability of the messages `lo … hi` read as one exchange (the union of their features). */
  probability(lo: number, hi: number): number;
}

function episodeReader(
  messages: readonly LabelledChatMessage[],
  model: CompiledConversationModel,
  options: LabelChatOptions,
  facts: MessageFacts,
): EpisodeReader {
  const lexicon = options.lexicon ?? defaultLexicon();
  const maxGapMs = (options.maxGapHours ?? LABEL_CHAT_DEFAULTS.maxGapHours) * 3600_000;
  const window = model.data.window;
  const ngram = model.data.ngram ?? 0;
  const n = messages.length;
  const feats: Array<Int32Array | undefined> = new Array(n);
  const seen = new Int32Array(model.weights.length);
  let stamp = 0;
  const evOf = (j: number): LabelEvidence | null => factEvidence(messages, j, facts, lexicon);
  const featsOf = (j: number): Int32Array =>
    (feats[j] ??= weighedFeatures(model, [
      ...(facts.names[j] ??= messageConversationFeatures(
        messages[j]!.text,
        lexicon,
        messages[j]!.features,
        evOf(j),
      )),
      ...(ngram > 0 ? messageNgrams(messages[j]!.text, ngram, evOf(j)?.tokens) : []),
    ]));
  const timeOf = (j: number): number => factTime(messages, j, facts);
  return {
    featsOf,
    bounds(i) {
      const ti = timeOf(i);
      const near = (j: number): boolean => {
        if (Number.isNaN(ti)) return true;
        const tj = timeOf(j);
        return Number.isNaN(tj) || Math.abs(tj - ti) <= maxGapMs;
      };
      let lo = i;
      let hi = i;
      while (lo > 0 && i - lo < window && near(lo - 1)) lo--;
      while (hi < n - 1 && hi - i < window && near(hi + 1)) hi++;
      return [lo, hi];
    },
    probability(lo, hi) {
      // Σ weights of the episode's distinct features.
      let z = model.data.bias;
      stamp++;
      for (let j = lo; j <= hi; j++)
        for (const k of featsOf(j))
          if (seen[k] !== stamp) {
            seen[k] = stamp;
            z += model.weights[k]!;
          }
      return 1 / (1 + Math.exp(-z));
    },
  };
}

/**
 * `chat-29`: a crew's fines and deductions (`crewpay`: `штраф`, `вычли`, `не засчитал`) are its money talk, never a
 * buyer's line: the message's own `sale` is vetoed (label-model.json), and context gives it none either (unless a shop
 * desk's word says it is the desk answering a buyer).
 */
function crewPaid(ev: LabelEvidence | null): boolean {
  const groups = ev?.groups;
  return groups !== undefined && groups.has('crewpay') && !groups.has('desk') && !groups.has('shopdesk');
}

/**
 * The conversation models `chatContext` runs, in order (sale, then recruitment): the options' or the shipped ones,
 * without those set to null or trained with another lexicon than the options'.
 */
export function conversationModels(options: LabelChatOptions = {}): CompiledConversationModel[] {
  const lexicon = options.lexicon ?? defaultLexicon();
  const sale = options.conversation === undefined ? defaultConversationModel() : options.conversation;
  const recruitment =
    options.recruitmentConversation === undefined
      ? defaultRecruitmentConversationModel()
      : options.recruitmentConversation;
  return [sale, recruitment].filter(
    (m): m is CompiledConversationModel => m !== null && m.data.lexiconVersion === lexicon.version,
  );
}

/** What the conversation models' passes read of each message, computed once and only where an episode needs it. */
interface MessageFacts {
  evs: Array<LabelEvidence | null | undefined>;
  probs: Array<ReadonlyMap<MessageLabel, number> | undefined>;
  /** The conversation features (`messageConversationFeatures`); each model weighs them by its own index. */
  names: Array<string[] | undefined>;
  shapes: Array<MessageShape | undefined>;
  places: Array<boolean | undefined>;
  times: Array<number | undefined>;
  warned: Array<boolean | undefined>;
}

function messageFacts(n: number): MessageFacts {
  return {
    evs: new Array(n),
    probs: new Array(n),
    names: new Array(n),
    shapes: new Array(n),
    places: new Array(n),
    times: new Array(n),
    warned: new Array(n),
  };
}

const EMPTY_PROBS: ReadonlyMap<MessageLabel, number> = new Map();

/**
 * `chat-22`: the sale model's probability at which an exchange without a line that is the trade's by itself (an own
 * label, a card or wallet, coordinates, a lean) is read as a sale, when some line of it names an amount or a quantity.
 * Measured (docs/labels.md, "Eighteenth session"): on the three newest blind pairs `sale` +9 right rows, none wrong; on
 * the 79 older conversation sets +55 right, none wrong (the model trained on those); none on a fourth blind pair.
 */
const SURE_WITHOUT_TRADE = 0.8;

/**
 * `chat-25`: the recruitment model's probability at which an exchange with a hiring word but no line leaning to
 * recruitment (own probability under `minOwn`, no `recruitment` of its own or from the rules) is read as recruitment: a
 * driver's `haydovchi ishi bo'yicha` … `posilka olib borasiz … Reys uchun 400$` … `posilkada nima bo'ladi?`, a card
 * seller's `картамды сатамын, 30 мың` … `пин, кодовое слово … керек`. At the model's own threshold (0.6) tech talk in
 * ordinary chat (`для работы нужно 128 минимум`) read 0.63–0.70 and was lifted whole. Measured (docs/labels.md,
 * "Twentieth session"): on the six new dev sets (in no model's training) +19 right rows / +2 wrong, on 117AA/117AB +3 /
 * 0, on 101AA … 115AB +12 / +4, on the 73 older conversation sets +56 / +4 (the model trained on those). `chat-41`: 0.6
 * with recruitment model 7, which reads letter n-grams (docs/labels.md, "Twenty-fourth session").
 */
const SURE_WITHOUT_LEAN = 0.6;

/**
 * `chat-41`: the recruitment model's probability at which an exchange with no hiring word at all (`RECRUITING_GROUPS`)
 * is read as recruitment: a card buyer's `у меня 2 карты и симки на мать оформлены, возьмешь?` … `по 20 за каждую,
 * приложение должно открываться`, a Tajik `корти бонкиат ҳаст? Як кас моҳе 500 медиҳад` name no job. Recruitment model 7
 * reads such exchanges by their letter n-grams (`messageNgrams`), which carry the Turkic and Tajik roots through their
 * suffixes. Measured (docs/labels.md, "Twenty-fourth session") on 217AA … 229AB, held out of the model's training.
 */
const SURE_WITHOUT_HIRING = 0.6;

/**
 * `chat-20`: the most authors an episode of each conversation model may have. A sale episode may have three: a
 * shop's small team group (its operator, shift lead and courier) or friends pooling one purchase read as a sale
 * conversation as a DM does. Measured (docs/labels.md, "Eighteenth session"): on the three newest blind pairs, `sale`
 * +13 right rows and none wrong; on the 79 older conversation sets +46 right, +15 wrong. A recruitment episode kept
 * two: three lifted as many wrong rows as right ones there (+21, +20). `chat-27`: it may have three when the model
 * reads it at `SURE_IN_THREE` or more (a recruiter, a candidate and the friend who brought him).
 */
const EPISODE_AUTHORS: Partial<Record<MessageLabel, number>> = { sale: 3, recruitment: 3 };

/**
 * `chat-27`: the recruitment model's probability a three-author episode needs. Measured (docs/labels.md, "Twentieth
 * session"): on 117AA/117AB +7 right rows, on 119AA/119AB +6, on the six new dev sets +5, none wrong; on 101AA … 115AB
 * +4 / 0; on the 73 older sets +16 / +6. At 0.7, 101–115 +8 / +8.
 */
const SURE_IN_THREE = 0.8;

/** `chat-19`: lexicon groups of which one must be in a recruitment episode (a hiring, job, card-drop or pay word). */
const RECRUITING_GROUPS = [
  'job',
  'jobflag',
  'hiring',
  'role',
  'cardgive',
  'cardsecret',
  'cardcut',
  'jobrisk',
  'riskyjob',
  'dropkit',
  'jobdaily',
] as const;
/** `chat-19`: lexicon groups none of which may be in a recruitment episode (a lawful job, a warning, talk about it). */
const OFF_RECRUITING_GROUPS = ['legit', 'warning', 'meta', 'metareport'] as const;

/**
 * `chat-15`: a message of a two-person exchange that the model reads as a whole as a sale conversation gets `sale`,
 * when the rules gave it no context label and nothing in the exchange says otherwise:
 * - the message carries no own `sale`, `recruitment` or `training` (a recruiter's or curator's line is theirs; the
 *   model weighs job words against a sale, so a working chat with its recruiter or curator reads as none);
 * - no message of the episode refuses the trade or states a lawful employer's mark (`chat-8`'s groups);
 * - it is not a card or wallet posted as `payment` without naming an order (a shop's new requisites are payment's
 *   evidence; `Оплата заказа #4471: …` is the sale's), nor one of two or more `drop_report` lines of its author in the
 *   episode without an order (a courier's reports to the operator);
 * - the episode has two authors (`chat-20`: up to three for `sale`; `chat-27`: for `recruitment` too, `EPISODE_AUTHORS`), at least one message with
 *   lexicon evidence or coordinates (a repeat buyer's `есть?` … `скинул на ту же` … `там же, 42.85785, 74.53166` has no
 *   lexicon word; `chat-24`: or an author the export knows as a seller, `parties`; `chat-43`: or the model reads it at
 *   `SURE_WITHOUT_TRADE`), and one with an own label, a card or wallet, coordinates, or whose own probability of the label
 *   reaches the model's `minOwn` (friends' `салам, через час буду` … `скинь адрес` … `скинул, жду` is no sale, whatever
 *   its words weigh together); `chat-22`: for `sale`, without such a line the model must reach `SURE_WITHOUT_TRADE`
 *   and some line name an amount.
 * The reason names the episode's heaviest words; the refs are the messages that carry them.
 *
 * `chat-19`: the recruitment model's lines get `recruitment` on the same terms but for the trade line, with guards of
 * their own (measured in docs/labels.md, "Recruitment conversation model"):
 * - the message carries no own `sale`, `recruitment`, `training`, `payment` or `drop_report`, is no acknowledgement and
 *   no money talk (a team's payout: the sets label it `payment`); `chat-44`: a card or wallet posted in the exchange (a
 *   holder's card, a recruiter's requisites for the deposit) is read with it;
 * - no message of the episode has an own `sale` or `training` label, or lexicon evidence of a lawful job, a warning or
 *   talk about the trade (`legit`, `warning`, `meta`, `metareport`);
 * - some message of the episode has a hiring word (`RECRUITING_GROUPS`), and one is `recruitment` (own or from the
 *   rules) or leans to it (own probability ≥ `minOwn`); `chat-25`: or, with no such line, the model reads the exchange
 *   at `SURE_WITHOUT_LEAN` or more; `chat-41`: with no hiring word, the model reads it at `SURE_WITHOUT_HIRING` or
 *   more; and no line needs a lexicon word (model 7 reads letter n-grams, `messageNgrams`);
 * - `chat-26`: a refusal ends a recruitment episode before it instead of clearing it (the lines before it are lifted;
 *   a lawful employer's mark still clears it); `chat-39`: so does a warning or talk about the trade after the line;
 *   `chat-51`: and a refusal before the line starts the line's episode after it (the recruiter's `Думай. Предложение в
 *   силе` and a candidate's `сол жұмыс әлі бар ма?` after an earlier no are read with what follows them, not cut off
 *   by it); the refuser's own later lines only when they ask (coming back), not `заблокирую`;
 * - `chat-52`: a warning word in a line that asks (a candidate's `bu qonuniymi? qamalib ketsam …`, `Жол полициясы
 *   тексерсе ше?`) is the job seeker's risk question the convention labels, and neither clears nor ends the episode;
 * - `chat-27`: an episode of three authors needs the model at `SURE_IN_THREE`;
 * - `chat-28`: a `legit` word clears it only in a message with no hiring word (`Нужен водитель с машиной, 3000 за рейс`
 *   names a car as the job's; a taxi park's `аренда авто` with `нужны водители` is the conversation model's to weigh);
 *   `chat-53`: nor anywhere in an episode that holds an own `recruitment` line;
 * - `chat-54`: an offer refused at once is read with the refusal, which it does not lift.
 */
function conversationContext(
  messages: readonly LabelledChatMessage[],
  out: ContextLabel[][],
  model: CompiledConversationModel,
  options: LabelChatOptions,
  from: number,
  to: number,
  facts: MessageFacts,
  reader: EpisodeReader,
): void {
  const label = model.data.label;
  const recruiting = label === 'recruitment';
  const lexicon = options.lexicon ?? defaultLexicon();
  const labelModel = options.model === undefined ? defaultLabelModel() : options.model;
  const damping = options.damping ?? LABEL_CHAT_DEFAULTS.damping;
  const n = messages.length;
  // Per message, once and only when an episode needs it, shared by the models' passes: the lexicon evidence (null for
  // most lines of ordinary chat), the labels' own probabilities read from it; per model the weighed features.
  const { probs, shapes, places, warned } = facts;
  const { featsOf } = reader;
  const evOf = (j: number): LabelEvidence | null => factEvidence(messages, j, facts, lexicon);
  const probOf = (j: number): number => {
    let p = probs[j];
    if (p === undefined) {
      const e = evOf(j);
      p = e === null ? EMPTY_PROBS : evidenceProbabilities(e, lexicon, labelModel);
      probs[j] = p;
    }
    return p.get(label) ?? 0;
  };
  const marks: Array<boolean | undefined> = new Array(n);
  const tradeOf = (j: number): boolean =>
    (marks[j] ??=
      messages[j]!.labels.length > 0 || shapeOf(j).paymentId || placeOf(j) || probOf(j) >= model.data.minOwn);
  // Coordinates as the case extracts them (decimal, DMS, a map link), range-checked.
  const placeOf = (j: number): boolean =>
    (places[j] ??= extractIdentifiers(messages[j]!.text).some((x) => x.kind === 'coordinates'));
  const shapeOf = (j: number): MessageShape => (shapes[j] ??= messageShape(messages[j]!.text));
  const has = (j: number, l: MessageLabel): boolean => messages[j]!.labels.some((x) => x.label === l);
  // A warning read even where no label's rule can hold (`мошенники так и делают, нет`), once per message.
  const warnsOf = (j: number): boolean => (warned[j] ??= ownSides(messages[j]!, lexicon).warns);
  // The label's context lines before this pass (the rules' and an earlier model's): the lines this pass lifts lean on
  // nothing of their own.
  const before = out.map((cs) => cs.some((c) => c.label === label));
  const maxAuthors = EPISODE_AUTHORS[label] ?? 2;
  for (let i = Math.max(0, from); i < Math.min(n, to); i++) {
    const m = messages[i]!;
    if (!/\S/.test(m.text) || out[i]!.length > 0) continue;
    if (has(i, label) || has(i, 'recruitment') || has(i, 'training')) continue;
    if (recruiting) {
      if (has(i, 'sale') || has(i, 'payment') || has(i, 'drop_report')) continue;
      // `chat-44`: a card or wallet a candidate posts in the exchange (a holder's `mayli, karta raqami 6964 …`) is the
      // exchange's line too; an acknowledgement and money talk (a team's payout) are not.
      const sh = shapeOf(i);
      if (sh.ack || sh.money) continue;
    }
    // The episode: up to `window` messages either side, stopping at a gap longer than `maxGapHours`.
    let [lo, hi] = reader.bounds(i);
    let authors = distinctAuthors(messages, lo, hi, maxAuthors + 1);
    if (authors < 2 || authors > maxAuthors) continue;
    if (recruiting) {
      // `chat-26`: an offer turned down is still an offer. A recruitment episode ends before the first refusal after
      // the line (`нет, я в такое не лезу`), and the lines before it are read without it: the offer and the
      // candidate's `это законно?`. The refusal itself is never lifted here; the lines after it are read in the
      // episode it starts (`chat-51`, below). A lawful employer's mark anywhere in the window still clears it, and
      // the authors are counted again.
      let no = -1;
      // `chat-51`: the last refusal before the line.
      let last = -1;
      let lawful = false;
      for (let j = lo; j <= hi && !lawful; j++) {
        const sh = shapeOf(j);
        lawful = sh.legit;
        if (sh.refuse && j < i) last = j;
        else if (sh.refuse && no < 0) no = j;
        // `chat-39`: a warning or talk about the trade after the line ends the episode as a refusal does (a friend's
        // `bu kladchi do'kon-ku … qamaldi` after the offer leaves the offer an offer); at or before the line it still
        // clears it (below). `chat-52`: a warning asked about is a candidate's risk question, not a warning.
        if (no < 0 && j > i) {
          const g = evOf(j)?.groups;
          const talk = g !== undefined && (g.has('meta') || g.has('metareport'));
          if (talk || ((g?.has('warning') || warnsOf(j)) && !sh.ask)) no = j;
        }
      }
      if (lawful) continue;
      // `chat-51`: after a refusal the line's episode starts anew (the recruiter who insists, the candidate who comes
      // back); the refuser's own later lines count only when they ask (`ещё актуально?`), not `заблокирую`.
      if (last >= 0) {
        if (messages[last]!.from === m.from && !shapeOf(i).ask) continue;
        lo = last + 1;
        authors = distinctAuthors(messages, lo, hi, maxAuthors + 1);
        if (authors < 2 || authors > maxAuthors) continue;
      }
      if (no >= 0) {
        if (no === i) continue; // the line itself refuses
        // `chat-54`: an offer turned down at once (`Kofi said you need money. Упаковка, 20к в день…` — `no thanks`)
        // leaves nothing before the no but the offer itself: it is read with the no, which is not lifted here nor
        // counted as a refusal below.
        hi = no - 1 <= lo ? no : no - 1;
        authors = distinctAuthors(messages, lo, hi, maxAuthors + 1);
        if (authors < 2 || authors > maxAuthors) continue;
      }
    }
    // `chat-25`: a recruitment exchange with no line leaning to it needs the model surer (`SURE_WITHOUT_LEAN`).
    let unsure = false;
    // `chat-41`: no message of the recruitment exchange has a hiring word (`SURE_WITHOUT_HIRING`).
    let unhired = false;
    // `chat-23`: a known seller of the same export in a two-person exchange stands for the trade line; `chat-24`: and
    // for the live line (a regular's `есть?` … `в чт` … `скинул 6` to his dealer names no lexicon word at all).
    let seller: string | undefined;
    if (!recruiting && authors === 2 && options.parties)
      for (let j = lo; j <= hi && seller === undefined; j++) {
        const f = messages[j]!.from;
        if (f !== null && options.parties.has(f)) seller = f;
      }
    // `chat-41`: a recruitment exchange needs no lexicon word (its model reads the words themselves, and a hiring word
    // or the model's `SURE_WITHOUT_HIRING` is asked for below). `chat-43`: nor does a sale exchange the model is sure of
    // (`SURE_WITHOUT_TRADE`, below): a regular's `есть?` … `как обычно 2` … `скинул` … `камри, бардачок` names no word
    // of the lexicon.
    let live = recruiting;
    for (let j = lo; j <= hi && !live; j++) live = evOf(j) !== null || placeOf(j);
    // Some line of the exchange is the trade's by itself (any own label, a card or wallet, coordinates) or leans to the
    // label: friends' `салам, через час буду` … `скинь адрес` … `скинул, жду` is no sale, whatever its words weigh together.
    // `chat-22`: or, for `sale`, the model is sure of the exchange (`SURE_WITHOUT_TRADE`) and a line names an amount or a
    // quantity (a digit): a regular's `как обычно 2` … `10к, на ту же карту` … `скинул`, checked below.
    let trade = recruiting;
    for (let j = lo; j <= hi && !trade; j++) trade = tradeOf(j);
    const party = trade && live ? undefined : seller;
    if (party !== undefined) trade = true;
    if (!trade) {
      let amount = false;
      for (let j = lo; j <= hi && !amount; j++) amount = /\d/.test(messages[j]!.text);
      if (!amount) continue;
    }
    let refused = false;
    for (let j = lo; j <= hi && !refused; j++) {
      const sh = shapeOf(j);
      // `chat-36`: for `sale`, a refusal clears the lines of its author only: a wrong number's or a friend's `вы ошиблись
      // номером` leaves the buyer's `как обычно 2` … `скинул` … `адрес давай` the buyer's side (the convention's).
      refused =
        sh.legit ||
        (sh.refuse &&
          !(recruiting && j > i) &&
          (recruiting || m.from === null || messages[j]!.from === m.from));
    }
    if (refused) continue;
    if (recruiting) {
      // Cheapest first: own labels and the evidence already read, then probabilities, then the warning pass.
      let off = false;
      let hiring = false;
      // `chat-53`: nor does a lawful sense anywhere in an episode that holds an own `recruitment` line (a candidate
      // quoting the bank's warning about renting out cards, a team's `вывод через обменник` beside the offer).
      let offered = false;
      for (let j = lo; j <= hi && !offered; j++) offered = has(j, 'recruitment');
      for (let j = lo; j <= hi && !off; j++) {
        if (has(j, 'sale') || has(j, 'training')) off = true;
        const groups = evOf(j)?.groups;
        if (groups) {
          // `chat-28`: a lawful sense (`legit`: a car, bags, a rent, an account, a delivery) in a message that itself
          // names the job or the card (a hiring word) is the offer's own, not a lawful employer's mark.
          const hires = RECRUITING_GROUPS.some((g) => groups.has(g));
          for (const g of OFF_RECRUITING_GROUPS)
            if (
              groups.has(g) &&
              !(g === 'legit' && (hires || offered)) &&
              !(g === 'warning' && shapeOf(j).ask)
            )
              off = true;
          if (hires) hiring = true;
        }
      }
      if (off) continue;
      unhired = !hiring;
      let lean = false;
      for (let j = lo; j <= hi && !lean; j++) lean = has(j, label) || before[j]!;
      for (let j = lo; j <= hi && !lean; j++) lean = probOf(j) >= model.data.minOwn;
      unsure = !lean;
      // `chat-52`: a warning asked about (`а если полиция придёт?`) is the candidate's risk question.
      for (let j = lo; j <= hi && !off; j++) off = warnsOf(j) && !shapeOf(j).ask;
      if (off) continue;
    }
    // `chat-29`, read only for the lines that reached the model's gates (most lines of a chat never do).
    if (!recruiting && crewPaid(evOf(i))) continue;
    const own = shapeOf(i);
    if (!recruiting && !ORDER.test(m.text.toLowerCase())) {
      // A card or wallet line with its own `payment` is a standalone post of requisites (`новая карта для оплаты …`,
      // payment alone by the convention) unless it names the order (`chat-15`) or, `chat-48`, answers the other side:
      // a seller's card after his buyer's `одну. куда кидать?` is the order's requisites.
      if (own.paymentId && has(i, 'payment') && !(authors === 2 && answers(messages, lo, i))) continue;
      if (has(i, 'drop_report') && !has(i, 'payment')) {
        let reports = 0;
        for (let j = lo; j <= hi; j++) if (messages[j]!.from === m.from && has(j, 'drop_report')) reports++;
        if (reports >= CREW_REPORTS) continue;
      }
    }
    const p = reader.probability(lo, hi);
    if (recruiting && authors > 2 && p < SURE_IN_THREE) continue;
    if (unhired && p < SURE_WITHOUT_HIRING) continue;
    if (!live && seller === undefined && p < SURE_WITHOUT_TRADE) continue;
    if (p < (unsure ? SURE_WITHOUT_LEAN : trade ? model.data.threshold : SURE_WITHOUT_TRADE)) continue;
    // The heaviest features of the episode, the lexicon's terms and identifiers apart from plain words, and the
    // messages that carry them.
    const top = new Map<number, number>();
    for (let j = lo; j <= hi; j++)
      for (const k of featsOf(j)) if (model.weights[k]! > 0 && !top.has(k)) top.set(k, j);
    const byWeight = [...top.keys()].sort((a, b) => model.weights[b]! - model.weights[a]!);
    // A word is a stem (`s:`) or a letter n-gram (`ng:`, `chat-41`); either is shown as the word it came from
    // (`сал` → `салам`, `<кар` → `картаңды`), each word once.
    const isWord = (k: number) => /^(?:s|ng):/.test(model.names[k]!);
    const isTerm = (k: number) => /^[tpnx]:/.test(model.names[k]!);
    const wordOf = (k: number): string => {
      const name = model.names[k]!;
      const toks = foldText(messages[top.get(k)!]!.text);
      if (name.startsWith('ng:')) return ngramWord(toks, name) ?? name.slice(3);
      const stem = name.slice(2);
      return toks.find((t) => t.stem === stem)?.key ?? stem;
    };
    const terms = byWeight.filter(isTerm).slice(0, 3);
    const plain: number[] = [];
    const plainWords: string[] = [];
    for (const k of byWeight) {
      if (plain.length === 3) break;
      if (!isWord(k)) continue;
      const w = wordOf(k);
      if (plainWords.includes(w)) continue;
      plain.push(k);
      plainWords.push(w);
    }
    const refs = [...new Set([...terms, ...plain].map((k) => top.get(k)!))]
      .sort((a, b) => a - b)
      .map((j) => messages[j]!.id);
    const words = [
      ...(terms.length > 0 ? [`terms: ${terms.map((k) => featureWord(model, k)).join(', ')}`] : []),
      ...(plainWords.length > 0 ? [`words: ${plainWords.join(', ')}`] : []),
    ].join('; ');
    const ownScore = probOf(i);
    const score = 1 - (1 - damping * p) * (1 - ownScore);
    out[i]!.push({
      label,
      score: Math.round(score * 1000) / 1000,
      reason: `message in a ${authors === 2 ? 'two' : 'three'}-person exchange (messages ${messages[lo]!.id}–${messages[hi]!.id}) read as a whole as a ${label} conversation: ${p.toFixed(2)} (${words})${trade ? '' : `, with no line the trade's by itself (sure: ≥ ${SURE_WITHOUT_TRADE}, and an amount named)`}${party === undefined ? (live ? '' : '; no line of the exchange has a lexicon word') : partyReason(party, options, live)}; own score ${ownScore.toFixed(2)}`,
      refs,
    });
  }
}

/** `chat-23`: the reason's words for a known seller standing for the trade line (`chat-24`: and for the live line). */
function partyReason(from: string, options: LabelChatOptions, live: boolean): string {
  const p = options.parties!.get(from)!;
  return `, with ${from} known as a seller in this ${options.partiesScope ?? 'export'}: ${partyWhere(p, 'sale', options.chatId)}${live ? '' : '; no line of the exchange has a lexicon word'}`;
}

/** A known party's own messages of `label`, counted, and the first three of them in chats other than `chatId`. */
function partyWhere(p: TradeParty, label: MessageLabel, chatId: string | undefined): string {
  const elsewhere = p.refs.filter((r) => r.chat !== chatId).slice(0, 3);
  return `${p.count} own ${label} messages in ${p.chats} chats (${elsewhere.map((r) => `${r.chat} #${r.id}`).join(', ')})`;
}

/**
 * `chat-38`: the own `recruitment` probability at which a line of a known recruiter gets `recruitment` from the chat
 * context (`recruiterContext`), below the label model's own threshold (0.7). Measured (docs/labels.md, "Twenty-third
 * session", the recruiters counted per set as one export): on 193 … 215 +18 right rows / +5 wrong, on 151 … 191 +26 /
 * +15, on the older sets +59 / +25; at 0.4 +23 / +11, +45 / +22, +99 / +62.
 */
export const RECRUITER_MIN_OWN = 0.5;

/**
 * `chat-38`: a recruiter's line that leans to `recruitment` without reaching it (`RECRUITER_MIN_OWN` ≤ own probability
 * < the model's threshold): a known recruiter is an author with own `recruitment` messages in two or more chats of the
 * export or the case (`TradePartyCounter('recruitment')`, as `parties` are for `sale`), and his `бачаҳо кор ҳаст, рӯзе
 * 100-200 сомонӣ …` (0.47 by its words alone) or `за каждого приведённого …` is the offer he makes elsewhere. Null when
 * the line does not lean so. The caller gives only lines with no `recruitment` label of their own or from the chat;
 * `chatId` leaves this chat's messages out of the ones the reason names.
 */
export function recruiterContext(
  text: string,
  from: string,
  party: TradeParty,
  options: {
    scope?: 'export' | 'case';
    chatId?: string;
    lexicon?: CompiledLexicon;
    model?: CompiledLabelModel | null;
  } = {},
): ContextLabel | null {
  const lexicon = options.lexicon ?? defaultLexicon();
  const model = options.model === undefined ? defaultLabelModel() : options.model;
  const p = labelProbabilities(text, lexicon, undefined, model).get('recruitment') ?? 0;
  if (p < RECRUITER_MIN_OWN) return null;
  return {
    label: 'recruitment',
    score: Math.round(p * 1000) / 1000,
    reason: `message by ${from}, known as a recruiter in this ${options.scope ?? 'export'}: ${partyWhere(party, 'recruitment', options.chatId)}; own score ${p.toFixed(2)} (≥ ${RECRUITER_MIN_OWN})`,
    refs: [],
  };
}

/** `chat-47`: a known trade party who writes in a chat (`partyLineContext`): the author and what he is known as. */
export interface ChatParty {
  from: string;
  /** `sale`: a seller; `recruitment`: a recruiter (`TradePartyCounter` of that label). */
  label: MessageLabel;
  party: TradeParty;
}

/**
 * `chat-47`: the known party of a chat: of its authors known as sellers or recruiters, the one with the most messages
 * in it (a seller before a recruiter, then the lower author id, when as many); undefined when none writes in it.
 */
export function chatParty(
  chat: ReadonlyArray<{ from: string | null }>,
  sellers: ReadonlyMap<string, TradeParty> | null,
  recruiters: ReadonlyMap<string, TradeParty> | null | undefined,
): ChatParty | undefined {
  const counts = new Map<string, number>();
  for (const r of chat) if (r.from !== null) counts.set(r.from, (counts.get(r.from) ?? 0) + 1);
  let best: { party: ChatParty; n: number } | undefined;
  for (const [from, n] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    for (const [label, map] of [
      ['sale', sellers],
      ['recruitment', recruiters],
    ] as const) {
      const party = map?.get(from);
      if (party && (!best || n > best.n || (n === best.n && label === 'sale' && best.party.label !== 'sale')))
        best = { party: { from, label, party }, n };
    }
  return best?.party;
}

/** `chat-47`: the line models read in a known party's chats, with no own trade line near (`partyLineContext`). */
export const PARTY_LINE_LABELS: readonly LineLabel[] = ['training', 'drop_report'];

/**
 * `chat-47`: the line model's probability a line of a known party's chat needs, over the model's own threshold (0.6):
 * with no trade line near, the line is read on its own words. On tgspam ham read as a party's chat, 24 of 438 lines got
 * `training` at 0.6 with no lexicon word; with one asked for (below) and 0.7, 5 (ordinary chats: 1 of 1,257).
 */
export const PARTY_LINE_MIN = 0.7;

/**
 * `chat-47`: a line of a chat in which a known seller or recruiter writes (an author with own `sale` or `recruitment`
 * messages in two or more chats of the export or the case, `TradePartyCounter`; `chatParty`) gets `training` or
 * `drop_report` when that label's line model reads it so at `PARTY_LINE_MIN`, with no own trade line near (`chat-46`
 * needs one), and the line has a word of the lexicon (evidence): the curator's `телефон рабочий отдельно, переписку
 * чисти` and the courier's `сделал 5, фото у бота` in a chat of a man the export knows. `payment` is not read so: money
 * talk in such a chat is as often the party's household's (measured, docs/labels.md "Twenty-fifth session"). `has`:
 * the labels the line has already, own or from its chat; `features`: the message's (a validated card or wallet, as
 * the labeller weighs it). Empty when no model reads the line so.
 */
export function partyLineContext(
  text: string,
  has: ReadonlySet<MessageLabel>,
  party: ChatParty,
  options: {
    scope?: 'export' | 'case';
    chatId?: string;
    lexicon?: CompiledLexicon;
    lineModels?: LabelChatOptions['lineModels'];
    features?: LabelFeatures;
  } = {},
): ContextLabel[] {
  const lexicon = options.lexicon ?? defaultLexicon();
  const models = lineModelsOf({
    lexicon,
    ...(options.lineModels ? { lineModels: options.lineModels } : {}),
  }).filter((m) => PARTY_LINE_LABELS.includes(m.data.label as LineLabel) && !has.has(m.data.label));
  if (models.length === 0 || !/\S/.test(text)) return [];
  const evidence = collectEvidence(text, lexicon, options.features);
  if (evidence === null) return [];
  const known = `${party.from} writes, known as ${party.label === 'sale' ? 'a seller' : 'a recruiter'} in this ${options.scope ?? 'export'}: ${partyWhere(party.party, party.label, options.chatId)}`;
  return readLine(models, text, messageShape(text), evidence, PARTY_LINE_MIN).map((r) => ({
    label: r.label,
    score: Math.round(LABEL_CHAT_DEFAULTS.damping * r.p * 1000) / 1000,
    reason: `a line of a chat in which ${known}; ${r.reads}`,
    refs: [],
  }));
}

/**
 * Of a message both labels would lift, whether `a` beats `b`: the label the message leans to itself, when it
 * leans (own probability ≥ `minOwn`); else the label with more anchors in the window (a job seeker's `какого
 * магазина` in a recruiter's DM where one of the recruiter's posts also names the shop); else recruitment.
 */
function prefers(a: ContextCandidate, b: ContextCandidate, minOwn: number): boolean {
  // In a group, the thread the message's own reply links reach beats one an answer alone puts it in (a courier's
  // `дать ему бота?` under a recruiter's call, answered by a line the model reads as `sale`).
  if (a.inThread && b.inThread && a.chained !== b.chained) return a.chained;
  if (Math.max(a.ownScore, b.ownScore) >= minOwn && a.ownScore !== b.ownScore) return a.ownScore > b.ownScore;
  if (a.same !== b.same) return a.same > b.same;
  return a.label === 'recruitment';
}

function contextReason(messages: readonly LabelledChatMessage[], c: ContextCandidate): string {
  const m = messages[c.index]!;
  // The five nearest anchors, named in the chat's order (the label's `refs` keep them nearest first).
  const refs = [...c.anchors.slice(0, 5)].sort((a, b) => a - b).map((j) => messages[j]!.id);
  const more = c.anchors.length > 5 ? ` and ${c.anchors.length - 5} more` : '';
  const others = [...new Set(c.anchors.map((j) => messages[j]!.from).filter((f) => f !== m.from))];
  const who =
    others.length === 0
      ? 'the same author'
      : others.length === 1
        ? (others[0] ?? 'the channel')
        : `${others.length} other authors`;
  const where =
    c.participants === 1 ? 'a channel' : c.participants === 2 ? 'a two-person chat' : 'a group chat';
  const rel = c.replyAnchor ? 'reply' : c.inThread ? 'reply in a thread' : 'message';
  if (c.refusesOffer)
    return (
      `a candidate's no in a two-person chat to the job ${who} offered: messages ${refs.join(', ')}${more}` +
      `; own score ${c.ownScore.toFixed(2)}`
    );
  return (
    `${rel} in ${where} where ${who} posted ${c.label} evidence: messages ${refs.join(', ')}${more}` +
    `; own score ${c.ownScore.toFixed(2)}`
  );
}

/** Acknowledgement words of every language: thanks/ok and waiting/received/later are read alike. */
const ACK = new Set([...termWords(CHAT_TERMS.acknowledgement), ...termWords(CHAT_TERMS.waiting)]);
const ADDRESS = new Set(termWords(CHAT_TERMS.address));
const ACK_PREFIX = new RegExp(`^(?:${termWords(CHAT_TERMS.acknowledgementPrefixes).join('|')})`, 'u');

export interface MessageShape {
  ask: boolean;
  ack: boolean;
  paymentId: boolean;
  refuse: boolean;
  suspect: boolean;
  /** Carries a lawful employer's mark, not denied (`chat-8`). */
  legit: boolean;
  /** The trade's internal money talk: a percentage, a cash withdrawal, cash, an ATM (`chat-9`). */
  money: boolean;
  /** States interest in a post (`+`, `интересно`, `direct yozdim`, `I'm in`; `chat-33`). */
  interest: boolean;
}

// Letters of the case's languages (a word edge that `\b` does not see in Cyrillic).
const L = "\\p{L}\\p{N}'ʻ‘’";
/** One pattern from a phrase group's fragments, matched between non-letters. */
function phrasePattern(group: TermGroup): RegExp {
  return new RegExp(`(?<![${L}])(?:${termWords(group).join('|')})(?![${L}])`, 'u');
}
const REFUSE = phrasePattern(CHAT_TERMS.refusal);
const SUSPECT = phrasePattern(CHAT_TERMS.suspicion);
const ILLEGAL = phrasePattern(CHAT_TERMS.illegality);
const UNWILLING = phrasePattern(CHAT_TERMS.unwilling);
const NO = phrasePattern(CHAT_TERMS.no);
const DETER = phrasePattern(CHAT_TERMS.deterrence);
const LEGIT = phrasePattern(CHAT_TERMS.legitimacy);
const LEGIT_DENIED = phrasePattern(CHAT_TERMS.legitimacyDenied);
const MONEY = phrasePattern(CHAT_TERMS.moneySide);
const ORDER = phrasePattern(CHAT_TERMS.order);
const INTEREST = phrasePattern(CHAT_TERMS.interest);

export function messageShape(text: string): MessageShape {
  const t = text.trim();
  const words = t
    .toLowerCase()
    .replace(/[\s!.,)(:;\-–—]+|\u2764\uFE0F?|🙂|😊/gu, ' ')
    .split(' ')
    .filter((w) => w !== '');
  // Every word an acknowledgement, a waiting or received word, an address (`брат`) or an emoji, and one of the
  // first two: `рахмет, күтем`, `пришло 👍`, `спасиб`, `ок жду`, `keyin yozaman`.
  let one = false;
  const ack =
    words.every((w) => {
      if (ACK.has(w) || ACK_PREFIX.test(w)) return (one = true);
      return ADDRESS.has(w) || /^\p{Extended_Pictographic}+$/u.test(w);
    }) && one;
  const lower = t.toLowerCase();
  const ask = t.includes('?');
  return {
    ask,
    ack,
    paymentId: CARD_OR_WALLET.test(t),
    // A no next to a statement that it is illegal or a crime, or next to an I won't, refuses too (`Йўқ, мен
    // розимас. Бу ноқонуний`, `нет, не буду`); asked, it is a job seeker's risk question (`а это законно?`, `это же
    // не уголовка?`), which the convention keeps.
    // A warning of prison or deportation, a don't-do-it, a moderator's removal (`chat-8`) refuses too, unless the line
    // ends in a question (a job seeker's `а если посадят?`).
    refuse:
      REFUSE.test(lower) ||
      (!ask && NO.test(lower) && (ILLEGAL.test(lower) || UNWILLING.test(lower))) ||
      (!/\?\s*$/u.test(t) && DETER.test(lower)),
    suspect: SUSPECT.test(lower),
    legit: LEGIT.test(lower) && !LEGIT_DENIED.test(lower),
    money: MONEY.test(lower),
    // `chat-33`: a bare `+` (a reply to a post) or a stated interest.
    interest: /^\+(?:\s|$)/u.test(t) || INTEREST.test(lower),
  };
}
