const decoder = new TextDecoder('utf-8', { fatal: false });

/** camt.052/053/054 by content: the ISO 20022 namespace or the message root element in the first bytes. */
export function detectCamt(head: Uint8Array, fileName: string): number {
  const text = decoder.decode(head.subarray(0, 8192));
  if (!/^\uFEFF?\s*</.test(text)) return 0;
  if (/urn:iso:std:iso:20022:tech:xsd:camt\.05[234]/.test(text)) return 0.99;
  if (/<(\w+:)?(BkToCstmrStmt|BkToCstmrAcctRpt|BkToCstmrDbtCdtNtfctn)(V\d\d)?[\s>]/.test(text)) return 0.95;
  return /camt/i.test(fileName) && /<(\w+:)?Document[\s>]/.test(text) ? 0.5 : 0;
}
