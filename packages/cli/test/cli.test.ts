import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO, tempDir } from './helpers.ts';

const EXAMPLES = join(REPO, 'examples/canonical');
const BROKEN = join(REPO, 'examples/broken');

describe('dragnet case init / ingest / status / export', () => {
  it('creates a case folder and refuses to create it twice', async () => {
    const dir = join(await tempDir(), 'c1');
    const r = await cli('case', 'init', dir, '--name', 'Test case', '--agency', 'Unit');
    expect(r.code).toBe(0);
    const info = JSON.parse(await readFile(join(dir, 'case.json'), 'utf8'));
    expect(info).toMatchObject({ name: 'Test case', agency: 'Unit', created: '2026-01-15T10:00:00.000Z' });
    expect((await stat(join(dir, 'case.duckdb'))).isFile()).toBe(true);
    const again = await cli('case', 'init', dir);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^error: a case already exists here \(.*case\.json\)/);
  });

  it('ingests the example folder, stores content-addressed copies, and a second ingest changes nothing', async () => {
    const dir = join(await tempDir(), 'c2');
    await cli('case', 'init', dir);
    const first = await cli('ingest', dir, EXAMPLES, '--json', '--source', 'unit test');
    expect(first.code).toBe(0);
    const files = JSON.parse(first.out).files as Array<Record<string, unknown>>;
    expect(files.length).toBe(7);
    expect(files.every((f) => f['duplicate'] === false)).toBe(true);
    const formats = files.map((f) => f['format']).sort();
    expect(formats).toEqual([
      'exchange-orders-csv',
      'exchanges-csv',
      'fx-rates-csv',
      'holders-csv',
      'persons-csv',
      'seizures-csv',
      'transfers-csv',
    ]);
    const stored = await readdir(join(dir, 'evidence'));
    for (const f of files) expect(stored).toContain(f['sha256']);
    const before = JSON.parse((await cli('status', dir, '--json')).out);
    expect(before.evidence).toBe(7);
    expect(before.transfers).toBeGreaterThan(10);

    const second = await cli('ingest', dir, EXAMPLES, '--json');
    expect(second.code).toBe(0);
    expect((JSON.parse(second.out).files as Array<{ duplicate: boolean }>).every((f) => f.duplicate)).toBe(
      true,
    );
    const human = await cli('ingest', dir, join(EXAMPLES, 'transfers.csv'));
    expect(human.out).toMatch(/already in the case .* nothing changed/);
    const after = JSON.parse((await cli('status', dir, '--json')).out);
    expect(after).toEqual(before);
  });

  it('quarantines bad rows with their line, still stores the good ones, and --strict exits 3', async () => {
    const dir = join(await tempDir(), 'c3');
    await cli('case', 'init', dir);
    const r = await cli('ingest', dir, BROKEN, '--json');
    expect(r.code).toBe(0);
    const [file] = JSON.parse(r.out).files;
    expect(file.accepted).toBeGreaterThan(0);
    expect(file.quarantined).toBeGreaterThan(0);
    expect(file.issues[0].locator).toMatch(/^row:\d+$/);
    const status = JSON.parse((await cli('status', dir, '--json')).out);
    expect(status.quarantined).toBe(file.quarantined);
    expect(status.transfers).toBe(file.accepted);

    const strictDir = join(await tempDir(), 'c4');
    await cli('case', 'init', strictDir);
    const strict = await cli('ingest', strictDir, BROKEN, '--strict');
    expect(strict.code).toBe(3);
    expect(strict.out).toMatch(/^ {2}quarantine row:3: amount "15 000,00" is not a decimal number/m);
    // A bank statement's reasons start with their locator (as stored): the CLI says it once.
    const csv = join(await tempDir(), 'statement.csv');
    await writeFile(csv, 'Дата;Сумма;Валюта\n01.03.2024;100,00;KZT\n32.03.2024;5,00;KZT\n');
    const bank = await cli('ingest', strictDir, csv);
    expect(bank.out).toMatch(/^ {2}quarantine row:3: date "32\.03\.2024" is not a date/m);
    expect(bank.out).not.toMatch(/row:\d+: row:\d+:/);
  });

  it('names every form of ingest in the top-level help, --suggest-mapping too', async () => {
    const top = (await cli('--help')).out.split('\n');
    expect(top).toContain('  dragnet ingest --suggest-mapping FILE');
    expect(top).toContain(
      '  dragnet ingest <case-dir> <file-or-folder>... [--format FMT] [--mapping FILE] [--source TEXT] [--strict]',
    );
    const own = (await cli('ingest', '--help')).out.split('\n');
    expect(own.slice(0, 2)).toEqual([
      'usage: dragnet ingest <case-dir> <file-or-folder>... [--format FMT] [--mapping FILE] [--source TEXT] [--strict]',
      '       dragnet ingest --suggest-mapping FILE',
    ]);
  });

  it('names the file in one error line when a file is not recognised or missing', async () => {
    const tmp = await tempDir();
    const dir = join(tmp, 'c5');
    await cli('case', 'init', dir);
    const junk = join(tmp, 'notes.txt');
    await writeFile(junk, 'just some words\nnothing tabular here\n');
    const r = await cli('ingest', dir, junk);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')[0]).toBe(`error: format not recognised (${junk})`);
    expect(r.err).toMatch(/^hint: /m);
    const missing = await cli('ingest', dir, join(tmp, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^error: no such file or folder \(.*nope\.csv\)/);
    expect(missing.err).toMatch(/^hint: check the path/m);
    // An empty folder (or one holding only hidden files) is said, not ingested silently.
    const empty = join(tmp, 'empty');
    await mkdir(empty);
    await writeFile(join(empty, '.DS_Store'), 'x');
    const none = await cli('ingest', dir, empty);
    expect(none.code).toBe(1);
    expect(none.err.split('\n')[0]).toBe(`error: the folder holds no file to ingest (${empty})`);
    expect(none.err).toMatch(/^hint: hidden files/m);
    const notCase = await cli('status', tmp);
    expect(notCase.code).toBe(1);
    expect(notCase.err).toMatch(/not a Dragnet case/);
  });

  it('says a case another process holds is open, with a hint of what to do, not the bug hint', async () => {
    const tmp = await tempDir();
    const dir = join(tmp, 'c-held');
    await cli('case', 'init', dir);
    const db = join(dir, 'case.duckdb');
    // A child process opens the case and holds it (the store tests' child, in its `hold` mode).
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO, 'packages/store-duckdb/src/test-support/crash-ingest.ts'), db, 'hold'],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('open\n')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`the child exited early (${code})`)));
      });
      const r = await cli('status', dir);
      expect(r.code).toBe(1);
      const [error, hint] = r.err.split('\n');
      expect(error).toBe(
        `error: case is open in another process: ${db} (stop that dragnet command or server, then retry)`,
      );
      expect(hint).toBe(
        'hint: one dragnet command or server at a time opens a case; let the other finish or stop it',
      );
      expect(r.err).not.toMatch(/looks like a bug/);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    expect((await cli('status', dir)).code).toBe(0);
  });

  it('exports canonical CSVs that re-ingest into a new case with the same transfers', async () => {
    const tmp = await tempDir();
    const a = join(tmp, 'a');
    const b = join(tmp, 'b');
    await cli('case', 'init', a);
    await cli('ingest', a, EXAMPLES);
    const out = join(tmp, 'csv');
    const ex = await cli('export', a, '--format', 'csv', '--out', out, '--json');
    expect(ex.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual([
      'entities.csv',
      'exchange-orders.csv',
      'exchanges.csv',
      'fx-rates.csv',
      'holders.csv',
      'persons.csv',
      'seizures.csv',
      'telegram-chats.csv',
      'telegram-labels.csv',
      'telegram-mentions.csv',
      'telegram-messages.csv',
      'telegram-users.csv',
      'transfers.csv',
    ]);
    await cli('case', 'init', b);
    const re = await cli('ingest', b, out, '--json');
    expect(re.code).toBe(0);
    const sa = JSON.parse((await cli('status', a, '--json')).out);
    const sb = JSON.parse((await cli('status', b, '--json')).out);
    for (const k of ['transfers', 'holders', 'persons', 'exchangeOrders'] as const) expect(sb[k]).toBe(sa[k]);
    const again = join(tmp, 'csv2');
    await cli('export', b, '--format', 'csv', '--out', again);
    expect(await readFile(join(again, 'transfers.csv'), 'utf8')).toBe(
      await readFile(join(out, 'transfers.csv'), 'utf8'),
    );
  });

  it('exports FtM JSON lines, GraphML and an XLSX workbook', async () => {
    const tmp = await tempDir();
    const dir = join(tmp, 'c6');
    await cli('case', 'init', dir);
    await cli('ingest', dir, EXAMPLES);
    const ftm = join(tmp, 'case.ftm.jsonl');
    expect((await cli('export', dir, '--format', 'ftm', '--out', ftm)).code).toBe(0);
    const lines = (await readFile(ftm, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.some((e) => e.schema === 'Payment' && e.properties.amount?.[0])).toBe(true);
    expect(lines.some((e) => e.schema === 'Person')).toBe(true);
    for (const e of lines) expect(typeof e.id).toBe('string');
    const gml = join(tmp, 'case.graphml');
    expect((await cli('export', dir, '--format', 'graphml', '--out', gml)).code).toBe(0);
    const xml = await readFile(gml, 'utf8');
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toContain('<graphml');
    expect((xml.match(/<edge /g) ?? []).length).toBeGreaterThan(5);
    const xlsx = join(tmp, 'case.xlsx');
    const wb = await cli('export', dir, '--format', 'xlsx', '--out', xlsx, '--json');
    expect(wb.code).toBe(0);
    expect(JSON.parse(wb.out)).toMatchObject({ format: 'xlsx', files: [xlsx] });
    // A zip (PK header) with one worksheet per table of the csv export (the canonical ones, the Telegram ones).
    const bytes = await readFile(xlsx);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(new Set(bytes.toString('latin1').match(/xl\/worksheets\/sheet\d+\.xml/g)).size).toBe(13);
    // A missing folder is made; a file where the folder should be is a clear error, and nothing is left behind.
    expect((await cli('export', dir, '--format', 'ftm', '--out', join(tmp, 'new', 'x.ftm'))).code).toBe(0);
    await writeFile(join(tmp, 'afile'), 'x');
    const blocked = await cli('export', dir, '--format', 'graphml', '--out', join(tmp, 'afile', 'x.graphml'));
    expect(blocked.code).toBe(1);
    expect(blocked.err).toMatch(/^error: cannot write the export: E[A-Z]+ \(.*afile\/x\.graphml\)/);
    // A folder where the file should be: the write fails at the end, and no temporary file stays.
    const onDir = await cli('export', dir, '--format', 'ftm', '--out', join(tmp, 'new'));
    expect(onDir.code).toBe(1);
    expect(onDir.err).toMatch(/^error: cannot write the export: E[A-Z]+/);
    expect((await readdir(tmp)).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const pdf = await cli('export', dir, '--format', 'pdf');
    expect(pdf.code).toBe(1);
    expect(pdf.err).toMatch(/--format must be one of ftm, graphml, gexf, csv, xlsx/);
  });
});

describe('dragnet evaluate-labels', () => {
  it('prints precision and recall per label, alone and with the chat, and the misses with file and line', async () => {
    const dir = await tempDir();
    // A user's CSV (the services test reads JSON Lines).
    const set = join(dir, 'mine.csv');
    await writeFile(
      set,
      'chat,from,labels,text\n' +
        'c1,s,sale,"Меф 1г 5000, клад через час после оплаты, пишите оператору"\n' +
        'c1,b,sale,"беру 1г, скинул"\n' +
        'c2,f,,"завтра на шашлык, соль и уголь с меня"\n',
    );
    const r = await cli('evaluate-labels', set, '--errors', '2');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^sale {10}1\.00 \/ 0\.50 \(1 0 1\) +1\.00 \/ 1\.00 \(2 0 0\)$/m);
    expect(r.out).toMatch(/3 rows from 1 file, 3 of them in 2 chats; lexicon \S+, chat context chat-\d+/);
    const json = JSON.parse((await cli('evaluate-labels', set, '--json')).out) as { rows: number };
    expect(json.rows).toBe(3);
    await writeFile(join(dir, 'bad.jsonl'), '{"text": "есть?", "labels": ["sale"]}\n{"text": "cut\n');
    const bad = await cli('evaluate-labels', join(dir, 'bad.jsonl'));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`${join(dir, 'bad.jsonl')}:2`);
  });
});
