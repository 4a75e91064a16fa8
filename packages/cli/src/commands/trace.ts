import { UserError } from '@dragnet/services/user-error.ts';
import { printJson, say } from '../output/context.ts';
import { shownDeep } from '../output/safe-text.ts';
import { type CommandSpec, str } from './spec.ts';

const METHODS = ['fifo', 'haircut', 'poison'] as const;

export const trace: CommandSpec = {
  name: 'trace',
  usage: 'trace <case-dir> (--from ID... | --to ID...) [--method fifo|haircut|poison] [--max-hops N]',
  help: [
    'Follows money forward from (--from) or backward to (--to) accounts, time-respecting (money leaves',
    'only after it arrived), across exchange orders from fiat into crypto. Prints the amount attributed',
    'to each end point, with paths. IDs are identifiers in any written form (cards, IBANs, addresses).',
  ].join('\n'),
  options: {
    from: { type: 'string', multiple: true },
    to: { type: 'string', multiple: true },
    method: { type: 'string' },
    'max-hops': { type: 'string' },
  },
  async run([caseDir, ...extra], values, ctx) {
    const { openCase } = await import('@dragnet/services/case-folder.ts');
    const { formatTrace, traceFunds } = await import('@dragnet/services/trace-funds.ts');
    if (!caseDir)
      throw new UserError('missing <case-dir>', { hint: 'dragnet trace <case-dir> --from card:…' });
    const method = (str(values, 'method') ?? 'fifo') as (typeof METHODS)[number];
    if (!METHODS.includes(method)) throw new UserError(`--method must be one of ${METHODS.join(', ')}`);
    const hopsText = str(values, 'max-hops');
    const maxHops = hopsText ? Number.parseInt(hopsText, 10) : 6;
    if (!Number.isInteger(maxHops) || maxHops < 1)
      throw new UserError('--max-hops must be a positive whole number');
    // `--from a b c` reads more naturally than repeating the flag; positionals after the case are seeds.
    const from = [...((values['from'] as string[] | undefined) ?? [])];
    const to = [...((values['to'] as string[] | undefined) ?? [])];
    if (extra.length) (from.length ? from : to.length ? to : from).push(...extra);
    const handle = await openCase(caseDir, ctx.openStore);
    try {
      const result = await traceFunds(handle.store, {
        ...(from.length ? { from } : {}),
        ...(to.length ? { to } : {}),
        method,
        maxHops,
      });
      if (values['json']) printJson(ctx, result);
      // Accounts, holders and warnings may come from evidence: each shown on its own line's terms.
      else say(ctx, formatTrace(shownDeep(result)));
      return 0;
    } finally {
      await handle.store.close();
    }
  },
};
