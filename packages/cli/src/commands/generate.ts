import { resolve } from 'node:path';
import { UserError } from '@dragnet/services/user-error.ts';
import { log, printJson, say } from '../output/context.ts';
import { type CommandSpec, str } from './spec.ts';

export const generate: CommandSpec = {
  name: 'generate',
  usage: 'generate --scenario NAME [--scale N] [--seed N] [--scenario-file FILE] --out <dir>',
  help: [
    'Writes a synthetic evidence folder in real formats plus truth.json (docs/generator.md). Same seed →',
    'byte-identical files. --scale multiplies the counts (1 ≈ 60k transfers; streams at any scale).',
    'Scenarios: shymkent. --scenario-file overrides its parameters (see packages/core/src/generate/scenarios/).',
  ].join('\n'),
  options: {
    scenario: { type: 'string' },
    scale: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    'scenario-file': { type: 'string' },
  },
  async run(_positionals, values, ctx) {
    const { generateCase } = await import('@dragnet/services/generate-case.ts');
    const scenario = str(values, 'scenario') ?? 'shymkent';
    const out = str(values, 'out');
    if (!out)
      throw new UserError('missing --out <dir>', {
        hint: 'dragnet generate --scenario shymkent --out evidence/',
      });
    const scale = Number(str(values, 'scale') ?? '1');
    const seed = Number.parseInt(str(values, 'seed') ?? '1', 10);
    if (!(scale > 0)) throw new UserError('--scale must be a positive number');
    if (!Number.isInteger(seed)) throw new UserError('--seed must be a whole number');
    const scenarioFile = str(values, 'scenario-file');
    const t0 = performance.now();
    const result = await generateCase({
      scenario,
      seed,
      scale,
      out: resolve(out),
      ...(scenarioFile ? { scenarioFile } : {}),
    });
    if (values['json']) printJson(ctx, result);
    else {
      log(ctx, `generated in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
      say(ctx, `${result.files.length} files in ${out}; truth in ${result.truthPath}`);
      say(
        ctx,
        Object.entries(result.counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      );
    }
    return 0;
  },
};
