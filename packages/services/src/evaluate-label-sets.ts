import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { type ChatRow, evaluateChats } from '@dragnet/core/labels/evaluate-chats.ts';
import { type LabelScore, labelScores } from '@dragnet/core/labels/evaluate-labels.ts';
import { CHAT_CONTEXT_VERSION } from '@dragnet/core/labels/label-chat.ts';
import { labelMessage } from '@dragnet/core/labels/label-message.ts';
import { LEXICON_VERSION } from '@dragnet/core/labels/lexicon.ts';
import { MESSAGE_LABELS, type MessageLabel } from '@dragnet/core/model/tables.ts';
import { parseCsvText } from '@dragnet/core/text/read-csv-records.ts';
import { UserError } from './user-error.ts';

/**
 * Scores the message labeller on sets a user labelled (docs/labels.md, "Evaluating on your own messages"): JSON Lines
 * (`{"text": …, "labels": [...], "chat": …, "from": …, "replyTo": …}`, the testdata sets' form) or CSV with a header
 * naming `text` and `labels` (labels split on `|`, `;`, `,` or spaces) and optionally `chat`, `from`, `reply_to`,
 * `time`. Each file is read as one phone's export. Rows that name their chat are also scored with it (the chat
 * context, as an ingest gives it: `evaluateChats`); rows that do not are scored alone.
 */
export interface LabelSetEvaluation {
  lexiconVersion: string;
  contextVersion: string;
  files: Array<{ path: string; rows: number; chats: number }>;
  rows: number;
  /** Rows that name a chat (scored with it too). */
  chatRows: number;
  /** Per label: the message alone, and with its chat (null when no row names one). */
  scores: Array<{ label: MessageLabel; alone: LabelScore; withChat: LabelScore | null }>;
  /**
   * With `by`: the same scores (with the chat where the rows name one) per group of rows — per language (`lang`, the
   * rows' `lang` field or column; `-` where a row names none), or per what the row's label needs (`ctx`: `text` for rows
   * marked `"ctx": false` or unmarked, `chat` for `"ctx": true`). Groups by falling row count.
   */
  groups: Array<{ key: string; rows: number; scores: Array<{ label: MessageLabel; score: LabelScore }> }>;
  /** Up to `errors` wrong rows per label and kind (with the chat where the rows name one), in file order. */
  errors: Array<{
    path: string;
    line: number;
    label: MessageLabel;
    kind: 'missed' | 'false';
    text: string;
    expected: MessageLabel[];
    got: MessageLabel[];
  }>;
}

const LABELS: readonly MessageLabel[] = MESSAGE_LABELS;

interface Row extends ChatRow {
  line: number;
}

/** Reads and scores the sets (`errors`: how many wrong rows per label and kind to return; default 0). */
export async function evaluateLabelSets(
  paths: readonly string[],
  options: { errors?: number; by?: 'lang' | 'ctx' } = {},
): Promise<LabelSetEvaluation> {
  if (paths.length === 0) throw new UserError('no labelled set given');
  const files: LabelSetEvaluation['files'] = [];
  const scored: Array<{ path: string; row: Row; alone: MessageLabel[]; withChat: MessageLabel[] | null }> =
    [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      throw new UserError(`cannot read the set: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
        file: path,
      });
    }
    const rows = extname(path).toLowerCase() === '.csv' ? csvRows(text, path) : jsonlRows(text, path);
    if (rows.length === 0) throw new UserError('no labelled rows in the set', { file: path });
    // Rows in a chat are labelled once, by the chat's reading (its `own` labels are the message's alone).
    const inChats = rows.filter((r) => r.chat !== '');
    const read = new Map<Row, { own: MessageLabel[]; got: MessageLabel[] }>();
    if (inChats.length > 0) for (const r of evaluateChats(inChats).rows) read.set(r.row as Row, r);
    for (const row of rows) {
      const r = read.get(row);
      scored.push({
        path,
        row,
        alone: r?.own ?? labelMessage(row.text).map((h) => h.label),
        withChat: r?.got ?? null,
      });
    }
    files.push({ path, rows: rows.length, chats: new Set(inChats.map((r) => r.chat)).size });
  }
  const chatRows = scored.filter((s) => s.withChat !== null).length;
  const alone = labelScores(scored.map((s) => ({ expected: s.row.labels, got: s.alone })));
  const withChat =
    chatRows > 0
      ? labelScores(scored.map((s) => ({ expected: s.row.labels, got: s.withChat ?? s.alone })))
      : null;
  const errors: LabelSetEvaluation['errors'] = [];
  const limit = options.errors ?? 0;
  if (limit > 0)
    for (const label of LABELS)
      for (const kind of ['missed', 'false'] as const) {
        let n = 0;
        for (const s of scored) {
          if (n >= limit) break;
          const got = s.withChat ?? s.alone;
          const e = s.row.labels.includes(label);
          const g = got.includes(label);
          if (kind === 'missed' ? e && !g : g && !e) {
            n++;
            errors.push({
              path: s.path,
              line: s.row.line,
              label,
              kind,
              text: s.row.text,
              expected: s.row.labels,
              got,
            });
          }
        }
      }
  const groups: LabelSetEvaluation['groups'] = [];
  if (options.by) {
    const keyOf = (r: Row): string =>
      // A `declined` row's label is the chat's by definition (`chat-49`), as evaluateChats groups it.
      options.by === 'lang' ? (r.lang ?? '-') : r.ctx === true || r.declined === true ? 'chat' : 'text';
    const by = new Map<string, typeof scored>();
    for (const s of scored) {
      const k = keyOf(s.row);
      const list = by.get(k);
      if (list) list.push(s);
      else by.set(k, [s]);
    }
    for (const [key, list] of [...by].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
      const sc = labelScores(list.map((s) => ({ expected: s.row.labels, got: s.withChat ?? s.alone })));
      groups.push({ key, rows: list.length, scores: LABELS.map((label, i) => ({ label, score: sc[i]! })) });
    }
  }
  return {
    lexiconVersion: LEXICON_VERSION,
    contextVersion: CHAT_CONTEXT_VERSION,
    files,
    rows: scored.length,
    chatRows,
    scores: LABELS.map((label, i) => ({ label, alone: alone[i]!, withChat: withChat?.[i] ?? null })),
    groups,
    errors,
  };
}

function labelsOf(value: unknown, path: string, line: number): MessageLabel[] {
  const list = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(/[|;,\s]+/).filter((x) => x !== '')
      : null;
  if (list === null) throw new UserError('`labels` must be a list of labels', { file: path, line });
  const out: MessageLabel[] = [];
  for (const l of list) {
    if (typeof l !== 'string' || !LABELS.includes(l as MessageLabel))
      throw new UserError(`unknown label ${JSON.stringify(l)} (one of ${LABELS.join(', ')})`, {
        file: path,
        line,
      });
    if (!out.includes(l as MessageLabel)) out.push(l as MessageLabel);
  }
  return out;
}

const idOf = (v: unknown): string | null => (v == null || v === '' ? null : String(v));

/** A yes/no field: JSON's boolean, or a CSV cell `true`/`false`, `1`/`0`, `yes`/`no` (any case); else undefined. */
function flag(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return undefined;
  const t = v.trim().toLowerCase();
  return t === 'true' || t === '1' || t === 'yes'
    ? true
    : t === 'false' || t === '0' || t === 'no'
      ? false
      : undefined;
}

function jsonlRows(text: string, path: string): Row[] {
  const rows: Row[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '' || raw.startsWith('{"_meta"')) continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(raw) as Record<string, unknown>;
    } catch (e) {
      throw new UserError(`not valid JSON: ${(e as Error).message}`, { file: path, line: i + 1 });
    }
    if (o === null || typeof o !== 'object' || Array.isArray(o))
      throw new UserError('a row must be a JSON object', { file: path, line: i + 1 });
    if (typeof o['text'] !== 'string') throw new UserError('a row needs `text`', { file: path, line: i + 1 });
    rows.push(row(o['text'], labelsOf(o['labels'] ?? [], path, i + 1), o, i + 1));
  }
  return rows;
}

function csvRows(text: string, path: string): Row[] {
  const records = parseCsvText(text.replace(/^\uFEFF/, ''));
  const header = records[0];
  if (!header) return [];
  const col = new Map(header.fields.map((f, i) => [f.trim().toLowerCase(), i]));
  if (!col.has('text') || !col.has('labels'))
    throw new UserError('the header must name `text` and `labels` columns', {
      file: path,
      line: header.line,
    });
  const rows: Row[] = [];
  for (const r of records.slice(1)) {
    if (r.error) throw new UserError(r.error, { file: path, line: r.line });
    const get = (name: string): string | undefined => {
      const i = col.get(name);
      return i === undefined ? undefined : r.fields[i];
    };
    const o = {
      chat: get('chat'),
      from: get('from'),
      replyTo: get('reply_to'),
      time: get('time'),
      lang: get('lang'),
      ctx: get('ctx'),
    };
    rows.push(row(get('text') ?? '', labelsOf(get('labels') ?? '', path, r.line), o, r.line));
  }
  return rows;
}

function row(text: string, labels: MessageLabel[], o: Record<string, unknown>, line: number): Row {
  const replyTo = idOf(o['replyTo']);
  const time = idOf(o['time']);
  return {
    line,
    text,
    labels,
    chat: idOf(o['chat']) ?? '',
    from: idOf(o['from']),
    ...(replyTo !== null ? { replyTo } : {}),
    ...(time !== null ? { time } : {}),
    ...(flag(o['ctx']) !== undefined ? { ctx: flag(o['ctx'])! } : {}),
    ...(o['declined'] === true ? { declined: true } : {}),
    ...(typeof o['lang'] === 'string' && o['lang'].trim() !== '' ? { lang: o['lang'].trim() } : {}),
  };
}
