import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      expect(r.files.map((f) => f.inner)).toEqual(['ChatExport/result.json', 'ChatExport/photos/a.jpg']);
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
});
