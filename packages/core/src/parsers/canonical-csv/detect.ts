import { decodeHead } from '../../text/index.ts';
import { parseCsvText, sniffDelimiter } from '../../text/read-csv-records.ts';
import type { CanonicalSpec } from './specs.ts';

/** Header cell → canonical column name: trimmed, lower-cased, BOM and surrounding quotes gone, `-`/space → `_`. */
export function headerName(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** The header cells of a file head, or undefined when the head has no complete first line. */
export function readHeader(head: Uint8Array): string[] | undefined {
  const text = decodeHead(head);
  let end = text.indexOf('\n');
  if (end === -1) end = text.length;
  const firstLine = text.slice(0, end);
  if (firstLine.trim() === '') return undefined;
  const delimiter = sniffDelimiter(text.slice(0, 16384));
  return parseCsvText(firstLine, { delimiter })[0]?.fields.map(headerName);
}

/**
 * Score for a header: 0 unless every required column is there; then 0.9 plus up to 0.08 for the share of
 * the format's known columns present, so that the most specific canonical format wins, and 0.01 when the
 * file is named like the format.
 */
export function scoreHeader(spec: CanonicalSpec, header: readonly string[], fileName: string): number {
  const set = new Set(header);
  for (const c of spec.required) if (!set.has(c)) return 0;
  const known = [...spec.required, ...spec.optional];
  const present = known.filter((c) => set.has(c)).length;
  const named = fileName.toLowerCase().endsWith(spec.fileName) ? 0.01 : 0;
  return 0.9 + 0.08 * (present / known.length) + named;
}

export function detectCanonical(spec: CanonicalSpec, head: Uint8Array, fileName: string): number {
  const header = readHeader(head);
  return header ? scoreHeader(spec, header, fileName) : 0;
}
