/** Etherscan-family API JSON (`txlist`, `tokentx`). See docs/formats/crypto.md. */
import type { FormatParser } from '../parser.ts';
import { detectEtherscanJson } from './detect.ts';
import { parseEtherscanJson } from './parse.ts';

export const etherscanJson: FormatParser = {
  format: 'etherscan-json',
  version: '2',
  detect: detectEtherscanJson,
  parse: parseEtherscanJson,
};
