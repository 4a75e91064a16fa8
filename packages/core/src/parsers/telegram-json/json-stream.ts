/**
 * A push-fed JSON walker for files far larger than memory. The caller decides per container whether to
 * descend into it (events per key), capture it (one `JSON.parse` of its slice: fast for the many small
 * records of a big file) or skip it (scanned and dropped). Pure: text in, callbacks out.
 *
 * Why not a token-level SAX parser: per-token callbacks in JS cost more than the native `JSON.parse` of a
 * message-sized slice, and messages are what a Telegram export is made of.
 */

import { countNewlines } from '../../text/count-newlines.ts';

export type WalkMode = 'descend' | 'capture' | 'skip';

export interface WalkHandler {
  /**
   * What to do with the value under `key` (an object key, or `null` for an array element) inside a
   * container whose role is `parentRole`. `first` is the value's first character. Return the child's role
   * when descending.
   */
  decide(parentRole: string, key: string | null, first: string): { mode: WalkMode; role?: string };
  enter(role: string, key: string | null): void;
  leave(role: string): void;
  value(parentRole: string, key: string | null, value: unknown): void;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

interface Frame {
  array: boolean;
  role: string;
  /** 0 first key/element or end, 1 colon, 2 value, 3 comma or end, 4 key after comma. */
  state: number;
  key: string | null;
}

interface Pending {
  mode: 'capture' | 'skip';
  parentRole: string;
  key: string | null;
  /** Scan progress, relative to `pos` (capture) or absolute in `buf` (skip). */
  at: number;
  depth: number;
  inString: boolean;
  escape: boolean;
  scalar: boolean;
}

const isWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export class JsonWalker {
  private buf = '';
  private pos = 0;
  private line = 1;
  /** Offset in the stream of the current line's start, minus the offset of `buf[0]`. */
  private lineStart = 0;
  private readonly stack: Frame[] = [];
  private pending: Pending | null = null;
  /** The last closing needle of `tryPrettyEnd`. */
  private needle = '';
  private started = false;
  private done = false;
  /** Index in `buf` where the value last handed to `handler.value` starts. */
  private valueAt = 0;
  /** `valueLine`'s memo: the line at `buf[lineMemoAt]`, valid while `lineMemoEpoch` is `epoch`. */
  private epoch = 0;
  private lineMemoEpoch = -1;
  private lineMemoAt = 0;
  private lineMemo = 1;

  constructor(private readonly handler: WalkHandler) {}

  /** True while the stream has held nothing but whitespace (and a byte-order mark): an empty file once it ends. */
  get blank(): boolean {
    return !this.started;
  }

  /** Characters held in the buffer from the read position on (a value not yet complete, and what follows it). */
  get held(): number {
    return this.buf.length - this.pos;
  }

  /** Line (1-based) of the current read position: for locators and error messages. */
  get currentLine(): number {
    return this.line + countNewlines(this.buf, 0, this.pos);
  }

  /** Line (1-based) the next text fed starts on: where bytes that did not decode are, for the warning. */
  get endLine(): number {
    return this.line + countNewlines(this.buf, 0, this.buf.length);
  }

  /**
   * Line (1-based) where the value being handed to `handler.value` starts: for issues about a record. Read only
   * when needed (an issue), and counted on from the last read within the same buffer, so a file with an issue
   * on every message costs one pass over its newlines, not one per issue.
   */
  get valueLine(): number {
    if (this.lineMemoEpoch !== this.epoch || this.valueAt < this.lineMemoAt) {
      this.lineMemoEpoch = this.epoch;
      this.lineMemoAt = 0;
      this.lineMemo = this.line;
    }
    this.lineMemo += countNewlines(this.buf, this.lineMemoAt, this.valueAt);
    this.lineMemoAt = this.valueAt;
    return this.lineMemo;
  }

  feed(text: string): void {
    if (this.done && text.trim() === '') return;
    this.compact();
    this.buf += text;
    this.run(false);
  }

  end(): void {
    this.run(true);
    if (!this.done)
      throw this.error(this.started ? 'unexpected end of file inside the JSON' : 'the file is empty');
  }

  private compact(): void {
    if (this.pos === 0) return;
    this.line += countNewlines(this.buf, 0, this.pos);
    const lastNl = this.buf.lastIndexOf('\n', this.pos - 1);
    this.lineStart = lastNl >= 0 ? lastNl + 1 - this.pos : this.lineStart - this.pos;
    this.buf = this.buf.slice(this.pos);
    this.pos = 0;
    this.epoch++;
  }

  private error(what: string): JsonSyntaxError {
    const before = this.buf.slice(0, this.pos);
    const nl = before.lastIndexOf('\n');
    const line = this.line + countNewlines(this.buf, 0, this.pos);
    const column = nl >= 0 ? this.pos - nl : this.pos - this.lineStart + 1;
    return new JsonSyntaxError(`${what} at line ${line}, column ${column}`, line, column);
  }

  private skipWs(): boolean {
    const b = this.buf;
    let p = this.pos;
    while (p < b.length && isWs(b.charCodeAt(p))) p++;
    this.pos = p;
    return p < b.length;
  }

  private run(eof: boolean): void {
    for (;;) {
      if (this.pending) {
        if (!this.resumePending(eof)) return;
        continue;
      }
      if (this.done) {
        if (this.skipWs()) throw this.error(`unexpected "${this.buf[this.pos]}" after the end of the JSON`);
        return;
      }
      if (!this.skipWs()) return;
      const c = this.buf[this.pos]!;
      if (!this.started) {
        if (c === '\uFEFF') {
          this.pos++;
          continue;
        }
        this.started = true;
        this.startValue(null, null, c, 'root');
        continue;
      }
      const f = this.stack[this.stack.length - 1];
      if (!f) {
        this.done = true;
        continue;
      }
      if (f.array) {
        if (f.state === 3) {
          if (c === ',') {
            this.pos++;
            f.state = 2;
          } else if (c === ']') this.close();
          else throw this.error(`expected "," or "]" in an array, found "${c}"`);
          continue;
        }
        if (c === ']' && f.state === 0) {
          this.close();
          continue;
        }
        f.state = 3;
        this.startValue(f.role, null, c, null);
        continue;
      }
      switch (f.state) {
        case 0:
        case 4: {
          if (c === '}' && f.state === 0) {
            this.close();
            continue;
          }
          if (c !== '"') throw this.error(`expected a quoted key, found "${c}"`);
          const end = findStringEnd(this.buf, this.pos + 1);
          if (end < 0) {
            if (eof) throw this.error('unexpected end of file inside a key');
            return;
          }
          f.key = JSON.parse(this.buf.slice(this.pos, end + 1)) as string;
          this.pos = end + 1;
          f.state = 1;
          continue;
        }
        case 1:
          if (c !== ':') throw this.error(`expected ":" after key "${f.key}", found "${c}"`);
          this.pos++;
          f.state = 2;
          continue;
        case 2:
          f.state = 3;
          this.startValue(f.role, f.key, c, null);
          continue;
        default:
          if (c === ',') {
            this.pos++;
            f.state = 4;
          } else if (c === '}') this.close();
          else throw this.error(`expected "," or "}" after the value of "${f.key}", found "${c}"`);
      }
    }
  }

  private close(): void {
    this.pos++;
    const f = this.stack.pop()!;
    this.handler.leave(f.role);
    if (this.stack.length === 0) this.done = true;
  }

  private startValue(
    parentRole: string | null,
    key: string | null,
    first: string,
    rootRole: string | null,
  ): void {
    if (!'{["-0123456789tfn'.includes(first))
      throw this.error(`unexpected "${first}" where a value should start`);
    const container = first === '{' || first === '[';
    const d =
      rootRole !== null
        ? { mode: 'descend' as WalkMode, role: rootRole }
        : this.handler.decide(parentRole!, key, first);
    if (d.mode === 'descend' && container) {
      this.pos++;
      const role = d.role ?? 'unknown';
      this.stack.push({ array: first === '[', role, state: 0, key: null });
      this.handler.enter(role, key);
      return;
    }
    if (d.mode === 'capture' && container) {
      // The common case (a message): complete in the buffer, so no pending state to allocate.
      const start = this.pos;
      const v = this.tryPrettyEnd(this.buf, start);
      if (v !== NOT_FOUND) {
        this.valueAt = start;
        this.handler.value(parentRole ?? '', key, v);
        return;
      }
    }
    this.pending = {
      mode: d.mode === 'skip' ? 'skip' : 'capture',
      parentRole: parentRole ?? '',
      key,
      at: d.mode === 'skip' ? this.pos : 0,
      depth: 0,
      inString: false,
      escape: false,
      scalar: !container && first !== '"',
    };
  }

  /**
   * Fast path for pretty-printed files (Telegram's): a raw newline never occurs inside a JSON string, so
   * the first `\n<indent>}` after a `{` standing at `<indent>` is its closing brace when the indentation
   * is consistent; `JSON.parse` of that slice proves it (a slice that parses is balanced). Anything else
   * (minified JSON, odd indentation, a value not yet in the buffer) falls back to the scanner.
   */
  private tryPrettyEnd(b: string, start: number): unknown {
    const open = b.charCodeAt(start);
    if (open !== 0x7b && open !== 0x5b) return NOT_FOUND;
    let k = start - 1;
    while (k >= 0 && (b.charCodeAt(k) === 0x20 || b.charCodeAt(k) === 0x09)) k--;
    if (k < 0 || b.charCodeAt(k) !== 0x0a) return NOT_FOUND;
    // Every message of a file stands at the same indentation: reuse the last needle when it matches.
    const close = open === 0x7b ? 0x7d : 0x5d;
    let needle = this.needle;
    let same = needle.length === start - k + 1 && needle.charCodeAt(start - k) === close;
    for (let j = 0; same && j < start - k; j++) same = needle.charCodeAt(j) === b.charCodeAt(k + j);
    if (!same) needle = this.needle = b.slice(k, start) + String.fromCharCode(close);
    const at = b.indexOf(needle, start);
    if (at < 0) return NOT_FOUND;
    const end = at + needle.length;
    let v: unknown;
    try {
      v = JSON.parse(b.slice(start, end));
    } catch {
      return NOT_FOUND;
    }
    this.pos = end;
    return v;
  }

  /** Continues scanning the pending value; true when it is complete. */
  private resumePending(eof: boolean): boolean {
    const p = this.pending!;
    const b = this.buf;
    const base = p.mode === 'capture' ? this.pos : 0;
    let i = base + p.at;
    let end = -1;
    if (p.mode === 'capture' && p.at === 0 && !p.scalar) {
      const start = this.pos;
      const v = this.tryPrettyEnd(b, start);
      if (v !== NOT_FOUND) {
        this.pending = null;
        this.valueAt = start;
        this.handler.value(p.parentRole, p.key, v);
        return true;
      }
    }
    if (p.scalar) {
      while (i < b.length) {
        const ch = b.charCodeAt(i);
        if (ch === 0x2c || ch === 0x7d || ch === 0x5d || isWs(ch)) break;
        i++;
      }
      if (i < b.length || eof) end = i;
    } else {
      let { depth, inString, escape: esc } = p;
      const fast = p.mode === 'capture';
      while (i < b.length) {
        if (inString && fast && !esc) {
          // Message text is most of a file: jump to the next quote natively instead of char by char.
          const q = b.indexOf('"', i);
          if (q < 0) {
            i = b.length;
            esc = b.charCodeAt(i - 1) === 0x5c && isOddBackslashRun(b, i - 1, base);
            break;
          }
          if (isOddBackslashRun(b, q - 1, base)) {
            i = q + 1;
            continue;
          }
          inString = false;
          i = q + 1;
          if (depth === 0) {
            end = i;
            break;
          }
          continue;
        }
        const ch = b.charCodeAt(i++);
        if (inString) {
          if (esc) esc = false;
          else if (ch === 0x5c) esc = true;
          else if (ch === 0x22) {
            inString = false;
            if (depth === 0) {
              end = i;
              break;
            }
          }
        } else if (ch === 0x22) inString = true;
        else if (ch === 0x7b || ch === 0x5b) depth++;
        else if (ch === 0x7d || ch === 0x5d) {
          depth--;
          if (depth === 0) {
            end = i;
            break;
          }
        }
      }
      p.depth = depth;
      p.inString = inString;
      p.escape = esc;
    }
    if (end < 0) {
      if (eof) throw this.error('unexpected end of file inside a value');
      if (p.mode === 'skip') {
        // A skipped value may be huge: drop what was scanned so memory stays flat.
        // The lines before the value ([0, pos)) are dropped with it: count them too.
        this.line += countNewlines(b, 0, i);
        this.buf = '';
        this.pos = 0;
        this.lineStart = 0;
        this.epoch++;
        p.at = 0;
      } else p.at = i - base;
      return false;
    }
    this.pending = null;
    if (p.mode === 'skip') {
      this.pos = end;
      return true;
    }
    const slice = b.slice(this.pos, end);
    let v: unknown;
    try {
      v = JSON.parse(slice);
    } catch (e) {
      throw this.error(`invalid JSON value (${(e as Error).message})`);
    }
    this.valueAt = this.pos;
    this.pos = end;
    this.handler.value(p.parentRole, p.key, v);
    return true;
  }
}

/** Whether the run of backslashes ending at `at` (scanning back to `floor`) has odd length. */
function isOddBackslashRun(b: string, at: number, floor: number): boolean {
  let n = 0;
  while (at >= floor && b.charCodeAt(at) === 0x5c) {
    n++;
    at--;
  }
  return n % 2 === 1;
}

const NOT_FOUND = Symbol('not found');

function findStringEnd(b: string, from: number): number {
  for (let i = from; i < b.length; i++) {
    const ch = b.charCodeAt(i);
    if (ch === 0x5c) i++;
    else if (ch === 0x22) return i;
  }
  return -1;
}
