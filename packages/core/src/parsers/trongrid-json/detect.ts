import { decodeHead } from '../../text/index.ts';

/** TronGrid v1 account responses: a `data` array whose items carry `token_info` (trc20) or `raw_data` + `txID`. */
export function detectTronGrid(head: Uint8Array, _fileName: string): number {
  const text = decodeHead(head).trimStart();
  if (!text.startsWith('{') || !text.includes('"data"')) return 0;
  if (text.includes('"token_info"') && text.includes('"transaction_id"')) return 0.95;
  if (text.includes('"txID"') && text.includes('"raw_data"') && text.includes('Contract"')) return 0.9;
  return 0;
}
