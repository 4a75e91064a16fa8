/**
 * Whether packages/web/dist is the build of the web sources as they are now. The server builds the web app on
 * start when it is missing and rebuilds it when its sources changed since (a checkout whose web sources changed
 * would otherwise serve a stale workspace): the same idea as the CLI's bundle (`packages/cli/bin/dragnet.js`), a
 * list of the build's inputs with their sizes and mtimes, kept next to the dist folder (`dist.inputs.json`, not
 * served).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Input file (relative to the repository) → [size, mtime in ms]. */
export type WebInputs = Record<string, [number, number]>;

/** Where the list of a dist folder's inputs is kept: next to it, so that the server does not serve it. */
export const stampOf = (dist: string): string => `${dist.replace(/[\\/]+$/, '')}.inputs.json`;

/** What goes into the web build: the web package's sources and config, and the core sources it imports. */
export function webInputs(repo: string): WebInputs {
  const out: WebInputs = {};
  const add = (abs: string) => {
    const st = statSync(abs);
    out[relative(repo, abs)] = [st.size, st.mtimeMs];
  };
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'testdata') walk(abs);
      } else if (e.isFile() && !/\.test\.tsx?$/.test(e.name)) add(abs);
    }
  };
  for (const f of ['index.html', 'package.json', 'vite.config.ts']) {
    const abs = join(repo, 'packages/web', f);
    if (existsSync(abs)) add(abs);
  }
  walk(join(repo, 'packages/web/src'));
  walk(join(repo, 'packages/web/public'));
  walk(join(repo, 'packages/core/src'));
  return out;
}

/**
 * `missing`: no build; `stale`: a source changed since the build; `current`. A build the server made (its list
 * names its index.html's mtime) is current while every input has the size and mtime it had; one made otherwise
 * (`npm run build`) while no input is newer than its index.html.
 */
export function webBuildState(dist: string, inputs: WebInputs): 'missing' | 'stale' | 'current' {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return 'missing';
  const built = statSync(index).mtimeMs;
  let listed: { built?: number; inputs?: WebInputs } | undefined;
  try {
    listed = JSON.parse(readFileSync(stampOf(dist), 'utf8'));
  } catch {
    listed = undefined;
  }
  if (listed?.inputs && listed.built === built) {
    const before = listed.inputs;
    const names = Object.keys(before);
    if (names.length !== Object.keys(inputs).length) return 'stale';
    for (const k of names) {
      const now = inputs[k];
      if (!now || now[0] !== before[k]![0] || now[1] !== before[k]![1]) return 'stale';
    }
    return 'current';
  }
  return Object.values(inputs).some(([, mtime]) => mtime > built) ? 'stale' : 'current';
}

/** Writes the list of inputs a build was made from (taken before it started) next to its dist folder. */
export function writeWebStamp(dist: string, inputs: WebInputs): void {
  const built = statSync(join(dist, 'index.html')).mtimeMs;
  writeFileSync(stampOf(dist), JSON.stringify({ version: 1, built, inputs }));
}
