import { isZip } from '../zip-head.ts';
import { CSV_DELIMITERS, decodeHead, parseCsvText, sniffDelimiter } from '../../text/index.ts';
import { detectHeader } from './detect-header.ts';
import { readXlsx } from './read-xlsx.ts';
import { parseTableDate } from './table-date.ts';

const CRYPTO_COLUMN = /^(coin|holding coin|token|asset|symbol|network|txid|tx_?hash|txhash|blockno|монета)$/i;
const CANONICAL = /(^|[,;\t])(tx_id|from_account|to_account|order_id)([,;\t]|$)/m;

/**
 * The delimiter under which the sample has the best statement header. Generic sniffing is misled by the
 * metadata lines above the table (`Входящий остаток: 10 000,00` is full of commas).
 */
export function sniffTableDelimiter(sample: string): {
  delimiter: string;
  header: ReturnType<typeof detectHeader>;
} {
  const lines = sample.split(/\r?\n/).slice(0, 80).join('\n');
  let best: { delimiter: string; header: ReturnType<typeof detectHeader> } = {
    delimiter: sniffDelimiter(sample),
    header: undefined,
  };
  for (const delimiter of CSV_DELIMITERS) {
    const header = detectHeader(parseCsvText(lines, { delimiter }).map((r) => r.fields));
    if (header && (!best.header || header.score > best.header.score)) best = { delimiter, header };
  }
  return best;
}

/** A CSV (or TSV) bank statement: a header row with date and amount columns within its first rows. */
export function detectBankCsv(head: Uint8Array, _fileName: string): number {
  if (head.length === 0 || head.subarray(0, 4).every((b, i) => b === [0x50, 0x4b, 0x03, 0x04][i])) return 0;
  let text = decodeHead(head);
  if (/[\u0000-\u0008]/.test(text.slice(0, 4096)) || /^\s*</.test(text)) return 0;
  const cut = text.lastIndexOf('\n');
  if (cut > 0 && head.length >= 65536) text = text.slice(0, cut);
  const { delimiter, header } = sniffTableDelimiter(text);
  if (!header) return 0;
  // Prose that happens to name "Date" and "Amount" (a README) has no dated rows under its "header".
  const after = parseCsvText(
    text
      .split(/\r?\n/)
      .slice(0, header.index + 12)
      .join('\n'),
    { delimiter },
  )
    .slice(header.index + 1)
    .map((r) => r.fields[header.columns.date ?? 0] ?? '')
    .filter((c) => c.trim() !== '');
  if (after.length > 0 && !after.some((c) => parseTableDate(c, 'DMY') ?? parseTableDate(c, 'MDY')))
    return 0.2;
  // Exchange and blockchain exports also have a date and an amount; their coin/txid columns give them away.
  if (header.labels.some((l) => CRYPTO_COLUMN.test(l.trim()))) return 0.3;
  if (CANONICAL.test(text.slice(0, 4096))) return 0.3;
  return Math.min(0.9, 0.7 + 0.05 * (header.score - 2));
}

/** An XLSX workbook. The head of a zip shows little, so a whole small file is opened to find a header. */
export function detectBankXlsx(head: Uint8Array, fileName: string): number {
  if (!isZip(head)) return 0;
  const names = new TextDecoder('latin1').decode(head.subarray(0, 65536));
  if (!names.includes('xl/') && !/\.xlsx$/i.test(fileName)) return 0;
  // End of central directory within the head: the whole file is here.
  if (names.lastIndexOf('PK\u0005\u0006') > 0) {
    const r = readXlsx(head);
    if (r.ok && r.sheets.some((s) => detectHeader(s.rows.map((x) => x.cells)))) return 0.85;
    return 0.3;
  }
  return 0.55;
}
