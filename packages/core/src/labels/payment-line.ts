import {
  CARD_OR_WALLET,
  type ConversationModelData,
  compileConversationModel,
  type CompiledConversationModel,
  messageNgrams,
  weighedFeatures,
} from './conversation-model.ts';
import { foldText } from './fold-text.ts';
import type { LabelEvidence } from './label-message.ts';
import data from './payment-line-model.json' with { type: 'json' };

/**
 * The payment line model (`chat-46`): which lines of a trade chat are its money talk. A buyer's `скинул 12 на твою`,
 * a curator's `молодец, 2000 сейчас скину`, a holder's `отправил 200 USDT` name no card and no lexicon term of
 * payment; read alone they are anyone's, and the sets label them `payment` where the chat is the trade's. A logistic
 * model over a line's letter n-grams (`messageNgrams`), its lexicon groups and four marks (a card or wallet, a digit,
 * money talk, an acknowledgement), trained offline on the lines of the conversation sets' trade chats
 * (`scripts/train-payment-line-model.ts`). It runs only on lines with a trade line near them (`paymentContext`).
 * Its data has the conversation models' shape (`window` and `minOwn` unused).
 */
export const PAYMENT_LINE_MODEL_DATA = data as ConversationModelData;

let compiled: CompiledConversationModel | undefined;
export function defaultPaymentLineModel(): CompiledConversationModel {
  compiled ??= compileConversationModel(PAYMENT_LINE_MODEL_DATA);
  return compiled;
}

/** What the chat context knows of a line's shape: money talk and an acknowledgement (`messageShape`). */
export interface LineMarks {
  money: boolean;
  ack: boolean;
}

/** The features of one line; training and run time both call this. `evidence`: `collectEvidence`'s, when read. */
export function paymentLineFeatures(
  text: string,
  marks: LineMarks,
  evidence: LabelEvidence | null,
  ngram = PAYMENT_LINE_MODEL_DATA.ngram ?? 4,
): string[] {
  const out = new Set(messageNgrams(text, ngram, evidence?.tokens));
  if (evidence) for (const h of evidence.counted) out.add(`g:${h.group}`);
  if (CARD_OR_WALLET.test(text)) out.add('x:payid');
  if (/\d/.test(text)) out.add('x:digit');
  if (marks.money) out.add('x:money');
  if (marks.ack) out.add('x:ack');
  return [...out];
}

/** The model's probability of a line from its features (`paymentLineFeatures`). */
export function paymentLineProbability(
  model: CompiledConversationModel,
  features: readonly string[],
): number {
  let z = model.data.bias;
  for (const k of weighedFeatures(model, features)) z += model.weights[k]!;
  return 1 / (1 + Math.exp(-z));
}

/** The words of a line that weigh most for the model (at most three), for a reason. */
export function paymentLineWords(
  model: CompiledConversationModel,
  text: string,
  features: readonly string[],
): string[] {
  const tokens = foldText(text);
  const words: string[] = [];
  const weighed = [...weighedFeatures(model, features)].filter((k) => model.weights[k]! > 0);
  for (const k of weighed.sort((a, b) => model.weights[b]! - model.weights[a]!)) {
    const name = model.names[k]!;
    const word = name.startsWith('n:')
      ? tokens.find((t) => `<${t.key}>`.includes(name.slice(2)))?.key
      : name === 'x:payid'
        ? 'card or wallet'
        : name === 'x:money'
          ? 'money talk'
          : name.startsWith('g:')
            ? name.slice(2)
            : undefined;
    if (word && !words.includes(word)) words.push(word);
    if (words.length === 3) break;
  }
  return words;
}
