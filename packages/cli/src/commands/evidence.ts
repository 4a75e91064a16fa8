import { UserError } from '@dragnet/services/user-error.ts';
import { printJson, say } from '../output/context.ts';
import { shown } from '../output/safe-text.ts';
import type { CommandSpec } from './spec.ts';

export const evidence: CommandSpec = {
  name: 'evidence',
  usage: 'evidence <case-dir>',
  help: [
    'Lists the evidence register: every file the case holds, in the order they went in, with the first 12 hex',
    'digits of its SHA-256 (what issues --evidence takes), its format, the records stored from it, its issues,',
    'its size, when it was ingested, the path it was ingested from (the argument as typed, or its own name when',
    'absolute, then the path below it) and the --source of its ingest.',
    '  --json   { "evidence": [ { id, sha256, format, path, originalName, source, size, ingestedAt, records,',
    '             quarantined, issues, storedPath, parserVersion } ] }',
  ].join('\n'),
  options: {},
  async run([caseDir], values, ctx) {
    const { openCase } = await import('@dragnet/services/case-folder.ts');
    const { listEvidence } = await import('@dragnet/services/list-evidence.ts');
    if (!caseDir) throw new UserError('missing <case-dir>', { hint: 'dragnet evidence <case-dir>' });
    const handle = await openCase(caseDir, ctx.openStore);
    try {
      const list = await listEvidence(handle.store);
      if (values['json']) {
        printJson(ctx, { evidence: list });
        return 0;
      }
      for (const e of list) {
        // Paths and sources come with the evidence: shown as text, one line each.
        const path = e.path === null ? `${shown(e.originalName)} (path not recorded)` : shown(e.path);
        say(
          ctx,
          [
            e.sha256.slice(0, 12),
            e.format,
            `${count(e.records, 'record')}, ${e.quarantined.toLocaleString('en-US')} quarantined, ${count(e.issues, 'issue')}`,
            size(e.size),
            e.ingestedAt,
            path,
          ].join('  ') + (e.source === null ? '' : `  (source: ${shown(e.source)})`),
        );
      }
      say(ctx, `${list.length} evidence file(s)`);
      return 0;
    } finally {
      await handle.store.close();
    }
  },
};

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

function size(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
