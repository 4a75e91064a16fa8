import { decodeHead, parseCsvText, sniffDelimiter } from '../../text/index.ts';
import { statementColumns } from './parse.ts';

export function detectExchangeStatement(head: Uint8Array, _fileName: string): number {
  const text = decodeHead(head);
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  const header = parseCsvText(first, { delimiter: sniffDelimiter(first) })[0]?.fields;
  return header && statementColumns(header) ? 0.9 : 0;
}
