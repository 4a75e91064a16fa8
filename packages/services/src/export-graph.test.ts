import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedRecord } from '@dragnet/core/model/tables.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { exportCase, xmlEscape } from './export-case.ts';
import { memoryCase } from './test-support/memory-case.ts';

const dirs: string[] = [];
async function temp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'dragnet-graph-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

let n = 0;
/** A row of `table` from evidence `ev`, with a locator of its own. */
const rec = (table: string, row: Record<string, unknown>): ParsedRecord =>
  ({ table, row: { evidenceId: 'ev', locator: `${table}:${++n}`, ...row } }) as unknown as ParsedRecord;

/** XML 1.0 `Char`, written out here apart from the exporter's own definition. */
const NOT_XML_1_0 = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

/** The text of an attribute or element as an XML reader gives it back (the exporter's escapes only). */
const xmlUnescape = (s: string) =>
  s.replace(/&#(\d+);|&(amp|lt|gt|quot|apos);/g, (_, n: string | undefined, name: string | undefined) =>
    n
      ? String.fromCodePoint(Number(n))
      : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[name!]!,
  );

async function exportText(store: Awaited<ReturnType<typeof memoryCase>>, format: 'graphml' | 'gexf') {
  const out = join(await temp(), `case.${format}`);
  await exportCase(store, format, out);
  // A lone surrogate would reach the file as U+FFFD anyway: read the bytes strictly.
  return new TextDecoder('utf-8', { fatal: true }).decode(await readFile(out));
}

describe('graph exports are well-formed XML whatever the evidence text holds', () => {
  // U+FFFE and U+FFFF (noncharacters XML 1.0 forbids), NUL, ESC, a CDATA end, markup, a lone surrogate, a line break.
  const HOSTILE = 'Shop\ufffe\uffff\u0000\u001b]]><&"\'\ud800 end\n2\ud83d\ude00';
  const SEEN = 'Shop\ufffd\ufffd\ufffd\ufffd]]><&"\'\ufffd end\n2\ud83d\ude00';

  it('xmlEscape replaces every character outside the XML 1.0 Char production and escapes markup', () => {
    const all = Array.from({ length: 0x10000 }, (_, i) => String.fromCharCode(i)).join('');
    const escaped = xmlEscape(all);
    expect(NOT_XML_1_0.test(escaped)).toBe(false);
    expect(escaped).not.toMatch(/[<>"'\t\n\r]|&(?!#\d+;)/);
    expect(xmlUnescape(xmlEscape(HOSTILE))).toBe(SEEN);
    // A character astral planes need (two code units) is kept whole.
    expect(xmlEscape('\ud83d\ude00')).toBe('\ud83d\ude00');
  });

  it.each(['graphml', 'gexf'] as const)('%s: a hostile chat title and user name', async (format) => {
    const store = await memoryCase([
      rec('chats', { chatId: 'tg:chat:1', type: 'supergroup', title: HOSTILE, username: null }),
      rec('tg_users', { userId: 'tg:user:2', username: null, displayName: HOSTILE, phone: null }),
      rec('memberships', { userId: 'tg:user:2', chatId: 'tg:chat:1', role: 'member', timestamp: null }),
    ]);
    const xml = await exportText(store, format);
    const bad = xml.match(NOT_XML_1_0);
    expect(bad, `U+${bad?.[0]?.codePointAt(0)?.toString(16)}`).toBeNull();
    expect(xml).not.toMatch(/&(?!#\d+;|amp;|lt;|gt;|quot;|apos;)/);
    const labels = [
      ...xml.matchAll(
        format === 'graphml' ? /<data key="label">([^<]*)<\/data>/g : /<node id="[^"]*" label="([^"]*)"/g,
      ),
    ].map((m) => xmlUnescape(m[1]!));
    expect(labels).toEqual([SEEN, SEEN]);
  });
});
