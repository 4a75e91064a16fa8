import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { extractIdentifiers } from '../../extract/index.ts';
import type { ParseItem } from '../parser.ts';
import { parseTelegramJson } from './parse.ts';
import { goldenAccountExport, goldenExport, identifierLines } from './testdata/golden-export.ts';

/**
 * Byte-for-byte output of the parser and the extractor on a large, varied input, pinned as hashes: the
 * speed work on the JSON walker, text flattening and extraction must not change one record. A change that
 * is meant to change output updates the hashes below in the same commit, with the reason.
 *
 * `message_labels` is left out: the labeller (labels/) is versioned and retrained on its own; its input
 * from here (text and the validated payment identifiers) is covered by `messages` and `mentions`.
 */
const TEXT_FIXTURES = new URL(
  '../../../../../../shared/fixtures/third-party/telegram-text/',
  import.meta.url,
);

async function texts(): Promise<string[]> {
  const fs = await import('node:fs/promises');
  const out: string[] = [];
  for (const f of ['tgspam_data_ham-samples.txt', 'tgspam_data_spam-samples.txt']) {
    for (const line of (await fs.readFile(new URL(f, TEXT_FIXTURES), 'utf8')).split('\n'))
      if (line.trim() !== '') out.push(line.replace(/\\n/g, '\n'));
  }
  // Interleaved so that identifiers sit among ordinary chat, as in an export.
  const ids = identifierLines(out.length);
  return out.flatMap((t, i) => [t, ids[i]!]);
}

async function* chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** sha256 per table (and `issue`) of the items as JSON lines, plus the item counts. */
async function digest(text: string, size: number): Promise<Record<string, string>> {
  const enc = new TextEncoder();
  const lines = new Map<string, string[]>();
  const items: ParseItem[] = [];
  for await (const it of parseTelegramJson(chunked(enc.encode(text), size), {
    evidenceId: 'ev1',
    fileName: 'result.json',
  }))
    items.push(it);
  for (const it of items) {
    const key = it.kind === 'record' ? it.record.table : 'issue';
    if (key === 'message_labels') continue;
    let l = lines.get(key);
    if (!l) lines.set(key, (l = []));
    l.push(JSON.stringify(it));
  }
  const out: Record<string, string> = {};
  for (const [k, l] of [...lines].sort(([a], [b]) => a.localeCompare(b)))
    out[k] = `${l.length} ${bytesToHex(sha256(enc.encode(l.join('\n')))).slice(0, 16)}`;
  return out;
}

// Pretty and minified are the same export: the same records. Their issues differ only in the lines they name
// (a message's issues end with "(line N)", and a minified export is one line). Issues 136 → 119 and 141 → 123
// (fix/dates): a message whose date is unreadable gives one quarantine naming the date, where it gave a warning plus
// a quarantine; no record changed.
// Messages, mentions and issues last changed when a message whose `text_entities` do not spell its `text` (the
// export's every 67th message, `[{type: 'plain'}, 'x']`) began to keep its `text` (and the identifiers in it) with a
// warning saying the two differ, where it stored the entities' `x`.
// Extract last changed when an onion failing its checksum lost its identifier (extract: null). Mentions last changed
// when link entities began to yield what the same URL written as text yields (map-link points, WhatsApp phones,
// addresses in explorer `text_link`s; `onion` checksum-verified instead of `url`), and a shorter link the text pass
// read inside a `link` entity (`www.…` glued to a word) stopped doubling it.
// Extract and mentions last changed (fix/extract2) when a v2 onion (16 characters, no checksum) became unverified
// (`unverified:onion:…`, validated false): the only difference in these texts (`bbbbbbbbbbbbbbbb.onion`).
// Memberships last changed (fix/links) when `invite_members` stopped making the inviter a member: 75 → 67 and
// 158 → 152 rows, nothing else.
// issue last changed (thirty-third session): a "text" that is a number beside text_entities is now a warning (15 messages).
// tg_users last changed (fix/prof) when a `mention_name` stopped giving the mentioned user its text as display name.
const CHAT = {
  chats: '1 e5eda70583b2834e',
  memberships: '67 fb1ff80321df71d1',
  mentions: '1230 7320dd59efc46eff',
  messages: '1206 1cb5083b38157fb7',
  tg_users: '1004 37694a17312ca5f4',
};
const EXPECTED: Record<string, Record<string, string>> = {
  pretty: { ...CHAT, issue: '133 90594a3ba4805c58' },
  minified: { ...CHAT, issue: '133 3de8f815e2fdd509' },
  // Its private chats' message ids name the account (`u<personal_information.user_id>:<id>`, since parser 1.3.0).
  // Chats, memberships, mentions, messages and issues last changed (parser 1.4.0) when its private chat came to be
  // named by its two sides (`tg:chat:<owner>_<other>`): the same counts, only that chat id differs.
  'full account': {
    chats: '3 240ce871bee9fda4',
    issue: '135 e93ad9e0b8ffa1cc',
    memberships: '152 8bd77d5ff86cfc66',
    mentions: '1206 8c009aed6dc71b8f',
    messages: '1204 01935acb335d5692',
    tg_users: '986 db0deceb85d690f8',
  },
  extract: { hash: 'f6d92b03f0b29637' },
};

describe('telegram-json: records pinned by hash', () => {
  it.each([
    ['pretty', (t: string[]) => goldenExport(t, { pretty: true })],
    ['minified', (t: string[]) => goldenExport(t, { pretty: false })],
    ['full account', (t: string[]) => goldenAccountExport(t)],
  ] as const)('%s export: same records as pinned, whatever the chunk size', async (name, make) => {
    const text = make(await texts());
    const whole = await digest(text, 1 << 20);
    expect(whole).toEqual(EXPECTED[name]);
    // Values straddling chunk borders everywhere must not change a byte.
    expect(await digest(text, 4093)).toEqual(whole);
    expect(await digest(text, 509)).toEqual(whole);
  });

  it('a syntax error half-way: the same records before it and the same error, whatever the chunk size', async () => {
    const text = goldenExport(await texts(), { pretty: true });
    const at = text.indexOf('\n  },\n', text.length >> 1);
    const broken = `${text.slice(0, at)}\n  } x,${text.slice(at + 5)}`;
    const whole = await digest(broken, 1 << 20);
    expect(await digest(broken, 4093)).toEqual(whole);
    expect(await digest(broken, 61)).toEqual(whole);
    expect(whole.issue).not.toEqual(EXPECTED.pretty?.issue);
    expect(Number.parseInt(whole.messages ?? '0', 10)).toBeGreaterThan(400);
    expect(Number.parseInt(whole.messages ?? '0', 10)).toBeLessThan(800);
  });

  it('extractIdentifiers over the same texts: pinned', async () => {
    const enc = new TextEncoder();
    const all = (await texts()).map((t) => JSON.stringify(extractIdentifiers(t))).join('\n');
    expect(bytesToHex(sha256(enc.encode(all))).slice(0, 16)).toBe(EXPECTED.extract?.hash);
  });
});
