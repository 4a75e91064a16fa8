import { describe, expect, it } from 'vitest';
import {
  coordinatesFromMapUrl,
  dmsToDecimal,
  type Extraction,
  extractIdentifiers,
  geoId,
  isValidOnionV3,
} from './index.ts';
import { normalizeIdentifier } from '../identifiers/index.ts';

const ids = (text: string) => extractIdentifiers(text).map((x) => x.identifier);
const only = (text: string, kind: Extraction['kind']) =>
  extractIdentifiers(text).filter((x) => x.kind === kind);

function expectOffsets(text: string): Extraction[] {
  const found = extractIdentifiers(text);
  for (const x of found) expect(text.slice(x.start, x.end)).toBe(x.raw);
  return found;
}

describe('cards', () => {
  it.each([
    ['карта 4400 4301 2345 6789, спасибо', '4400 4301 2345 6789', 'card:4400430123456789'],
    ['карта 4400-4301-2345-6789.', '4400-4301-2345-6789', 'card:4400430123456789'],
    ['карта 4400430123456789', '4400430123456789', 'card:4400430123456789'],
    ['на 4400 43** **** 1234', '4400 43** **** 1234', 'card:440043******1234'],
    ['на 440043******1234', '440043******1234', 'card:440043******1234'],
    ['на 4400-43XX-XXXX-1234', '4400-43XX-XXXX-1234', 'card:440043******1234'],
    ['на 4400 43•• •••• 1234', '4400 43•• •••• 1234', 'card:440043******1234'],
  ])('%s', (text, raw, id) => {
    expect(expectOffsets(text)).toEqual([
      {
        kind: 'card',
        raw,
        start: text.indexOf(raw),
        end: text.indexOf(raw) + raw.length,
        identifier: id,
        validated: true,
      },
    ]);
  });
  it('a 16-digit run failing Luhn never becomes card:', () => {
    expect(extractIdentifiers('заказ 4400430123456788 оформлен')).toEqual([]);
    expect(only('карта 4400 4301 2345 6788', 'card')).toMatchObject([{ identifier: null, validated: false }]);
    expect(ids('4400 4301 2345 6788').some((id) => id?.startsWith('card:'))).toBe(false);
  });
  it('does not cut cards out of longer digit runs', () => {
    expect(only('tx 44004301234567891234567', 'card')).toEqual([]);
  });
});

describe('IBAN', () => {
  it('finds spaced and compact IBANs', () => {
    expect(ids('IBAN KZ86 125K ZT50 0410 0100 получатель ТОО')).toEqual(['iban:KZ86125KZT5004100100']);
    expect(ids('счёт KZ86125KZT5004100100.')).toEqual(['iban:KZ86125KZT5004100100']);
    expect(ids('DE89 3704 0044 0532 0130 00')).toEqual(['iban:DE89370400440532013000']);
  });
  it('reports a wrong check digit without an identifier', () => {
    expect(only('KZ87125KZT5004100100', 'iban')).toMatchObject([{ identifier: null, validated: false }]);
  });
});

describe('phones', () => {
  it.each([
    ['звони 8 (777) 123 45 67', 'phone:+77771234567'],
    ['тел. 8-701-123-45-67', 'phone:+77011234567'],
    ['+7 701 123 45 67', 'phone:+77011234567'],
    ['87011234567', 'phone:+77011234567'],
    ['+7 916 123-45-67', 'phone:+79161234567'],
    ['uz +998 90 123 45 67', 'phone:+998901234567'],
    ['998901234567 вацап', 'phone:+998901234567'],
    ['kg +996 555 123 456', 'phone:+996555123456'],
    ['tj +992 93 123 4567', 'phone:+992931234567'],
    ['(8 777 123 45 67)', 'phone:+77771234567'],
  ])('%s', (text, id) => {
    expect(expectOffsets(text).map((x) => x.identifier)).toEqual([id]);
  });
  it.each([
    'цена 15000 тг',
    'цена 1 500 000 тг',
    'итого 80 000 000 000 тг',
    'сумма 87011234567 тг',
    'дата 05.03.2024',
    'в 12:30, 05.03.2024 12:30:45',
    '2024-03-05 12:30:00',
    'заказ №87011234567',
    'order #87011234567',
    'заказ 87011234567',
    'трек 80012345678',
    'пароль 1234567890',
    'координаты 43.297300 68.251700',
    'сумма 8 701 123 456,50',
  ])('no phone in %j', (text) => {
    expect(only(text, 'phone')).toEqual([]);
  });
});

describe('crypto addresses', () => {
  it('validates checksums', () => {
    const text =
      'USDT TRC20: TJAAinkKN2h9KxtBZXw6SyL7HwCQXnzFsE; btc bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4, 1AGNa15ZQXAZUgFiqJ2i7Z2DPU2J6hW62i eth 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
    expect(expectOffsets(text).map((x) => [x.kind, x.identifier, x.validated])).toEqual([
      ['tron', 'tron:TJAAinkKN2h9KxtBZXw6SyL7HwCQXnzFsE', true],
      ['btc', 'btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', true],
      ['btc', 'btc:1AGNa15ZQXAZUgFiqJ2i7Z2DPU2J6hW62i', true],
      ['eth', 'eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', true],
    ]);
  });
  it('reports typos without an identifier', () => {
    expect(extractIdentifiers('TJAAinkKN2h9KxtBZXw6SyL7HwCQXnzFsF')).toMatchObject([
      { kind: 'tron', identifier: null, validated: false },
    ]);
    expect(extractIdentifiers('0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toMatchObject([
      { kind: 'eth', identifier: null, validated: false },
    ]);
    expect(extractIdentifiers('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5')).toMatchObject([
      { kind: 'btc', identifier: null, validated: false },
    ]);
  });
  it('finds addresses inside explorer links as well as the link', () => {
    const found = extractIdentifiers('https://tronscan.org/#/address/TJAAinkKN2h9KxtBZXw6SyL7HwCQXnzFsE');
    expect(found.map((x) => x.kind)).toEqual(['url', 'tron']);
  });
  it('ignores long ordinary words', () => {
    expect(extractIdentifiers('Thisisaveryveryverylongwordwithoutspaces1')).toEqual([]);
  });
});

describe('Telegram', () => {
  it('handles, links, bot links, invites', () => {
    const text =
      'пиши @Shop_Bot, t.me/shop_bot?start=ref123, https://t.me/+AbCdEfGhIjKl12 и t.me/joinchat/AAAAAEkk2WdoDrB4';
    expect(expectOffsets(text).map((x) => [x.kind, x.raw, x.identifier])).toEqual([
      ['tg', '@Shop_Bot', 'tg:@shop_bot'],
      ['tg', 't.me/shop_bot?start=ref123', 'tg:@shop_bot'],
      ['tg', 'https://t.me/+AbCdEfGhIjKl12', 'tg:invite:AbCdEfGhIjKl12'],
      ['tg', 't.me/joinchat/AAAAAEkk2WdoDrB4', 'tg:invite:AAAAAEkk2WdoDrB4'],
    ]);
  });
  it('skips e-mail local parts and too-short names', () => {
    expect(extractIdentifiers('mail shop.owner@mail.ru and @abc')).toMatchObject([
      { kind: 'email', identifier: 'email:shop.owner@mail.ru' },
    ]);
  });
});

describe('URLs, onion, e-mail', () => {
  it('trims sentence punctuation but keeps balanced brackets', () => {
    expect(only('сайт https://example.com/a?b=1.', 'url')).toMatchObject([
      { raw: 'https://example.com/a?b=1', identifier: 'https://example.com/a?b=1' },
    ]);
    expect(only('(см. https://en.wikipedia.org/wiki/Foo_(bar))', 'url')[0]!.raw).toBe(
      'https://en.wikipedia.org/wiki/Foo_(bar)',
    );
    expect(only('зайди на shop.kz!', 'url')).toMatchObject([
      { raw: 'shop.kz', identifier: 'https://shop.kz' },
    ]);
  });
  it('does not take abbreviations or file names for links', () => {
    expect(extractIdentifiers('т.д. и т.п., см. file.txt, e.g. this')).toEqual([]);
  });
  it('validates v3 onion checksums', () => {
    const v3 = 'duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad';
    expect(isValidOnionV3(v3)).toBe(true);
    expect(isValidOnionV3(`${v3.slice(0, -2)}ab`)).toBe(false);
    expect(extractIdentifiers(`http://${v3}.onion/shop`)).toMatchObject([
      { kind: 'onion', identifier: `http://${v3}.onion/shop`, validated: true },
    ]);
    expect(extractIdentifiers(`${v3.slice(0, -1)}e.onion`)).toMatchObject([
      { kind: 'onion', validated: false },
    ]);
  });
});

describe('coordinates', () => {
  it('decimal and DMS', () => {
    expect(expectOffsets('клад 43.2973, 68.2517 фото').map((x) => [x.raw, x.identifier])).toEqual([
      ['43.2973, 68.2517', 'geo:43.297300,68.251700'],
    ]);
    expect(ids('43°17\'50.3"N 68°15\'06.1"E')).toEqual(['geo:43.297306,68.251694']);
    expect(ids('43°17′50″ С, 68°15′06″ В')).toEqual([
      geoId(dmsToDecimal('43', '17', '50', 'С')!, dmsToDecimal('68', '15', '06', 'В')!),
    ]);
    expect(ids('-33.8688, 151.2093')).toEqual(['geo:-33.868800,151.209300']);
  });
  it('not from prices or out-of-range pairs', () => {
    expect(only('по 12.50, 13.75 за штуку', 'coordinates')).toEqual([]);
    expect(only('95.12345, 68.2517', 'coordinates')).toEqual([]);
  });
  it.each([
    ['https://maps.google.com/?q=43.2973,68.2517', 'geo:43.297300,68.251700'],
    ['https://www.google.com/maps/@43.2973,68.2517,17z', 'geo:43.297300,68.251700'],
    [
      'https://www.google.com/maps/place/Shymkent/@42.3,69.6,12z/data=!3m1!4b1!4m5!3m4!1s0x0:0x0!8m2!3d42.3417!4d69.5901',
      'geo:42.341700,69.590100',
    ],
    ['https://yandex.kz/maps/?ll=68.2517%2C43.2973&z=17', 'geo:43.297300,68.251700'],
    ['https://yandex.ru/maps/?ll=69.0,42.0&pt=68.2517,43.2973&z=17', 'geo:43.297300,68.251700'],
    ['https://2gis.kz/shymkent/geo/68.2517,43.2973', 'geo:43.297300,68.251700'],
    ['https://2gis.kz/shymkent?m=68.2517%2C43.2973%2F16', 'geo:43.297300,68.251700'],
    ['https://www.openstreetmap.org/#map=17/43.2973/68.2517', 'geo:43.297300,68.251700'],
    ['https://www.openstreetmap.org/?mlat=43.2973&mlon=68.2517#map=12/1/1', 'geo:43.297300,68.251700'],
  ])('map link %s', (url, geo) => {
    const found = expectOffsets(`точка ${url} тут`);
    expect(found.map((x) => x.kind)).toEqual(['url', 'coordinates']);
    expect(found[1]).toMatchObject({ identifier: geo, raw: url, validated: true });
  });
  it('coordinatesFromMapUrl ignores other hosts', () => {
    expect(coordinatesFromMapUrl('example.com', '/?q=43.2,68.2')).toBeUndefined();
  });
});

describe('IIN', () => {
  it('only mod-11-valid IIN/BIN', () => {
    expect(ids('БИН 940140000385')).toEqual(['iin:940140000385']);
    expect(ids('БИН 940140000380')).toEqual([]);
  });
});

describe('mixed text', () => {
  it('returns everything in order with exact UTF-16 offsets', () => {
    const text =
      '🔥 Переводи 4400 4301 2345 6789 → @drop_helper, звони +7 701 123 45 67, адрес 43.2973, 68.2517 😀';
    const found = expectOffsets(text);
    expect(found.map((x) => x.kind)).toEqual(['card', 'tg', 'phone', 'coordinates']);
    expect(found[0]!.start).toBe(text.indexOf('4400'));
  });
  it('plain chat yields nothing', () => {
    for (const text of ['привет, как дела?', 'ок', '', 'See you at 7.', 'Сәлем, қалайсың?'])
      expect(extractIdentifiers(text)).toEqual([]);
  });
});

describe('hostile and long input', () => {
  it('stays near-linear on long pasted lists and separator floods', () => {
    const inputs = [
      '@abcde '.repeat(5000),
      '+7 701 123 45 67, '.repeat(3000),
      '1 2 3 4 5 6 7 8 9 0 '.repeat(3000),
      'a.'.repeat(20000),
      '4400-43XX-'.repeat(5000),
    ];
    const t0 = performance.now();
    const counts = inputs.map((text) => extractIdentifiers(text).length);
    expect(counts).toEqual([5000, 3000, 0, 0, 0]);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

describe('card edge cases', () => {
  it('does not swallow an amount written after the card', () => {
    expect(ids('на 4400 4301 2345 6789 100 тг')).toEqual(['card:4400430123456789']);
  });
  it('ignores Luhn-valid runs outside card issuer prefixes', () => {
    expect(only('накладная 1000000000000008', 'card')).toEqual([]);
    expect(only('amex 378282246310005, visa 4222222222222', 'card').map((x) => x.identifier)).toEqual([
      'card:378282246310005',
      'card:4222222222222',
    ]);
  });
});

describe('messenger links', () => {
  it('reads the phone of WhatsApp click-to-chat links', () => {
    expect(
      extractIdentifiers(
        'пиши https://wa.me/77011234567 или https://api.whatsapp.com/send?phone=998901234567',
      ).map((x) => [x.kind, x.identifier]),
    ).toEqual([
      ['url', 'https://wa.me/77011234567'],
      ['phone', 'phone:+77011234567'],
      ['url', 'https://api.whatsapp.com/send?phone=998901234567'],
      ['phone', 'phone:+998901234567'],
    ]);
  });
});

describe('more coordinate notations', () => {
  it.each([
    ['N 43°17\'50.3" E 68°15\'06.1"', 'geo:43.297306,68.251694'],
    ["43°17.838'N 68°15.102'E", 'geo:43.297300,68.251700'],
    ['С 43°17′50.3″ В 68°15′06.1″', 'geo:43.297306,68.251694'],
    ['33°52\'07.7"S 151°12\'33.5"E', 'geo:-33.868806,151.209306'],
  ])('%s', (text, geo) => {
    expect(expectOffsets(text).map((x) => x.identifier)).toEqual([geo]);
  });
  it('rejects minutes or seconds of 60 and more', () => {
    expect(only('43°67\'50"N 68°15\'06"E', 'coordinates')).toEqual([]);
  });
});

describe('phone lists and context words', () => {
  it('reads two numbers written one after the other as two, whatever separates them', () => {
    const two = ['phone:+77015554433', 'phone:+77025554433'];
    expect(ids('87015554433 87025554433')).toEqual(two);
    expect(ids('87015554433\n87025554433')).toEqual(two);
    expect(ids('8 701 555 44 33 8 702 555 44 33')).toEqual(two);
    // Dialled out of Russia or Kazakhstan, also in brackets; a grouped amount stays no phone.
    expect(ids('Оплата (8 10 998 90 123 45 67) от 05.03.2024')).toEqual(['phone:+998901234567']);
    expect(only('итого 80 000 000 000 000', 'phone')).toEqual([]);
  });

  it('reads comma- and dot-separated lists', () => {
    expect(ids('тел.87011234567,87771234567')).toEqual(['phone:+77011234567', 'phone:+77771234567']);
    expect(ids('карты 4111111111111111,4400430123456789')).toEqual([
      'card:4111111111111111',
      'card:4400430123456789',
    ]);
    expect(only('сумма 87011234567,50', 'phone')).toEqual([]);
  });
  it('skips numbers after inflected context words', () => {
    expect(only('номер заказа 87011234567', 'phone')).toEqual([]);
    expect(only('по накладной: 87011234567', 'phone')).toEqual([]);
    expect(ids('сидит в 87011234567')).toEqual(['phone:+77011234567']);
  });
  it('does not read the tail of a decimal number', () => {
    expect(only('курс 1.87011234567', 'phone')).toEqual([]);
  });
});

describe('links written with apostrophes and quotes', () => {
  it('keeps a Google dropped-pin link whole and reads its pin', () => {
    const url =
      "https://www.google.com/maps/place/42%C2%B020'30.1%22N+69%C2%B035'24.4%22E/@42.3417,69.5901,17z/data=!3m1!4b1!4m4!3m3!8m2!3d42.3417!4d69.5901";
    const found = expectOffsets(`Клад тут: ${url} прикоп`);
    expect(found.map((x) => [x.kind, x.raw, x.identifier])).toEqual([
      ['url', url, url],
      ['coordinates', url, 'geo:42.341700,69.590100'],
    ]);
  });
  it('a link quoted with apostrophes ends at the closing one', () => {
    expect(
      only("ссылки 'https://a.example.com/x','https://b.example.com/y'", 'url').map((x) => x.raw),
    ).toEqual(['https://a.example.com/x', 'https://b.example.com/y']);
    expect(only("it's https://example.com/a's page", 'url').map((x) => x.raw)).toEqual([
      "https://example.com/a's",
    ]);
  });
});

describe('onion checksum failures', () => {
  it('a v3 onion failing its checksum has no identifier', () => {
    const bad = 'duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczae';
    expect(extractIdentifiers(`зеркало http://${bad}.onion/shop`)).toMatchObject([
      { kind: 'onion', raw: `http://${bad}.onion/shop`, identifier: null, validated: false },
    ]);
  });
});

describe('IBAN in any case', () => {
  it.each([
    ['kz86125kzt5004100100'],
    ['IBAN kz86 125k zt50 0410 0100 получатель'],
    ['счёт Kz86125Kzt5004100100.'],
  ])('%s', (text) => {
    expect(only(text, 'iban')).toMatchObject([{ identifier: 'iban:KZ86125KZT5004100100', validated: true }]);
  });
  it('does not swallow the word after an IBAN', () => {
    expect(ids('KZ86125KZT5004100100 order')).toEqual(['iban:KZ86125KZT5004100100']);
    expect(ids('KZ86 125K ZT50 0410 0100 for goods')).toEqual(['iban:KZ86125KZT5004100100']);
  });
  it('a lower-case candidate failing mod-97 is not reported (ordinary words and codes)', () => {
    expect(only('kz87125kzt5004100100', 'iban')).toEqual([]);
  });
  it('an upper-case IBAN failing mod-97 is still reported without an identifier, a word after it left out', () => {
    const cases: Array<[string, string]> = [
      ['pay KZ86125KZT5004100199 now', 'KZ86125KZT5004100199'],
      ['KZ86 125K ZT50 0410 0199 order', 'KZ86 125K ZT50 0410 0199'],
    ];
    for (const [text, raw] of cases)
      expect(only(text, 'iban')).toMatchObject([{ raw, identifier: null, validated: false }]);
  });
});

describe('decimal coordinates with the hemisphere letter first', () => {
  it.each([
    ['N42.3417 E69.5901', 'geo:42.341700,69.590100'],
    ['N42,3417 E69,5901', 'geo:42.341700,69.590100'],
    ['точка N 42.3417, E 69.5901 тут', 'geo:42.341700,69.590100'],
    ['S33.8688 W151.2093', 'geo:-33.868800,-151.209300'],
    ['С 42.3417 В 69.5901', 'geo:42.341700,69.590100'],
  ])('%s', (text, geo) => {
    expect(expectOffsets(text).map((x) => [x.kind, x.identifier])).toEqual([['coordinates', geo]]);
  });
  it('needs both letters and a pair in range', () => {
    expect(only('N42.3417 69.5901', 'coordinates')).toEqual([]);
    expect(only('N95.3417 E69.5901', 'coordinates')).toEqual([]);
  });
});

describe('Telegram deep links and phone links', () => {
  it.each([
    ['ссылка tg://resolve?domain=shop_dealer и всё', 'tg://resolve?domain=shop_dealer', 'tg:@shop_dealer'],
    [
      'tg://resolve?domain=Shop_Dealer&start=abc.',
      'tg://resolve?domain=Shop_Dealer&start=abc',
      'tg:@shop_dealer',
    ],
    ['вход tg://join?invite=AbCdEfGhIjKl12', 'tg://join?invite=AbCdEfGhIjKl12', 'tg:invite:AbCdEfGhIjKl12'],
    ['tg://user?id=123456789', 'tg://user?id=123456789', 'tg:user:123456789'],
    [
      'tg://privatepost?channel=1234567890&post=5',
      'tg://privatepost?channel=1234567890&post=5',
      'tg:chat:1234567890',
    ],
  ])('%s', (text, raw, id) => {
    expect(expectOffsets(text).map((x) => [x.kind, x.raw, x.identifier, x.validated])).toEqual([
      ['tg', raw, id, true],
    ]);
  });
  it('a resolve link with a domain names the account, whatever phone it also carries', () => {
    expect(ids('tg://resolve?domain=shop_x&phone=77011234567')).toEqual(['tg:@shop_x']);
    expect(normalizeIdentifier('tg://resolve?domain=shop_x&phone=77011234567')).toMatchObject({
      id: 'tg:@shop_x',
    });
  });

  it('a phone link is the phone, not an invite', () => {
    for (const raw of ['t.me/+77011234567', 'https://t.me/+77011234567', 'tg://resolve?phone=77011234567'])
      expect(expectOffsets(`пиши ${raw}.`).map((x) => [x.kind, x.raw, x.identifier, x.validated])).toEqual([
        ['phone', raw, 'phone:+77011234567', true],
      ]);
    // An invite hash stays an invite; a digit string that is no valid number is an unverified phone.
    expect(ids('t.me/+AbCdEfGhIjKl12')).toEqual(['tg:invite:AbCdEfGhIjKl12']);
    expect(extractIdentifiers('t.me/+70000000000')).toMatchObject([
      { kind: 'phone', identifier: null, validated: false },
    ]);
  });
  it('a deep link naming nobody valid is unverified; other tg:// links name no one', () => {
    expect(extractIdentifiers('tg://resolve?domain=ab')).toMatchObject([
      { kind: 'tg', identifier: null, validated: false },
    ]);
    expect(extractIdentifiers('открой tg://settings и tg://addstickers?set=abc')).toEqual([]);
  });
});

describe('coordinates or amounts', () => {
  it.each([
    'Перевел 0.0015, 0.0025 BTC как договаривались',
    'USDT 10.5000, 20.2500 получил',
    'Курсы на сегодня: 12.3456, 45.6789',
    'BTC: 1.2345, 2.3456',
    '1.2345, 2.3456 ETH',
    '12.3456 45.6789 ₸',
    'цена 12.3456, 45.6789',
    'rate 12.3456, 45.6789',
    'котировки 12.3456, 45.6789, 78.9012',
    '0.1234, 0.5678',
  ])('no point in %j', (text) => {
    expect(only(text, 'coordinates')).toEqual([]);
  });
  it.each([
    ['курьер: 42.3417, 69.5901', 'geo:42.341700,69.590100'],
    ['Оплата прошла, 42.3417, 69.5901', 'geo:42.341700,69.590100'],
    ['Оплатил. 42.3417, 69.5901 фото', 'geo:42.341700,69.590100'],
    ['Сумма 15000 тг\n42.3417, 69.5901', 'geo:42.341700,69.590100'],
    ['перевёл, клад тут 42.3417, 69.5901', 'geo:42.341700,69.590100'],
    ['встреча 05.03.2024 42.3417 69.5901', 'geo:42.341700,69.590100'],
    ['-0.1807, -78.4678 Quito', 'geo:-0.180700,-78.467800'],
    // A shop bot answers the payment with the point; a weight before it is no part of a run of numbers.
    ["To'lov tasdiqlandi ✅ 41.02938, 71.57388 qora magnit", 'geo:41.029380,71.573880'],
    ['Paid ✅ Address: 52.3118, 76.9058, magnet under the bench', 'geo:52.311800,76.905800'],
    ['Оплата получена ✅ 42.3417, 69.5901', 'geo:42.341700,69.590100'],
    ["Qo'qon, 5 ta 🍬 0.5, 40.55829, 70.88785 [фото]", 'geo:40.558290,70.887850'],
    ['цена 5000, клад 42.3417, 69.5901', 'geo:42.341700,69.590100'],
    ['0.0015 N, 0.0025 E', 'geo:0.001500,0.002500'],
  ])('keeps %j', (text, geo) => {
    expect(expectOffsets(text).map((x) => x.identifier)).toEqual([geo]);
  });
  it('pairs in a list stay pairs', () => {
    expect(ids('42.3417, 69.5901; 42.3500, 69.6000')).toEqual([
      'geo:42.341700,69.590100',
      'geo:42.350000,69.600000',
    ]);
  });
});

describe('more written forms', () => {
  it.each([
    ['42,3417 69,5901', 'geo:42.341700,69.590100'],
    ['клад 42,3417, 69,5901 фото', 'geo:42.341700,69.590100'],
    ['42.3417 с.ш. 69.5901 в.д.', 'geo:42.341700,69.590100'],
    ['42,3417 с. ш., 69,5901 в. д.', 'geo:42.341700,69.590100'],
    ['33.8688 ю.ш. 151.2093 в.д.', 'geo:-33.868800,151.209300'],
    ['40.7128 с.ш. 74.0060 з.д.', 'geo:40.712800,-74.006000'],
    ['42.3417 N 69.5901 E', 'geo:42.341700,69.590100'],
  ])('%s', (text, geo) => {
    expect(expectOffsets(text).map((x) => [x.kind, x.identifier])).toEqual([['coordinates', geo]]);
  });
  it('comma decimals written without a space between them are not read', () => {
    expect(only('42,3417,69,5901', 'coordinates')).toEqual([]);
    expect(only('42.3417,69,5901', 'coordinates')).toEqual([]);
  });
  it('a masked card whose mask runs across the groups', () => {
    expect(expectOffsets('карта 4400•••• ••••1234').map((x) => [x.raw, x.identifier])).toEqual([
      ['4400•••• ••••1234', 'card:4400********1234'],
    ]);
    expect(ids('4400 43**-****1234')).toEqual(['card:440043******1234']);
  });
  it('a number dialled out of Russia or Kazakhstan with 8 10', () => {
    expect(expectOffsets('звони 8 10 998 90 123 45 67').map((x) => [x.raw, x.identifier])).toEqual([
      ['8 10 998 90 123 45 67', 'phone:+998901234567'],
    ]);
    // Ungrouped, it is as likely an id; 00 before 10 random digits is no phone either.
    expect(only('id 810998901234567', 'phone')).toEqual([]);
    expect(only('дата 05.03.2024 в 12:30, 004943192224', 'phone')).toEqual([]);
  });
  it('a v2 onion (no checksum) is unverified', () => {
    expect(extractIdentifiers('зеркало expyuzz4wqqyqhjn.onion')).toMatchObject([
      { kind: 'onion', raw: 'expyuzz4wqqyqhjn.onion', identifier: null, validated: false },
    ]);
  });
});

describe('a number on the line before', () => {
  it('a balance on the previous line does not make the pair part of a list', () => {
    expect(ids('баланс 12.50\n42.3417, 69.5901')).toEqual(['geo:42.341700,69.590100']);
  });
});
