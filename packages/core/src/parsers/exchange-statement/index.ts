/** Exchange account statements (Binance "Transaction History"). See docs/formats/crypto.md. */
import type { FormatParser } from '../parser.ts';
import { detectExchangeStatement } from './detect.ts';
import { parseExchangeStatement } from './parse.ts';

export const binanceStatementCsv: FormatParser = {
  format: 'binance-statement-csv',
  version: '1',
  detect: detectExchangeStatement,
  parse: parseExchangeStatement,
};
