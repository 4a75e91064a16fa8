/** Exchange account statements (Binance "Transaction History"). See docs/formats/crypto.md. */
import type { FormatParser } from '../parser.ts';
import { detectBinanceHistory, detectExchangeStatement } from './detect.ts';
import { parseExchangeStatement } from './parse.ts';
import { parseBinanceHistory } from './parse-history.ts';

export const binanceStatementCsv: FormatParser = {
  format: 'binance-statement-csv',
  version: '1',
  detect: detectExchangeStatement,
  parse: parseExchangeStatement,
};

export const binanceHistoryCsv: FormatParser = {
  format: 'binance-history-csv',
  version: '1',
  detect: detectBinanceHistory,
  parse: parseBinanceHistory,
};
