/** TRON explorer CSV exports (Tronscan-style). See docs/formats/crypto.md. */
import type { FormatParser } from '../parser.ts';
import { detectTronCsv } from './detect.ts';
import { parseTronCsv } from './parse.ts';

export const tronCsv: FormatParser = {
  format: 'tron-csv',
  version: '2',
  detect: detectTronCsv,
  parse: parseTronCsv,
};
