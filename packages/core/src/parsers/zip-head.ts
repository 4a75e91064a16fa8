/**
 * What the first bytes of a file say about ZIP: the format behind XLSX workbooks, Office and OpenDocument files, Java
 * and Android packages, and the archives labs send evidence exports in.
 */

/** A ZIP archive's first bytes: a local file header, or the end record of an empty archive. */
export function isZip(head: Uint8Array): boolean {
  return (
    head.length >= 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06))
  );
}

/**
 * Whether a ZIP's first entry (its name in the first local header) shows a package rather than an archive: Office documents (`[Content_Types].xml`,
 * `_rels/`, `docProps/`), OpenDocument (`mimetype`), Java and Android packages (`META-INF/`, `AndroidManifest.xml`) are
 * ZIPs too, and none is an evidence export.
 */
export function isPackageNotArchive(head: Uint8Array): boolean {
  if (head.length < 30) return false;
  const nameLength = head[26]! | (head[27]! << 8);
  const name = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(30, 30 + nameLength));
  return /^(?:\[Content_Types\]\.xml|_rels\/|docProps\/|xl\/|word\/|ppt\/|mimetype$|META-INF\/|AndroidManifest\.xml$)/.test(
    name,
  );
}
