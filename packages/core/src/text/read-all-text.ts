import { decodeAuto } from './decode-chunks.ts';

/**
 * Decodes a whole (small) file into one string, for formats that are one JSON document (API responses).
 * Returns undefined past `maxChars`, so a caller can report a too-large file instead of exhausting memory.
 */
export async function readAllText(
  chunks: AsyncIterable<Uint8Array>,
  maxChars = 256 * 2 ** 20,
): Promise<string | undefined> {
  const parts: string[] = [];
  let size = 0;
  for await (const t of decodeAuto(chunks)) {
    size += t.length;
    if (size > maxChars) return undefined;
    parts.push(t);
  }
  return parts.join('');
}
