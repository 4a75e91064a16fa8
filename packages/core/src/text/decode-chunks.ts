import { countNewlines } from './count-newlines.ts';
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
  replaced?: { value: boolean },
): AsyncIterable<string> {
  const decoder = new TextDecoder(encoding);
  // The last two bytes of the chunks so far: a U+FFFD written in the file (EF BF BD) may straddle two chunks.
  let tail: Uint8Array = new Uint8Array(0);
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (replaced && !replaced.value && text.includes('\uFFFD')) {
      // More U+FFFD than the file's own: the decoder replaced bytes it could not read.
      replaced.value = encoding !== 'utf-8' || countOf(text, '\uFFFD') > writtenReplacements(tail, chunk);
    }
    if (replaced && encoding === 'utf-8') tail = lastBytes(tail, chunk, 2);
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  // The file ends inside a character.
  if (replaced && rest.includes('\uFFFD')) replaced.value = true;
  if (rest.length > 0) yield rest;
}

function countOf(text: string, c: string): number {
  let n = 0;
  for (let i = text.indexOf(c); i !== -1; i = text.indexOf(c, i + 1)) n++;
  return n;
}

/** How many EF BF BD (U+FFFD written in UTF-8) end in `chunk`, the first ones perhaps begun in `tail`. */
function writtenReplacements(tail: Uint8Array, chunk: Uint8Array): number {
  let n = 0;
  const at = (i: number) => (i < 0 ? tail[tail.length + i] : chunk[i]);
  for (let i = chunk.indexOf(0xbd); i !== -1; i = chunk.indexOf(0xbd, i + 1))
    if (at(i - 1) === 0xbf && at(i - 2) === 0xef) n++;
  return n;
}

function lastBytes(tail: Uint8Array, chunk: Uint8Array, n: number): Uint8Array {
  if (chunk.length >= n) return chunk.slice(chunk.length - n);
  const both = new Uint8Array(tail.length + chunk.length);
  both.set(tail);
  both.set(chunk, tail.length);
  return both.slice(Math.max(0, both.length - n));
}

export interface DecodeAutoOptions {
  /** Skips detection. */
  encoding?: TextEncoding;
  /** Bytes gathered before detecting (default 64 KiB). */
  sniffBytes?: number;
  /** Told the encoding once it is known. */
  onEncoding?: (encoding: TextEncoding) => void;
  /**
   * Set once the decoder replaced bytes it could not read with U+FFFD (a file cut inside a character, a line in
   * another encoding); a U+FFFD the file itself holds (EF BF BD in UTF-8) does not set it.
   */
  replaced?: { value: boolean };
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
  yield* decodeChunks(replay(), encoding, options.replaced);
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
 * Why a row holding U+FFFD is quarantined: bytes the file's encoding does not read (a file cut inside a character, or a
 * row saved in another encoding). Each parser puts it in its own reason's form (with or without the locator first).
 */
export const UNDECODED_ROW =
  "bytes that are not valid in the file's encoding (shown as U+FFFD): the file was cut inside a character, " +
  'or this row was saved in another encoding';

/**
 * A streaming UTF-8 decoder that keeps count of the bytes it could not read. Like `TextDecoder` (not fatal), it
 * shows each such byte sequence as U+FFFD; `invalid` counts them (a U+FFFD the file itself writes, EF BF BD, is not
 * counted) and `lines` holds the first lines they are on, for a warning that names where the file is damaged.
 */
export class CheckedUtf8Decoder {
  readonly #decoder = new TextDecoder('utf-8');
  /** The last two bytes decoded: a U+FFFD written in the file (EF BF BD) may straddle two calls. */
  #tail: Uint8Array = new Uint8Array(0);
  /** Sequences replaced with U+FFFD. */
  invalid = 0;
  /** The first `maxLines` distinct lines holding one (1-based), in file order. */
  readonly lines: number[] = [];

  constructor(private readonly maxLines = 5) {}

  /**
   * The file warning for what was replaced (undefined when nothing was): its locator (the first line, else
   * `fallbackLine`) and its reason, `what` saying more of where the U+FFFD went.
   */
  warning(
    fileName: string,
    fallbackLine: number,
    what = '',
  ): { locator: string; reason: string } | undefined {
    if (this.invalid === 0) return undefined;
    const n = this.lines.length;
    const lines = `line${n === 1 ? '' : 's'} ${this.lines.join(', ')}${n >= this.maxLines ? ' …' : ''}`;
    const many = this.invalid !== 1;
    return {
      locator: `line:${this.lines[0] ?? fallbackLine}`,
      reason: `${fileName}: ${this.invalid} byte sequence${many ? 's' : ''} that ${many ? 'are' : 'is'} not valid UTF-8 (${lines}): each is stored as U+FFFD (�) in the text it falls in${what}; the file was damaged or edited after Telegram wrote it`,
    };
  }

  /**
   * Decodes the next bytes (none: the end of the stream). `lineAt` gives the line the returned text starts on; it
   * is asked only when the text holds a replaced sequence.
   */
  decode(bytes: Uint8Array | undefined, lineAt: () => number): string {
    const text = bytes ? this.#decoder.decode(bytes, { stream: true }) : this.#decoder.decode();
    const first = text.indexOf('\uFFFD');
    if (first !== -1) {
      const written = bytes ? writtenReplacements(this.#tail, bytes) : 0;
      const all = countOf(text, '\uFFFD');
      if (all > written) {
        this.invalid += all - written;
        // With none written here every U+FFFD is the decoder's; with some, the first stands for where it is.
        let line = lineAt() + countNewlines(text, 0, first);
        for (let i = first, from = first; i !== -1 && this.lines.length < this.maxLines; ) {
          line += countNewlines(text, from, i);
          if (this.lines[this.lines.length - 1] !== line) this.lines.push(line);
          if (written > 0) break;
          from = i;
          i = text.indexOf('\uFFFD', i + 1);
        }
      }
    }
    if (bytes) this.#tail = lastBytes(this.#tail, bytes, 2);
    return text;
  }
}
