import type { FormatParser } from '../parser.ts';

/** The crypto parsers; registering a format is one line here. */
export const CRYPTO_PARSERS: FormatParser[] = [];
