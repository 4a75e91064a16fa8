import { UserError } from '@dragnet/services/user-error.ts';
import { printJson, say } from '../output/context.ts';
import { type CommandSpec, str } from './spec.ts';

export const caseInit: CommandSpec = {
  name: 'case init',
  usage: 'case init <case-dir> [--name NAME] [--agency NAME]',
  help: 'Creates a case folder: case.json, case.duckdb and evidence/.',
  options: { name: { type: 'string' }, agency: { type: 'string' } },
  async run([dir], values, ctx) {
    const { initCase } = await import('@dragnet/services/case-folder.ts');
    if (!dir) throw new UserError('missing <case-dir>', { hint: 'dragnet case init <case-dir>' });
    const name = str(values, 'name');
    const agency = str(values, 'agency');
    const info = await initCase(dir, ctx.openStore, {
      now: ctx.now(),
      ...(name ? { name } : {}),
      ...(agency ? { agency } : {}),
    });
    if (values['json']) printJson(ctx, { case: dir, ...info });
    else say(ctx, `created case "${info.name}" in ${dir}`);
    return 0;
  },
};
