// `1CClientBankExchange` is ASCII, so it reads the same in Windows-1251, CP866 and UTF-8.
const MARKER = '1CClientBankExchange';
const ascii = new TextDecoder('latin1');

/** 1C ClientBankExchange (`1CClientBankExchange` on the first line). */
export function detectClientBank1c(head: Uint8Array, _fileName: string): number {
  const text = ascii.decode(head.subarray(0, 256)).replace(/^\u00ef\u00bb\u00bf/, '');
  return text.trimStart().startsWith(MARKER) ? 0.99 : 0;
}
