import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { exportCase } from './export-case.ts';
import { exportXlsx } from './export-xlsx.ts';
import { memoryCase, transferRecord } from './test-support/memory-case.ts';

const dirs: string[] = [];
async function temp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'dragnet-xlsx-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function readBook(path: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book;
}

describe('export --format xlsx', () => {
  it('writes the canonical tables as sheets with the CSV columns, numbers as numbers and hostile text as text', async () => {
    const hostile = transferRecord('t2', 'card:4400430000000007', 'tron:TSHARED');
    Object.assign(hostile.row, {
      reference: '=HYPERLINK("http://x.invalid","open")\u0007 bell',
      amount: '12345678901234567.89',
    });
    const store = await memoryCase([
      transferRecord('t1', 'card:4400430000000007', 'iban:KZ86125KZT5004100100', 'Ivanov I.'),
      hostile,
    ]);
    const dir = await temp();
    const out = join(dir, 'case.xlsx');
    const result = await exportCase(store, 'xlsx', out);
    expect(result).toMatchObject({ format: 'xlsx', files: [out], links: 2 });
    const csv = await exportCase(store, 'csv', join(dir, 'csv'));
    expect(result.entities).toBe(csv.entities);

    const book = await readBook(out);
    const names = book.worksheets.map((s) => s.name);
    const csvNames = (await readdir(join(dir, 'csv'))).map((f) => f.replace(/\.csv$/, ''));
    expect([...names].sort()).toEqual(csvNames.sort());
    expect(names).toContain('transfers');
    const sheet = book.getWorksheet('transfers')!;
    const header = (await readFile(join(dir, 'csv', 'transfers.csv'), 'utf8')).split('\n')[0]!.split(',');
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(header);
    expect(sheet.actualRowCount).toBe(3);
    const col = (name: string) => header.indexOf(name) + 1;
    const first = sheet.getRow(2);
    expect(first.getCell(col('tx_id')).value).toBe('t1');
    // An exact decimal is a number a spreadsheet can sum …
    expect(first.getCell(col('amount')).value).toBe(100);
    expect(first.getCell(col('from_holder')).value).toBe('Ivanov I.');
    const second = sheet.getRow(3);
    // … one a double cannot hold exactly stays text, digit for digit.
    expect(second.getCell(col('amount')).value).toBe('12345678901234567.89');
    // A formula in evidence is a string cell, and a control character that XML forbids is replaced.
    const ref = second.getCell(col('reference'));
    expect(ref.type).toBe(ExcelJS.ValueType.String);
    expect(ref.value).toBe('=HYPERLINK("http://x.invalid","open")\ufffd bell');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('continues a table longer than a sheet on a second sheet, and leaves no file when the export fails', async () => {
    const store = await memoryCase(
      ['a', 'b', 'c', 'd', 'e'].map((id) => transferRecord(id, 'card:4400430000000007', 'tron:TSHARED')),
    );
    const dir = await temp();
    const out = join(dir, 'small.xlsx');
    await exportXlsx(store, out, 3);
    const book = await readBook(out);
    const parts = book.worksheets.filter((s) => s.name.startsWith('transfers'));
    expect(parts.map((s) => s.name)).toEqual(['transfers', 'transfers (2)', 'transfers (3)']);
    expect(parts.map((s) => s.actualRowCount)).toEqual([3, 3, 2]);
    expect(parts[2]!.getRow(2).getCell(1).value).toBe('e');

    const broken = new Proxy(store, {
      get: (target, key) =>
        key === 'scan'
          ? (table: string, ...rest: unknown[]) => {
              if (table === 'seizures') throw new Error('disk read failed');
              return (target.scan as (...a: unknown[]) => unknown).call(target, table, ...rest);
            }
          : Reflect.get(target, key, target),
    });
    const bad = join(dir, 'bad.xlsx');
    await expect(exportXlsx(broken, bad)).rejects.toThrow(/disk read failed/);
    await expect(stat(bad)).rejects.toThrow();
    // A stream that cannot open (its folder is missing) rejects the export, and leaves nothing behind.
    await expect(exportXlsx(store, join(dir, 'missing', 'x.xlsx'))).rejects.toThrow(/ENOENT/);
    expect((await readdir(dir)).sort()).toEqual(['small.xlsx']);
  });
});
