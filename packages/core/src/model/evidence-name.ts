import type { EvidenceRow } from './tables.ts';

/**
 * How an evidence file is named to a reader: the path it was ingested from (`EvidenceRow.path`:
 * `ev/phone2/ChatExport_1/result.json`), else, in a case from before the register kept paths, its file name
 * (`originalName`). Untrusted text (file names come with the evidence): render it as text. A list item that knows no
 * name (an evidence id the case does not hold) gives null.
 */
export function evidenceName(e: Pick<EvidenceRow, 'path' | 'originalName'>): string;
export function evidenceName(e: { path: string | null; originalName: string | null }): string | null;
export function evidenceName(e: { path: string | null; originalName: string | null }): string | null {
  return e.path ?? e.originalName;
}
