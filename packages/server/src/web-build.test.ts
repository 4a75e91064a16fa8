import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { webBuildState, webInputs, writeWebStamp } from './web-build.ts';

describe('web build state', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  /** A repository with web and core sources; mtimes set explicitly (seconds since the epoch). */
  const repo = () => {
    const root = mkdtempSync(join(tmpdir(), 'dragnet-web-build-'));
    dirs.push(root);
    const file = (path: string, text: string, at = 1000) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
      utimesSync(join(root, path), at, at);
    };
    file('packages/web/index.html', '<div id=root></div>');
    file('packages/web/src/app.tsx', 'export const a = 1;');
    file('packages/web/src/app.test.tsx', 'test');
    file('packages/core/src/report/render-report.ts', 'export const r = 1;');
    file('packages/core/src/parsers/x/testdata/big.json', '{}');
    return { root, dist: join(root, 'packages/web/dist'), file };
  };

  it('lists the web and core sources, not tests or test data', () => {
    const { root } = repo();
    expect(Object.keys(webInputs(root)).sort()).toEqual([
      'packages/core/src/report/render-report.ts',
      'packages/web/index.html',
      'packages/web/src/app.tsx',
    ]);
  });

  it('is missing without a build, current after one, stale when a source changes or goes', () => {
    const { root, dist, file } = repo();
    expect(webBuildState(dist, webInputs(root))).toBe('missing');
    file('packages/web/dist/index.html', 'built', 2000);
    writeWebStamp(dist, webInputs(root));
    expect(webBuildState(dist, webInputs(root))).toBe('current');
    // An edit that keeps the size: the mtime tells.
    file('packages/web/src/app.tsx', 'export const b = 1;', 1500);
    expect(webBuildState(dist, webInputs(root))).toBe('stale');
    writeWebStamp(dist, webInputs(root));
    expect(webBuildState(dist, webInputs(root))).toBe('current');
    // A core module the web app imports counts too; so does a new or removed file.
    file('packages/core/src/report/render-report.ts', 'export const r = 22;', 1000);
    expect(webBuildState(dist, webInputs(root))).toBe('stale');
    writeWebStamp(dist, webInputs(root));
    file('packages/web/src/new.tsx', 'x', 500);
    expect(webBuildState(dist, webInputs(root))).toBe('stale');
    rmSync(join(root, 'packages/web/src/new.tsx'));
    expect(webBuildState(dist, webInputs(root))).toBe('current');
    rmSync(join(root, 'packages/web/src/app.tsx'));
    expect(webBuildState(dist, webInputs(root))).toBe('stale');
  });

  it('without the list, or with one of an earlier build (`npm run build`), compares the sources with the build time', () => {
    const { root, dist, file } = repo();
    file('packages/web/dist/index.html', 'built', 2000);
    expect(webBuildState(dist, webInputs(root))).toBe('current');
    file('packages/web/src/app.tsx', 'export const a = 2;', 3000);
    expect(webBuildState(dist, webInputs(root))).toBe('stale');
    writeWebStamp(dist, webInputs(root));
    file('packages/web/src/app.tsx', 'export const a = 3;', 3500);
    // Built again after that edit, without the server.
    file('packages/web/dist/index.html', 'built again', 4000);
    expect(webBuildState(dist, webInputs(root))).toBe('current');
  });

  it('keeps the list out of the served folder', () => {
    const { root, dist, file } = repo();
    file('packages/web/dist/index.html', 'built', 2000);
    writeWebStamp(dist, webInputs(root));
    expect(existsSync(join(root, 'packages/web/dist.inputs.json'))).toBe(true);
    expect(readdirSync(dist)).toEqual(['index.html']);
  });
});
