import { describe, expect, it } from 'vitest';
import { htmlCoveredByJson, htmlTitle } from './same-export.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const page = (title: string) =>
  enc(
    `<!DOCTYPE html><html><body><div class="page_wrap"><div class="page_header"><div class="content"><div class="text bold">\n ${title}\n</div></div></div><div class="page_body chat_page"><div class="history"></div></div></div></body></html>`,
  );
const json = (o: Record<string, unknown>) => enc(JSON.stringify(o, null, 1));
const html = (path: string, title: string) => ({ path, format: 'telegram-html', head: page(title) });

describe('Telegram "HTML and JSON" exports', () => {
  it('reads the chat title of an HTML page as the parser stores it (entities decoded, trimmed)', () => {
    expect(htmlTitle(page('Tom &amp; Jerry &lt;3'))).toBe('Tom & Jerry <3');
    expect(htmlTitle(page('<span>Вложенный</span> заголовок'))).toBe('Вложенный заголовок');
    expect(htmlTitle(enc('<div class="page_wrap"><div class="page_body list_page">'))).toBeUndefined();
  });

  it('a single-chat JSON covers its own folder’s pages of its chat only', () => {
    const covered = htmlCoveredByJson([
      {
        path: '/ev/p1/Export/result.json',
        format: 'telegram-json',
        head: json({ name: 'Shop', type: 'public_channel', id: 5 }),
      },
      html('/ev/p1/Export/messages.html', 'Shop'),
      html('/ev/p1/Export/messages2.html', 'Shop'),
      // Another chat's page in the same folder, and the same title in another folder: not covered.
      html('/ev/p1/Export/messages3.html', 'Other'),
      html('/ev/p1/Export2/messages.html', 'Shop'),
      html('/ev/p1/Export/sub/messages.html', 'Shop'),
    ]);
    expect([...covered.keys()]).toEqual(['/ev/p1/Export/messages.html', '/ev/p1/Export/messages2.html']);
    expect(covered.get('/ev/p1/Export/messages.html')).toMatch(
      /result\.json in the same folder holds the same chat \("Shop"\)/,
    );
  });

  it('Saved Messages (no name) covers its folder’s pages; Windows separators are read', () => {
    const covered = htmlCoveredByJson([
      {
        path: 'C:\\ev\\Saved\\result.json',
        format: 'telegram-json',
        head: json({ type: 'saved_messages', id: 1 }),
      },
      html('C:\\ev\\Saved\\messages.html', 'Saved Messages'),
    ]);
    expect([...covered.keys()]).toEqual(['C:\\ev\\Saved\\messages.html']);
  });

  it('a full-account JSON covers the pages its export writes below it, nothing else', () => {
    const covered = htmlCoveredByJson([
      {
        path: '/ev/DataExport/result.json',
        format: 'telegram-json',
        head: json({ about: 'Here is the data you requested', personal_information: {} }),
      },
      html('/ev/DataExport/chats/chat_001/messages.html', 'A'),
      html('/ev/DataExport/chats/chat_001/messages12.html', 'A'),
      html('/ev/DataExport/lists/contacts.html', ''),
      html('/ev/DataExport/export_results.html', ''),
      html('/ev/DataExport/extra/messages.html', 'B'),
      html('/ev/Other/chats/chat_001/messages.html', 'A'),
    ]);
    expect([...covered.keys()].sort()).toEqual([
      '/ev/DataExport/chats/chat_001/messages.html',
      '/ev/DataExport/chats/chat_001/messages12.html',
      '/ev/DataExport/export_results.html',
      '/ev/DataExport/lists/contacts.html',
    ]);
  });

  it('no JSON, or JSON that is no export start: nothing is covered', () => {
    expect(htmlCoveredByJson([html('/a/messages.html', 'X')]).size).toBe(0);
    expect(
      htmlCoveredByJson([
        {
          path: '/a/result.json',
          format: 'telegram-json',
          head: json({ type: 'personal_chat', id: 1, name: 'Y' }),
        },
        html('/a/messages.html', 'X'),
      ]).size,
    ).toBe(0);
  });
});
