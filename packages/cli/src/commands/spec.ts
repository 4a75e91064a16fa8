import type { ParseArgsConfig } from 'node:util';
import type { CliContext } from '../output/context.ts';

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface CommandSpec {
  /** `ingest`, or two words for grouped commands (`case init`). */
  name: string;
  /** The arguments after `dragnet`; a command with two forms gives one a line. */
  usage: string;
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(positionals: string[], values: Values, ctx: CliContext): Promise<number>;
}

export function str(values: Values, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
}
