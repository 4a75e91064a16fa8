import { groupDigits } from '../../text/group-digits.ts';
/** RFC 4180 quoting: a field is quoted only when it holds the delimiter, a quote or a line break. */
export function csvField(value: string | number | boolean | null | undefined, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  if (s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r'))
    return `"${s.replace(/"/g, '""')}"`;
  return s;
}

export function csvLine(
  values: ReadonlyArray<string | number | boolean | null | undefined>,
  delimiter = ',',
  eol = '\n',
): string {
  return values.map((v) => csvField(v, delimiter)).join(delimiter) + eol;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Parts of a Unix time shifted by an offset: for local-time renderings in bank files. */
export function localParts(ts: number, offsetSeconds: number) {
  const d = new Date((ts + offsetSeconds) * 1000);
  return {
    y: d.getUTCFullYear(),
    mo: pad(d.getUTCMonth() + 1),
    d: pad(d.getUTCDate()),
    h: pad(d.getUTCHours()),
    mi: pad(d.getUTCMinutes()),
    s: pad(d.getUTCSeconds()),
  };
}

export function isoUtc(ts: number): string {
  return new Date(ts * 1000).toISOString().replace('.000Z', 'Z');
}

/** ISO-8601 with the local offset, e.g. 2024-09-05T14:22:10+05:00. */
export function isoLocal(ts: number, offsetSeconds: number, offsetText: string): string {
  const p = localParts(ts, offsetSeconds);
  return `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}${offsetText}`;
}

/** "15 000,00" as Russian-language banks print amounts (non-breaking grouping space optional). */
export function ruAmount(decimal: string, group = ' '): string {
  const neg = decimal.startsWith('-');
  const [int = '0', frac = ''] = (neg ? decimal.slice(1) : decimal).split('.');
  const grouped = groupDigits(int, group);
  return `${neg ? '-' : ''}${grouped}${frac ? `,${frac.padEnd(2, '0')}` : ',00'}`;
}
