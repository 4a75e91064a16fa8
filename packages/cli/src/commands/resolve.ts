import { UserError } from '@dragnet/services/user-error.ts';
import { printJson, say } from '../output/context.ts';
import { shown } from '../output/safe-text.ts';
import { type CommandSpec, str } from './spec.ts';

export const resolveCommand: CommandSpec = {
  name: 'resolve',
  usage: 'resolve <case-dir> [--merge A B | --keep-apart A B | --undo A B] [--note TEXT] [--by NAME]',
  help: [
    'Entity resolution decisions. Without an action: lists the scored merge candidates of the last analysis',
    'and the decisions taken. A and B are identifiers (iin:…, card:…, tg:user:…) or person ids from the',
    'findings. Decisions persist and apply to every later `dragnet analyze`.',
  ].join('\n'),
  options: {
    merge: { type: 'boolean' },
    'keep-apart': { type: 'boolean' },
    undo: { type: 'boolean' },
    note: { type: 'string' },
    by: { type: 'string' },
  },
  async run([caseDir, a, b], values, ctx) {
    const { openCase } = await import('@dragnet/services/case-folder.ts');
    const { listCandidates, listDecisions, recordDecision, removeDecision } = await import(
      '@dragnet/services/resolve-decisions.ts'
    );
    if (!caseDir) throw new UserError('missing <case-dir>', { hint: 'dragnet resolve <case-dir>' });
    const actions = ['merge', 'keep-apart', 'undo'].filter((k) => values[k]);
    if (actions.length > 1) throw new UserError('give one of --merge, --keep-apart, --undo');
    if (actions.length === 1 && (!a || !b)) throw new UserError(`--${actions[0]} needs two identifiers A B`);
    const handle = await openCase(caseDir, ctx.openStore);
    try {
      if (actions.length === 0) {
        const candidates = await listCandidates(handle.store);
        const decisions = await listDecisions(handle.store);
        if (values['json']) printJson(ctx, { candidates, decisions });
        else {
          say(ctx, `${candidates.length} merge candidate(s):`);
          for (const c of candidates.slice(0, 50)) say(ctx, `  ${JSON.stringify(c)}`);
          say(ctx, `${decisions.length} decision(s):`);
          for (const d of decisions)
            say(ctx, `  ${d.decision} ${shown(d.a)} ${shown(d.b)}${d.note ? ` — ${shown(d.note)}` : ''}`);
        }
        return 0;
      }
      const note = str(values, 'note');
      const by = str(values, 'by');
      const decisions =
        actions[0] === 'undo'
          ? await removeDecision(handle.store, a!, b!)
          : await recordDecision(handle.store, {
              a: a!,
              b: b!,
              decision: actions[0] === 'merge' ? 'merge' : 'keep_apart',
              now: ctx.now().toISOString(),
              ...(note ? { note } : {}),
              ...(by ? { by } : {}),
            });
      if (values['json']) printJson(ctx, { decisions });
      else
        say(
          ctx,
          `recorded; ${decisions.length} decision(s) in force — run dragnet analyze ${caseDir} to apply`,
        );
      return 0;
    } finally {
      await handle.store.close();
    }
  },
};
