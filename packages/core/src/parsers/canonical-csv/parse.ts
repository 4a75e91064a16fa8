import type { ParseContext, ParseItem } from '../parser.ts';
import { decodeAuto, flattenBatches, readCsvBatches } from '../../text/index.ts';
import { headerName } from './detect.ts';
import type { CanonicalSpec, ColumnMap, RowContext } from './specs.ts';
import { IdentifierCache, isError } from './values.ts';

async function* counted(
  chunks: AsyncIterable<Uint8Array>,
  onProgress: ((bytes: number) => void) | undefined,
): AsyncIterable<Uint8Array> {
  let bytes = 0;
  for await (const c of chunks) {
    bytes += c.length;
    onProgress?.(bytes);
    yield c;
  }
}

/** Maps header cells to column positions; names the required columns that are missing. */
export function mapColumns(
  spec: CanonicalSpec,
  header: readonly string[],
): ColumnMap | { missing: string[] } {
  const names = header.map(headerName);
  const index: Record<string, number> = {};
  const known = new Set([...spec.required, ...spec.optional]);
  for (const c of known) index[c] = names.indexOf(c);
  const missing = spec.required.filter((c) => index[c]! < 0);
  if (missing.length > 0) return { missing };
  const extras: Array<{ name: string; index: number }> = [];
  names.forEach((name, i) => {
    if (!known.has(name) && name !== '') extras.push({ name: header[i]!.trim(), index: i });
  });
  return { index, extras };
}

/**
 * Streams one canonical CSV: header, then one record per row; a row that fails validation becomes a
 * `quarantine` issue with locator `row:<line>`, the reason and the raw line, and reading goes on.
 */
export function parseCanonical(
  spec: CanonicalSpec,
  chunks: AsyncIterable<Uint8Array>,
  context: ParseContext,
): AsyncIterable<ParseItem> {
  return flattenBatches(parseBatches(spec, chunks, context));
}

async function* parseBatches(
  spec: CanonicalSpec,
  chunks: AsyncIterable<Uint8Array>,
  context: ParseContext,
): AsyncIterable<ParseItem[]> {
  const evidenceId = context.evidenceId;
  const issue = (
    locator: string,
    reason: string,
    raw: string | null,
    severity: 'quarantine' | 'error' | 'warning' = 'quarantine',
  ): ParseItem => ({
    kind: 'issue',
    issue: { evidenceId, locator, severity, reason, raw },
  });
  let cols: ColumnMap | undefined;
  let width = 0;
  let rows = 0;
  const ctx: RowContext = {
    evidenceId,
    evidenceShort: evidenceId.slice(0, 12),
    line: 0,
    ids: new IdentifierCache(),
  };
  const replaced = { value: false };
  const text = decodeAuto(counted(chunks, context.onProgress), { replaced });
  for await (const batch of readCsvBatches(text)) {
    const out: ParseItem[] = [];
    for (const rec of batch) {
      if (cols === undefined) {
        const mapped = mapColumns(spec, rec.fields);
        if ('missing' in mapped) {
          out.push(
            issue(
              `row:${rec.line}`,
              `${context.fileName}: not a ${spec.fileName}: header lacks ${mapped.missing.join(', ')} ` +
                `(needs ${spec.required.join(', ')}); fix the header or use --mapping`,
              rec.raw,
              'error',
            ),
          );
          yield out;
          return;
        }
        cols = mapped;
        width = rec.fields.length;
        continue;
      }
      rows++;
      if (rec.error !== undefined) {
        out.push(issue(`row:${rec.line}`, `${rec.error}: a quote opens a field but never closes`, rec.raw));
        continue;
      }
      if (rec.fields.length !== width) {
        out.push(
          issue(`row:${rec.line}`, `row has ${rec.fields.length} fields, the header has ${width}`, rec.raw),
        );
        continue;
      }
      if (replaced.value && rec.raw.indexOf('\uFFFD') !== -1) {
        out.push(
          issue(
            `row:${rec.line}`,
            'row contains U+FFFD replacement characters: the file is not valid UTF-8; save it as UTF-8',
            rec.raw,
          ),
        );
        continue;
      }
      ctx.line = rec.line;
      const built = spec.build(rec.fields, cols, ctx);
      out.push(
        isError(built) ? issue(`row:${rec.line}`, built.error, rec.raw) : { kind: 'record', record: built },
      );
    }
    if (out.length > 0) yield out;
  }
  if (cols === undefined) {
    yield [
      issue('row:1', `${context.fileName}: empty file, expected a ${spec.fileName} header`, null, 'error'),
    ];
  } else if (rows === 0) {
    yield [issue('row:2', `${context.fileName}: header only, no rows`, null, 'warning')];
  }
}
