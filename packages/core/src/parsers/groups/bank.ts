import type { FormatParser } from '../parser.ts';

/** The bank parsers; registering a format is one line here. */
export const BANK_PARSERS: FormatParser[] = [];
