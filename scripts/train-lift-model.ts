/**
 * Trains the lift check (packages/core/src/labels/lift-model-recruitment.json, `chat-57`, lift-model.ts) from the
 * conversation-shaped SYNTHETIC sets in packages/core/src/labels/testdata (`eval.chat*.synthetic.jsonl`) numbered from
 * `--min-set` on (default 231: the newer authors, whose ordinary lines in trade chats the rules lift): every line the
 * chat context lifts to `recruitment` (the rules or the recruitment conversation model; not a known recruiter's line) is
 * a document, positive when its gold labels hold `recruitment`. The sets are labelled with the lift check off.
 * Deterministic: the same sets give the same weights. docs/labels.md, "Thirty-third session".
 *
 *   npx tsx scripts/train-lift-model.ts --write --version 1 --threshold 0.4      # lift model 1 (shipped)
 *   npx tsx scripts/train-lift-model.ts --batches 277-285,285-293,293-301,301-309,309-317   # each batch held out in turn
 *
 * `--held a,b` scores those sets' lifts against the model trained without them; `--batches` does so for each range of
 * set numbers in turn and sums; `--threshold` (0.4 unless given), `--l2`, `--epochs` change the model.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MessageLabel } from '../packages/core/src/model/tables.ts';
import type { ConversationModelData } from '../packages/core/src/labels/conversation-model.ts';
import { evaluateChats, parseChatSet } from '../packages/core/src/labels/evaluate-chats.ts';
import { messageShape } from '../packages/core/src/labels/label-chat.ts';
import { collectEvidence, labelProbabilities } from '../packages/core/src/labels/label-message.ts';
import { defaultLexicon } from '../packages/core/src/labels/lexicon.ts';
import { type LiftLine, liftFeatures } from '../packages/core/src/labels/lift-model.ts';
import { predict, trainLogistic } from '../packages/core/src/labels/train-label-model.ts';
import { conversationSetNames } from './conversation-pairs.ts';
import { flag, logisticOptions, opt } from './script-args.ts';

const DIR = join(import.meta.dirname, '../packages/core/src/labels/testdata');
const LABEL: MessageLabel = 'recruitment';
const OTHER: MessageLabel = 'sale';
const exclude = new Set(opt('exclude', '').split(',').filter(Boolean));
const held = new Set(opt('held', '').split(',').filter(Boolean));
const minSet = Number(opt('min-set', '231'));
const threshold = Number(opt('threshold', '0.4'));
const train = logisticOptions({ epochs: 400, minCount: 3 });
const lexicon = defaultLexicon();
const setNumber = (set: string) => Number(/^chat(\d+)/.exec(set)![1]);

// Context labels added after the chat context's own pass (a known recruiter's line, a known party's line models):
// the lift check runs before them, so they are neither checked nor read as the line's other context labels.
const LATER = /^message by .*, known as a recruiter in this |^a line of a chat in which /;

const sets = conversationSetNames(DIR, exclude).filter((s) => setNumber(s) >= minSet);
const docs: Array<{ set: string; x: string[]; y: boolean }> = [];
for (const set of sets) {
  const ev = evaluateChats(parseChatSet(readFileSync(join(DIR, `eval.${set}.synthetic.jsonl`), 'utf8')), {
    liftModel: null,
  });
  const chats = new Map<string, typeof ev.rows>();
  for (const r of ev.rows) {
    const list = chats.get(r.row.chat);
    if (list) list.push(r);
    else chats.set(r.row.chat, [r]);
  }
  for (const rows of chats.values()) {
    const lines: LiftLine[] = rows.map((r) => ({
      from: r.row.from,
      own: r.own,
      context: r.context.filter((c) => !LATER.test(c.reason)).map((c) => c.label),
    }));
    rows.forEach((r, i) => {
      const lift = r.context.find((c) => c.label === LABEL && !LATER.test(c.reason));
      if (!lift || r.own.includes(LABEL)) return;
      const p = labelProbabilities(r.row.text, lexicon);
      docs.push({
        set,
        x: liftFeatures(
          r.row.text,
          messageShape(r.row.text),
          collectEvidence(r.row.text, lexicon),
          lines,
          i,
          LABEL,
          lift.reason,
          p.get(LABEL) ?? 0,
          p.get(OTHER) ?? 0,
        ),
        y: r.row.labels.includes(LABEL),
      });
    });
  }
}

const learn = (ds: typeof docs) =>
  trainLogistic(
    ds.map((d) => ({ x: d.x, y: d.y })),
    train,
  );
/** Lifts of the held sets the model drops: right ones (tp) and wrong ones (fp), of all. */
function scoreHeld(out: (set: string) => boolean) {
  const m = learn(docs.filter((d) => !out(d.set)));
  const test = docs.filter((d) => out(d.set));
  const drop = test.filter((d) => predict(m, d.x) < threshold);
  return {
    tp: test.filter((d) => d.y).length,
    fp: test.filter((d) => !d.y).length,
    droppedTp: drop.filter((d) => d.y).length,
    droppedFp: drop.filter((d) => !d.y).length,
  };
}
if (held.size > 0)
  console.log(
    `held out (${[...held].join(', ')}):`,
    scoreHeld((s) => held.has(s)),
  );
if (opt('batches', '') !== '') {
  const sum = { tp: 0, fp: 0, droppedTp: 0, droppedFp: 0 };
  for (const range of opt('batches', '').split(',')) {
    const [a, b] = range.split('-').map(Number) as [number, number];
    const s = scoreHeld((set) => setNumber(set) >= a && setNumber(set) < b);
    console.log(
      `${range}: lifts ${s.tp} right, ${s.fp} wrong; dropped ${s.droppedTp} right, ${s.droppedFp} wrong`,
    );
    for (const k of Object.keys(sum) as Array<keyof typeof sum>) sum[k] += s[k];
  }
  console.log(
    `all batches: lifts ${sum.tp} right, ${sum.fp} wrong; dropped ${sum.droppedTp} right, ${sum.droppedFp} wrong`,
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
    ngram: 4,
    about:
      'Lift check for recruitment (docs/labels.md, "Thirty-third session"): logistic weights over a lifted line\'s letter n-grams, lexicon groups, shape marks, the kind of lift and its window (authors, own labels); a lift under the threshold is dropped. Trained by scripts/train-lift-model.ts on the conversation-shaped SYNTHETIC sets; detection features only.',
    training: { sets, minSet, documents: docs.length, [LABEL]: docs.filter((d) => d.y).length, ...train },
    bias: Math.round(m.bias * 10000) / 10000,
    weights,
  };
  const file = join(import.meta.dirname, `../packages/core/src/labels/lift-model-${LABEL}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  console.log(
    `wrote ${file}: version ${data.version}, ${Object.keys(weights).length} weights, ${docs.length} lifts`,
  );
}
