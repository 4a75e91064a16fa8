import { evidenceName } from '@dragnet/core/model/evidence-name.ts';
import { reasonAfterLocator } from '@dragnet/core/model/issue-reason.ts';
import { UserError } from '@dragnet/services/user-error.ts';
import { jsonSafe, shown } from '../output/safe-text.ts';
import { say } from '../output/context.ts';
import { type CommandSpec, str } from './spec.ts';

const SEVERITIES = ['quarantine', 'warning', 'error'] as const;

export const issues: CommandSpec = {
  name: 'issues',
  usage: 'issues <case-dir> [--evidence SHA256] [--severity quarantine|warning|error] [--limit N]',
  help: [
    'Lists what the ingests reported: every quarantined record (not stored) and every warning or error about',
    'a file, with the file, the record locator and the reason, file by file in the order they went in.',
    '  --evidence SHA256   one evidence file (its SHA-256 or the first 6 or more hex digits, as ingest prints)',
    '  --severity S        only quarantine, warning or error',
    '  --limit N           at most N issues',
    '  --json              { "issues": [ { evidenceId, file, path, locator, severity, reason, raw } ] }',
    'Each file is named by the path it was ingested from (as the register keeps it; dragnet evidence lists them).',
  ].join('\n'),
  options: { evidence: { type: 'string' }, severity: { type: 'string' }, limit: { type: 'string' } },
  async run([caseDir], values, ctx) {
    const { openCase } = await import('@dragnet/services/case-folder.ts');
    const { listIssues } = await import('@dragnet/services/list-issues.ts');
    if (!caseDir) throw new UserError('missing <case-dir>', { hint: 'dragnet issues <case-dir>' });
    const severity = str(values, 'severity') as (typeof SEVERITIES)[number] | undefined;
    if (severity !== undefined && !SEVERITIES.includes(severity))
      throw new UserError(`--severity must be one of ${SEVERITIES.join(', ')}`);
    const limitText = str(values, 'limit');
    const limit = limitText === undefined ? Number.POSITIVE_INFINITY : Number(limitText);
    if (!(Number.isInteger(limit) && limit > 0) && limit !== Number.POSITIVE_INFINITY)
      throw new UserError('--limit must be a positive whole number');
    const evidence = str(values, 'evidence');
    const json = values['json'] === true;
    const handle = await openCase(caseDir, ctx.openStore);
    try {
      const list = listIssues(handle.store, {
        ...(evidence ? { evidence } : {}),
        ...(severity ? { severity } : {}),
        // One more than shown, so that "there are more" is known without reading further.
        ...(limit === Number.POSITIVE_INFINITY ? {} : { limit: limit + 1 }),
      });
      // Streamed: one file's issues are held (to sort them) and written, then the next file's.
      // The first issue is read before anything is written, so a bad --evidence is an error, not half a JSON.
      let next = await list.next();
      let n = 0;
      let file: string | undefined;
      if (json) ctx.stdout.write('{\n  "issues": [');
      for (; !next.done && n < limit; next = await list.next(), n++) {
        const i = next.value;
        if (json) {
          ctx.stdout.write(`${n ? ',' : ''}\n    ${jsonSafe(JSON.stringify(i))}`);
          continue;
        }
        if (i.evidenceId !== file)
          say(
            ctx,
            `${shown(evidenceName({ path: i.path, originalName: i.file }))} (sha256 ${i.evidenceId.slice(0, 12)}…)`,
          );
        file = i.evidenceId;
        say(ctx, `  ${i.severity} ${shown(i.locator)}: ${shown(reasonAfterLocator(i.locator, i.reason))}`);
      }
      await list.return(undefined);
      if (json) ctx.stdout.write(`${n ? '\n  ' : ''}]\n}\n`);
      else say(ctx, `${n} issue(s)${!next.done ? ` shown (--limit ${limit}; there are more)` : ''}`);
      return 0;
    } finally {
      await handle.store.close();
    }
  },
};
