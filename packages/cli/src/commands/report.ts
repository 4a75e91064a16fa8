import { resolve } from 'node:path';
import { UserError } from '@dragnet/services/user-error.ts';
import { printJson, say } from '../output/context.ts';
import { type CommandSpec, str } from './spec.ts';

export const report: CommandSpec = {
  name: 'report',
  usage: 'report <case-dir> [--lang ru|en] [--format html|md|pdf] [--out FILE]',
  help: [
    'Writes the case summary ("справка") from the stored findings: headline figures, tables, and a',
    'footnote for every figure naming the evidence files and records behind it. Default: Russian HTML',
    'in the case folder. PDF is printed with a local headless Chromium (DRAGNET_CHROMIUM to choose one).',
  ].join('\n'),
  options: { lang: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
  async run([caseDir], values, ctx) {
    const { buildReport } = await import('@dragnet/services/build-report.ts');
    const { openCase, writeFileAtomic } = await import('@dragnet/services/case-folder.ts');
    if (!caseDir) throw new UserError('missing <case-dir>', { hint: 'dragnet report <case-dir> --lang ru' });
    const lang = str(values, 'lang') ?? 'ru';
    const format = str(values, 'format') ?? 'html';
    if (lang !== 'ru' && lang !== 'en') throw new UserError('--lang must be ru or en');
    if (!['html', 'md', 'pdf'].includes(format)) throw new UserError('--format must be html, md or pdf');
    const handle = await openCase(caseDir, ctx.openStore);
    try {
      const text = await buildReport(handle.store, {
        lang,
        format: format === 'pdf' ? 'html' : (format as 'html' | 'md'),
      });
      const out = resolve(str(values, 'out') ?? resolve(handle.dir, `report.${lang}.${format}`));
      if (format === 'pdf') {
        const { htmlToPdf } = await import('@dragnet/services/html-to-pdf.ts');
        await htmlToPdf(text, out);
      } else await writeFileAtomic(out, text);
      if (values['json']) printJson(ctx, { path: out, lang, format });
      else say(ctx, `report written to ${out}`);
      return 0;
    } finally {
      await handle.store.close();
    }
  },
};
