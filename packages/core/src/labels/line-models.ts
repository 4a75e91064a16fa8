import type { MessageLabel } from '../model/tables.ts';
import {
  CARD_OR_WALLET,
  type CompiledConversationModel,
  type ConversationModelData,
  compileConversationModel,
  messageNgrams,
  ngramWord,
  weighedFeatures,
} from './conversation-model.ts';
import { foldText } from './fold-text.ts';
import dropReport from './line-model-drop_report.json' with { type: 'json' };
import payment from './line-model-payment.json' with { type: 'json' };
import training from './line-model-training.json' with { type: 'json' };
import type { LabelEvidence } from './label-message.ts';

/**
 * The line models (`chat-46`): which lines of a trade chat are its money talk (`payment`), its teaching (`training`)
 * or its reports of placed stashes (`drop_report`). A buyer's `скинул 12 на твою`, a curator's `фото с двух ракурсов,
 * метку ставь`, a courier's `сделал 5, фото у бота` name no term of the lexicon for their label; read alone they are
 * anyone's, and the sets label them so where the chat is the trade's. Each is a logistic model over a line's letter
 * n-grams (`messageNgrams`), its lexicon groups and four marks (a card or wallet, a digit, money talk, an
 * acknowledgement), trained offline on the lines of the conversation sets' trade chats (`scripts/train-line-model.ts`).
 * They run only on lines near an own trade line (`paymentContext` in label-chat.ts). Their data has the conversation
 * models' shape (`window` and `minOwn` unused).
 */
export const LINE_LABELS = ['payment', 'training', 'drop_report'] as const satisfies readonly MessageLabel[];
export type LineLabel = (typeof LINE_LABELS)[number];

export const LINE_MODEL_DATA: Record<LineLabel, ConversationModelData> = {
  payment: payment as ConversationModelData,
  training: training as ConversationModelData,
  drop_report: dropReport as ConversationModelData,
};

const compiled = new Map<LineLabel, CompiledConversationModel>();
export function defaultLineModel(label: LineLabel): CompiledConversationModel {
  let m = compiled.get(label);
  if (!m) compiled.set(label, (m = compileConversationModel(LINE_MODEL_DATA[label])));
  return m;
}

/** What the chat context knows of a line's shape: money talk and an acknowledgement (`messageShape`). */
export interface LineMarks {
  money: boolean;
  ack: boolean;
}

/** The features of one line; training and run time both call this. `evidence`: `collectEvidence`'s, when read. */
export function lineFeatures(
  text: string,
  marks: LineMarks,
  evidence: LabelEvidence | null,
  ngram = 4,
): string[] {
  const out = new Set(messageNgrams(text, ngram, evidence?.tokens));
  if (evidence) for (const h of evidence.counted) out.add(`g:${h.group}`);
  if (CARD_OR_WALLET.test(text)) out.add('x:payid');
  if (/\d/.test(text)) out.add('x:digit');
  if (marks.money) out.add('x:money');
  if (marks.ack) out.add('x:ack');
  return [...out];
}

/** A line model's probability of a line from its features (`lineFeatures`). */
export function lineProbability(model: CompiledConversationModel, features: readonly string[]): number {
  let z = model.data.bias;
  for (const k of weighedFeatures(model, features)) z += model.weights[k]!;
  return 1 / (1 + Math.exp(-z));
}

/**
 * The words of a line that weigh most for the model (at most three), for a reason: only words the line itself holds
 * (a weighed n-gram read back as the word it came from), of three letters or more. The lexicon groups (`payment`), the
 * marks (a card or wallet, a digit, money talk, an acknowledgement) and the short words (`на`, `за`) name no word
 * a reader would look for in the line.
 */
export function lineWords(
  model: CompiledConversationModel,
  text: string,
  features: readonly string[],
): string[] {
  const tokens = foldText(text);
  const words: string[] = [];
  const weighed = [...weighedFeatures(model, features)].filter((k) => model.weights[k]! > 0);
  for (const k of weighed.sort((a, b) => model.weights[b]! - model.weights[a]!)) {
    const name = model.names[k]!;
    if (!name.startsWith('ng:')) continue;
    const word = ngramWord(tokens, name);
    if (word && [...word].length > 2 && !words.includes(word)) words.push(word);
    if (words.length === 3) break;
  }
  return words;
}
