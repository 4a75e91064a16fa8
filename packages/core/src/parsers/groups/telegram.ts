import type { FormatParser } from '../parser.ts';
import { telegramHtmlParser } from '../telegram-html/index.ts';
import { telegramJsonParser } from '../telegram-json/index.ts';

/** The telegram parsers; registering a format is one line here. */
export const TELEGRAM_PARSERS: FormatParser[] = [telegramJsonParser, telegramHtmlParser];
