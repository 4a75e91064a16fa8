#!/usr/bin/env node
// Composition root: the only place that wires concrete adapters (DuckDB store, HTTP server) to the commands.
import { openDuckDbStore } from '@dragnet/store-duckdb';
import { run } from './cli.ts';

const code = await run(process.argv.slice(2), {
  openStore: (path) => openDuckDbStore(path),
  now: () => new Date(),
  stdout: process.stdout,
  stderr: process.stderr,
});
// Benchmarks read the peak resident set of the whole command from here.
if (process.env['DRAGNET_REPORT_RSS']) process.stderr.write(`maxRSS=${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
