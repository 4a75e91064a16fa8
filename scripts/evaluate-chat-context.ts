/**
 * Measures the chat context (packages/core/src/labels/label-chat.ts) on the conversation-shaped SYNTHETIC dev
 * sets: per set, sale and recruitment P/R (tp fp fn) over all rows, the rows the text decides (`ctx: false`) and
 * the rows only the chat decides (`ctx: true`), the per-message labeller alone against it with the context labels.
 * The rules' one tuned number, `maxOwnRival`, is also chosen leave-one-set-out (picked on the other sets, by
 * the summed F1 of sale and recruitment), so the figure for each set is one its own rows did not tune.
 * docs/labels.md, "Chat context".
 *
 *   npx tsx scripts/evaluate-chat-context.ts            # the tables
 *   npx tsx scripts/evaluate-chat-context.ts --changes  # also every row the context changed, right or wrong
 *   npx tsx scripts/evaluate-chat-context.ts --file /path/set.jsonl[,…]  # a set outside testdata too (a dev set
 *                                                       # with reply links: `replyTo` = the position of the
 *                                                       # message replied to, 1…n per chat, as evaluateChats numbers)
 *   npx tsx scripts/evaluate-chat-context.ts --no-pick  # the shipped threshold only (no leave-one-set-out pick)
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type ChatRow, evaluateChats, parseChatSet } from '../packages/core/src/labels/evaluate-chats.ts';
import type { LabelScore } from '../packages/core/src/labels/evaluate-labels.ts';
import { CONTEXT_LABELS, LABEL_CHAT_DEFAULTS } from '../packages/core/src/labels/label-chat.ts';

const DIR = new URL('../packages/core/src/labels/testdata/', import.meta.url);
const SETS = (
  argValue('--sets') ??
  'chat31ca,chat31cb,chat31cc,chat31cd,chat33da,chat33db,chat35ea,chat35eb,chat37fa,chat37fb,chat37fc'
).split(',');
const FILES = argValue('--file')?.split(',') ?? [];
const GRID = [0.2, 0.3, 0.4, 0.5, 0.6];

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function load(name: string): ChatRow[] {
  const file = FILES.find((f) => basename(f, '.jsonl') === name);
  return parseChatSet(readFileSync(file ?? new URL(`eval.${name}.synthetic.jsonl`, DIR), 'utf8'));
}

function fmt(s: LabelScore): string {
  return `${s.precision.toFixed(2)} / ${s.recall.toFixed(2)} (${s.tp} ${s.fp} ${s.fn})`;
}

function f1Sum(rows: readonly ChatRow[], maxOwnRival: number): number {
  let sum = 0;
  for (const s of evaluateChats(rows, { maxOwnRival }).context.all)
    if (CONTEXT_LABELS.includes(s.label)) sum += (2 * s.precision * s.recall) / (s.precision + s.recall || 1);
  return sum;
}

const names = [...SETS, ...FILES.map((f) => basename(f, '.jsonl'))];
const sets = new Map(names.map((s) => [s, load(s)]));
for (const name of names) {
  const rows = sets.get(name)!;
  // Chat ids repeat across sets (`c01`): keep each set's chats apart when they are pooled.
  const others = names
    .filter((s) => s !== name)
    .flatMap((s) => sets.get(s)!.map((r) => ({ ...r, chat: `${s}/${r.chat}` })));
  const picked =
    others.length > 0 && !process.argv.includes('--no-pick')
      ? GRID.reduce((best, t) => (f1Sum(others, t) > f1Sum(others, best) ? t : best), GRID[0]!)
      : LABEL_CHAT_DEFAULTS.maxOwnRival;
  for (const [what, maxOwnRival] of [
    ['shipped', LABEL_CHAT_DEFAULTS.maxOwnRival],
    ['picked on the other sets', picked],
  ] as const) {
    const ev = evaluateChats(rows, { maxOwnRival });
    console.log(
      `\n## ${name}: ${rows.length} rows, ${rows.filter((r) => r.ctx).length} ctx; maxOwnRival ${maxOwnRival} (${what})`,
    );
    console.log('| label | rows | labeller P / R (tp fp fn) | with chat context P / R (tp fp fn) |');
    console.log('| --- | --- | --- | --- |');
    for (const l of CONTEXT_LABELS)
      for (const slice of ['all', 'text', 'ctx'] as const) {
        const b = ev.base[slice].find((s) => s.label === l)!;
        const c = ev.context[slice].find((s) => s.label === l)!;
        console.log(`| ${l} | ${slice} | ${fmt(b)} | ${fmt(c)} |`);
      }
    if (process.argv.includes('--changes') && what === 'shipped')
      for (const ch of ev.changes) {
        const ok = ch.lifted.every((l) => ch.expected.includes(l));
        console.log(
          `${ok ? '  ok ' : '  BAD'} +[${ch.lifted}] want [${ch.expected}] ${ch.chat}: ${ch.text.slice(0, 70)}`,
        );
      }
    if (picked === LABEL_CHAT_DEFAULTS.maxOwnRival) break;
  }
}
