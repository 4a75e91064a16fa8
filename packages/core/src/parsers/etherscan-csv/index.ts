/** Etherscan-family explorer CSV exports. See docs/formats/crypto.md. */
import type { FormatParser } from '../parser.ts';
import { detectEtherscanCsv } from './detect.ts';
import { parseEtherscanCsv } from './parse.ts';

export const etherscanCsv: FormatParser = {
  format: 'etherscan-csv',
  version: '2',
  detect: detectEtherscanCsv,
  parse: parseEtherscanCsv,
};
