import { ENTITY_KINDS, type EntityKind, entityKindOf } from '@dragnet/core/model/kinds.ts';
import type { Lang } from './i18n.tsx';

/**
 * Names of the store's tables and fields for the record view and the profiles' record badges, in the UI language.
 * A table or field without an entry shows its own name.
 */
const TABLES: Record<Lang, Record<string, string>> = {
  en: {
    evidence: 'evidence file',
    issues: 'issue',
    transfers: 'transfer',
    transfer_sources: 'transfer source',
    holders: 'holder (KYC)',
    exchanges: 'exchange',
    exchange_orders: 'exchange order',
    persons: 'person',
    seizures: 'seizure',
    fx_rates: 'exchange rate',
    chats: 'chat',
    tg_users: 'Telegram user',
    messages: 'message',
    mentions: 'mention',
    memberships: 'chat membership',
    message_labels: 'message label',
    statements: 'statement',
    same_as: 'same as',
  },
  ru: {
    evidence: 'файл доказательств',
    issues: 'замечание',
    transfers: 'перевод',
    transfer_sources: 'источник перевода',
    holders: 'владелец (KYC)',
    exchanges: 'обмен',
    exchange_orders: 'ордер обменника',
    persons: 'лицо',
    seizures: 'изъятие',
    fx_rates: 'курс валюты',
    chats: 'чат',
    tg_users: 'пользователь Telegram',
    messages: 'сообщение',
    mentions: 'упоминание',
    memberships: 'участие в чате',
    message_labels: 'метка сообщения',
    statements: 'выписка',
    same_as: 'совпадение',
  },
};

const FIELDS_RU: Record<string, string> = {
  evidenceId: 'файл (ид.)',
  locator: 'место в файле',
  id: 'идентификатор',
  chatId: 'чат',
  messageId: 'сообщение',
  authorId: 'автор (ид.)',
  authorName: 'автор',
  timestamp: 'время',
  text: 'текст',
  edited: 'изменено',
  replyTo: 'ответ на',
  forwardedFrom: 'переслано от',
  viaBot: 'через бота',
  mediaKind: 'вложение',
  label: 'метка',
  score: 'оценка',
  lexiconVersion: 'версия словаря',
  terms: 'найденные слова',
  identifier: 'идентификатор',
  start: 'начало',
  end: 'конец',
  kind: 'вид',
  validated: 'проверен',
  raw: 'исходная строка',
  type: 'тип',
  title: 'название',
  username: 'имя пользователя',
  userId: 'пользователь (ид.)',
  displayName: 'отображаемое имя',
  phone: 'телефон',
  role: 'роль',
  fromAccount: 'со счёта',
  toAccount: 'на счёт',
  amount: 'сумма',
  currency: 'валюта',
  channel: 'канал',
  reference: 'назначение',
  fromHolder: 'отправитель',
  toHolder: 'получатель',
  account: 'счёт',
  holderName: 'владелец',
  iin: 'ИИН',
  institution: 'банк',
  nationality: 'гражданство',
  birthdate: 'дата рождения',
  passport: 'паспорт',
  openedAt: 'открыт',
  name: 'имя',
  personId: 'лицо',
  date: 'дата',
  place: 'место',
  substance: 'вещество',
  massG: 'масса, г',
  description: 'описание',
  lat: 'широта',
  lon: 'долгота',
  jurisdiction: 'юрисдикция',
  address: 'адрес',
  asset: 'актив',
  txId: 'транзакция',
  status: 'статус',
  props: 'прочие поля',
  severity: 'важность',
  reason: 'причина',
  source: 'источник',
  rule: 'правило',
  transferId: 'перевод',
  exchange: 'обменник',
  orderId: 'ордер',
  cryptoAmount: 'сумма в криптовалюте',
  fiatAmount: 'сумма в валюте',
  fiatCurrency: 'валюта оплаты',
  paymentFrom: 'оплата с',
  paymentTo: 'оплата на',
  buyerUser: 'покупатель',
  sellerUser: 'продавец',
  action: 'действие',
  statementId: 'выписка',
  periodFrom: 'период с',
  periodTo: 'период по',
  openingBalance: 'входящий остаток',
  closingBalance: 'исходящий остаток',
  credits: 'поступления',
  debits: 'списания',
  reconciled: 'сверено',
  entries: 'записей',
  licensed: 'лицензия',
  licenseRef: 'номер лицензии',
  usdPerUnit: 'USD за единицу',
  path: 'путь',
  originalName: 'имя файла',
  format: 'формат',
  size: 'размер',
  accepted: 'принято',
  quarantined: 'в карантине',
  ingestedAt: 'загружен',
  parserVersion: 'версия разборщика',
  storedPath: 'путь в деле',
};

const CHAT_TYPES: Record<Lang, Record<string, string>> = {
  en: {
    channel: 'channel',
    group: 'group',
    supergroup: 'supergroup',
    bot: 'bot',
    private: 'private chat',
    saved: 'saved messages',
    unknown: 'chat of unknown type',
  },
  ru: {
    channel: 'канал',
    group: 'группа',
    supergroup: 'супергруппа',
    bot: 'бот',
    private: 'личный чат',
    saved: 'избранное',
    unknown: 'чат неизвестного типа',
  },
};

export function tableName(table: string, lang: Lang): string {
  return TABLES[lang][table] ?? table;
}

export function fieldName(field: string, lang: Lang): string {
  return (lang === 'ru' ? FIELDS_RU[field] : undefined) ?? field;
}

export function chatTypeName(type: string, lang: Lang): string {
  return CHAT_TYPES[lang][type] ?? type;
}

/**
 * Stored values that are codes (a transfer's channel, a membership's role, a mention's source …), by table and field,
 * with their names in each language. A code without an entry shows as it is (evidence text, through `VisibleText`).
 */
const VALUES: Record<string, Record<Lang, Record<string, string>>> = {
  'transfers.channel': {
    en: {
      card2card: 'card to card',
      bank: 'bank transfer',
      cash: 'cash',
      crypto: 'crypto transfer',
      exchange: 'through an exchange',
      p2p: 'P2P',
      other: 'other',
    },
    ru: {
      card2card: 'с карты на карту',
      bank: 'банковский перевод',
      cash: 'наличные',
      crypto: 'криптоперевод',
      exchange: 'через обменник',
      p2p: 'P2P',
      other: 'другое',
    },
  },
  'persons.status': {
    en: { detained: 'detained', wanted: 'wanted', witness: 'witness', unknown: 'unknown' },
    ru: { detained: 'задержан', wanted: 'в розыске', witness: 'свидетель', unknown: 'неизвестно' },
  },
  'memberships.role': {
    en: { member: 'member', admin: 'administrator', creator: 'creator', poster: 'wrote in the chat' },
    ru: { member: 'участник', admin: 'администратор', creator: 'создатель', poster: 'писал в чат' },
  },
  'mentions.source': {
    en: { entity: "marked by Telegram (the export's text entity)", text: 'found in the message text' },
    ru: { entity: 'размечено Telegram (сущность в экспорте)', text: 'найдено в тексте сообщения' },
  },
  'issues.severity': {
    en: { quarantine: 'quarantined', warning: 'warning', error: 'error' },
    ru: { quarantine: 'в карантине', warning: 'предупреждение', error: 'ошибка' },
  },
  'same_as.source': {
    en: { parser: 'the file states it', analyst: 'an analyst decided', rule: 'a rule matched' },
    ru: { parser: 'указано в файле', analyst: 'решение аналитика', rule: 'сработало правило' },
  },
  'messages.mediaKind': {
    en: {
      photo: 'photo',
      file: 'file',
      poll: 'poll',
      sticker: 'sticker',
      animation: 'animation (GIF)',
      video_file: 'video',
      video_message: 'video message',
      voice_message: 'voice message',
      audio_file: 'audio',
    },
    ru: {
      photo: 'фото',
      file: 'файл',
      poll: 'опрос',
      sticker: 'стикер',
      animation: 'анимация (GIF)',
      video_file: 'видео',
      video_message: 'видеосообщение',
      voice_message: 'голосовое сообщение',
      audio_file: 'аудио',
    },
  },
  'messages.action': {
    en: {
      create_channel: 'channel created',
      create_group: 'group created',
      migrate_to_supergroup: 'group became a supergroup',
      migrate_from_group: 'supergroup made from a group',
      invite_members: 'members invited',
      remove_members: 'members removed',
      join_group_by_link: 'joined by link',
      pin_message: 'message pinned',
      edit_group_title: 'title changed',
      edit_group_photo: 'photo changed',
      delete_group_photo: 'photo removed',
      phone_call: 'call',
      group_call: 'group call',
    },
    ru: {
      create_channel: 'создан канал',
      create_group: 'создана группа',
      migrate_to_supergroup: 'группа стала супергруппой',
      migrate_from_group: 'супергруппа из группы',
      invite_members: 'приглашены участники',
      remove_members: 'удалены участники',
      join_group_by_link: 'вступление по ссылке',
      pin_message: 'сообщение закреплено',
      edit_group_title: 'изменено название',
      edit_group_photo: 'изменено фото',
      delete_group_photo: 'удалено фото',
      phone_call: 'звонок',
      group_call: 'групповой звонок',
    },
  },
};

/** A stored code's name in the UI language (`card2card` → `с карты на карту`); undefined for one without a name. */
export function valueName(table: string, field: string, value: string, lang: Lang): string | undefined {
  const names = VALUES[`${table}.${field}`]?.[lang];
  return names && Object.hasOwn(names, value) ? names[value] : undefined;
}

/** What an identifier a message holds is, by its extraction kind, when its identifier does not say (a failed one). */
const MENTION_KINDS: Record<string, EntityKind> = {
  card: 'BankCard',
  iban: 'BankAccount',
  phone: 'Phone',
  tron: 'CryptoWallet',
  btc: 'CryptoWallet',
  eth: 'CryptoWallet',
  tg: 'TelegramUser',
  url: 'WebLink',
  onion: 'WebLink',
  coordinates: 'Location',
  email: 'Email',
};

/**
 * The kind of a mention (`card`, `tg`, `coordinates`) named as the rest of the UI names entity kinds (the model's
 * labels: `Банковская карта`, `Чат Telegram`, `Место`); a Telegram link by what its identifier is (a user or a chat).
 */
export function mentionKindName(kind: string, identifier: unknown, lang: Lang): string | undefined {
  if (kind === 'iin') return lang === 'ru' ? 'ИИН' : 'IIN';
  const byId = typeof identifier === 'string' ? entityKindOf(identifier) : undefined;
  const k = byId ?? MENTION_KINDS[kind];
  return ENTITY_KINDS.find((x) => x.kind === k)?.label[lang];
}

/** Fields whose value is an identifier in its §2 form (`card:…`, `tg:user:…`): shown by label, linked to its profile. */
const IDENTIFIER_FIELDS = new Set([
  'fromAccount',
  'toAccount',
  'account',
  'identifier',
  'iin',
  'phone',
  'paymentFrom',
  'paymentTo',
  'buyerUser',
  'sellerUser',
  'chatId',
  'userId',
  'authorId',
  'a',
  'b',
]);

/** An identifier field of a record whose value names an entity kind the case knows (a profile to open). */
export function isIdentifierField(field: string, value: unknown): value is string {
  return IDENTIFIER_FIELDS.has(field) && typeof value === 'string' && entityKindOf(value) !== undefined;
}

/** Fields that hold an exact decimal amount (a string), shown grouped by thousands as the transfer tables show them. */
export const AMOUNT_FIELDS = new Set([
  'amount',
  'fiatAmount',
  'cryptoAmount',
  'openingBalance',
  'closingBalance',
  'credits',
  'debits',
  'massG',
  'usdPerUnit',
]);
