import {
  exchangeOrdersCsv,
  exchangesCsv,
  fxRatesCsv,
  holdersCsv,
  personsCsv,
  seizuresCsv,
  transfersCsv,
} from '../canonical-csv/index.ts';
import type { FormatParser } from '../parser.ts';

/** The canonical parsers; registering a format is one line here. */
export const CANONICAL_PARSERS: FormatParser[] = [
  transfersCsv,
  holdersCsv,
  exchangesCsv,
  exchangeOrdersCsv,
  personsCsv,
  seizuresCsv,
  fxRatesCsv,
];
