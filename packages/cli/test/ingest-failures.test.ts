import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { openDuckDbStore } from '@dragnet/store-duckdb';
import { cli, cliOnTerminal, REPO, SHARED, tempDir } from './helpers.ts';

/** A Telegram Desktop channel export, pretty-printed as Telegram writes it. */
function channelExport(texts: readonly string[]): string {
  const messages = texts.map((text, i) => ({
    id: i + 1,
    type: 'message',
    date: '2024-03-09T21:01:00',
    date_unixtime: String(1710000060 + i * 60),
    from: 'Shop',
    from_id: 'channel5',
    text,
    text_entities: [{ type: 'plain', text }],
  }));
  return `${JSON.stringify({ name: 'Shop', type: 'public_channel', id: 5, messages }, null, 1)}\n`;
}

const TEXTS = ['первое сообщение', 'второе сообщение', 'третье сообщение', 'четвёртое сообщение'];

async function newCase(): Promise<string> {
  const dir = join(await tempDir(), 'case');
  expect((await cli('case', 'init', dir)).code).toBe(0);
  return dir;
}

async function stored(dir: string): Promise<{ evidence: number; copies: number; messages: string[] }> {
  const store = await openDuckDbStore(join(dir, 'case.duckdb'));
  try {
    const messages: string[] = [];
    for await (const m of store.scan('messages', { orderBy: ['timestamp'] })) messages.push(m.text ?? '');
    const copies = (await readdir(join(dir, 'evidence'))).length;
    return { evidence: await store.count('evidence'), copies, messages };
  } finally {
    await store.close();
  }
}

describe('dragnet ingest: files that fail (docs/cli.md, "Exit status")', () => {
  it('a parse that fails before any record exits 1 with an error line on stderr, even with --strict, and the case does not hold the file', async () => {
    const dir = await newCase();
    const file = join(SHARED, 'fixtures/third-party/telegram/innerdvations_error.json');
    for (const flags of [[], ['--strict']]) {
      const r = await cli('ingest', dir, file, ...flags);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /^error: innerdvations_error\.json is not valid JSON: .* \(.*innerdvations_error\.json:5\)$/m,
      );
      expect(r.err).toMatch(/^hint: nothing from this file was stored/m);
      // The error is not also among stdout's issue lines.
      expect(r.out).not.toMatch(/not valid JSON/);
      expect(r.out).toMatch(/failed: nothing stored, the case does not hold this file/);
    }
    expect(await stored(dir)).toEqual({ evidence: 0, copies: 0, messages: [] });
  });

  it('a file read with the wrong --format is not remembered: the next ingest reads it', async () => {
    const dir = await newCase();
    const file = join(await tempDir(), 'result.json');
    await writeFile(file, channelExport(TEXTS));
    const wrong = await cli('ingest', dir, file, '--format', 'telegram-html', '--json');
    expect(wrong.code).toBe(1);
    const [f] = JSON.parse(wrong.out).files;
    expect(f).toMatchObject({ format: 'telegram-html', accepted: 0, duplicate: false });
    expect(f.failure).toMatchObject({ locator: 'file', kept: false });
    expect(wrong.err).toMatch(/^error: result\.json: no Telegram page header found.* \(.*result\.json\)$/m);
    const right = await cli('ingest', dir, file);
    expect(right.code).toBe(0);
    expect(right.out).not.toMatch(/already in the case/);
    expect((await stored(dir)).messages).toEqual(TEXTS);
  });

  it('a file cut off part-way keeps what was read, says so and exits 1; its re-ingest changes nothing and says it is only partly in', async () => {
    const dir = await newCase();
    const whole = channelExport(TEXTS);
    const file = join(await tempDir(), 'cut.json');
    // Cut inside the third message.
    await writeFile(file, whole.slice(0, whole.indexOf('третье') + 3));
    // The walker names the line where the unfinished value (the third message) begins.
    const line = whole.slice(0, whole.indexOf('"id": 3')).split('\n').length - 1;
    const r = await cli('ingest', dir, file, '--json');
    expect(r.code).toBe(1);
    const [f] = JSON.parse(r.out).files;
    expect(f.failure).toMatchObject({ kept: true });
    expect(f.failure.locator).toMatch(/^line:\d+$/);
    expect(r.err).toMatch(
      new RegExp(
        `^error: cut\\.json is not valid JSON: .*Records before this point were kept.* \\(.*cut\\.json:${line}\\)$`,
        'm',
      ),
    );
    expect(r.err).toMatch(/^hint: the records before the break are in the case/m);
    expect((await stored(dir)).messages).toEqual(TEXTS.slice(0, 2));
    const plain = await cli('ingest', dir, file);
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(
      /already in the case \(sha256 [0-9a-f]{12}…, ingested as cut\.json\), nothing changed; the case holds 1 error from its ingest, the first line:\d+: cut\.json is not valid JSON/,
    );
    // --strict: the file counts as its ingest did (1), with an error line that says why.
    const strict = await cli('ingest', dir, file, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.out).toBe(plain.out);
    expect(strict.err).toMatch(
      /^error: already in the case with 1 error from its ingest, the first line:\d+: cut\.json is not valid JSON.* \(.*cut\.json\)$/m,
    );
    expect(strict.err).toMatch(
      /^hint: nothing changed; .*dragnet issues .* --evidence [0-9a-f]{12} lists them$/m,
    );
    const status = JSON.parse((await cli('status', dir, '--json')).out);
    expect(status).toMatchObject({ evidence: 1, errors: 1, messages: 2 });
  });

  it('the other files of the run still go in; a failure wins over --strict 3', async () => {
    const dir = await newCase();
    const tmp = await tempDir();
    await writeFile(join(tmp, 'a-good.json'), channelExport(TEXTS));
    await writeFile(join(tmp, 'b-cut.json'), channelExport(TEXTS).slice(0, 200));
    const r = await cli('ingest', dir, tmp, join(REPO, 'examples/broken'), '--strict');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/a-good\.json: telegram-json, \d+ records, 0 quarantined$/m);
    expect(r.out).toMatch(/quarantine row:3/);
    expect(r.err.match(/^error: /gm)).toHaveLength(1);
  });

  it('a camt file whose XML breaks keeps the entries before the break and exits 1', async () => {
    const dir = await newCase();
    const xml = await readFile(
      join(REPO, 'packages/core/src/parsers/camt/testdata/camt054-v08-kz-batch-proxy.xml'),
      'utf8',
    );
    const file = join(await tempDir(), 'cut.xml');
    await writeFile(file, xml.slice(0, xml.lastIndexOf('<Ntry>')));
    const r = await cli('ingest', dir, file, '--json');
    expect(r.code).toBe(1);
    const [f] = JSON.parse(r.out).files;
    expect(f.accepted).toBeGreaterThan(0);
    expect(f.failure).toMatchObject({ kept: true });
    expect(r.err).toMatch(/^error: broken XML at line \d+, column \d+: .* \(.*cut\.xml:\d+:\d+\)$/m);
  });
});

describe('dragnet ingest: bytes that are not UTF-8 in a Telegram JSON export', () => {
  it('warns with the file and line, and keeps them visible as U+FFFD', async () => {
    const dir = await newCase();
    const whole = channelExport(TEXTS);
    // Message 2: bad bytes in `text` and in its text_entities; message 3: in `text` only, its text_entities intact.
    const parts = whole.split(/(?=второе|третье)/);
    expect(parts).toHaveLength(5);
    const bad = Buffer.from([0xff, 0xfe]);
    const bytes = Buffer.concat([
      Buffer.from(parts[0]!),
      bad,
      Buffer.from(parts[1]!),
      bad,
      Buffer.from(parts[2]!),
      bad,
      Buffer.from(parts[3]!),
      Buffer.from(parts[4]!),
    ]);
    const lines = [1, 2, 3].map((k) => parts.slice(0, k).join('').split('\n').length);
    const file = join(await tempDir(), 'bad.json');
    await writeFile(file, bytes);
    const r = await cli('ingest', dir, file, '--strict');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      `  warning line:${lines[0]}: bad.json: 6 byte sequences that are not valid UTF-8 (lines ${lines.join(', ')}): each is stored as U+FFFD (�)`,
    );
    // Message 3's damaged `text` is kept (its intact text_entities no longer spell it), with a warning of its own.
    expect((await stored(dir)).messages).toEqual([
      TEXTS[0],
      '\uFFFD\uFFFDвторое сообщение',
      '\uFFFD\uFFFDтретье сообщение',
      TEXTS[3],
    ]);
    expect(r.out).toMatch(/warning message:3: message has "text_entities" that do not spell its "text"/);
    expect(JSON.parse((await cli('status', dir, '--json')).out)).toMatchObject({ warnings: 2, errors: 0 });
  });
});

describe('dragnet ingest: files with nothing to read, and JSON of another program', () => {
  it('an empty or whitespace-only file is "empty file (0 bytes)" in a folder, on its own and with --format alike', async () => {
    const dir = await newCase();
    const tmp = await tempDir();
    for (const [content, reason] of [
      ['', 'empty file (0 bytes)'],
      [' \n\t\n', 'empty file (4 bytes, only whitespace)'],
    ] as const) {
      const folder = join(tmp, `f${content.length}`);
      await mkdir(folder);
      const file = join(folder, 'result.json');
      await writeFile(file, content);
      for (const flags of [[], ['--format', 'telegram-json'], ['--format', 'transfers-csv']]) {
        // A folder holding nothing else: nothing to ingest, said with the file's reason.
        const walked = await cli('ingest', dir, folder, ...flags);
        expect([walked.code, walked.out]).toEqual([1, '']);
        expect(walked.err).toContain(`${file}: ${reason}\n`);
        const named = await cli('ingest', dir, file, ...flags);
        expect(named.code).toBe(1);
        expect(named.out).toBe('');
        expect(named.err.split('\n')[0]).toBe(`error: ${reason} (${file})`);
        expect(named.err).toMatch(/^hint: nothing was ingested/m);
      }
    }
    expect(await stored(dir)).toEqual({ evidence: 0, copies: 0, messages: [] });
  });

  it('a result.json that is not a Telegram export is not recognised, and no chat is made of it', async () => {
    const dir = await newCase();
    const folder = join(await tempDir(), 'build');
    await mkdir(folder);
    const file = join(folder, 'result.json');
    await writeFile(file, '{"name":"build","version":"1.0","messages":["hello"]}');
    const walked = await cli('ingest', dir, folder);
    expect([walked.code, walked.out]).toEqual([1, '']);
    expect(walked.err).toContain(`${file}: format not recognised\n`);
    const named = await cli('ingest', dir, file);
    expect(named.code).toBe(1);
    expect(named.err.split('\n')[0]).toBe(`error: format not recognised (${file})`);
    expect(JSON.parse((await cli('status', dir, '--json')).out)).toMatchObject({ evidence: 0, messages: 0 });
    expect(await stored(dir)).toEqual({ evidence: 0, copies: 0, messages: [] });
  });
});

/** A phone's folder as it arrives: a chat export beside photos, a PDF, Thumbs.db, .DS_Store; and a zip folder. */
async function phoneFolders(): Promise<{ root: string; phone: string; zip: string }> {
  const root = await tempDir();
  const phone = join(root, 'phone1');
  await mkdir(join(phone, 'ChatExport_1', 'photos'), { recursive: true });
  await writeFile(join(phone, 'ChatExport_1', 'result.json'), channelExport(TEXTS));
  await writeFile(
    join(phone, 'ChatExport_1', 'photos', 'photo_1.jpg'),
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  );
  await writeFile(join(phone, 'lab_report.pdf'), '%PDF-1.4\n1 0 obj\n<<>>\nendobj\n');
  await writeFile(join(phone, 'Thumbs.db'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
  await writeFile(join(phone, '.DS_Store'), 'x');
  const zip = join(root, 'phone4_zip');
  await mkdir(zip);
  // A zipped export as a lab sends it: read as if its folder had been given.
  await writeFile(
    join(zip, 'ChatExport_family.zip'),
    zipSync({ 'ChatExport_family/result.json': new TextEncoder().encode(channelExport(TEXTS.slice(0, 1))) }),
  );
  return { root, phone, zip };
}

/** The first bytes of a ZIP archive (a local file header) and nothing more. */
const ZIP_STUB = Buffer.from('PK\u0003\u0004\u0014\u0000\u0000\u0000\u0008\u0000result.json', 'latin1');

/** Runs the CLI from `cwd` in a child process, as a user would (relative paths stay as typed). */
function spawnCli(
  cwd: string,
  args: readonly string[],
  prefix: readonly string[] = [],
): Promise<{ code: number | null; out: string; err: string }> {
  const argv = [...prefix, process.execPath, join(REPO, 'packages/cli/bin/dragnet.js'), ...args];
  const child = spawn(argv[0]!, argv.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

/**
 * A process that a chmod-000 file denies: the tests' own when they do not run as root; as root, the CLI is run
 * without the capabilities that let root read any file (setpriv), so that the file is unreadable to it too.
 */
const ROOT = process.getuid?.() === 0;
const DROP_READ_ANY = ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--'];
const canDrop = !ROOT || spawnSync(DROP_READ_ANY[0]!, [...DROP_READ_ANY.slice(1), 'true']).status === 0;

describe('dragnet ingest: what the folders hold besides evidence (docs/cli.md, "ingest")', () => {
  it('--json lists each skipped entry by its argument and path below it, with the reason; the text names them on stderr', async () => {
    const dir = await newCase();
    const { root } = await phoneFolders();
    const r = await spawnCli(root, ['ingest', dir, 'phone1', 'phone4_zip', '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const doc = JSON.parse(r.out);
    // Each file as the user gave it: the argument as typed, then the path below it.
    expect(doc.files.map((f: { path: string }) => f.path)).toEqual([
      'phone1/ChatExport_1/result.json',
      'phone4_zip/ChatExport_family.zip/ChatExport_family/result.json',
    ]);
    expect(doc.files[1].evidencePath).toBe('phone4_zip/ChatExport_family.zip/ChatExport_family/result.json');
    expect(doc.skipped).toEqual([
      { input: 'phone1', path: '.DS_Store', reason: 'hidden file (its name starts with ".")' },
      { input: 'phone1', path: 'ChatExport_1/photos/photo_1.jpg', reason: 'format not recognised' },
      { input: 'phone1', path: 'Thumbs.db', reason: 'format not recognised' },
      { input: 'phone1', path: 'lab_report.pdf', reason: 'format not recognised' },
    ]);
    expect(doc.unreadable).toEqual([]);
    const dir2 = await newCase();
    const text = await spawnCli(root, ['ingest', dir2, 'phone1', 'phone4_zip']);
    expect(text.code).toBe(0);
    expect(text.err).toContain('skipped phone1/Thumbs.db: format not recognised\n');
    expect(text.out).toContain(
      'phone4_zip/ChatExport_family.zip/ChatExport_family/result.json: telegram-json',
    );
  }, 60_000);

  it.skipIf(!canDrop)(
    'a file that cannot be read is reported with its reason and exits 1; the export beside it goes in',
    async () => {
      const dir = await newCase();
      const { root, phone } = await phoneFolders();
      await writeFile(join(phone, 'ChatExport_1', 'desktop.ini'), '[.ShellClassInfo]\n');
      await chmod(join(phone, 'ChatExport_1', 'desktop.ini'), 0o000);
      const r = await spawnCli(root, ['ingest', dir, 'phone1', '--json'], ROOT ? DROP_READ_ANY : []);
      expect(r.code).toBe(1);
      const doc = JSON.parse(r.out);
      expect(doc.files).toHaveLength(1);
      expect(doc.files[0]).toMatchObject({ format: 'telegram-json', accepted: expect.any(Number) });
      expect(doc.unreadable).toEqual([
        { input: 'phone1', path: 'ChatExport_1/desktop.ini', reason: 'cannot read file: EACCES' },
      ]);
      expect(r.err).toMatch(/^error: cannot read file: EACCES \(phone1\/ChatExport_1\/desktop\.ini\)$/m);
      expect(r.err).toMatch(/^hint: the other files went in/m);
      expect((await stored(dir)).messages).toEqual(TEXTS);
    },
    60_000,
  );

  it('arguments that hold no evidence file exit 1 and say what was skipped and why; a ZIP is read, a stub one named', async () => {
    const dir = await newCase();
    const { zip, phone } = await phoneFolders();
    const other = join(await tempDir(), 'only-junk');
    await mkdir(other);
    await writeFile(join(other, 'app.json'), '{"name": "build", "version": "1.0"}\n');
    await writeFile(join(other, 'lab_report.pdf'), '%PDF-1.4\n');
    // A workbook that is no statement: a ZIP, but no archive of evidence (not unpacked).
    await writeFile(
      join(other, 'budget.xlsx'),
      zipSync({ '[Content_Types].xml': new TextEncoder().encode('<x/>') }),
    );
    for (const flags of [[], ['--json']]) {
      const r = await cli('ingest', dir, other, ...flags);
      expect(r.code).toBe(1);
      const lines = r.err.trimEnd().split('\n');
      expect(lines[0]).toBe(`error: no evidence file to ingest: 3 skipped, as below (${other})`);
      expect(lines.slice(1, -1)).toEqual([
        `  ${other}/app.json: format not recognised`,
        `  ${other}/budget.xlsx: format not recognised`,
        `  ${other}/lab_report.pdf: format not recognised`,
      ]);
      expect(lines.at(-1)).toMatch(/^hint: .*nothing was ingested$/);
      if (flags.length) expect(JSON.parse(r.out)).toMatchObject({ files: [], skipped: { length: 3 } });
      else expect(r.out).toBe('');
    }
    // Bytes that start as a ZIP and hold no archive, named on the command line: what it is, not the --format hint.
    await writeFile(join(other, 'export.dat'), ZIP_STUB);
    const named = await cli('ingest', dir, join(other, 'export.dat'));
    expect(named.code).toBe(1);
    expect(named.err.split('\n')[0]).toMatch(
      /^error: a ZIP archive that could not be unpacked: .*central directory/,
    );
    expect(named.err).not.toMatch(/--format|--mapping/);
    expect((await stored(dir)).evidence).toBe(0);
    // A zipped export named on the command line goes in.
    const zipped = await cli('ingest', dir, join(zip, 'ChatExport_family.zip'));
    expect(zipped.code).toBe(0);
    expect(zipped.out).toMatch(
      /ChatExport_family\.zip\/ChatExport_family\/result\.json: telegram-json, \d+ records/,
    );
    // With one evidence file among them, the run is no failure.
    expect((await cli('ingest', dir, zip, phone)).code).toBe(0);
  });

  it('a folder given twice (or a file also inside a folder given) goes in once, its output once', async () => {
    const dir = await newCase();
    const { phone } = await phoneFolders();
    const r = await cli('ingest', dir, phone, phone, join(phone, 'ChatExport_1', 'result.json'), `${phone}/`);
    expect(r.code).toBe(0);
    expect(r.out.trimEnd().split('\n')).toEqual([
      `${phone}/ChatExport_1/result.json: telegram-json, ${TEXTS.length + 1} records, 0 quarantined`,
    ]);
    expect(r.err.match(/^skipped .*\/Thumbs\.db: /gm)).toHaveLength(1);
  });

  it('with --strict, a file already in the case counts as its ingest did: 3 for its quarantined records', async () => {
    const dir = await newCase();
    const broken = join(REPO, 'examples/broken');
    expect((await cli('ingest', dir, broken, '--strict')).code).toBe(3);
    const again = await cli('ingest', dir, broken, '--strict');
    expect(again.out).toMatch(/already in the case .* nothing changed/);
    expect(again.code).toBe(3);
    expect((await cli('ingest', dir, broken)).code).toBe(0);
  });

  it('on a terminal, ends with a summary line; with --json, stdout is the JSON document alone and stderr quiet', async () => {
    const dir = await newCase();
    const { phone, zip } = await phoneFolders();
    const tty = await cliOnTerminal('ingest', dir, phone, zip);
    expect(tty.code).toBe(0);
    expect(tty.err.trimEnd().split('\n').at(-1)).toMatch(
      /^ingested 2 files, 4 skipped, 0 failed; \d+ records, 0 quarantined; \d+(\.\d)? s$/,
    );
    const again = await cliOnTerminal('ingest', dir, phone);
    expect(again.err.trimEnd().split('\n').at(-1)).toMatch(
      /^ingested 0 files \(1 already in the case\), 4 skipped, 0 failed; 0 records, 0 quarantined; /,
    );
    const json = await cliOnTerminal('ingest', dir, phone, '--json');
    expect(json.err).toBe('');
    expect(JSON.parse(json.out).files).toHaveLength(1);
  });
});
