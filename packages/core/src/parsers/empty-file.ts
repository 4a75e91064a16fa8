/**
 * A file with nothing to read: no byte at all, or only whitespace (spaces, tabs, line ends, a UTF-8 byte-order mark).
 * Every way into a case names it with the same words, `emptyFileReason` (docs/cli.md, "Exit status"): the ingest
 * before it detects or forces a format, and the parsers that meet one all the same.
 */
export function isEmptyFile(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return true;
}

/** `empty file (0 bytes)`, or `empty file (3 bytes, only whitespace)` for a file of `size` blank bytes. */
export function emptyFileReason(size: number): string {
  return size === 0
    ? 'empty file (0 bytes)'
    : `empty file (${size} byte${size === 1 ? '' : 's'}, only whitespace)`;
}
