export { type Token as FoldedToken, foldText, foldWord } from './fold-text.ts';
export {
  type ChannelLabel,
  LABEL_CHANNEL_DEFAULTS,
  type LabelChannelOptions,
  labelChannel,
  type MessageLabelRef,
} from './label-channel.ts';
export {
  collectEvidence,
  type LabelEvidence,
  type LabelFeatures,
  type LabelHit,
  type LabelTerm,
  labelMessage,
  ruleLabels,
} from './label-message.ts';
export {
  type CompiledLabelModel,
  compileLabelModel,
  evidenceFeatures,
  defaultLabelModel,
  LABEL_MODEL_DATA,
  type LabelModelData,
} from './label-model.ts';
export {
  type CompiledLexicon,
  compileLexicon,
  defaultLexicon,
  LEXICON_VERSION,
  type LexiconData,
} from './lexicon.ts';
export { evaluateLabels, type LabelledText, type LabelScore, parseEvalSet } from './evaluate-labels.ts';
