#!/usr/bin/env node
// Composition root: the only place that wires concrete adapters (DuckDB store, HTTP server) to the commands.
import { prepareWeb, serve } from '@dragnet/server/main.ts';
import { openCase } from '@dragnet/services/case-folder.ts';
import { openDuckDbStore } from '@dragnet/store-duckdb';
import { run } from './cli.ts';

// `dragnet status case | head`: the reader went away, which ends the output, not the command with a trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const code = await run(process.argv.slice(2), {
  openStore: (path) => openDuckDbStore(path),
  now: () => new Date(),
  stdout: process.stdout,
  stderr: process.stderr,
  prepareWeb: () => prepareWeb(),
  serve: ({ caseDir, port, host }) =>
    serve({ caseDir, port, host, openStore: async (dir) => (await openCase(dir, openDuckDbStore)).store }),
});
// Benchmarks read the peak resident set of the whole command from here.
if (process.env['DRAGNET_REPORT_RSS']) {
  const u = process.resourceUsage();
  process.stderr.write(`maxRSS=${u.maxRSS} cpuMicros=${u.userCPUTime + u.systemCPUTime}\n`);
}
process.exitCode = code;
