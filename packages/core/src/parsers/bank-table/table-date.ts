import { isoDateTime, isoFromParts } from './bank-records.ts';

export type DateOrder = 'DMY' | 'MDY' | 'YMD';

const DMY_RE =
  /^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const YMD_RE = /^(\d{4})[./](\d{1,2})[./](\d{1,2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function offsetOf(text: string | undefined, fallback: number): number {
  if (!text) return fallback;
  if (text === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text);
  if (!m) return fallback;
  const v = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -v : v;
}

/** An Excel serial day number (1900 date system) as a wall-clock ISO string without offset. */
export function excelSerialToLocal(serial: number): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return undefined;
  const ms = Math.round(EXCEL_EPOCH_MS + serial * 86_400_000);
  return new Date(ms).toISOString().slice(0, 19);
}

/**
 * Dates as bank tables write them: `05.03.2024 14:22`, `05.03.24`, `2024-03-05T14:22:00+05:00`,
 * `03/05/2024` (order from the mapping), Excel serials. Times without an offset are taken at `offsetMin`.
 */
export function parseTableDate(text: string, order: DateOrder = 'DMY', offsetMin = 0): string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) return isoDateTime(t, offsetMin);
  let m = DMY_RE.exec(t);
  if (m && order !== 'YMD') {
    const a = Number(m[1]);
    const b = Number(m[2]);
    let y = Number(m[3]);
    if ((m[3] ?? '').length === 2) y += y < 70 ? 2000 : 1900;
    const [d, mo] = order === 'MDY' ? [b, a] : [a, b];
    return isoFromParts(
      y,
      mo,
      d,
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      offsetOf(m[7], offsetMin),
    );
  }
  m = YMD_RE.exec(t);
  if (m) {
    return isoFromParts(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      offsetMin,
    );
  }
  if (/^\d{5}(\.\d+)?$/.test(t)) {
    const local = excelSerialToLocal(Number(t));
    return local ? isoDateTime(local, offsetMin) : undefined;
  }
  return undefined;
}
