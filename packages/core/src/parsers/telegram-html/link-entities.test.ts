import { describe, expect, it } from 'vitest';
import type { MentionRow } from '../../model/tables.ts';
import type { ParseItem } from '../parser.ts';
import { parseTelegramHtml } from './parse.ts';

/** HTML exports write every URL as `<a href>`: it yields what the same URL written as text would. */
const enc = new TextEncoder();

const page = (texts: string[]) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"/></head><body><div class="page_wrap"><div class="page_header"><div class="content"><div class="text bold">\nT \n</div></div></div><div class="page_body chat_page"><div class="history">${texts
    .map(
      (t, i) =>
        `<div class="message default clearfix" id="message${i + 1}"><div class="body"><div class="pull_right date details" title="21.03.2024 14:01:59 UTC+05:00">\n14:01\n</div><div class="from_name">\nA \n</div><div class="text">\n${t}\n</div></div></div>`,
    )
    .join('')}</div></div></div></body></html>`;

async function mentions(html: string): Promise<MentionRow[]> {
  const out: ParseItem[] = [];
  async function* one() {
    yield enc.encode(html);
  }
  for await (const it of parseTelegramHtml(one(), { evidenceId: 'ev', fileName: 'messages.html' }))
    out.push(it);
  return out.flatMap((i) => (i.kind === 'record' && i.record.table === 'mentions' ? [i.record.row] : []));
}

describe('telegram-html: identifiers inside <a href>', () => {
  it('a Yandex map link, written out or behind a word, gives its point with the link as source', async () => {
    const url = 'https://yandex.kz/maps/?pt=69.5868,42.3175&z=18';
    const href = url.replace('&', '&amp;');
    const ms = await mentions(
      page([
        `Готово: <a href="${href}">${href}</a> прикоп 5 см`,
        `Готово: <a href="${href}">тут</a>`,
        `пиши <a href="https://wa.me/77011234567">мне</a>`,
      ]),
    );
    expect(ms.map((m) => [m.messageId, m.kind, m.identifier, m.start, m.end, m.source])).toEqual([
      ['1', 'url', url, 8, 8 + url.length, 'entity'],
      ['1', 'coordinates', 'geo:42.317500,69.586800', 8, 8 + url.length, 'entity'],
      ['2', 'url', url, 8, 11, 'entity'],
      ['2', 'coordinates', 'geo:42.317500,69.586800', 8, 11, 'entity'],
      ['3', 'url', 'https://wa.me/77011234567', 5, 8, 'entity'],
      ['3', 'phone', 'phone:+77011234567', 5, 8, 'entity'],
    ]);
  });
});
