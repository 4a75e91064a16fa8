import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '@dragnet/services/user-error.ts';
import { log, printJson, say } from '../output/context.ts';
import { usd } from './analyze.ts';
import { serveUntilStopped } from './serve.ts';
import { type CommandSpec, str } from './spec.ts';

const MARKER = '.dragnet-demo';

export const demo: CommandSpec = {
  name: 'demo',
  usage: 'demo [--port N] [--dir DIR] [--seed N] [--no-serve]',
  help: [
    'The one-command demo: generates a small synthetic Shymkent-like case, creates the case, ingests the',
    'evidence, analyses it, writes the report, scores it against the truth and serves the workspace.',
    'The related Ulytau and Mangistau groups become two more cases of the same workspace (cross-case hits).\nEverything goes into --dir (default ./demo), which is recreated on every run.',
  ].join('\n'),
  options: {
    port: { type: 'string' },
    dir: { type: 'string' },
    seed: { type: 'string' },
    'no-serve': { type: 'boolean' },
  },
  async run(_positionals, values, ctx) {
    const { analyzeCase, readFindings } = await import('@dragnet/services/analyze-case.ts');
    const { buildReport } = await import('@dragnet/services/build-report.ts');
    const { exists, initCase, openCase, writeFileAtomic } = await import('@dragnet/services/case-folder.ts');
    const { crossCaseHits } = await import('@dragnet/services/cross-case.ts');
    const { evaluateCase } = await import('@dragnet/services/evaluate-case.ts');
    const { generateCase } = await import('@dragnet/services/generate-case.ts');
    const { ingestFiles } = await import('@dragnet/services/ingest-files.ts');
    const json = values['json'] === true;
    const dir = resolve(str(values, 'dir') ?? 'demo');
    const seed = Number.parseInt(str(values, 'seed') ?? '7', 10);
    const port = Number.parseInt(str(values, 'port') ?? '7788', 10);
    const step = (text: string) => {
      if (!json) log(ctx, `» ${text}`);
    };
    const t0 = performance.now();
    if (await exists(dir)) {
      // Only ever delete a folder this command made.
      if (!(await exists(join(dir, MARKER)))) {
        throw new UserError('the demo folder exists and was not made by dragnet demo', {
          file: dir,
          hint: 'pass --dir with another folder',
        });
      }
      await rm(dir, { recursive: true, force: true });
    }
    // The web app builds (once, on a fresh clone) while the case is generated and analysed.
    const web = values['no-serve'] ? undefined : ctx.prepareWeb?.();
    const evidenceDir = join(dir, 'evidence');
    const workspaceDir = join(dir, 'workspace');
    const caseDir = join(workspaceDir, 'shymkent');
    step('generating a synthetic Shymkent-like case (schematic data, ground truth in truth.json)');
    await generateCase({ scenario: 'shymkent', seed, scale: 1, out: evidenceDir });
    await writeFile(join(dir, MARKER), 'made by dragnet demo; deleted and recreated on every run\n');
    // The related groups in Ulytau and Mangistau are separate cases of one workspace, as they would be
    // in practice; identifiers they share with Shymkent become cross-case hits.
    const rates = join(evidenceDir, 'shymkent', 'fx-rates.csv');
    const regions = [
      { dir: caseDir, name: 'Demo: Shymkent network (synthetic)', inputs: [join(evidenceDir, 'shymkent')] },
      {
        dir: join(workspaceDir, 'ulytau'),
        name: 'Demo: Ulytau group (synthetic)',
        inputs: [join(evidenceDir, 'ulytau'), rates],
      },
      {
        dir: join(workspaceDir, 'mangistau'),
        name: 'Demo: Mangistau group (synthetic)',
        inputs: [join(evidenceDir, 'mangistau'), rates],
      },
    ];
    const handles = [];
    let headline: Record<string, unknown>;
    try {
      for (const region of regions) {
        step(`case "${region.name}": creating, ingesting, analysing`);
        await initCase(region.dir, ctx.openStore, {
          name: region.name,
          agency: 'Dragnet demo',
          now: ctx.now(),
        });
        const handle = await openCase(region.dir, ctx.openStore);
        handles.push(handle);
        const files = await ingestFiles(handle.store, handle.dir, region.inputs, { now: ctx.now });
        const accepted = files.reduce((n, f) => n + f.accepted, 0);
        const quarantined = files.reduce((n, f) => n + f.quarantined, 0);
        step(
          `  ${files.length} evidence files: ${accepted} records stored, ${quarantined} quarantined with reasons`,
        );
        await analyzeCase(handle.store, { caseName: handle.info.name, now: ctx.now().toISOString() });
      }
      step('cross-case hits across the workspace');
      const hits = await crossCaseHits(handles.map((h) => ({ name: h.info.name, store: h.store })));
      const main = handles[0]!;
      const findings = (await readFindings(main.store)).findings;
      const reports: string[] = [];
      for (const lang of ['ru', 'en'] as const) {
        const path = join(caseDir, `report.${lang}.html`);
        await writeFileAtomic(path, await buildReport(main.store, { lang, format: 'html' }));
        reports.push(path);
      }
      // The Shymkent case holds the Shymkent network's evidence only: score it against that network.
      const evaluation = await evaluateCase({
        truthPath: join(evidenceDir, 'truth.json'),
        store: main.store,
        networks: ['shymkent'],
      });
      const s = findings.summary;
      headline = {
        case: caseDir,
        workspace: workspaceDir,
        reports,
        summary: s,
        crossCaseHits: hits.length,
        seconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
      };
      if (json) printJson(ctx, { ...headline, evaluation: evaluation.report });
      else {
        say(ctx, '');
        say(
          ctx,
          `Participants: ${s.participants} in ${s.networks} networks · droppers ${s.droppers} · exchangers ${s.exchangers}`,
        );
        say(
          ctx,
          `Turnover of the participants: $${usd(s.turnoverUsd)} · end recipients ${s.endRecipients} · flagged channels ${s.channelsFlagged}`,
        );
        say(ctx, `Cross-case hits with the Ulytau and Mangistau cases: ${hits.length}`);
        say(ctx, `Report: ${reports[0]} (ru), ${reports[1]} (en)`);
        say(ctx, '');
        say(ctx, evaluation.text);
        say(ctx, `done in ${headline['seconds']}s`);
      }
    } finally {
      for (const h of handles) await h.store.close();
    }
    if (values['no-serve']) return 0;
    step('starting the web workspace');
    await web;
    await serveUntilStopped(ctx, caseDir, port, '127.0.0.1', json);
    return 0;
  },
};
