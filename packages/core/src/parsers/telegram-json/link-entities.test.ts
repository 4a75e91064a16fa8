import { describe, expect, it } from 'vitest';
import type { MentionRow } from '../../model/tables.ts';
import type { ParseItem } from '../parser.ts';
import { parseTelegramJson } from './parse.ts';

/**
 * Real exports mark every URL as a `link` entity (and `text_link` hides one behind a word): what the text
 * extractor finds in a URL written as text must be found in them too, with the entity as source.
 */
const enc = new TextEncoder();
const GOOD_ONION = 'duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad';
const BAD_ONION = 'duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczae';

type Part = string | { type: string; text: string; href?: string };

function exportOf(messages: Part[][]): string {
  return JSON.stringify({
    name: 'Links',
    type: 'public_channel',
    id: 555,
    messages: messages.map((parts, i) => ({
      id: i + 1,
      type: 'message',
      date: '2024-03-01T10:00:00',
      date_unixtime: String(1709287200 + i),
      from: 'Shop',
      from_id: 'user1',
      text: parts,
      text_entities: parts.map((p) => (typeof p === 'string' ? { type: 'plain', text: p } : p)),
    })),
  });
}

async function mentions(json: string): Promise<MentionRow[]> {
  const out: ParseItem[] = [];
  async function* one() {
    yield enc.encode(json);
  }
  for await (const it of parseTelegramJson(one(), { evidenceId: 'ev', fileName: 'result.json' }))
    out.push(it);
  return out.flatMap((i) => (i.kind === 'record' && i.record.table === 'mentions' ? [i.record.row] : []));
}

const view = (ms: MentionRow[]) =>
  ms.map((m) => [m.messageId, m.kind, m.identifier, m.start, m.end, m.source]);

describe('telegram-json: identifiers inside link entities', () => {
  it('a map link entity gives its point, the same as the link written as plain text', async () => {
    const url = 'https://www.google.com/maps?q=42.3417,69.5901';
    const ms = await mentions(exportOf([['Клад ', { type: 'link', text: url }], [`Клад ${url}`]]));
    expect(view(ms)).toEqual([
      ['1', 'url', url, 5, 50, 'entity'],
      ['1', 'coordinates', 'geo:42.341700,69.590100', 5, 50, 'entity'],
      ['2', 'url', url, 5, 50, 'text'],
      ['2', 'coordinates', 'geo:42.341700,69.590100', 5, 50, 'text'],
    ]);
  });

  it.each([
    ['https://yandex.kz/maps/?pt=69.5868,42.3175&z=18', 'geo:42.317500,69.586800'],
    ['https://2gis.kz/shymkent/geo/69.5901,42.3417', 'geo:42.341700,69.590100'],
    ['https://www.openstreetmap.org/?mlat=42.3417&mlon=69.5901', 'geo:42.341700,69.590100'],
    [
      "https://www.google.com/maps/place/42%C2%B020'30.1%22N+69%C2%B035'24.4%22E/@42.3,69.5,17z/data=!3m1!4b1!3d42.3417!4d69.5901",
      'geo:42.341700,69.590100',
    ],
  ])('link and text_link to %s', async (url, geo) => {
    const ms = await mentions(
      exportOf([
        ['тут ', { type: 'link', text: url }],
        ['тут ', { type: 'text_link', text: 'здесь', href: url }],
      ]),
    );
    expect(view(ms)).toEqual([
      ['1', 'url', url, 4, 4 + url.length, 'entity'],
      ['1', 'coordinates', geo, 4, 4 + url.length, 'entity'],
      ['2', 'url', url, 4, 9, 'entity'],
      ['2', 'coordinates', geo, 4, 9, 'entity'],
    ]);
  });

  it('onion links are checksum-verified; a failing one is unverified', async () => {
    const good = `http://${GOOD_ONION}.onion/shop`;
    const bad = `http://${BAD_ONION}.onion/shop`;
    const ms = await mentions(
      exportOf([
        ['зеркало ', { type: 'link', text: good }],
        ['зеркало ', { type: 'link', text: bad }],
        [`зеркало ${bad}`],
      ]),
    );
    expect(ms.map((m) => [m.messageId, m.kind, m.identifier, m.validated, m.source])).toEqual([
      ['1', 'onion', good, true, 'entity'],
      ['2', 'onion', `unverified:onion:${bad}`, false, 'entity'],
      ['3', 'onion', `unverified:onion:${bad}`, false, 'text'],
    ]);
  });

  it('WhatsApp links give the phone; explorer links the address, with the entity as source', async () => {
    const tx = 'https://tronscan.org/#/address/TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
    const ms = await mentions(
      exportOf([
        ['пиши ', { type: 'link', text: 'wa.me/77011234567' }],
        [
          'пиши ',
          { type: 'text_link', text: 'мне', href: 'https://api.whatsapp.com/send?phone=998901234567' },
        ],
        ['кошелёк ', { type: 'link', text: tx }],
        ['кошелёк ', { type: 'text_link', text: 'тут', href: tx }],
      ]),
    );
    expect(view(ms)).toEqual([
      ['1', 'url', 'https://wa.me/77011234567', 5, 22, 'entity'],
      ['1', 'phone', 'phone:+77011234567', 5, 22, 'entity'],
      ['2', 'url', 'https://api.whatsapp.com/send?phone=998901234567', 5, 8, 'entity'],
      ['2', 'phone', 'phone:+998901234567', 5, 8, 'entity'],
      ['3', 'url', tx, 8, 8 + tx.length, 'entity'],
      [
        '3',
        'tron',
        'tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
        8 + tx.indexOf('TR7'),
        8 + tx.length,
        'entity',
      ],
      ['4', 'url', tx, 8, 11, 'entity'],
      ['4', 'tron', 'tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', 8, 11, 'entity'],
    ]);
  });

  it('t.me links stay handles; a value the extractor does not read as one link is still a URL mention', async () => {
    const ms = await mentions(
      exportOf([
        ['бот ', { type: 'link', text: 'https://t.me/Shop_Shym_bot?start=ref1' }],
        ['x ', { type: 'text_link', text: 'y', href: 'https://example.com/a).' }],
      ]),
    );
    expect(view(ms)).toEqual([
      ['1', 'tg', 'tg:@shop_shym_bot', 4, 41, 'entity'],
      ['2', 'url', 'https://example.com/a).', 2, 3, 'entity'],
    ]);
  });

  it('tg:// deep links and phone links behind a text_link or written as a link', async () => {
    const ms = await mentions(
      exportOf([
        ['shop ', { type: 'text_link', text: 'here', href: 'tg://resolve?domain=shop_dealer' }],
        ['пиши ', { type: 'link', text: 't.me/+77011234567' }],
        ['пиши ', { type: 'text_link', text: 'мне', href: 'tg://resolve?phone=77011234567' }],
        ['чат ', { type: 'text_link', text: 'тут', href: 'tg://join?invite=AbCdEfGhIjKl12' }],
        ['ссылка tg://resolve?domain=Shop_Dealer'],
      ]),
    );
    expect(ms.map((m) => [...view([m])[0]!, m.validated])).toEqual([
      ['1', 'tg', 'tg:@shop_dealer', 5, 9, 'entity', true],
      ['2', 'phone', 'phone:+77011234567', 5, 22, 'entity', true],
      ['3', 'phone', 'phone:+77011234567', 5, 8, 'entity', true],
      ['4', 'tg', 'tg:invite:AbCdEfGhIjKl12', 4, 7, 'entity', true],
      ['5', 'tg', 'tg:@shop_dealer', 7, 38, 'text', true],
    ]);
  });

  it("a link glued to the next word is read up to the entity's end", async () => {
    const map = 'https://www.openstreetmap.org/#map=17/52.28952/79.3207';
    const ms = await mentions(
      exportOf([
        ['ставь: ', { type: 'link', text: 'https://t.me/moobbets' }, { type: 'bold', text: 'Имя' }],
        [
          { type: 'link', text: map },
          { type: 'bold', text: 'Имя' },
        ],
      ]),
    );
    expect(view(ms.filter((m) => m.source === 'entity'))).toEqual([
      ['1', 'tg', 'tg:@moobbets', 7, 28, 'entity'],
      ['2', 'url', map, 0, map.length, 'entity'],
      ['2', 'coordinates', 'geo:52.289520,79.320700', 0, map.length, 'entity'],
    ]);
  });
});
