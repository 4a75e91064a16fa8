/** Evidence bytes → text → CSV records. Runs in Node and browsers (TextDecoder), streaming throughout. */
export {
  type DecodeAutoOptions,
  decodeAuto,
  decodeChunks,
  decodeHead,
  UNDECODED_ROW,
} from './decode-chunks.ts';
export { readAllText } from './read-all-text.ts';
export { flattenBatches } from './flatten-batches.ts';
export { detectEncoding, isValidUtf8, type TextEncoding } from './detect-encoding.ts';
export {
  CSV_DELIMITERS,
  type CsvRecord,
  CsvScanner,
  parseCsvText,
  type ReadCsvOptions,
  readCsvBatches,
  readCsvRecords,
  sniffDelimiter,
} from './read-csv-records.ts';
