/**
 * Trains a line model (packages/core/src/labels/line-model-<label>.json, `chat-46`; `--label payment|training|drop_report`)
 * from the conversation-shaped SYNTHETIC sets in packages/core/src/labels/testdata (`eval.chat*.synthetic.jsonl`): every
 * line of a chat that has a `sale`, `recruitment`, `drop_report` or `training` row is a document, of the label when
 * its row is. Deterministic: the same sets give the same weights. docs/labels.md, "Twenty-fourth session".
 *
 *   npx tsx scripts/train-line-model.ts --label payment --write --version 2 --threshold 0.65 --exclude "$HELD"   # payment model 2 (shipped; HELD as in scripts/retrain-models.sh)
 *   npx tsx scripts/train-line-model.ts --label training --write --version 1 --threshold 0.6 --exclude chat231aa,…,chat237ab   # training model 1 (shipped)
 *   npx tsx scripts/train-line-model.ts --label drop_report --write --version 1 --threshold 0.6 --exclude chat231aa,…,chat237ab   # drop_report model 1 (shipped)
 *
 * `--exclude a,b` leaves sets out; `--held a,b` scores those sets' lines (in their trade chats, by the gold labels)
 * against the model trained without them; `--threshold` (0.6 unless given; the payment model 2: 0.65; model 1 was 0.7), `--l2`, `--epochs`, `--ngram` change the model.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConversationModelData } from '../packages/core/src/labels/conversation-model.ts';
import { asWritten, chatsOf, parseChatSet } from '../packages/core/src/labels/evaluate-chats.ts';
import { messageShape, TRADE_ANCHORS } from '../packages/core/src/labels/label-chat.ts';
import { collectEvidence } from '../packages/core/src/labels/label-message.ts';
import { defaultLexicon } from '../packages/core/src/labels/lexicon.ts';
import { LINE_LABELS, type LineLabel, lineFeatures } from '../packages/core/src/labels/line-models.ts';
import { predict, trainLogistic } from '../packages/core/src/labels/train-label-model.ts';
import { conversationSetNames } from './conversation-pairs.ts';
import { flag, logisticOptions, opt } from './script-args.ts';

const DIR = join(import.meta.dirname, '../packages/core/src/labels/testdata');
const exclude = new Set(opt('exclude', '').split(',').filter(Boolean));
const held = new Set(opt('held', '').split(',').filter(Boolean));
const threshold = Number(opt('threshold', '0.6'));
const LABEL = opt('label', 'payment') as LineLabel;
if (!LINE_LABELS.includes(LABEL)) throw new Error(`--label must be one of ${LINE_LABELS.join(', ')}`);
const ngram = Number(opt('ngram', '4'));
const train = logisticOptions({ epochs: 400, minCount: 3 });
const lexicon = defaultLexicon();

const sets = conversationSetNames(DIR, exclude);
const docs: Array<{ set: string; x: string[]; y: boolean }> = [];
for (const set of sets)
  for (const chat of chatsOf(
    parseChatSet(readFileSync(join(DIR, `eval.${set}.synthetic.jsonl`), 'utf8')).map(asWritten),
  )) {
    if (!chat.some((r) => r.labels.some((l) => TRADE_ANCHORS.has(l)))) continue;
    for (const r of chat)
      docs.push({
        set,
        x: lineFeatures(r.text, messageShape(r.text), collectEvidence(r.text, lexicon), ngram),
        y: r.labels.includes(LABEL),
      });
  }

const learn = (ds: typeof docs) =>
  trainLogistic(
    ds.map((d) => ({ x: d.x, y: d.y })),
    train,
  );
if (held.size > 0) {
  const m = learn(docs.filter((d) => !held.has(d.set)));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const d of docs.filter((d) => held.has(d.set))) {
    const p = predict(m, d.x) >= threshold;
    if (p && d.y) tp++;
    else if (p) fp++;
    else if (d.y) fn++;
  }
  console.log(
    `held out (${[...held].join(', ')}), lines of trade chats: P ${(tp / (tp + fp)).toFixed(3)} R ${(tp / (tp + fn)).toFixed(3)} (${tp} ${fp} ${fn})`,
  );
}

if (flag('write')) {
  const m = learn(docs);
  const weights: Record<string, number> = {};
  for (const [k, w] of [...m.weights].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    weights[k] = Math.round(w * 10000) / 10000;
  const data: ConversationModelData = {
    version: Number(opt('version', '1')),
    lexiconVersion: lexicon.version,
    label: LABEL,
    threshold,
    window: 0,
    minOwn: 0,
    ngram,
    about: `Line model for ${LABEL} (docs/labels.md, "Twenty-fourth session"): logistic weights over a line's letter n-grams, lexicon groups and four marks (card or wallet, digit, money talk, acknowledgement), for the lines of a trade chat. Trained by scripts/train-line-model.ts on the conversation-shaped SYNTHETIC sets; detection features only.`,
    training: { sets, documents: docs.length, [LABEL]: docs.filter((d) => d.y).length, ...train },
    bias: Math.round(m.bias * 10000) / 10000,
    weights,
  };
  const file = join(import.meta.dirname, `../packages/core/src/labels/line-model-${LABEL}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  console.log(
    `wrote ${file}: version ${data.version}, ${Object.keys(weights).length} weights, ${docs.length} lines`,
  );
}
