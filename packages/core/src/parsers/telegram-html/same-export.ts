import { Parser } from 'htmlparser2';

/**
 * Telegram Desktop's "HTML and JSON" export writes one export twice into one folder: `result.json` and the HTML pages
 * (`messages.html`, `messages2.html` … of a chat export; `chats/chat_N/messages*.html`, `lists/*.html` and
 * `export_results.html` beside a full-account `result.json`). Ingesting both would store every message twice under two
 * chat ids (HTML carries none). The JSON holds everything the HTML does and more (ids, exact instants, edits, typed
 * entities), so the HTML pages of such a pair are left out, each with the reason.
 *
 * A single-chat JSON covers the HTML pages in its own folder whose chat title is the JSON's `name` (a Saved Messages
 * export has no `name`: it covers its folder's pages whatever their title). A full-account JSON covers the pages at
 * the places that export writes them, below its folder. Pages of another chat, or in other folders, are not touched.
 */
export interface ExportFile {
  /** The file's path (absolute or relative to one root; `/` or `\` separators). */
  path: string;
  format: string;
  /** The start of the file (what format detection read). */
  head: Uint8Array;
}

/** Path of each HTML page the JSON of its export covers → the reason it is not ingested. */
export function htmlCoveredByJson(files: readonly ExportFile[]): Map<string, string> {
  const out = new Map<string, string>();
  const jsons = files.filter((f) => f.format === 'telegram-json');
  if (jsons.length === 0) return out;
  const pages = files.filter((f) => f.format === 'telegram-html');
  if (pages.length === 0) return out;
  const covers = jsons.map((j) => ({ dir: dirOf(j.path), name: baseOf(j.path), ...jsonExport(j.head) }));
  for (const page of pages) {
    const path = slashes(page.path);
    for (const j of covers) {
      if (!path.startsWith(`${j.dir}/`)) continue;
      const rel = path.slice(j.dir.length + 1);
      if (j.full) {
        if (/^(?:chats\/chat_\d+\/messages\d*\.html|lists\/[^/]+\.html|export_results\.html)$/i.test(rel)) {
          out.set(
            page.path,
            `the full-account export's ${j.name} beside it holds the same data (HTML and JSON of one export; the JSON is ingested)`,
          );
          break;
        }
        continue;
      }
      if (rel.includes('/') || (!j.saved && j.title === undefined)) continue;
      if (j.saved || htmlTitle(page.head) === j.title) {
        out.set(
          page.path,
          `${j.name} in the same folder holds the same chat${j.title ? ` (${JSON.stringify(j.title)})` : ''} (HTML and JSON of one export; the JSON is ingested)`,
        );
        break;
      }
    }
  }
  return out;
}

function slashes(p: string): string {
  return p.replace(/\\/g, '/');
}

function dirOf(p: string): string {
  const s = slashes(p);
  const i = s.lastIndexOf('/');
  return i < 0 ? '' : s.slice(0, i);
}

function baseOf(p: string): string {
  const s = slashes(p);
  return s.slice(s.lastIndexOf('/') + 1);
}

/**
 * What a Telegram JSON export's start says of it: a full-account export (its `about` line or an account section
 * before `chats`), Saved Messages (no `name`), or a chat export with its `name`.
 */
function jsonExport(head: Uint8Array): { full: boolean; saved?: boolean; title?: string } {
  const t = new TextDecoder('utf-8', { fatal: false }).decode(head);
  if (/^\s*\{\s*"about"\s*:/.test(t) || /"personal_information"\s*:\s*\{/.test(t)) return { full: true };
  // The chat's own keys stand before its `messages`.
  const cut = t.indexOf('"messages"');
  const top = cut < 0 ? t : t.slice(0, cut);
  if (/"type"\s*:\s*"saved_messages"/.test(top)) return { full: false, saved: true };
  const m = /"name"\s*:\s*("(?:[^"\\\n]|\\.)*")/.exec(top);
  if (!m) return { full: false };
  try {
    const name = JSON.parse(m[1]!) as unknown;
    return typeof name === 'string' ? { full: false, title: name } : { full: false };
  } catch {
    return { full: false };
  }
}

/**
 * The chat title of an HTML chat page (`div.page_header div.text.bold`), entities decoded and trimmed as the parser
 * stores it; undefined when the start of the page shows none (a list page, or no header yet).
 */
export function htmlTitle(head: Uint8Array): string | undefined {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  const stack: string[] = [];
  let title = '';
  let done: string | undefined;
  const parser = new Parser(
    {
      onopentag(tag, attrs) {
        if (done !== undefined) return;
        const cls = ` ${attrs.class ?? ''} `;
        const parent = stack[stack.length - 1];
        if (tag === 'div' && cls.includes(' page_header ')) stack.push('header');
        else if (
          tag === 'div' &&
          cls.includes(' text ') &&
          cls.includes(' bold ') &&
          stack.includes('header')
        )
          stack.push('title');
        else stack.push(parent === 'title' ? 'title' : parent === 'header' ? 'header' : '');
      },
      ontext(t) {
        if (done === undefined && stack[stack.length - 1] === 'title') title += t;
      },
      onclosetag() {
        if (done !== undefined) return;
        const role = stack.pop();
        if (role === 'title' && stack[stack.length - 1] !== 'title') done = title.trim();
      },
    },
    { decodeEntities: true },
  );
  parser.write(text);
  parser.end();
  return done;
}
