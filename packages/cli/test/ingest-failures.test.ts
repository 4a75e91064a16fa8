import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDuckDbStore } from '@dragnet/store-duckdb';
import { cli, REPO, SHARED, tempDir } from './helpers.ts';

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
    const plain = await cli('ingest', dir, file, '--strict');
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(
      /already in the case \(sha256 [0-9a-f]{12}…\), nothing changed; the case holds 1 error from its ingest, the first line:\d+: cut\.json is not valid JSON/,
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
        const walked = await cli('ingest', dir, folder, ...flags);
        expect([walked.code, walked.out, walked.err]).toEqual([0, '', `skipped ${file}: ${reason}\n`]);
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
    expect([walked.code, walked.out, walked.err]).toEqual([
      0,
      '',
      `skipped ${file}: format not recognised\n`,
    ]);
    const named = await cli('ingest', dir, file);
    expect(named.code).toBe(1);
    expect(named.err.split('\n')[0]).toBe(`error: format not recognised (${file})`);
    expect(JSON.parse((await cli('status', dir, '--json')).out)).toMatchObject({ evidence: 0, messages: 0 });
    expect(await stored(dir)).toEqual({ evidence: 0, copies: 0, messages: [] });
  });
});
