/**
 * A page of a Telegram Desktop HTML export: the exporter's fixed skeleton (`div.page_wrap`, a chat page
 * body, message blocks with `class="message default clearfix"` or `class="message service"`), or a full-account
 * export's list page (`div.page_body.list_page`: `lists/contacts.html`, `lists/chats.html` …) or summary
 * (`div.personal_info`: `export_results.html`).
 */
export function detectTelegramHtml(head: Uint8Array, fileName: string): number {
  const t = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 65536));
  if (!/<html/i.test(t) && !/<div class="page_wrap">/.test(t)) return 0;
  const wrap = t.includes('<div class="page_wrap">');
  const chat = t.includes('page_body chat_page') || /class="message (default|service)/.test(t);
  if (wrap && chat) return 0.95;
  if (wrap && (t.includes('page_body list_page') || /class="[^"]*\bpersonal_info\b/.test(t))) return 0.9;
  if (wrap && /messages\d*\.html$/i.test(fileName)) return 0.8;
  return 0;
}
