import type { FormatParser } from '../parser.ts';

/** The canonical parsers; registering a format is one line here. */
export const CANONICAL_PARSERS: FormatParser[] = [];
