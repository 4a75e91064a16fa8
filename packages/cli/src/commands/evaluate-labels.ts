import { UserError } from '@dragnet/services/user-error.ts';
import { printJson, say } from '../output/context.ts';
import { shown } from '../output/safe-text.ts';
import { type CommandSpec, str } from './spec.ts';

export const evaluateLabels: CommandSpec = {
  name: 'evaluate-labels',
  usage: 'evaluate-labels <set.jsonl|set.csv>... [--errors N] [--by lang|ctx]',
  help: [
    'Scores the message labels on messages you labelled yourself: precision and recall per label, for each message',
    'alone and, where the rows name their chat, with it (the chat context an ingest adds). JSON Lines rows',
    '`{"text", "labels": [...], "chat", "from", "replyTo"}` or CSV with `text` and `labels` columns (and optionally',
    '`chat`, `from`, `reply_to`, `time`); each file is read as one phone’s export. --errors N lists up to N missed and',
    'N false rows per label with their file and line. --by lang scores each language apart (the rows’ `lang`);',
    '--by ctx the rows whose own text decides their label apart from those marked `"ctx": true`.',
  ].join('\n'),
  options: { errors: { type: 'string' }, by: { type: 'string' } },
  async run(files, values, ctx) {
    const { evaluateLabelSets } = await import('@dragnet/services/evaluate-label-sets.ts');
    if (files.length === 0)
      throw new UserError('missing a labelled set', { hint: 'dragnet evaluate-labels my-messages.jsonl' });
    const errorsText = str(values, 'errors');
    const errors = errorsText ? Number.parseInt(errorsText, 10) : 0;
    if (errorsText && (!Number.isFinite(errors) || errors < 0))
      throw new UserError('--errors must be a number ≥ 0');
    const by = str(values, 'by');
    if (by !== undefined && by !== 'lang' && by !== 'ctx') throw new UserError('--by must be lang or ctx');
    const r = await evaluateLabelSets(files, { errors, ...(by ? { by } : {}) });
    if (values['json']) {
      printJson(ctx, r);
      return 0;
    }
    const fmt = (s: { precision: number; recall: number; tp: number; fp: number; fn: number }) =>
      `${s.precision.toFixed(2)} / ${s.recall.toFixed(2)} (${s.tp} ${s.fp} ${s.fn})`;
    const withChat = r.chatRows > 0;
    say(
      ctx,
      `label         alone: P / R (tp fp fn)${withChat ? '       with its chat: P / R (tp fp fn)' : ''}`,
    );
    for (const s of r.scores)
      say(
        ctx,
        `${s.label.padEnd(14)}${fmt(s.alone).padEnd(29)}${s.withChat ? fmt(s.withChat) : ''}`.trimEnd(),
      );
    const chats = r.files.reduce((n, f) => n + f.chats, 0);
    say(
      ctx,
      `${r.rows} rows from ${r.files.length} file${r.files.length === 1 ? '' : 's'}` +
        (withChat ? `, ${r.chatRows} of them in ${chats} chats` : '') +
        `; lexicon ${r.lexiconVersion}${withChat ? `, chat context ${r.contextVersion}` : ''}`,
    );
    for (const g of r.groups) {
      say(ctx, `${by} ${shown(g.key)} (${g.rows} rows)`);
      for (const s of g.scores)
        if (s.score.tp + s.score.fp + s.score.fn > 0) say(ctx, `  ${s.label.padEnd(14)}${fmt(s.score)}`);
    }
    for (const e of r.errors)
      say(
        ctx,
        `${e.kind === 'missed' ? 'missed' : 'false '} ${e.label.padEnd(12)} ${shown(e.path)}:${e.line}  ` +
          `[${e.expected.join(',')}] → [${e.got.join(',')}]  ${shown(e.text.replace(/\s+/g, ' ').slice(0, 140))}`,
      );
    return 0;
  },
};
