import { parseArgs } from 'node:util';
import { UserError } from '@dragnet/services/user-error.ts';
import { COMMANDS, type CommandSpec } from './commands/index.ts';
import type { CliContext } from './output/context.ts';
import { shown, terminalSafe } from './output/safe-text.ts';

const USAGE = `dragnet — investigation workbench for messenger-based drug networks

Usage:
${COMMANDS.flatMap((c) => c.usage.split('\n').map((u) => `  dragnet ${u}`)).join('\n')}

Every command accepts --json (machine output on stdout) and --help.
Docs: docs/ in the repository (cli.md, formats/, findings.md).`;

/** Runs one command line; returns the exit status (CONTRACT §1: 0 ok, 1 usage/input error, 3 --strict quarantine). */
export async function run(argv: readonly string[], ctx: CliContext): Promise<number> {
  let spec: CommandSpec | undefined;
  let rest: string[] = [];
  const [first, second, ...others] = argv;
  if (!first || first === '--help' || first === '-h' || first === 'help') {
    ctx.stdout.write(`${USAGE}\n`);
    return first ? 0 : 1;
  }
  if (first === '--version') {
    ctx.stdout.write('dragnet 0.1.0\n');
    return 0;
  }
  spec = COMMANDS.find((c) => c.name === `${first} ${second ?? ''}`.trim());
  if (spec) rest = others;
  else {
    spec = COMMANDS.find((c) => c.name === first);
    rest = argv.slice(1);
  }
  if (!spec) {
    printError(
      ctx,
      new UserError(`unknown command "${first}"`, { hint: 'run dragnet --help for the commands' }),
    );
    return 1;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...spec.options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    const message = (e as Error).message.split('\n')[0] ?? 'bad arguments';
    // A value that starts with `-` (`--chat -1001500100`) reads as an option: it is written `--chat=-1001500100`.
    const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(message)?.[1];
    printError(
      ctx,
      new UserError(message, {
        hint: ambiguous
          ? `a value that starts with "-" is written with "=": ${ambiguous}=-1001500100; usage: ${usageLines(spec)}`
          : `usage: ${usageLines(spec)}`,
      }),
    );
    return 1;
  }
  if (parsed.values['help']) {
    ctx.stdout.write(`usage: ${usageLines(spec)}\n\n${spec.help}\n`);
    return 0;
  }
  try {
    return await spec.run(
      parsed.positionals,
      parsed.values as Record<string, string | boolean | string[] | undefined>,
      ctx,
    );
  } catch (e) {
    printError(ctx, e);
    return 1;
  }
}

/** A command's usage (one line per form: `ingest` has two), each `dragnet …`, the later ones under the first. */
function usageLines(spec: CommandSpec): string {
  return spec.usage
    .split('\n')
    .map((u) => `dragnet ${u}`)
    .join('\n       ');
}

/**
 * `error: <what went wrong> (<file>[:<line>])` and a hint line (CONTRACT §1). File names and messages may
 * come from evidence: control characters in them are shown as escapes (output/safe-text.ts).
 */
export function printError(ctx: CliContext, e: unknown): void {
  if (e instanceof UserError) {
    const where = e.file ? ` (${shown(e.file)}${e.line !== undefined ? `:${e.line}` : ''})` : '';
    ctx.stderr.write(`error: ${shown(e.message)}${where}\n`);
    if (e.hint) ctx.stderr.write(`hint: ${shown(e.hint)}\n`);
    return;
  }
  const err = e as Error & { code?: unknown };
  ctx.stderr.write(`error: ${shown(String(err?.message ?? e))}\n`);
  // A case another command or server holds (the store's `ECASEOPEN`): the user's to resolve, not a bug.
  if (err?.code === 'ECASEOPEN') {
    ctx.stderr.write(
      'hint: one dragnet command or server at a time opens a case; let the other finish or stop it\n',
    );
    return;
  }
  ctx.stderr.write(
    'hint: this looks like a bug in dragnet; rerun with DRAGNET_DEBUG=1 for the stack trace and report it\n',
  );
  if (process.env['DRAGNET_DEBUG']) ctx.stderr.write(`${terminalSafe(err?.stack ?? '')}\n`);
}
