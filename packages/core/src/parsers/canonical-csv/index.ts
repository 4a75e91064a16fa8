/** The canonical CSVs of CONTRACT §3, one format id each (`transfers-csv` …). See docs/formats/canonical-csv.md. */
import type { FormatParser } from '../parser.ts';
import { detectCanonical } from './detect.ts';
import { parseCanonical } from './parse.ts';
import { CANONICAL_SPECS, type CanonicalSpec } from './specs.ts';

export const CANONICAL_CSV_VERSION = '1';

export function canonicalParser(spec: CanonicalSpec): FormatParser {
  return {
    format: spec.format,
    version: CANONICAL_CSV_VERSION,
    detect: (head, fileName) => detectCanonical(spec, head, fileName),
    parse: (chunks, context) => parseCanonical(spec, chunks, context),
  };
}

export const [
  transfersCsv,
  holdersCsv,
  exchangesCsv,
  exchangeOrdersCsv,
  personsCsv,
  seizuresCsv,
  fxRatesCsv,
] = CANONICAL_SPECS.map(canonicalParser) as [
  FormatParser,
  FormatParser,
  FormatParser,
  FormatParser,
  FormatParser,
  FormatParser,
  FormatParser,
];

export { CANONICAL_SPECS, type CanonicalSpec } from './specs.ts';
