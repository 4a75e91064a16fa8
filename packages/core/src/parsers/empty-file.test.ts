import { describe, expect, it } from 'vitest';
import { emptyFileReason, isEmptyFile } from './empty-file.ts';
import type { ParseContext } from './parser.ts';
import { readJsonDocument } from './read-json-document.ts';

const enc = new TextEncoder();

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  if (bytes.length) yield bytes;
}

describe('empty files (docs/cli.md, "Exit status")', () => {
  it('no byte, or only whitespace and a byte-order mark, is an empty file; anything else is not', () => {
    expect(isEmptyFile(new Uint8Array(0))).toBe(true);
    expect(isEmptyFile(enc.encode(' \t\r\n'))).toBe(true);
    expect(isEmptyFile(new Uint8Array([0xef, 0xbb, 0xbf, 0x0a]))).toBe(true);
    expect(isEmptyFile(enc.encode('\n{}'))).toBe(false);
    expect(isEmptyFile(new Uint8Array([0]))).toBe(false);
    // A byte-order mark counts at the start only.
    expect(isEmptyFile(new Uint8Array([0x20, 0xef, 0xbb, 0xbf]))).toBe(false);
    expect(emptyFileReason(0)).toBe('empty file (0 bytes)');
    expect(emptyFileReason(1)).toBe('empty file (1 byte, only whitespace)');
    expect(emptyFileReason(5)).toBe('empty file (5 bytes, only whitespace)');
  });

  it('an explorer JSON document that is empty says so, not that JSON ended before it began', async () => {
    const ctx: ParseContext = { evidenceId: 'ev1', fileName: 'response.json' };
    const hints = { splitHint: 'split it', source: 'response' };
    for (const [bytes, reason] of [
      [new Uint8Array(0), 'response.json: empty file (0 bytes)'],
      [enc.encode('\n \n'), 'response.json: empty file (3 bytes, only whitespace)'],
    ] as const) {
      expect(await readJsonDocument(once(bytes), ctx, hints)).toEqual({
        ok: false,
        issue: {
          kind: 'issue',
          issue: { evidenceId: 'ev1', locator: 'file', severity: 'error', reason, raw: null },
        },
      });
    }
    const broken = await readJsonDocument(once(enc.encode('{')), ctx, hints);
    expect(broken.ok ? '' : broken.issue.kind === 'issue' && broken.issue.issue.reason).toMatch(
      /not valid JSON/,
    );
  });
});
