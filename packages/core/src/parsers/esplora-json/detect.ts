import { decodeHead } from '../../text/index.ts';

/** Esplora transaction JSON: `txid`, `vin`, `vout` and Esplora's own `scriptpubkey` field names. */
export function detectEsplora(head: Uint8Array, _fileName: string): number {
  const text = decodeHead(head).trimStart();
  if (!text.startsWith('{') && !text.startsWith('[')) return 0;
  const has = (k: string) => text.includes(`"${k}"`);
  if (!has('txid') || !has('vin') || !has('vout')) return 0;
  return has('scriptpubkey') || has('scriptpubkey_address') || has('prevout') ? 0.95 : 0.6;
}
