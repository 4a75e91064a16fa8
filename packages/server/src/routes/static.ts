import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { Hono } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

const MISSING = `<!doctype html><meta charset="utf-8"><title>Dragnet</title>
<p>The web workspace is not built. Run <code>npm run build</code> in the Dragnet folder, then restart
<code>dragnet serve</code>. The JSON API is available under <code>/api/</code>.</p>`;

/** Serves the built web app (vite output) with a single-page-app fallback to index.html. */
export function staticRoutes(webDist: string | null): Hono {
  const app = new Hono();
  app.get('*', async (c) => {
    if (!webDist) return c.html(MISSING, 503);
    let rel: string;
    try {
      rel = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      rel = '/';
    }
    const file = normalize(join(webDist, rel));
    // Paths escaping the dist folder are answered like unknown routes.
    const inside = file.startsWith(webDist.endsWith(sep) ? webDist : webDist + sep);
    let target = join(webDist, 'index.html');
    if (inside && (await stat(file).catch(() => null))?.isFile()) target = file;
    const body = await readFile(target).catch(() => null);
    if (!body) return c.html(MISSING, 503);
    const type = TYPES[extname(target)] ?? 'application/octet-stream';
    const cache = target.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
    return c.body(body, 200, { 'content-type': type, 'cache-control': cache });
  });
  return app;
}
