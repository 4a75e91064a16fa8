/**
 * The Russian wording of a context label's reason (docs/labels.md, "Chat context"). The labeller builds the reason in
 * English (label-chat.ts: `contextReason`, the conversation models' `partyReason` / `partyWhere`, the card and line
 * models' reasons, `recruiterContext`, `partyLineContext`; the services' case-level pass calls the same functions with
 * the scope `case`), and the store, the API and the exports keep it so. The web shows it in the UI's language: this
 * parses the English reason into its parts (`parseContextReason`) and writes them in Russian (`contextReasonRu`).
 * `contextReasonEn` writes the parts back in English, byte for byte the labeller's text (context-reason-ru.test.ts holds
 * every reason of the dev sets to that).
 *
 * What came from the evidence or the lexicon stays as it was: author and chat ids, message ids, the lexicon's terms and
 * the words of the messages (only the three phrases the code writes for its own marks, `card or wallet`, `phone number`
 * and `money talk`, are translated). A reason no template knows stays in English as a whole (never half translated).
 */
import { MESSAGE_LABELS, type MessageLabel } from '../model/tables.ts';
import { pluralRu } from '../report/reason-ru.ts';

/** Who posted the anchors (`contextReason`'s `who`). */
export type ReasonWho =
  | { kind: 'same' }
  | { kind: 'channel' }
  | { kind: 'others'; n: string }
  | { kind: 'author'; id: string };

/** A party known across an export or a case (`partyWhere`): his own messages of a label, counted, and where. */
export interface ReasonParty {
  count: string;
  label: MessageLabel;
  chats: string;
  /** `chat #id, …` as the labeller wrote it (ids from the evidence). */
  where: string;
}

export type LineRead = 'payment' | 'training' | 'drop_report';

/** What a line model read (`readLine`). */
export interface ReasonLineRead {
  reads: LineRead;
  model: MessageLabel;
  p: string;
  /** The line's words, or undefined when the model named none. */
  words?: string[];
}

/** The anchors of a chat of the trade (`named` in `chatContext`'s card and line reasons). */
export interface ReasonAnchors {
  ids: string;
  labels: MessageLabel[];
}

export type ParsedContextReason =
  | {
      kind: 'chat';
      rel: 'message' | 'reply' | 'thread';
      where: 'channel' | 'two' | 'group';
      who: ReasonWho;
      label: MessageLabel;
      refs: string;
      more?: string;
      own: string;
    }
  | { kind: 'refusal'; who: ReasonWho; refs: string; more?: string; own: string }
  | {
      kind: 'conversation';
      authors: 'two' | 'three';
      from: string;
      to: string;
      label: MessageLabel;
      p: string;
      terms?: string[];
      words?: string[];
      /** `sure: ≥ …` when no line of the exchange is the trade's by itself. */
      noTrade?: string;
      /** A known seller standing for the trade line (`partyReason`). */
      seller?: { from: string; scope: 'export' | 'case'; party: ReasonParty };
      noLexicon: boolean;
      own: string;
    }
  | {
      kind: 'recruiter';
      from: string;
      scope: 'export' | 'case';
      party: ReasonParty;
      own: string;
      min: string;
    }
  | { kind: 'card'; valid: boolean; anchors: ReasonAnchors }
  | { kind: 'line'; anchors: ReasonAnchors; read: ReasonLineRead }
  | {
      kind: 'partyLine';
      from: string;
      as: 'sale' | 'recruitment';
      scope: 'export' | 'case';
      party: ReasonParty;
      read: ReasonLineRead;
    };

export type ContextReasonKind = ParsedContextReason['kind'];

/** Every kind of reason the labeller builds (the tests check each is met on the dev sets or the case-level pass). */
export const CONTEXT_REASON_KINDS: readonly ContextReasonKind[] = [
  'chat',
  'refusal',
  'conversation',
  'recruiter',
  'card',
  'line',
  'partyLine',
];

// --- English, as label-chat.ts writes it ---

const NUM = String.raw`\d+\.\d+`;
const LIMIT = String.raw`\d+(?:\.\d+)?`;
const REL_EN = { message: 'message', reply: 'reply', thread: 'reply in a thread' } as const;
const WHERE_EN = { channel: 'a channel', two: 'a two-person chat', group: 'a group chat' } as const;
const READS_EN: Record<LineRead, string> = {
  payment: 'its money talk',
  training: 'its teaching',
  drop_report: 'a report of placed stashes',
};
const NO_LEXICON = '; no line of the exchange has a lexicon word';
const PARTY_EN = String.raw`(\d+) own (\w+) messages in (\d+) chats \((.*?)\)`;
const READ_EN = String.raw`read as (its money talk|its teaching|a report of placed stashes) by the (\w+) line model: (${NUM})(?: \(words: (.*?)\))?`;

const CHAT_RE = new RegExp(
  String.raw`^(message|reply|reply in a thread) in (a channel|a two-person chat|a group chat) where (.+) posted (\w+) evidence: messages (.+?)(?: and (\d+) more)?; own score (${NUM})$`,
  'su',
);
const REFUSAL_RE = new RegExp(
  String.raw`^a candidate's no in a two-person chat to the job (.+) offered: messages (.+?)(?: and (\d+) more)?; own score (${NUM})$`,
  'su',
);
const CONVERSATION_RE = new RegExp(
  String.raw`^message in a (two|three)-person exchange \(messages (.+?)–(.+?)\) read as a whole as a (\w+) conversation: (${NUM}) \((.*?)\)` +
    String.raw`(?:, with no line the trade's by itself \(sure: ≥ (${LIMIT}), and an amount named\))?` +
    `(?:, with (.+) known as a seller in this (export|case): ${PARTY_EN})?` +
    `(; no line of the exchange has a lexicon word)?; own score (${NUM})$`,
  'su',
);
const RECRUITER_RE = new RegExp(
  String.raw`^message by (.+), known as a recruiter in this (export|case): ${PARTY_EN}; own score (${NUM}) \(≥ (${LIMIT})\)$`,
  'su',
);
const CARD_RE =
  /^(a card or wallet that passes its checksum|a number written as a card or wallet \(its checksum fails: no identifier\)), posted in a chat whose messages (.+) are the trade's \(own ([\w, ]+)\)$/su;
const LINE_RE = new RegExp(
  String.raw`^a line of a chat whose messages (.+?) are the trade's \(own ([\w, ]+)\), ${READ_EN}$`,
  'su',
);
const PARTY_LINE_RE = new RegExp(
  `^a line of a chat in which (.+) writes, known as (a seller|a recruiter) in this (export|case): ${PARTY_EN}; ${READ_EN}$`,
  'su',
);

const isLabel = (s: string | undefined): s is MessageLabel =>
  s !== undefined && (MESSAGE_LABELS as readonly string[]).includes(s);

function whoOf(s: string): ReasonWho {
  if (s === 'the same author') return { kind: 'same' };
  if (s === 'the channel') return { kind: 'channel' };
  const m = /^(\d+) other authors$/.exec(s);
  if (m) return { kind: 'others', n: m[1]! };
  return { kind: 'author', id: s };
}

function whoEn(w: ReasonWho): string {
  switch (w.kind) {
    case 'same':
      return 'the same author';
    case 'channel':
      return 'the channel';
    case 'others':
      return `${w.n} other authors`;
    case 'author':
      return w.id;
  }
}

function partyOf(count: string, label: string, chats: string, where: string): ReasonParty | null {
  return isLabel(label) ? { count, label, chats, where } : null;
}

function anchorsOf(ids: string, labels: string): ReasonAnchors | null {
  const list = labels.split(', ');
  return list.every(isLabel) ? { ids, labels: list } : null;
}

function readOf(reads: string, model: string, p: string, words: string | undefined): ReasonLineRead | null {
  const kind = (Object.keys(READS_EN) as LineRead[]).find((k) => READS_EN[k] === reads);
  if (!kind || !isLabel(model)) return null;
  return { reads: kind, model, p, ...(words === undefined ? {} : { words: words.split(', ') }) };
}

/** The conversation model's `terms: …; words: …` (either may be missing); null when it is not so built. */
function modelWords(s: string): { terms?: string[]; words?: string[] } | null {
  let rest = s;
  let terms: string | undefined;
  let words: string | undefined;
  if (rest.startsWith('terms: ')) {
    const k = rest.indexOf('; words: ');
    terms = rest.slice('terms: '.length, k < 0 ? undefined : k);
    rest = k < 0 ? '' : rest.slice(k + 2);
  }
  if (rest.startsWith('words: ')) {
    words = rest.slice('words: '.length);
    rest = '';
  }
  if (rest !== '') return null;
  return {
    ...(terms === undefined ? {} : { terms: terms.split(', ') }),
    ...(words === undefined ? {} : { words: words.split(', ') }),
  };
}

/** The parts of a context label's English reason; null when no template of the labeller builds it. */
export function parseContextReason(reason: string): ParsedContextReason | null {
  const parsed = parseOnce(reason);
  // Only a parse that writes the very text back (the ids and words from the evidence could mimic a template's words).
  return parsed && contextReasonEn(parsed) === reason ? parsed : null;
}

function parseOnce(reason: string): ParsedContextReason | null {
  let m = CHAT_RE.exec(reason);
  if (m) {
    const [, rel, where, who, label, refs, more, own] = m;
    if (!isLabel(label)) return null;
    return {
      kind: 'chat',
      rel: rel === 'message' ? 'message' : rel === 'reply' ? 'reply' : 'thread',
      where: where === 'a channel' ? 'channel' : where === 'a two-person chat' ? 'two' : 'group',
      who: whoOf(who!),
      label,
      refs: refs!,
      ...(more === undefined ? {} : { more }),
      own: own!,
    };
  }
  m = REFUSAL_RE.exec(reason);
  if (m) {
    const [, who, refs, more, own] = m;
    return {
      kind: 'refusal',
      who: whoOf(who!),
      refs: refs!,
      ...(more === undefined ? {} : { more }),
      own: own!,
    };
  }
  m = CONVERSATION_RE.exec(reason);
  if (m) {
    const [
      ,
      authors,
      from,
      to,
      label,
      p,
      inner,
      noTrade,
      seller,
      scope,
      count,
      pl,
      chats,
      where,
      noLex,
      own,
    ] = m;
    const words = modelWords(inner!);
    if (!isLabel(label) || !words) return null;
    let party: ReasonParty | null = null;
    if (seller !== undefined) {
      party = partyOf(count!, pl!, chats!, where!);
      if (!party) return null;
    }
    return {
      kind: 'conversation',
      authors: authors === 'two' ? 'two' : 'three',
      from: from!,
      to: to!,
      label,
      p: p!,
      ...words,
      ...(noTrade === undefined ? {} : { noTrade }),
      ...(seller === undefined || !party
        ? {}
        : { seller: { from: seller, scope: scope === 'case' ? 'case' : 'export', party } }),
      noLexicon: noLex !== undefined,
      own: own!,
    };
  }
  m = RECRUITER_RE.exec(reason);
  if (m) {
    const [, from, scope, count, label, chats, where, own, min] = m;
    const party = partyOf(count!, label!, chats!, where!);
    if (!party) return null;
    return {
      kind: 'recruiter',
      from: from!,
      scope: scope === 'case' ? 'case' : 'export',
      party,
      own: own!,
      min: min!,
    };
  }
  m = CARD_RE.exec(reason);
  if (m) {
    const [, what, ids, labels] = m;
    const anchors = anchorsOf(ids!, labels!);
    if (!anchors) return null;
    return { kind: 'card', valid: what!.startsWith('a card'), anchors };
  }
  m = LINE_RE.exec(reason);
  if (m) {
    const [, ids, labels, reads, model, p, words] = m;
    const anchors = anchorsOf(ids!, labels!);
    const read = readOf(reads!, model!, p!, words);
    if (!anchors || !read) return null;
    return { kind: 'line', anchors, read };
  }
  m = PARTY_LINE_RE.exec(reason);
  if (m) {
    const [, from, known, scope, count, label, chats, where, reads, model, p, words] = m;
    const party = partyOf(count!, label!, chats!, where!);
    const read = readOf(reads!, model!, p!, words);
    if (!party || !read) return null;
    return {
      kind: 'partyLine',
      from: from!,
      as: known === 'a seller' ? 'sale' : 'recruitment',
      scope: scope === 'case' ? 'case' : 'export',
      party,
      read,
    };
  }
  return null;
}

const partyEn = (p: ReasonParty) => `${p.count} own ${p.label} messages in ${p.chats} chats (${p.where})`;
const readEn = (r: ReasonLineRead) =>
  `read as ${READS_EN[r.reads]} by the ${r.model} line model: ${r.p}${r.words ? ` (words: ${r.words.join(', ')})` : ''}`;
const anchorsEn = (a: ReasonAnchors) => `messages ${a.ids} are the trade's (own ${a.labels.join(', ')})`;
const moreEn = (more: string | undefined) => (more === undefined ? '' : ` and ${more} more`);

/** The parts written back as label-chat.ts writes them. */
export function contextReasonEn(r: ParsedContextReason): string {
  switch (r.kind) {
    case 'chat':
      return `${REL_EN[r.rel]} in ${WHERE_EN[r.where]} where ${whoEn(r.who)} posted ${r.label} evidence: messages ${r.refs}${moreEn(r.more)}; own score ${r.own}`;
    case 'refusal':
      return `a candidate's no in a two-person chat to the job ${whoEn(r.who)} offered: messages ${r.refs}${moreEn(r.more)}; own score ${r.own}`;
    case 'conversation': {
      const words = [
        ...(r.terms ? [`terms: ${r.terms.join(', ')}`] : []),
        ...(r.words ? [`words: ${r.words.join(', ')}`] : []),
      ].join('; ');
      return (
        `message in a ${r.authors}-person exchange (messages ${r.from}–${r.to}) read as a whole as a ${r.label} conversation: ${r.p} (${words})` +
        (r.noTrade === undefined
          ? ''
          : `, with no line the trade's by itself (sure: ≥ ${r.noTrade}, and an amount named)`) +
        (r.seller
          ? `, with ${r.seller.from} known as a seller in this ${r.seller.scope}: ${partyEn(r.seller.party)}`
          : '') +
        (r.noLexicon ? NO_LEXICON : '') +
        `; own score ${r.own}`
      );
    }
    case 'recruiter':
      return `message by ${r.from}, known as a recruiter in this ${r.scope}: ${partyEn(r.party)}; own score ${r.own} (≥ ${r.min})`;
    case 'card':
      return `${r.valid ? 'a card or wallet that passes its checksum' : 'a number written as a card or wallet (its checksum fails: no identifier)'}, posted in a chat whose ${anchorsEn(r.anchors)}`;
    case 'line':
      return `a line of a chat whose ${anchorsEn(r.anchors)}, ${readEn(r.read)}`;
    case 'partyLine':
      return `a line of a chat in which ${r.from} writes, known as ${r.as === 'sale' ? 'a seller' : 'a recruiter'} in this ${r.scope}: ${partyEn(r.party)}; ${readEn(r.read)}`;
  }
}

// --- Russian ---

/** The labels as the Russian UI names them (packages/web/src/i18n.tsx, `ROLE_NAMES.ru`; a web test keeps them equal). */
export const LABEL_NAMES_RU: Record<MessageLabel, string> = {
  sale: 'продажа',
  recruitment: 'вербовка',
  training: 'обучение',
  payment: 'оплата',
  drop_report: 'отчёт о закладке',
};
/** `признаки продажи`. */
const LABEL_GENITIVE: Record<MessageLabel, string> = {
  sale: 'продажи',
  recruitment: 'вербовки',
  training: 'обучения',
  payment: 'оплаты',
  drop_report: 'отчёта о закладке',
};
/** `разговор о продаже`. */
const LABEL_ABOUT: Record<MessageLabel, string> = {
  sale: 'о продаже',
  recruitment: 'о вербовке',
  training: 'об обучении',
  payment: 'об оплате',
  drop_report: 'об отчёте о закладке',
};
const READS_RU: Record<LineRead, string> = {
  payment: 'разговор о деньгах торговли',
  training: 'инструктаж торговли',
  drop_report: 'отчёт о сделанных закладках',
};
const SCOPE_RU = { export: 'в этой выгрузке', case: 'в этом деле' } as const;
/** The phrases the code writes for its own marks among the model's terms and words (`featureWord`). */
const MARKS_RU: Record<string, string> = {
  'card or wallet': 'карта или кошелёк',
  'phone number': 'номер телефона',
  'money talk': 'разговор о деньгах',
};

/** `0.59` → `0,59`. */
const num = (s: string) => s.replace('.', ',');
const label = (l: MessageLabel) => `«${LABEL_NAMES_RU[l]}»`;
const list = (items: readonly string[]) => items.map((w) => MARKS_RU[w] ?? w).join(', ');

/** `сообщения 1, 5, 8 и ещё 3` (`сообщение 1` for one). */
function messagesRu(refs: string, more: string | undefined): string {
  const one = more === undefined && !refs.includes(', ');
  return `${one ? 'сообщение' : 'сообщения'} ${refs}${more === undefined ? '' : ` и ещё ${more}`}`;
}

/** Who did it and the verb's form: `u14` `публиковал`, `2 других автора` `публиковали`. */
function whoRu(w: ReasonWho, verb: readonly [string, string]): [string, string] {
  switch (w.kind) {
    case 'same':
      return ['этот же автор', verb[0]];
    case 'channel':
      return ['канал', verb[0]];
    case 'others': {
      const n = Number(w.n);
      return [
        `${w.n} ${pluralRu(n, 'другой автор', 'других автора', 'других авторов')}`,
        pluralRu(n, verb[0], verb[1], verb[1]),
      ];
    }
    case 'author':
      return [w.id, verb[0]];
  }
}

/** `10 сообщений с собственной меткой «вербовка» в 5 чатах (c03 #1, …)`. */
function partyRu(p: ReasonParty): string {
  const n = Number(p.count);
  const c = Number(p.chats);
  return `${p.count} ${pluralRu(n, 'сообщение', 'сообщения', 'сообщений')} с собственной меткой ${label(p.label)} в ${p.chats} ${pluralRu(c, 'чате', 'чатах', 'чатах')} (${p.where})`;
}

/** `где к торговле относятся сообщения 3, 1 (по собственным меткам: вербовка)`. */
function anchorsRu(a: ReasonAnchors): string {
  const one = !a.ids.includes(', ');
  return `где к торговле ${one ? 'относится сообщение' : 'относятся сообщения'} ${a.ids} (по собственным меткам: ${a.labels.map((l) => LABEL_NAMES_RU[l]).join(', ')})`;
}

/** `модель отдельных сообщений «оплата» читает его как разговор о деньгах торговли: 0,81 (слова: …)`. */
function readRu(r: ReasonLineRead): string {
  return `модель отдельных сообщений ${label(r.model)} читает его как ${READS_RU[r.reads]}: ${num(r.p)}${r.words ? ` (слова: ${list(r.words)})` : ''}`;
}

/** The parts written in Russian. */
export function renderContextReasonRu(r: ParsedContextReason): string {
  switch (r.kind) {
    case 'chat': {
      const rel =
        r.rel === 'message' ? 'сообщение' : r.rel === 'reply' ? 'ответ' : 'ответ в ветке обсуждения';
      const where =
        r.where === 'channel' ? 'в канале' : r.where === 'two' ? 'в личной переписке' : 'в групповом чате';
      const [who, verb] = whoRu(r.who, ['публиковал', 'публиковали']);
      return `${rel} ${where}, где ${who} ${verb} признаки ${LABEL_GENITIVE[r.label]}: ${messagesRu(r.refs, r.more)}; собственная оценка ${num(r.own)}`;
    }
    case 'refusal': {
      const [who, verb] = whoRu(r.who, ['предлагал', 'предлагали']);
      return `отказ кандидата в личной переписке от работы, которую ${verb} ${who}: ${messagesRu(r.refs, r.more)}; собственная оценка ${num(r.own)}`;
    }
    case 'conversation': {
      const words = [
        ...(r.terms ? [`термины: ${list(r.terms)}`] : []),
        ...(r.words ? [`слова: ${list(r.words)}`] : []),
      ].join('; ');
      return (
        `сообщение в переписке ${r.authors === 'two' ? 'двух' : 'трёх'} человек (сообщения ${r.from}–${r.to}), прочитанной целиком как разговор ${LABEL_ABOUT[r.label]}: ${num(r.p)} (${words})` +
        (r.noTrade === undefined
          ? ''
          : `, хотя ни одна строка сама по себе не относится к торговле (нужны уверенность ≥ ${num(r.noTrade)} и названная сумма)`) +
        (r.seller
          ? `, при этом ${r.seller.from} известен ${SCOPE_RU[r.seller.scope]} как продавец: ${partyRu(r.seller.party)}`
          : '') +
        (r.noLexicon ? '; ни в одной строке переписки нет слова из словаря' : '') +
        `; собственная оценка ${num(r.own)}`
      );
    }
    case 'recruiter':
      return `сообщение автора ${r.from}, известного ${SCOPE_RU[r.scope]} как вербовщик: ${partyRu(r.party)}; собственная оценка ${num(r.own)} (≥ ${num(r.min)})`;
    case 'card':
      return `${r.valid ? 'карта или кошелёк с верной контрольной суммой' : 'номер, записанный как карта или кошелёк (контрольная сумма не сходится: это не идентификатор)'} в чате, ${anchorsRu(r.anchors)}`;
    case 'line':
      return `сообщение в чате, ${anchorsRu(r.anchors)}; ${readRu(r.read)}`;
    case 'partyLine':
      return `сообщение в чате, в котором пишет ${r.from}, известный ${SCOPE_RU[r.scope]} как ${r.as === 'sale' ? 'продавец' : 'вербовщик'}: ${partyRu(r.party)}; ${readRu(r.read)}`;
  }
}

/**
 * A context label's reason in Russian; the English text unchanged when no template of the labeller builds it (a
 * reason of a later labeller, or a stored one of an older).
 */
export function contextReasonRu(reason: string): string {
  const parsed = parseContextReason(reason);
  return parsed ? renderContextReasonRu(parsed) : reason;
}
