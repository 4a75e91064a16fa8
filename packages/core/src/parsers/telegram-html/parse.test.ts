import { describe, expect, it } from 'vitest';
import type { TableName, TableRows } from '../../model/tables.ts';
import type { ParseItem } from '../parser.ts';
import { detectTelegramHtml } from './detect.ts';
import { htmlChatId, parseTelegramHtml } from './parse.ts';

const OWN = new URL('../../../../../../shared/fixtures/own/telegram-html/', import.meta.url);
const enc = new TextEncoder();

async function readText(url: URL): Promise<string> {
  const fs = await import('node:fs/promises');
  return fs.readFile(url, 'utf8');
}

async function* chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function parse(
  html: string,
  fileName = 'messages.html',
  size = 41,
  relativePath?: string,
): Promise<ParseItem[]> {
  const out: ParseItem[] = [];
  const ctx = relativePath ? { evidenceId: 'ev', fileName, relativePath } : { evidenceId: 'ev', fileName };
  for await (const it of parseTelegramHtml(chunked(enc.encode(html), size), ctx)) out.push(it);
  return out;
}

function rows<T extends TableName>(items: ParseItem[], table: T): TableRows[T][] {
  const out: TableRows[T][] = [];
  for (const i of items)
    if (i.kind === 'record' && i.record.table === table) out.push(i.record.row as TableRows[T]);
  return out;
}
const issues = (items: ParseItem[]) => items.flatMap((i) => (i.kind === 'issue' ? [i.issue] : []));

async function pages(size = 41) {
  const p1 = await parse(await readText(new URL('messages.html', OWN)), 'messages.html', size);
  const p2 = await parse(await readText(new URL('messages2.html', OWN)), 'messages2.html', size);
  return { p1, p2 };
}

describe('telegram-html: own two-page fixture', () => {
  it('counts messages and service messages per page; day separators are not messages', async () => {
    const { p1, p2 } = await pages();
    const m1 = rows(p1, 'messages');
    expect(m1.filter((m) => m.action === null)).toHaveLength(9);
    expect(m1.filter((m) => m.action !== null).map((m) => m.action)).toEqual(['create_group', 'pin_message']);
    const m2 = rows(p2, 'messages');
    expect(m2.filter((m) => m.action === null)).toHaveLength(2);
    expect(m2.filter((m) => m.action !== null).map((m) => m.action)).toEqual(['remove_members']);
    expect([...m1, ...m2].some((m) => Number(m.messageId) < 0)).toBe(false);
    expect(issues([...p1, ...p2]).filter((i) => i.severity !== 'warning')).toEqual([]);
  });

  it('joins pages into one chat with an id derived from the title', async () => {
    const { p1, p2 } = await pages();
    const ids = new Set([...rows(p1, 'messages'), ...rows(p2, 'messages')].map((m) => m.chatId));
    expect([...ids]).toEqual([htmlChatId('Example Group')]);
    expect(rows(p1, 'chats')[0]).toMatchObject({
      title: 'Example Group',
      chatId: htmlChatId('Example Group'),
    });
    // Without the folder, a full-account export's chat folder in the relative path keeps same-titled chats apart.
    expect(htmlChatId('Example Group', undefined, 'DataExport/chats/chat_01/messages.html')).not.toBe(
      htmlChatId('Example Group', undefined, 'DataExport/chats/chat_02/messages2.html'),
    );
  });

  it('the folder holding the page is part of the chat id: same-titled chats in two folders never join', async () => {
    const html = await readText(new URL('messages.html', OWN));
    const chatOf = async (folder: string, relativePath?: string) => {
      const out: ParseItem[] = [];
      const ctx = {
        evidenceId: 'ev',
        fileName: 'messages.html',
        folder,
        ...(relativePath ? { relativePath } : {}),
      };
      for await (const it of parseTelegramHtml(chunked(enc.encode(html), 997), ctx)) out.push(it);
      return new Set(
        [...rows(out, 'chats'), ...rows(out, 'messages'), ...rows(out, 'mentions')].map((r) => r.chatId),
      );
    };
    // Two single-chat exports of two groups both titled "Example Group" (ingested as two folders).
    const a = await chatOf('/case/in/ChatExport_2024-04-01');
    const b = await chatOf('/case/in/ChatExport_2024-04-02');
    expect(a.size).toBe(1);
    expect([...a]).not.toEqual([...b]);
    // chats/chat_1 and chats/chat_2 of one full-account export, ingested through its chats/ folder (no chat_N
    // left in the relative path): still two chats.
    const c1 = await chatOf('/in/DataExport/chats/chat_1', 'messages.html');
    const c2 = await chatOf('/in/DataExport/chats/chat_2', 'messages.html');
    expect([...c1]).not.toEqual([...c2]);
    // Pages of one chat lie in one folder: they join, whichever folder they were ingested through.
    expect([...(await chatOf('/in/DataExport/chats/chat_1/', 'chat_1/messages.html'))]).toEqual([...c1]);
  });

  it('joined messages take the previous author; via-bot is split off; forwards keep the original author apart', async () => {
    const { p1, p2 } = await pages();
    const by = new Map([...rows(p1, 'messages'), ...rows(p2, 'messages')].map((m) => [m.messageId, m]));
    expect(by.get('102')?.authorName).toBe('Alice Example');
    expect(by.get('104')?.authorName).toBe('Bob Example');
    expect(by.get('112')?.authorName).toBe('Alice Example');
    expect(by.get('107')).toMatchObject({ authorName: 'Alice Example', viaBot: 'tg:@example_bot' });
    expect(by.get('105')).toMatchObject({
      authorName: 'Alice Example',
      forwardedFrom: 'Example News',
      text: 'Forwarded post text',
    });
  });

  it('replies resolve, across pages too; a reply to another chat has no target', async () => {
    const { p1, p2 } = await pages();
    const all = [...rows(p1, 'messages'), ...rows(p2, 'messages')];
    const ids = new Set(all.map((m) => m.messageId));
    const replies = all.filter((m) => m.replyTo !== null);
    expect(replies.map((m) => `${m.messageId}->${m.replyTo}`)).toEqual(['103->101', '111->101']);
    expect(replies.every((m) => ids.has(m.replyTo!))).toBe(true);
    expect(all.find((m) => m.messageId === '112')?.replyTo).toBeNull();
  });

  it('times: wall time minus the UTC±HH:MM suffix; service messages get their day', async () => {
    const { p1 } = await pages();
    const by = new Map(rows(p1, 'messages').map((m) => [m.messageId, m]));
    expect(by.get('101')?.timestamp).toBe('2024-01-15T09:00:00.000Z');
    expect(by.get('100')?.timestamp).toBe('2024-01-14T23:00:00.000Z');
    expect(by.get('109')?.timestamp).toBe('2024-01-16T08:15:02.000Z');
  });

  it('text is decoded and flattened; entity offsets point at their text; media kinds and coordinates', async () => {
    const { p1 } = await pages();
    const by = new Map(rows(p1, 'messages').map((m) => [m.messageId, m]));
    const t = by.get('101')!.text;
    expect(t).toBe(
      "Hi all & welcome!\nDocs: https://example.org/a?b=1&c=2 @example_user #intro x < y secret call +15550100 it's fine",
    );
    const ms = rows(p1, 'mentions').filter((m) => m.messageId === '101');
    for (const m of ms) expect(t.slice(m.start, m.end)).toBe(m.raw);
    expect(ms.map((m) => m.kind)).toEqual(expect.arrayContaining(['url', 'tg', 'phone']));
    expect(by.get('104')?.mediaKind).toBe('photo');
    expect(by.get('108')?.mediaKind).toBe('location');
    expect(by.get('109')?.mediaKind).toBe('voice_message');
    expect(by.get('110')?.mediaKind).toBe('poll');
    expect(rows(p1, 'mentions').find((m) => m.messageId === '108')?.identifier).toBe(
      'geo:52.520008,13.404954',
    );
  });

  it('gives the same records whatever the chunk size', async () => {
    const a = await pages(7);
    const b = await pages(100_000);
    expect(rows(a.p1, 'messages')).toEqual(rows(b.p1, 'messages'));
    expect(rows(a.p2, 'mentions')).toEqual(rows(b.p2, 'mentions'));
  });

  it('a page saved with Windows line ends (CR LF) gives the same records as the page Telegram wrote', async () => {
    const lf = await readText(new URL('messages.html', OWN));
    const crlf = lf.replace(/\n/g, '\r\n');
    // Chunk sizes that split CR from LF and that do not.
    for (const size of [7, 41, 100_000]) {
      const a = await parse(lf, 'messages.html', size);
      const b = await parse(crlf, 'messages.html', size);
      expect(rows(b, 'messages')).toEqual(rows(a, 'messages'));
      expect(rows(b, 'mentions')).toEqual(rows(a, 'mentions'));
      expect(rows(b, 'messages').some((m) => (m.text ?? '').includes('\r'))).toBe(false);
      expect(issues(b)).toEqual(issues(a));
    }
  });

  it('bytes that are not UTF-8 give one file warning naming their line; the text keeps U+FFFD', async () => {
    const html = await readText(new URL('messages.html', OWN));
    const bytes = enc.encode(html);
    // Break the first letter of the first message's text ("Hi all …"): its byte becomes 0xFF.
    const at = html.indexOf('Hi <strong>', html.indexOf('class="text"'));
    const offset = enc.encode(html.slice(0, at)).length;
    const broken = bytes.slice();
    broken[offset] = 0xff;
    const line = html.slice(0, at).split('\n').length;
    for (const size of [5, 41, 100_000]) {
      const out: ParseItem[] = [];
      for await (const it of parseTelegramHtml(chunked(broken, size), {
        evidenceId: 'ev',
        fileName: 'messages.html',
      }))
        out.push(it);
      const w = issues(out).filter((i) => /not valid UTF-8/.test(i.reason));
      expect(w).toHaveLength(1);
      expect(w[0]!.locator).toBe(`line:${line}`);
      expect(w[0]!.reason).toMatch(/^messages\.html: 1 byte sequence that is not valid UTF-8 \(line \d+\)/);
      expect(rows(out, 'messages').some((m) => (m.text ?? '').includes('\uFFFD'))).toBe(true);
    }
    // A U+FFFD Telegram wrote itself (EF BF BD) is no damage.
    const own = await parse(html.replace('</div>', '\uFFFD</div>'));
    expect(issues(own).filter((i) => /not valid UTF-8/.test(i.reason))).toEqual([]);
  });
});

const page = (body: string, title = 'T') =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"/></head><body><div class="page_wrap"><div class="page_header"><div class="content"><div class="text bold">\n${title} \n</div></div></div><div class="page_body chat_page"><div class="history">${body}</div></div></div></body></html>`;

describe('telegram-html: edge cases', () => {
  it('old exports without a zone suffix are stored as UTC with one warning', async () => {
    const items = await parse(
      page(
        '<div class="message default clearfix" id="message5"><div class="body"><div class="pull_right date details" title="05.02.2021 14:01:59">\n14:01\n</div><div class="from_name">\nA \n</div><div class="text">\nhi\n</div></div></div>',
      ),
    );
    expect(rows(items, 'messages')[0]?.timestamp).toBe('2021-02-05T14:01:59.000Z');
    expect(issues(items).filter((i) => /no UTC offset/.test(i.reason))).toHaveLength(1);
  });

  it('markup Telegram never writes (a tag, a comment) is left out of the text and the name, with a warning', async () => {
    const m = (id: number, text: string) =>
      `<div class="message default clearfix" id="message${id}"><div class="body"><div class="pull_right date details" title="05.02.2024 14:01:59 UTC+05:00">\n14:01\n</div><div class="from_name">\nA \n</div><div class="text">\n${text}\n</div></div></div>`;
    const items = await parse(
      page(
        m(5, '<!-- скрыто: адрес 42.3417, 69.5901 --> видимый <font color="red">текст</font>') +
          m(6, '<strong>жирный</strong> <em>курсив</em> <a href="https://t.me/x">@x</a> <code>1</code>'),
        'Esc &amp; <b>Co</b>',
      ),
    );
    expect(rows(items, 'messages').map((r) => r.text)).toEqual([' видимый текст', 'жирный курсив @x 1']);
    expect(rows(items, 'chats')[0]?.title).toBe('Esc & Co');
    const w = issues(items).filter((i) => /markup Telegram does not write/.test(i.reason));
    expect(w.map((i) => [i.locator, i.reason])).toEqual([
      [
        'page_header',
        "messages.html: the chat name holds markup Telegram does not write (<b>): the page was edited or is not Telegram's; that markup is not in the stored name",
      ],
      [
        'message:5',
        "message 5's text holds markup Telegram does not write (an HTML comment, <font>): the page was edited or is not Telegram's; the tags are not in the stored text, the text inside them is, a comment's content is not (line 3)",
      ],
    ]);
  });

  it("a message's issues name the line of the page where the message starts, whatever the chunk size", async () => {
    const m = (id: number, title: string) =>
      `<div class="message default clearfix" id="message${id}">\n <div class="body">\n  <div class="pull_right date details" title="${title}">\n14:01\n  </div>\n  <div class="from_name">\nA \n  </div>\n  <div class="text">\nhi ${id}\n  </div>\n </div>\n</div>\n`;
    const html = page(
      `\n${m(5, '05.02.2024 14:01:59 UTC+05:00')}${m(6, '31.02.2024 14:01:59 UTC+05:00')}${m(7, '05.02.2024 14:02:59 UTC+05:00')}`,
    );
    const line = html.slice(0, html.indexOf('id="message6"')).split('\n').length;
    expect(line).toBeGreaterThan(10);
    for (const size of [7, 41, 1 << 16]) {
      const q = issues(await parse(html, 'messages.html', size)).filter((i) => i.severity === 'quarantine');
      expect(q.map((i) => [i.locator, /\(line (\d+)\)$/.exec(i.reason)?.[1]])).toEqual([
        ['message:6', String(line)],
      ]);
    }
  });

  it('hostile markup in text stays text', async () => {
    const items = await parse(
      page(
        '<div class="message default clearfix" id="message6"><div class="body"><div class="pull_right date details" title="05.02.2021 14:01:59 UTC+05:00">\n14:01\n</div><div class="from_name">\nA \n</div><div class="text">\n&lt;script&gt;alert(1)&lt;/script&gt;\n</div></div></div>',
      ),
    );
    expect(rows(items, 'messages')[0]).toMatchObject({
      text: '<script>alert(1)</script>',
      timestamp: '2021-02-05T09:01:59.000Z',
    });
  });

  it('a joined message with no author before it is reported', async () => {
    const items = await parse(
      page(
        '<div class="message default clearfix joined" id="message7"><div class="body"><div class="pull_right date details" title="05.02.2021 14:01:59 UTC+00:00">\n14:01\n</div><div class="text">\nx\n</div></div></div>',
      ),
    );
    expect(issues(items).some((i) => /joined message without a preceding author/.test(i.reason))).toBe(true);
  });

  it('a non-Telegram HTML page gives an error, not a crash', async () => {
    const items = await parse('<html><body><p>hello</p></body></html>');
    expect(issues(items).filter((i) => i.severity === 'error')).toHaveLength(1);
    expect(rows(items, 'messages')).toHaveLength(0);
  });

  it('detects export pages by content', async () => {
    expect(
      detectTelegramHtml(enc.encode(await readText(new URL('messages2.html', OWN))), 'x.htm'),
    ).toBeGreaterThan(0.9);
    expect(detectTelegramHtml(enc.encode('<html><body><div>x</div></body></html>'), 'messages.html')).toBe(0);
  });
});

describe('telegram-html: impossible dates and truncated pages', () => {
  const msg = (id: number, title: string, from: string | null, text: string) =>
    `<div class="message default clearfix${from === null ? ' joined' : ''}" id="message${id}"><div class="body">` +
    `<div class="pull_right date details" title="${title}">\n10:00\n</div>` +
    (from === null ? '' : `<div class="from_name">\n${from} \n</div>`) +
    `<div class="text">\n${text}\n</div></div></div>`;
  const day =
    '<div class="message service" id="message-1"><div class="body details">\n1 April 2024\n</div></div>';

  it('a date title that is no real time or no date at all quarantines its message, with the reason', async () => {
    const items = await parse(
      page(
        day +
          msg(2, '01.04.2024 10:00:00 UTC+05:00', 'A', 'ok 1') +
          msg(3, '01.04.2024 25:61:00 UTC+05:00', 'B', 'hour 25 +7 701 111 22 33') +
          msg(4, '01.13.2024 10:00:00 UTC+05:00', 'A', 'month 13') +
          msg(5, '31.02.2024 10:00:00 UTC+05:00', 'A', 'Feb 31') +
          msg(6, 'garbage', 'C', 'no date') +
          msg(7, '01.04.2024 10:05:00 UTC+05:00', null, 'joined after the dropped one') +
          msg(8, '29.02.2024 23:59:59 UTC+05:00', 'A', 'leap day'),
      ),
    );
    expect(rows(items, 'messages').map((m) => [m.messageId, m.timestamp, m.authorName])).toEqual([
      ['2', '2024-04-01T05:00:00.000Z', 'A'],
      ['7', '2024-04-01T05:05:00.000Z', 'C'],
      ['8', '2024-02-29T18:59:59.000Z', 'A'],
    ]);
    const q = issues(items).filter((i) => i.severity === 'quarantine');
    expect(q.map((i) => [i.locator, i.reason])).toEqual([
      [
        'message:3',
        expect.stringMatching(/"01\.04\.2024 25:61:00 UTC\+05:00" is no real time \(there is no hour 25\)/),
      ],
      ['message:4', expect.stringMatching(/there is no month 13/)],
      ['message:5', expect.stringMatching(/February 2024 has no day 31/)],
      ['message:6', expect.stringMatching(/"garbage" is not DD\.MM\.YYYY HH:MM:SS/)],
    ]);
    expect(JSON.parse(q[0]!.raw!)).toEqual({
      title: '01.04.2024 25:61:00 UTC+05:00',
      from: 'B',
      text: 'hour 25 +7 701 111 22 33',
    });
    // Nothing of a dropped message is kept.
    expect(rows(items, 'mentions').map((m) => m.locator)).toEqual([]);
  });

  it('a page cut off inside a message: an error naming the file, the cut message quarantined, the rest kept', async () => {
    const whole = page(
      day +
        msg(2, '01.04.2024 10:00:00 UTC+05:00', 'A', 'one') +
        msg(3, '01.04.2024 10:01:00 UTC+05:00', 'A', 'two'),
    );
    const cut = whole.slice(0, whole.indexOf('id="message3"') + 60);
    for (const size of [41, 1 << 16]) {
      const items = await parse(cut, 'messages.html', size);
      expect(rows(items, 'messages').map((m) => m.messageId)).toEqual(['2']);
      const found = issues(items).filter((i) => i.severity !== 'warning');
      expect(found.map((i) => [i.severity, i.locator])).toEqual([
        ['quarantine', 'message:3'],
        ['error', 'file'],
      ]);
      expect(found[0]!.reason).toMatch(/messages\.html ends inside message 3 \(the file is truncated\)/);
      expect(found[1]!.reason).toMatch(/messages\.html is truncated: it ends after \d+ bytes/);
      // The truncation is where the parser stopped: the ingest reports the file as failed part-way (exit 1).
      const stops = items.filter((i) => i.kind === 'issue' && i.stopped === true);
      expect(stops.map((i) => (i.kind === 'issue' ? i.issue.reason : ''))).toEqual([found[1]!.reason]);
    }
    // Cut between two messages: nothing is made up, and the file is still named as truncated.
    const between = whole.slice(0, whole.indexOf('<div class="message default clearfix" id="message3"'));
    const items = await parse(between);
    expect(rows(items, 'messages').map((m) => m.messageId)).toEqual(['2']);
    expect(
      issues(items)
        .filter((i) => i.severity !== 'warning')
        .map((i) => [i.severity, i.locator]),
    ).toEqual([['error', 'file']]);
    // The complete page: no error.
    expect(issues(await parse(whole)).filter((i) => i.severity !== 'warning')).toEqual([]);
  });
});

describe('telegram-html: message ids of private chats exported from several phones', () => {
  const EV_A = `aaaa1111${'0'.repeat(56)}`;
  const EV_B = `bbbb2222${'0'.repeat(56)}`;
  interface PageMsg {
    id: number;
    from?: string;
    text: string;
    reply?: number;
    service?: boolean;
  }
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  function page(title: string, msgs: PageMsg[]): string {
    const body = msgs
      .map((m) =>
        m.service
          ? `<div class="message service" id="message${m.id}"><div class="body details">${esc(m.text)}</div></div>`
          : `<div class="message default clearfix" id="message${m.id}"><div class="body">` +
            `<div class="pull_right date details" title="01.02.2024 10:${String(m.id % 60).padStart(2, '0')}:00 UTC+05:00">10:00</div>` +
            `<div class="from_name">\n${esc(m.from ?? '')}\n</div>` +
            (m.reply
              ? `<div class="reply_to details">In reply to <a href="#go_to_message${m.reply}" onclick="return GoToMessage(${m.reply})">this message</a></div>`
              : '') +
            `<div class="text">\n${esc(m.text)}\n</div></div></div>`,
      )
      .join('\n');
    return (
      '<!DOCTYPE html><html><head><meta charset="utf-8"/><title>Exported Data</title></head><body>' +
      `<div class="page_wrap"><div class="page_header"><div class="content"><div class="text bold">\n${esc(title)}\n</div></div></div>` +
      '<div class="page_body chat_page"><div class="history">' +
      '<div class="message service" id="message-1"><div class="body details">1 February 2024</div></div>' +
      `${body}</div></div></div></body></html>`
    );
  }
  async function parseAs(html: string, evidenceId: string): Promise<ParseItem[]> {
    const out: ParseItem[] = [];
    for await (const it of parseTelegramHtml(chunked(enc.encode(html), 53), {
      evidenceId,
      fileName: 'messages.html',
    }))
      out.push(it);
    return out;
  }
  const botChat = (buyer: string, text: string) =>
    page('Example Shop Bot', [
      { id: 1, from: buyer, text: '/start' },
      { id: 2, from: 'Example Shop Bot', text, reply: 1 },
    ]);

  it('two exports of the same bot chat give disjoint message ids; replies, mentions and labels follow', async () => {
    const a = await parseAs(botChat('Buyer A', 'Клад сделан, фото и координаты 42.3417, 69.5901'), EV_A);
    const b = await parseAs(botChat('Buyer B', 'Оплата на карту 4111 1111 1111 1111'), EV_B);
    const ma = rows(a, 'messages');
    const mb = rows(b, 'messages');
    // the HTML has no chat id: both pages get the same one from the title
    expect(new Set([...ma, ...mb].map((m) => m.chatId)).size).toBe(1);
    expect(ma.map((m) => [m.messageId, m.locator, m.replyTo])).toEqual([
      ['aaaa1111:1', 'message:1', null],
      ['aaaa1111:2', 'message:2', 'aaaa1111:1'],
    ]);
    expect(mb.map((m) => m.messageId)).toEqual(['bbbb2222:1', 'bbbb2222:2']);
    for (const [items, prefix] of [
      [a, 'aaaa1111:'],
      [b, 'bbbb2222:'],
    ] as const) {
      const ids = new Set(rows(items, 'messages').map((m) => m.messageId));
      const refs = [...rows(items, 'mentions'), ...rows(items, 'message_labels')];
      expect(refs.length).toBeGreaterThan(0);
      for (const r of refs) {
        expect(r.messageId.startsWith(prefix)).toBe(true);
        expect(ids.has(r.messageId)).toBe(true);
      }
    }
    // the chat row still comes first, every record comes out once
    expect(a.find((i) => i.kind === 'record')).toMatchObject({ record: { table: 'chats' } });
  });

  it('a channel exported twice gives the same plain ids', async () => {
    const channel = page('Example Shop Channel', [
      { id: 10, from: 'Example Shop Channel', text: 'Требуются курьеры-закладчики' },
      { id: 11, from: 'Example Shop Channel', text: 'ещё', reply: 10 },
    ]);
    const a = rows(await parseAs(channel, EV_A), 'messages');
    const b = rows(await parseAs(channel, EV_B), 'messages');
    expect(a.map((m) => [m.messageId, m.replyTo])).toEqual([
      ['10', null],
      ['11', '10'],
    ]);
    expect(b.map((m) => `${m.chatId}#${m.messageId}`)).toEqual(a.map((m) => `${m.chatId}#${m.messageId}`));
  });

  it('groups keep plain ids: a group action or a third author says it is no private chat', async () => {
    const created = page('Example Group', [
      { id: 5, service: true, text: 'Alice Example created group «Example Group» with members Bob Example' },
      { id: 6, from: 'Alice Example', text: 'hi' },
      { id: 7, from: 'Example Group', text: 'hi' },
    ]);
    expect(rows(await parseAs(created, EV_A), 'messages').map((m) => m.messageId)).toEqual(['5', '6', '7']);
    const three = page('Alice Example', [
      { id: 1, from: 'Alice Example', text: 'a' },
      { id: 2, from: 'Bob Example', text: 'b' },
      { id: 3, from: 'Carol Example', text: 'c' },
    ]);
    expect(rows(await parseAs(three, EV_A), 'messages').map((m) => m.messageId)).toEqual(['1', '2', '3']);
  });
});

describe('telegram-html: bot buttons (own synthetic sample)', () => {
  it('a URL button links the bot behind it; a callback button links nothing', async () => {
    const items = await parse(await readText(new URL('./testdata/bot-buttons.html', import.meta.url)));
    expect(rows(items, 'messages').map((m) => m.text)).toEqual(['Меню']);
    expect(rows(items, 'mentions').map((m) => [m.identifier, m.kind, m.start, m.end])).toEqual([
      ['tg:@example_shop_bot', 'tg', 0, 0],
    ]);
  });
});
