import { pageKind } from './lists.ts';

/**
 * A page of a Telegram Desktop HTML export: the exporter's fixed skeleton (`div.page_wrap`, a chat page
 * body, message blocks with `class="message default clearfix"` or `class="message service"`), or a full-account
 * export's list page (`div.page_body.list_page`: `lists/contacts.html`, `lists/chats.html` …) or summary
 * (`div.personal_info`: `export_results.html`).
 */
export function detectTelegramHtml(head: Uint8Array, fileName: string): number {
  const t = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 65536));
  if (!/<html/i.test(t) && !/<div class="page_wrap">/.test(t)) return 0;
  if (!t.includes('<div class="page_wrap">')) return 0;
  // The same markers the parser reads a page's kind by.
  const kind = pageKind(t);
  if (kind === 'chat') return 0.95;
  if (kind !== null) return 0.9;
  return /messages\d*\.html$/i.test(fileName) ? 0.8 : 0;
}
