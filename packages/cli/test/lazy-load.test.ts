import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir } from './helpers.ts';

const BIN = join(REPO, 'packages/cli/bin/dragnet.js');
const CACHE = join(REPO, 'node_modules/.cache/dragnet');

// A loader hook (it runs in its own thread) that names every bundle file the command loads on stderr.
const HOOK = `export async function load(url, context, next) {
  if (url.includes('/.cache/dragnet/')) process.stderr.write('LOADED ' + url + '\\n');
  return next(url, context);
}`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(
  `data:text/javascript,${encodeURIComponent(HOOK)}`,
)});`;

/** Runs the bundled CLI and returns the text of every bundle file it loaded. */
function loadedCode(args: string[]): { code: number | null; text: string; files: number } {
  // Builds the bundle first when a source changed, so that the traced run only loads it.
  spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
  const r = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, BIN, ...args],
    { encoding: 'utf8', env: { ...process.env, DRAGNET_NO_BUNDLE: '' } },
  );
  const urls = [...r.stderr.matchAll(/^LOADED (\S+)$/gm)].map((m) => new URL(m[1] ?? ''));
  return {
    code: r.status,
    text: urls.map((u) => readFileSync(u, 'utf8')).join('\n'),
    files: urls.length,
  };
}

describe('the split bundle loads only what a command needs', () => {
  it('names a complete build folder in its manifest', () => {
    spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    const manifest = JSON.parse(readFileSync(join(CACHE, 'dragnet.inputs.json'), 'utf8'));
    expect(manifest.version).toBe(2);
    expect(manifest.dir).toMatch(/^build-[\w-]+$/);
    expect(readFileSync(join(CACHE, manifest.dir, 'main.mjs'), 'utf8')).toContain('dragnet');
    expect(Object.keys(manifest.inputs)).toContain('packages/cli/src/main.ts');
  }, 120_000);

  it('answers --help without DuckDB, hono, exceljs, the parsers or the labeller', () => {
    const r = loadedCode(['--help']);
    expect(r.code).toBe(0);
    expect(r.files).toBeGreaterThan(0);
    for (const heavy of [
      'node_modules/@duckdb/node-api',
      'node_modules/hono',
      'node_modules/exceljs',
      'packages/core/src/parsers/',
      'packages/core/src/labels/',
    ])
      expect(r.text).not.toContain(`// ${heavy}`);
  }, 120_000);

  it('reads a case status without loading the parsers or the labeller', async () => {
    const dir = join(await tempDir(), 'case');
    expect(spawnSync(process.execPath, [BIN, 'case', 'init', dir]).status).toBe(0);
    const r = loadedCode(['status', dir]);
    expect(r.code).toBe(0);
    expect(r.text).toContain('// node_modules/@duckdb/node-api');
    expect(r.text).not.toContain('// packages/core/src/labels/');
    expect(r.text).not.toContain('// packages/core/src/parsers/telegram-json/');
  }, 120_000);

  it('ingests a bank statement without loading the labeller (only chat exports need it)', async () => {
    const tmp = await tempDir();
    const dir = join(tmp, 'case');
    expect(spawnSync(process.execPath, [BIN, 'case', 'init', dir]).status).toBe(0);
    const csv = join(tmp, 'statement.csv');
    writeFileSync(csv, 'Дата операции;Сумма;Валюта;Получатель\n01.01.2024 10:00:00;-1 000,00;KZT;Имя\n');
    const mapping = join(tmp, 'mapping.json');
    writeFileSync(mapping, '{"account":"KZ86125KZT5004100100"}');
    const r = loadedCode(['ingest', dir, csv, '--mapping', mapping]);
    expect(r.code).toBe(0);
    expect(r.text).toContain('// packages/core/src/parsers/bank-table/');
    expect(r.text).not.toContain('// packages/core/src/labels/');
  }, 120_000);
});
