/**
 * `dragnet generate`: runs the pure scenario generator and writes its files. Every file is written through
 * a temporary sibling and renamed when complete; writes respect stream back-pressure so memory stays flat
 * at any scale. Windows-1251 files are encoded with iconv-lite, XLSX files with exceljs' streaming writer.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Emit, FileEncoding } from '@dragnet/core/generate/emit.ts';
import { type GenerateCounts, generateEvidence } from '@dragnet/core/generate/generate-evidence.ts';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { UserError } from './user-error.ts';

export interface GenerateCaseOptions {
  scenario: string;
  seed: number;
  scale: number;
  out: string;
  /** JSON file whose parameters override the named scenario (see docs/generator.md). */
  scenarioFile?: string;
  /** Called as each file is completed, with its size in bytes (XLSX: rows written). */
  onProgress?: (info: { file: string; bytes: number }) => void;
}

export interface GenerateCaseResult {
  /** Paths relative to `out`, sorted. */
  files: string[];
  truthPath: string;
  counts: GenerateCounts;
}

interface OpenFile {
  encoding: FileEncoding;
  tmp: string;
  final: string;
  bytes: number;
  stream?: WriteStream;
  workbook?: ExcelJS.stream.xlsx.WorkbookWriter;
  sheet?: ExcelJS.Worksheet;
}

export async function generateCase(options: GenerateCaseOptions): Promise<GenerateCaseResult> {
  let overrides: unknown;
  if (options.scenarioFile) {
    let text: string;
    try {
      text = await readFile(options.scenarioFile, 'utf8');
    } catch (e) {
      throw new UserError(`cannot read the scenario file: ${(e as Error).message}`, {
        file: options.scenarioFile,
      });
    }
    try {
      overrides = JSON.parse(text);
    } catch (e) {
      throw new UserError(`scenario file is not valid JSON: ${(e as Error).message}`, {
        file: options.scenarioFile,
        hint: 'see docs/generator.md for the parameters',
      });
    }
  }
  const out = resolve(options.out);
  await mkdir(out, { recursive: true });
  let gen: Generator<Emit, GenerateCounts>;
  try {
    gen = generateEvidence({
      scenario: options.scenario,
      seed: options.seed,
      scale: options.scale,
      overrides,
    });
    // Resolution errors surface on the first step.
  } catch (e) {
    throw new UserError((e as Error).message, options.scenarioFile ? { file: options.scenarioFile } : {});
  }
  const open = new Map<string, OpenFile>();
  const written: string[] = [];
  const suffix = `.tmp-${process.pid}`;
  let counts: GenerateCounts | undefined;
  try {
    for (;;) {
      let step: IteratorResult<Emit, GenerateCounts>;
      try {
        step = gen.next();
      } catch (e) {
        if (written.length === 0 && open.size === 0)
          throw new UserError(
            (e as Error).message,
            options.scenarioFile
              ? { file: options.scenarioFile, hint: 'see docs/generator.md' }
              : { hint: 'see docs/generator.md' },
          );
        throw e;
      }
      if (step.done) {
        counts = step.value;
        break;
      }
      const e = step.value;
      if (e.op === 'open') {
        const final = safeJoin(out, e.file);
        await mkdir(dirname(final), { recursive: true });
        const f: OpenFile = { encoding: e.encoding, tmp: final + suffix, final, bytes: 0 };
        if (e.encoding === 'xlsx') {
          pinZipDates();
          f.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
            filename: f.tmp,
            useStyles: false,
            useSharedStrings: false,
          });
          // A fixed creation date keeps the archive byte-identical between runs.
          f.workbook.created = new Date(Date.UTC(2025, 0, 1));
          f.workbook.modified = new Date(Date.UTC(2025, 0, 1));
          f.workbook.creator = 'Kaspi Bank';
          f.sheet = f.workbook.addWorksheet(e.sheet ?? 'Sheet1');
        } else {
          f.stream = createWriteStream(f.tmp);
        }
        open.set(e.file, f);
      } else if (e.op === 'write') {
        const f = open.get(e.file);
        if (!f?.stream) throw new Error(`generator wrote to ${e.file} before opening it`);
        const data = f.encoding === 'cp1251' ? iconv.encode(e.text, 'win1251') : Buffer.from(e.text, 'utf8');
        f.bytes += data.length;
        if (!f.stream.write(data)) await new Promise<void>((r) => f.stream?.once('drain', () => r()));
      } else if (e.op === 'row') {
        const f = open.get(e.file);
        if (!f?.sheet) throw new Error(`generator wrote a row to ${e.file}, which is not a workbook`);
        f.sheet.addRow(e.cells).commit();
        f.bytes++;
      } else if (e.op === 'close') {
        const f = open.get(e.file);
        if (!f) continue;
        if (f.workbook) {
          f.sheet?.commit();
          await f.workbook.commit();
        } else if (f.stream) {
          const s = f.stream;
          await new Promise<void>((r, j) => s.end((err?: Error | null) => (err ? j(err) : r())));
        }
        await rename(f.tmp, f.final);
        open.delete(e.file);
        written.push(e.file);
        options.onProgress?.({ file: e.file, bytes: f.bytes });
      }
    }
  } finally {
    for (const f of open.values()) {
      f.stream?.destroy();
      await rm(f.tmp, { force: true });
    }
  }
  written.sort();
  return { files: written, truthPath: join(out, 'truth.json'), counts: counts as GenerateCounts };
}

/** File names come from the generator, but a scenario file feeds them: never leave the output folder. */
function safeJoin(root: string, rel: string): string {
  const p = resolve(root, rel);
  if (!p.startsWith(root + '/') && p !== root)
    throw new Error(`generated path escapes the output folder: ${rel}`);
  return p;
}

// Local-time constructor on purpose: zip entries store local DOS time, so this gives the same bytes in every time zone.
const FIXED_DATE = new Date(2025, 0, 1, 0, 0, 0);
let zipDatesPinned = false;

/**
 * exceljs' archiver stamps every zip entry with the current time, some of them inside the workbook's
 * constructor; the same seed must give the same bytes, so entries without a date get one fixed date.
 */
function pinZipDates(): void {
  if (zipDatesPinned) return;
  const probe = new ExcelJS.stream.xlsx.WorkbookWriter({});
  const zip = (probe as unknown as { zip?: object }).zip;
  const proto = zip
    ? (Object.getPrototypeOf(zip) as {
        append?: (source: unknown, data?: Record<string, unknown>) => unknown;
      })
    : undefined;
  const append = proto?.append;
  if (proto && append) {
    proto.append = function (this: unknown, source: unknown, data?: Record<string, unknown>) {
      return append.call(this, source, { ...data, date: data?.['date'] ?? FIXED_DATE });
    };
  }
  zipDatesPinned = true;
}
