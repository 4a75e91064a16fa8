/**
 * Leave-one-pair-out of the per-message label model over the conversation pairs 71WA … 149AB
 * (`scripts/conversation-pairs.ts`; 115AB until the twenty-first session, 107AB until the eighteenth;
 * `LOPO_LABELS=recruitment` retrains that label only), scored as the case
 * reads chats (`evaluateChats`, with context): for each pair, a label model trained by scripts/train-labels.ts on
 * the shipped recipe plus the other pairs' text rows (`--more-chats`, `--exclude-train` the pair), against the
 * shipped model, on the held-out pair. Since model 31 the shipped model trained on every pair (its arm is no held-out
 * score); model 31's own recipe is `LOPO_LABELS=recruitment … --bigrams 1 --skip-vetoed --threshold-recruitment 0.7`. The conversation models are the shipped
 * ones in both arms. Prints per pair and pooled tp/fp/fn for `sale` and `recruitment`. docs/labels.md,
 * "Seventeenth session".
 *
 *   npx tsx scripts/lopo-label-model.ts                                  # ≈ 6 minutes on two cores
 *   npx tsx scripts/lopo-label-model.ts --threshold-recruitment 0.7      # any train-labels.ts options after
 *
 * The fold models are written to $LOPO_DIR (default a folder in the OS temp dir) and reused when there
 * (`LOPO_FRESH=1` trains them again).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateChats, parseChatSet } from '../packages/core/src/labels/evaluate-chats.ts';
import { compileLabelModel } from '../packages/core/src/labels/label-model.ts';
import { CONVERSATION_PAIRS } from './conversation-pairs.ts';

const root = new URL('..', import.meta.url).pathname;
const testdata = join(root, 'packages/core/src/labels/testdata');
const dir = process.env['LOPO_DIR'] ?? join(tmpdir(), 'dragnet-lopo');
mkdirSync(dir, { recursive: true });
const extra = process.argv.slice(2);
const tag = [process.env['LOPO_LABELS'] ?? '', ...extra].join('_').replace(/[^\w.-]+/g, '') || 'default';
const pairs = CONVERSATION_PAIRS;
const LABELS = ['sale', 'recruitment'] as const;
const pooled = new Map<string, [number, number, number]>();
for (const [a, b] of pairs) {
  const out = join(dir, `${a}-${tag}.json`);
  if (!existsSync(out) || process.env['LOPO_FRESH'] === '1')
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'scripts/train-labels.ts'),
        '--labels',
        process.env['LOPO_LABELS'] ?? 'sale,recruitment',
        '--folds',
        'none',
        '--write',
        '--version',
        'lopo',
        '--more-chats',
        '--exclude-train',
        `${a},${b}`,
        '--out',
        out,
        ...extra,
      ],
      { stdio: 'ignore', cwd: root },
    );
  const model = compileLabelModel(JSON.parse(readFileSync(out, 'utf8')));
  const sets = [a, b].map((s) =>
    parseChatSet(readFileSync(join(testdata, `eval.${s}.synthetic.jsonl`), 'utf8')),
  );
  const line: string[] = [a.slice(4, -1)];
  for (const arm of ['shipped', 'lopo'] as const) {
    const evals = sets.map((rows) => evaluateChats(rows, arm === 'shipped' ? {} : { model }));
    for (const label of LABELS) {
      const v: [number, number, number] = [0, 0, 0];
      for (const e of evals) {
        const c = e.context.all.find((x) => x.label === label)!;
        v[0] += c.tp;
        v[1] += c.fp;
        v[2] += c.fn;
      }
      const key = `${arm} ${label}`;
      const p = pooled.get(key) ?? [0, 0, 0];
      pooled.set(key, [p[0] + v[0], p[1] + v[1], p[2] + v[2]]);
      line.push(`${key} ${v.join('/')}`);
    }
  }
  console.log(line.join(' | '));
}
for (const [key, [tp, fp, fn]] of pooled)
  console.log(
    `${key.padEnd(20)} ${tp} ${fp} ${fn}  P ${(tp / (tp + fp)).toFixed(3)}  R ${(tp / (tp + fn)).toFixed(3)}`,
  );
