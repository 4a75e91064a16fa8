/**
 * The browser tests again, this time against `dragnet serve` on a real demo case: `dragnet demo
 * --no-serve` generates, ingests and analyses a synthetic Shymkent case (DuckDB store), and e2e.test.ts
 * runs in its "real case" mode (structural assertions) against it. Screenshots: test-artifacts/e2e-demo/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

if (existsSync('/usr/bin/chromium')) {
  const root = mkdtempSync(join(tmpdir(), 'dragnet-e2e-demo-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, 'demo');
  const r = spawnSync(
    process.execPath,
    [`${ROOT}packages/cli/bin/dragnet.js`, 'demo', '--no-serve', '--dir', dir, '--json'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    },
  );
  if (r.status !== 0) throw new Error(`dragnet demo failed (${r.status}):\n${r.stderr}`);
  process.env['DRAGNET_E2E_CASE'] = JSON.parse(r.stdout).case as string;
  process.env['DRAGNET_E2E_ARTIFACTS'] = 'e2e-demo';
}

await import('./e2e.test.ts');
