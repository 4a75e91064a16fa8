import type { MessageLabel } from '../model/tables.ts';
import { foldText } from './fold-text.ts';
import { collectEvidence, type LabelEvidence, type LabelFeatures } from './label-message.ts';
import { hitFeature } from './label-model.ts';
import type { CompiledLexicon } from './lexicon.ts';
import data from './conversation-model.json' with { type: 'json' };
import recruitmentData from './conversation-model-recruitment.json' with { type: 'json' };

/**
 * The conversation model (`chat-15`): a two-person exchange read as a whole. A dealer's DM of `есть на вечер?`,
 * `карта прежняя`, `скинул`, `через час напишу` has no line a per-message labeller can call a sale, and the chat
 * context's rules lift nothing without a confident line to rest on; read together the lines are unmistakable. A
 * logistic model over the union of the episode's words (stems), lexicon groups and terms, patterns and a card or
 * wallet gives the probability that the exchange is a sale conversation; trained offline on whole two-person chats
 * of the conversation-shaped sets (`scripts/train-conversation-model.ts`), a chat counting as a sale when at least
 * half of its messages are labelled `sale`. An episode is the message and up to `window` messages either side in the
 * same chat, within `maxGapHours` of it when times are known — the size of the training chats, so a year-long DM is
 * read one exchange at a time.
 */
export interface ConversationModelData {
  version: number;
  /** The lexicon the `g:` / `t:` / `p:` features were read with: another lexicon disables the model. */
  lexiconVersion: string;
  label: MessageLabel;
  /** An episode at or above this probability is a conversation of the label. */
  threshold: number;
  /** Messages either side of the message that make its episode. */
  window: number;
  /** Some message of the episode must carry an own label or reach this own probability of the label. */
  minOwn: number;
  /** Letter n-grams of this length read too (`ng:` features, `messageNgrams`); absent: none. */
  ngram?: number;
  about: string;
  training: Record<string, unknown>;
  bias: number;
  weights: Record<string, number>;
}

export interface CompiledConversationModel {
  data: ConversationModelData;
  names: string[];
  index: Map<string, number>;
  weights: Float64Array;
}

export const CONVERSATION_MODEL_DATA = data as ConversationModelData;
/**
 * The recruitment conversation model (`chat-19`): the same features, trained on whole two-person chats at least half
 * of whose messages are `recruitment` (conversation-model-recruitment.json).
 */
export const RECRUITMENT_CONVERSATION_MODEL_DATA = recruitmentData as ConversationModelData;

let compiled: CompiledConversationModel | undefined;
export function defaultConversationModel(): CompiledConversationModel {
  compiled ??= compileConversationModel(CONVERSATION_MODEL_DATA);
  return compiled;
}

let compiledRecruitment: CompiledConversationModel | undefined;
export function defaultRecruitmentConversationModel(): CompiledConversationModel {
  compiledRecruitment ??= compileConversationModel(RECRUITMENT_CONVERSATION_MODEL_DATA);
  return compiledRecruitment;
}

export function compileConversationModel(d: ConversationModelData): CompiledConversationModel {
  const names = Object.keys(d.weights).sort();
  return {
    data: d,
    names,
    index: new Map(names.map((n, i) => [n, i])),
    weights: Float64Array.from(names, (n) => d.weights[n]!),
  };
}

/**
 * A card number or a wallet address as chat text writes it (not checksum-validated: the chat context's shape of a
 * line, `messageShape().paymentId`, reads it the same way).
 */
export const CARD_OR_WALLET =
  /(?:^|\D)\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}(?:\D|$)|(?:^|[^0-9A-Za-z])(?:T[1-9A-HJ-NP-Za-km-z]{25,34}|bc1[0-9a-z]{20,}|0x[0-9a-fA-F]{40})/u;
/** A phone written as people write one (`+7 705 008 26 57`, `8 (777) 123-45-67`, `+998 97 730 86 35`), not a card. */
const PHONE = /(?<![\d+])(?:\+\d{1,3}|8)[ (-]*\d{2,3}[ )-]*\d{3}[ -]?\d{2}[ -]?\d{2}(?!\d)/u;

/**
 * The features one message brings to its conversation: `s:stem` of each word of three letters or more without
 * digits, `g:group` and `t:group:term` of its lexicon evidence, `p:pattern`, `x:payid` (a card or wallet) and
 * `x:phone`. Training and run time both call this.
 */
export function messageConversationFeatures(
  text: string,
  lexicon: CompiledLexicon,
  features?: LabelFeatures,
  evidence?: LabelEvidence | null,
): string[] {
  const out = new Set<string>();
  // The evidence, when given, is `collectEvidence(text, lexicon, features)` already collected (its tokens are the fold).
  const ev = evidence === undefined ? collectEvidence(text, lexicon, features) : evidence;
  for (const t of ev ? ev.tokens : foldText(text))
    if (t.stem.length >= 3 && !/\d/.test(t.stem)) out.add(`s:${t.stem}`);
  if (ev)
    for (const h of ev.counted) {
      out.add(`g:${h.group}`);
      out.add(hitFeature(h));
    }
  if (CARD_OR_WALLET.test(text)) out.add('x:payid');
  if (PHONE.test(text)) out.add('x:phone');
  return [...out];
}

/**
 * `ng:` features (`n:` is the lexicon's near-rules): the letter n-grams of each folded word without digits, the word marked at both ends (`<карт`, `арту>`).
 * Kyrgyz, Kazakh, Tajik and Uzbek have no stemmer here; a word's n-grams carry its root through any suffix
 * (`картаңды`, `картаңызды`, `kartangni` share `<кар`, `карт`), and a misspelling keeps most of them.
 */
export function messageNgrams(text: string, n: number, tokens?: readonly { key: string }[]): string[] {
  const out = new Set<string>();
  for (const t of tokens ?? foldText(text)) {
    if (/\d/.test(t.key)) continue;
    const w = `<${t.key}>`;
    for (let i = 0; i + n <= w.length; i++) out.add(`ng:${w.slice(i, i + n)}`);
  }
  return [...out];
}

/**
 * The word an `ng:` feature came from, for a reason: the first folded word of `tokens` without digits whose marked form
 * holds the n-gram.
 */
export function ngramWord(tokens: readonly { key: string }[], feature: string): string | undefined {
  const gram = feature.slice(3);
  return tokens.find((t) => !/\d/.test(t.key) && `<${t.key}>`.includes(gram))?.key;
}

/** The features of one message that the model weighs, as indices (most words of a chat weigh nothing). */
export function weighedFeatures(model: CompiledConversationModel, features: readonly string[]): Int32Array {
  const out: number[] = [];
  for (const f of features) {
    const k = model.index.get(f);
    if (k !== undefined) out.push(k);
  }
  return Int32Array.from(out);
}

/** The name of a weighed feature, read back for a reason (`s:клад` → `клад`). */
export function featureWord(model: CompiledConversationModel, k: number): string {
  return featureText(model.names[k] ?? '');
}

function featureText(name: string): string {
  if (name.startsWith('t:')) return name.slice(name.indexOf(':', 2) + 1);
  if (name.startsWith('s:') || name.startsWith('g:') || name.startsWith('p:')) return name.slice(2);
  if (name === 'x:payid') return 'card or wallet';
  if (name === 'x:phone') return 'phone number';
  if (name === 'x:money') return 'money talk';
  return name;
}
