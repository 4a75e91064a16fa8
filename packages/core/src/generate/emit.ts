/**
 * What the generator produces: a flat sequence of file operations. The generator stays pure (no I/O); the
 * service that runs it opens, writes (encoding as asked) and atomically renames each file.
 */
export type FileEncoding = 'utf8' | 'cp1251' | 'xlsx';

export type Emit =
  | { op: 'open'; file: string; encoding: FileEncoding; format: string; sheet?: string }
  | { op: 'write'; file: string; text: string }
  | { op: 'row'; file: string; cells: Array<string | number | null> }
  | { op: 'close'; file: string };

export type Sink = (e: Emit) => void;
