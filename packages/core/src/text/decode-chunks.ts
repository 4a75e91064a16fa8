import { detectEncoding, type TextEncoding } from './detect-encoding.ts';

/**
 * Bytes → text, streaming. A multi-byte sequence split between chunks is carried over (`stream: true`);
 * a leading BOM is dropped; undecodable bytes become U+FFFD, which parsers report as a wrong encoding.
 * Uses TextDecoder, so it runs in Node (full ICU, which has windows-1251) and in browsers.
 */
export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array>,
  // `ibm866`: DOS-era Russian (1C `Кодировка=DOS`, old MT940 exports), never detected, chosen by a parser.
  encoding: TextEncoding | 'ibm866',
): AsyncIterable<string> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}

export interface DecodeAutoOptions {
  /** Skips detection. */
  encoding?: TextEncoding;
  /** Bytes gathered before detecting (default 64 KiB). */
  sniffBytes?: number;
  /** Told the encoding once it is known. */
  onEncoding?: (encoding: TextEncoding) => void;
}

/** `decodeChunks` with the encoding detected from the first `sniffBytes` of the stream. */
export async function* decodeAuto(
  chunks: AsyncIterable<Uint8Array>,
  options: DecodeAutoOptions = {},
): AsyncIterable<string> {
  const limit = options.sniffBytes ?? 65536;
  const held: Uint8Array[] = [];
  let size = 0;
  const iterator = chunks[Symbol.asyncIterator]();
  let encoding = options.encoding;
  if (encoding === undefined) {
    while (size < limit) {
      const next = await iterator.next();
      if (next.done) break;
      held.push(next.value);
      size += next.value.length;
    }
    encoding = detectEncoding(concatBytes(held, Math.min(size, limit)));
  }
  options.onEncoding?.(encoding);
  async function* replay(): AsyncIterable<Uint8Array> {
    yield* held;
    held.length = 0;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  yield* decodeChunks(replay(), encoding);
}

/** Decodes a file's head (as `FormatParser.detect` gets it) with its detected encoding, BOM dropped. */
export function decodeHead(head: Uint8Array): string {
  return new TextDecoder(detectEncoding(head)).decode(head, { stream: true });
}

function concatBytes(parts: Uint8Array[], max: number): Uint8Array {
  if (parts.length === 1 && parts[0]!.length <= max) return parts[0]!;
  const out = new Uint8Array(max);
  let off = 0;
  for (const p of parts) {
    if (off >= max) break;
    const take = Math.min(p.length, max - off);
    out.set(take === p.length ? p : p.subarray(0, take), off);
    off += take;
  }
  return out;
}

/**
 * `text` as it comes, noting in `seen` once a piece holds U+FFFD (what the decoder makes of bytes it cannot read):
 * a parser then searches its rows for it, and no row is searched in a file that decoded cleanly.
 */
export async function* watchReplacement(
  text: AsyncIterable<string>,
  seen: { value: boolean },
): AsyncIterable<string> {
  for await (const t of text) {
    if (!seen.value && t.indexOf('\uFFFD') !== -1) seen.value = true;
    yield t;
  }
}

/**
 * Why a row holding U+FFFD (bytes the file's encoding does not read: a file cut inside a character, or a row saved in
 * another encoding) is quarantined, with its locator first.
 */
export function undecodedRowReason(line: number): string {
  return (
    `row:${line}: bytes that are not valid in the file's encoding (shown as U+FFFD): the file was cut inside a ` +
    'character, or this row was saved in another encoding; row not stored'
  );
}
