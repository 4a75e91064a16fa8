import { bankCsvParser, bankXlsxParser } from '../bank-table/parse.ts';
import { camtParser } from '../camt/parse.ts';
import { clientBank1cParser } from '../client-bank-1c/parse.ts';
import { mt940Parser } from '../mt940/parse.ts';
import type { FormatParser } from '../parser.ts';

/** The bank parsers; registering a format is one line here. */
export const BANK_PARSERS: FormatParser[] = [
  camtParser,
  mt940Parser,
  clientBank1cParser,
  bankCsvParser,
  bankXlsxParser,
];
