import { evidenceName } from '@dragnet/core/model/evidence-name.ts';
import { MESSAGE_LABELS, type MessageLabel } from '@dragnet/core/model/tables.ts';
import { UserError } from '@dragnet/services/user-error.ts';
import type { FlaggedMessage } from '@dragnet/services/list-messages.ts';
import { printJson, say } from '../output/context.ts';
import { shown } from '../output/safe-text.ts';
import { type CommandSpec, str } from './spec.ts';

const LABELS: readonly MessageLabel[] = MESSAGE_LABELS;
/** A message's text is shown up to this many characters (`--json` has all of it). */
export const TEXT_SHOWN = 160;

export const messages: CommandSpec = {
  name: 'messages',
  usage:
    'messages <case-dir> [--label sale|recruitment|training|payment|drop_report] [--chat ID|@name|TITLE] [--limit N]',
  help: [
    'Lists flagged messages with their labels, matched terms and the evidence record behind each: the file by',
    'the path it was ingested from, the locator in it and its SHA-256. --chat takes a chat id as `dragnet chats`',
    'lists it, a bare Telegram id, @username or the exact title.',
    '  --json              { "messages": [ { chatId, messageId, …, evidence: { evidenceId, locator, file, path } } ] }',
  ].join('\n'),
  options: { label: { type: 'string' }, chat: { type: 'string' }, limit: { type: 'string' } },
  async run([caseDir], values, ctx) {
    const { openCase } = await import('@dragnet/services/case-folder.ts');
    const { listFlaggedMessages } = await import('@dragnet/services/list-messages.ts');
    if (!caseDir)
      throw new UserError('missing <case-dir>', { hint: 'dragnet messages <case-dir> --label sale' });
    const label = str(values, 'label') as MessageLabel | undefined;
    if (label && !LABELS.includes(label)) throw new UserError(`--label must be one of ${LABELS.join(', ')}`);
    const limitText = str(values, 'limit');
    const limit = limitText ? Number.parseInt(limitText, 10) : undefined;
    if (limitText && (!Number.isFinite(limit) || (limit ?? 0) <= 0))
      throw new UserError('--limit must be a positive number');
    const typedChat = str(values, 'chat');
    const handle = await openCase(caseDir, ctx.openStore);
    try {
      // An id as stored, a bare Telegram id, @username or a title; a chat the case lacks is an error.
      const chat = typedChat
        ? await (await import('@dragnet/services/list-chats.ts')).resolveChat(handle.store, typedChat)
        : undefined;
      const list = await listFlaggedMessages(handle.store, {
        ...(label ? { label } : {}),
        ...(chat ? { chatId: chat } : {}),
        ...(limit ? { limit } : {}),
      });
      if (values['json']) {
        printJson(ctx, { messages: list });
        return 0;
      }
      // Evidence text is hostile: every title, name, term and text goes through `shown` (control characters
      // as visible escapes, one line each).
      for (const m of list) {
        const labels = m.labels
          .map((l) =>
            l.context
              ? `${l.label} ${l.score.toFixed(2)} (context: ${shown(l.context.reason)})`
              : `${l.label} ${l.score.toFixed(2)} [${l.terms.map((t) => shown(t.term)).join(', ')}]`,
          )
          .join('; ');
        say(ctx, `${m.timestamp}  ${shown(m.chatTitle ?? m.chatId)} #${shown(m.messageId)}  ${labels}`);
        say(ctx, `    ${author(m)}: ${textLine(m.text)}`);
        say(ctx, `    evidence ${evidenceLine(m.evidence)}`);
      }
      say(ctx, `${list.length} message(s)`);
      return 0;
    } finally {
      await handle.store.close();
    }
  },
};

/**
 * Where the message is: the file by the path it was ingested from (its name in a case from before the register kept
 * paths), the locator, and the file's SHA-256 prefix (`phone2/ChatExport_1/result.json chat:15/message:4 (sha256
 * 2038d0d9fade…)`).
 */
export function evidenceLine(e: FlaggedMessage['evidence']): string {
  const file = evidenceName({ path: e.path, originalName: e.file });
  return `${file === null ? '' : `${shown(file)} `}${shown(e.locator)} (sha256 ${e.evidenceId.slice(0, 12)}…)`;
}

/** Who wrote it: the name with the id beside it (`Покупатель (tg:user:7002)`), whichever the export gives. */
export function author(m: Pick<FlaggedMessage, 'authorId' | 'authorName'>): string {
  if (m.authorName && m.authorId) return `${shown(m.authorName)} (${shown(m.authorId)})`;
  if (m.authorName || m.authorId) return shown(m.authorName ?? m.authorId ?? '');
  return '(author unknown)';
}

/**
 * The text on one line: runs of spaces, tabs and newlines become one space (carriage returns, other
 * controls and invisible characters such as U+FEFF stay visible as escapes), cut after TEXT_SHOWN characters with a marker saying how many more.
 */
export function textLine(text: string): string {
  // U+FEFF is whitespace to JS (`\s`, trim) but an invisible character to show (`\ufeff`), not to drop.
  const chars = [...text.replace(/[^\S\r\v\f\ufeff]+/g, ' ').replace(/^ +| +$/g, '')];
  if (chars.length <= TEXT_SHOWN) return shown(chars.join(''));
  const more = chars.length - TEXT_SHOWN;
  return `${shown(chars.slice(0, TEXT_SHOWN).join(''))}… [+${more} more character${more === 1 ? '' : 's'}]`;
}
