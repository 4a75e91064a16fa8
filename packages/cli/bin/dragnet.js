#!/usr/bin/env node
// Starts the CLI from its TypeScript sources with no build step for users. Loading ~200 sources through
// tsx and their dependencies module by module costs ~2 s a command, so everything is bundled once
// (esbuild, ~1-2 s) into node_modules/.cache/dragnet/, next to a list of the sources that went in with their sizes and mtimes (and
// node_modules/.package-lock.json, which npm rewrites on every install); a command runs the bundle only
// while every one of them is unchanged, and rebuilds it otherwise. Without esbuild, without a writable cache folder or with
// DRAGNET_NO_BUNDLE=1 it runs the sources through tsx as before.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const entry = join(here, '../src/main.ts');
// Inside node_modules: Node then treats the bundled dependencies as dependencies (no DEP0005 warning for
// their `Buffer()` calls), and npm ci clears it with the rest.
const dist = join(repo, 'node_modules/.cache/dragnet');
const bundle = join(dist, 'dragnet.mjs');
const manifest = join(dist, 'dragnet.inputs.json');
const VERSION = 1;

await start();

async function start() {
  if (!process.env['DRAGNET_NO_BUNDLE']) {
    let ready = fresh();
    if (!ready) {
      try {
        await build();
        ready = true;
      } catch {
        // No esbuild, a read-only checkout or sources that do not compile: tsx runs them (and reports errors).
      }
    }
    if (ready) {
      await import(pathToFileURL(bundle).href);
      return;
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}

/** Every input of the bundle still has the size and mtime it had when the bundle was built. */
function fresh() {
  let listed;
  try {
    listed = JSON.parse(readFileSync(manifest, 'utf8'));
    statSync(bundle);
  } catch {
    return false;
  }
  if (listed.version !== VERSION || !listed.inputs) return false;
  for (const [file, [size, mtime]] of Object.entries(listed.inputs)) {
    let st;
    try {
      st = statSync(join(repo, file));
    } catch {
      return false;
    }
    if (st.size !== size || st.mtimeMs !== mtime) return false;
  }
  return true;
}

async function build() {
  const esbuild = await import('esbuild');
  const inputs = {};
  const note = (file) => {
    const st = statSync(file);
    inputs[relative(repo, file)] = [st.size, st.mtimeMs];
  };
  const started = new Map();
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    metafile: true,
    // CommonJS dependencies call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __dragnetRequire } from 'node:module'; const require = __dragnetRequire(import.meta.url);",
    },
    logLevel: 'silent',
    plugins: [
      {
        name: 'dragnet-sources',
        setup(b) {
          // Native bindings load from node_modules as usual.
          b.onResolve({ filter: /^@duckdb\// }, () => ({ external: true }));
          // Files found relative to a source file (migrations, the web build) stay where they are.
          b.onLoad({ filter: /\.tsx?$/ }, (args) => {
            if (!started.has(args.path)) started.set(args.path, statSync(args.path));
            const text = readFileSync(args.path, 'utf8');
            const url = `new URL(${JSON.stringify(relative(dist, args.path))}, import.meta.url).href`;
            return {
              contents: text.replaceAll('import.meta.url', url),
              loader: args.path.endsWith('x') ? 'tsx' : 'ts',
            };
          });
        },
      },
    ],
  });
  for (const file of Object.keys(result.metafile.inputs)) {
    const abs = resolve(file);
    // Dependencies change only through npm, which rewrites node_modules/.package-lock.json (noted below).
    if (!abs.startsWith(repo) || abs.includes('/node_modules/')) continue;
    note(abs);
    // A source edited while it was being bundled must not be taken for the bundled version.
    const before = started.get(abs);
    if (
      before &&
      (before.size !== inputs[relative(repo, abs)][0] || before.mtimeMs !== inputs[relative(repo, abs)][1])
    ) {
      throw new Error('sources changed during the build');
    }
  }
  // Package manifests decide how `@dragnet/…` imports resolve; this file decides how the bundle is built.
  for (const pkg of ['core', 'store-duckdb', 'services', 'cli', 'server', 'web']) {
    note(join(repo, 'packages', pkg, 'package.json'));
  }
  note(join(repo, 'node_modules/.package-lock.json'));
  note(fileURLToPath(import.meta.url));
  mkdirSync(dist, { recursive: true });
  const tmp = `.${process.pid}.tmp`;
  writeFileSync(bundle + tmp, result.outputFiles[0].contents);
  writeFileSync(manifest + tmp, JSON.stringify({ version: VERSION, inputs }));
  // The bundle first: a manifest never vouches for a bundle older than itself.
  renameSync(bundle + tmp, bundle);
  renameSync(manifest + tmp, manifest);
}
