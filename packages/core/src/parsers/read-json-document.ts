import { readAllText } from '../text/index.ts';
import { emptyFileReason } from './empty-file.ts';
import { issueFor, type ParseContext, type ParseItem } from './parser.ts';

/**
 * Reads a whole API response (explorer JSON dumps are small pages) and parses it. On failure returns the
 * file-level issue to yield: too large (`splitHint` says how to split it), empty (no byte, or only whitespace) or
 * not JSON (`source` names what to re-download).
 */
export async function readJsonDocument(
  chunks: AsyncIterable<Uint8Array>,
  context: ParseContext,
  hints: { splitHint: string; source: string },
): Promise<{ ok: true; doc: unknown } | { ok: false; issue: ParseItem }> {
  const issue = issueFor(context.evidenceId);
  let bytes = 0;
  async function* counted(): AsyncIterable<Uint8Array> {
    for await (const c of chunks) {
      bytes += c.byteLength;
      yield c;
    }
  }
  const text = await readAllText(counted());
  if (text === undefined) {
    return {
      ok: false,
      issue: issue('file', 'error', `${context.fileName}: larger than 256 MiB; ${hints.splitHint}`),
    };
  }
  // Said as every way into a case says it (empty-file.ts), not as JSON that ends before it starts.
  if (/^[\uFEFF \t\r\n]*$/.test(text))
    return { ok: false, issue: issue('file', 'error', `${context.fileName}: ${emptyFileReason(bytes)}`) };
  try {
    return { ok: true, doc: JSON.parse(text) as unknown };
  } catch (e) {
    return {
      ok: false,
      issue: issue(
        'file',
        'error',
        `${context.fileName}: not valid JSON (${(e as Error).message}); re-download the ${hints.source}`,
      ),
    };
  }
}
