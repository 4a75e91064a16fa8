#!/usr/bin/env node
// Runs any TypeScript entry file (benchmarks, scripts) through tsx.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const entry = process.argv[2];
if (!entry) {
  console.error('usage: run-ts.js <file.ts> [args…]');
  process.exit(1);
}
process.argv.splice(1, 1);
await import(pathToFileURL(resolve(entry)).href);
