import { decodeHead, parseCsvText, sniffDelimiter } from '../../text/index.ts';
import { historyColumns } from './parse-history.ts';
import { statementColumns } from './parse.ts';

function header(head: Uint8Array): string[] | undefined {
  const text = decodeHead(head);
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  return parseCsvText(first, { delimiter: sniffDelimiter(first) })[0]?.fields;
}

export function detectExchangeStatement(head: Uint8Array, _fileName: string): number {
  const h = header(head);
  return h && statementColumns(h) ? 0.9 : 0;
}

export function detectBinanceHistory(head: Uint8Array, _fileName: string): number {
  const h = header(head);
  return h && historyColumns(h) ? 0.9 : 0;
}
