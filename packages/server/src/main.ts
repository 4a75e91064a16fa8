import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Store } from '@dragnet/core';
import { serve as serveNode } from '@hono/node-server';
import { createApp } from './app.ts';
import { CaseIndex } from './case-index.ts';
import { type WebInputs, webBuildState, webInputs, writeWebStamp } from './web-build.ts';

export interface ServeOptions {
  caseDir: string;
  port?: number;
  /** Loopback by default: evidence must not be reachable from the network unless asked for. */
  host?: string;
  openStore: (caseDir: string) => Promise<Store>;
  /** Folder of the built web app; defaults to packages/web/dist (built on start if missing or older than its sources). */
  webDist?: string;
  /** Build the web app when dist is missing or stale (default true). */
  buildWeb?: boolean;
  log?: (line: string) => void;
}

const DEFAULT_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
const WEB_DIR = fileURLToPath(new URL('../../web', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

let building: Promise<string | null> | undefined;

/**
 * Starts building the web app now if it is missing or stale (e.g. while `dragnet demo` generates and analyses),
 * so that `serve` later finds it ready. Safe to call more than once.
 */
export function prepareWeb(
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<string | null> {
  building ??= ensureWeb(DEFAULT_DIST, true, log);
  return building;
}

/**
 * Builds the web app with vite when its dist folder is missing, or (the default dist) when the web sources changed
 * since it was built (web-build.ts); null if that fails (API still served).
 */
async function ensureWeb(dist: string, build: boolean, log: (line: string) => void): Promise<string | null> {
  if (!build || dist !== DEFAULT_DIST) {
    if (existsSync(`${dist}/index.html`)) return dist;
    log(`web app not built (${dist}/index.html missing): run \`npm run build\`; serving the API only`);
    return null;
  }
  let inputs: WebInputs | undefined;
  try {
    inputs = webInputs(REPO);
  } catch {
    // Sources not readable (an installed copy without them): serve what is built.
    if (existsSync(`${dist}/index.html`)) return dist;
  }
  const state = inputs ? webBuildState(dist, inputs) : 'missing';
  if (state === 'current') return dist;
  log(
    state === 'missing'
      ? 'web app not built yet: building it once with vite (about a minute)…'
      : 'web app sources changed since the last build: rebuilding it with vite (about a minute)…',
  );
  try {
    const vite = fileURLToPath(new URL('../../../node_modules/vite/bin/vite.js', import.meta.url));
    await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'error'], { cwd: WEB_DIR });
    if (!existsSync(`${dist}/index.html`)) return null;
    if (inputs) writeWebStamp(dist, inputs);
    return dist;
  } catch (err) {
    log(
      `web build failed (${(err as Error).message.split('\n')[0]}): run \`npm run build -w @dragnet/web\` to see why; ${
        state === 'stale' && existsSync(`${dist}/index.html`)
          ? 'serving the previous build'
          : 'serving the API only'
      }`,
    );
    return state === 'stale' && existsSync(`${dist}/index.html`) ? dist : null;
  }
}

/** Starts the API and the web workspace for one case; resolves when listening. */
export async function serve(options: ServeOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const host = options.host ?? '127.0.0.1';
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) {
    log(`warning: serving case evidence on ${host}: anyone who can reach this address can read the case`);
  }
  const store = await options.openStore(options.caseDir);
  const dist = options.webDist ?? DEFAULT_DIST;
  const webDist =
    dist === DEFAULT_DIST && (options.buildWeb ?? true)
      ? await prepareWeb(log)
      : await ensureWeb(dist, false, log);
  const index = new CaseIndex(store);
  const app = createApp({ store, caseDir: options.caseDir, webDist, index });
  // Build the case index before listening, so that no request pays for it; the rest (the per-account copy of
  // the transfers, hub summaries, lookup indexes: minutes on the first serve after an ingest of ten million
  // transfers) is prepared in the background and only makes answers faster.
  const t1 = performance.now();
  await app.request('/api/case');
  const indexSeconds = (performance.now() - t1) / 1000;
  if (indexSeconds > 2) log(`case index ready in ${indexSeconds.toFixed(0)} s`);
  // One line when the background preparation is done (benches wait for it).
  index.warm().then((w) => {
    log(
      `background: per-account copy of the transfers ${w.accountRows} (${w.accountRowsSeconds.toFixed(0)} s); ` +
        `${w.hubs} hub summaries (${w.hubsSeconds.toFixed(0)} s); lookup indexes (${w.lookupsSeconds.toFixed(0)} s)`,
    );
  });
  return new Promise((resolve, reject) => {
    const server = serveNode(
      { fetch: app.fetch, port: options.port ?? 7788, hostname: host },
      (info: AddressInfo) => {
        const shownHost = host.includes(':') ? `[${host}]` : host;
        const url = `http://${shownHost}:${info.port}/`;
        resolve({
          url,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => {
                store.close().then(done, done);
              });
            }),
        });
      },
    );
    server.on('error', (err: Error) =>
      reject(new Error(`cannot listen on ${host}:${options.port}: ${err.message}`)),
    );
  });
}
