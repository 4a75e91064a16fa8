import { esploraJson } from '../esplora-json/index.ts';
import { etherscanCsv } from '../etherscan-csv/index.ts';
import { etherscanJson } from '../etherscan-json/index.ts';
import { binanceHistoryCsv, binanceStatementCsv, p2pOrdersCsv } from '../exchange-statement/index.ts';
import type { FormatParser } from '../parser.ts';
import { tronCsv } from '../tron-csv/index.ts';
import { tronGridJson } from '../trongrid-json/index.ts';

/** The crypto parsers; registering a format is one line here. */
export const CRYPTO_PARSERS: FormatParser[] = [
  esploraJson,
  tronGridJson,
  etherscanJson,
  etherscanCsv,
  tronCsv,
  binanceStatementCsv,
  binanceHistoryCsv,
  p2pOrdersCsv,
];
