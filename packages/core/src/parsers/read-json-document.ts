import { readAllText } from '../text/index.ts';
import { issueFor, type ParseContext, type ParseItem } from './parser.ts';

/**
 * Reads a whole API response (explorer JSON dumps are small pages) and parses it. On failure returns the
 * file-level issue to yield: too large (`splitHint` says how to split it) or not JSON (`source` names what
 * to re-download).
 */
export async function readJsonDocument(
  chunks: AsyncIterable<Uint8Array>,
  context: ParseContext,
  hints: { splitHint: string; source: string },
): Promise<{ ok: true; doc: unknown } | { ok: false; issue: ParseItem }> {
  const issue = issueFor(context.evidenceId);
  const text = await readAllText(chunks);
  if (text === undefined) {
    return {
      ok: false,
      issue: issue('file', 'error', `${context.fileName}: larger than 256 MiB; ${hints.splitHint}`),
    };
  }
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
