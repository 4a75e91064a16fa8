import { decodeHead, parseCsvText, sniffDelimiter } from '../../text/index.ts';
import { historyColumns } from './parse-history.ts';
import { p2pColumns } from './parse-p2p.ts';
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

/**
 * A P2P order history: its columns, and a name only P2P exports use (a fiat column, a counterparty) so
 * that a spot-trade history with `Order ID, Side, Coin, Amount` is not taken for one.
 */
export function detectP2pOrders(head: Uint8Array, _fileName: string): number {
  const h = header(head);
  if (!h || !p2pColumns(h)) return 0;
  const names = h.map((c) =>
    c
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, ' '),
  );
  const p2p = [
    'fiat type',
    'fiat',
    'fiat currency',
    'fiat amount',
    'couterparty',
    'counterparty',
    'counterpartnickname',
    'фиат',
    'тип фиата',
    'фиатная валюта',
    'контрагент',
  ];
  return names.some((n) => p2p.includes(n)) ? 0.9 : 0;
}
