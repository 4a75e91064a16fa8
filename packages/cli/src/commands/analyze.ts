import { readFile } from 'node:fs/promises';
import { UserError } from '@dragnet/services/user-error.ts';
import { log, printJson, say } from '../output/context.ts';
import { shown } from '../output/safe-text.ts';
import { StageProgress } from '../output/stage-progress.ts';
import { type CommandSpec, str } from './spec.ts';

export const analyze: CommandSpec = {
  name: 'analyze',
  usage: 'analyze <case-dir> [--rules FILE]',
  help: [
    'Resolves entities, assigns roles with reasons, traces flows to end recipients, computes turnover per',
    'person and networks, and stores the findings (read by report, serve and evaluate).',
    '  --rules FILE   JSON overriding rule thresholds (docs/analysis.md lists the keys)',
    '  --json         print the findings JSON (CONTRACT §4, docs/findings.md)',
  ].join('\n'),
  options: { rules: { type: 'string' } },
  async run([caseDir], values, ctx) {
    const { analyzeCase } = await import('@dragnet/services/analyze-case.ts');
    const { openCase } = await import('@dragnet/services/case-folder.ts');
    const { flaggedChats, personName, usdFigure } = await import('@dragnet/core/report/figures.ts');
    if (!caseDir) throw new UserError('missing <case-dir>', { hint: 'dragnet analyze <case-dir>' });
    const rulesFile = str(values, 'rules');
    let rules: unknown;
    if (rulesFile) {
      let text: string;
      try {
        text = await readFile(rulesFile, 'utf8');
      } catch {
        throw new UserError('cannot read rules file', { file: rulesFile });
      }
      try {
        rules = JSON.parse(text);
      } catch (e) {
        throw new UserError(`rules file is not valid JSON: ${(e as Error).message}`, { file: rulesFile });
      }
    }
    const handle = await openCase(caseDir, ctx.openStore);
    try {
      if (!values['json']) log(ctx, `analysing case "${shown(handle.info.name)}"…`);
      const stages = new StageProgress(ctx.stderr, !values['json'], process.env['DRAGNET_TIMINGS'] === '1');
      const findings = await analyzeCase(handle.store, {
        onProgress: (stage, done, total) => stages.update(stage, done, total),
        caseName: handle.info.name,
        now: ctx.now().toISOString(),
        ...(rules !== undefined ? { rules } : {}),
        ...(rulesFile ? { rulesSource: rulesFile } : {}),
      });
      stages.finish();
      // Missing FX rates and alarms: on stderr, so that --json keeps stdout to the findings.
      for (const w of findings.analysis.warnings) log(ctx, `warning: ${shown(w)}`);
      if (values['json']) {
        printJson(ctx, findings);
        return 0;
      }
      const s = findings.summary;
      const flagged = flaggedChats(s, 'en') ?? `${s.channelsFlagged} channel(s)`;
      say(
        ctx,
        `participants ${s.participants} in ${s.networks} network(s); droppers ${s.droppers}; exchangers ${s.exchangers};`,
      );
      say(
        ctx,
        `flagged ${flagged}; end recipients ${s.endRecipients}; participants' turnover ${usdFigure(`$${usd(s.turnoverUsd)}`, findings, 'en')}`,
      );
      const byId = new Map(findings.persons.map((p) => [p.id, p]));
      const top = findings.analysis.keyFigures
        .map((id) => byId.get(id))
        .filter((p) => p !== undefined)
        .slice(0, 5);
      if (top.length > 0) say(ctx, 'key figures (operators first, then by turnover):');
      for (const p of top) {
        say(
          ctx,
          `  ${shown(personName(p))}  [${p.roles.join(', ')}]  in $${usd(p.turnoverUsd.in)}  out $${usd(p.turnoverUsd.out)}`,
        );
      }
      say(ctx, `findings stored; next: dragnet report ${caseDir} --lang ru --format html`);
      return 0;
    } finally {
      await handle.store.close();
    }
  },
};

export function usd(n: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
