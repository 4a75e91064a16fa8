import { MESSAGE_LABELS, type MessageLabel } from '@dragnet/core/model/tables.ts';
import { UserError } from '@dragnet/services/user-error.ts';
import { printJson, say } from '../output/context.ts';
import { shown } from '../output/safe-text.ts';
import { type CommandSpec, str } from './spec.ts';

const LABELS: readonly MessageLabel[] = MESSAGE_LABELS;

export const chats: CommandSpec = {
  name: 'chats',
  usage: 'chats <case-dir> [--label sale|recruitment|training|payment|drop_report]',
  help: [
    'Lists the Telegram chats of the case: id (what --chat of `messages` takes), type, title, messages, the',
    'messages each label flags and the labels the last `dragnet analyze` gave the chat. Most flagged first.',
  ].join('\n'),
  options: { label: { type: 'string' } },
  async run([caseDir], values, ctx) {
    const { openCase } = await import('@dragnet/services/case-folder.ts');
    const { listChats } = await import('@dragnet/services/list-chats.ts');
    if (!caseDir) throw new UserError('missing <case-dir>', { hint: 'dragnet chats <case-dir>' });
    const label = str(values, 'label') as MessageLabel | undefined;
    if (label && !LABELS.includes(label)) throw new UserError(`--label must be one of ${LABELS.join(', ')}`);
    const handle = await openCase(caseDir, ctx.openStore);
    try {
      const { chats: list, analysed } = await listChats(handle.store, label ? { label } : {});
      if (values['json']) {
        printJson(ctx, { chats: list, analysed });
        return 0;
      }
      // Titles and usernames are evidence text: shown as text, one line each.
      for (const c of list) {
        const flagged = LABELS.filter((l) => c.flagged[l])
          .map((l) => `${l} ${c.flagged[l]}`)
          .join(', ');
        const chan = c.channelLabels?.map((l) => `${l.label} ${l.score.toFixed(2)}`).join(', ');
        say(
          ctx,
          `${shown(c.chatId)}  ${c.type}  ${shown(c.title ?? '(no title)')}${c.username ? ` @${shown(c.username.replace(/^@/, ''))}` : ''}`,
        );
        say(
          ctx,
          `    ${c.messages} message(s)${flagged ? `; flagged: ${flagged}` : ''}${chan ? `; chat labels: ${chan}` : ''}${c.evidenceFiles > 1 ? `; in ${c.evidenceFiles} evidence files` : ''}`,
        );
      }
      say(
        ctx,
        `${list.length} chat(s)${analysed ? '' : ' (no analysis yet: run dragnet analyze for the chat labels)'}`,
      );
      return 0;
    } finally {
      await handle.store.close();
    }
  },
};
