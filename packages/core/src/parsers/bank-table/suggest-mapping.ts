import { decodeHead, detectEncoding, parseCsvText } from '../../text/index.ts';
import { sniffTableDelimiter } from './detect.ts';
import { detectHeader, type HeaderMatch } from './detect-header.ts';
import type { ColumnRole } from './header-synonyms.ts';
import type { BankTableMapping } from './mapping.ts';
import { readXlsx } from './read-xlsx.ts';
import { readStatementMeta } from './statement-meta.ts';

function guessDateOrder(values: readonly string[]): 'DMY' | 'MDY' {
  for (const v of values) {
    const m = /^(\d{1,2})[./-](\d{1,2})[./-]\d{2,4}/.exec(v.trim());
    if (!m) continue;
    if (Number(m[1]) > 12) return 'DMY';
    if (Number(m[2]) > 12) return 'MDY';
  }
  return 'DMY';
}

function fromRows(
  rows: readonly (readonly string[])[],
  rowNumbers: readonly number[],
  base: BankTableMapping,
): BankTableMapping {
  const header: HeaderMatch | undefined = detectHeader(rows);
  const mapping: BankTableMapping = { version: 1, ...base };
  if (!header) {
    // No header recognised: name the widest early row so the user only has to fill in roles.
    let widest = 0;
    rows.slice(0, 30).forEach((r, i) => {
      if (r.filter((c) => c.trim()).length > (rows[widest] ?? []).filter((c) => c.trim()).length) widest = i;
    });
    mapping.headerRow = rowNumbers[widest] ?? 1;
    mapping.columns = { date: '?', amount: '?' };
    return mapping;
  }
  mapping.headerRow = rowNumbers[header.index] ?? header.index + 1;
  const columns: Partial<Record<ColumnRole, string | number>> = {};
  for (const [role, i] of Object.entries(header.columns) as Array<[ColumnRole, number]>) {
    const label = header.labels[i];
    columns[role] = label && header.labels.indexOf(label) === i ? label : i + 1;
  }
  mapping.columns = columns;
  const dateCol = header.columns.date ?? 0;
  mapping.dateFormat = guessDateOrder(
    rows.slice(header.index + 1, header.index + 200).map((r) => r[dateCol] ?? ''),
  );
  const meta = readStatementMeta(rows.slice(0, header.index));
  if (meta.accountRaw ?? meta.account) mapping.account = meta.accountRaw ?? meta.account ?? '';
  if (meta.holder) mapping.holder = meta.holder;
  if (meta.currency) mapping.currency = meta.currency;
  return mapping;
}

/**
 * A starting `--mapping` for a tabular statement (what `dragnet ingest --suggest-mapping FILE` prints):
 * the detected header row, each role's column, date order, and the own account found above the table.
 * `bytes` is the file's head (CSV) or the whole file (XLSX: a zip is unreadable from its head alone).
 */
export function suggestMapping(bytes: Uint8Array, _fileName = ''): BankTableMapping {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const book = readXlsx(bytes);
    if (!book.ok) return { version: 1 };
    const sheets = book.sheets.map((s) => ({ s, h: detectHeader(s.rows.map((r) => r.cells)) }));
    const pick = sheets.find((x) => x.h) ?? sheets[0];
    if (!pick) return { version: 1 };
    return fromRows(
      pick.s.rows.map((r) => r.cells),
      pick.s.rows.map((r) => r.r),
      { sheet: pick.s.name },
    );
  }
  const encoding = detectEncoding(bytes);
  let text = decodeHead(bytes);
  const cut = text.lastIndexOf('\n');
  if (cut > 0) text = text.slice(0, cut);
  const { delimiter } = sniffTableDelimiter(text);
  const records = parseCsvText(text, { delimiter });
  return fromRows(
    records.map((r) => r.fields),
    records.map((r) => r.line),
    { encoding, delimiter },
  );
}
