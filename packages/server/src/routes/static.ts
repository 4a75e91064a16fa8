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

export interface StaticOptions {
  /** JSON inlined into index.html as `<script type="application/json" id="dragnet-case">` (no request). */
  pageData?: () => Promise<unknown>;
}

/** The preload index.html carries for pages served without inlined data (e.g. `vite dev`). */
const PRELOAD = /<link rel="preload" href="\/api\/case"[^>]*>/;

/**
 * The page with `data` inlined in place of the /api/case preload. A JSON data block is never executed (the
 * CSP allows no inline script anyway); `<` is escaped so that evidence text cannot close the element.
 */
export function inlinePageData(html: string, data: unknown): string {
  const block = `<script type="application/json" id="dragnet-case">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`;
  if (PRELOAD.test(html)) return html.replace(PRELOAD, () => block);
  // Module scripts run after the whole document is parsed, so the block may come anywhere.
  return html.includes('</head>') ? html.replace('</head>', () => `${block}</head>`) : html + block;
}

/** Serves the built web app (vite output) with a single-page-app fallback to index.html. */
export function staticRoutes(webDist: string | null, options: StaticOptions = {}): Hono {
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
    if (options.pageData && target === join(webDist, 'index.html')) {
      // Without its data (an error building it) the page still works: it asks /api/case itself.
      const data = await options.pageData().catch(() => undefined);
      if (data !== undefined)
        return c.body(inlinePageData(body.toString('utf8'), data), 200, {
          'content-type': type,
          'cache-control': 'no-cache',
        });
    }
    const cache = target.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
    return c.body(body, 200, { 'content-type': type, 'cache-control': cache });
  });
  return app;
}
