/** Bitcoin Esplora (Blockstream / mempool.space) transaction JSON. See docs/formats/crypto.md. */
import type { FormatParser } from '../parser.ts';
import { detectEsplora } from './detect.ts';
import { parseEsplora } from './parse.ts';

export const esploraJson: FormatParser = {
  format: 'esplora-json',
  version: '1',
  detect: detectEsplora,
  parse: parseEsplora,
};
