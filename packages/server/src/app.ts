import type { Store } from '@dragnet/core';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AccountViewsOptions } from './account-views.ts';
import { CaseIndex } from './case-index.ts';
import { analysisRoutes } from './routes/analysis.ts';
import { caseBody, caseRoutes } from './routes/case.ts';
import type { RouteDeps } from './routes/deps.ts';
import { entityRoutes } from './routes/entities.ts';
import { evidenceRoutes } from './routes/evidence.ts';
import { messageRoutes } from './routes/messages.ts';
import { staticRoutes } from './routes/static.ts';
import { transferRoutes } from './routes/transfers.ts';

export interface AppDeps {
  store: Store;
  caseDir: string;
  /** Folder of the built web app; null answers a page saying how to build it. */
  webDist?: string | null;
  /** Which accounts count as hubs, summarised once (tests lower the threshold). */
  views?: AccountViewsOptions;
  /** The read model, when the caller wants to follow its warm-up (`CaseIndex.warm`); else made here. */
  index?: CaseIndex;
}

/**
 * Evidence text is attacker-controlled: the web app renders it as text, and this policy makes an
 * injected script or remote image inert even if a bug slipped through.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function createApp(deps: AppDeps): Hono {
  const index = deps.index ?? new CaseIndex(deps.store, deps.views);
  const routeDeps: RouteDeps = { store: deps.store, index, caseDir: deps.caseDir };
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    c.header('content-security-policy', CSP);
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
  });

  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    console.error(`server: ${c.req.method} ${c.req.path}: ${err.stack ?? err}`);
    return c.json({ error: `internal error on ${c.req.path}: ${err.message}` }, 500);
  });

  const api = new Hono()
    .route('/', caseRoutes(routeDeps))
    .route('/', entityRoutes(routeDeps))
    .route('/', transferRoutes(routeDeps))
    .route('/', messageRoutes(routeDeps))
    .route('/', analysisRoutes(routeDeps))
    .route('/', evidenceRoutes(routeDeps));
  // Sub-app notFound handlers are not consulted once mounted, so unknown API paths end here.
  api.all('*', (c) => c.json({ error: `no API route ${c.req.method} ${c.req.path}: see docs/web.md` }, 404));
  app.route('/api', api);
  app.route('/', staticRoutes(deps.webDist ?? null, { pageData: () => caseBody(routeDeps) }));
  return app;
}

export type AppType = ReturnType<typeof createApp>;
