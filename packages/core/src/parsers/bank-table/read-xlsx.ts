import { unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { excelSerialToLocal } from './table-date.ts';

export interface XlsxRow {
  /** 1-based sheet row number (`<row r>`). */
  r: number;
  cells: string[];
}

export interface XlsxSheet {
  name: string;
  rows: XlsxRow[];
  /** Set when the sheet's XML could not be read to the end: rows before the break are kept. */
  error?: string;
}

export type ReadXlsxResult = { ok: true; sheets: XlsxSheet[] } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8');
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** Runs saxes over one XML part; returns the first well-formedness error, if any. */
function sax(
  xml: string,
  on: {
    open?: (name: string, attrs: Record<string, string>) => void;
    text?: (t: string) => void;
    close?: (name: string) => void;
  },
): string | undefined {
  const p = new SaxesParser();
  let error: string | undefined;
  p.on('error', (e) => {
    error ??= e.message;
  });
  p.on('opentag', (t) => {
    if (error) return;
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(t.attributes)) attrs[k] = String(v);
    on.open?.(local(t.name), attrs);
  });
  if (on.text) p.on('text', (t) => !error && on.text?.(t));
  if (on.close) p.on('closetag', (t) => !error && on.close?.(local(t.name)));
  p.write(xml);
  if (!error) p.close();
  return error;
}

function isDateFormat(code: string): boolean {
  const stripped = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dy]|h+:m|m+:s/i.test(stripped) && !/^general$/i.test(stripped.trim());
}

/** `BC12` → 54 (0-based column). */
function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

function rowOf(ref: string): number {
  return Number(/\d+$/.exec(ref)?.[0] ?? 0);
}

function partPath(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = `xl/${target}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.') out.push(p);
  }
  return out.join('/');
}

/**
 * A workbook's sheets as rows of cell text: shared strings resolved, date-styled numbers as wall-clock
 * ISO strings (`2024-03-05T14:22:00`), merged ranges filled with their top-left value (so a merged header
 * cell names every column under it).
 */
export function readXlsx(bytes: Uint8Array): ReadXlsxResult {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => f.name.startsWith('xl/') && (f.name.endsWith('.xml') || f.name.endsWith('.rels')),
    });
  } catch (e) {
    return { ok: false, reason: `not a readable XLSX (zip): ${(e as Error).message}` };
  }
  const text = (name: string) => {
    const f = files[name];
    return f ? utf8.decode(f) : undefined;
  };
  const workbook = text('xl/workbook.xml');
  if (!workbook) return { ok: false, reason: 'no xl/workbook.xml: the zip is not an XLSX workbook' };

  const rels = new Map<string, string>();
  sax(text('xl/_rels/workbook.xml.rels') ?? '<r/>', {
    open: (n, a) => {
      if (n === 'Relationship' && a.Id && a.Target) rels.set(a.Id, partPath(a.Target));
    },
  });
  const sheetRefs: Array<{ name: string; path: string }> = [];
  sax(workbook, {
    open: (n, a) => {
      if (n !== 'sheet') return;
      const rid = Object.entries(a).find(([k]) => local(k) === 'id' && k.includes(':'))?.[1];
      const path = (rid && rels.get(rid)) ?? `xl/worksheets/sheet${sheetRefs.length + 1}.xml`;
      sheetRefs.push({ name: a.name ?? `Sheet${sheetRefs.length + 1}`, path });
    },
  });

  const shared: string[] = [];
  {
    let cur: string | undefined;
    let inT = false;
    let inPhonetic = false;
    sax(text('xl/sharedStrings.xml') ?? '<sst/>', {
      open: (n) => {
        if (n === 'si') cur = '';
        else if (n === 't' && !inPhonetic) inT = true;
        else if (n === 'rPh') inPhonetic = true;
      },
      text: (t) => {
        if (inT && cur !== undefined) cur += t;
      },
      close: (n) => {
        if (n === 't') inT = false;
        else if (n === 'rPh') inPhonetic = false;
        else if (n === 'si') {
          shared.push(cur ?? '');
          cur = undefined;
        }
      },
    });
  }

  const dateStyles = new Set<number>();
  {
    const custom = new Map<number, string>();
    let inXfs = false;
    let xf = 0;
    sax(text('xl/styles.xml') ?? '<styleSheet/>', {
      open: (n, a) => {
        if (n === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
        else if (n === 'cellXfs') inXfs = true;
        else if (n === 'xf' && inXfs) {
          const id = Number(a.numFmtId ?? 0);
          const code = custom.get(id);
          if (BUILTIN_DATE_FORMATS.has(id) || (code !== undefined && isDateFormat(code))) dateStyles.add(xf);
          xf++;
        }
      },
      close: (n) => {
        if (n === 'cellXfs') inXfs = false;
      },
    });
  }

  const sheets: XlsxSheet[] = [];
  for (const ref of sheetRefs) {
    const xml = text(ref.path);
    if (xml === undefined) {
      sheets.push({ name: ref.name, rows: [], error: `sheet part ${ref.path} is missing from the zip` });
      continue;
    }
    sheets.push(readSheet(ref.name, xml, shared, dateStyles));
  }
  return { ok: true, sheets };
}

function readSheet(
  name: string,
  xml: string,
  shared: readonly string[],
  dateStyles: ReadonlySet<number>,
): XlsxSheet {
  const rows: XlsxRow[] = [];
  const merges: string[] = [];
  let row: XlsxRow | undefined;
  let col = -1;
  let type = 'n';
  let style = 0;
  let value = '';
  let inValue = false;
  const error = sax(xml, {
    open: (n, a) => {
      switch (n) {
        case 'row':
          row = { r: a.r ? Number(a.r) : (rows[rows.length - 1]?.r ?? 0) + 1, cells: [] };
          col = -1;
          break;
        case 'c':
          col = a.r ? columnIndex(a.r) : col + 1;
          if (row && a.r && rowOf(a.r) !== row.r) row.r = rowOf(a.r);
          type = a.t ?? 'n';
          style = Number(a.s ?? 0);
          value = '';
          break;
        case 'v':
        case 't':
          inValue = true;
          break;
        case 'mergeCell':
          if (a.ref) merges.push(a.ref);
          break;
      }
    },
    text: (t) => {
      if (inValue) value += t;
    },
    close: (n) => {
      if (n === 'v' || n === 't') inValue = false;
      else if (n === 'c' && row && col >= 0) {
        let out = value;
        if (type === 's') out = shared[Number(value)] ?? '';
        else if (type === 'b') out = value === '1' ? 'TRUE' : 'FALSE';
        else if (type === 'n' && value !== '' && dateStyles.has(style)) {
          const local = excelSerialToLocal(Number(value));
          if (local) out = local.endsWith('T00:00:00') ? local.slice(0, 10) : local;
        }
        while (row.cells.length < col) row.cells.push('');
        row.cells[col] = out;
      } else if (n === 'row' && row) {
        rows.push(row);
        row = undefined;
      }
    },
  });
  if (merges.length > 0) applyMerges(rows, merges);
  return error ? { name, rows, error } : { name, rows };
}

function applyMerges(rows: XlsxRow[], merges: readonly string[]): void {
  const byNumber = new Map(rows.map((r) => [r.r, r]));
  for (const ref of merges) {
    const [a, b] = ref.split(':');
    if (!a || !b) continue;
    const c0 = columnIndex(a);
    const c1 = columnIndex(b);
    const r0 = rowOf(a);
    const r1 = rowOf(b);
    if (r1 - r0 > 50 || c1 - c0 > 50) continue;
    const v = byNumber.get(r0)?.cells[c0] ?? '';
    if (v === '') continue;
    for (let r = r0; r <= r1; r++) {
      let row = byNumber.get(r);
      if (!row) {
        row = { r, cells: [] };
        byNumber.set(r, row);
        rows.push(row);
      }
      for (let c = c0; c <= c1; c++) {
        while (row.cells.length <= c) row.cells.push('');
        if (row.cells[c] === '') row.cells[c] = v;
      }
    }
  }
  rows.sort((x, y) => x.r - y.r);
}
