import { decodeHead, parseCsvText } from '../../text/index.ts';
import { MAX_PREFACE, tronColumns } from './parse.ts';

/** A header with hash/time/from/to/amount columns and a first data row whose from and to are T-addresses. */
export function detectTronCsv(head: Uint8Array, _fileName: string): number {
  const text = decodeHead(head);
  const cut = text.lastIndexOf('\n');
  const rows = parseCsvText(cut > 0 ? text.slice(0, cut) : text).slice(0, MAX_PREFACE + 2);
  const at = rows.findIndex((r, i) => i < MAX_PREFACE && tronColumns(r.fields) !== undefined);
  const col = at >= 0 ? tronColumns(rows[at]!.fields) : undefined;
  const first = rows[at + 1]?.fields;
  if (!col || !first) return 0;
  const isT = (i: number) => /^T[1-9A-HJ-NP-Za-km-z]{33}$/.test((first[i] ?? '').trim());
  return isT(col.from!) && isT(col.to!) ? 0.9 : 0;
}
