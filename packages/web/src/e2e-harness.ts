/**
 * What the browser tests (`e2e*.test.ts`) share: building the app, starting a server that prints its `{"url"}`, and
 * launching Debian's Chromium. Node-only (the tests run in Node and drive the browser); the app never imports it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs `node <args>` in `cwd`; rejects with its stderr when it fails. */
export function runNode(args: string[], cwd: string): Promise<void> {
  const proc = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return new Promise((resolve, reject) =>
    proc.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args[0]} failed (${code}):\n${err}`)),
    ),
  );
}

/** Builds the web app so the browser sees the current sources (none with DRAGNET_E2E_NO_BUILD). */
export function buildWeb(): Promise<void> {
  if (process.env.DRAGNET_E2E_NO_BUILD) return Promise.resolve();
  return runNode(
    [`${ROOT}node_modules/vite/bin/vite.js`, 'build', '--logLevel', 'error'],
    `${ROOT}packages/web`,
  );
}

/** The fixture case served from memory (packages/server/src/testing/serve-fixture.ts), with extra arguments. */
export function fixtureServerArgs(...extra: string[]): string[] {
  return [
    `${ROOT}packages/cli/bin/run-ts.js`,
    `${ROOT}packages/server/src/testing/serve-fixture.ts`,
    '--port',
    '0',
    ...extra,
  ];
}

/** Starts `node <args>` and resolves with the url it prints (`{"url": …}`, maybe over several lines). */
export function startServer(args: string[]): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`server did not print {"url"} within 120 s; stderr:\n${err}`)),
      120_000,
    );
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"url"\s*:\s*"([^"]+)"/.exec(out);
      if (!m?.[1]) return;
      clearTimeout(timer);
      resolve({ url: m[1].endsWith('/') ? m[1] : `${m[1]}/`, proc });
    });
    proc.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}; stderr:\n${err}`)));
  });
}

/** Debian's Chromium, headless, with nothing that reaches outside this machine. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A browser context whose pages open in the Russian UI (the language the app keeps in `localStorage`). */
export async function russianContext(
  browser: Browser,
  viewport = { width: 1366, height: 800 },
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, locale: 'ru-RU' });
  await context.addInitScript(() => {
    try {
      localStorage.setItem('dragnet.lang', 'ru');
    } catch {
      // about:blank has no storage.
    }
  });
  return context;
}
