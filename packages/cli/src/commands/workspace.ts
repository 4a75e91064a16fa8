import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '@dragnet/services/user-error.ts';
import { printJson, say } from '../output/context.ts';
import { shown } from '../output/safe-text.ts';
import type { CommandSpec } from './spec.ts';

export const workspace: CommandSpec = {
  name: 'crosscase',
  usage: 'crosscase <workspace-dir>',
  help: [
    'Indexes the identifiers of every analysed case in a workspace (a folder of case folders) and reports',
    'each identifier found in two or more cases, with its context in each. The hits are written into every',
    'case’s findings (`crossCase`), so both cases report them.',
  ].join('\n'),
  options: {},
  async run([dir], values, ctx) {
    const { isCaseDir, openCase } = await import('@dragnet/services/case-folder.ts');
    const { crossCaseHits } = await import('@dragnet/services/cross-case.ts');
    if (!dir) throw new UserError('missing <workspace-dir>', { hint: 'dragnet crosscase <folder-of-cases>' });
    const root = resolve(dir);
    const names = (await readdir(root, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    const caseDirs: string[] = [];
    for (const n of names) if (await isCaseDir(join(root, n))) caseDirs.push(join(root, n));
    if (caseDirs.length < 2)
      throw new UserError('a workspace needs at least two case folders', { file: root });
    const handles = [];
    try {
      for (const c of caseDirs) handles.push(await openCase(c, ctx.openStore));
      const hits = await crossCaseHits(handles.map((h) => ({ name: h.info.name, store: h.store })));
      if (values['json']) printJson(ctx, { cases: handles.map((h) => h.info.name), hits });
      else {
        say(ctx, `${hits.length} identifier(s) shared between ${handles.length} cases`);
        for (const h of hits.slice(0, 100))
          say(ctx, `  ${shown(h.identifier)}: ${h.cases.map(shown).join(' ↔ ')}`);
      }
      return 0;
    } finally {
      for (const h of handles) await h.store.close();
    }
  },
};
