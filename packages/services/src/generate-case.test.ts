import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCase } from './generate-case.ts';
import { UserError } from './user-error.ts';

const dirs: string[] = [];
async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'dragnet-gen-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function hashes(root: string, files: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of files)
    out[f] = createHash('sha256')
      .update(await readFile(join(root, f)))
      .digest('hex');
  return out;
}

async function listAll(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

describe('generateCase', () => {
  it('writes byte-identical files for the same seed and different ones for another seed', async () => {
    const [a, b, c] = [await tmp(), await tmp(), await tmp()];
    const progress: Array<{ file: string; bytes: number }> = [];
    const ra = await generateCase({
      scenario: 'shymkent',
      seed: 3,
      scale: 0.03,
      out: a,
      onProgress: (p) => progress.push(p),
    });
    expect(progress.map((p) => p.file).sort()).toEqual(ra.files);
    const csvProgress = progress.find((p) => p.file === 'shymkent/transfers.csv');
    expect(csvProgress?.bytes).toBe((await readFile(join(a, 'shymkent/transfers.csv'))).length);
    const rb = await generateCase({ scenario: 'shymkent', seed: 3, scale: 0.03, out: b });
    const rc = await generateCase({ scenario: 'shymkent', seed: 4, scale: 0.03, out: c });
    expect(rb.files).toEqual(ra.files);
    expect(await hashes(b, rb.files)).toEqual(await hashes(a, ra.files));
    const hc = await hashes(c, rc.files);
    expect(hc['shymkent/transfers.csv']).not.toBe(
      (await hashes(a, ['shymkent/transfers.csv']))['shymkent/transfers.csv'],
    );
    expect((await listAll(a)).some((f) => f.includes('.tmp-'))).toBe(false);
    expect(ra.files).toEqual(
      expect.arrayContaining([
        'truth.json',
        'shymkent/transfers.csv',
        'shymkent/holders.csv',
        'shymkent/exchanges.csv',
        'shymkent/exchange-orders.csv',
        'shymkent/persons.csv',
        'shymkent/seizures.csv',
        'shymkent/fx-rates.csv',
        'ulytau/transfers.csv',
        'mangistau/transfers.csv',
      ]),
    );
    expect(ra.counts.transfers).toBeGreaterThan(1000);
  }, 120_000);

  it('writes the bank CSV and 1C file in Windows-1251 and a Kaspi-style XLSX', async () => {
    const out = await tmp();
    const r = await generateCase({ scenario: 'shymkent', seed: 9, scale: 0.03, out });
    const csvName = r.files.find((f) => f.includes('vypiska_karta')) as string;
    const raw = await readFile(join(out, csvName));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(raw)).toThrow();
    const text = iconv.decode(raw, 'win1251');
    expect(text).toContain(
      'Дата операции;Дата обработки;Сумма;Валюта;Отправитель;Получатель;Номер карты отправителя',
    );
    const onec = iconv.decode(
      await readFile(join(out, r.files.find((f) => f.includes('/1c_')) as string)),
      'win1251',
    );
    expect(onec.startsWith('1CClientBankExchange\r\nВерсияФормата=1.03\r\nКодировка=Windows\r\n')).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, r.files.find((f) => f.endsWith('.xlsx')) as string));
    const ws = wb.worksheets[0];
    expect(String(ws?.getRow(1).getCell(1).value)).toMatch(/Kaspi|Банк/);
    const header = ws?.getRow(10).values as unknown[];
    expect(header).toEqual(expect.arrayContaining(['Дата', 'Сумма', 'Детали']));
    expect(String(ws?.getRow(11).getCell(3).value)).toMatch(/^[+-] [\d ]+,\d{2} ₸$/);
  }, 120_000);

  it('applies a scenario file and reports bad parameters by name', async () => {
    const out = await tmp();
    const file = join(out, 'scenario.json');
    await writeFile(file, JSON.stringify({ days: 30, main: { collectors: 3 } }));
    const r = await generateCase({
      scenario: 'shymkent',
      seed: 1,
      scale: 0.03,
      out: join(out, 'gen'),
      scenarioFile: file,
    });
    const truth = JSON.parse(await readFile(r.truthPath, 'utf8'));
    expect(truth.generator.parameters.days).toBe(30);
    expect(
      truth.persons.filter(
        (p: { kind: string; network: string }) => p.kind === 'collector' && p.network === 'n1',
      ),
    ).toHaveLength(3);
    const fx = (await readFile(join(out, 'gen/shymkent/fx-rates.csv'), 'utf8')).trim().split('\n');
    expect(fx.length).toBeLessThanOrEqual(1 + 30 * 4);
    await writeFile(file, JSON.stringify({ main: { colectors: 3 } }));
    await expect(
      generateCase({ scenario: 'shymkent', seed: 1, scale: 0.03, out: join(out, 'bad'), scenarioFile: file }),
    ).rejects.toThrow(/main\.colectors: unknown parameter/);
    await writeFile(file, '{ not json');
    await expect(
      generateCase({ scenario: 'shymkent', seed: 1, scale: 0.03, out: join(out, 'bad'), scenarioFile: file }),
    ).rejects.toBeInstanceOf(UserError);
  }, 120_000);

  it('loads the shipped alternative scenarios', async () => {
    for (const name of ['shymkent-variant-a.json', 'shymkent-variant-b.json']) {
      const out = await tmp();
      const file = new URL(`../../core/src/generate/scenarios/${name}`, import.meta.url).pathname;
      const r = await generateCase({ scenario: 'shymkent', seed: 2, scale: 0.03, out, scenarioFile: file });
      expect(r.counts.transfers).toBeGreaterThan(100);
    }
  }, 120_000);
});
