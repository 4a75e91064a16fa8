/** One CSV record. `line` is the 1-based physical line it starts on (locator `row:<line>`). */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** The record's text without its line terminator (several physical lines when a quoted field spans them). */
  raw: string;
  /** Set when the record could not be read as RFC 4180 (an unterminated quote); `fields` is then a best effort. */
  error?: string;
}

export interface ReadCsvOptions {
  /** Field delimiter; sniffed from the first lines among `,` `;` `\t` `|` when absent. */
  delimiter?: string;
  /**
   * A quoted field still open after this many characters is taken for a stray quote: its first physical
   * line becomes a record with `error` and reading resumes on the next line (default 1 MiB).
   */
  maxRecordChars?: number;
  /** Told the delimiter once it is known. */
  onDelimiter?: (delimiter: string) => void;
}

export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SNIFF_CHARS = 65536;
const SNIFF_LINES = 20;
const BATCH_CHARS = 65536;

/**
 * Streaming RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF, newlines inside quotes. Lenient
 * where files in the wild are: a quote inside an unquoted field is literal text, text after a closing
 * quote is appended, blank lines are skipped. Unquoted lines take a fast path (indexOf + split).
 */
export async function* readCsvRecords(
  text: AsyncIterable<string>,
  options: ReadCsvOptions = {},
): AsyncIterable<CsvRecord> {
  for await (const batch of readCsvBatches(text, options)) {
    for (const record of batch) yield record;
  }
}

/** `readCsvRecords` in arrays of records, one per input chunk: saves an await per record on hot paths. */
export async function* readCsvBatches(
  text: AsyncIterable<string>,
  options: ReadCsvOptions = {},
): AsyncIterable<CsvRecord[]> {
  const scanner = new CsvScanner(options);
  for await (const chunk of text) {
    // Big chunks make big batches, which outlive the young generation and cost far more in GC.
    for (let i = 0; i < chunk.length; i += BATCH_CHARS) {
      const out = scanner.push(chunk.length <= BATCH_CHARS ? chunk : chunk.slice(i, i + BATCH_CHARS));
      if (out.length > 0) yield out;
    }
  }
  const out = scanner.end();
  if (out.length > 0) yield out;
}

/** Reads a whole string (tests, small inputs). */
export function parseCsvText(text: string, options: ReadCsvOptions = {}): CsvRecord[] {
  const scanner = new CsvScanner(options);
  return [...scanner.push(text), ...scanner.end()];
}

/** Push-style CSV scanner behind `readCsvRecords`; usable directly from synchronous code. */
export class CsvScanner {
  private buf = '';
  private pos = 0;
  private line = 1;
  private delimiter: string | undefined;
  private delimCode = 44;
  private readonly maxRecordChars: number;
  private readonly onDelimiter: ((d: string) => void) | undefined;

  constructor(options: ReadCsvOptions = {}) {
    this.maxRecordChars = options.maxRecordChars ?? 1 << 20;
    this.onDelimiter = options.onDelimiter;
    if (options.delimiter !== undefined) this.setDelimiter(options.delimiter);
  }

  push(chunk: string): CsvRecord[] {
    this.buf = this.pos > 0 ? this.buf.slice(this.pos) + chunk : this.buf + chunk;
    this.pos = 0;
    if (this.delimiter === undefined) {
      if (this.buf.length < SNIFF_CHARS && countLines(this.buf, SNIFF_LINES) < SNIFF_LINES) return [];
      this.setDelimiter(sniffDelimiter(this.buf));
    }
    return this.drain(false);
  }

  end(): CsvRecord[] {
    if (this.delimiter === undefined) this.setDelimiter(sniffDelimiter(this.buf));
    const out = this.drain(true);
    this.buf = '';
    this.pos = 0;
    return out;
  }

  private setDelimiter(d: string): void {
    this.delimiter = d;
    this.delimCode = d.charCodeAt(0);
    this.onDelimiter?.(d);
  }

  private drain(eof: boolean): CsvRecord[] {
    const out: CsvRecord[] = [];
    const buf = this.buf;
    const len = buf.length;
    const delim = this.delimiter!;
    let pos = this.pos;
    let line = this.line;
    while (pos < len) {
      let nl = buf.indexOf('\n', pos);
      if (nl === -1) {
        if (!eof) break;
        nl = len;
      }
      let end = nl;
      if (end > pos && buf.charCodeAt(end - 1) === CR) end--;
      if (end === pos) {
        pos = nl + 1;
        line++;
        continue;
      }
      const raw = buf.slice(pos, end);
      if (raw.indexOf('"') === -1) {
        out.push({ line, fields: raw.split(delim), raw });
        pos = nl + 1;
        line++;
        continue;
      }
      const r = this.parseQuoted(buf, pos, eof, line);
      if (r === undefined) {
        if (!eof && len - pos <= this.maxRecordChars) break;
        // An unbalanced quote: give its first line up as a broken record and read on.
        out.push({ line, fields: raw.split(delim), raw, error: 'unterminated quoted field' });
        pos = nl + 1;
        line++;
        continue;
      }
      out.push(r.record);
      line += r.lines;
      pos = r.next;
    }
    this.pos = pos;
    this.line = line;
    return out;
  }

  /** Parses one record starting at `start`; undefined when the buffer ends before the record does. */
  private parseQuoted(
    buf: string,
    start: number,
    eof: boolean,
    line: number,
  ): { record: CsvRecord; next: number; lines: number } | undefined {
    const len = buf.length;
    const d = this.delimCode;
    const fields: string[] = [];
    let i = start;
    for (;;) {
      let value: string;
      if (buf.charCodeAt(i) === QUOTE) {
        let j = i + 1;
        value = '';
        for (;;) {
          const k = buf.indexOf('"', j);
          if (k === -1) return undefined;
          if (k + 1 >= len && !eof) return undefined; // cannot tell `"` from `""` yet
          if (buf.charCodeAt(k + 1) === QUOTE) {
            value += buf.slice(j, k + 1);
            j = k + 2;
            continue;
          }
          value += buf.slice(j, k);
          i = k + 1;
          break;
        }
        // Text after the closing quote (`"a"b`): keep it, as most readers do.
        if (i < len) {
          const c = buf.charCodeAt(i);
          if (c !== d && c !== LF && c !== CR) {
            let e = i;
            while (e < len) {
              const x = buf.charCodeAt(e);
              if (x === d || x === LF || x === CR) break;
              e++;
            }
            value += buf.slice(i, e);
            i = e;
          }
        }
      } else {
        let e = i;
        while (e < len) {
          const x = buf.charCodeAt(e);
          if (x === d || x === LF || x === CR) break;
          e++;
        }
        value = buf.slice(i, e);
        i = e;
      }
      fields.push(value);
      if (i >= len) {
        if (!eof) return undefined;
        return this.finish(buf, start, len, len, fields, line);
      }
      const c = buf.charCodeAt(i);
      if (c === d) {
        i++;
        if (i >= len && !eof) return undefined;
        if (i >= len) {
          fields.push('');
          return this.finish(buf, start, len, len, fields, line);
        }
        continue;
      }
      if (c === CR) {
        if (i + 1 >= len && !eof) return undefined;
        const next = buf.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
        return this.finish(buf, start, i, next, fields, line);
      }
      // LF
      return this.finish(buf, start, i, i + 1, fields, line);
    }
  }

  private finish(buf: string, start: number, end: number, next: number, fields: string[], line: number) {
    const raw = buf.slice(start, end);
    let lines = 1;
    for (let k = raw.indexOf('\n'); k !== -1; k = raw.indexOf('\n', k + 1)) lines++;
    return { record: { line, fields, raw }, next, lines };
  }
}

function countLines(text: string, max: number): number {
  let n = 0;
  for (let k = text.indexOf('\n'); k !== -1 && n < max; k = text.indexOf('\n', k + 1)) n++;
  return n;
}

/**
 * Picks the delimiter that splits the first lines into the same number (> 0) of fields, preferring more
 * fields; with no consistent candidate, the most frequent one; `,` when none occurs.
 */
export function sniffDelimiter(text: string): string {
  const lines = firstLogicalLines(text, SNIFF_LINES);
  let best = ',';
  let bestScore = -1;
  for (const d of CSV_DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    // The last line may be cut by the sniffing window: leave it out of the consistency test.
    const body = counts.length > 2 ? counts.slice(0, -1) : counts;
    const consistent = body.every((c) => c === first);
    const score = (consistent ? 1_000_000 : 0) + first;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function firstLogicalLines(text: string, max: number): string[] {
  const out: string[] = [];
  let start = 0;
  let inQuotes = false;
  for (let i = 0; i < text.length && out.length < max; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (c === LF && !inQuotes) {
      const l = text.slice(start, i);
      if (l.trim() !== '') out.push(l);
      start = i + 1;
    }
  }
  if (out.length < max && start < text.length) {
    const l = text.slice(start);
    if (l.trim() !== '') out.push(l);
  }
  return out;
}

function countOutsideQuotes(line: string, d: string): number {
  const code = d.charCodeAt(0);
  let n = 0;
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (c === code && !inQuotes) n++;
  }
  return n;
}
