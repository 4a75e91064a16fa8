import { readFile } from 'node:fs/promises';
import { suggestMapping } from '@dragnet/core/parsers/bank-table/suggest-mapping.ts';
import { UserError } from './user-error.ts';

/** `dragnet ingest --suggest-mapping FILE`: a starting column mapping for a tabular statement. */
export async function suggestMappingForFile(path: string): Promise<unknown> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new UserError(`cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      file: path,
    });
  }
  return suggestMapping(bytes, path.split(/[\\/]/).pop() ?? '');
}
