/** TronGrid v1 `/v1/accounts/{address}/transactions[/trc20]` JSON. See docs/formats/crypto.md. */
import type { FormatParser } from '../parser.ts';
import { detectTronGrid } from './detect.ts';
import { parseTronGrid } from './parse.ts';

export const tronGridJson: FormatParser = {
  format: 'trongrid-json',
  version: '2',
  detect: detectTronGrid,
  parse: parseTronGrid,
};
