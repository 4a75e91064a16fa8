import { readFile } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { reasonAfterLocator } from '@dragnet/core/model/issue-reason.ts';
import { UserError } from '@dragnet/services/user-error.ts';
import { log, printJson, say } from '../output/context.ts';
import { ProgressBar } from '../output/progress.ts';
import { shown } from '../output/safe-text.ts';
import { type CommandSpec, str } from './spec.ts';
import type { CaseTradeContext } from '@dragnet/services/case-context.ts';
import type { FileFailure, FileResult, SkippedFile } from '@dragnet/services/ingest-files.ts';

const PROGRESS_MIN_BYTES = 4 * 1024 * 1024;

export const ingest: CommandSpec = {
  name: 'ingest',
  usage: [
    'ingest <case-dir> <file-or-folder>... [--format FMT] [--mapping FILE] [--source TEXT] [--strict]',
    'ingest --suggest-mapping FILE',
  ].join('\n'),
  help: [
    'Copies evidence into the case (content-addressed by SHA-256), detects each file’s format from its',
    'content and stores its records in one transaction per file. Bad records are quarantined with a reason;',
    'the rest of the file still lands. A file already ingested (same SHA-256) changes nothing. The evidence',
    'register keeps the path each file came from (the argument as typed, or its own name when absolute):',
    'dragnet evidence lists it; the same bytes ingested again from another path keep their first path.',
    '',
    '  --format FMT       force a format instead of detecting it',
    '  --mapping FILE     column mapping for a tabular bank statement (docs/formats/bank-table.md)',
    '  --suggest-mapping FILE   print a starting mapping for a tabular statement and exit',
    '  --source TEXT      where the evidence came from (kept in the evidence register: dragnet evidence)',
    '  --strict           exit 3 when any record was quarantined',
    '',
    'Folders are walked (hidden entries and links skipped); each file goes in once, canonical tables first',
    '(docs/cli.md). Entries not ingested are listed (stderr; --json: "skipped", "unreadable").',
    '',
    'Exit status: 0 every file read (quarantined records and warnings are reported); 1 bad usage, no evidence',
    'file among the arguments, a file that could not be read (the others still go in), or a file that could not',
    'be read whole: its parse failed (nothing stored, the case does not hold it: ingest it again later, e.g.',
    'with the right --format) or stopped part-way (the records before the break are kept); the other files',
    'still go in and stderr has an `error:` line for each; 3 with --strict when records were quarantined and',
    'no file failed. With --strict a file already in the case counts as its ingest did: 3 for its quarantined',
    'records, 1 for the `error` issues the case holds for it.',
  ].join('\n'),
  options: {
    format: { type: 'string' },
    mapping: { type: 'string' },
    source: { type: 'string' },
    strict: { type: 'boolean' },
    'suggest-mapping': { type: 'string' },
  },
  async run(positionals, values, ctx) {
    const { openCase } = await import('@dragnet/services/case-folder.ts');
    const { ingestFiles } = await import('@dragnet/services/ingest-files.ts');
    const suggest = str(values, 'suggest-mapping');
    if (suggest) return suggestMapping(suggest, values, ctx);
    const [caseDir, ...inputs] = positionals;
    if (!caseDir || inputs.length === 0) {
      throw new UserError('missing <case-dir> or files to ingest', {
        hint: 'dragnet ingest <case-dir> <file-or-folder>...',
      });
    }
    const json = values['json'] === true;
    // V8 lets its old generation grow to about four times what the last full collection kept before it collects
    // again. An ingest keeps little (~45 MiB) but promotes much that dies soon after (records in flight, a chat's
    // recent messages), so the heap swung between ~50 and ~190 MiB; twice (the flag is read at every collection) keeps
    // it under ~120 MiB at no measurable CPU cost (docs/formats/telegram.md, "Streaming and memory").
    setFlagsFromString('--heap-growing-percent=100');
    let mapping: unknown;
    const mappingFile = str(values, 'mapping');
    if (mappingFile) mapping = await readJsonFile(mappingFile);
    const handle = await openCase(caseDir, ctx.openStore);
    const bar = new ProgressBar(ctx.stderr, !json);
    const started = performance.now();
    try {
      const format = str(values, 'format');
      const source = str(values, 'source');
      let caseContext: CaseTradeContext | undefined;
      const skipped: SkippedFile[] = [];
      const unreadable: SkippedFile[] = [];
      const results = await ingestFiles(handle.store, handle.dir, inputs, {
        onCaseContext: (r) => {
          caseContext = r;
        },
        now: ctx.now,
        ...(format ? { format } : {}),
        ...(source ? { source } : {}),
        ...(mapping !== undefined ? { mapping } : {}),
        onProgress: (p) => {
          if (p.bytesTotal >= PROGRESS_MIN_BYTES) bar.update(p.label, p.bytesDone, p.bytesTotal, p.records);
        },
        onSkip: (f) => skipped.push(f),
        onUnreadable: (f) => unreadable.push(f),
      });
      bar.finish();
      const skippedJson = skipped.map((f) => ({ input: f.input, path: f.path, reason: f.reason }));
      const unreadableJson = unreadable.map((f) => ({ input: f.input, path: f.path, reason: f.reason }));
      // Nothing the arguments hold is evidence dragnet reads (a PDF, photos, a workbook of no statement …): said, not a quiet success.
      if (results.length === 0 && unreadable.length === 0) {
        if (json) printJson(ctx, { files: [], skipped: skippedJson, unreadable: unreadableJson });
        printNoEvidence(ctx, inputs, skipped);
        return 1;
      }
      if (json) {
        printJson(ctx, {
          files: results.map((r) => ({
            path: r.path,
            sha256: r.sha256,
            evidencePath: r.evidencePath,
            format: r.format,
            accepted: r.accepted,
            quarantined: r.quarantined,
            duplicate: r.duplicate,
            issues: r.issues.map((i) => ({ locator: i.locator, reason: i.reason, severity: i.severity })),
            mergedBothEnds: r.mergedBothEnds,
            failure: r.failure,
            ...(r.duplicate ? { storedErrors: r.storedErrors } : {}),
          })),
          skipped: skippedJson,
          unreadable: unreadableJson,
          ...(caseContext ? { caseContext } : {}),
        });
      } else {
        for (const r of results) {
          if (r.duplicate) {
            const first = r.firstStoredError;
            const errors = first
              ? `; the case holds ${r.storedErrors} error${r.storedErrors === 1 ? '' : 's'} from its ingest, the first ${shown(first.locator)}: ${shown(reasonAfterLocator(first.locator, first.reason))}`
              : '';
            say(
              ctx,
              `${shown(r.path)}: already in the case (sha256 ${r.sha256.slice(0, 12)}…${r.evidencePath === null ? '' : `, ingested as ${shown(r.evidencePath)}`}), nothing changed${errors}`,
            );
            continue;
          }
          const merged = r.mergedBothEnds ? `, ${r.mergedBothEnds} matched from the other end` : '';
          if (r.failure && !r.failure.kept)
            say(
              ctx,
              `${shown(r.path)}: ${r.format}, failed: nothing stored, the case does not hold this file`,
            );
          else
            say(
              ctx,
              `${shown(r.path)}: ${r.format}, ${r.accepted} records, ${r.quarantined} quarantined${merged}${r.failure ? `; failed part-way at ${shown(r.failure.locator)}: the rest of the file was not read` : ''}`,
            );
          // The failure itself is an `error:` line on stderr (below), not one of these.
          const listed = r.issues.filter((i) => !isFailure(i, r.failure));
          for (const i of listed.slice(0, 10))
            say(
              ctx,
              `  ${i.severity} ${shown(i.locator)}: ${shown(reasonAfterLocator(i.locator, i.reason))}`,
            );
          // The result's list is capped (100 a file): the rest are in the case, listed by `dragnet issues`.
          // A file the case does not hold (failed before any record) has no stored issues to list.
          if (listed.length > 10)
            say(
              ctx,
              r.failure && !r.failure.kept
                ? `  … ${listed.length - 10}${r.issues.length >= 100 ? '+' : ''} more (not stored: the case does not hold this file)`
                : `  … ${listed.length - 10}${r.issues.length >= 100 ? '+' : ''} more: dragnet issues ${shellWord(caseDir)} --evidence ${r.sha256.slice(0, 12)}`,
            );
        }
        if (caseContext?.error !== undefined)
          say(
            ctx,
            `case context failed: ${shown(caseContext.error)} (the files above are in the case; the next ingest of a Telegram export reads the case again)`,
          );
        else if (caseContext && caseContext.added > 0)
          say(
            ctx,
            `case context: ${caseContext.added} labels from ${caseContext.sellers} seller${caseContext.sellers === 1 ? '' : 's'} and ${caseContext.recruiters} recruiter${caseContext.recruiters === 1 ? '' : 's'} the case shows across its chats (${caseContext.chats} two-person chat${caseContext.chats === 1 ? '' : 's'} read again, ${caseContext.partyChats} of their chat${caseContext.partyChats === 1 ? '' : 's'} read by the line models)`,
          );
      }
      if (!json) for (const f of skipped) log(ctx, `skipped ${shown(f.label)}: ${shown(f.reason)}`);
      // Each file that failed: `error: … (<file>:<line>)` and what became of it (CONTRACT §1, docs/cli.md).
      for (const r of results) if (r.failure) printFailure(ctx, r.path, r.failure);
      for (const f of unreadable) {
        ctx.stderr.write(`error: ${shown(f.reason)} (${shown(f.label)})\n`);
        // A permission or a damaged copy: what to do differs.
        const zip = /ZIP archive|damaged/.test(f.reason);
        ctx.stderr.write(
          zip
            ? 'hint: the other files went in; the archive or its entry is damaged: copy it again from the source (or unpack it with another tool and ingest the folder)\n'
            : 'hint: the other files went in; make it readable (its permissions) and ingest it again, or leave it out\n',
        );
      }
      // --strict asks whether the files named are in the case whole and clean: a file already in the case counts as
      // its own ingest did, by what the case holds of it (its quarantined records; its `error` issues).
      const strict = values['strict'] === true;
      const heldWithErrors = strict ? results.filter((r) => r.duplicate && r.storedErrors > 0) : [];
      for (const r of heldWithErrors) printHeldErrors(ctx, caseDir, r);
      if (!json && ctx.stderr.isTTY) log(ctx, summary(results, skipped.length, unreadable.length, started));
      if (results.some((r) => r.failure) || unreadable.length > 0 || heldWithErrors.length > 0) return 1;
      const quarantined = results.reduce((n, r) => n + r.quarantined, 0);
      return strict && quarantined > 0 ? 3 : 0;
    } finally {
      bar.finish();
      await handle.store.close();
    }
  },
};

/** The last line on a terminal: what the run did, in numbers. */
function summary(
  results: readonly FileResult[],
  skipped: number,
  unreadable: number,
  started: number,
): string {
  const fresh = results.filter((r) => !r.duplicate && !(r.failure && !r.failure.kept));
  const already = results.filter((r) => r.duplicate).length;
  const failed = results.filter((r) => r.failure).length + unreadable;
  const records = fresh.reduce((n, r) => n + r.accepted, 0);
  const quarantined = fresh.reduce((n, r) => n + r.quarantined, 0);
  const plural = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
  const secs = (performance.now() - started) / 1000;
  return (
    `ingested ${plural(fresh.length, 'file')}${already ? ` (${already} already in the case)` : ''}, ` +
    `${skipped.toLocaleString('en-US')} skipped, ${failed} failed; ` +
    `${plural(records, 'record')}, ${quarantined.toLocaleString('en-US')} quarantined; ${secs < 10 ? secs.toFixed(1) : secs.toFixed(0)} s`
  );
}

/** The arguments hold no file dragnet reads: `error:`, each skipped entry and why (at most 20), and a hint. */
function printNoEvidence(
  ctx: Parameters<CommandSpec['run']>[2],
  inputs: readonly string[],
  skipped: readonly SkippedFile[],
): void {
  const where = inputs.length === 1 ? ` (${shown(inputs[0]!)})` : '';
  const what = skipped.length === 0 ? 'nothing was found' : `${skipped.length} skipped, as below`;
  ctx.stderr.write(`error: no evidence file to ingest: ${what}${where}\n`);
  for (const f of skipped.slice(0, 20)) ctx.stderr.write(`  ${shown(f.label)}: ${shown(f.reason)}\n`);
  if (skipped.length > 20) ctx.stderr.write(`  … ${skipped.length - 20} more (--json lists them all)\n`);
  ctx.stderr.write(
    'hint: give the folder (or the .zip) of an export, or the statement files themselves (docs/formats/); nothing was ingested\n',
  );
}

/** With --strict, a file already in the case whose ingest left `error` issues: as its own ingest said. */
function printHeldErrors(ctx: Parameters<CommandSpec['run']>[2], caseDir: string, r: FileResult): void {
  const first = r.firstStoredError;
  const at = first ? `, the first ${first.locator}: ${reasonAfterLocator(first.locator, first.reason)}` : '';
  ctx.stderr.write(
    `error: already in the case with ${r.storedErrors} error${r.storedErrors === 1 ? '' : 's'} from its ingest${shown(at)} (${shown(r.path)})\n`,
  );
  ctx.stderr.write(
    `hint: nothing changed; with --strict a file already in the case counts as its ingest did. dragnet issues ${shellWord(caseDir)} --evidence ${r.sha256.slice(0, 12)} lists them\n`,
  );
}

function isFailure(issue: { locator: string; reason: string }, failure: FileFailure | null): boolean {
  return failure !== null && issue.locator === failure.locator && issue.reason === failure.reason;
}

/** `error: <reason> (<file>[:<line>])` and a hint, on stderr. */
function printFailure(ctx: Parameters<CommandSpec['run']>[2], path: string, f: FileFailure): void {
  const at = /^(?:line|xml):(\d+(?::\d+)?)$/.exec(f.locator);
  const what =
    at || f.locator === 'file' ? f.reason : `${f.locator}: ${reasonAfterLocator(f.locator, f.reason)}`;
  ctx.stderr.write(`error: ${shown(what)} (${shown(path)}${at ? `:${at[1]}` : ''})\n`);
  ctx.stderr.write(
    f.kept
      ? 'hint: the records before the break are in the case; ingest a repaired or re-exported file for the rest\n'
      : 'hint: nothing from this file was stored and the case does not hold it: ingest it again once repaired, or with the right --format\n',
  );
}

async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError('cannot read mapping file', { file: path });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UserError(`mapping file is not valid JSON: ${(e as Error).message}`, { file: path });
  }
}

async function suggestMapping(
  file: string,
  values: Record<string, unknown>,
  ctx: Parameters<CommandSpec['run']>[2],
): Promise<number> {
  const { suggestMappingForFile } = await import('@dragnet/services/suggest-mapping.ts');
  const mapping = await suggestMappingForFile(file);
  if (values['json']) printJson(ctx, mapping);
  else say(ctx, JSON.stringify(mapping, null, 2));
  return 0;
}

/** `dir` as one shell word a user can paste back (quoted when it holds anything but plain path characters). */
export function shellWord(dir: string): string {
  return /^[\w@%+=:,./-]+$/.test(dir) ? dir : `'${shown(dir).replaceAll("'", "'\\''")}'`;
}
