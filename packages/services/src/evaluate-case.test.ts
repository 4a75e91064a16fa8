import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateCase } from './evaluate-case.ts';
import { generateCase } from './generate-case.ts';
import { UserError } from './user-error.ts';

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('evaluateCase', () => {
  it('reads findings from a file or a store and reports scores as a table', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dragnet-eval-'));
    const r = await generateCase({ scenario: 'shymkent', seed: 5, scale: 0.03, out: join(dir, 'gen') });
    const findings = {
      summary: { participants: 10 },
      accounts: [],
      persons: [],
      channels: [],
      endRecipients: [],
    };
    const file = join(dir, 'findings.json');
    await writeFile(file, JSON.stringify(findings));
    const fromFile = await evaluateCase({ truthPath: r.truthPath, findingsPath: file, lang: 'ru' });
    expect(fromFile.report.accounts.byRole['dropper']?.recall).toBe(0);
    expect(fromFile.report.participants.found).toBe(10);
    expect(fromFile.text).toContain('Счета по ролям');
    const store = { getDocument: async (key: string) => (key === 'findings' ? findings : undefined) };
    const fromStore = await evaluateCase({ truthPath: r.truthPath, store: store as never });
    expect(fromStore.report.participants.found).toBe(10);
    await expect(
      evaluateCase({ truthPath: r.truthPath, store: { getDocument: async () => undefined } as never }),
    ).rejects.toThrow(/no findings yet/);
    await expect(evaluateCase({ truthPath: file, findingsPath: file })).rejects.toBeInstanceOf(UserError);
  }, 120_000);
});
