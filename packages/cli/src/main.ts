#!/usr/bin/env node
// Composition root: the only place that wires concrete adapters (DuckDB store, HTTP server) to the commands.
// They are imported when a command first needs them, not here: the native DuckDB binding, hono and the
// web build cost every command (even --help) their load time otherwise.
import { run } from './cli.ts';

// `dragnet status case | head`: the reader went away, which ends the output, not the command with a trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const duckDb = () => import('@dragnet/store-duckdb');
const server = () => import('@dragnet/server/main.ts');

const code = await run(process.argv.slice(2), {
  openStore: async (path) => (await duckDb()).openDuckDbStore(path),
  now: () => new Date(),
  stdout: process.stdout,
  stderr: process.stderr,
  prepareWeb: async () => (await server()).prepareWeb(),
  serve: async ({ caseDir, port, host }) => {
    const [{ serve }, { openCase }, { openDuckDbStore }] = await Promise.all([
      server(),
      import('@dragnet/services/case-folder.ts'),
      duckDb(),
    ]);
    return serve({
      caseDir,
      port,
      host,
      openStore: async (dir) => (await openCase(dir, openDuckDbStore)).store,
    });
  },
});
// Benchmarks read the peak resident set of the whole command from here.
if (process.env['DRAGNET_REPORT_RSS']) {
  const u = process.resourceUsage();
  process.stderr.write(`maxRSS=${u.maxRSS} cpuMicros=${u.userCPUTime + u.systemCPUTime}\n`);
}
process.exitCode = code;
