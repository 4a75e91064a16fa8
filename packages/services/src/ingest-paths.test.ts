import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore } from '@dragnet/core/store/memory-store.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { reportInputs } from './build-report.ts';
import { EVIDENCE_DIR } from './case-folder.ts';
import { evidencePath, ingestFiles } from './ingest-files.ts';
import { listEvidence } from './list-evidence.ts';
import { listIssues } from './list-issues.ts';

const made: string[] = [];
afterAll(async () => {
  for (const d of made) await rm(d, { recursive: true, force: true });
});

/** A one-message channel export; `bad` adds a message with no date (quarantined). */
function chat(id: number, bad = false): string {
  const message = (n: number, date?: string) => ({
    id: n,
    type: 'message',
    ...(date ? { date } : {}),
    from: 'Shop',
    from_id: 'user1',
    text: `Клад сделан, звони +7 701 111 22 ${30 + n}`,
  });
  return JSON.stringify({
    name: `Chan ${id}`,
    type: 'public_channel',
    id,
    messages: [message(1, '2024-03-01T10:00:00'), ...(bad ? [message(2)] : [])],
  });
}

async function setup(): Promise<{ dir: string; caseDir: string; store: MemoryStore }> {
  const dir = await mkdtemp(join(tmpdir(), 'dragnet-paths-'));
  made.push(dir);
  // ev/phone1/DataExport/result.json and ev/phone2/ChatExport_1/result.json: two files of one name.
  await mkdir(join(dir, 'ev', 'phone1', 'DataExport'), { recursive: true });
  await mkdir(join(dir, 'ev', 'phone2', 'ChatExport_1'), { recursive: true });
  await writeFile(join(dir, 'ev', 'phone1', 'DataExport', 'result.json'), chat(1, true));
  await writeFile(join(dir, 'ev', 'phone2', 'ChatExport_1', 'result.json'), chat(2, true));
  await writeFile(join(dir, 'loose.json'), chat(3));
  await mkdir(join(dir, 'case', EVIDENCE_DIR), { recursive: true });
  return { dir, caseDir: join(dir, 'case'), store: new MemoryStore() };
}

const options = { now: () => new Date('2026-01-15T10:00:00Z'), onCaseContext: false as const };

describe('the evidence register keeps where each file was ingested from', () => {
  it('a file in a folder by its path from that folder (with that folder’s name first), a file given itself by its name', async () => {
    const { dir, caseDir, store } = await setup();
    const results = await ingestFiles(store, caseDir, [join(dir, 'ev'), join(dir, 'loose.json')], options);
    expect(results.map((r) => r.evidencePath).sort()).toEqual([
      'ev/phone1/DataExport/result.json',
      'ev/phone2/ChatExport_1/result.json',
      'loose.json',
    ]);
    const register = await listEvidence(store);
    expect(register.map((e) => [e.path, e.originalName]).sort()).toEqual([
      ['ev/phone1/DataExport/result.json', 'result.json'],
      ['ev/phone2/ChatExport_1/result.json', 'result.json'],
      ['loose.json', 'loose.json'],
    ]);
    // Never the investigator's own folders.
    for (const e of register) expect(e.path).not.toContain(dir);
    const phone2 = register.find((e) => e.path?.startsWith('ev/phone2/'))!;
    expect(phone2).toMatchObject({ sha256: phone2.id, format: 'telegram-json', records: expect.any(Number) });
    expect(phone2.issues).toBeGreaterThan(0);
    // The issues name the file by its path: the two result.json files stay apart.
    const issues = [];
    for await (const i of listIssues(store)) issues.push(i);
    const named = issues.filter((i) => i.file === 'result.json' && i.severity === 'quarantine');
    expect(new Set(named.map((i) => i.path))).toEqual(
      new Set(['ev/phone1/DataExport/result.json', 'ev/phone2/ChatExport_1/result.json']),
    );
  });

  it('the same bytes ingested again from another path keep the path of their first ingest', async () => {
    const { dir, caseDir, store } = await setup();
    await ingestFiles(store, caseDir, [join(dir, 'ev')], options);
    await mkdir(join(dir, 'copy'), { recursive: true });
    const again = join(dir, 'copy', 'renamed.json');
    await writeFile(again, chat(2, true));
    const [r] = await ingestFiles(store, caseDir, [again], options);
    expect(r).toMatchObject({ duplicate: true, evidencePath: 'ev/phone2/ChatExport_1/result.json' });
    const register = await listEvidence(store);
    expect(register).toHaveLength(2);
    expect(register.map((e) => e.path).sort()).toEqual([
      'ev/phone1/DataExport/result.json',
      'ev/phone2/ChatExport_1/result.json',
    ]);
  });

  it('the report names each file by its path in footnotes (a case from before paths: by its name)', async () => {
    const { dir, caseDir, store } = await setup();
    await ingestFiles(store, caseDir, [join(dir, 'ev')], options);
    await store.ingest(
      {
        id: 'f'.repeat(64),
        size: 1,
        originalName: 'old.csv',
        path: null, // a case from before the register kept paths
        storedPath: 'evidence/ff',
        format: 'transfers-csv',
        parserVersion: '1',
        source: null,
        ingestedAt: '2020-01-01T00:00:00.000Z',
      },
      async () => undefined,
    );
    const { evidenceNames } = await reportInputs(store, { footnotes: {} });
    expect([...evidenceNames.values()].sort()).toEqual([
      'ev/phone1/DataExport/result.json',
      'ev/phone2/ChatExport_1/result.json',
      'old.csv',
    ]);
  });
});

describe('the register path of a file (evidencePath)', () => {
  it('keeps a relative argument as typed, an absolute one by its own name, never the absolute path', () => {
    expect(evidencePath('ev/phone1', 'ChatExport_1/result.json')).toBe('ev/phone1/ChatExport_1/result.json');
    expect(evidencePath('./ev/phone1/', 'a.json')).toBe('ev/phone1/a.json');
    // Two files of one name named directly stay apart.
    expect(evidencePath('ev/p1/result.json', '.')).toBe('ev/p1/result.json');
    expect(evidencePath('ev/p2/result.json', '.')).toBe('ev/p2/result.json');
    expect(evidencePath('/media/lab/phone1', 'ChatExport_1/result.json')).toBe(
      'phone1/ChatExport_1/result.json',
    );
    expect(evidencePath('/media/lab/result.json', '.')).toBe('result.json');
    // Outside the working folder: by its own name.
    expect(evidencePath('../lab/phone1', 'a.json')).toBe('phone1/a.json');
    expect(evidencePath('.', 'a.json')).toBe(`${process.cwd().split('/').pop()}/a.json`);
  });
});
