/**
 * Telegram Desktop single-chat exports: the current JSON format (`result.json`: string peer ids,
 * `date_unixtime`, `text` as string or array, `text_entities` always an array) and the HTML export
 * (`messages.html`, `messages2.html` … with 1000 messages a page), both per the shared format notes.
 */
import type { Sink } from '../emit.ts';
import { localParts } from './csv.ts';
import { MONTH_NAMES as MONTHS } from '../../text/wall-time.ts';

export type TgEntityType = 'plain' | 'bold' | 'bank_card' | 'phone' | 'mention' | 'link' | 'hashtag';
export type TgPart = string | { type: Exclude<TgEntityType, 'plain'>; text: string };

export interface TgMessage {
  id: number;
  ts: number;
  fromName: string;
  /** `user123`, `channel123` */
  fromId: string;
  parts: TgPart[];
  location?: { lat: number; lon: number };
  replyTo?: number;
  service?: { action: 'create_channel' | 'create_group'; title: string };
}

export interface TgChat {
  name: string;
  type:
    | 'public_channel'
    | 'private_channel'
    | 'private_supergroup'
    | 'private_group'
    | 'bot_chat'
    | 'personal_chat';
  id: number;
}

const pad = (n: number | string) => String(n).padStart(2, '0');

function flatText(parts: TgPart[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : p.text)).join('');
}

function jsonMessage(m: TgMessage, offset: number): string {
  const p = localParts(m.ts, offset);
  const date = `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}`;
  const o: Record<string, unknown> = {
    id: m.id,
    type: m.service ? 'service' : 'message',
    date,
    date_unixtime: String(m.ts),
  };
  if (m.service) {
    o['actor'] = m.fromName;
    o['actor_id'] = m.fromId;
    o['action'] = m.service.action;
    o['title'] = m.service.title;
    if (m.service.action === 'create_group') o['members'] = [];
  } else {
    o['from'] = m.fromName;
    o['from_id'] = m.fromId;
    if (m.replyTo !== undefined) o['reply_to_message_id'] = m.replyTo;
    if (m.location) o['location_information'] = { latitude: m.location.lat, longitude: m.location.lon };
  }
  const parts = m.parts.filter((x) => (typeof x === 'string' ? x.length > 0 : true));
  o['text'] =
    parts.length === 1 && typeof parts[0] === 'string'
      ? parts[0]
      : parts.length === 0
        ? ''
        : parts.map((x) => (typeof x === 'string' ? x : { type: x.type, text: x.text }));
  o['text_entities'] = parts.map((x) =>
    typeof x === 'string' ? { type: 'plain', text: x } : { type: x.type, text: x.text },
  );
  return JSON.stringify(o, null, 1).replace(/\n/g, '\n  ');
}

/** Streams one chat's `result.json`. */
export class TelegramJsonWriter {
  private n = 0;
  constructor(
    readonly file: string,
    chat: TgChat,
    private readonly sink: Sink,
    private readonly offset: number,
  ) {
    sink({ op: 'open', file, encoding: 'utf8', format: 'telegram-json' });
    sink({
      op: 'write',
      file,
      text: `{\n "name": ${JSON.stringify(chat.name)},\n "type": "${chat.type}",\n "id": ${chat.id},\n "messages": [`,
    });
  }

  add(m: TgMessage): void {
    this.sink({
      op: 'write',
      file: this.file,
      text: `${this.n++ === 0 ? '' : ','}\n  ${jsonMessage(m, this.offset)}`,
    });
  }

  close(): void {
    this.sink({ op: 'write', file: this.file, text: `${this.n ? '\n ' : ''}]\n}\n` });
    this.sink({ op: 'close', file: this.file });
  }
}

const esc = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '<br>');

const USERPIC = ['userpic1', 'userpic8', 'userpic5', 'userpic2', 'userpic7', 'userpic4', 'userpic6'];

function htmlText(parts: TgPart[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return esc(p);
      if (p.type === 'bold') return `<strong>${esc(p.text)}</strong>`;
      if (p.type === 'mention') return `<a href="https://t.me/${esc(p.text.slice(1))}">${esc(p.text)}</a>`;
      if (p.type === 'link') return `<a href="${esc(p.text)}">${esc(p.text)}</a>`;
      if (p.type === 'phone') return `<a href="tel:${esc(p.text.replace(/[^+\d]/g, ''))}">${esc(p.text)}</a>`;
      if (p.type === 'hashtag')
        return `<a href="" onclick="return ShowHashtag(&quot;${esc(p.text.slice(1))}&quot;)">${esc(p.text)}</a>`;
      return esc(p.text);
    })
    .join('');
}

/**
 * HTML export pages. Whitespace follows the exporter: every block element on its own line indented by
 * depth, text at column 0, blank lines between siblings; attributes in alphabetical order.
 */
export class TelegramHtmlWriter {
  private page: TgMessage[] = [];
  private pageNo = 0;
  private separator = 0;
  constructor(
    readonly folder: string,
    private readonly chat: TgChat,
    private readonly sink: Sink,
    private readonly offset: number,
    private readonly offsetText: string,
  ) {}

  add(m: TgMessage): void {
    this.page.push(m);
    if (this.page.length === 1000) this.flush(false);
  }

  close(): void {
    this.flush(true);
  }

  private flush(last: boolean): void {
    if (this.page.length === 0 && this.pageNo > 0) return;
    this.pageNo++;
    const file = `${this.folder}/${this.pageNo === 1 ? 'messages.html' : `messages${this.pageNo}.html`}`;
    const ind = (d: number) => ' '.repeat(d);
    const block = (d: number, open: string, inner: string, close: string) =>
      `\n${ind(d)}${open}\n${inner}\n${ind(d)}${close}\n`;
    let body = '';
    if (this.pageNo > 1)
      body += block(
        5,
        `<a class="pagination block_link" href="${this.pageNo === 2 ? 'messages.html' : `messages${this.pageNo - 1}.html`}">`,
        'Previous messages',
        '</a>',
      );
    let prevDay = '';
    let prev: TgMessage | undefined;
    for (const m of this.page) {
      const p = localParts(m.ts, this.offset);
      const dayKey = `${p.y}-${p.mo}-${p.d}`;
      if (dayKey !== prevDay) {
        this.separator++;
        body += block(
          5,
          `<div class="message service" id="message-${this.separator}">`,
          block(
            6,
            '<div class="body details">',
            `${Number(p.d)} ${MONTHS[Number(p.mo) - 1]} ${p.y}`,
            '</div>',
          ),
          '</div>',
        );
        prevDay = dayKey;
        prev = undefined;
      }
      if (m.service) {
        body += block(
          5,
          `<div class="message service" id="message${m.id}">`,
          block(
            6,
            '<div class="body details">',
            `${esc(m.fromName)} created channel &laquo;${esc(m.service.title)}&raquo;`,
            '</div>',
          ),
          '</div>',
        );
        prev = undefined;
        continue;
      }
      const joined = prev !== undefined && prev.fromId === m.fromId && m.ts - prev.ts <= 900;
      let inner = '';
      if (!joined) {
        const numericId = Number(m.fromId.replace(/\D/g, '')) || m.id;
        const initials = m.fromName
          .split(' ')
          .filter(Boolean)
          .slice(0, 2)
          .map((w) => w.charAt(0))
          .join('');
        inner += block(
          6,
          '<div class="pull_left userpic_wrap">',
          block(
            7,
            `<div class="userpic ${USERPIC[numericId % 7]}" style="width: 42px; height: 42px">`,
            block(8, '<div class="initials" style="line-height: 42px">', esc(initials), '</div>'),
            '</div>',
          ),
          '</div>',
        );
      }
      let b = block(
        7,
        `<div class="pull_right date details" title="${p.d}.${p.mo}.${p.y} ${p.h}:${p.mi}:${p.s} ${this.offsetText}">`,
        `${p.h}:${p.mi}`,
        '</div>',
      );
      if (!joined) b += block(7, '<div class="from_name">', esc(m.fromName), '</div>');
      if (m.location) {
        const q = `${m.location.lat},${m.location.lon}`;
        b += block(
          7,
          '<div class="media_wrap clearfix">',
          block(
            8,
            `<a class="media clearfix pull_left block_link media_location" href="https://maps.google.com/maps?q=${q}&amp;ll=${q}&amp;z=16">`,
            block(9, '<div class="fill pull_left">', '', '</div>') +
              block(
                9,
                '<div class="body">',
                block(10, '<div class="title bold">', 'Location', '</div>') +
                  block(10, '<div class="status details">', `${m.location.lat}, ${m.location.lon}`, '</div>'),
                '</div>',
              ),
            '</a>',
          ),
          '</div>',
        );
      }
      const text = htmlText(m.parts);
      if (text) b += block(7, '<div class="text">', text, '</div>');
      inner += block(6, '<div class="body">', b, '</div>');
      body += block(
        5,
        `<div class="message default clearfix${joined ? ' joined' : ''}" id="message${m.id}">`,
        inner,
        '</div>',
      );
      prev = m;
    }
    if (!last)
      body += block(
        5,
        `<a class="pagination block_link" href="messages${this.pageNo + 1}.html">`,
        'Next messages',
        '</a>',
      );
    const page = `<!DOCTYPE html>\n<html>\n\n <head>\n\n  <meta charset="utf-8"/>\n<title>Exported Data</title>\n  <meta content="width=device-width, initial-scale=1.0" name="viewport"/>\n\n  <link href="css/style.css" rel="stylesheet"/>\n\n  <script src="js/script.js" type="text/javascript">\n\n  </script>\n\n </head>\n\n <body onload="CheckLocation();">\n\n  <div class="page_wrap">\n${block(3, '<div class="page_header">', block(4, '<div class="content">', block(5, '<div class="text bold">', `${esc(this.chat.name)} `, '</div>'), '</div>'), '</div>')}${block(3, '<div class="page_body chat_page">', block(4, '<div class="history">', body, '</div>'), '</div>')}\n  </div>\n\n </body>\n\n</html>\n`;
    this.sink({ op: 'open', file, encoding: 'utf8', format: 'telegram-html' });
    this.sink({ op: 'write', file, text: page });
    this.sink({ op: 'close', file });
    this.page = [];
  }
}

export { flatText, pad };
