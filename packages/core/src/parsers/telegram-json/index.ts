import type { FormatParser } from '../parser.ts';
import { detectTelegramJson } from './detect.ts';
import { parseTelegramJson, TELEGRAM_JSON_VERSION } from './parse.ts';

/** Telegram Desktop JSON export (single chat `result.json` or full-account export). */
export const telegramJsonParser: FormatParser = {
  format: 'telegram-json',
  version: TELEGRAM_JSON_VERSION,
  detect: detectTelegramJson,
  parse: parseTelegramJson,
};
