import ExcelJS from 'exceljs';
import type { Store } from '@dragnet/core';
import { type CaseTable, caseTables, type ExportResult, FileSink, writeAtomically } from './export-case.ts';
import { NOT_XML_CHAR } from '@dragnet/core/text/xml-text.ts';

/** Excel's limits: rows per sheet (header included) and characters per cell. */
export const XLSX_MAX_ROWS = 1_048_576;
const MAX_CELL = 32_767;
const TRUNCATED = ' …[truncated]';

/** Columns written as numbers when the decimal survives a double exactly (15 significant digits); otherwise as text. */
const NUMERIC = new Set([
  'amount',
  'fiat_amount',
  'crypto_amount',
  'lat',
  'lon',
  'mass_g',
  'usd_per_unit',
  'evidence_files',
]);

function exactNumber(s: string): number | null {
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  const digits = s.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
  return digits.length <= 15 ? Number(s) : null;
}

/**
 * One cell. Text is always a string cell, never a formula: exceljs writes a formula only from `{ formula }`, so a
 * hostile `=HYPERLINK(…)` in evidence stays text.
 */
function cell(column: string, v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return NUMERIC.has(column) ? v : String(v);
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (NUMERIC.has(column)) {
    const n = exactNumber(s);
    if (n !== null) return n;
  }
  const clean = s.replace(NOT_XML_CHAR, '\ufffd');
  return clean.length > MAX_CELL ? clean.slice(0, MAX_CELL - TRUNCATED.length) + TRUNCATED : clean;
}

/** Sheet name from the CSV name: `exchange-orders.csv` → `exchange-orders`, `(2)` … when a table overflows a sheet. */
function sheetName(t: CaseTable, part: number): string {
  const base = t.file.replace(/\.csv$/, '');
  return part === 1 ? base : `${base} (${part})`;
}

/**
 * Writes the case's canonical tables (the same tables and columns as `--format csv`) as one workbook, a sheet per
 * table with a frozen, filtered header row. A table longer than a sheet continues on `name (2)` …. The workbook
 * is written atomically (`writeAtomically`).
 */
export async function exportXlsx(store: Store, path: string, maxRows = XLSX_MAX_ROWS): Promise<ExportResult> {
  const { tables, entities } = await caseTables(store);
  let links = 0;
  await writeAtomically(path, async (tmp) => {
    const sink = new FileSink(tmp);
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: sink.stream,
      useStyles: true,
      useSharedStrings: false,
    });
    book.creator = 'Dragnet';
    try {
      for (const t of tables) {
        let part = 0;
        let rows = 0;
        const open = () => {
          part++;
          rows = 1;
          const s = book.addWorksheet(sheetName(t, part), { views: [{ state: 'frozen', ySplit: 1 }] });
          s.columns = t.header.map((h) => ({ header: h, key: h, width: Math.max(12, h.length + 2) }));
          s.getRow(1).font = { bold: true };
          s.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.header.length } };
          return s;
        };
        let sheet = open();
        for await (const r of t.rows()) {
          if (rows >= maxRows) {
            sheet.commit();
            sheet = open();
          }
          if (t.links) links++;
          sheet.addRow(t.header.map((h, i) => cell(h, r[i]))).commit();
          rows++;
        }
        sheet.commit();
      }
      // exceljs ends the stream itself; the race makes sure a failing stream ends the wait too.
      await Promise.race([book.commit(), sink.failure()]);
    } catch (e) {
      sink.destroy();
      throw e;
    }
  });
  return { format: 'xlsx', files: [path], entities, links };
}
