import type { FormatParser } from '../parser.ts';
import { detectTelegramHtml } from './detect.ts';
import { parseTelegramHtml, TELEGRAM_HTML_VERSION } from './parse.ts';

/** One page of a Telegram Desktop HTML export; the pages of one chat join by the derived chat id. */
export const telegramHtmlParser: FormatParser = {
  format: 'telegram-html',
  version: TELEGRAM_HTML_VERSION,
  detect: detectTelegramHtml,
  parse: parseTelegramHtml,
};
