import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordSink } from '@dragnet/core';
import { JS_TRIM_SPACES } from '@dragnet/core/text/js-trim.ts';
import {
  type BankCsvBulkLoad,
  type BankCsvBulkSink,
  type BankCsvLinesOptions,
  type BankCsvLinesPreparer,
  bankCsvDelimiter,
  type PreparedBankCsvLines,
  planBankCsvBulk,
} from '@dragnet/core/parsers/bank-table/bulk-bank-csv.ts';
import { readMapping } from '@dragnet/core/parsers/bank-table/mapping.ts';
import { decodeAuto } from '@dragnet/core/text/decode-chunks.ts';
import { detectEncoding, type TextEncoding } from '@dragnet/core/text/detect-encoding.ts';
import { completeLength } from './plain-csv-scan.ts';

/**
 * Watches a bank CSV's bytes as they are copied into the evidence folder: whether DuckDB may read the copy
 * as it is (UTF-8 without BOM, no CR, no NUL or 0x01 byte) and how many physical lines it has. Native byte
 * searches only, so the copy stays at disk speed.
 */
export { bankCsvDelimiter };

export class BankCsvScan {
  #lines: LineStats;
  /** The first line ends in CR LF: every line must (`LineStats.pureCrlf`), DuckDB then reads them so. */
  #crlf = false;
  readonly #delimiter: number;
  /** From the first chunk that holds a quote on (see `QuoteStyle`). */
  #quotes: QuoteStyle | undefined;
  /** The line stats' padded columns when the first quote came (exact up to there). */
  #paddedBefore: number[] = [];
  #lastByte = -1;
  #first = true;
  #bom = false;
  #utf8 = true;
  #odd = false;
  #carry: Buffer | undefined;

  /** `delimiter`: the one `bankCsvDelimiter` gives (fields per line are counted for it). */
  constructor(delimiter: string | undefined) {
    this.#lines = new LineStats(delimiter?.charCodeAt(0) ?? -1);
    this.#delimiter = delimiter?.charCodeAt(0) ?? -1;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.#first) {
      this.#first = false;
      this.#bom = chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
      const lf = chunk.indexOf(0x0a);
      if (lf > 0 && chunk[lf - 1] === 0x0d) {
        this.#crlf = true;
        this.#lines = new LineStats(this.#delimiter, true, true);
      }
    }
    if (!this.#quotes && this.#delimiter >= 0 && chunk.indexOf(QUOTE) !== -1) {
      this.#quotes = new QuoteStyle(this.#delimiter, this.#crlf);
      const lines = this.#lines;
      this.#quotes.startAt(
        lines.newlines + 1,
        lines.currentField,
        this.#lastByte === -1 || this.#lastByte === 0x0a || this.#lastByte === this.#delimiter,
        this.#lastByte,
      );
      this.#paddedBefore = [...lines.padded];
    }
    this.#quotes?.push(chunk);
    this.#lastByte = chunk[chunk.length - 1]!;
    this.#lines.push(chunk);
    if (
      !this.#odd &&
      ((!this.#crlf && chunk.indexOf(0x0d) !== -1) ||
        chunk.indexOf(0x00) !== -1 ||
        chunk.indexOf(0x01) !== -1 ||
        chunk.indexOf(0x02) !== -1)
    )
      this.#odd = true;
    if (!this.#utf8) return;
    const data = this.#carry ? Buffer.concat([this.#carry, chunk]) : chunk;
    const cut = completeLength(data);
    if (!isUtf8(data.subarray(0, cut))) this.#utf8 = false;
    this.#carry = cut < data.length ? Buffer.from(data.subarray(cut)) : undefined;
  }

  get stats(): LineStats {
    return this.#lines;
  }

  /**
   * How DuckDB may read the quotes below `headerEnd` itself (`QuoteStyle.below`), with the columns whose cells
   * trimming may change (the line stats' up to the first quote, quote-aware from there); undefined when not.
   */
  quoting(headerEnd: number): { quoting: string; padded: number[] } | undefined {
    const q = this.#quotes;
    if (!q) return undefined;
    q.end();
    const quoting = q.below(headerEnd);
    if (!quoting) return undefined;
    const padded = [...this.#paddedBefore];
    q.padded.forEach((line, i) => {
      padded[i] = Math.max(padded[i] ?? 0, line ?? 0);
    });
    return { quoting, padded };
  }

  /** Whether DuckDB reads the file's bytes as the parser decodes them, line for line. */
  get plain(): boolean {
    return this.bytesPlain && !this.#lines.quotedDelimiter;
  }

  /** Whether the bytes are as DuckDB reads them but for delimiters inside quotes (masked byte for byte then). */
  get bytesPlain(): boolean {
    return (
      this.#utf8 &&
      this.#carry === undefined &&
      !this.#bom &&
      !this.#odd &&
      (!this.#crlf || this.#lines.pureCrlf) &&
      this.#lines.lines > 0
    );
  }

  /** Every line ends in CR LF (DuckDB reads them with `new_line = '\r\n'`). */
  get crlf(): boolean {
    return this.#crlf;
  }
}

const QUOTE = 0x22;
/** Code points JS `trim` removes (CR and LF end a line here, so they never sit at a cell's edge). */
const TRIM_CODES = new Set([...JS_TRIM_SPACES].map((c) => c.codePointAt(0)!));
/** The UTF-8 bytes of each of them, and which bytes such a character can start or end with. */
const TRIM_UTF8 = [...JS_TRIM_SPACES].map((c) => Buffer.from(c, 'utf8'));
const TRIM_FIRST = new Uint8Array(256);
const TRIM_LAST = new Uint8Array(256);
for (const e of TRIM_UTF8) {
  TRIM_FIRST[e[0]!] = 1;
  TRIM_LAST[e[e.length - 1]!] = 1;
}

/** False when the byte before `end` shows that no trimmed character ends there (most cells); true: look closer. */
function mayEnd(bytes: Buffer | undefined, end: number): boolean {
  const b = bytes?.[end - 1];
  return b === undefined || TRIM_LAST[b] === 1;
}

/** False when the byte at `p` shows that no trimmed character starts there (most cells); true: look closer. */
function mayStart(bytes: Buffer | undefined, p: number): boolean {
  const b = bytes?.[p];
  return b === undefined || TRIM_FIRST[b] === 1;
}

/** `mayStart` for a cell, or for its text inside an opening quote. */
function mayStartQuoted(bytes: Buffer | undefined, p: number): boolean {
  return mayStart(bytes, p) || (bytes?.[p] === QUOTE && mayStart(bytes, p + 1));
}

/** `mayEnd` for a cell, or for its text inside a closing quote. */
function mayEndQuoted(bytes: Buffer | undefined, end: number): boolean {
  return mayEnd(bytes, end) || (bytes?.[end - 1] === QUOTE && mayEnd(bytes, end - 1));
}

/** Byte `i` of the text seen so far (negative: of the previous chunk's last bytes); undefined past its end. */
type ByteAt = (i: number) => number | undefined;

/**
 * Whether the UTF-8 bytes from `p` start with a character JS `trim` removes; undefined when the bytes that
 * decide it are not there yet (the chunk ends first).
 */
function startsTrimmable(at: ByteAt, p: number): boolean | undefined {
  const b0 = at(p);
  if (b0 === undefined) return undefined;
  if (TRIM_FIRST[b0] !== 1) return false;
  let unknown = false;
  for (const e of TRIM_UTF8) {
    if (e[0] !== b0) continue;
    let k = 1;
    for (; k < e.length; k++) {
      const b = at(p + k);
      if (b === undefined) unknown = true;
      if (b !== e[k]) break;
    }
    if (k === e.length) return true;
  }
  return unknown ? undefined : false;
}

/** Whether the UTF-8 bytes before `end` end with a character JS `trim` removes (a continuation byte is never a delimiter or LF). */
function endsTrimmable(at: ByteAt, end: number): boolean {
  return TRIM_UTF8.some((e) => e.every((b, k) => at(end - e.length + k) === b));
}

/** Physical lines, empty lines and the most fields on a line, from bytes or text (LF line ends). */
export class LineStats {
  newlines = 0;
  readonly blank: number[] = [];
  fields = 1;
  lastQuoteLine = 0;
  /** Per field (0-based), the last line on which that field's cell starts with a quote (`quoteStartLines`). */
  readonly quoteStarts: number[] = [];
  /**
   * Per field (0-based), the last line (1-based; 0 or absent: none) on which that field's cell may start or end
   * with a character JS `trim` removes, as the bytes or text give it (before any quotes are read): a column whose
   * cells below the header never do is left untrimmed by the bulk path, which is exact.
   */
  readonly #padded: number[] = [];
  /**
   * A delimiter inside quotes was seen. Quotes are followed within a line (a line break ends them): the bulk
   * path reads no record over two lines (a cell that opens a quote it does not close sends the file to the
   * parser), and a stray quote in the metadata above the header must not run on into the table.
   */
  quotedDelimiter = false;
  #inQuote = false;
  readonly #trackQuotes: boolean;
  #current = 1;
  #lastNewline = true;
  #any = false;
  readonly #delim: number;
  /** The previous chunk's last bytes (or code unit), for a cell edge right at the start of this one. */
  #tail: number[] = [];
  /** A cell whose first bytes were past the end of the previous chunk: its field, line and offset in this chunk. */
  #pending: { field: number; line: number; at: number; inside: boolean } | undefined;

  /** `trackQuotes`: look for delimiters inside quotes (text whose delimiters were masked has none left). */
  /**
   * `crlf`: lines end in CR LF (a CR before a line's LF is not the last cell's). `pureCrlf` then tells whether
   * every line does and no other CR is there.
   */
  constructor(delimiter: number, trackQuotes = true, crlf = false) {
    this.#delim = delimiter;
    this.#trackQuotes = trackQuotes && delimiter >= 0;
    this.#crlf = crlf;
  }

  readonly #crlf: boolean;
  #crs = 0;
  #bareLf = false;
  /** Bytes (or code units) of the current line in the chunks before this one. */
  #lineLength = 0;

  /** Every line ends in CR LF, and no other CR is there (`crlf` files only). */
  get pureCrlf(): boolean {
    return this.#crlf && !this.#bareLf && this.#crs === this.newlines;
  }

  #mark(field: number, line: number): void {
    this.#padded[field] = line;
  }

  /**
   * The cell of `field` on `line` starting at `p` (at or past the end of the chunk: checked with the next one). A
   * cell that opens a quote is checked again inside it (`inside`): the parser trims a quoted field's text.
   */
  #start(
    at: ByteAt,
    text: boolean,
    p: number,
    length: number,
    field: number,
    line: number,
    inside = false,
  ): void {
    const t = text ? (p < length ? TRIM_CODES.has(at(p)!) : undefined) : startsTrimmable(at, p);
    if (t === undefined) this.#pending = { field, line, at: p - length, inside };
    else if (t) this.#mark(field, line);
    else if (!inside && at(p) === QUOTE) this.#start(at, text, p + 1, length, field, line, true);
  }

  /** The cell of `field` on `line` ending before `e`, and inside its closing quote. */
  #end(
    at: ByteAt,
    ends: (e: number) => boolean,
    bytes: Buffer | undefined,
    e: number,
    field: number,
    line: number,
  ): void {
    if ((mayEnd(bytes, e) && ends(e)) || (at(e - 1) === QUOTE && mayEnd(bytes, e - 1) && ends(e - 1)))
      this.#mark(field, line);
  }

  push(chunk: Buffer | string): void {
    if (chunk.length === 0) return;
    const text = typeof chunk === 'string';
    const bytes = text ? undefined : (chunk as Buffer);
    const tail = this.#tail;
    const at: ByteAt = text
      ? (i) =>
          i >= 0 ? (i < chunk.length ? (chunk as string).charCodeAt(i) : undefined) : tail[tail.length + i]
      : (i) => (i >= 0 ? (chunk as Buffer)[i] : tail[tail.length + i]);
    const ends = text
      ? (e: number) => {
          const c = at(e - 1);
          return c !== undefined && TRIM_CODES.has(c);
        }
      : (e: number) => endsTrimmable(at, e);
    // A cell that starts this chunk: the first, or one after a delimiter or a line break that ended the last chunk.
    const cellAtStart = !this.#any || at(-1) === this.#delim || at(-1) === 0x0a;
    if (!this.#any) this.#start(at, text, 0, chunk.length, 0, 1);
    this.#any = true;
    if (cellAtStart && at(0) === QUOTE) this.quoteStarts[this.#current - 1] = this.newlines + 1;
    if (this.#pending) {
      const p = this.#pending;
      this.#pending = undefined;
      this.#start(at, text, p.at, chunk.length, p.field, p.line, p.inside);
    }
    const nl = text ? '\n' : 0x0a;
    const dl = text ? String.fromCharCode(this.#delim) : this.#delim;
    if (this.#crlf) {
      const cr = text ? '\r' : 0x0d;
      for (
        let r = (chunk as Buffer).indexOf(cr as number);
        r !== -1;
        r = (chunk as Buffer).indexOf(cr as number, r + 1)
      )
        this.#crs++;
    }
    const carried = this.#lineLength;
    let from = 0;
    const q = text ? chunk.lastIndexOf('"') : chunk.lastIndexOf(0x22);
    if (this.#trackQuotes && !this.quotedDelimiter && (q !== -1 || this.#inQuote)) this.#quotes(chunk);
    for (;;) {
      const k = (chunk as Buffer).indexOf(nl as number, from);
      const end = k === -1 ? chunk.length : k;
      const line = this.newlines + 1;
      if (q >= from && q <= end) this.lastQuoteLine = line;
      if (this.#delim >= 0) {
        for (
          let d = (chunk as Buffer).indexOf(dl as number, from);
          d !== -1 && d < end;
          d = (chunk as Buffer).indexOf(dl as number, d + 1)
        ) {
          // Most cells start and end with a byte no trimmed character starts or ends with: decided here.
          if (mayEndQuoted(bytes, d)) this.#end(at, ends, bytes, d, this.#current - 1, line);
          if (mayStartQuoted(bytes, d + 1)) this.#start(at, text, d + 1, chunk.length, this.#current, line);
          if (at(d + 1) === QUOTE) this.quoteStarts[this.#current] = line;
          this.#current++;
        }
      }
      if (k === -1) {
        if (end > from) this.#lastNewline = false;
        this.#lineLength = (from === 0 ? carried : 0) + chunk.length - from;
        break;
      }
      // The line's last cell ends before its CR in a CR LF file.
      const cr = this.#crlf && at(k - 1) === 0x0d;
      if (this.#crlf && !cr) this.#bareLf = true;
      const e = cr ? k - 1 : k;
      if (mayEndQuoted(bytes, e)) this.#end(at, ends, bytes, e, this.#current - 1, line);
      const length = k - from + (from === 0 ? carried : 0);
      if (length === (cr ? 1 : 0)) this.blank.push(line);
      if (this.#current > this.fields) this.fields = this.#current;
      this.#current = 1;
      this.newlines++;
      this.#lastNewline = true;
      this.#lineLength = 0;
      from = k + 1;
      if (mayStartQuoted(bytes, from)) this.#start(at, text, from, chunk.length, 0, line + 1);
      if (at(from) === QUOTE) this.quoteStarts[0] = line + 1;
    }
    // Five: a three-byte character before a closing quote and a CR.
    const keep = Math.min(5, chunk.length);
    const last: number[] = [];
    for (let i = chunk.length - keep; i < chunk.length; i++) last.push(at(i)!);
    this.#tail = keep < 5 ? [...tail, ...last].slice(-5) : last;
  }

  /** Follows quotes (only chunks that hold one, or start inside quotes, come here) until a quoted delimiter. */
  #quotes(chunk: Buffer | string): void {
    this.#inQuote = quotedDelimiters(chunk, this.#delim, this.#inQuote, () => {
      this.quotedDelimiter = true;
      return false;
    });
  }

  /** The field (0-based) the bytes pushed so far end in. */
  get currentField(): number {
    return this.#current - 1;
  }

  /** Physical lines (a last line without a newline counts). */
  get lines(): number {
    if (!this.#any) return 0;
    if (!this.#lastNewline && this.#current > this.fields) this.fields = this.#current;
    return this.newlines + (this.#lastNewline ? 0 : 1);
  }

  /**
   * Per field, the last line on which its cell may start or end with a character JS `trim` removes (see
   * `#padded`); the text's end settles the cell it left open.
   */
  get padded(): readonly number[] {
    const out = [...this.#padded];
    const line = this.newlines + 1;
    // A cell whose first bytes never came: none at all is no cell; the text ending inside a character, be safe.
    if (this.#pending && this.#pending.at < 0)
      out[this.#pending.field] = Math.max(out[this.#pending.field] ?? 0, this.#pending.line);
    if (this.#any && !this.#lastNewline) {
      const tail = this.#tail;
      const at: ByteAt = (i) => (i < 0 ? tail[tail.length + i] : undefined);
      const ends = (e: number) => endsTrimmable(at, e) || TRIM_CODES.has(tail[tail.length + e - 1] ?? -1);
      if (ends(0) || (tail[tail.length - 1] === QUOTE && ends(-1)))
        out[this.#current - 1] = Math.max(out[this.#current - 1] ?? 0, line);
    }
    return out;
  }
}

/**
 * Calls `found` with the offset of each delimiter inside quotes in `chunk` (quotes end at a line break),
 * jumping from quote to quote by native search; `inQuote` is the state at the chunk's start, the state at its
 * end is returned. `found` answers whether to go on.
 */
export function quotedDelimiters(
  chunk: Buffer | string,
  delimiter: number,
  inQuote: boolean,
  found: (at: number) => boolean,
): boolean {
  const text = typeof chunk === 'string';
  const find = (what: number, from: number): number => {
    const k = text
      ? (chunk as string).indexOf(String.fromCharCode(what), from)
      : (chunk as Buffer).indexOf(what, from);
    return k === -1 ? chunk.length : k;
  };
  let i = 0;
  while (i < chunk.length) {
    if (!inQuote) {
      const q = find(0x22, i);
      if (q === chunk.length) return false;
      inQuote = true;
      i = q + 1;
      continue;
    }
    const end = Math.min(find(0x22, i), find(0x0a, i));
    for (let d = find(delimiter, i); d < end; d = find(delimiter, d + 1)) if (!found(d)) return inQuote;
    if (end === chunk.length) return true;
    inQuote = false;
    i = end + 1;
  }
  return inQuote;
}

/**
 * Ingests a large bank CSV through the store's bulk path (core bank-table/bulk-bank-csv.ts), or answers
 * `fallback` with nothing stored. Files DuckDB cannot read as they are (another encoding, a BOM, CRLF line
 * ends) are first decoded exactly as the parser decodes them and written as UTF-8 with LF line ends to a
 * temporary file, removed afterwards.
 */
export async function ingestBankCsvBulk(
  sink: RecordSink & BankCsvBulkSink,
  evidencePath: string,
  head: Uint8Array,
  size: number,
  evidenceId: string,
  mapping: unknown,
  scan: BankCsvScan,
  options: { issueCap: number; bothEnds: boolean; prepared?: PreparedBankCsvLines },
): Promise<BankCsvBulkLoad> {
  const { prepared, ...rest } = options;
  const plan = planBankCsvBulk(head, size, evidenceId, mapping);
  if ('fallback' in plan) return plan;
  const m = readMapping(mapping);
  const encoding = m.ok ? m.mapping.encoding : undefined;
  const utf8 = (encoding ?? detectEncoding(head)) === 'utf-8';
  // A masked or transcoded copy at `path` (`crlf`: its lines end in CR LF, as masked bytes keep them; a transcoded
  // copy's end in LF).
  const load = (path: string, st: LineStats, maskedDelimiters: boolean, crlf: boolean) =>
    sink.bulkBankCsv(path, plan, {
      ...rest,
      lines: st.lines,
      blankLines: st.blank,
      fields: st.fields,
      lastQuoteLine: st.lastQuoteLine,
      paddedLines: st.padded,
      quoteStartLines: st.quoteStarts,
      maskedDelimiters,
      crlf,
    });
  // The copy's own bytes when DuckDB can read them as they are: its quotes itself where every quote sits where the
  // CSV rules put it (no masked copy, no unquoting in SQL), else with no quote inside a field's delimiter. Lines read
  // ahead are of these bytes: of no use for a transcoded or masked copy.
  const own = utf8 ? ownLinesOptions(scan, plan.headerEnd) : undefined;
  if (own)
    return sink.bulkBankCsv(evidencePath, plan, {
      ...rest,
      lines: scan.stats.lines,
      blankLines: scan.stats.blank,
      ...own,
      ...(prepared ? { prepared } : {}),
    });
  await prepared?.dispose();
  const tmp = join(tmpdir(), `dragnet-bank-${randomBytes(6).toString('hex')}.csv`);
  try {
    if (utf8 && scan.bytesPlain) {
      // UTF-8 with LF line ends whose only trouble is delimiters inside quotes: masked in the bytes, where
      // the line count, empty lines and quotes stay as the scan saw them (the field count only falls).
      // The masked bytes' own stats: the scan's split cells at the delimiters inside quotes too.
      const stats = await maskBytes(evidencePath, tmp, plan.delimiter.charCodeAt(0), scan.crlf);
      return await load(tmp, stats, true, scan.crlf);
    }
    const t = await transcode(evidencePath, tmp, encoding, plan.delimiter);
    if (typeof t === 'string') return { fallback: t };
    return await load(tmp, t.stats, t.masked, false);
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * `path` into `out` with each delimiter inside quotes replaced by U+0001 (one byte for one byte); the masked bytes'
 * line stats.
 */
async function maskBytes(path: string, out: string, delimiter: number, crlf: boolean): Promise<LineStats> {
  const stream = createWriteStream(out, { flags: 'wx' });
  const stats = new LineStats(delimiter, false, crlf);
  let inQuote = false;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      inQuote = quotedDelimiters(chunk, delimiter, inQuote, (at) => {
        chunk[at] = 0x01;
        return true;
      });
      stats.push(chunk);
      if (!stream.write(chunk)) await new Promise<void>((r) => stream.once('drain', () => r()));
    }
  } finally {
    await new Promise<void>((resolve, reject) =>
      stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  }
  return stats;
}

/**
 * The parser's text of `path` (`decodeAuto`, BOM dropped) as UTF-8 with CRLF turned into LF, and each
 * delimiter inside quotes (`"Оплата; счёт 5"`, `"-2 000,50"` in a comma file) replaced by U+0001, into `out`;
 * returns the line count and whether a delimiter was replaced, or why the text cannot go to DuckDB line
 * for line. Quotes are followed within a line, as `LineStats` follows them.
 */
async function transcode(
  path: string,
  out: string,
  encoding: TextEncoding | undefined,
  delimiter: string,
): Promise<{ stats: LineStats; masked: boolean } | string> {
  const stream = createWriteStream(out, { flags: 'wx' });
  const delim = delimiter.charCodeAt(0);
  const stats = new LineStats(delim, false);
  let inQuote = false;
  let masked = false;
  const mask = (text: string): string => {
    if (!inQuote && !text.includes('"')) return text;
    let done = '';
    let from = 0;
    inQuote = quotedDelimiters(text, delim, inQuote, (at) => {
      done += `${text.slice(from, at)}\u0001`;
      from = at + 1;
      return true;
    });
    if (from === 0) return text;
    masked = true;
    return done + text.slice(from);
  };
  let pendingCr = false;
  let failure: string | undefined;
  try {
    const chunks = createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>;
    // Bytes the encoding does not read: the streaming parser quarantines the rows that hold them.
    const replaced = { value: false };
    for await (let text of decodeAuto(chunks, { ...(encoding ? { encoding } : {}), replaced })) {
      if (pendingCr) {
        if (text[0] !== '\n') {
          failure = 'CR inside a line';
          break;
        }
        pendingCr = false;
      }
      if (text.endsWith('\r')) {
        pendingCr = true;
        text = text.slice(0, -1);
      }
      if (text.includes('\r')) {
        text = text.replaceAll('\r\n', '\n');
        if (text.includes('\r')) {
          failure = 'CR inside a line';
          break;
        }
      }
      if (/[\u0000-\u0002]/.test(text)) {
        failure = 'control characters U+0000–U+0002';
        break;
      }
      if (replaced.value) {
        failure = 'bytes the encoding does not read (U+FFFD)';
        break;
      }
      text = mask(text);
      stats.push(text);
      if (!stream.write(text)) await new Promise<void>((r) => stream.once('drain', () => r()));
    }
    if (pendingCr && failure === undefined) failure = 'CR at the end of the file';
  } finally {
    await new Promise<void>((resolve, reject) =>
      stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  }
  if (failure !== undefined) return failure;
  if (stats.lines === 0) return 'empty';
  return { stats, masked };
}

/**
 * Has the store read the lines of the copy at `path` while it is hashed and scanned (`BankCsvLinesPreparer`),
 * as its first 64 KiB predict the scan will find them: undefined when the store cannot, or when the head shows that
 * the bulk path would not read the file as it is (another encoding, a BOM, CR line ends, a delimiter inside
 * quotes, no header it can map).
 */
export function readBankLinesAhead(
  store: unknown,
  path: string,
  size: number,
  head: Uint8Array,
  mapping: unknown,
): PreparedBankCsvLines | undefined {
  if (typeof (store as Partial<BankCsvLinesPreparer>).prepareBankCsvLines !== 'function') return undefined;
  const plan = planBankCsvBulk(head, size, '0'.repeat(64), mapping);
  if ('fallback' in plan) return undefined;
  const m = readMapping(mapping);
  if (((m.ok ? m.mapping.encoding : undefined) ?? detectEncoding(head)) !== 'utf-8') return undefined;
  // Complete lines only: the head may end inside one.
  const cut = size > head.length ? head.lastIndexOf(0x0a) + 1 : head.length;
  const scan = new BankCsvScan(plan.delimiter);
  scan.push(Buffer.from(head.buffer, head.byteOffset, cut));
  const options = ownLinesOptions(scan, plan.headerEnd);
  return options && (store as BankCsvLinesPreparer).prepareBankCsvLines(path, plan, options);
}

/**
 * How DuckDB reads the scanned bytes as they are (a UTF-8 copy): its quotes itself when they allow
 * (`BankCsvScan.quoting`), else with no quotes read when no delimiter sits inside them; undefined when neither
 * (the bytes are masked or transcoded first).
 */
function ownLinesOptions(scan: BankCsvScan, headerEnd: number): BankCsvLinesOptions | undefined {
  const st = scan.stats;
  const common = {
    fields: st.fields,
    lastQuoteLine: st.lastQuoteLine,
    quoteStartLines: st.quoteStarts,
    maskedDelimiters: false,
    crlf: scan.crlf,
  };
  const native = scan.bytesPlain && st.lastQuoteLine > headerEnd ? scan.quoting(headerEnd) : undefined;
  if (native) return { ...common, paddedLines: native.padded, quoting: native.quoting };
  return scan.plain ? { ...common, paddedLines: st.padded } : undefined;
}

export function isBankCsvBulkSink(sink: RecordSink): sink is RecordSink & BankCsvBulkSink {
  return typeof (sink as Partial<BankCsvBulkSink>).bulkBankCsv === 'function';
}

/**
 * How the quotes of a UTF-8 CSV with LF line ends sit, byte by byte (the bulk path's native quoting: DuckDB then
 * reads the quotes itself, with no masking and no unquoting in SQL). Per line, it notes a quote the CSV rules do
 * not put there (`lastOther`: a quote inside an unquoted cell, text after a closing quote, a line break inside
 * quotes), a cell not quoted (`lastUnquoted`) and a quoted cell holding neither the delimiter nor a quote
 * (`lastNeedless`). Per field, counted as the parser splits the line (delimiters inside quotes are text), the last
 * line whose text may start or end with a character JS `trim` removes, inside the quotes or outside (by the
 * first and last byte: a lookalike byte marks a column too, which costs speed, never rows).
 */
export class QuoteStyle {
  readonly #delim: number;
  #line = 1;
  #field = 0;
  #atStart = true;
  #inQuote = false;
  /** A quote inside a quoted field whose meaning the next byte decides (doubled, or the field's end). */
  #pendingQuote = false;
  #quotedField = false;
  /** The current field's closing quote came. */
  #closed = false;
  #ended = false;
  #special = false;
  /** The current field's text began (its first byte was checked). */
  #begun = false;
  #last = -1;
  lastOther = 0;
  lastUnquoted = 0;
  lastNeedless = 0;
  /** The last line before the first quote that held a field (all its fields were not quoted). */
  #plainBefore = 0;
  /** Per field, the last line on which it was quoted, and on which it was not. */
  readonly #quotedIn: number[] = [];
  readonly #unquotedIn: number[] = [];
  readonly padded: number[] = [];

  /** `crlf`: every line ends in CR LF (checked apart): a CR is read as nothing. */
  constructor(delimiter: number, crlf = false) {
    this.#delim = delimiter;
    this.#crlf = crlf;
  }

  readonly #crlf: boolean;

  #pad(): void {
    this.padded[this.#field] = this.#line;
  }

  #endField(): void {
    if (this.#quotedField) {
      if (!this.#special) this.lastNeedless = this.#line;
      this.#quotedIn[this.#field] = this.#line;
    } else {
      this.lastUnquoted = this.#line;
      this.#unquotedIn[this.#field] = this.#line;
    }
    if (this.#begun && TRIM_LAST[this.#last] === 1) this.#pad();
    this.#field++;
    this.#atStart = true;
    this.#closed = false;
    this.#quotedField = false;
    this.#special = false;
    this.#begun = false;
  }

  #endLine(): void {
    // An empty line holds no field (DuckDB skips it).
    if (!(this.#field === 0 && this.#atStart && !this.#quotedField)) this.#endField();
    else this.#atStart = true;
    this.#line++;
    this.#field = 0;
  }

  /**
   * Starts on `line` (1-based) in field `field`, `atStart` of it, after `lastByte`, with no quote seen before: the
   * lines before, and this one when some of it was seen, count as holding cells not quoted.
   */
  startAt(line: number, field: number, atStart: boolean, lastByte: number): void {
    this.#line = line;
    this.#field = field;
    this.#atStart = atStart;
    this.#begun = !atStart;
    this.#last = lastByte;
    this.lastUnquoted = field === 0 && atStart ? line - 1 : line;
    this.#plainBefore = this.lastUnquoted;
  }

  #text(b: number): void {
    if (!this.#begun) {
      this.#begun = true;
      if (TRIM_FIRST[b] === 1) this.#pad();
    }
    this.#last = b;
  }

  push(chunk: Buffer): void {
    // A quote that broke the rules settles `below` (undefined) and with it what the rest would tell (the padded
    // columns serve only a file DuckDB reads the quotes of): the bytes after it are not read. A file whose names hold
    // quotes (`ТОО "Ромашка"`) is read here at 7 ns a byte otherwise, its whole length.
    if (this.lastOther > 0) return;
    const delim = this.#delim;
    const crlf = this.#crlf;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (crlf && b === 0x0d) continue;
      if (this.#inQuote) {
        if (!this.#pendingQuote) {
          if (b === QUOTE) this.#pendingQuote = true;
          else if (b === 0x0a) {
            // A line break inside quotes.
            this.lastOther = this.#line;
            return;
          } else {
            if (b === delim) this.#special = true;
            this.#text(b);
          }
          continue;
        }
        this.#pendingQuote = false;
        if (b === QUOTE) {
          this.#special = true;
          this.#text(b);
          continue;
        }
        // The field's closing quote: only a delimiter or a line end may follow it.
        this.#inQuote = false;
        this.#closed = true;
      }
      if (b === delim) {
        this.#endField();
        continue;
      }
      if (b === 0x0a) {
        this.#endLine();
        continue;
      }
      if (b === QUOTE && this.#atStart) {
        this.#atStart = false;
        this.#inQuote = true;
        this.#quotedField = true;
        continue;
      }
      // Text after a closing quote, or a quote inside a cell not quoted.
      if (this.#closed || b === QUOTE) {
        this.lastOther = this.#line;
        return;
      }
      this.#atStart = false;
      this.#text(b);
    }
  }

  /** The text's end (once): a quote still open is a rule broken; a last line without a line break ends its field. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#inQuote && !this.#pendingQuote) this.lastOther = this.#line;
    this.#inQuote = false;
    this.#pendingQuote = false;
    if (!this.#atStart || this.#field > 0 || this.#quotedField) this.#endField();
  }

  /**
   * How DuckDB may read the quotes of the lines below `headerEnd` (`BankCsvBulkOptions.quoting`): every field quoted
   * (`all`), exactly the fields that hold the delimiter or a quote (`minimal`: Python's csv module and most
   * exporters), the same columns on every line (`columns:` and a 0/1 per field), or none of these (undefined; also
   * when any quote in the file breaks the rules).
   */
  below(headerEnd: number): string | undefined {
    // Anywhere in the file: DuckDB reads the lines above the header with the same rules.
    if (this.lastOther > 0) return undefined;
    if (this.lastUnquoted <= headerEnd) return 'all';
    if (this.lastNeedless <= headerEnd) return 'minimal';
    // Each column quoted on every line or on none (text columns quoted, numbers not: R's write.csv, pandas'
    // QUOTE_NONNUMERIC), the lines before the first quote above the header.
    if (this.#plainBefore > headerEnd) return undefined;
    const fields = Math.max(this.#quotedIn.length, this.#unquotedIn.length);
    let mask = '';
    for (let i = 0; i < fields; i++) {
      const quoted = (this.#quotedIn[i] ?? 0) > headerEnd;
      if (quoted && (this.#unquotedIn[i] ?? 0) > headerEnd) return undefined;
      mask += quoted ? '1' : '0';
    }
    return `columns:${mask}`;
  }
}
