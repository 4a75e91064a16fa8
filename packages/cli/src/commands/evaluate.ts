import { UserError } from '@dragnet/services/user-error.ts';
import { printJson, say } from '../output/context.ts';
import { type CommandSpec, str } from './spec.ts';

export const evaluate: CommandSpec = {
  name: 'evaluate',
  usage: 'evaluate <case-dir> --truth FILE [--network ID|REGION]... [--lang ru|en]',
  help: [
    'Scores the case’s stored findings against a generator’s truth.json: precision/recall/F1 per role,',
    'channel labels, turnover and participants error, end-recipient attribution. --network (repeatable) scores',
    'only the networks whose evidence the case holds, e.g. --network shymkent for a case of that folder.',
  ].join('\n'),
  options: {
    truth: { type: 'string' },
    lang: { type: 'string' },
    network: { type: 'string', multiple: true },
  },
  async run([caseDir], values, ctx) {
    const { openCase } = await import('@dragnet/services/case-folder.ts');
    const { evaluateCase } = await import('@dragnet/services/evaluate-case.ts');
    const truthPath = str(values, 'truth');
    if (!caseDir || !truthPath)
      throw new UserError('missing <case-dir> or --truth FILE', {
        hint: 'dragnet evaluate <case-dir> --truth truth.json',
      });
    const lang = str(values, 'lang') === 'ru' ? 'ru' : 'en';
    const handle = await openCase(caseDir, ctx.openStore);
    try {
      const networks = (values['network'] as string[] | undefined) ?? [];
      const result = await evaluateCase({
        truthPath,
        store: handle.store,
        lang,
        ...(networks.length ? { networks } : {}),
      });
      if (values['json']) printJson(ctx, result.report);
      else say(ctx, result.text);
      return 0;
    } finally {
      await handle.store.close();
    }
  },
};
