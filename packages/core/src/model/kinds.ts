/**
 * The Dragnet data model as data (DESIGN.md "Data model"). One table of entity kinds, link kinds and
 * identifier kinds that the store, the exports (FtM, GraphML) and the UI read.
 */

export interface EntityKindDef {
  readonly kind: EntityKind;
  readonly label: { readonly en: string; readonly ru: string };
  /** FollowTheMoney schema used at export; our own `Dragnet*` schema where FtM has none. */
  readonly ftmSchema: string;
  /** Identifier kinds (CONTRACT §2 prefixes) whose values are entities of this kind. */
  readonly identifierKinds: readonly IdentifierKind[];
  readonly graphColor: string;
}

export type EntityKind =
  | 'Person'
  | 'Organization'
  | 'BankCard'
  | 'BankAccount'
  | 'CryptoWallet'
  | 'ExchangeAccount'
  | 'Phone'
  | 'Email'
  | 'TelegramUser'
  | 'TelegramChat'
  | 'Message'
  | 'Location'
  | 'WebLink'
  | 'Seizure'
  | 'EvidenceFile';

export type LinkKind =
  | 'Transfer'
  | 'Holds'
  | 'MemberOf'
  | 'Admin'
  | 'Posted'
  | 'Forwarded'
  | 'Mentions'
  | 'HasPhone'
  | 'HasUsername'
  | 'SameAs'
  | 'LocatedAt'
  | 'ExchangeOrder'
  | 'Seized'
  | 'MigratedTo';

/** Prefix of an identifier's normal form, e.g. `card` in `card:4400430000001234`. */
export type IdentifierKind =
  | 'card'
  | 'iban'
  | 'acct'
  | 'phone'
  | 'tron'
  | 'btc'
  | 'eth'
  | 'exchange'
  | 'tg'
  | 'iin'
  | 'email'
  | 'url';

export const ENTITY_KINDS: readonly EntityKindDef[] = [
  {
    kind: 'Person',
    label: { en: 'Person', ru: 'Лицо' },
    ftmSchema: 'Person',
    identifierKinds: ['iin'],
    graphColor: '#4e79a7',
  },
  {
    kind: 'Organization',
    label: { en: 'Organization', ru: 'Организация' },
    ftmSchema: 'Organization',
    identifierKinds: [],
    graphColor: '#76b7b2',
  },
  {
    kind: 'BankCard',
    label: { en: 'Bank card', ru: 'Банковская карта' },
    ftmSchema: 'DragnetBankCard',
    identifierKinds: ['card'],
    graphColor: '#f28e2b',
  },
  {
    kind: 'BankAccount',
    label: { en: 'Bank account', ru: 'Банковский счёт' },
    ftmSchema: 'BankAccount',
    identifierKinds: ['iban', 'acct'],
    graphColor: '#e15759',
  },
  {
    kind: 'CryptoWallet',
    label: { en: 'Crypto wallet', ru: 'Криптокошелёк' },
    ftmSchema: 'CryptoWallet',
    identifierKinds: ['tron', 'btc', 'eth'],
    graphColor: '#59a14f',
  },
  {
    kind: 'ExchangeAccount',
    label: { en: 'Exchange account', ru: 'Аккаунт на бирже' },
    ftmSchema: 'DragnetExchangeAccount',
    identifierKinds: ['exchange'],
    graphColor: '#edc948',
  },
  {
    kind: 'Phone',
    label: { en: 'Phone', ru: 'Телефон' },
    ftmSchema: 'DragnetPhone',
    identifierKinds: ['phone'],
    graphColor: '#b07aa1',
  },
  {
    kind: 'Email',
    label: { en: 'Email', ru: 'Эл. почта' },
    ftmSchema: 'DragnetEmail',
    identifierKinds: ['email'],
    graphColor: '#ff9da7',
  },
  {
    kind: 'TelegramUser',
    label: { en: 'Telegram user', ru: 'Пользователь Telegram' },
    ftmSchema: 'UserAccount',
    identifierKinds: ['tg'],
    graphColor: '#9c755f',
  },
  {
    kind: 'TelegramChat',
    label: { en: 'Telegram chat', ru: 'Чат Telegram' },
    ftmSchema: 'DragnetTelegramChat',
    identifierKinds: ['tg'],
    graphColor: '#bab0ac',
  },
  {
    kind: 'Message',
    label: { en: 'Message', ru: 'Сообщение' },
    ftmSchema: 'Message',
    identifierKinds: [],
    graphColor: '#d4d4d4',
  },
  {
    kind: 'Location',
    label: { en: 'Location', ru: 'Место' },
    ftmSchema: 'Address',
    identifierKinds: [],
    graphColor: '#86bcb6',
  },
  {
    // FtM has no schema for a web address: a `HyperText` (web page) whose `sourceUrl` is the link, never fetched.
    kind: 'WebLink',
    label: { en: 'Web link', ru: 'Веб-ссылка' },
    ftmSchema: 'HyperText',
    identifierKinds: ['url'],
    graphColor: '#d37295',
  },
  {
    kind: 'Seizure',
    label: { en: 'Seizure', ru: 'Изъятие' },
    ftmSchema: 'DragnetSeizure',
    identifierKinds: [],
    graphColor: '#8cd17d',
  },
  {
    kind: 'EvidenceFile',
    label: { en: 'Evidence file', ru: 'Файл доказательств' },
    ftmSchema: 'Document',
    identifierKinds: [],
    graphColor: '#79706e',
  },
];

export interface LinkKindDef {
  readonly kind: LinkKind;
  readonly label: { readonly en: string; readonly ru: string };
  readonly ftmSchema: string;
  readonly from: readonly EntityKind[];
  readonly to: readonly EntityKind[];
  readonly directed: boolean;
}

const ACCOUNTS: readonly EntityKind[] = [
  'BankCard',
  'BankAccount',
  'CryptoWallet',
  'ExchangeAccount',
  'Phone',
];

export const LINK_KINDS: readonly LinkKindDef[] = [
  {
    kind: 'Transfer',
    label: { en: 'Transfer', ru: 'Перевод' },
    ftmSchema: 'Payment',
    from: ACCOUNTS,
    to: ACCOUNTS,
    directed: true,
  },
  {
    kind: 'Holds',
    label: { en: 'Holds', ru: 'Владеет' },
    ftmSchema: 'Ownership',
    from: ['Person', 'Organization'],
    // A Telegram account too: the person the analysis made of it (a courier known from his chats).
    to: [...ACCOUNTS, 'TelegramUser'],
    directed: true,
  },
  {
    kind: 'MemberOf',
    label: { en: 'Member of', ru: 'Участник' },
    ftmSchema: 'Membership',
    from: ['TelegramUser'],
    to: ['TelegramChat'],
    directed: true,
  },
  {
    kind: 'Admin',
    label: { en: 'Admin of', ru: 'Администратор' },
    ftmSchema: 'Membership',
    from: ['TelegramUser'],
    to: ['TelegramChat'],
    directed: true,
  },
  {
    kind: 'Posted',
    label: { en: 'Posted', ru: 'Опубликовал' },
    ftmSchema: 'DragnetPosted',
    from: ['TelegramUser', 'TelegramChat'],
    to: ['Message'],
    directed: true,
  },
  {
    kind: 'Forwarded',
    label: { en: 'Forwarded from', ru: 'Переслано из' },
    ftmSchema: 'DragnetForwarded',
    from: ['Message'],
    to: ['TelegramUser', 'TelegramChat'],
    directed: true,
  },
  {
    kind: 'Mentions',
    label: { en: 'Mentions', ru: 'Упоминает' },
    ftmSchema: 'Mention',
    from: ['Message'],
    to: [...ACCOUNTS, 'TelegramUser', 'TelegramChat', 'Location', 'WebLink'],
    directed: true,
  },
  {
    // A Telegram account's phone (the owner's, a contact's) or a KYC holder record's phone.
    kind: 'HasPhone',
    label: { en: 'Phone number', ru: 'Номер телефона' },
    ftmSchema: 'UnknownLink',
    from: ['TelegramUser', 'Person'],
    to: ['Phone'],
    directed: true,
  },
  {
    // A Telegram account's username (`tg:@name`) as a record of the account states it (`tg_users`: the owner's
    // personal_information, a contact, a message's author): the username a message mentions meets the account.
    kind: 'HasUsername',
    label: { en: 'Username', ru: 'Имя пользователя' },
    ftmSchema: 'UnknownLink',
    from: ['TelegramUser'],
    to: ['TelegramUser'],
    directed: true,
  },
  {
    kind: 'SameAs',
    label: { en: 'Same as', ru: 'Тождественно' },
    ftmSchema: 'UnknownLink',
    from: ['Person'],
    to: ['Person'],
    directed: false,
  },
  {
    kind: 'LocatedAt',
    label: { en: 'Located at', ru: 'Находится' },
    ftmSchema: 'UnknownLink',
    from: ['Seizure', 'Message'],
    to: ['Location'],
    directed: true,
  },
  {
    kind: 'ExchangeOrder',
    label: { en: 'Exchange order', ru: 'Ордер обмена' },
    ftmSchema: 'DragnetExchangeOrder',
    from: ACCOUNTS,
    to: ACCOUNTS,
    directed: true,
  },
  {
    kind: 'Seized',
    label: { en: 'Seized from', ru: 'Изъято у' },
    ftmSchema: 'UnknownLink',
    from: ['Seizure'],
    to: ['Person'],
    directed: true,
  },
  {
    // A basic group upgraded to a supergroup (its service messages `migrate_to_supergroup` / `migrate_from_group`).
    kind: 'MigratedTo',
    label: { en: 'Upgraded to', ru: 'Преобразован в' },
    ftmSchema: 'UnknownLink',
    from: ['TelegramChat'],
    to: ['TelegramChat'],
    directed: true,
  },
];

/** Entity kind of an identifier in CONTRACT §2 form (`card:…` → BankCard). */
export function entityKindOf(identifier: string): EntityKind | undefined {
  const prefix = identifier.slice(0, identifier.indexOf(':'));
  if (prefix === 'tg') {
    return identifier.startsWith('tg:chat:') || identifier.startsWith('tg:invite:')
      ? 'TelegramChat'
      : 'TelegramUser';
  }
  // A place found in a message (`geo:<lat>,<lon>`), a web link (`https://…`, `.onion` ones too).
  if (prefix === 'geo') return GEO_ID.test(identifier) ? 'Location' : undefined;
  if ((prefix === 'https' || prefix === 'http') && /^https?:\/\/[^/\s]/.test(identifier)) return 'WebLink';
  return ENTITY_KINDS.find((k) => (k.identifierKinds as readonly string[]).includes(prefix))?.kind;
}

/** A place's identifier, `geo:<lat>,<lon>` (`geoId` in extract/coordinates.ts writes it). */
const GEO_ID = /^geo:(-?\d{1,2}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)$/;

/** Latitude and longitude of a place identifier (`geo:42.341700,69.590100`), as written there. */
export function geoPoint(id: string): { latitude: string; longitude: string } | undefined {
  const m = GEO_ID.exec(id);
  return m ? { latitude: m[1]!, longitude: m[2]! } : undefined;
}

/**
 * A mention that names an entity of the case graph: a validated identifier of a known kind — an account, a Telegram
 * user or chat, a place or a web link. Candidates that failed their check (`unverified:…`) are no entities.
 */
export function graphMention(identifier: string, validated: boolean): boolean {
  return validated && entityKindOf(identifier) !== undefined;
}
