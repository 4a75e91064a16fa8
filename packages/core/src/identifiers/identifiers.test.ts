import { describe, expect, it } from 'vitest';
import {
  identifierKindOf,
  isNormalForm,
  normalizeAccount,
  normalizeCard,
  normalizeEmail,
  normalizeExchangeAccount,
  normalizeIdentifier,
  normalizePhone,
  normalizeTelegram,
  normalizeUrl,
  telegramPhoneLink,
} from './index.ts';

const id = (r: { ok: boolean; id?: string }) => (r.ok ? r.id : undefined);

describe('normalizeCard', () => {
  it.each([
    ['4400 4301 2345 6789', 'card:4400430123456789'],
    ['4400 4301 2345 6788', undefined],
    ['4111 1111 1111 1111', 'card:4111111111111111'],
    ['4111-1111-1111-1111', 'card:4111111111111111'],
    ['card:4111111111111111', 'card:4111111111111111'],
    ['4111 1111 1111 1112', undefined],
    ['1234', undefined],
  ])('%s → %s', (raw, expected) => expect(id(normalizeCard(raw))).toBe(expected));

  it.each([
    ['4400 43** **** 1234', 'card:440043******1234'],
    ['440043******1234', 'card:440043******1234'],
    ['4400-43XX-XXXX-1234', 'card:440043******1234'],
    ['4400 43•• •••• 1234', 'card:440043******1234'],
  ])('masked %s → %s', (raw, expected) => {
    expect(normalizeCard(raw)).toEqual({ ok: true, id: expected, kind: 'card', masked: true });
  });
  it('rejects masks that hide the first or last four digits', () => {
    expect(normalizeCard('**** **** **** 1234').ok).toBe(false);
    expect(normalizeCard('4400 43** **** ***4').ok).toBe(false);
    expect(normalizeCard('4400 4*3* **** 1234').ok).toBe(false);
  });
});

describe('normalizePhone', () => {
  it.each([
    ['8 (777) 123-45-67', 'phone:+77771234567'],
    ['+7 701 123 45 67', 'phone:+77011234567'],
    ['8-701-123-45-67', 'phone:+77011234567'],
    ['87011234567', 'phone:+77011234567'],
    ['77011234567', 'phone:+77011234567'],
    ['7011234567', 'phone:+77011234567'],
    ['+998 90 123 45 67', 'phone:+998901234567'],
    ['998901234567', 'phone:+998901234567'],
    ['+996 555 123 456', 'phone:+996555123456'],
    ['+992 93 123 4567', 'phone:+992931234567'],
    ['+7 916 123-45-67', 'phone:+79161234567'],
    ['8 916 123 45 67', 'phone:+79161234567'],
    ['0077011234567', 'phone:+77011234567'],
    ['phone:+77011234567', 'phone:+77011234567'],
  ])('%s → %s', (raw, expected) => expect(id(normalizePhone(raw))).toBe(expected));
  it.each(['12345', '+7 123', '8 (000) 000-00-00', '05.03.2024', '+999 1234567890'])('rejects %s', (raw) => {
    expect(normalizePhone(raw).ok).toBe(false);
  });
  it('reads national numbers for another default country', () => {
    expect(id(normalizePhone('90 123 45 67', 'UZ'))).toBe('phone:+998901234567');
  });
});

describe('normalizeTelegram', () => {
  it.each([
    ['@User_Name', 'tg:@user_name'],
    ['t.me/User_Name', 'tg:@user_name'],
    ['https://t.me/shop_bot?start=abc', 'tg:@shop_bot'],
    ['https://t.me/channel_name/123', 'tg:@channel_name'],
    ['tg://resolve?domain=Some_User', 'tg:@some_user'],
    ['tg:@Some_User', 'tg:@some_user'],
    ['tg:user:123456', 'tg:user:123456'],
    ['user123456', 'tg:user:123456'],
    ['channel1234567890', 'tg:chat:1234567890'],
    ['-1001234567890', 'tg:chat:1234567890'],
    ['https://t.me/c/1234567890/55', 'tg:chat:1234567890'],
    ['https://t.me/+AbCdEfGhIjKlMn', 'tg:invite:AbCdEfGhIjKlMn'],
    ['t.me/joinchat/AAAAAEkk2WdoDrB4', 'tg:invite:AAAAAEkk2WdoDrB4'],
    ['123456', 'tg:user:123456'],
  ])('%s → %s', (raw, expected) => expect(id(normalizeTelegram(raw))).toBe(expected));
  it.each(['@abcd', '@1abcde', '@abc-def', `@a${'b'.repeat(32)}`, 't.me/joinchat', 'hello'])(
    'rejects %s',
    (raw) => {
      expect(normalizeTelegram(raw).ok).toBe(false);
    },
  );
  it('bare ids can mean chats', () =>
    expect(id(normalizeTelegram('42', { bareId: 'chat' }))).toBe('tg:chat:42'));
  it.each([
    ['tg://resolve?domain=Shop_Dealer&start=abc', 'tg:@shop_dealer'],
    ['tg://resolve?start=abc&domain=shop_dealer', 'tg:@shop_dealer'],
    ['tg://join?invite=AbCdEfGhIjKl12', 'tg:invite:AbCdEfGhIjKl12'],
    ['tg://user?id=123456789', 'tg:user:123456789'],
    ['tg://privatepost?channel=1234567890&post=5', 'tg:chat:1234567890'],
  ])('deep link %s → %s', (raw, expected) => expect(id(normalizeTelegram(raw))).toBe(expected));
  it('phone links are not Telegram ids', () => {
    for (const raw of ['t.me/+77011234567', 'https://t.me/+77011234567', 'tg://resolve?phone=77011234567']) {
      expect(normalizeTelegram(raw).ok).toBe(false);
      expect(telegramPhoneLink(raw)).toBe('+77011234567');
      expect(id(normalizeIdentifier(raw))).toBe('phone:+77011234567');
    }
    expect(telegramPhoneLink('t.me/+AbCdEfGhIjKl12')).toBeUndefined();
    expect(telegramPhoneLink('tg://resolve?domain=shop_dealer')).toBeUndefined();
    for (const raw of ['tg://settings?x=1', 'tg://join?invite=ab', 'tg://user?id=abc', 'tg://resolve?post=1'])
      expect(normalizeTelegram(raw).ok).toBe(false);
  });
});

describe('accounts, exchanges, e-mail, URLs', () => {
  it('normalizeAccount', () => {
    expect(id(normalizeAccount('044525225', '4081 7810 0999 1000 4312'))).toBe(
      'acct:044525225:40817810099910004312',
    );
    expect(id(normalizeAccount('sabrru2m', '40817-810-0'))).toBe('acct:SABRRU2M:408178100');
    expect(normalizeAccount('', '123456').ok).toBe(false);
  });
  it('normalizeExchangeAccount', () => {
    expect(id(normalizeExchangeAccount('Binance', ' 123456789 '))).toBe('exchange:binance:123456789');
    expect(id(normalizeExchangeAccount('Huobi Global', 'uid-77'))).toBe('exchange:huobi-global:uid-77');
    expect(normalizeExchangeAccount('!!', '1').ok).toBe(false);
    expect(normalizeExchangeAccount('okx', 'a b').ok).toBe(false);
  });
  it('normalizeEmail / normalizeUrl', () => {
    expect(id(normalizeEmail('Drop.Man@Mail.RU'))).toBe('email:drop.man@mail.ru');
    expect(normalizeEmail('not@mail').ok).toBe(false);
    expect(id(normalizeUrl('HTTP://Example.COM/Path?q=A'))).toBe('http://example.com/Path?q=A');
    expect(id(normalizeUrl('shop.onion/x'))).toBe('https://shop.onion/x');
    expect(normalizeUrl('javascript://x.y').ok).toBe(false);
  });
});

describe('normalizeIdentifier', () => {
  it.each([
    ['4111 1111 1111 1111', 'card:4111111111111111'],
    ['4400 43** **** 1234', 'card:440043******1234'],
    ['kz86 125k zt50 0410 0100', 'iban:KZ86125KZT5004100100'],
    ['+7 701 123 45 67', 'phone:+77011234567'],
    ['8 (777) 123-45-67', 'phone:+77771234567'],
    ['TJAAinkKN2h9KxtBZXw6SyL7HwCQXnzFsE', 'tron:TJAAinkKN2h9KxtBZXw6SyL7HwCQXnzFsE'],
    ['BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', 'btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'],
    ['1AGNa15ZQXAZUgFiqJ2i7Z2DPU2J6hW62i', 'btc:1AGNa15ZQXAZUgFiqJ2i7Z2DPU2J6hW62i'],
    ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed'],
    ['@Shop_Bot', 'tg:@shop_bot'],
    ['940140000385', 'iin:940140000385'],
    ['exchange:Binance:42', 'exchange:binance:42'],
    ['acct:044525225:40817810099910004312', 'acct:044525225:40817810099910004312'],
    ['a@b.kz', 'email:a@b.kz'],
  ])('%s → %s', (raw, expected) => expect(id(normalizeIdentifier(raw))).toBe(expected));
  it('uses the hint', () => {
    expect(id(normalizeIdentifier('7011234567', 'phone'))).toBe('phone:+77011234567');
    expect(normalizeIdentifier('4111111111111111', 'phone').ok).toBe(false);
  });
  it('explains what it cannot classify', () => {
    expect(normalizeIdentifier('hello world')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('hint'),
    });
  });
  it('a 16-digit string failing Luhn is not a card', () => {
    expect(normalizeIdentifier('4400430123456788').ok).toBe(false);
  });
});

describe('identifierKindOf / isNormalForm', () => {
  it('reads the prefix', () => {
    expect(identifierKindOf('card:4111111111111111')).toBe('card');
    expect(identifierKindOf('tg:chat:1')).toBe('tg');
    expect(identifierKindOf('https://x.kz')).toBe('url');
    expect(identifierKindOf('geo:1,2')).toBeUndefined();
    expect(identifierKindOf('4111111111111111')).toBeUndefined();
  });
  it.each([
    ['card:4111111111111111', true],
    ['card:4111 1111 1111 1111', false],
    ['card:4111111111111112', false],
    ['card:440043******1234', true],
    ['phone:+77011234567', true],
    ['phone:87011234567', false],
    ['eth:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', false],
    ['eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', true],
    ['tg:@shop_bot', true],
    ['tg:@Shop_Bot', false],
    ['iban:KZ86125KZT5004100100', true],
    ['iin:940140000385', true],
    ['iin:940140000380', false],
    ['exchange:binance:42', true],
  ])('%s → %s', (value, expected) => expect(isNormalForm(value)).toBe(expected));
});

describe('memoised normalisers', () => {
  it('return the same frozen result for repeated input', () => {
    const a = normalizePhone('8 (777) 123-45-67');
    expect(normalizePhone('8 (777) 123-45-67')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(normalizePhone('90 123 45 67', 'UZ')).toEqual({
      ok: true,
      id: 'phone:+998901234567',
      kind: 'phone',
    });
  });
});
