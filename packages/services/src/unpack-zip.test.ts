import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { isPackageNotArchive, isZip } from '@dragnet/core/parsers/zip-head.ts';
import { cleanEntryPath, newZipBudget, unpackZip, ZIP_LIMITS } from './unpack-zip.ts';

const made: string[] = [];
afterAll(async () => {
  for (const d of made) await rm(d, { recursive: true, force: true });
});
const enc = (s: string) => new TextEncoder().encode(s);

async function zipFile(
  entries: Record<string, Uint8Array>,
  level: 0 | 6 = 6,
): Promise<{ dir: string; zip: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'dragnet-zip-'));
  made.push(dir);
  const zip = join(dir, 'export.zip');
  await writeFile(
    zip,
    zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, [v, { level }]]))),
  );
  return { dir, zip };
}

describe('unpacking a zipped export', () => {
  it('knows a ZIP by its first bytes, not its name', () => {
    expect(isZip(enc('PK\u0003\u0004rest'))).toBe(true);
    expect(isZip(enc('PK\u0005\u0006'))).toBe(true);
    expect(isZip(enc('{"name":'))).toBe(false);
    expect(isZip(enc('PK'))).toBe(false);
    // A workbook or a package is a ZIP but no archive of evidence.
    const first = (name: string) => zipSync({ [name]: enc('x') });
    expect(isPackageNotArchive(first('[Content_Types].xml'))).toBe(true);
    expect(isPackageNotArchive(first('META-INF/MANIFEST.MF'))).toBe(true);
    expect(isPackageNotArchive(first('ChatExport/result.json'))).toBe(false);
  });

  it('reads each entry from the central directory: bytes inside an entry that look like a header are data', async () => {
    // A stored archive inside a stored archive: its local headers sit inside the outer entry's bytes.
    const inner = zipSync({ 'result.json': [enc('{"x":1}'), { level: 0 }] });
    const { dir, zip } = await zipFile({ 'export/inner.zip': inner, 'export/notes.txt': enc('notes') }, 0);
    const r = await unpackZip(zip, join(dir, 'out'));
    expect(r.files.map((f) => f.inner)).toEqual(['export/inner.zip', 'export/notes.txt']);
    expect(await readFile(join(dir, 'out', 'export', 'inner.zip'))).toEqual(Buffer.from(inner));
  });

  it('leaves out an entry it cannot write (a file where a folder must go) and a name given twice, and goes on', async () => {
    const { dir, zip } = await zipFile({ a: enc('file'), 'a/b.json': enc('{}'), 'c.json': enc('{}') });
    const r = await unpackZip(zip, join(dir, 'out'));
    expect(r.files.map((f) => f.inner)).toEqual(['a', 'c.json']);
    expect(r.skipped).toEqual([
      { inner: 'a/b.json', reason: expect.stringMatching(/^cannot be written: E/) },
    ]);
  });

  it('a file that starts as a ZIP and holds no archive is an error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dragnet-zip-'));
    made.push(dir);
    await writeFile(join(dir, 'stub.zip'), Buffer.from('PK\u0003\u0004\u0014\u0000rest', 'latin1'));
    await expect(unpackZip(join(dir, 'stub.zip'), join(dir, 'out'))).rejects.toThrow(/central directory/);
  });

  it('writes every entry below the folder, deflated or stored, and leaves out names that escape it', async () => {
    const json = enc(JSON.stringify({ name: 'Чат', type: 'private_group', id: 5, messages: [] }));
    for (const level of [0, 6] as const) {
      const { dir, zip } = await zipFile(
        {
          'ChatExport/result.json': json,
          'ChatExport/photos/a.jpg': enc('jpg'),
          '../evil.txt': enc('x'),
          'a/../../evil2.txt': enc('x'),
        },
        level,
      );
      const out = join(dir, 'out');
      const r = await unpackZip(zip, out);
      expect(r.files.map((f) => f.inner)).toEqual(['ChatExport/photos/a.jpg', 'ChatExport/result.json']);
      expect(await readFile(join(out, 'ChatExport', 'result.json'))).toEqual(Buffer.from(json));
      expect(r.skipped.map((s) => s.inner)).toEqual(['../evil.txt', 'a/../../evil2.txt']);
      expect(r.skipped[0]!.reason).toMatch(/climbs out/);
    }
  });

  it('refuses an archive that unpacks to far more than its size (a ZIP bomb)', async () => {
    const { dir, zip } = await zipFile({ 'zeros.bin': new Uint8Array(8 * 1024 * 1024) });
    await expect(
      unpackZip(
        zip,
        join(dir, 'out'),
        newZipBudget((await stat(zip)).size, { ...ZIP_LIMITS, ratio: 50, ratioFromBytes: 1024 * 1024 }),
      ),
    ).rejects.toThrow(/"zeros\.bin": unpacks to more than 50 times the archive's size/);
  });

  it('cleans entry names: absolute, drive, climbing and control-character names are refused', () => {
    expect(cleanEntryPath('a\\b/./c.json')).toBe('a/b/c.json');
    expect(cleanEntryPath('/etc/passwd')).toEqual({ reason: 'an absolute path' });
    expect(cleanEntryPath('C:\\x.json')).toEqual({ reason: 'an absolute path' });
    expect(cleanEntryPath('a/../../x')).toMatchObject({ reason: expect.stringMatching(/climbs out/) });
    expect(cleanEntryPath('a/\u001b[31m.json')).toMatchObject({
      reason: expect.stringMatching(/no file name/),
    });
  });

  it('refuses an entry whose bytes do not match its recorded CRC-32 (damaged evidence), the others go in', async () => {
    const { dir, zip } = await zipFile({ 'a/result.json': enc('{"ok":1}'), 'b.txt': enc('bbbb') }, 0);
    const bytes = await readFile(zip);
    const at = bytes.indexOf('{"ok":1}');
    bytes[at + 6] = '2'.charCodeAt(0);
    await writeFile(zip, bytes);
    const r = await unpackZip(zip, join(dir, 'out'));
    expect(r.files.map((f) => f.inner)).toEqual(['b.txt']);
    expect(r.skipped).toEqual([
      {
        inner: 'a/result.json',
        reason: expect.stringMatching(/^damaged: its CRC-32 does not match/),
        damaged: true,
      },
    ]);
    await expect(readFile(join(dir, 'out', 'a', 'result.json'))).rejects.toThrow();
  });

  it('reads names as Windows writes them on a Russian system (CP866, no UTF-8 flag), and UTF-8 without the flag', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dragnet-zip-'));
    made.push(dir);
    // Экспорт/result.json in CP866, and Чат/a.json in UTF-8, both without the UTF-8 flag.
    const cp866 = Buffer.concat([
      Buffer.from([0x9d, 0xaa, 0xe1, 0xaf, 0xae, 0xe0, 0xe2]),
      Buffer.from('/result.json'),
    ]);
    const utf8 = Buffer.from('Чат/a.json', 'utf8');
    const zip = join(dir, 'win.zip');
    await writeFile(zip, storedZip([cp866, utf8].map((name) => ({ name, data: Buffer.from('{}') }))));
    const r = await unpackZip(zip, join(dir, 'out'));
    expect(r.files.map((f) => f.inner).sort()).toEqual(['Чат/a.json', 'Экспорт/result.json']);
  });
});

/** A ZIP of stored entries written byte by byte, names as given and no UTF-8 flag (as old Windows tools write). */
function storedZip(entries: Array<{ name: Buffer; data: Buffer }>): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const crc = zlib.crc32(data);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(data.length, 18);
    h.writeUInt32LE(data.length, 22);
    h.writeUInt16LE(name.length, 26);
    local.push(h, name, data);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += h.length + name.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, cd, end]);
}
