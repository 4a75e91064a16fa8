import { isAscii, isUtf8 } from 'node:buffer';

const NEWLINES = Buffer.from('\n\n');
const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

/**
 * Watches a file's bytes as they are copied into the evidence folder for anything that makes the streaming
 * CSV reader see something other than one record per physical line: a quote, CR or NUL byte, a blank line,
 * bytes that are not UTF-8, or a U+FFFD (a row the parser would quarantine as mis-encoded). A file without
 * any of these may take the bulk path (core canonical-csv/bulk-transfers.ts). Native byte searches only:
 * the copy stays at disk speed.
 */
export class PlainCsvScan {
  #reason: string | undefined;
  #last = -1;
  #carry: Buffer | undefined;

  /** Why the file is not plain; undefined while it is. */
  get reason(): string | undefined {
    return this.#reason;
  }

  push(chunk: Buffer): void {
    if (this.#reason !== undefined || chunk.length === 0) return;
    const reason = this.#check(chunk);
    if (reason !== undefined) this.#fail(reason);
  }

  #check(chunk: Buffer): string | undefined {
    if (this.#last === -1 && chunk[0] === 0x0a) return 'blank line';
    if (chunk.indexOf(0x22) !== -1) return 'quotes';
    if (chunk.indexOf(0x0d) !== -1) return 'CR line ends';
    if (chunk.indexOf(0x00) !== -1) return 'NUL bytes';
    if ((this.#last === 0x0a && chunk[0] === 0x0a) || chunk.indexOf(NEWLINES) !== -1) return 'blank line';
    this.#last = chunk[chunk.length - 1]!;
    if (this.#carry === undefined && isAscii(chunk)) return undefined;
    const data = this.#carry ? Buffer.concat([this.#carry, chunk]) : chunk;
    const cut = completeLength(data);
    if (!isUtf8(data.subarray(0, cut))) return 'not UTF-8';
    if (data.indexOf(REPLACEMENT) !== -1) return 'U+FFFD';
    this.#carry = cut < data.length ? Buffer.from(data.subarray(cut)) : undefined;
    return undefined;
  }

  /** Call once the whole file went through `push`; returns `reason`. */
  end(): string | undefined {
    if (this.#reason === undefined && this.#carry !== undefined) this.#fail('not UTF-8');
    if (this.#reason === undefined && this.#last === -1) this.#fail('empty');
    return this.#reason;
  }

  #fail(reason: string): void {
    this.#reason = reason;
    this.#carry = undefined;
  }
}

/** Bytes of `data` up to the start of a UTF-8 sequence that the end of `data` cuts short. */
export function completeLength(data: Buffer): number {
  const n = data.length;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const b = data[i]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return i + need > n ? i : n;
  }
  return n;
}
