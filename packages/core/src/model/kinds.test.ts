import { describe, expect, it } from 'vitest';
import { ENTITY_KINDS, entityKindOf, LINK_KINDS } from './kinds.ts';
import { type ChatType, preferChatType } from './tables.ts';

describe('entityKindOf', () => {
  it.each([
    ['card:4400430000000001', 'BankCard'],
    ['iban:KZ86125KZT5004100100', 'BankAccount'],
    ['acct:044525225:40817810099910004312', 'BankAccount'],
    ['phone:+77011234567', 'Phone'],
    ['tron:TL3U9Xg2jcwsLs8awKK13DuC1zuPDfWva5', 'CryptoWallet'],
    ['btc:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'CryptoWallet'],
    ['eth:0x52908400098527886e0f7030069857d2e4169ee7', 'CryptoWallet'],
    ['exchange:p2p-market:17235554', 'ExchangeAccount'],
    ['tg:user:308877216', 'TelegramUser'],
    ['tg:@shop_bot', 'TelegramUser'],
    ['tg:chat:1770009112', 'TelegramChat'],
    ['tg:invite:AbCdEf123', 'TelegramChat'],
    ['iin:811027354781', 'Person'],
    ['email:a@b.kz', 'Email'],
  ])('%s is a %s', (id, kind) => {
    expect(entityKindOf(id)).toBe(kind);
  });

  it('reads places and web links, and does not guess for unknown prefixes', () => {
    expect(entityKindOf('geo:43.1,68.2')).toBe('Location');
    expect(entityKindOf('https://example.org/x')).toBe('WebLink');
    expect(entityKindOf('http://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuv.onion/')).toBe(
      'WebLink',
    );
    expect(entityKindOf('geo:north')).toBeUndefined();
    expect(entityKindOf('https:/x')).toBeUndefined();
    expect(entityKindOf('ftp://example.org')).toBeUndefined();
    expect(entityKindOf('no-prefix')).toBeUndefined();
  });

  it('has one definition per kind and links only between known kinds', () => {
    const kinds = new Set(ENTITY_KINDS.map((k) => k.kind));
    expect(kinds.size).toBe(ENTITY_KINDS.length);
    for (const l of LINK_KINDS) for (const k of [...l.from, ...l.to]) expect(kinds.has(k)).toBe(true);
  });
});

describe('preferChatType', () => {
  it('takes the most telling type of a chat, whatever order its rows come in', () => {
    const pairs: Array<[ChatType, ChatType, ChatType]> = [
      ['unknown', 'group', 'group'],
      ['group', 'supergroup', 'supergroup'],
      ['unknown', 'private', 'private'],
      ['private', 'unknown', 'private'],
    ];
    for (const [a, b, want] of pairs) {
      expect(preferChatType(a, b)).toBe(want);
      expect(preferChatType(b, a)).toBe(want);
    }
    expect(preferChatType(undefined, 'unknown')).toBe('unknown');
  });
});
