import { resolve } from 'node:path';
import { UserError } from '@dragnet/services/user-error.ts';
import type { CliContext } from '../output/context.ts';
import { printJson, say } from '../output/context.ts';
import { type CommandSpec, str } from './spec.ts';

export const serveCommand: CommandSpec = {
  name: 'serve',
  usage: 'serve <case-dir> [--port N] [--host ADDR]',
  help: 'Serves the web workspace over a case on http://127.0.0.1:PORT (default 7788; 0 picks a free port). Ctrl-C stops it.',
  options: { port: { type: 'string' }, host: { type: 'string' } },
  async run([caseDir], values, ctx) {
    const { isCaseDir } = await import('@dragnet/services/case-folder.ts');
    if (!caseDir) throw new UserError('missing <case-dir>', { hint: 'dragnet serve <case-dir>' });
    if (!(await isCaseDir(caseDir)))
      throw new UserError('not a Dragnet case (no case.json)', {
        file: caseDir,
        hint: `create one with: dragnet case init ${caseDir}`,
      });
    const port = Number.parseInt(str(values, 'port') ?? '7788', 10);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError('--port must be 0–65535');
    await serveUntilStopped(
      ctx,
      resolve(caseDir),
      port,
      str(values, 'host') ?? '127.0.0.1',
      values['json'] === true,
    );
    return 0;
  },
};

export async function serveUntilStopped(
  ctx: CliContext,
  caseDir: string,
  port: number,
  host: string,
  json: boolean,
): Promise<void> {
  if (!ctx.serve) throw new Error('serve is not wired in this build');
  const server = await ctx.serve({ caseDir, port, host });
  if (json) printJson(ctx, { url: server.url, case: caseDir });
  else say(ctx, `Dragnet workspace: ${server.url}  (Ctrl-C to stop)`);
  await new Promise<void>((done) => {
    const stop = () => {
      server.close().then(done, done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
