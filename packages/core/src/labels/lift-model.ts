import type { MessageLabel } from '../model/tables.ts';
import {
  type CompiledConversationModel,
  type ConversationModelData,
  compileConversationModel,
  weighedFeatures,
} from './conversation-model.ts';
import type { MessageShape } from './label-chat.ts';
import type { LabelEvidence } from './label-message.ts';
import data from './lift-model-recruitment.json' with { type: 'json' };
import { lineFeatures } from './line-models.ts';

/**
 * The lift check (`chat-57`): whether a `recruitment` label that a line gets from its chat (the rules' lift or the
 * recruitment conversation model, `chatContext`) is the chat's trade or an ordinary line inside it. The rules lift
 * whatever stands near a recruiter's offer unless it matches one of their word lists; the authors of the newer sets
 * label the candidate's `Сына не трогай. Узнаю, что ему писал, — пожалеешь`, `кстати у тебя насос есть?` or `Парень,
 * не лезь в это. Хочешь работать — мне в магазин грузчик нужен` as ordinary, and the rules lift them. A logistic
 * model over the line's letter n-grams, lexicon groups and shape marks (refusal, suspicion, a lawful employer's mark,
 * money talk …), how the lift was made (its reason's kind) and what the window around the line holds (authors, own
 * labels), trained offline on the lifts of the conversation sets, with each lift's gold label as the target
 * (`scripts/train-lift-model.ts`). A lifted line whose probability stays under the model's threshold loses the
 * context label. `sale` lifts are not checked: on the newer sets the model found none to drop.
 */
export const LIFT_MODEL_DATA = data as ConversationModelData;

let compiled: CompiledConversationModel | undefined;
export function defaultLiftModel(): CompiledConversationModel {
  compiled ??= compileConversationModel(LIFT_MODEL_DATA);
  return compiled;
}

/** How a context label was made, read from its reason (the reasons are the rules' own templates). */
export function liftKind(reason: string): string {
  if (/^message in a (?:two|three)-person exchange/.test(reason)) return 'conv';
  if (/^a candidate's no/.test(reason)) return 'no';
  if (/same author posted/.test(reason)) return 'same';
  if (/^reply in a thread/.test(reason)) return 'thread';
  if (/^reply in a group/.test(reason)) return 'greply';
  if (/^message in a group/.test(reason)) return 'group';
  if (/^message in a channel/.test(reason)) return 'channel';
  if (/^(?:message|reply) in a two-person chat where/.test(reason)) return 'other';
  return 'misc';
}

/** A line of the chat as the lift check reads it: its author, own labels and the labels its chat gave it. */
export interface LiftLine {
  from: string | null;
  own: readonly MessageLabel[];
  context: readonly MessageLabel[];
}

/** Lines either side of the checked line whose authors and labels count. */
export const LIFT_WINDOW = 25;

/**
 * The lift check's features of line `i` lifted to `label` (`reason`: the lift's reason), from its text's `evidence`
 * and `shape`, its own probabilities of `label` and of the other trade-side label (`ownP`, `otherP`) and the lines of
 * its chat (`lines`, the same indices; those within `LIFT_WINDOW` count). Training and run time both call this.
 */
export function liftFeatures(
  text: string,
  shape: MessageShape,
  evidence: LabelEvidence | null,
  lines: readonly LiftLine[],
  i: number,
  label: MessageLabel,
  reason: string,
  ownP: number,
  otherP: number,
): string[] {
  const x = lineFeatures(text, shape, evidence, 4);
  x.push(`k:${liftKind(reason)}`);
  for (const [mark, on] of [
    ['ask', shape.ask],
    ['refuse', shape.refuse],
    ['suspect', shape.suspect],
    ['legit', shape.legit],
    ['interest', shape.interest],
  ] as const)
    if (on) x.push(`x:${mark}`);
  if (text.split(/\s+/).filter(Boolean).length <= 3) x.push('x:short');
  const me = lines[i]!.from;
  const authors = new Set<string | null>();
  let mine = false;
  let theirs = false;
  for (let k = Math.max(0, i - LIFT_WINDOW); k <= Math.min(lines.length - 1, i + LIFT_WINDOW); k++) {
    const l = lines[k]!;
    authors.add(l.from);
    if (!l.own.includes(label)) continue;
    if (l.from === me) mine = true;
    else theirs = true;
  }
  x.push(`n:${authors.size > 3 ? 'many' : authors.size}`);
  if (mine) x.push('a:mine');
  if (theirs) x.push('a:theirs');
  x.push(`p:${Math.min(4, Math.floor(ownP * 10))}`);
  if (otherP >= 0.3) x.push('p:other');
  for (const l of lines[i]!.context) if (l !== label) x.push(`c:${l}`);
  for (const l of lines[i]!.own) x.push(`o:${l}`);
  return x;
}

/** The lift check's probability that the lift is the chat's trade (`liftFeatures`). */
export function liftProbability(model: CompiledConversationModel, features: readonly string[]): number {
  let z = model.data.bias;
  for (const k of weighedFeatures(model, features)) z += model.weights[k]!;
  return 1 / (1 + Math.exp(-z));
}
