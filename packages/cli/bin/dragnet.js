#!/usr/bin/env node
// Starts the CLI from its TypeScript sources with no build step for users. Loading ~200 sources through
// tsx and their dependencies module by module costs ~2 s a command, so everything is bundled once
// (esbuild, ~1-2 s) into node_modules/.cache/dragnet/, next to a list of the sources that went in with their sizes and mtimes (and
// node_modules/.package-lock.json, which npm rewrites on every install); a command runs the bundle only
// while every one of them is unchanged, and rebuilds it otherwise. Without esbuild, without a writable cache folder or with
// DRAGNET_NO_BUNDLE=1 it runs the sources through tsx as before.
// The bundle is split (esbuild `splitting`): commands import their implementation and heavy dependencies
// (DuckDB, exceljs, hono, analysis …) lazily, so each becomes a chunk that only the commands using it load
// and compile. A build is a set of files, so it goes into a fresh folder that is complete before the
// manifest names it; the manifest is replaced last, so a half-written set is never run.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const entry = join(here, '../src/main.ts');
// Inside node_modules: Node then treats the bundled dependencies as dependencies (no DEP0005 warning for
// their `Buffer()` calls), and npm ci clears it with the rest.
const dist = join(repo, 'node_modules/.cache/dragnet');
const manifest = join(dist, 'dragnet.inputs.json');
const VERSION = 2;
const KEEP_OLD_BUILDS_MS = 24 * 3600 * 1000;
const KEEP_RECENT_BUILDS = 3;
const core = join(repo, 'packages/core/src/');
const CORE = Symbol('core');

await start();

async function start() {
  if (!process.env['DRAGNET_NO_BUNDLE']) {
    let dir = fresh();
    if (!dir) {
      try {
        dir = await build();
      } catch {
        // No esbuild, a read-only checkout or sources that do not compile: tsx runs them (and reports errors).
      }
    }
    if (dir) {
      await import(pathToFileURL(join(dist, dir, 'main.mjs')).href);
      return;
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}

/** The build folder, while every input of the bundle still has the size and mtime it had when it was built. */
function fresh() {
  let listed;
  try {
    listed = JSON.parse(readFileSync(manifest, 'utf8'));
    if (listed.version !== VERSION || !listed.inputs || !/^build-[\w-]+$/.test(listed.dir)) return false;
    statSync(join(dist, listed.dir, 'main.mjs'));
  } catch {
    return false;
  }
  for (const [file, [size, mtime]] of Object.entries(listed.inputs)) {
    let st;
    try {
      st = statSync(join(repo, file));
    } catch {
      return false;
    }
    if (st.size !== size || st.mtimeMs !== mtime) return false;
  }
  return listed.dir;
}

/** Bundles the sources into a new build folder and names it in the manifest; returns the folder's name. */
async function build() {
  const esbuild = await import('esbuild');
  const inputs = {};
  const note = (file) => {
    const st = statSync(file);
    inputs[relative(repo, file)] = [st.size, st.mtimeMs];
  };
  const started = new Map();
  const dir = `build-${Date.now().toString(36)}-${process.pid}`;
  const out = join(dist, dir);
  const result = await esbuild.build({
    entryPoints: { main: entry },
    // The same bundle from whatever folder the command runs in (paths in its comments are relative to this).
    absWorkingDir: repo,
    bundle: true,
    splitting: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: out,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    metafile: true,
    // CommonJS dependencies call require() for Node built-ins (esbuild puts this on every chunk).
    banner: {
      js: "import { createRequire as __dragnetRequire } from 'node:module'; const require = __dragnetRequire(import.meta.url);",
    },
    logLevel: 'silent',
    plugins: [
      {
        name: 'dragnet-sources',
        setup(b) {
          // The native binding loads from node_modules as usual (its platform package is picked at run time);
          // DuckDB's JS API is bundled: Node would otherwise parse its ~60 CommonJS files to find their exports.
          b.onResolve({ filter: /^@duckdb\/node-bindings/ }, () => ({ external: true }));
          // core is pure: its modules do nothing at load but set up their own exports (no I/O, nothing
          // registers itself elsewhere), so a core module none of whose exports a chunk uses can be left out
          // of it. Without this, one import from the `@dragnet/core` barrel pulls every parser, the lexicon
          // and the label model (compiled at load) into commands such as `status` that never label anything.
          b.onResolve({ filter: /./ }, async (args) => {
            if (
              args.pluginData === CORE ||
              !(args.path.startsWith('@dragnet/core') || args.importer.startsWith(core))
            )
              return undefined;
            const r = await b.resolve(args.path, {
              kind: args.kind,
              importer: args.importer,
              resolveDir: args.resolveDir,
              pluginData: CORE,
            });
            if (r.errors.length > 0 || !r.path.startsWith(core) || importsCommonJsDefault(r.path))
              return undefined;
            return { ...r, sideEffects: false };
          });
          // Files found relative to a source file (migrations, the web build) stay where they are.
          b.onLoad({ filter: /\.tsx?$/ }, (args) => {
            if (!started.has(args.path)) started.set(args.path, statSync(args.path));
            const text = readFileSync(args.path, 'utf8');
            // Every chunk lies directly in the build folder, so one relative path fits wherever this lands.
            const url = `new URL(${JSON.stringify(relative(out, args.path))}, import.meta.url).href`;
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
    const abs = resolve(repo, file);
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
  // The folder is written under a temporary name and renamed whole (same depth, so the relative URLs
  // above still hold), then the manifest: a manifest never names a folder that is not complete.
  const tmp = `${out}.tmp`;
  mkdirSync(tmp, { recursive: true });
  for (const file of result.outputFiles) writeFileSync(join(tmp, relative(out, file.path)), file.contents);
  renameSync(tmp, out);
  writeFileSync(`${manifest}.${process.pid}.tmp`, JSON.stringify({ version: VERSION, dir, inputs }));
  renameSync(`${manifest}.${process.pid}.tmp`, manifest);
  removeOldBuilds(dir);
  return dir;
}

/**
 * A path that a plugin resolved loses esbuild's note that the file is Node ESM (package.json "type"), and
 * with it Node's interop for the default import of a CommonJS package (`import snowball from
 * 'snowball-stemmers'` would read `.default` and get undefined): such files keep esbuild's own resolution.
 */
function importsCommonJsDefault(file) {
  if (!/\.tsx?$/.test(file)) return false;
  return /^import\s+(?:[\w$]+|\*\s+as\s+[\w$]+)\s*(?:,[^;]*)?\s+from\s+['"][^.'"]/m.test(
    readFileSync(file, 'utf8'),
  );
}

/**
 * Drops the builds (and the single-file bundle of manifest version 1) that no command is likely to still be
 * using: a running command (`serve` for hours) may still import a lazy chunk of the build it started on, so
 * the last few builds stay a day and the older ones ten minutes.
 */
function removeOldBuilds(current) {
  const now = Date.now();
  const builds = [];
  for (const name of readdirSync(dist)) {
    const path = join(dist, name);
    try {
      if (name === 'dragnet.mjs') rmSync(path, { force: true });
      else if (name.startsWith('build-') && name !== current)
        builds.push({ path, age: now - statSync(path).mtimeMs });
    } catch {
      // Another command removed it first.
    }
  }
  builds.sort((a, b) => a.age - b.age);
  builds.forEach(({ path, age }, i) => {
    if (age > KEEP_OLD_BUILDS_MS || (i >= KEEP_RECENT_BUILDS && age > 10 * 60 * 1000))
      rmSync(path, { recursive: true, force: true });
  });
}
