import { decodeHead } from '../../text/index.ts';

/** Etherscan-family API list: `{"status": …, "message": …, "result": [{ "blockNumber", "timeStamp", "hash" …`. */
export function detectEtherscanJson(head: Uint8Array, _fileName: string): number {
  const text = decodeHead(head).trimStart();
  if (!text.startsWith('{') || !text.includes('"result"')) return 0;
  return text.includes('"timeStamp"') && text.includes('"hash"') && text.includes('"blockNumber"') ? 0.95 : 0;
}
