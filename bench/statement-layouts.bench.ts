/**
 * Bank CSV layouts other than bank.bench.ts's file, 1M rows each (BENCH_SCALE scales them; BENCH_LAYOUTS picks
 * some by name, comma-separated): `dragnet ingest` (no mapping, into a fresh case, in a child process) against
 * DuckDB's bare `read_csv` of the same file, alternating, medians of BENCH_BANK_RUNS (default 1). The issue's target
 * (≤ 3× `read_csv`) holds for a statement as banks write it, not only for the bench's own shape: these are the
 * shapes the bulk path must not lose its speed on (docs/formats/bank-table.md, "Sixteenth session").
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import iconv from 'iconv-lite';
import { quantile, report, scale, timeIt } from './lib.ts';

const rows = 1_000_000 * scale();
const tmp = await mkdtemp(join(tmpdir(), 'dragnet-bench-layouts-'));
const bin = join(new URL('..', import.meta.url).pathname, 'packages/cli/bin/dragnet.js');
const pad = (n: number) => String(n).padStart(2, '0');
const stamp = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 37_000);
const dmy = (i: number) => {
  const t = stamp(i);
  return `${pad(t.getUTCDate())}.${pad(t.getUTCMonth() + 1)}.${t.getUTCFullYear()} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
};
const iso = (i: number) => `${stamp(i).toISOString().slice(0, 19)}+05:00`;
/** Nearly every amount distinct, grouped by spaces, comma decimals: `12 345,67`. */
const amount = (i: number) =>
  (((i * 7919) % 9_000_000) / 100 + 1)
    .toFixed(2)
    .replace('.', ',')
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
const masked = (i: number) => `4400 43** **** ${String(1000 + ((i * 13) % 5000)).padStart(4, '0')}`;

interface Layout {
  name: string;
  delimiter: string;
  encoding?: string;
  /** Lines above the header (Kaspi-style metadata). */
  above?: string[];
  /** Line end (LF by default). */
  newline?: string;
  header: string;
  line: (i: number) => string;
}
const layouts: Layout[] = [
  {
    name: 'distinct amounts',
    delimiter: ';',
    header: 'Дата операции;Сумма;Валюта;Отправитель/Получатель;Номер карты контрагента;Назначение',
    line: (i) =>
      `${dmy(i)};${i % 2 ? '-' : ''}${amount(i)};KZT;Имя ${i % 5000};${masked(i)};перевод ${i % 300}`,
  },
  {
    name: 'every field quoted, commas inside',
    delimiter: ',',
    header: '"Date","Amount","Currency","Counterparty","Card","Description"',
    line: (i) =>
      `"${dmy(i)}","${i % 2 ? '-' : ''}${amount(i)}","KZT","Имя ${i % 5000}","${masked(i)}","Payment ${i % 300}, ref ${i}"`,
  },
  {
    name: 'Windows-1251, distinct descriptions',
    delimiter: ';',
    encoding: 'win1251',
    header: 'Дата;Сумма;Валюта;Получатель;Номер карты;Назначение платежа',
    line: (i) =>
      `${dmy(i)};${i % 2 ? '-' : ''}${amount(i)};KZT;Получатель ${i % 5000};${masked(i)};Оплата услуг № ${i}`,
  },
  {
    name: 'debit and credit columns, ISO dates with offset, IIN',
    delimiter: ';',
    header: 'Дата;Списание;Зачисление;Контрагент;ИИН;Назначение',
    line: (i) =>
      `${iso(i)};${i % 2 ? amount(i) : ''};${i % 2 ? '' : amount(i)};ТОО Ромашка ${i % 900};${900000000000 + (i % 4000)};платеж ${i % 1000}`,
  },
  {
    name: 'Python csv defaults: CR LF, quoted where needed',
    delimiter: ',',
    newline: '\r\n',
    header: 'Date,Amount,Currency,Counterparty,Card,Description',
    line: (i) =>
      `${dmy(i)},"${i % 2 ? '-' : ''}${amount(i)}",KZT,Имя ${i % 5000},${masked(i)},"Payment ${i % 300}, ref ${i}"`,
  },
  {
    // 1C-style exports: company names keep their quotes in cells that are not quoted (text to every reader).
    name: 'company names with quotes, cells not quoted',
    delimiter: ';',
    header: 'Дата;Сумма;Валюта;Контрагент;БИН;Назначение',
    line: (i) =>
      `${dmy(i)};${i % 2 ? '-' : ''}${amount(i)};KZT;ТОО "Ромашка ${i % 900}";${900000000000 + (i % 4000)};Оплата по счёту № ${i}`,
  },
  {
    name: 'Kaspi-style: metadata above, signed amounts in ₸',
    delimiter: ';',
    above: [
      'Выписка по счету',
      'Владелец: Иванов Иван',
      'Номер счета: KZ86125KZT5004100100',
      'Период: 01.01.2024 - 31.12.2024',
      '',
    ],
    header: 'Дата;Сумма;Операция;Детали',
    line: (i) =>
      `${dmy(i).slice(0, 10)};${i % 2 ? '- ' : '+ '}${amount(i)} ₸;${i % 2 ? 'Покупка' : 'Пополнение'};Магазин ${i % 700}`,
  },
];
const only = (process.env['BENCH_LAYOUTS'] ?? '').split(',').filter(Boolean);
const runs = Math.max(1, Number(process.env['BENCH_BANK_RUNS'] ?? 1));
const median = (xs: readonly number[]) => quantile(xs, 0.5);

for (const layout of layouts) {
  if (only.length > 0 && !only.some((o) => layout.name.includes(o))) continue;
  const file = join(tmp, 'statement.csv');
  const out = createWriteStream(file);
  const write = (s: string) => out.write(layout.encoding ? iconv.encode(s, layout.encoding) : s);
  const newline = layout.newline ?? '\n';
  write([...(layout.above ?? []), layout.header, ''].join(newline));
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    buffer += `${layout.line(i)}${newline}`;
    if (buffer.length > 1 << 20) {
      if (!write(buffer)) await new Promise<void>((r) => out.once('drain', () => r()));
      buffer = '';
    }
  }
  write(buffer);
  await new Promise<void>((r) => out.end(r));
  const bases: number[] = [];
  const ours: number[] = [];
  for (let run = 0; run < runs; run++) {
    const db = join(tmp, 'baseline.duckdb');
    const base = await timeIt(async () => {
      const c = await (await DuckDBInstance.create(db)).connect();
      await c.run(
        `CREATE TABLE t AS SELECT * FROM read_csv('${file}', delim = '${layout.delimiter}', header = true${layout.above ? `, skip = ${layout.above.length}` : ''}${layout.encoding ? ", encoding = 'latin-1'" : ''})`,
      );
      c.closeSync();
    });
    await rm(db, { force: true });
    bases.push(base.seconds);
    const caseDir = join(tmp, 'case');
    spawnSync(process.execPath, [bin, 'case', 'init', caseDir], { encoding: 'utf8' });
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [bin, 'ingest', caseDir, file, '--json'], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    const seconds = (performance.now() - t0) / 1000;
    await rm(caseDir, { recursive: true, force: true });
    const f =
      r.status === 0
        ? (JSON.parse(r.stdout).files[0] as { accepted: number; quarantined: number })
        : undefined;
    console.log(
      `${layout.name}, run ${run + 1}: read_csv ${base.seconds.toFixed(2)} s; ` +
        (f
          ? `dragnet ingest ${seconds.toFixed(2)} s, ${f.accepted} records, ${f.quarantined} quarantined; ratio ${(seconds / base.seconds).toFixed(2)}×`
          : `dragnet ingest failed: ${r.stderr.slice(-500)}`),
    );
    if (f) ours.push(seconds);
  }
  if (ours.length > 0)
    report({
      name: `bank CSV ${rows / 1e6}M rows, ${layout.name}`,
      unit: 's',
      ours: median(ours),
      baseline: median(bases),
      baselineName: 'duckdb read_csv',
      lowerIsBetter: true,
      target: '≤ 3×',
    });
}
await rm(tmp, { recursive: true, force: true });
