import { decodeHead, parseCsvText, sniffDelimiter } from '../../text/index.ts';
import { etherscanLayout } from './parse.ts';

const TRON_ADDRESS = /^T[1-9A-HJ-NP-Za-km-z]{33}$/;

/**
 * Etherscan-family header. Tronscan exports share Etherscan's column names, so a first data row whose
 * From/To are TRON T-addresses is left to the tron-csv parser.
 */
export function detectEtherscanCsv(head: Uint8Array, _fileName: string): number {
  const text = decodeHead(head);
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  const delimiter = sniffDelimiter(first);
  const header = parseCsvText(first, { delimiter })[0]?.fields;
  const layout = header && etherscanLayout(header);
  if (!layout) return 0;
  const cut = text.lastIndexOf('\n');
  const row = parseCsvText(cut > nl ? text.slice(0, cut) : text, { delimiter })[1]?.fields;
  const from = (row?.[layout.col['from']!] ?? '').trim();
  const to = (row?.[layout.col['to']!] ?? '').trim();
  if (TRON_ADDRESS.test(from) || TRON_ADDRESS.test(to)) return 0.1;
  return 0.95;
}
