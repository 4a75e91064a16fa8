import { type ColumnRole, classifyHeader } from './header-synonyms.ts';

export interface HeaderMatch {
  /** Index (into the rows given) of the header's last row. */
  index: number;
  /** 2 when the header spans two rows (merged group cells above sub-headers). */
  rows: 1 | 2;
  labels: string[];
  columns: Partial<Record<ColumnRole, number>>;
  score: number;
}

/** Roles of each label; a role's first column wins (later duplicates such as a second "Сумма" are props). */
export function mapColumns(labels: readonly string[]): Partial<Record<ColumnRole, number>> {
  const columns: Partial<Record<ColumnRole, number>> = {};
  labels.forEach((label, i) => {
    const role = classifyHeader(label);
    if (role && columns[role] === undefined) columns[role] = i;
  });
  return columns;
}

function isStatementHeader(c: Partial<Record<ColumnRole, number>>): boolean {
  return c.date !== undefined && (c.amount !== undefined || c.debit !== undefined || c.credit !== undefined);
}

function looksLikeData(row: readonly string[]): boolean {
  return row.some((c) => /^\s*[-+−(]?\d/.test(c));
}

function mergeRows(above: readonly string[], below: readonly string[]): string[] {
  const n = Math.max(above.length, below.length);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = above[i]?.trim() ?? '';
    const b = below[i]?.trim() ?? '';
    out.push(a && b && a !== b ? `${a} ${b}` : a || b);
  }
  return out;
}

/**
 * Finds the header row of a bank table among its first rows: the first row whose cells name at least a
 * date and an amount (or debit/credit) column. Metadata rows above it (Kaspi-style
 * exports) are skipped; a two-row header (a merged "Сумма" over "Списание | Зачисление") is joined.
 */
export function detectHeader(rows: readonly (readonly string[])[], maxRows = 60): HeaderMatch | undefined {
  const limit = Math.min(rows.length, maxRows);
  const at = (i: number): HeaderMatch | undefined => {
    const row = rows[i] ?? [];
    if (row.filter((c) => c.trim() !== '').length < 2) return undefined;
    const candidates: Array<{ labels: string[]; rows: 1 | 2 }> = [
      { labels: row.map((c) => c.trim()), rows: 1 },
    ];
    const above = rows[i - 1];
    // Two header rows (group cells over sub-headers) hold words, never data: no cell starts with a digit.
    if (above?.some((c) => c.trim() !== '') && !looksLikeData(row) && !looksLikeData(above)) {
      candidates.push({ labels: mergeRows(above, row), rows: 2 });
    }
    let best: HeaderMatch | undefined;
    for (const c of candidates) {
      const columns = mapColumns(c.labels);
      if (!isStatementHeader(columns)) continue;
      const score = Object.keys(columns).length;
      if (!best || score > best.score) best = { index: i, rows: c.rows, labels: c.labels, columns, score };
    }
    return best;
  };
  // The first row that reads as a header wins (a later one starts a new layout), unless the row below
  // completes it as a two-row header (`Сумма` over `Списание | Зачисление`).
  for (let i = 0; i < limit; i++) {
    const here = at(i);
    if (!here) continue;
    const below = i + 1 < rows.length ? at(i + 1) : undefined;
    return below && !looksLikeData(rows[i + 1] ?? []) && below.score > here.score ? below : here;
  }
  return undefined;
}
