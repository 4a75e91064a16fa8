import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlinePageData, staticRoutes } from './static.ts';

let root: string;
let dist: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dragnet-static-'));
  dist = join(root, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(dist, 'assets', 'app-1.js'), 'console.log(1)');
  await writeFile(join(root, 'secret.txt'), 'case secrets');
});

afterAll(() => rm(root, { recursive: true, force: true }));

describe('static web app', () => {
  it('serves assets with their type and long caching', async () => {
    const res = await staticRoutes(dist).request('/assets/app-1.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toMatch(/immutable/);
  });

  it('falls back to index.html for app routes', async () => {
    const res = await staticRoutes(dist).request('/entity');
    expect(await res.text()).toContain('<title>app</title>');
  });

  it('never serves files outside the dist folder', async () => {
    for (const path of [
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%E0%A4%A',
    ]) {
      const res = await staticRoutes(dist).request(path);
      expect(await res.text(), path).not.toContain('case secrets');
    }
  });

  it('inlines the page data into index.html as an inert JSON block that evidence text cannot close', async () => {
    const hostile = { name: '</script><script>alert(1)</script><!--', n: 1 };
    const res = await staticRoutes(dist, { pageData: async () => hostile }).request('/');
    const html = await res.text();
    expect(html).not.toContain('</script><script>');
    const m = /<script type="application\/json" id="dragnet-case">(.*?)<\/script>/.exec(html);
    expect(JSON.parse(m?.[1] ?? 'null')).toEqual(hostile);
    // Assets come as they are; a failing data source leaves the page to ask /api/case itself.
    expect(
      await (await staticRoutes(dist, { pageData: async () => hostile }).request('/assets/app-1.js')).text(),
    ).toBe('console.log(1)');
    const failing = staticRoutes(dist, { pageData: () => Promise.reject(new Error('x')) });
    expect(await (await failing.request('/')).text()).toBe('<!doctype html><title>app</title>');
  });

  it('puts the data where the /api/case preload was', () => {
    const page = '<head><link rel="preload" href="/api/case" as="fetch" crossorigin="anonymous" /></head>';
    expect(inlinePageData(page, { a: '$&' })).toBe(
      '<head><script type="application/json" id="dragnet-case">{"a":"$&"}</script></head>',
    );
  });
});
