import { closeSync, createReadStream, mkdirSync, openSync, writeSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { Unzip, UnzipInflate } from 'fflate';

/** A ZIP archive's first bytes: a local file header, or the end record of an empty archive. */
export function isZip(head: Uint8Array): boolean {
  return (
    head.length >= 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06))
  );
}

/** What an archive may unpack to, at most: beyond either, it is refused as a ZIP bomb or no evidence export. */
export const ZIP_LIMITS = {
  /** Unpacked bytes per packed byte, once the unpacked size passes `ratioFromBytes`. */
  ratio: 200,
  ratioFromBytes: 1024 ** 3,
  /** Unpacked bytes in all. */
  totalBytes: 64 * 1024 ** 3,
  entries: 500_000,
};

export interface UnpackedZip {
  /** Files written, with their path inside the archive (`/`-separated, as cleaned). */
  files: Array<{ path: string; inner: string }>;
  /** Entries not written, with the reason (a path that leaves the folder, an absolute path). */
  skipped: Array<{ inner: string; reason: string }>;
}

/**
 * Unpacks a ZIP archive (an evidence export a lab zipped) into `dest`, streaming: the archive is read in 1 MiB pieces and
 * each entry written as it inflates, so memory does not grow with the archive. Entry names are untrusted: a name that
 * is absolute, names a drive or climbs out of the folder (`..`) is not written; folders and every other entry are
 * written as plain files below `dest` (a symbolic link stored in the archive becomes a file holding its target, which
 * format detection then skips). Stored and deflated entries are read (what ZIP tools write); another method, a
 * password, or more than `ZIP_LIMITS` allows stops it with an error naming the entry.
 */
export async function unpackZip(
  zipPath: string,
  dest: string,
  limits: typeof ZIP_LIMITS = ZIP_LIMITS,
): Promise<UnpackedZip> {
  const out: UnpackedZip = { files: [], skipped: [] };
  const packed = (await lstat(zipPath)).size;
  let total = 0;
  let failure: Error | null = null;
  const seen = new Set<string>();
  const unzip = new Unzip((f) => {
    if (failure) return;
    if (out.files.length + out.skipped.length >= limits.entries) {
      failure = new Error(`more than ${limits.entries} entries`);
      return;
    }
    const inner = f.name;
    if (inner.endsWith('/') || inner.endsWith('\\')) {
      f.ondata = () => {};
      f.start();
      return;
    }
    const clean = cleanEntryPath(inner);
    if (typeof clean !== 'string' || seen.has(clean.toLowerCase())) {
      out.skipped.push({
        inner,
        reason: typeof clean === 'string' ? 'a second entry of the same name' : clean.reason,
      });
      f.ondata = () => {};
      f.start();
      return;
    }
    if (f.compression !== 0 && f.compression !== 8) {
      failure = new Error(
        `${JSON.stringify(inner)}: compression method ${f.compression} is not read (stored and deflate are)`,
      );
      return;
    }
    seen.add(clean.toLowerCase());
    const target = join(dest, ...clean.split('/'));
    mkdirSync(join(target, '..'), { recursive: true });
    const fd = openSync(target, 'wx');
    let open = true;
    f.ondata = (err, data, final) => {
      if (!open) return;
      try {
        if (err) throw err;
        total += data.byteLength;
        if (total > limits.totalBytes) throw new Error(`unpacks to more than ${limits.totalBytes} bytes`);
        if (total > limits.ratioFromBytes && total > packed * limits.ratio)
          throw new Error(`unpacks to more than ${limits.ratio} times its size (a ZIP bomb?)`);
        if (data.byteLength > 0) writeSync(fd, data);
      } catch (e) {
        failure ??= e instanceof Error ? e : new Error(String(e));
        final = true;
      }
      if (final) {
        open = false;
        closeSync(fd);
      }
    };
    out.files.push({ path: target, inner: clean });
    f.start();
  });
  unzip.register(UnzipInflate);
  const stream = createReadStream(zipPath, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      unzip.push(chunk);
      if (failure) break;
    }
    if (!failure) unzip.push(new Uint8Array(0), true);
  } catch (e) {
    failure ??= e instanceof Error ? e : new Error(String(e));
  } finally {
    stream.destroy();
  }
  if (failure) throw failure;
  return out;
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
