import { lstat, mkdir, open, rm } from 'node:fs/promises';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { join } from 'node:path';
import yauzl from 'yauzl';

/** What the archives of one run may unpack to, at most: beyond either, an archive is refused as a ZIP bomb. */
export const ZIP_LIMITS = {
  /** Unpacked bytes per packed byte of the archive, once the unpacked size passes `ratioFromBytes`. */
  ratio: 200,
  ratioFromBytes: 1024 ** 3,
  /** Unpacked bytes in all. */
  totalBytes: 64 * 1024 ** 3,
  entries: 500_000,
};

export interface UnpackedZip {
  /** Files written, with their path inside the archive (`/`-separated, as cleaned), in name order as a folder walk. */
  files: Array<{ path: string; inner: string }>;

  /**
   * Entries not written, with the reason (a path that leaves the folder, an encrypted entry, a name twice …); `damaged`:
   * its bytes do not match the CRC-32 the archive recorded (damaged evidence, not a stray file).
   */
  skipped: Array<{ inner: string; reason: string; damaged?: true }>;
}

/**
 * Unpacks a ZIP archive (an evidence export a lab zipped) into `dest` with yauzl, which reads the archive's central
 * directory (ZIP64 too) and each entry from its recorded offset and size, so that an entry's bytes can never pose as
 * another entry. Each entry is streamed to its file: memory does not grow with the archive. Entry names are untrusted:
 * a name that is absolute, names a drive or climbs out of the folder (`..`) is not written; an encrypted entry, one
 * compressed by a method other than stored or deflate, a name already written, or a file that cannot be created
 * (a name too long, a file where a folder is) is left out with its reason; a link stored in the archive becomes a
 * plain file. More than `limits` allows for the run (`budget`, shared by the archives of one run, nested ones
 * included) stops it with an error naming the entry.
 */
export async function unpackZip(zipPath: string, dest: string, budget?: ZipBudget): Promise<UnpackedZip> {
  budget ??= newZipBudget((await lstat(zipPath)).size);
  const out: UnpackedZip = { files: [], skipped: [] };
  const zip = await yauzl.openPromise(zipPath, {
    lazyEntries: true,
    autoClose: false,
    // Names are decoded here (UTF-8 or CP437, the Info-ZIP Unicode field) and checked by `cleanEntryPath`, so that a
    // hostile name skips its entry instead of failing the archive.
    decodeStrings: false,
    strictFileNames: false,
    validateEntrySizes: true,
  });
  const written = new Set<string>();
  try {
    for await (const e of zip.eachEntry()) {
      const inner = entryName(e);
      if (inner.endsWith('/') || inner.endsWith('\\')) continue;
      if (++budget.entries > budget.limits.entries)
        throw new Error(`more than ${budget.limits.entries} entries`);
      const clean = cleanEntryPath(inner);
      const skip = (reason: string) => out.skipped.push({ inner, reason });
      if (typeof clean !== 'string') {
        skip(clean.reason);
        continue;
      }
      if (e.isEncrypted()) {
        skip('encrypted (a password-protected archive)');
        continue;
      }
      if (!e.canDecodeFileData()) {
        skip(`compression method ${e.compressionMethod} is not read (stored and deflate are)`);
        continue;
      }
      if (written.has(clean)) {
        skip('a second entry of the same name');
        continue;
      }
      written.add(clean);
      const target = join(dest, ...clean.split('/'));
      let file: Awaited<ReturnType<typeof open>>;
      try {
        await mkdir(join(target, '..'), { recursive: true });
        file = await open(target, 'wx');
      } catch (err) {
        skip(`cannot be written: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
        continue;
      }
      let crc = 0;
      try {
        const stream = await zip.openReadStreamPromise(e);
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          crc = crc32(chunk, crc);
          budget.bytes += chunk.byteLength;
          if (budget.bytes > budget.limits.totalBytes)
            throw new Error(
              `${JSON.stringify(inner)}: the archives unpack to more than ${budget.limits.totalBytes} bytes`,
            );
          if (
            budget.bytes > budget.limits.ratioFromBytes &&
            budget.bytes > budget.packed * budget.limits.ratio
          )
            throw new Error(
              `${JSON.stringify(inner)}: unpacks to more than ${budget.limits.ratio} times the archive's size (a ZIP bomb?)`,
            );
          await file.write(chunk);
        }
      } finally {
        await file.close();
      }
      // A damaged entry is not evidence: its bytes are not what the archive recorded.
      if (crc >>> 0 !== e.crc32 >>> 0) {
        await rm(target, { force: true });
        out.skipped.push({
          inner,
          reason: `damaged: its CRC-32 does not match the archive's (${(crc >>> 0).toString(16)} ≠ ${(e.crc32 >>> 0).toString(16)})`,
          damaged: true,
        });
        continue;
      }
      out.files.push({ path: target, inner: clean });
    }
  } finally {
    zip.close();
  }
  // As a folder walk gives them: depth first, each folder's entries in name order.
  out.files.sort((a, b) => comparePaths(a.inner, b.inner));
  return out;
}

/** Two `/`-separated paths in the order of a depth-first walk with each folder's entries in name order. */
function comparePaths(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
}

/** CRC-32 as ZIP records it: Node's own (20.15+), else a table. */
const crc32: (data: Uint8Array, value?: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function'
    ? (zlib as unknown as { crc32: (d: Uint8Array, v?: number) => number }).crc32
    : tableCrc32;

let table: Int32Array | undefined;
function tableCrc32(data: Uint8Array, value = 0): number {
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let c = ~value;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * An entry's name: UTF-8 when the archive says so (its flag, or Info-ZIP's Unicode path field: yauzl reads both); else
 * UTF-8 when the bytes are valid UTF-8 (what macOS and Linux tools write without the flag); else CP866 when the bytes
 * read as Cyrillic in it (what Windows writes on a Russian or Kazakh system); else CP437, the format's default.
 */
function entryName(e: yauzl.Entry): string {
  const raw = e.fileName as unknown as Buffer;
  const flagged = (e.generalPurposeBitFlag & 0x800) !== 0 || e.extraFields.some((f) => f.id === 0x7075);
  if (flagged || raw.every((b) => b < 0x80))
    return yauzl.getFileNameLowLevel(e.generalPurposeBitFlag, raw, e.extraFields, false);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    // CP866: А–п at 0x80–0xAF, р–я at 0xE0–0xEF, Ё ё at 0xF0 0xF1.
    if (raw.every((b) => b < 0x80 || b <= 0xaf || (b >= 0xe0 && b <= 0xf1)))
      return iconv.decode(raw, 'cp866');
    return yauzl.getFileNameLowLevel(e.generalPurposeBitFlag, raw, e.extraFields, false);
  }
}

/** What the archives of one run have unpacked so far, against `ZIP_LIMITS` and the outermost archive's size. */
export interface ZipBudget {
  limits: typeof ZIP_LIMITS;
  packed: number;
  bytes: number;
  entries: number;
}

export function newZipBudget(packed: number, limits: typeof ZIP_LIMITS = ZIP_LIMITS): ZipBudget {
  return { limits, packed, bytes: 0, entries: 0 };
}

/** An entry's path as written below the folder (`/`-separated), or why it is not written. */
export function cleanEntryPath(name: string): string | { reason: string } {
  if (/^[A-Za-z]:/.test(name) || name.startsWith('/') || name.startsWith('\\'))
    return { reason: 'an absolute path' };
  const parts = name.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return { reason: 'a path that climbs out of the archive (..)' };
  if (parts.length === 0 || parts.some((p) => /[\u0000-\u001f]/.test(p)))
    return { reason: 'a name that is no file name' };
  return parts.join('/');
}
