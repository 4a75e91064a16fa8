#!/usr/bin/env node
// Enforces the layer rules of STYLE.md: which package may import which, and that core stays pure.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const allowed = {
  core: [],
  'store-duckdb': ['core'],
  services: ['core'],
  cli: ['core', 'services', 'store-duckdb', 'server'],
  server: ['core', 'services', 'store-duckdb'],
  web: ['core', 'server'],
};
// Only composition roots may wire concrete adapters.
const concreteOnlyInMain = { cli: ['store-duckdb'], server: ['store-duckdb'] };
const root = new URL('..', import.meta.url).pathname;
const problems = [];

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'testdata') continue;
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(ts|tsx)$/.test(name)) check(p);
  }
}

function check(file) {
  const rel = relative(join(root, 'packages'), file);
  const pkg = rel.split('/')[0];
  const src = readFileSync(file, 'utf8');
  const isTest = /\.test\.tsx?$|\.bench\.ts$|\.case\.ts$|\/test\/|\/test-support\//.test(file);
  const isMain = /\/main\.ts$/.test(file);
  for (const m of src.matchAll(
    /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
  )) {
    const spec = m[1] ?? m[2];
    const typeOnly = /^(import|export)\s+type\s/.test(m[0]);
    const dm = /^@dragnet\/([^/]+)/.exec(spec);
    if (dm) {
      const dep = dm[1];
      if (dep !== pkg && !allowed[pkg]?.includes(dep) && !(pkg === 'web' && dep === 'server' && typeOnly)) {
        problems.push(`${rel}: ${pkg} must not import @dragnet/${dep}`);
      }
      if (pkg === 'web' && dep === 'server' && !typeOnly)
        problems.push(`${rel}: web may only \`import type\` from server`);
      if (concreteOnlyInMain[pkg]?.includes(dep) && !isMain && !isTest) {
        problems.push(`${rel}: only main.ts may import @dragnet/${dep} (composition root)`);
      }
    }
    if (
      pkg === 'core' &&
      !isTest &&
      (spec.startsWith('node:') || ['fs', 'path', 'os', 'child_process', '@duckdb/node-api'].includes(spec))
    ) {
      problems.push(`${rel}: core is pure and must not import ${spec}`);
    }
  }
  if (pkg === 'core' && !isTest && /\bDate\.now\(\)|\bMath\.random\(\)|\bnew Date\(\)/.test(src)) {
    problems.push(`${rel}: core must not read the clock or randomness; pass them in`);
  }
}

walk(join(root, 'packages'));
if (problems.length) {
  for (const p of problems) console.error(`deps: ${p}`);
  process.exit(1);
}
console.log('deps: layer rules hold');
