/**
 * Serves the hand-made fixture case from memory, for browser tests and for trying the UI without a
 * case folder: `node packages/cli/bin/run-ts.js packages/server/src/testing/serve-fixture.ts --port 0`.
 * Prints `{"url": …}` on stdout like `dragnet serve --json`. `--hostile` adds a chat whose title and names hide and
 * reverse text (`hostile-names.ts`); `--extras` what the workspace's browser test needs besides (`workspace-extras.ts`).
 */
import { MemoryStore } from '@dragnet/core/store/memory-store.ts';
import { serve } from '../main.ts';
import { fillFixtureCase } from './fixture-case.ts';
import { addHostileNames } from './hostile-names.ts';
import { addWorkspaceExtras } from './workspace-extras.ts';

const at = process.argv.indexOf('--port');
const port = at >= 0 ? Number(process.argv[at + 1]) : 0;
const { url, close } = await serve({
  caseDir: 'fixture-case',
  port,
  openStore: async () => {
    const store = new MemoryStore();
    await fillFixtureCase(store);
    if (process.argv.includes('--hostile')) await addHostileNames(store);
    if (process.argv.includes('--extras')) await addWorkspaceExtras(store);
    return store;
  },
});
process.stdout.write(`${JSON.stringify({ url })}\n`);
const stop = () => void close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
