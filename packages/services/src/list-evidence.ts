import type { Store } from '@dragnet/core';

/** One file of the evidence register as `dragnet evidence` and its `--json` list it. */
export interface ListedEvidence {
  /** The register's key: the SHA-256 of the file's bytes (what `dragnet issues --evidence` takes). */
  id: string;
  /** The same SHA-256, under the name `dragnet ingest --json` gives it. */
  sha256: string;
  format: string;
  /**
   * Where the file was ingested from (`evidencePath`: the argument as typed when relative, else its own name, then the
   * path below it: `ev/phone2/ChatExport_1/result.json`). Null for a file ingested before the register kept paths
   * (schema 3).
   * Untrusted text (file names come with the evidence).
   */
  path: string | null;
  /** The file's name when it was ingested. */
  originalName: string;
  /** `--source` of its ingest. */
  source: string | null;
  size: number;
  ingestedAt: string;
  /** Records stored from it. */
  records: number;
  /** Records quarantined (not stored). */
  quarantined: number;
  /** Issues the case holds for it: quarantined records, warnings and errors. */
  issues: number;
  /** Its content-addressed copy, relative to the case folder. */
  storedPath: string;
  parserVersion: string;
}

/** The evidence register, in the order the files went in. `dragnet evidence`. */
export async function listEvidence(store: Store): Promise<ListedEvidence[]> {
  const out: ListedEvidence[] = [];
  for await (const e of store.scan('evidence', { orderBy: ['ingestedAt', 'id'] }))
    out.push({
      id: e.id,
      sha256: e.id,
      format: e.format,
      path: e.path,
      originalName: e.originalName,
      source: e.source,
      size: e.size,
      ingestedAt: e.ingestedAt,
      records: e.accepted,
      quarantined: e.quarantined,
      issues: await store.count('issues', { where: { evidenceId: e.id } }),
      storedPath: e.storedPath,
      parserVersion: e.parserVersion,
    });
  return out;
}
