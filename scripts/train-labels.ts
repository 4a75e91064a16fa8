/**
 * Trains the label model (packages/core/src/labels/label-model.json) from the SYNTHETIC labelled sets and the
 * benign third-party corpora, and reports leave-one-set-out cross-validation: for each labelled set (each
 * written by a different author), train on the others and score it. Deterministic: the same inputs give the
 * same weights. docs/labels.md, "The learned layer".
 *
 *   npx tsx scripts/train-labels.ts                                   # LOSO table only
 *   npx tsx scripts/train-labels.ts --labels sale --folds none --write --version 21   # model 21 from model 20's file
 *
 * `--more-chats` adds the text rows of the conversation pairs 71WA … 149AB (`scripts/conversation-pairs.ts`; 115AB until
 * the twenty-first session, 107AB until the eighteenth) to the training sets: model 31's `recruitment` block trains on
 * them (measured with scripts/lopo-label-model.ts since the seventeenth session; docs/labels.md, "Seventeenth session",
 * "Twenty-first session"); `--out FILE` writes the model there
 * instead of over the shipped label-model.json.
 *
 * Model 31 (shipped, twenty-first session; retrained on lexicon 2026.11.27-48 in the twenty-second, docs/labels.md,
 * "Twenty-first session", "Twenty-second session"): from model 30's `label-model.json` with its `lexiconVersion` set to
 * the current lexicon's (-48), `--labels recruitment --more-chats --bigrams 1
 * --skip-vetoed --threshold-recruitment 0.7 --folds none --write --version 31` — the conversation sets 71WA … 149AB train
 * `recruitment` too, with word bigrams, and no row that its veto decides trains it; the other labels keep model 30's
 * blocks (which read no bigram). Model 30's weights ran with lexicons -31 … -43 (its `lexiconVersion` renamed; the new
 * terms joined groups the weights read; docs/labels.md, "Twentieth session"); reproducing them needs lexicon -30.
 * Model 30 (shipped; lexicon 2026.11.27-30, docs/labels.md, "Eighteenth session"): from model 29's `label-model.json`,
 * `--labels sale --folds none --write --version 30`. Model 29 is the defaults with `--labels sale,recruitment --version 29`
 * on lexicon -29 (byte for byte).
 * Model 21 (docs/labels.md, "Model 21"): from model 20's `label-model.json` (commit b4e7c9d), `--labels sale
 * --folds none --write --version 21` — the conversation sets but 31CA–31CD train `sale` too. Model 20: from model 16's
 * `label-model.json` (commit c5bf571), `--labels recruitment --folds none --write --version 20` — `NEWER_CHATS` (37FA …
 * 69VB) train `recruitment`, the other labels keep model 16's blocks; model 19 is the same with `--exclude-train` 59QA
 * … 69VB. The older defaults were model 16's (docs/labels.md, "Model 16") on forty-eight sets: the eight conversation
 * sets (31CA …
 * 35EB, their `ctx: false` rows only) joined `SETS` as folds and train `recruitment` (33DA–35EB), `training` and
 * `payment`, not `sale` or `drop_report` (pins, below); lexicon `2026.11.26-15`; `recruitment` threshold 0.53. Model 15
 * is lexicon `2026.11.26-14` (commit 1bba593's `packages/core/src/labels/`) with `--exclude-train
 * chat31ca,chat31cb,chat31cc,chat31cd,chat33da,chat33db,chat35ea,chat35eb --threshold-recruitment 0.51 --version 15`,
 * which reproduces its `label-model.json` byte for byte (every recipe below needs the eight in its `--exclude-train` too). Model 15's own defaults (docs/labels.md, "Model 15") on forty sets: 29BA and 29BB (the blind pair of model 14)
 * joined `SETS` and train `sale`, `training` and `payment`, not `recruitment` and `drop_report` (pins, below); lexicon
 * `2026.11.26-13` (model 15 runs with lexicon `2026.11.26-14` since: its `meta` and `metareport` groups are read only by
 * the `sale` and `recruitment` vetoes, `--veto-only payout,meta,metareport`, so the weights are the same); `sale` threshold
 * 0.725; otherwise model 14's recipe. Model 14's recipe on the same forty sets (the
 * *before* of model 15's table) is lexicon `2026.11.26-12` (commit 654b221's `packages/core/src/labels/`) with
 * `--threshold-sale 0.72 --exclude-train-recruitment set25t3,set25t4,set25t5 --exclude-train-drop_report
 * set25y,set25z,set27aa,set27ab`; add `--exclude-train set29ba,set29bb` for model 14 itself. Model 14's own defaults, on
 * thirty-eight sets: 25Y, 25Z, 27AA and 27AB (the blind sets
 * of models 11–13) joined `SETS` for model 14 and train every label but `payment` and `drop_report`; 25T3–25T5 train every
 * label but `recruitment` (`--exclude-train-<label>`), the five benign files, lexicon `2026.11.26-12`, the shape features
 * for `sale` (`--shape 1 --shape-labels sale --shape-skip buyer`), thresholds `sale` 0.72, `recruitment` 0.51, `payment`
 * 0.52, `drop_report` 0.65, the `payout` group read only by the `recruitment` veto (`--veto-only payout`): model 14
 * (shipped, docs/labels.md, "Model 14"). Model 13 is lexicon `2026.11.26-11` (commit 3bc7461's `packages/core/src/labels/`)
 * with `--exclude-train set25y,set25z,set27aa,set27ab --threshold-recruitment 0.48` on commit efbb64e's testdata (four rows were relabelled since for the job seekers' side, testdata/README.md). Model 12's recipe (the *before* of model 13's table) is lexicon `2026.11.26-10` (commit
 * 3fe9037's `packages/core/src/labels/`) with `--exclude-train set25t3,set25t4,set25t5 --threshold-sale 0.65
 * --threshold-payment 0.5`, which reproduces model 12's `label-model.json`. Model 11's recipe (the *before* of model 12's table) is lexicon
 * `2026.11.26-9` with model 11's `label-message.ts`, `label-model.ts` and folding (commit 59da9d3's
 * `packages/core/src/labels/`) and `--exclude-train set23w,set23x,set25t1,set25t2`, which reproduces model 11's
 * `label-model.json`. Model 10's recipe (the *before* of model 11's table) is lexicon `2026.11.26-8` (commit 1f1b303's
 * `packages/core/src/labels/`) with `--exclude-train set21u,set21v`, which reproduces model 10's `label-model.json` byte
 * for byte. Model 9's recipe (the *before* of model 10's table) is
 * lexicon `2026.11.26-7` and model 9's `label-message.ts` with `--exclude-train set19s,set19t,train-benign10
 * --threshold-sale 0.6 --threshold-recruitment 0.46`. Model 8's recipe (the *before* of model 9's table) is
 * lexicon `2026.11.26-6` and model 8's folding with `--exclude-train set17q,set17r,train-benign9`; model 7's (the
 * *before* of model 8) is lexicon `2026.11.26-5` with `--exclude-train set15o,set15p,set17q,set17r,train-benign8,train-benign9
 * --threshold-sale 0.57 --threshold-recruitment 0.45 --threshold-drop_report 0.5`; model 5's is in docs/labels.md, "Model 7"
 * (`--exclude-train`: never train on these sets, in the folds and in `--write`). Dev loop: `--labels sale,recruitment
 * --sweep` (≈ 3 minutes). `--sweep` prints the pooled P/R (tp fp fn) of the newest sets
 * (`--unread`, default the thirty-five newest, 6C … 29BB) at the thresholds of `--sweep-points` from the out-of-fold probabilities;
 * `--threshold-<label> x` sets one label's threshold; `--errors` lists the misses with their probability (`veto`: blocked by a veto; `none`:
 * no evidence, the message never reaches the model). Model 4 (measured, not shipped): `--bigrams 1 --alt-stems 1`;
 * `--ngrams 3,4,5` adds character n-grams (tried, not shipped); `--counts 1` model 3's count features.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { asWritten, type ChatRow } from '../packages/core/src/labels/evaluate-chats.ts';
import { collectEvidence, ruleLabels } from '../packages/core/src/labels/label-message.ts';
import { CONVERSATION_PAIRS } from './conversation-pairs.ts';
import {
  evidenceFeatures,
  type Veto,
  vetoed as isVetoed,
  type FeatureOptions,
  type LabelModelData,
} from '../packages/core/src/labels/label-model.ts';
import { LEXICON_DATA, LEXICON_VERSION } from '../packages/core/src/labels/lexicon.ts';
import {
  predict,
  TRAIN_DEFAULTS,
  type TrainOptions,
  type TrainRow,
  trainLogistic,
} from '../packages/core/src/labels/train-label-model.ts';
import type { MessageLabel } from '../packages/core/src/model/tables.ts';
import { flag, opt } from './script-args.ts';

const root = new URL('..', import.meta.url);
const LABELS_DIR = new URL('packages/core/src/labels/', root);
const TEXT = new URL('../shared/fixtures/third-party/telegram-text/', root);

/**
 * The newer conversation sets (model 19: 37FA … 57PB; model 20: 59QA … 69VB): their text rows train `recruitment` and,
 * since model 21, `sale`; no other label (`EXCLUDE_LABEL_DEFAULTS`).
 */
/** The conversation sets 71WA … 149AB, their text rows (`CONVERSATION_PAIRS`). */
const MORE_CHATS = CONVERSATION_PAIRS.flat();
const NEWER_CHATS = [
  'chat37fa',
  'chat37fb',
  'chat37fc',
  'chat39ga',
  'chat39gb',
  'chat41ha',
  'chat41hb',
  'chat43ia',
  'chat43ib',
  'chat45ja',
  'chat45jb',
  'chat47ka',
  'chat47kb',
  'chat49la',
  'chat49lb',
  'chat51ma',
  'chat51mb',
  'chat53na',
  'chat53nb',
  'chat55oa',
  'chat55ob',
  'chat57pa',
  'chat57pb',
  // Model 20: the twelfth session's six blind pairs (59QA … 69VB), dev material since their scoring.
  'chat59qa',
  'chat59qb',
  'chat61ra',
  'chat61rb',
  'chat63sa',
  'chat63sb',
  'chat65ta',
  'chat65tb',
  'chat67ua',
  'chat67ub',
  'chat69va',
  'chat69vb',
  // `--more-chats` (measured, not shipped; docs/labels.md, "Seventeenth session"): the conversation sets since (71WA …
  // 107AB, the chat context's blind pairs, dev sets after their scoring), their text rows.
  ...(flag('more-chats') ? MORE_CHATS : []),
];
/** The labelled sets, one per author; `only`: the labels annotated there (the others are unknown). */
export const SETS: Array<{ name: string; file: string; only?: MessageLabel[]; textOnly?: boolean }> = [
  { name: 'eval', file: 'eval.synthetic.jsonl' },
  { name: 'holdout', file: 'eval.holdout.synthetic.jsonl' },
  { name: 'holdout2', file: 'eval.holdout2.synthetic.jsonl' },
  { name: 'holdout3', file: 'eval.holdout3.synthetic.jsonl', only: ['sale', 'recruitment'] },
  { name: 'holdout4', file: 'eval.holdout4.synthetic.jsonl' },
  // Added by the lead (02:40): two more independent authors, blind to the lexicon (testdata/README.md).
  { name: 'set6c', file: 'eval.set6c.synthetic.jsonl' },
  { name: 'set6d', file: 'eval.set6d.synthetic.jsonl' },
  // Added by the lead (02:53): two more (6E Kazakh-heavy, 6F English/Uzbek/translit), testdata/README.md.
  { name: 'set6e', file: 'eval.set6e.synthetic.jsonl' },
  { name: 'set6f', file: 'eval.set6f.synthetic.jsonl' },
  // Blind sets 5A/5B (testdata/README.md) were scored once, blind, against model 3 (which was trained without them);
  // training folds since.
  { name: 'set5a', file: 'eval.set5a.synthetic.jsonl' },
  { name: 'set5b', file: 'eval.set5b.synthetic.jsonl' },
  // 7G/7H: the blind pair of model 4 (scored once with models 3 and 4), training folds since.
  { name: 'set7g', file: 'eval.set7g.synthetic.jsonl' },
  { name: 'set7h', file: 'eval.set7h.synthetic.jsonl' },
  // 9I/9J: the blind pair of model 5 (scored once with models 3 and 5), training folds since model 6 (not shipped:
  // model 5, the shipped file, is reproduced with `--exclude-train set9i,set9j`).
  { name: 'set9i', file: 'eval.set9i.synthetic.jsonl' },
  { name: 'set9j', file: 'eval.set9j.synthetic.jsonl' },
  // 11K/11L and 13M/13N: the third and fourth blind pairs (scored once each by the lead), training folds since model 7.
  { name: 'set11k', file: 'eval.set11k.synthetic.jsonl' },
  { name: 'set11l', file: 'eval.set11l.synthetic.jsonl' },
  { name: 'set13m', file: 'eval.set13m.synthetic.jsonl' },
  { name: 'set13n', file: 'eval.set13n.synthetic.jsonl' },
  // 15O/15P: the blind pair of model 7 (scored once by the lead), training folds since model 8.
  { name: 'set15o', file: 'eval.set15o.synthetic.jsonl' },
  { name: 'set15p', file: 'eval.set15p.synthetic.jsonl' },
  // 17Q/17R: the blind pair of model 8 (scored once by the lead), training folds since model 9.
  { name: 'set17q', file: 'eval.set17q.synthetic.jsonl' },
  { name: 'set17r', file: 'eval.set17r.synthetic.jsonl' },
  // 19S/19T: the blind pair of model 9 (scored once by the lead), training folds since model 10.
  { name: 'set19s', file: 'eval.set19s.synthetic.jsonl' },
  { name: 'set19t', file: 'eval.set19t.synthetic.jsonl' },
  // 21U/21V: the blind pair of model 10 (scored once by the lead), LOSO folds since model 11's attempt; the shipped
  // model 10 is reproduced with `--exclude-train set21u,set21v`.
  { name: 'set21u', file: 'eval.set21u.synthetic.jsonl' },
  { name: 'set21v', file: 'eval.set21v.synthetic.jsonl' },
  // 23W/23X: the blind pair of model 11 (scored once by the lead), training folds since model 12; the shipped model 11
  // is reproduced with `--exclude-train set23w,set23x,set25t1,set25t2`.
  { name: 'set23w', file: 'eval.set23w.synthetic.jsonl' },
  { name: 'set23x', file: 'eval.set23x.synthetic.jsonl' },
  // 25T1/25T2: written for training by two more authors blind to the labeller (testdata/README.md), folds since model 12.
  { name: 'set25t1', file: 'eval.set25t1.synthetic.jsonl' },
  { name: 'set25t2', file: 'eval.set25t2.synthetic.jsonl' },
  // 25T3/25T4/25T5: buyers' lines and shop-support replies with short ordinary DMs as hard negatives, written for
  // training by three more authors blind to the labeller (testdata/README.md), folds since model 13; model 12 is
  // reproduced with `--exclude-train set25t3,set25t4,set25t5`.
  { name: 'set25t3', file: 'eval.set25t3.synthetic.jsonl' },
  { name: 'set25t4', file: 'eval.set25t4.synthetic.jsonl' },
  { name: 'set25t5', file: 'eval.set25t5.synthetic.jsonl' },
  // 25Y/25Z/27AA/27AB: the blind sets of models 11–13 (scored once each by the lead), training folds since model 14
  // (measured, not shipped; `recruitment` included, not `payment`/`drop_report`); model 13's recipe is
  // `--exclude-train set25y,set25z,set27aa,set27ab`.
  { name: 'set25y', file: 'eval.set25y.synthetic.jsonl' },
  { name: 'set25z', file: 'eval.set25z.synthetic.jsonl' },
  { name: 'set27aa', file: 'eval.set27aa.synthetic.jsonl' },
  { name: 'set27ab', file: 'eval.set27ab.synthetic.jsonl' },
  // 29BA/29BB: the blind pair of model 14 (scored once by the lead), training folds since model 15.
  { name: 'set29ba', file: 'eval.set29ba.synthetic.jsonl' },
  { name: 'set29bb', file: 'eval.set29bb.synthetic.jsonl' },
  // Model 16: the eight conversation-shaped sets (whole chats by eight more authors; 31CA/31CB, 33DA/33DB and 35EA/35EB
  // were the blind pairs of model 15 and of the chat context), one fold each, only their rows the text decides
  // (`ctx: false`): a `ctx: true` row's labels come from its chat (a buyer's `ок` after a shop menu), and training on
  // it would teach the model that the bare reply is the trade. Every label is annotated there.
  { name: 'chat31ca', file: 'eval.chat31ca.synthetic.jsonl', textOnly: true },
  { name: 'chat31cb', file: 'eval.chat31cb.synthetic.jsonl', textOnly: true },
  { name: 'chat31cc', file: 'eval.chat31cc.synthetic.jsonl', textOnly: true },
  { name: 'chat31cd', file: 'eval.chat31cd.synthetic.jsonl', textOnly: true },
  { name: 'chat33da', file: 'eval.chat33da.synthetic.jsonl', textOnly: true },
  { name: 'chat33db', file: 'eval.chat33db.synthetic.jsonl', textOnly: true },
  { name: 'chat35ea', file: 'eval.chat35ea.synthetic.jsonl', textOnly: true },
  { name: 'chat35eb', file: 'eval.chat35eb.synthetic.jsonl', textOnly: true },
  // Model 19: the newer conversation sets (37FA … 57PB, then 59QA … 69VB: the chat context's dev and blind sets), their
  // text rows, train `recruitment` (and `sale` since model 21; `NEWER_CHATS`): recruiters' and card-drop arrangers'
  // lines in Uzbek, Kyrgyz, Tajik and Kazakh that no older set had (docs/labels.md, "Model 19").
  ...NEWER_CHATS.map((name) => ({ name, file: `eval.${name}.synthetic.jsonl`, textOnly: true })),
];
/**
 * The tgspam lines' LOSO folds are hashed over the forty sets of model 15 (`% 40`), not `SETS.length`: the old folds
 * keep the ham and spam they held out (model 15's figures stay comparable); the conversation folds hold out none.
 */
const BENIGN_FOLDS = 40;

/**
 * Benign training rows (never scored). `train-benign7`: model 7's help-line and service bots
 * (`--exclude-train train-benign7` leaves them out, as model 5's recipe had them not); `train-benign8`: model 8's
 * everyday photo reports (the hard negatives of `drop_report`); `train-benign9`: model 9's buyers of legal goods and
 * services (the hard negatives of the buyers'-side convention and its `buyer-side` pair); `train-benign10`: model 10's
 * parcels, deliveries, geocaching, gardening, cooking and everyday "есть чё / кто продаёт / bormi" questions (the hard
 * negatives of the `buyer` group).
 */
const BENIGN = [
  { name: 'train-benign', file: 'train.benign.synthetic.jsonl' },
  { name: 'train-benign7', file: 'train.benign7.synthetic.jsonl' },
  { name: 'train-benign8', file: 'train.benign8.synthetic.jsonl' },
  { name: 'train-benign9', file: 'train.benign9.synthetic.jsonl' },
  { name: 'train-benign10', file: 'train.benign10.synthetic.jsonl' },
];

interface Row {
  set: string;
  text: string;
  labels: MessageLabel[];
  only: MessageLabel[] | null;
  /** Benign corpus line: its LOSO fold (0–4) by hash, so that ham is held out too. */
  fold: number;
  feats: Map<string, string[]>;
  rules: MessageLabel[];
  /** Group stats for the vetoes. */
  groups: Map<string, { strong: boolean; weakIds: number }>;
}

const features: FeatureOptions = {
  pairs: opt('pairs', '1') === '1',
  rules: opt('rules', '1') === '1',
  anchored: opt('anchored', '1') === '1',
  stems: opt('stems', '1') === '1',
  counts: opt('counts', '0') === '1',
  ...(opt('ngrams', '') !== '' ? { ngrams: opt('ngrams', '').split(',').map(Number) } : {}),
  ...(opt('bigrams', '0') === '1' ? { bigrams: true } : {}),
  ...(opt('alt-stems', '0') === '1' ? { altStems: true } : {}),
  // Model 12: `h:short`, `h:ask` and their pairs with each group (label-model.ts `shape`); `--shape 0` is model 11's.
  ...(opt('shape', '1') === '1' ? { shape: true } : {}),
};
const train: TrainOptions = {
  ...TRAIN_DEFAULTS,
  l2: Number(opt('l2', String(TRAIN_DEFAULTS.l2))),
  epochs: Number(opt('epochs', String(TRAIN_DEFAULTS.epochs))),
  minCount: Number(opt('min-count', String(TRAIN_DEFAULTS.minCount))),
  positiveWeight: Number(opt('pos-weight', String(TRAIN_DEFAULTS.positiveWeight))),
  prune: Number(opt('prune', String(TRAIN_DEFAULTS.prune))),
};
const threshold0 = Number(opt('threshold', '0.5'));
/**
 * Per-label thresholds, read off the out-of-fold sweep over the sixteen newest authors (model 8, docs/labels.md;
 * model 9 keeps them): `sale` 0.6 (model 7: 0.57; model 5: 0.53) and `recruitment` 0.46 (model 7: 0.45) are the points where precision and
 * recall both beat model 7's recipe; `drop_report` 0.6 (was 0.5) keeps two pinned everyday photo reports clean (model 8
 * gives them 0.55 and 0.59: 15O/15P's courier reports made `отчёт`/`фото` weigh more), at equal pooled LOSO there;
 * model 9 moved `drop_report` to 0.65 for the same pin (17Q/17R's reports: 0.606), −5 fp at equal tp pooled. Model 10:
 * `sale` 0.65 and `recruitment` 0.48, read off the sweep over the twenty newest authors (19S/19T in training made the
 * model surer of both labels: at 0.6 / 0.46 recall rose and precision fell; these are the points where both beat model 9's
 * recipe). Model 13: `sale` 0.72, read off the sweep over the twenty-nine newest authors (25T3–25T5, buyers' lines, in
 * training made the model surer of `sale` on short lines: at 0.65 and 0.7 recall rose and precision fell below model 12's
 * recipe; at 0.72 both beat it).
 */
const THRESHOLDS: Partial<Record<MessageLabel, number>> = {
  // Model 15: 0.725, read off the out-of-fold sweep over the twenty-nine authors of model 13's table (`--dump-oof`): the
  // first point where neither precision nor recall is below model 14's shipped figures (0.72: precision 0.9488).
  sale: 0.725,
  // Model 16: 0.53 (was 0.51 since model 14), read off the out-of-fold sweep over the twenty-nine authors of model 13's
  // table (`--dump-oof`, one run): 0.51–0.55 keep precision and recall within 0.005 of model 15's (0.9323 / 0.9122);
  // below 0.53 the shipped model gives a second tgspam spam job ad `recruitment` (0.525; pinned: at most 1 %).
  // Model 19: 0.6, read off the out-of-fold sweep (`--sweep`) over the thirty-five unread per-message sets and,
  // separately, over the thirty-one conversation sets' text rows: at 0.6 both pools keep model 16's precision (0.94 and
  // 0.91) with more recall (0.90 against ≈ 0.895; 0.56 against 0.52). Model 20 keeps it (over the forty-three
  // conversation sets at 0.6: 441 50 317 against model 19's recipe 421 55 337).
  recruitment: 0.6,
  drop_report: 0.65,
  // Model 13: `payment` 0.52 (was the default 0.5): a bare `Перевод по реквизитам, чек пришлите` (pinned clean; model 12
  // gave it 0.497) came out at 0.503.
  payment: 0.52,
};
/** Per-label threshold (`--threshold-sale 0.45`), chosen on the pooled LOSO, never on in-sample fit. */
const thresholdOf = (l: MessageLabel) => Number(opt(`threshold-${l}`, String(THRESHOLDS[l] ?? threshold0)));
const union = flag('union');
const modelLabels = opt('labels', 'sale,recruitment,training,payment,drop_report').split(
  ',',
) as MessageLabel[];
/** Hard vetoes kept from the rules (label-model.ts `veto`): a hit in one of these groups blocks the label. */
// `group` or `group!unless1!unless2` (the veto is lifted when an `unless` group is anchored).
const vetoSpec = (s: string): Veto[] =>
  s
    .split(',')
    .filter(Boolean)
    .map((v) => {
      const [group, ...unless] = v.split('!');
      return unless.length > 0 ? { group: group!, unless } : { group: group! };
    });
const VETO: Partial<Record<MessageLabel, Veto[]>> = {
  // Lexicon -14: talk about the trade is not the trade. `meta` (a warning, a condemnation, an ex-courier's confession)
  // blocks `sale` unless the message itself sells or orders (`shop`, `shopsign`, `buyside`, `buyer`, `complaint`, `desk`
  // anchored: `Осторожно, фейки! Наш бот …`) and `recruitment` unless it hires (`hiring`, `desk`: `Сам был курьером —
  // теперь куратор, набираем`); `metareport` (a moderator's deletion or ban notice, reported speech:
  // `мне в личку писали «…»`) blocks them outright, because the trade words there are someone else's, quoted.
  sale: vetoSpec(
    opt('veto-sale', 'legit!product!stash,meta!shop!shopsign!buyside!buyer!complaint!desk,metareport'),
  ),
  // Model 5: a goods word in quotes or with a wink (`coded`: «подарки», «витамины» 😉) or next to a job red flag
  // (`jobflag`: pay per stash, a deposit, card rental) is a code word, not a named good: it lifts the veto.
  // Model 14: `payout` (pay sent for work already done, `Выплата за 10 адресов … отправлена`) is the trade's internal
  // money post, not recruitment, unless the post also hires (`hiring` anchored: `Набор продолжается`) or asks a deposit.
  // Lexicon -29: `payroll` (a count of work done and its pay: `За неделю у тебя 64 точки, выплата в пятницу`, `ЗП за
  // неделю: k1 — 14 точек, k2 — 11`, `минус штраф`) is the team's money talk even with its stash words; only hiring lifts it.
  recruitment: vetoSpec(
    opt(
      'veto-recruitment',
      'warning,legit!product!stash!coded!jobflag!jobctx!riskyjob,payout!product!stash!coded!jobflag!jobctx!riskyjob!hiring,payroll!hiring,meta!hiring!desk,metareport',
    ),
  ),
  training: vetoSpec(opt('veto-training', '')),
  payment: vetoSpec(opt('veto-payment', '')),
  drop_report: vetoSpec(opt('veto-drop_report', 'legit!stash!product')),
};
const vetoed = (r: Row, label: MessageLabel) => isVetoed(VETO[label] ?? [], r);

/**
 * `--veto-only a,b`: groups read only by a veto, never by the model: their `g:`, `a:`, `f:`, `t:`, `n:` and pair
 * features are not learned, so adding such a group leaves every weight as it was. Model 14: `payout` (pay sent for work
 * already done) — as features it nudged other weights and a pinned tgspam spam job ad crossed `recruitment` (0.511).
 * Lexicon -14: `meta` and `metareport` (talk about the trade), so model 15's weights stand with them.
 */
const vetoOnly = opt('veto-only', 'payout,payroll,meta,metareport').split(',').filter(Boolean);
const vetoOnlyNear = new Set(
  LEXICON_DATA.near?.filter((r) => vetoOnly.includes(r.group)).map((r) => `n:${r.name}`) ?? [],
);
/** Lexicon -29: a veto-only group's patterns (`payroll`) are not learned either. */
const vetoOnlyPatterns = new Set(
  LEXICON_DATA.patterns?.filter((p) => vetoOnly.includes(p.group)).map((p) => `p:${p.name}`) ?? [],
);
const readByVetoOnly = (f: string) =>
  vetoOnlyNear.has(f) ||
  vetoOnly.some(
    (g) =>
      f === `g:${g}` ||
      f === `a:${g}` ||
      f === `f:${g}` ||
      f.startsWith(`t:${g}:`) ||
      vetoOnlyPatterns.has(f) ||
      ((f.startsWith('gg:') || f.startsWith('hg:')) && f.slice(3).split('&').includes(g)),
  );

function featurize(text: string): Pick<Row, 'feats' | 'rules' | 'groups'> {
  const ev = collectEvidence(text);
  // No hit in a required group: at run time the message stops before the model, so it has no features.
  if (!ev) return { feats: new Map(), rules: [], groups: new Map() };
  const rules = ruleLabels(ev);
  const fs = evidenceFeatures(ev, rules, features);
  return {
    feats: new Map([...fs].filter(([k]) => !readByVetoOnly(k)).map(([k, v]) => [k, v.map((t) => t.term)])),
    rules: rules.map((r) => r.label),
    groups: ev.groups,
  };
}

function loadRows(): Row[] {
  const rows: Row[] = [];
  for (const s of SETS) {
    for (const line of readFileSync(new URL(`testdata/${s.file}`, LABELS_DIR), 'utf8').split('\n')) {
      if (line.trim() === '' || line.startsWith('{"_meta"')) continue;
      // `chat-49`'s relabelled rows as their authors wrote them.
      const r = asWritten(JSON.parse(line) as ChatRow);
      if (s.textOnly && r.ctx === true) continue;
      rows.push({
        set: s.name,
        text: r.text,
        labels: r.labels,
        only: s.only ?? null,
        fold: -1,
        ...featurize(r.text),
      });
    }
  }
  // Hand-written benign businesses and jobs (SYNTHETIC, training only: in every fold, never scored).
  for (const b of BENIGN)
    for (const line of readFileSync(new URL(`testdata/${b.file}`, LABELS_DIR), 'utf8').split('\n')) {
      if (line.trim() === '' || line.startsWith('{"_meta"')) continue;
      const r = JSON.parse(line) as { text: string };
      rows.push({ set: b.name, text: r.text, labels: [], only: [], fold: -2, ...featurize(r.text) });
    }
  for (const [name, file] of [
    ['ham', 'tgspam_data_ham-samples.txt'],
    ['spam', 'tgspam_data_spam-samples.txt'],
  ] as const) {
    for (const line of readFileSync(new URL(file, TEXT), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const fold =
        Number.parseInt(createHash('sha256').update(line).digest('hex').slice(0, 8), 16) % BENIGN_FOLDS;
      rows.push({ set: name, text: line, labels: [], only: [], fold, ...featurize(line) });
    }
  }
  return rows;
}

const annotated = (r: Row, l: MessageLabel) => r.only === null || r.only.length === 0 || r.only.includes(l);

/**
 * Model 12: the shape features (`h:`, `hg:`) are a buyer's or a support desk's line, so only the labels of
 * `--shape-labels` (default `sale`) learn them, and not their pairs with the groups of `--shape-skip` (default `buyer`:
 * that group is a one-line request already, and `есть чё поесть?` has its words and its shape).
 */
const shapeLabels = opt('shape-labels', 'sale').split(',');
/** `--shape-unary recruitment`: these labels learn `h:short` and `h:ask` alone, without the pairs. */
const shapeUnary = opt('shape-unary', '').split(',');
const shapeSkip = new Set(
  opt('shape-skip', 'buyer')
    .split(',')
    .filter(Boolean)
    .flatMap((g) => [`hg:short&${g}`, `hg:ask&${g}`]),
);
const learns = (label: MessageLabel, f: string) =>
  !(f.startsWith('h:') || f.startsWith('hg:')) ||
  (shapeLabels.includes(label) && !shapeSkip.has(f)) ||
  (shapeUnary.includes(label) && f.startsWith('h:'));

/**
 * `--exclude-train-<label> a,b`: these sets never train that label (scored when held out, and training the other labels).
 * Model 13: 25T3–25T5 (written for buyers' lines) do not train `recruitment`: with them it gained nothing in LOSO (1296
 * against 1297 tp) and a second tgspam spam job ad crossed the threshold (pinned: at most 1 %) (docs/labels.md, "Model 13");
 * model 14 rechecked it (still two spam job ads over the threshold with them).
 */
const EXCLUDE_LABEL_DEFAULTS: Partial<Record<MessageLabel, string>> = {
  // Model 15: 29BA/29BB do not train `recruitment` either: with them the pinned `Удалённая работа, нужны люди, (не
  // наркотики), от 200 в день` (0.52), a second tgspam spam job ad and two hold-out-3 benign job lines (a legal job
  // seeker, a waiter's daily pay) crossed 0.51 — each set alone broke two or three pins.
  // Model 16: the chat layer's dev sets 31CA–31CD do not train `recruitment` either: label-chat.test.ts measures the
  // chat context on them against this model, and trained on them a deposit question of a legal delivery job (`залог
  // возвращается?`, 0.60) became an anchor that lifted its whole chat; 33DA–35EB do.
  recruitment: 'set25t3,set25t4,set25t5,set29ba,set29bb,chat31ca,chat31cb,chat31cc,chat31cd',
  // Model 16: no conversation set trains `sale`: with them the pinned shop line `Топовый шоп, все р-ны. Только крипта,
  // оператор` fell under 0.725 (0.70).
  // Model 21: the conversation sets train `sale` on their text rows too, all but 31CA–31CD (the chat context's tests
  // measure on them): blind on 73X and 75Y with context 200 / 10 / 159 → 225 / 14 / 134 (docs/labels.md, "Model 21").
  sale: 'chat31ca,chat31cb,chat31cc,chat31cd',
  // Model 14: 25Y/25Z/27AA/27AB train `sale`, `recruitment` and `training` but not `payment` and `drop_report`: with
  // them the pinned bare `Перевод по реквизитам, чек пришлите` rose to payment 0.583 and a pinned garden photo report
  // to drop_report 0.653, and the hold-out-2 `drop_report` precision pin failed; without them both are model 13's.
  // Model 19: the newer conversation sets train neither `payment` nor `training` (with them both moved pinned rows).
  payment: ['set25y,set25z,set27aa,set27ab', ...NEWER_CHATS].join(','),
  training: NEWER_CHATS.join(','),
  // Model 15: 29BA/29BB train `payment` (no pin moved) but not `drop_report` (the pinned garden photo report rose over
  // 0.65 with them). Model 16: nor do the conversation sets (the same garden report crossed with them).
  drop_report: [
    'set25y,set25z,set27aa,set27ab,set29ba,set29bb,chat31ca,chat31cb,chat31cc,chat31cd,chat33da,chat33db,chat35ea,chat35eb',
    ...NEWER_CHATS,
  ].join(','),
};
const excludeFor = (l: MessageLabel) =>
  opt(`exclude-train-${l}`, EXCLUDE_LABEL_DEFAULTS[l] ?? '')
    .split(',')
    .filter(Boolean);

/**
 * `--skip-vetoed`: a row its label's veto decides (a warning, a lawful job, a payroll) does not train that label: the
 * veto gives it 0 whatever the weights say, and as a negative it taught the card-drop words against the label (a
 * warning's `это дропперство`, model 31; docs/labels.md, "Twenty-first session").
 */
const skipVetoed = flag('skip-vetoed');
function trainFor(rows: readonly Row[], label: MessageLabel) {
  const skip = excludeFor(label);
  const tr: TrainRow[] = rows
    .filter((r) => annotated(r, label) && !skip.includes(r.set) && !(skipVetoed && vetoed(r, label)))
    .map((r) => ({ x: [...r.feats.keys()].filter((f) => learns(label, f)), y: r.labels.includes(label) }));
  return trainLogistic(tr, train);
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
const pr = (c: Counts) =>
  `${(c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp)).toFixed(2)} / ${(c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn)).toFixed(2)}`;
/** P / R with the counts behind them (pooled rows: two decimals hide a row or two). */
const prn = (c: Counts) => `${pr(c)} (${c.tp} ${c.fp} ${c.fn})`;

function tally(c: Counts, expected: boolean, got: boolean): void {
  if (expected && got) c.tp++;
  else if (got) c.fp++;
  else if (expected) c.fn++;
}

const rows = loadRows();
console.error(
  `rows: ${rows.length}; features ${JSON.stringify(features)}; train ${JSON.stringify(train)}; threshold ${threshold0}`,
);

// Leave one set out: the held-out set's author never wrote a word of the training rows.
const table: string[] = [];
const sums = new Map<string, { model: number[]; rules: number[] }>();
const benignHits = { model: 0, rules: 0, n: 0, spamModel: 0, spamRules: 0, spamN: 0 };
const errors: string[] = [];
const pooled = new Map<MessageLabel, { model: Counts; rules: Counts }>();
// Sets nobody working on the labeller has read (default: 6E and 6F; 6C/6D error lists were read once): their pooled figure is
// the honest one.
const unread = opt(
  'unread',
  'set6c,set6d,set6e,set6f,set5a,set5b,set7g,set7h,set9i,set9j,set11k,set11l,set13m,set13n,set15o,set15p,set17q,set17r,set19s,set19t,set21u,set21v,set23w,set23x,set25t1,set25t2,set25t3,set25t4,set25t5,set25y,set25z,set27aa,set27ab,set29ba,set29bb',
).split(',');
/** `--exclude-train a,b`: never train on these sets (scored when held out): model 5's folds for a before/after table. */
const excludeTrain = opt('exclude-train', '').split(',').filter(Boolean);
const pooledUnread = new Map<MessageLabel, { model: Counts; rules: Counts }>();
/** Model 16: the conversation sets' text rows (`textOnly`), pooled apart (their misses were read: not blind). */
const pooledChats = new Map<MessageLabel, { model: Counts; rules: Counts }>();
/** Out-of-fold probabilities on the unread sets, for `--sweep` (threshold chosen by LOSO). */
const sweep: Array<{ label: MessageLabel; p: number; e: boolean; set: string }> = [];
/** `--folds a,b`: hold out only these sets (a quicker dev loop; the pooled unread figure needs all of them). */
const folds = opt('folds', '');
for (let k = 0; k < SETS.length; k++) {
  const held = SETS[k]!.name;
  if (folds !== '' && !folds.split(',').includes(held)) continue;
  const trainRows = rows.filter((r) => r.set !== held && r.fold !== k && !excludeTrain.includes(r.set));
  const test = rows.filter((r) => r.set === held);
  const cells: string[] = [held, String(test.length)];
  const heldBenign = rows.filter((r) => r.fold === k && (r.set === 'ham' || r.set === 'spam'));
  const benignGot = new Map<Row, boolean>();
  for (const label of modelLabels) {
    if (SETS[k]!.only && !SETS[k]!.only!.includes(label)) {
      cells.push('—');
      continue;
    }
    const m = trainFor(trainRows, label);
    const threshold = thresholdOf(label);
    const cm: Counts = { tp: 0, fp: 0, fn: 0 };
    const cr: Counts = { tp: 0, fp: 0, fn: 0 };
    for (const r of test) {
      if (!annotated(r, label)) continue;
      const e = r.labels.includes(label);
      const pm = predict(m, [...r.feats.keys()]);
      if (unread.includes(held)) sweep.push({ label, p: vetoed(r, label) ? 0 : pm, e, set: held });
      const gm = (pm >= threshold && !vetoed(r, label)) || (union && r.rules.includes(label));
      tally(cm, e, gm);
      tally(cr, e, r.rules.includes(label));
      if (e !== gm)
        errors.push(
          `${held}\t${label}\t${e ? 'FN' : 'FP'}\t${r.feats.size === 0 ? 'none' : vetoed(r, label) ? 'veto' : pm.toFixed(2)}\t${r.text.slice(0, 160)}`,
        );
    }
    for (const r of heldBenign)
      if (predict(m, [...r.feats.keys()]) >= threshold && !vetoed(r, label)) {
        benignGot.set(r, true);
        errors.push(`${r.set}\t${label}\tFP\t${r.text.slice(0, 140)}`);
      }
    cells.push(`${pr(cr)} → **${pr(cm)}**`);
    const key = label;
    const s = sums.get(key) ?? { model: [], rules: [] };
    const f1 = (c: Counts) => [
      c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp),
      c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn),
    ];
    s.model.push(...f1(cm));
    s.rules.push(...f1(cr));
    sums.set(key, s);
    const p = pooled.get(label) ?? { model: { tp: 0, fp: 0, fn: 0 }, rules: { tp: 0, fp: 0, fn: 0 } };
    for (const x of ['tp', 'fp', 'fn'] as const) {
      p.model[x] += cm[x];
      p.rules[x] += cr[x];
    }
    pooled.set(label, p);
    if (SETS[k]!.textOnly) {
      const u = pooledChats.get(label) ?? { model: { tp: 0, fp: 0, fn: 0 }, rules: { tp: 0, fp: 0, fn: 0 } };
      for (const x of ['tp', 'fp', 'fn'] as const) {
        u.model[x] += cm[x];
        u.rules[x] += cr[x];
      }
      pooledChats.set(label, u);
    }
    if (unread.includes(held)) {
      const u = pooledUnread.get(label) ?? { model: { tp: 0, fp: 0, fn: 0 }, rules: { tp: 0, fp: 0, fn: 0 } };
      for (const x of ['tp', 'fp', 'fn'] as const) {
        u.model[x] += cm[x];
        u.rules[x] += cr[x];
      }
      pooledUnread.set(label, u);
    }
  }
  for (const r of heldBenign) {
    const ruleHit = r.rules.length > 0;
    if (r.set === 'ham') {
      benignHits.n++;
      if (benignGot.get(r)) benignHits.model++;
      if (ruleHit) benignHits.rules++;
    } else {
      benignHits.spamN++;
      if (benignGot.get(r)) benignHits.spamModel++;
      if (ruleHit) benignHits.spamRules++;
    }
  }
  table.push(`| ${cells.join(' | ')} |`);
}
const mean = (xs: number[], off: number) => {
  let s = 0;
  let n = 0;
  for (let i = off; i < xs.length; i += 2) {
    s += xs[i]!;
    n++;
  }
  return (s / n).toFixed(2);
};
// `--folds none` (only `--write`): no table.
if (table.length > 0) {
  console.log(
    `| held-out set | rows | ${modelLabels.map((l) => `${l} rules → model (P / R)`).join(' | ')} |`,
  );
  console.log(`| --- | --- | ${modelLabels.map(() => '---').join(' | ')} |`);
  for (const t of table) console.log(t);
  console.log(
    `| **mean** | | ${modelLabels
      .map((l) => {
        const s = sums.get(l)!;
        return `${mean(s.rules, 0)} / ${mean(s.rules, 1)} → **${mean(s.model, 0)} / ${mean(s.model, 1)}**`;
      })
      .join(' | ')} |`,
  );
  console.log(
    `| **pooled** | | ${modelLabels
      .map((l) => {
        const p = pooled.get(l)!;
        return `${pr(p.rules)} → **${pr(p.model)}**`;
      })
      .join(' | ')} |`,
  );
  console.log(
    `| **pooled, unread sets** (${unread.join(', ')}) | | ${modelLabels
      .map((l) => {
        const p = pooledUnread.get(l);
        return p ? `${prn(p.rules)} → **${prn(p.model)}**` : '—';
      })
      .join(' | ')} |`,
  );
  if (pooledChats.size > 0)
    console.log(
      `| **pooled, conversation sets' text rows** | | ${modelLabels
        .map((l) => {
          const p = pooledChats.get(l);
          return p ? `${prn(p.rules)} → **${prn(p.model)}**` : '—';
        })
        .join(' | ')} |`,
    );
  console.log(
    `held-out ham lines with a model label: ${benignHits.model} of ${benignHits.n} (rules, any label: ${benignHits.rules}); spam ${benignHits.spamModel} of ${benignHits.spamN} (rules ${benignHits.spamRules})`,
  );
}
if (flag('sweep'))
  for (const label of modelLabels) {
    const cells: string[] = [];
    for (const t of opt('sweep-points', '0.3,0.35,0.4,0.45,0.5,0.55,0.6,0.65,0.7').split(',').map(Number)) {
      const c: Counts = { tp: 0, fp: 0, fn: 0 };
      for (const x of sweep) if (x.label === label) tally(c, x.e, x.p >= t);
      cells.push(`${t}: ${prn(c)}`);
    }
    console.log(`sweep ${label} (unread, pooled): ${cells.join(' | ')}`);
  }
if (flag('errors')) for (const e of errors) console.log(e);
/**
 * `--dump-oof file`: the out-of-fold probabilities behind `--sweep` (`label`, `p`, expected 0/1, held-out set; one row per line), so
 * that a finer threshold grid is read off one run.
 */
if (opt('dump-oof', '') !== '')
  writeFileSync(
    opt('dump-oof', ''),
    sweep.map((x) => `${x.label}\t${x.p}\t${x.e ? 1 : 0}\t${x.set}\n`).join(''),
  );

if (flag('write')) {
  const labels: LabelModelData['labels'] = {};
  for (const label of modelLabels) {
    const m = trainFor(
      rows.filter((r) => !excludeTrain.includes(r.set)),
      label,
    );
    const weights: Record<string, number> = {};
    for (const [f, w] of [...m.weights].sort(
      (a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1),
    ))
      weights[f] = Math.round(w * 1e4) / 1e4;
    labels[label] = {
      bias: Math.round(m.bias * 1e4) / 1e4,
      threshold: thresholdOf(label),
      weights,
      ...((VETO[label] ?? []).length > 0 ? { veto: VETO[label] } : {}),
    };
  }
  // `--labels` a subset (model 19: `--labels recruitment`): the other labels keep their blocks of the current file as
  // they are (their weights, thresholds and vetoes), so that one label can be retrained without moving the others.
  const current = JSON.parse(readFileSync(new URL('label-model.json', LABELS_DIR), 'utf8')) as LabelModelData;
  const ordered: LabelModelData['labels'] = {};
  for (const label of new Set([...Object.keys(current.labels), ...Object.keys(labels)]) as Set<MessageLabel>)
    ordered[label] = labels[label] ?? current.labels[label]!;
  const out: LabelModelData = {
    version: opt('version', '1'),
    lexiconVersion: LEXICON_VERSION,
    features,
    labels: ordered,
    training: {
      script: 'scripts/train-labels.ts',
      sets: [
        ...SETS.filter((s) => !excludeTrain.includes(s.name)).map((s) => s.file),
        ...BENIGN.filter((b) => !excludeTrain.includes(b.name)).map((b) => b.file),
        'tgspam_data_ham-samples.txt',
        'tgspam_data_spam-samples.txt',
      ],
      options: train,
    },
  };
  // `--out FILE`: elsewhere (an experiment's model; `--write` alone replaces the shipped one).
  const target = opt('out', '') || new URL('label-model.json', LABELS_DIR);
  writeFileSync(target, `${JSON.stringify(out, null, 1)}\n`);
  console.error(`wrote ${String(target)}`);
}
