import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.ts';

const SALE = 'Есть меф 1г 15000тг, клад через час';

/** A channel export with one sale message and one message without a date (quarantined). */
function chat(id: number): string {
  const message = (n: number, date?: string) => ({
    id: n,
    type: 'message',
    ...(date ? { date, date_unixtime: String(1710600000 + n) } : {}),
    from: 'Shop',
    from_id: 'user1',
    text: SALE,
  });
  return JSON.stringify({
    name: `Chan ${id}`,
    type: 'public_channel',
    id,
    messages: [message(1, '2024-03-16T20:00:00'), message(2)],
  });
}

/** ev/phone1/DataExport/result.json and ev/phone2/Chat\nExport/result.json (a newline in a folder name). */
async function evidenceFolder(tmp: string): Promise<{ ev: string; phone1: string; phone2: string }> {
  const phone1 = 'phone1/DataExport/result.json';
  const phone2 = 'phone2/Chat\nExport/result.json';
  for (const [i, rel] of [phone1, phone2].entries()) {
    await mkdir(join(tmp, 'ev', rel, '..'), { recursive: true });
    await writeFile(join(tmp, 'ev', rel), chat(100 + i));
  }
  // The register keeps the path from the folder named, that folder's own name first.
  return { ev: join(tmp, 'ev'), phone1: `ev/${phone1}`, phone2: `ev/${phone2}` };
}

describe('dragnet evidence, issues and messages name each file by the path it was ingested from', () => {
  it('lists the register with paths relative to the folder given; issues and messages show them', async () => {
    const tmp = await tempDir();
    const dir = join(tmp, 'case');
    await cli('case', 'init', dir);
    const { ev, phone1, phone2 } = await evidenceFolder(tmp);
    expect((await cli('ingest', dir, ev, '--source', 'seized phones')).code).toBe(0);

    const json = await cli('evidence', dir, '--json');
    expect(json.code).toBe(0);
    const list = JSON.parse(json.out).evidence;
    expect(list.map((e: { path: string }) => e.path).sort()).toEqual([phone1, phone2]);
    const first = list.find((e: { path: string }) => e.path === phone1);
    expect(first).toMatchObject({
      id: first.sha256,
      format: 'telegram-json',
      originalName: 'result.json',
      source: 'seized phones',
      records: expect.any(Number),
      quarantined: 1,
      issues: expect.any(Number),
      ingestedAt: '2026-01-15T10:00:00.000Z',
    });
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(first.issues).toBeGreaterThanOrEqual(1);

    const text = await cli('evidence', dir);
    expect(text.code).toBe(0);
    const lines = text.out.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('2 evidence file(s)');
    const line1 = lines.find((l) => l.startsWith(first.sha256.slice(0, 12)))!;
    expect(line1).toMatch(/ {2}telegram-json {2}\d+ records?, 1 quarantined, \d+ issues? {2}/);
    expect(line1).toMatch(
      / {2}2026-01-15T10:00:00\.000Z {2}ev\/phone1\/DataExport\/result\.json {2}\(source: seized phones\)$/,
    );
    // A newline in a path is shown as an escape: it cannot start a line of its own.
    expect(lines).toHaveLength(3);
    expect(text.out).toContain('ev/phone2/Chat\\nExport/result.json');

    const issues = await cli('issues', dir, '--evidence', first.sha256.slice(0, 12));
    expect(issues.out.split('\n')[0]).toBe(`${phone1} (sha256 ${first.sha256.slice(0, 12)}…)`);
    const issuesJson = JSON.parse((await cli('issues', dir, '--json')).out).issues;
    expect(new Set(issuesJson.map((i: { path: string }) => i.path))).toEqual(new Set([phone1, phone2]));
    expect(issuesJson[0].file).toBe('result.json');

    const messages = await cli('messages', dir);
    const where = messages.out.split('\n').filter((l) => l.startsWith('    evidence '));
    expect(where.sort()).toEqual([
      `    evidence ${phone1} message:1 (sha256 ${first.sha256.slice(0, 12)}…)`,
      expect.stringMatching(
        /^ {4}evidence ev\/phone2\/Chat\\nExport\/result\.json message:1 \(sha256 [0-9a-f]{12}…\)$/,
      ),
    ]);
    const messagesJson = JSON.parse((await cli('messages', dir, '--json')).out).messages;
    expect(messagesJson.map((m: { evidence: { path: string } }) => m.evidence.path).sort()).toEqual([
      phone1,
      phone2,
    ]);
    expect(messagesJson[0].evidence).toMatchObject({ file: 'result.json', locator: expect.any(String) });

    // The same bytes from elsewhere: nothing changes, and the output names the path the case holds them under.
    const again = join(tmp, 'copy.json');
    await writeFile(again, chat(100));
    const dup = await cli('ingest', dir, again);
    expect(dup.out).toContain(
      `already in the case (sha256 ${first.sha256.slice(0, 12)}…, ingested as ${phone1}), nothing changed`,
    );
    const dupJson = JSON.parse((await cli('ingest', dir, again, '--json')).out).files[0];
    expect(dupJson).toMatchObject({ duplicate: true, evidencePath: phone1 });
  });

  it('a case from before the register kept paths still lists its files, by name', async () => {
    const tmp = await tempDir();
    const dir = join(tmp, 'case');
    await cli('case', 'init', dir);
    const { ev } = await evidenceFolder(tmp);
    expect((await cli('ingest', dir, ev)).code).toBe(0);
    // Back to schema 2: no path column, migration 3 not applied.
    const instance = await DuckDBInstance.create(join(dir, 'case.duckdb'));
    const conn = await instance.connect();
    await conn.run('ALTER TABLE evidence DROP COLUMN "path"');
    await conn.run('DELETE FROM schema_migrations WHERE version >= 3');
    conn.closeSync();
    instance.closeSync();

    const text = await cli('evidence', dir);
    expect(text.code).toBe(0);
    expect(text.out.split('\n').filter((l) => l.endsWith('result.json (path not recorded)'))).toHaveLength(2);
    const list = JSON.parse((await cli('evidence', dir, '--json')).out).evidence;
    expect(list.map((e: { path: unknown }) => e.path)).toEqual([null, null]);
    const issues = await cli('issues', dir);
    expect(
      issues.out.split('\n').filter((l) => /^result\.json \(sha256 [0-9a-f]{12}…\)$/.test(l)),
    ).toHaveLength(2);
    const messages = await cli('messages', dir);
    expect(messages.out).toMatch(/^ {4}evidence result\.json message:1 \(sha256 [0-9a-f]{12}…\)$/m);
  });
});
