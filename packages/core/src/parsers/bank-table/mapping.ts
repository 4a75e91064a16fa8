import { COLUMN_ROLES, type ColumnRole, normalizeHeader } from './header-synonyms.ts';

/**
 * The `--mapping mapping.json` file for tabular statements (docs/formats/bank-table.md). Every field is
 * optional: what is given overrides detection, the rest is still detected.
 */
export interface BankTableMapping {
  version?: 1;
  /** XLSX: the only sheet to read (name). */
  sheet?: string;
  /** 1-based row (CSV line / sheet row number) of the header's last row. */
  headerRow?: number;
  /** Role → header text (case-insensitive) or 1-based column number. */
  columns?: Partial<Record<ColumnRole, string | number>>;
  /** The statement's own account (IBAN, card, account number) and its holder. */
  account?: string;
  bank?: string;
  holder?: string;
  iin?: string;
  currency?: string;
  /** Offset for times without one, e.g. `+05:00` (default: UTC). */
  timezone?: string;
  /** Order of day, month and year in dates like 03/05/2024 (default DMY). */
  dateFormat?: 'DMY' | 'MDY' | 'YMD';
  /** CSV: field delimiter (sniffed when absent). */
  delimiter?: string;
  /** CSV: text encoding (detected when absent). */
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251';
  openingBalance?: string;
  closingBalance?: string;
}

export type ReadMappingResult = { ok: true; mapping: BankTableMapping } | { ok: false; reason: string };

const STRING_KEYS = [
  'sheet',
  'account',
  'bank',
  'holder',
  'iin',
  'currency',
  'timezone',
  'delimiter',
  'openingBalance',
  'closingBalance',
] as const;

/** Validates a parsed mapping JSON; the reason names the offending key. */
export function readMapping(raw: unknown): ReadMappingResult {
  if (raw === undefined || raw === null) return { ok: true, mapping: {} };
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, reason: 'mapping must be a JSON object' };
  const o = raw as Record<string, unknown>;
  const m: BankTableMapping = {};
  for (const k of STRING_KEYS) {
    const v = o[k];
    if (v === undefined) continue;
    if (typeof v !== 'string') return { ok: false, reason: `mapping.${k} must be a string` };
    m[k] = v;
  }
  for (const k of ['openingBalance', 'closingBalance'] as const) {
    const v = m[k];
    if (v !== undefined && !/^-?\d+(\.\d+)?$/.test(v)) {
      return { ok: false, reason: `mapping.${k} must be a decimal like "-1234.50", got "${v}"` };
    }
  }
  if (o.version !== undefined && o.version !== 1) return { ok: false, reason: 'mapping.version must be 1' };
  if (o.headerRow !== undefined) {
    if (typeof o.headerRow !== 'number' || !Number.isInteger(o.headerRow) || o.headerRow < 1) {
      return { ok: false, reason: 'mapping.headerRow must be a row number ≥ 1' };
    }
    m.headerRow = o.headerRow;
  }
  if (o.dateFormat !== undefined) {
    if (o.dateFormat !== 'DMY' && o.dateFormat !== 'MDY' && o.dateFormat !== 'YMD') {
      return { ok: false, reason: 'mapping.dateFormat must be DMY, MDY or YMD' };
    }
    m.dateFormat = o.dateFormat;
  }
  if (o.encoding !== undefined) {
    if (!['utf-8', 'utf-16le', 'utf-16be', 'windows-1251'].includes(String(o.encoding))) {
      return { ok: false, reason: 'mapping.encoding must be utf-8, utf-16le, utf-16be or windows-1251' };
    }
    m.encoding = o.encoding as BankTableMapping['encoding'] & string;
  }
  if (o.columns !== undefined) {
    if (typeof o.columns !== 'object' || o.columns === null || Array.isArray(o.columns)) {
      return {
        ok: false,
        reason: 'mapping.columns must be an object of role → header text or column number',
      };
    }
    const cols: Partial<Record<ColumnRole, string | number>> = {};
    for (const [k, v] of Object.entries(o.columns)) {
      if (!(COLUMN_ROLES as readonly string[]).includes(k)) {
        return { ok: false, reason: `mapping.columns.${k} is not a known role (${COLUMN_ROLES.join(', ')})` };
      }
      if (typeof v !== 'string' && !(typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
        return { ok: false, reason: `mapping.columns.${k} must be header text or a 1-based column number` };
      }
      cols[k as ColumnRole] = v;
    }
    m.columns = cols;
  }
  return { ok: true, mapping: m };
}

/**
 * Applies the mapping's columns to a header's labels. Returns the resolved columns, or the first column
 * the mapping names that the header does not have.
 */
export function applyMappingColumns(
  detected: Partial<Record<ColumnRole, number>>,
  labels: readonly string[],
  mapping: BankTableMapping,
): { columns: Partial<Record<ColumnRole, number>> } | { missing: string } {
  if (!mapping.columns) return { columns: detected };
  const columns: Partial<Record<ColumnRole, number>> = { ...detected };
  const norm = labels.map(normalizeHeader);
  for (const [role, ref] of Object.entries(mapping.columns) as Array<[ColumnRole, string | number]>) {
    if (typeof ref === 'number') {
      columns[role] = ref - 1;
      continue;
    }
    const want = normalizeHeader(ref);
    let i = norm.indexOf(want);
    if (i < 0) i = norm.findIndex((l) => l.includes(want));
    if (i < 0) return { missing: `${role} → "${ref}"` };
    // A column claimed by the mapping is no longer available to a detected role.
    for (const r of Object.keys(columns) as ColumnRole[])
      if (columns[r] === i && r !== role) delete columns[r];
    columns[role] = i;
  }
  return { columns };
}
