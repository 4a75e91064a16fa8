import { resolve } from 'node:path';
import type { ExportFormat } from '@dragnet/services/export-case.ts';
import { UserError } from '@dragnet/services/user-error.ts';
import { printJson, say } from '../output/context.ts';
import { type CommandSpec, str } from './spec.ts';

const DEFAULT_OUT: Record<ExportFormat, string> = {
  ftm: 'export.ftm.jsonl',
  graphml: 'export.graphml',
  gexf: 'export.gexf',
  csv: 'export-csv',
  xlsx: 'export.xlsx',
};

export const exportCommand: CommandSpec = {
  name: 'export',
  usage: 'export <case-dir> --format ftm|graphml|gexf|csv|xlsx [--out FILE]',
  help: [
    'Writes the case for other tools:',
    '  ftm      FollowTheMoney entity JSON lines (Aleph, followthemoney tools)',
    '  graphml  graph for Gephi/yEd (accounts, persons, chats; transfers aggregated per pair)',
    '  gexf     the same graph as GEXF 1.3',
    '  csv      a folder with the canonical CSVs (CONTRACT §3) + entities.csv; re-ingests into a new case',
    '  xlsx     one workbook, a sheet per canonical table with the csv columns (for Excel/LibreOffice)',
    'Files are written atomically. Default --out is inside the case folder.',
  ].join('\n'),
  options: { format: { type: 'string' }, out: { type: 'string' } },
  async run([caseDir], values, ctx) {
    const { openCase } = await import('@dragnet/services/case-folder.ts');
    const { EXPORT_FORMATS, exportCase } = await import('@dragnet/services/export-case.ts');
    if (!caseDir)
      throw new UserError('missing <case-dir>', { hint: 'dragnet export <case-dir> --format ftm' });
    const format = str(values, 'format') as ExportFormat | undefined;
    if (!format || !EXPORT_FORMATS.includes(format)) {
      throw new UserError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`, {
        hint: 'dragnet export <case-dir> --format ftm --out case.jsonl',
      });
    }
    const handle = await openCase(caseDir, ctx.openStore);
    try {
      const out = resolve(str(values, 'out') ?? resolve(handle.dir, DEFAULT_OUT[format]));
      const result = await exportCase(handle.store, format, out).catch((e: unknown) => {
        // The file system's refusal (a file where a folder should be, no permission, a full disk) is the user's to fix.
        const code = (e as NodeJS.ErrnoException | undefined)?.code;
        if (typeof code === 'string' && /^E[A-Z]+$/.test(code))
          throw new UserError(`cannot write the export: ${code} (${out})`, {
            hint: 'choose another --out, in a folder you can write to',
          });
        throw e;
      });
      if (values['json']) printJson(ctx, result);
      else say(ctx, `exported ${result.entities} entities and ${result.links} links as ${format} to ${out}`);
      return 0;
    } finally {
      await handle.store.close();
    }
  },
};
