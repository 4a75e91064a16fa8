import { UserError } from '@dragnet/services/user-error.ts';
import { printJson, say } from '../output/context.ts';
import { shown } from '../output/safe-text.ts';
import type { CommandSpec } from './spec.ts';

export const status: CommandSpec = {
  name: 'status',
  usage: 'status <case-dir>',
  help: 'Counts what the case holds: evidence files, transfers, messages, entities, quarantined records.',
  options: {},
  async run([caseDir], values, ctx) {
    const { openCase } = await import('@dragnet/services/case-folder.ts');
    const { caseStatus } = await import('@dragnet/services/case-status.ts');
    if (!caseDir) throw new UserError('missing <case-dir>', { hint: 'dragnet status <case-dir>' });
    const handle = await openCase(caseDir, ctx.openStore);
    try {
      const s = await caseStatus(handle.store);
      if (values['json']) {
        printJson(ctx, s);
        return 0;
      }
      say(
        ctx,
        `case "${shown(handle.info.name)}"${handle.info.agency ? ` (${shown(handle.info.agency)})` : ''}, created ${shown(handle.info.created)}`,
      );
      const rows: Array<[string, number]> = [
        ['evidence files', s.evidence],
        ['transfers', s.transfers],
        ['messages', s.messages],
        ['flagged messages', s.flaggedMessages],
        ['chats', s.chats],
        ['telegram users', s.telegramUsers],
        ['identifiers in messages', s.identifiers],
        ['unverified in messages', s.unverifiedIdentifiers],
        ['entities', s.entities],
        ['holder records', s.holders],
        ['persons', s.persons],
        ['exchange orders', s.exchangeOrders],
        ['statements', s.statements],
        ['unreconciled statements', s.unreconciledStatements],
        ['quarantined records', s.quarantined],
        ['errors (files, statements)', s.errors],
        ['warnings', s.warnings],
      ];
      for (const [k, v] of rows) say(ctx, `  ${k.padEnd(26)} ${v.toLocaleString('en-US')}`);
      const formats = Object.entries(s.byFormat).map(([f, n]) => `${shown(f)} ×${n}`);
      if (formats.length) say(ctx, `  formats: ${formats.join(', ')}`);
      return 0;
    } finally {
      await handle.store.close();
    }
  },
};
