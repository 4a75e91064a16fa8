import type { FormatParser } from '../parser.ts';
import { telegramJsonParser } from '../telegram-json/index.ts';

/** The telegram parsers; registering a format is one line here. */
export const TELEGRAM_PARSERS: FormatParser[] = [telegramJsonParser];
