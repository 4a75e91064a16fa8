import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEntryPath, isZip, unpackZip, ZIP_LIMITS } from './unpack-zip.ts';

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
      unpackZip(zip, join(dir, 'out'), { ...ZIP_LIMITS, ratio: 50, ratioFromBytes: 1024 * 1024 }),
    ).rejects.toThrow(/more than 50 times its size/);
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
