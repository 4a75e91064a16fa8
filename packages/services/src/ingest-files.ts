import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import type { Dirent } from 'node:fs';
import { copyFile, lstat, open, readdir, realpath, rename, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import {
  type ChatRow,
  detectFormat,
  type EvidenceRow,
  type FormatParser,
  type IssueRow,
  type ParsedRecord,
  parserFor,
  RecordRejected,
  type RecordSink,
  type Store,
  type TransferRow,
} from '@dragnet/core';
import { candidateWindow, pickSameTransfer } from '@dragnet/core/matching/same-transfer.ts';
import { DedupeRunCache, MessageDedupe, type StoredTelegram } from '@dragnet/core/store/message-dedupe.ts';
import { decimalRangeProblem } from '@dragnet/core/store/normalize-row.ts';
import { htmlCoveredByJson } from '@dragnet/core/parsers/telegram-html/same-export.ts';
import { isPackageNotArchive, isZip } from '@dragnet/core/parsers/zip-head.ts';
import { emptyFileReason, isEmptyFile } from '@dragnet/core/parsers/empty-file.ts';
import type { PreparedBankCsvLines } from '@dragnet/core/parsers/bank-table/bulk-bank-csv.ts';
import {
  type BulkTransfersSink,
  planTransfersBulk,
} from '@dragnet/core/parsers/canonical-csv/bulk-transfers.ts';
import {
  BankCsvScan,
  bankCsvDelimiter,
  ingestBankCsvBulk,
  isBankCsvBulkSink,
  readBankLinesAhead,
} from './bank-csv-bulk.ts';
import { EVIDENCE_DIR } from './case-folder.ts';
import type { CaseTradeContext } from './case-context.ts';
import { PlainCsvScan } from './plain-csv-scan.ts';
import { newZipBudget, unpackZip } from './unpack-zip.ts';
import { UserError } from './user-error.ts';

export interface IngestOptions {
  /** Forces a format instead of detecting it. */
  format?: string;
  /** Column mapping for tabular formats (`--mapping`). */
  mapping?: unknown;
  /** Where the evidence came from (`--source`), kept in the register. */
  source?: string;
  now: () => Date;
  /** Called as bytes are parsed: for progress bars. */
  onProgress?: (p: IngestProgress) => void;
  /** Called for an entry a folder walk skipped (format not recognised, hidden, a link, an entry a ZIP archive refused …). */
  onSkip?: (skipped: SkippedFile) => void;
  /**
   * Called for a file (or folder) that could not be read (permissions …): it is left out and the others go in.
   * The caller reports it as a failure (docs/cli.md, "Exit status").
   */
  onUnreadable?: (unreadable: SkippedFile) => void;
  /** Issues per file kept in the result (counts stay exact). */
  issueCap?: number;
  /**
   * Lets the store read a plain canonical transfers.csv itself (default true; the result is the same as
   * the streaming parser's, see docs/formats/canonical-csv.md). False forces the streaming parser.
   */
  bulk?: boolean;
  /** Smallest file the bulk path is tried for (default 8 MiB: below, its fixed costs outweigh its gain). */
  bulkMinBytes?: number;
  /**
   * Told what the case-level chat context added (`caseTradeContext`), run once the files are in when a Telegram
   * export was new. False skips it (the labels then stay as each export gave them).
   */
  onCaseContext?: ((result: CaseTradeContext) => void) | false;
}

/** An entry of the arguments that was not ingested, and why. */
export interface SkippedFile {
  /** The argument (file or folder) as given. */
  input: string;
  /** The entry's path below that argument (`/`-separated), or `.` for the argument itself. */
  path: string;
  reason: string;
  /** How the user names it: the argument, then the path below it (`ev/phone1/Thumbs.db`). */
  label: string;
}

/** How an entry is named to the user: its argument as given, then its path below it. */
function shownPath(input: string, path: string): string {
  if (path === '.') return input;
  return `${input.replace(/\/+$/, '')}/${path}`;
}

function entry(input: string, path: string, reason: string): SkippedFile {
  return { input, path, reason, label: shownPath(input, path) };
}

export interface IngestProgress {
  path: string;
  /** The file as the user names it: its argument, then its path below it (`shownPath`). */
  label: string;
  bytesDone: number;
  bytesTotal: number;
  records: number;
}

export interface FileResult {
  /**
   * The file as the user gave it on this run: its argument as typed, then its path below it (`shownPath`); a file from a
   * ZIP archive: the archive's, then its path inside.
   */
  path: string;
  sha256: string;
  /**
   * The path the evidence register holds for the file (`EvidenceRow.path`, `evidencePath`). For a duplicate, the path
   * of its first ingest (null when that was before the register kept paths).
   */
  evidencePath: string | null;
  format: string;
  accepted: number;
  quarantined: number;
  duplicate: boolean;
  issues: Array<{ locator: string; reason: string; severity: string }>;
  /** Transfers recognised as already stored from the other end. */
  mergedBothEnds: number;
  /**
   * Set when the file could not be read whole: its parser stopped at `locator` (broken syntax, a cut-off file), or
   * it ended with an `error` before any record. `kept`: the records before the break are in the case (the file is in
   * its register); false: nothing was stored and the case does not hold the file, so a later ingest reads it again
   * (with the right `--format`, say). docs/cli.md, "Exit status".
   */
  failure: FileFailure | null;
  /** A duplicate's `error` issues the case holds from when it was ingested (0 for a new file: see `issues`). */
  storedErrors: number;
  /** The first of them. */
  firstStoredError?: { locator: string; reason: string };
}

export interface FileFailure {
  locator: string;
  reason: string;
  kept: boolean;
}

/** Thrown inside a file's transaction to roll it back: its parse failed before any record (`FileFailure.kept`). */
class NothingStored extends Error {
  constructor(readonly failure: FileFailure) {
    super(failure.reason);
  }
}

/** Formats whose records others refer to go first, so a folder ingests in a meaningful order. */
const FORMAT_ORDER = [
  'fx-rates-csv',
  'exchanges-csv',
  'persons-csv',
  'holders-csv',
  'transfers-csv',
  'exchange-orders-csv',
];

const CHAT_CONTEXT_FORMATS = new Set(['telegram-json', 'telegram-html']);

/** Canonical transfers are taken as already deduplicated (and can be huge); see docs/formats/both-ends.md. */
const NO_BOTH_ENDS = new Set(['transfers-csv']);

const HEAD_BYTES = 64 * 1024;
const BULK_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Ingests files and folders into a case: content-addressed copy into evidence/, format detection by
 * content, streaming parse, and one store transaction per file. A file already in the register (same
 * SHA-256) changes nothing.
 */
export async function ingestFiles(
  store: Store,
  caseDir: string,
  inputs: readonly string[],
  options: IngestOptions,
): Promise<FileResult[]> {
  await removeStaleCopies(caseDir);
  await removeOrphanCopies(store, caseDir);
  const files = await collectFiles(inputs, options);
  const planned: Array<{
    path: string;
    rel: string | undefined;
    label: string;
    parser: FormatParser;
    head: Uint8Array;
    /** The register's path (`evidencePath`, or an archive member's). */
    stored: string;
  }> = [];
  // Folders ZIP archives were unpacked into for this run (removed when it ends; their files are copied into evidence/).
  const unpacked: Unpacked = { dirs: [], budget: newZipBudget(0) };
  try {
    return await ingestPlanned();
  } finally {
    // One ingest at a time per case (the store is locked): the whole folder is this run's.
    if (unpacked.dirs.length > 0) await rm(join(caseDir, UNPACK_DIR), { recursive: true, force: true });
  }
  async function ingestPlanned(): Promise<FileResult[]> {
    const forced = options.format ? parserFor(options.format) : undefined;
    if (options.format && !forced)
      throw new UserError(`unknown format "${options.format}"`, {
        hint: 'run dragnet ingest --help for the list of formats',
      });
    for (const f of files) {
      const head = await readHead(f.path);
      if (typeof head === 'string') {
        // One file that cannot be read (a stray desktop.ini no one may open) does not stop the others.
        options.onUnreadable?.(entry(f.input, f.below, head));
        continue;
      }
      // Nothing to read, whatever the format (forced or not): said the same way in a folder and on its own.
      if (head.length < HEAD_BYTES && isEmptyFile(head)) {
        const reason = emptyFileReason(head.length);
        if (f.fromFolder) {
          options.onSkip?.(entry(f.input, f.below, reason));
          continue;
        }
        throw new UserError(reason, {
          file: f.path,
          hint: 'nothing was ingested; the file holds nothing to read (a copy or an export cut short?): copy or export it again',
        });
      }
      // A ZIP archive before any sniffing of its content: a stored archive shows its first file's bytes as they are.
      const archive = isZip(head) && !isPackageNotArchive(head);
      const parser = forced ?? (archive ? undefined : detectFormat(head, basename(f.path)));
      if (!parser && archive) {
        // A zipped export: its files join the run as if its folder had been given (docs/cli.md, "ZIP archives").
        files.push(...(await unzipInto(caseDir, f, options, unpacked)));
        continue;
      }
      if (!parser) {
        if (f.fromFolder) {
          options.onSkip?.(entry(f.input, f.below, 'format not recognised'));
          continue;
        }
        throw new UserError('format not recognised', {
          file: f.path,
          hint: 'pass --format FMT to force one, or --mapping FILE for a tabular statement (see docs/formats/)',
        });
      }
      planned.push({
        path: f.path,
        rel: f.rel,
        label: f.label,
        parser,
        head,
        stored: f.stored ?? evidencePath(f.input, f.below),
      });
    }
    // Telegram's "HTML and JSON" export: the HTML pages the JSON beside them holds already are not stored twice.
    const covered = htmlCoveredByJson(
      planned.map((p) => ({ path: p.path, format: p.parser.format, head: p.head })),
    );
    if (covered.size > 0) {
      for (const f of files) {
        const why = covered.get(f.path);
        if (why !== undefined) options.onSkip?.(entry(f.input, f.below, why));
      }
      planned.splice(0, planned.length, ...planned.filter((p) => !covered.has(p.path)));
    }
    // Records others refer to go in first (FORMAT_ORDER); within a rank, the files keep the arguments' order and
    // each folder's name order, the files of ZIP archives after them (docs/cli.md, "ingest").
    planned.sort((a, b) => rank(a.parser.format) - rank(b.parser.format));
    const results: FileResult[] = [];
    // The stored chats as the files of this run leave them: each page of an HTML chat reads the earlier ones once.
    const dedupeRun = new DedupeRunCache();
    for (const p of planned) {
      let result: FileResult;
      try {
        result = await ingestOne({
          store,
          caseDir,
          path: p.path,
          rel: p.rel,
          label: p.label,
          parser: p.parser,
          head: p.head,
          options,
          dedupeRun,
          stored: p.stored,
        });
      } catch (e) {
        // A failure no parser foresaw (a bug): the file is named, the stack kept for DRAGNET_DEBUG. Its records were
        // in the file's transaction, so the case holds what it held before it.
        if (e instanceof UserError || !(e instanceof Error)) throw e;
        const named = Object.assign(new Error(`${p.label}: ${e.message}`, { cause: e }), {
          // A case another process holds (`ECASEOPEN`) is still said as such.
          ...('code' in e ? { code: (e as { code: unknown }).code } : {}),
        });
        named.stack = `${named.message}\n${e.stack ?? ''}`;
        throw named;
      }
      results.push(result);
      // Every file is named as the user gave it (its argument as typed, then the path below it; a file from a ZIP
      // archive: the archive's, then its own: its unpacked copy is gone once the run ends).
      results[results.length - 1]!.path = p.label;
    }
    // Sellers the case shows across its files: their two-person chats read again (docs/labels.md, "Nineteenth session").
    if (
      options.onCaseContext !== false &&
      results.some((r) => !r.duplicate && r.failure?.kept !== false && CHAT_CONTEXT_FORMATS.has(r.format))
    ) {
      const { caseTradeContext } = await import('./case-context.ts');
      let r: CaseTradeContext;
      try {
        // It reads much of the case once: nothing gained by keeping it cached (a 2M-message export's case held 137 MiB).
        r = store.withSmallCache
          ? await store.withSmallCache(() => caseTradeContext(store))
          : await caseTradeContext(store);
      } catch (e) {
        // The files are in and stay: the next ingest of a Telegram export reads the case again.
        r = {
          sellers: 0,
          chats: 0,
          recruiters: 0,
          partyChats: 0,
          added: 0,
          error: e instanceof Error ? e.message.split('\n')[0]! : String(e),
        };
      }
      options.onCaseContext?.(r);
    }
    return results;
  }
}

/** Where this run unpacks ZIP archives: inside the case, so that a killed run's leftovers are found and removed. */
const UNPACK_DIR = '.unpacked';
/** Archives inside archives are read this many levels deep. */
const ZIP_DEPTH = 3;

/** The folders this run unpacked archives into, and what they have unpacked against the limits. */
interface Unpacked {
  dirs: string[];
  budget: ReturnType<typeof newZipBudget>;
}

/**
 * Unpacks a ZIP archive met in the run (`unpack-zip.ts`: streaming, entry names that leave the folder refused, bomb
 * limits) into `<case>/.unpacked/<archive sha256 prefix>/` and returns its files as inputs of the run: each is named
 * by the archive's path then its own (`ev/phone4/export.zip/ChatExport/result.json`), goes into the register under
 * that path, and is read as a file of a walked folder (what is not evidence is skipped with a note). The folder's name
 * is the archive's hash, so an HTML chat's pages (whose chat id is their folder and title) keep one id across runs.
 */
async function unzipInto(
  caseDir: string,
  zip: InputFile,
  options: IngestOptions,
  unpacked: Unpacked,
): Promise<InputFile[]> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(zip.path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  const dest = join(caseDir, UNPACK_DIR, hash.digest('hex').slice(0, 16));
  const skip = (why: string) => {
    options.onSkip?.(entry(zip.input, zip.below, why));
    return [];
  };
  // The same archive twice in one run (two copies, or an archive that holds itself: a ZIP quine) is read once; nesting
  // stops at ZIP_DEPTH.
  if (unpacked.dirs.includes(dest)) return skip('a ZIP archive already unpacked in this run');
  if ((zip.zipDepth ?? 0) >= ZIP_DEPTH) return skip(`a ZIP archive nested more than ${ZIP_DEPTH} deep`);
  unpacked.dirs.push(dest);
  // The bomb limits hold for the run: against the archives given, whatever nests inside them.
  if (zip.zipDepth === undefined) unpacked.budget.packed += size;
  let result: Awaited<ReturnType<typeof unpackZip>>;
  try {
    await rm(dest, { recursive: true, force: true });
    result = await unpackZip(zip.path, dest, unpacked.budget);
  } catch (e) {
    await rm(dest, { recursive: true, force: true });
    const why = `a ZIP archive that could not be unpacked: ${e instanceof Error ? e.message : String(e)}`;
    if (zip.fromFolder) {
      options.onUnreadable?.(entry(zip.input, zip.below, why));
      return [];
    }
    throw new UserError(why, {
      file: zip.path,
      hint: 'unpack it with another tool and ingest the folder; nothing of it was ingested',
    });
  }
  if (result.files.length === 0 && result.skipped.length === 0) {
    // An archive of folders only, or none at all.
    const why = 'a ZIP archive holding no file';
    if (zip.fromFolder) return skip(why);
    throw new UserError(why, { file: zip.path, hint: 'nothing of it was ingested' });
  }
  const below = (inner: string) => (zip.below === '.' ? inner : `${zip.below}/${inner}`);
  for (const s of result.skipped) {
    const e = entry(zip.input, below(s.inner), `not unpacked: ${s.reason}`);
    // A damaged entry is evidence that could not be read, not a stray file: a failure of the run.
    if (s.damaged) options.onUnreadable?.(e);
    else options.onSkip?.(e);
  }
  const stored = zip.stored ?? evidencePath(zip.input, zip.below);
  return result.files.map((f) => ({
    path: f.path,
    rel: f.inner.split('/').join(sep),
    stored: `${stored}/${f.inner}`,
    zipDepth: (zip.zipDepth ?? 0) + 1,
    below: below(f.inner),
    fromFolder: true,
    input: zip.input,
    label: shownPath(zip.input, below(f.inner)),
  }));
}

/**
 * The path the evidence register keeps for a file: the argument it came from as the user typed it when that is a
 * relative path inside the working folder (`ev/phone1/ChatExport_1/result.json` for `dragnet ingest case ev/phone1`,
 * `ev/p2/result.json` for `dragnet ingest case ev/p2/result.json`), else that argument's own name
 * (`phone1/ChatExport_1/result.json` for `/media/lab/phone1`), then the file's path below it; `/`-separated on every
 * system. Never the investigator's absolute path. `below` is the path below the argument, `.` for the argument itself.
 */
export function evidencePath(input: string, below: string): string {
  const typed = normalize(input).split(sep).join('/').replace(/\/+$/, '');
  const base =
    !isAbsolute(input) && typed !== '.' && typed !== '..' && !typed.startsWith('../')
      ? typed
      : basename(resolve(input));
  return below === '.' ? base : `${base}/${below}`;
}

function rank(format: string): number {
  const i = FORMAT_ORDER.indexOf(format);
  return i === -1 ? FORMAT_ORDER.length : i;
}

/** One file to ingest, with the case it goes into. */
interface IngestJob {
  store: Store;
  caseDir: string;
  path: string;
  rel: string | undefined;
  /** The register's path (`evidencePath`, or an archive member's). */
  stored: string;
  label: string;
  parser: FormatParser;
  head: Uint8Array;
  options: IngestOptions;
  dedupeRun: DedupeRunCache;
}

/** Ingests one file; lines a store read ahead for it and did not use are dropped, whatever happens. */
async function ingestOne(job: IngestJob): Promise<FileResult> {
  const ahead: { lines?: PreparedBankCsvLines | undefined } = {};
  try {
    return await ingestCopy(job, ahead);
  } finally {
    await ahead.lines?.dispose();
  }
}

async function ingestCopy(
  { store, caseDir, path, rel, stored, label, parser, head, options, dedupeRun }: IngestJob,
  ahead: { lines?: PreparedBankCsvLines | undefined },
): Promise<FileResult> {
  const scan = parser.format === 'transfers-csv' && options.bulk !== false ? new PlainCsvScan() : undefined;
  const bankScan =
    parser.format === 'bank-csv' && options.bulk !== false
      ? new BankCsvScan(bankCsvDelimiter(head, options.mapping))
      : undefined;
  // A large bank CSV: DuckDB reads its lines from the copy while JS hashes and scans it (two cores at work
  // instead of one after the other); the bulk path takes them when the scan agrees with the head.
  const readAhead = bankScan
    ? (copy: string, bytes: number) => {
        if (bytes >= (options.bulkMinBytes ?? BULK_MIN_BYTES))
          ahead.lines = readBankLinesAhead(store, copy, bytes, head, options.mapping);
        return ahead.lines;
      }
    : undefined;
  const copyStart = performance.now();
  const { sha256, size, storedPath } = await copyIntoEvidence(caseDir, path, scan ?? bankScan, readAhead);
  if (process.env['DRAGNET_TIMINGS'])
    console.error(
      `ingest: copy, hash and scan${ahead.lines ? ' (lines read alongside)' : ''} ${((performance.now() - copyStart) / 1000).toFixed(2)} s wall`,
    );
  const known = await store.getEvidence(sha256);
  const base: Pick<FileResult, 'path' | 'sha256' | 'format' | 'evidencePath'> = {
    path,
    sha256,
    format: known?.format ?? parser.format,
    // A file already in the case keeps the path of its first ingest (null: ingested before the register kept it).
    evidencePath: known ? known.path : stored,
  };
  if (known) {
    // A file that stopped part-way when it went in is still only partly in: the output says so again.
    const errors = { evidenceId: sha256, severity: 'error' as const };
    const storedErrors = await store.count('issues', { where: errors });
    let firstStoredError: FileResult['firstStoredError'];
    if (storedErrors > 0)
      for await (const i of store.scan('issues', { where: errors, limit: 1 }))
        firstStoredError = { locator: i.locator, reason: i.reason };
    return {
      ...base,
      accepted: known.accepted,
      quarantined: known.quarantined,
      duplicate: true,
      issues: [],
      mergedBothEnds: 0,
      failure: null,
      storedErrors,
      ...(firstStoredError ? { firstStoredError } : {}),
    };
  }
  const cap = options.issueCap ?? 100;
  const issues: FileResult['issues'] = [];
  let mergedBothEnds = 0;
  let records = 0;
  let failure: FileFailure | undefined;
  const bothEnds = !NO_BOTH_ENDS.has(parser.format);
  const taken = new Set<string>();
  const evidence: Omit<EvidenceRow, 'accepted' | 'quarantined'> = {
    id: sha256,
    size,
    originalName: basename(path),
    storedPath,
    format: parser.format,
    parserVersion: parser.version,
    source: options.source ?? null,
    ingestedAt: options.now().toISOString(),
    path: stored,
  };
  // A bulk load that fails inside DuckDB (out of memory on an unusual file, say) aborts the transaction: the
  // file is then ingested again from the start by the streaming parser, in a new transaction.
  let bulkError: unknown;
  /** The dedupe of the fill that went in: what it stored joins the run's picture once the file is committed. */
  let admittedBy: MessageDedupe | undefined;
  const fill = async (sink: RecordSink, bulk: boolean) => {
    if (
      bulk &&
      scan &&
      size >= (options.bulkMinBytes ?? BULK_MIN_BYTES) &&
      scan.end() === undefined &&
      isBulkSink(sink)
    ) {
      const plan = planTransfersBulk(head, size, sha256);
      if (!('fallback' in plan)) {
        const done = await sink.bulkTransfersCsv(resolve(caseDir, storedPath), plan, cap);
        if (!('fallback' in done)) {
          records = done.accepted;
          for (const i of done.issues) {
            issues.push({ locator: i.locator, reason: i.reason, severity: i.severity });
          }
          return;
        }
      }
    }
    if (bulk && bankScan && size >= (options.bulkMinBytes ?? BULK_MIN_BYTES) && isBankCsvBulkSink(sink)) {
      let done: Awaited<ReturnType<typeof ingestBankCsvBulk>>;
      try {
        done = await ingestBankCsvBulk(
          sink,
          resolve(caseDir, storedPath),
          head,
          size,
          sha256,
          options.mapping,
          bankScan,
          { issueCap: cap, bothEnds, ...(ahead.lines ? { prepared: ahead.lines } : {}) },
        );
      } catch (e) {
        bulkError = e;
        throw e;
      }
      // Which path read the file is a question of speed only; DRAGNET_TIMINGS says why it was not the bulk one.
      if ('fallback' in done && process.env['DRAGNET_TIMINGS'])
        console.error(`bank bulk: not taken (${done.fallback}); the streaming parser reads the file`);
      if (!('fallback' in done)) {
        records = done.accepted;
        mergedBothEnds = done.mergedBothEnds;
        for (const i of done.issues)
          issues.push({ locator: i.locator, reason: i.reason, severity: i.severity });
        return;
      }
    }
    const chunks = readChunks(join(caseDir, storedPath), (bytesDone) =>
      options.onProgress?.({ path, label, bytesDone, bytesTotal: size, records }),
    );
    const context = {
      evidenceId: sha256,
      fileName: basename(path),
      ...(rel !== undefined ? { relativePath: rel } : {}),
      folder: dirname(path),
      ...(options.mapping !== undefined ? { mapping: options.mapping } : {}),
    };
    let quarantined = 0;
    let stop: IssueRow | undefined;
    let firstError: IssueRow | undefined;
    const report = async (issue: IssueRow) => {
      if (issues.length < cap)
        issues.push({ locator: issue.locator, reason: issue.reason, severity: issue.severity });
      if (issue.severity === 'quarantine') quarantined++;
      else if (issue.severity === 'error') firstError ??= issue;
      await sink.issue(issue);
    };
    // Telegram chats: labels a message gets from its chat (docs/labels.md, "Chat context"). Imported here, not
    // at the top: the labeller's lexicons are most of the bundle an ingest loads, and only chats need them.
    const chatPass = CHAT_CONTEXT_FORMATS.has(parser.format)
      ? new (await import('@dragnet/core/labels/chat-context-pass.ts')).ChatContextPass()
      : undefined;
    // One message per (chat, message id): copies of stored messages from another file (docs/formats/telegram.md).
    const dedupe = CHAT_CONTEXT_FORMATS.has(parser.format)
      ? new MessageDedupe(sha256, storedTelegram(store), dedupeRun)
      : undefined;
    admittedBy = dedupe;
    // The store refuses a record it cannot keep (`RecordRejected`: a required field missing, a timestamp that is
    // no real time …) and keeps nothing of it: that record is quarantined with the store's reason and the file
    // goes on, so no parser's oversight fails a whole ingest. The mentions and labels that follow a refused
    // message (same locator; its author's user row may come between) would point at a message that is not
    // there: they are quarantined with it.
    let refused: string | null = null;
    const add = async (rec: ParsedRecord): Promise<boolean> => {
      const locator = (rec.row as { locator?: unknown }).locator;
      if (refused !== null && locator !== refused) refused = null;
      if (refused !== null && (rec.table === 'mentions' || rec.table === 'message_labels')) {
        const reason = `${rec.table} record of ${refused} not stored: its message was refused (above)`;
        await report({ evidenceId: sha256, locator: refused, severity: 'quarantine', reason, raw: null });
        return false;
      }
      try {
        await sink.add(rec);
        return true;
      } catch (e) {
        if (!(e instanceof RecordRejected)) throw e;
        const where = typeof locator === 'string' ? locator : 'record';
        if (rec.table === 'messages') refused = where;
        const reason = `${where}: ${e.reason}; record not stored`;
        await report({ evidenceId: sha256, locator: where, severity: 'quarantine', reason, raw: rawOf(rec) });
        return false;
      }
    };
    // A context label of a copy (a message another file stored) goes on the stored message (its evidence and
    // locator), unless the case holds that label for it already: the labels of a chat read across files are the
    // union of what each file's reading gave.
    const storedLabels = new Map<string, Set<string>>();
    const addContext = async (rec: ParsedRecord): Promise<void> => {
      const copy =
        dedupe && rec.table === 'message_labels'
          ? dedupe.copyOf(rec.row.chatId, rec.row.messageId)
          : undefined;
      if (copy && rec.table === 'message_labels') {
        rec.row.messageId = copy.messageId;
        rec.row.evidenceId = copy.evidenceId;
        rec.row.locator = copy.locator;
        let have = storedLabels.get(rec.row.chatId);
        if (!have) {
          have = new Set<string>();
          for await (const l of store.scan('message_labels', { where: { chatId: rec.row.chatId } }))
            have.add(`${l.messageId}\u0000${l.label}`);
          storedLabels.set(rec.row.chatId, have);
        }
        const k = `${rec.row.messageId}\u0000${rec.row.label}`;
        if (have.has(k)) return;
        have.add(k);
      }
      await add(rec);
    };
    for await (const item of parser.parse(chunks, context)) {
      if (item.kind === 'issue') {
        if (item.stopped) stop ??= item.issue;
        await report(item.issue);
        continue;
      }
      let rec = item.record;
      if (dedupe) {
        const admitted = await dedupe.admit(rec);
        if (admitted.issue) await report(admitted.issue);
        if (admitted.record === null) {
          // A copy of a stored message is not stored again, but the chat is read with it: the labels the chat gives
          // the messages after it (and it) are those of the whole chat, whichever file came first.
          if (chatPass) for (const r of chatPass.see(rec)) await addContext(r);
          continue;
        }
        rec = admitted.record;
      }
      const range = decimalRangeProblem(rec.table, rec.row);
      if (range !== undefined) {
        const locator = (rec.row as { locator?: string }).locator ?? 'record';
        const reason = `${locator}: ${range}; record not stored`;
        await report({ evidenceId: sha256, locator, severity: 'quarantine', reason, raw: null });
        continue;
      }
      if (bothEnds && rec.table === 'transfers') {
        const merged = await mergeIfSeenFromOtherEnd(sink, rec.row, taken);
        if (merged) {
          records++;
          mergedBothEnds++;
          continue;
        }
      }
      if (!(await add(rec))) continue;
      dedupe?.stored(rec);
      records++;
      if (chatPass) for (const r of chatPass.see(rec)) await addContext(r);
    }
    if (chatPass) for (const r of chatPass.finish()) await addContext(r);
    const summary = dedupe?.summary();
    if (summary) await report(summary);
    // A parser that stopped part-way, or ended with an error before any record: the file failed. With nothing
    // stored, the transaction is rolled back, so that the case does not hold the file and a later ingest reads it.
    const failed = stop ?? (records === 0 && quarantined === 0 ? firstError : undefined);
    if (failed) {
      failure = { locator: failed.locator, reason: failed.reason, kept: records + quarantined > 0 };
      if (!failure.kept) throw new NothingStored(failure);
    }
  };
  let row: EvidenceRow;
  try {
    row = await ingestOrRetry();
    admittedBy?.commit();
  } catch (e) {
    if (!(e instanceof NothingStored)) throw e;
    // The case does not hold the file: no register row, and no copy in evidence/ (known is undefined above).
    await rm(join(caseDir, storedPath), { force: true });
    options.onProgress?.({ path, label, bytesDone: size, bytesTotal: size, records: 0 });
    return {
      ...base,
      accepted: 0,
      quarantined: 0,
      duplicate: false,
      issues,
      mergedBothEnds: 0,
      failure: e.failure,
      storedErrors: 0,
    };
  }
  options.onProgress?.({ path, label, bytesDone: size, bytesTotal: size, records });
  return {
    ...base,
    accepted: row.accepted,
    quarantined: row.quarantined,
    duplicate: false,
    issues,
    mergedBothEnds,
    failure: failure ?? null,
    storedErrors: 0,
  };

  async function ingestOrRetry(): Promise<EvidenceRow> {
    try {
      return await store.ingest(evidence, (sink) => fill(sink, true));
    } catch (e) {
      if (bulkError === undefined || e !== bulkError) throw e;
      const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
      issues.length = 0;
      records = 0;
      mergedBothEnds = 0;
      failure = undefined;
      taken.clear();
      const note = {
        locator: 'file',
        severity: 'warning' as const,
        reason: `the bulk path failed (${reason}); the file was read again by the streaming parser`,
      };
      issues.push(note);
      return store.ingest(evidence, async (sink) => {
        await sink.issue({ evidenceId: sha256, ...note, raw: null });
        await fill(sink, false);
      });
    }
  }
}

/** What the store already holds of Telegram chats, for `MessageDedupe` (committed rows: other files only). */
function storedTelegram(store: Store): StoredTelegram {
  return {
    chats: async () => {
      const out = new Map<string, Array<{ type: ChatRow['type']; title: string | null }>>();
      for await (const c of store.scan('chats')) {
        const list = out.get(c.chatId);
        if (list) list.push({ type: c.type, title: c.title });
        else out.set(c.chatId, [{ type: c.type, title: c.title }]);
      }
      return out;
    },
    messages: (chatId) => store.scan('messages', { where: { chatId } }),
  };
}

/** The refused record as JSON for the quarantine's `raw` (cut to 1,000 characters, like the parsers' raw). */
function rawOf(rec: ParsedRecord): string | null {
  try {
    return JSON.stringify(rec.row).slice(0, 1000);
  } catch {
    return null;
  }
}

function isBulkSink(sink: RecordSink): sink is RecordSink & BulkTransfersSink {
  return typeof (sink as Partial<BulkTransfersSink>).bulkTransfersCsv === 'function';
}

async function mergeIfSeenFromOtherEnd(
  sink: RecordSink,
  t: TransferRow,
  taken: Set<string>,
): Promise<boolean> {
  const window = candidateWindow(t);
  const candidates = await sink.findTransfers({ amount: t.amount, currency: t.currency, ...window });
  if (candidates.length === 0) return false;
  const { match, reason } = pickSameTransfer(t, candidates, taken);
  if (!match) return false;
  taken.add(match.id);
  await sink.add({
    table: 'transfer_sources',
    row: { transferId: match.id, rule: reason, evidenceId: t.evidenceId, locator: t.locator },
  });
  return true;
}

/**
 * Copies the file into evidence/<sha256> through a temporary name, then hashes (and scans) what was stored.
 * The kernel's copy (`copyFile`) and one read of the copy from the page cache cost a fifth of a read and
 * write stream through JS, and the hash is of the bytes the case keeps.
 */
async function copyIntoEvidence(
  caseDir: string,
  path: string,
  /** Sees each chunk once, while it is current (the buffer is reused: a scan copies what it keeps). */
  scan?: { push(chunk: Buffer): void },
  readAhead?: (copy: string, size: number) => { settled(): Promise<void> } | undefined,
): Promise<{ sha256: string; size: number; storedPath: string }> {
  const dir = join(caseDir, EVIDENCE_DIR);
  const tmp = join(dir, `.incoming-${randomBytes(6).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  let reading: { settled(): Promise<void> } | undefined;
  try {
    await copyFile(path, tmp, constants.COPYFILE_EXCL);
    const file = await open(tmp, 'r');
    try {
      // Whatever reads the copy alongside is done with it before it is renamed.
      if (readAhead) reading = readAhead(tmp, (await file.stat()).size);
      // One buffer for every read: the hash and the scans keep no chunk (a fresh megabyte each time cost page
      // faults, ~30 ms per 80 MB).
      const chunk = Buffer.allocUnsafe(COPY_CHUNK);
      for (;;) {
        const { bytesRead } = await file.read(chunk, 0, COPY_CHUNK, null);
        if (bytesRead === 0) break;
        const data = chunk.subarray(0, bytesRead);
        hash.update(data);
        scan?.push(data);
        size += bytesRead;
      }
    } finally {
      await file.close();
    }
  } catch (e) {
    await reading?.settled();
    await rm(tmp, { force: true });
    throw new UserError(`cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      file: path,
    });
  }
  const sha256 = hash.digest('hex');
  const storedPath = `${EVIDENCE_DIR}/${sha256}`;
  await reading?.settled();
  await rename(tmp, join(caseDir, storedPath));
  return { sha256, size, storedPath };
}

const COPY_CHUNK = 1 << 20;

/**
 * Removes the copies an ingest killed while it copied, hashed and scanned a file left in `evidence/` under their
 * temporary names (`.incoming-*`). Safe here: a case is ingested by one process at a time (the store's file
 * is locked) and one file after another within it.
 */
async function removeStaleCopies(caseDir: string): Promise<void> {
  const dir = join(caseDir, EVIDENCE_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) if (name.startsWith('.incoming-')) await rm(join(dir, name), { force: true });
  await rm(join(caseDir, UNPACK_DIR), { recursive: true, force: true });
}

/**
 * Removes the copies in `evidence/` the register does not hold: a file's copy is renamed to its SHA-256 before its
 * records are committed, so an ingest killed in between leaves a copy of a file the case does not hold (and a re-ingest
 * of that file makes it again).
 */
async function removeOrphanCopies(store: Store, caseDir: string): Promise<void> {
  const dir = join(caseDir, EVIDENCE_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names)
    if (/^[0-9a-f]{64}$/.test(name) && !(await store.getEvidence(name)))
      await rm(join(dir, name), { force: true });
}

/**
 * Bytes a parser gets at a time. A 1 MiB chunk outlived the young generation's collections while its ~2,000 messages
 * were parsed and stored, so dead ones piled up outside the heap until the next full collection (up to 60 MiB in a
 * Telegram ingest); a 64 KiB chunk dies young (docs/formats/telegram.md, "Streaming and memory").
 */
const READ_CHUNK_BYTES = 64 * 1024;

async function* readChunks(path: string, onBytes: (n: number) => void): AsyncIterable<Uint8Array> {
  let done = 0;
  let last = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })) {
    done += (chunk as Buffer).length;
    if (done - last >= 1 << 20) {
      onBytes(done);
      last = done;
    }
    yield chunk as Buffer;
  }
}

/** The file's first bytes, or why they could not be read (`cannot read file: EACCES`). */
async function readHead(path: string): Promise<Uint8Array | string> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } catch (e) {
    return `cannot read file: ${errorCode(e)}`;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

interface InputFile {
  path: string;
  /** The register's path when it is not the file's own (a member of a ZIP: `export.zip/ChatExport/result.json`). */
  stored?: string;
  /** How many archives it lies in (a member of a ZIP: 1). */
  zipDepth?: number;
  /** The path below its folder argument (undefined for a file named on the command line). */
  rel: string | undefined;
  /** The same, `/`-separated, or `.` for a file named on the command line. */
  below: string;
  fromFolder: boolean;
  /** The argument it came from, as given. */
  input: string;
  /** How the user names it (`shownPath`). */
  label: string;
}

/** What a walk of the arguments gathers: each file once (by its real path), the rest reported. */
interface Walk {
  out: InputFile[];
  /** Real paths of the files already in `out`. */
  seen: Set<string>;
  options: IngestOptions;
}

async function collectFiles(inputs: readonly string[], options: IngestOptions): Promise<InputFile[]> {
  const w: Walk = { out: [], seen: new Set(), options };
  for (const input of inputs) {
    const path = resolve(input);
    let st: Awaited<ReturnType<typeof lstat>>;
    try {
      st = await lstat(path);
    } catch {
      throw new UserError('no such file or folder', {
        file: input,
        hint: 'check the path (quote it if it holds spaces); nothing was ingested',
      });
    }
    if (st.isDirectory()) {
      const before = w.out.length;
      let unreadable = false;
      const root = { input, path, real: await realpath(path).catch(() => path) };
      // The same folder given twice is walked once.
      if (w.seen.has(root.real)) continue;
      w.seen.add(root.real);
      await walk(root, path, w, () => {
        unreadable = true;
      });
      if (w.out.length === before && !unreadable && !(await holdsFiles(path)))
        throw new UserError('the folder holds no file to ingest', {
          file: input,
          hint: 'hidden files (a name starting with ".") and symbolic links are skipped; nothing was ingested',
        });
    } else if (st.isFile()) {
      // The same file named twice (or also found in a folder given) goes in once.
      const real = await realpath(path).catch(() => path);
      if (w.seen.has(real)) continue;
      w.seen.add(real);
      w.out.push({ path, rel: undefined, below: '.', fromFolder: false, input, label: input });
    } else
      throw new UserError('not a regular file or folder', {
        file: input,
        hint: 'give evidence files or folders holding them; nothing was ingested',
      });
  }
  return w.out;
}

/** Whether a folder walked without a new file holds one all the same (each already found under another argument). */
async function holdsFiles(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (e.name.startsWith('.') || e.isSymbolicLink()) continue;
    if (e.isFile() || (e.isDirectory() && (await holdsFiles(join(dir, e.name))))) return true;
  }
  return false;
}

/**
 * Walks a folder depth first, each folder's entries in name order (UTF-16 code units: `Z` before `a`); links,
 * hidden entries and anything but files and folders are skipped and reported (evidence names are untrusted).
 */
async function walk(
  root: { input: string; path: string; real: string },
  dir: string,
  w: Walk,
  onUnreadable: () => void,
): Promise<void> {
  const below = (p: string) => relative(root.path, p).split(sep).join('/') || '.';
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    // A folder no one may open: reported like an unreadable file, and the walk goes on.
    onUnreadable();
    w.options.onUnreadable?.(entry(root.input, below(dir), `cannot read folder: ${errorCode(e)}`));
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    const real = join(root.real, relative(root.path, p));
    // An entry seen already (the same folder given twice, or inside another folder given) counts once.
    if (w.seen.has(real)) continue;
    w.seen.add(real);
    const skip = (reason: string) => w.options.onSkip?.(entry(root.input, below(p), reason));
    if (e.name.startsWith('.')) {
      skip(
        e.isDirectory()
          ? 'hidden folder (its name starts with "."), not walked'
          : 'hidden file (its name starts with ".")',
      );
      continue;
    }
    if (e.isSymbolicLink()) {
      skip('symbolic link not followed');
      continue;
    }
    if (e.isDirectory()) await walk(root, p, w, onUnreadable);
    else if (e.isFile()) {
      const rel = relative(root.path, p);
      const at = below(p);
      w.out.push({
        path: p,
        rel,
        below: at,
        fromFolder: true,
        input: root.input,
        label: shownPath(root.input, at),
      });
    } else skip('not a regular file (a pipe, socket or device)');
  }
}

export type { IssueRow };
