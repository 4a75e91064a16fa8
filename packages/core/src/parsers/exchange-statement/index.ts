/** Exchange account statements, deposit/withdrawal and P2P order histories. See docs/formats/crypto.md. */
import type { FormatParser } from '../parser.ts';
import { detectBinanceHistory, detectExchangeStatement, detectP2pOrders } from './detect.ts';
import { parseExchangeStatement } from './parse.ts';
import { parseBinanceHistory } from './parse-history.ts';
import { parseP2pOrders } from './parse-p2p.ts';

export const binanceStatementCsv: FormatParser = {
  format: 'binance-statement-csv',
  version: '2',
  detect: detectExchangeStatement,
  parse: parseExchangeStatement,
};

export const binanceHistoryCsv: FormatParser = {
  format: 'binance-history-csv',
  version: '2',
  detect: detectBinanceHistory,
  parse: parseBinanceHistory,
};

/** P2P order histories (Binance "P2P order history" and exports with its columns) → `exchange_orders`. */
export const p2pOrdersCsv: FormatParser = {
  format: 'p2p-orders-csv',
  version: '1',
  detect: detectP2pOrders,
  parse: parseP2pOrders,
};
