import { ENTITY_KINDS } from '@dragnet/core/model/kinds.ts';
import { ROLE_NAMES } from '@dragnet/core/model/role-names.ts';
import { pluralRu } from '@dragnet/core/report/reason-ru.ts';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { chatTypeName } from './record-names.ts';
import { countText, fixedText, setNumberLang } from './numbers.ts';

export type Lang = 'ru' | 'en';

const en = {
  appTitle: 'Dragnet',
  skip: 'Skip to content',
  dashboard: 'Dashboard',
  graph: 'Graph',
  flows: 'Money flows',
  timeline: 'Timeline',
  map: 'Map',
  messages: 'Messages',
  evidence: 'Evidence',
  entities: 'Entities',
  search: 'Search any identifier or name',
  searchButton: 'Find',
  loading: 'Loading…',
  error: 'Error',
  none: 'Nothing here',
  participants: 'Participants',
  networks: 'Networks',
  droppers: 'Droppers',
  exchangers: 'Exchangers',
  endRecipients: 'End recipients',
  channelsFlagged: 'Flagged channels, groups and bot chats',
  turnoverUsd: 'Turnover, USD',
  keyFigures: 'Turnover of key figures',
  byJurisdiction: 'End recipients by jurisdiction',
  notAnalysed: 'This case has no findings yet: run `dragnet analyze <case>`.',
  counts: 'Case contents',
  transfers: 'Transfers',
  quarantined: 'Quarantined records',
  id: 'Identifier',
  name: 'Name',
  kind: 'Kind',
  roles: 'Roles',
  network: 'Network',
  inUsd: 'In, USD',
  outUsd: 'Out, USD',
  holder: 'Holder',
  holders: 'Holders (KYC)',
  tgNames: 'Display names',
  tgUsernames: 'Usernames',
  tgPhones: 'Phones',
  tgAccounts: 'Telegram accounts',
  tgFacts: 'Telegram account (as the evidence states it)',
  postedBy: 'Posted in chats by (not a holder)',
  identifiers: 'Identifiers',
  reasons: 'Reasons',
  records: 'Source records',
  evidenceFiles: 'Evidence files',
  totals: 'Totals by currency',
  open: 'Open',
  openGraph: 'Show in graph',
  openMessages: 'Messages mentioning it',
  openTransfers: 'Transfers',
  channels: 'Channels',
  labels: 'Labels',
  allLabels: 'All labels',
  fromChat: 'from its chat',
  contextRests: 'rests on',
  filterText: 'Filter text',
  prev: 'Previous',
  next: 'Next',
  page: 'Page',
  of: 'of',
  file: 'File',
  evidenceSource: 'Source',
  format: 'Format',
  hash: 'SHA-256',
  size: 'Size',
  accepted: 'Accepted',
  issues: 'Issues',
  reason: 'Reason',
  locator: 'Locator',
  raw: 'Raw',
  showIssues: 'Show issues',
  time: 'Time',
  amount: 'Amount',
  currency: 'Currency',
  from: 'From',
  to: 'To',
  channel: 'Channel',
  expand: 'Expand neighbours',
  collapse: 'Collapse',
  pin: 'Pin',
  unpin: 'Unpin',
  hide: 'Hide',
  showHidden: 'Show hidden',
  layout: 'Layout',
  stopLayout: 'Stop layout',
  exportPng: 'PNG',
  exportSvg: 'SVG',
  exportGraphml: 'GraphML',
  traceFrom: 'Trace funds from here',
  clearTrace: 'Clear trace',
  more: 'more',
  role: 'Role',
  allRoles: 'All roles',
  allKinds: 'All kinds',
  selected: 'Selected',
  timeFilter: 'Time filter',
  clear: 'Clear',
  author: 'Author',
  record: 'Record',
  sankeyHint: 'Click a link to list the transfers behind it.',
  basisCase: 'All transfers of the case',
  basisTrace: 'Along the trace from',
  seizures: 'Seizures',
  drops: 'Drop coordinates',
  regions: 'Regions',
  mapNote:
    'Offline base map: schematic outlines shipped with the app (no tile server). A click on a cluster zooms in and lists it; a click on a point lists its records. Keyboard: arrow keys pan, + and − zoom.',
  mapLabel: 'Map of drop coordinates, seizures, labs and regions',
  mapZoomIn: 'Zoom in',
  mapZoomOut: 'Zoom out',
  mapNoWebgl: 'The map needs WebGL, which this browser did not provide; the list below holds every place.',
  mapList: 'Places on the map',
  mapWhat: 'What',
  mapWhere: 'Coordinates',
  mapLinks: 'Records',
  showOnMap: 'Show on map',
  mapPicked: 'Selected places',
  mapMore: 'more: zoom in to see them one by one',
  labs: 'Labs',
  brushHint: 'Drag across the chart to filter the other views by time.',
  report: 'Report',
  language: 'Русский',
  statusDetained: 'detained',
  count: 'Count',
  usd: 'USD',
  unconverted: 'without a rate',
  back: 'Back',
  institution: 'Institution',
  perFindings: 'Per findings (in / out)',
  attribution: 'Attributed to end points (FIFO)',
  jurisdiction: 'Jurisdiction',
  hops: 'Hops',
  entitiesListed: 'Entities in the list',
  entitiesNote:
    'persons after the analysis merged them, accounts, cards, wallets, phones, chats, Telegram users and identifiers found in messages; `dragnet status` also counts KYC persons before merging, seizures and exchanges',
  channelsFlaggedNote:
    'channels, groups and chats with bots with a sale, recruitment, training or drop report label (payment alone, and private chats between people, are not counted)',
  channelsFlaggedShort: 'payment-only chats and private chats between people not counted',
  flaggedOnly: 'Flagged channels, groups and bot chats only',
  showAllChats: 'All chats',
  networksList: 'Networks',
  networkMembers: 'persons',
  ownMessages: 'Own messages',
  chatMessages: 'Messages of this chat',
  mentioningMessages: 'Messages mentioning it',
  postedByTitle: 'Posted in chats by',
  postedByNote: 'Posting an account is not holding it.',
  posterIsHolder: 'the holder (same person in the case)',
  posterHolderName: 'same name as the holder (KYC)',
  unverifiedTitle: 'Unverified identifier',
  unverifiedWhat:
    'A value found in a message that looks like an identifier but failed its check (a card number failing Luhn, a wallet address with a wrong checksum …): it is kept as a candidate, not as an account of the case.',
  unverifiedKind: 'Looks like',
  unverifiedValue: 'Value as found',
  unverifiedMessages: 'Messages that hold it',
  notFound: 'Nothing in this case is known by this id.',
  participantsOnly: 'Participants (as the findings count them)',
  countedWithNote:
    'Not listed: {n} known only through Telegram, with the same role and name as a listed participant (counted once with them).',
  groupAll: 'all',
  mentioningNone: 'No message in the case mentions this identifier.',
  mentioningNoneUser: 'No message in the case mentions this account (by its id or a username).',
  mentioningNoneCard: "No message in the case mentions this card's number.",
  mentioningNoneIban: 'No message in the case mentions this bank account.',
  mentioningNoneWallet: "No message in the case mentions this wallet's address.",
  mentioningNonePhone: 'No message in the case mentions this phone number.',
  usernameMentions: 'Messages mentioning',
  usernameMentionsNone: 'No message in the case mentions',
  mentioningNoneChat: 'No message in the case mentions this chat (a link or its @name). Its own messages:',
};

const ru: Record<keyof typeof en, string> = {
  appTitle: 'Dragnet',
  skip: 'К содержимому',
  dashboard: 'Сводка',
  graph: 'Граф',
  flows: 'Денежные потоки',
  timeline: 'Хронология',
  map: 'Карта',
  messages: 'Сообщения',
  evidence: 'Доказательства',
  entities: 'Объекты',
  search: 'Поиск по любому идентификатору или имени',
  searchButton: 'Найти',
  loading: 'Загрузка…',
  error: 'Ошибка',
  none: 'Ничего нет',
  participants: 'Участники',
  networks: 'Сети',
  droppers: 'Дропы',
  exchangers: 'Обменники',
  endRecipients: 'Конечные получатели',
  channelsFlagged: 'Помеченные каналы, группы и чаты с ботами',
  turnoverUsd: 'Оборот, USD',
  keyFigures: 'Оборот ключевых фигурантов',
  byJurisdiction: 'Конечные получатели по юрисдикциям',
  notAnalysed: 'Для дела ещё нет результатов анализа: выполните `dragnet analyze <дело>`.',
  counts: 'Состав дела',
  transfers: 'Переводы',
  quarantined: 'Записи в карантине',
  id: 'Идентификатор',
  name: 'Имя',
  kind: 'Тип',
  roles: 'Роли',
  network: 'Сеть',
  inUsd: 'Приход, USD',
  outUsd: 'Расход, USD',
  holder: 'Владелец',
  holders: 'Владельцы (KYC)',
  tgNames: 'Отображаемые имена',
  tgUsernames: 'Имена пользователя',
  tgPhones: 'Телефоны',
  tgAccounts: 'Аккаунты Telegram',
  tgFacts: 'Аккаунт Telegram (по материалам дела)',
  postedBy: 'Кто публиковал в чатах (не владелец)',
  identifiers: 'Идентификаторы',
  reasons: 'Основания',
  records: 'Исходные записи',
  evidenceFiles: 'Файлы доказательств',
  totals: 'Итоги по валютам',
  open: 'Открыть',
  openGraph: 'Показать на графе',
  openMessages: 'Сообщения с упоминанием',
  openTransfers: 'Переводы',
  channels: 'Каналы',
  labels: 'Метки',
  allLabels: 'Все метки',
  fromChat: 'по контексту чата',
  contextRests: 'опирается на',
  filterText: 'Фильтр по тексту',
  prev: 'Назад',
  next: 'Вперёд',
  page: 'Стр.',
  of: 'из',
  file: 'Файл',
  evidenceSource: 'Источник',
  format: 'Формат',
  hash: 'SHA-256',
  size: 'Размер',
  accepted: 'Принято',
  issues: 'Замечания',
  reason: 'Причина',
  locator: 'Локатор',
  raw: 'Исходная строка',
  showIssues: 'Показать замечания',
  time: 'Время',
  amount: 'Сумма',
  currency: 'Валюта',
  from: 'Откуда',
  to: 'Куда',
  channel: 'Канал',
  expand: 'Раскрыть связи',
  collapse: 'Свернуть',
  pin: 'Закрепить',
  unpin: 'Открепить',
  hide: 'Скрыть',
  showHidden: 'Показать скрытые',
  layout: 'Укладка',
  stopLayout: 'Остановить укладку',
  exportPng: 'PNG',
  exportSvg: 'SVG',
  exportGraphml: 'GraphML',
  traceFrom: 'Отследить средства отсюда',
  clearTrace: 'Сбросить трассу',
  more: 'ещё',
  role: 'Роль',
  allRoles: 'Все роли',
  allKinds: 'Все типы',
  selected: 'Выбрано',
  timeFilter: 'Фильтр по времени',
  clear: 'Сбросить',
  author: 'Автор',
  record: 'Запись',
  sankeyHint: 'Нажмите на поток, чтобы увидеть переводы.',
  basisCase: 'Все переводы дела',
  basisTrace: 'По трассе от',
  seizures: 'Изъятия',
  drops: 'Координаты закладок',
  regions: 'Регионы',
  mapNote:
    'Офлайн-подложка: схематичные контуры в составе приложения (без тайлового сервера). Щелчок по кластеру приближает и показывает его состав; щелчок по точке показывает её записи. Клавиатура: стрелки сдвигают карту, + и − меняют масштаб.',
  mapLabel: 'Карта координат закладок, изъятий, лабораторий и регионов',
  mapZoomIn: 'Приблизить',
  mapZoomOut: 'Отдалить',
  mapNoWebgl: 'Для карты нужен WebGL, а браузер его не предоставил; все места есть в списке ниже.',
  mapList: 'Места на карте',
  mapWhat: 'Что',
  mapWhere: 'Координаты',
  mapLinks: 'Записи',
  showOnMap: 'Показать на карте',
  mapPicked: 'Выбранные места',
  mapMore: 'ещё: приблизьте карту, чтобы увидеть их по отдельности',
  labs: 'Лаборатории',
  brushHint: 'Выделите участок графика, чтобы отфильтровать другие виды по времени.',
  report: 'Справка',
  language: 'English',
  statusDetained: 'задержан',
  count: 'Кол-во',
  usd: 'USD',
  unconverted: 'без курса',
  back: 'Назад',
  institution: 'Банк / учреждение',
  perFindings: 'По результатам анализа (приход / расход)',
  attribution: 'Распределение по конечным точкам (FIFO)',
  jurisdiction: 'Юрисдикция',
  hops: 'Шагов',
  entitiesListed: 'Объекты в списке',
  entitiesNote:
    'лица после объединения анализом, счета, карты, кошельки, телефоны, чаты, пользователи Telegram и идентификаторы из сообщений; `dragnet status` считает ещё лица из KYC до объединения, изъятия и обменники',
  channelsFlaggedNote:
    'каналы, группы и чаты с ботами с меткой продажи, вербовки, обучения или отчёта о закладке (только оплата и личные переписки людей не считаются)',
  channelsFlaggedShort: 'без чатов только с оплатой и личных переписок людей',
  flaggedOnly: 'Только помеченные каналы, группы и чаты с ботами',
  showAllChats: 'Все чаты',
  networksList: 'Сети',
  networkMembers: 'лиц',
  ownMessages: 'Собственные сообщения',
  chatMessages: 'Сообщения чата',
  mentioningMessages: 'Сообщения с упоминанием',
  postedByTitle: 'Кто публиковал в чатах',
  postedByNote: 'Публикация счёта не означает владения им.',
  posterIsHolder: 'владелец (то же лицо в деле)',
  posterHolderName: 'имя совпадает с владельцем (KYC)',
  unverifiedTitle: 'Непроверенный идентификатор',
  unverifiedWhat:
    'Значение из сообщения, похожее на идентификатор, но не прошедшее проверку (номер карты не проходит алгоритм Луна, у адреса кошелька неверная контрольная сумма …): оно сохранено как кандидат, а не как счёт дела.',
  unverifiedKind: 'Похоже на',
  unverifiedValue: 'Значение как найдено',
  unverifiedMessages: 'Сообщения, где оно встречается',
  notFound: 'В деле нет ничего с таким идентификатором.',
  participantsOnly: 'Участники (как их считают выводы)',
  countedWithNote:
    'Не перечислены {n}, известные только по Telegram, с той же ролью и именем, что у участника из списка (считаются с ним один раз).',
  groupAll: 'все',
  mentioningNone: 'Ни одно сообщение в деле не упоминает этот идентификатор.',
  mentioningNoneUser:
    'Ни одно сообщение в деле не упоминает этот аккаунт (ни по идентификатору, ни по имени пользователя).',
  mentioningNoneCard: 'Ни одно сообщение в деле не упоминает номер этой карты.',
  mentioningNoneIban: 'Ни одно сообщение в деле не упоминает этот банковский счёт.',
  mentioningNoneWallet: 'Ни одно сообщение в деле не упоминает адрес этого кошелька.',
  mentioningNonePhone: 'Ни одно сообщение в деле не упоминает этот номер телефона.',
  usernameMentions: 'Сообщения с упоминанием',
  usernameMentionsNone: 'Ни одно сообщение в деле не упоминает',
  mentioningNoneChat:
    'Ни одно сообщение в деле не упоминает этот чат (ни ссылкой, ни по @имени). Его собственные сообщения:',
};

export type MessageKey = keyof typeof en;
const DICTS: Record<Lang, Record<MessageKey, string>> = { en, ru };

/** Roles and labels by name: the table the report uses too (core `model/role-names.ts`). */
export { ROLE_NAMES };

/** Nouns counted in the UI: English singular and plural; Russian one, few (2–4), many (5–20). */
const NOUNS = {
  message: { en: ['message', 'messages'], ru: ['сообщение', 'сообщения', 'сообщений'] },
  person: { en: ['person', 'persons'], ru: ['человек', 'человека', 'человек'] },
  account: { en: ['account', 'accounts'], ru: ['счёт', 'счёта', 'счетов'] },
  identifier: {
    en: ['identifier', 'identifiers'],
    ru: ['идентификатор', 'идентификатора', 'идентификаторов'],
  },
} as const;
export type CountedNoun = keyof typeof NOUNS;

/** `4 сообщения`, `1 сообщение`, `11 сообщений`; `1 message`, `4 messages`; the count as the UI writes numbers. */
export function counted(n: number, noun: CountedNoun, lang: Lang): string {
  const f = NOUNS[noun];
  return `${countText(n, lang)} ${lang === 'ru' ? pluralRu(n, f.ru[0], f.ru[1], f.ru[2]) : n === 1 ? f.en[0] : f.en[1]}`;
}

const STORAGE_KEY = 'dragnet.lang';

function initialLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'ru' || v === 'en') return v;
  } catch {
    // Storage can be blocked; Russian is the default.
  }
  return 'ru';
}

interface I18n {
  lang: Lang;
  t: (key: MessageKey) => string;
  role: (role: string) => string;
  /** Entity kind (`BankCard`) in the UI language, from the model's own labels. */
  kind: (kind: string) => string;
  /** A Telegram chat type (`supergroup`, `private`) in the UI language. */
  chatType: (type: string) => string;
  /** A count with its noun in the right form: `4 сообщения`. */
  count: (n: number, noun: CountedNoun) => string;
  /** A count as the UI language writes numbers: `51,043` / `51 043` (`numbers.ts`). */
  num: (n: number) => string;
  /** A number to `digits` places (a score): `0.59` / `0,59`. */
  fixed: (x: number, digits: number) => string;
  setLang: (lang: Lang) => void;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  // `usd()` and `amount()` called without a language write the one of this render.
  setNumberLang(lang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    document.documentElement.lang = l;
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // Not persisted: the toggle still works for this page.
    }
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      t: (key) => DICTS[lang][key],
      role: (r) => ROLE_NAMES[lang][r] ?? r,
      kind: (k) => ENTITY_KINDS.find((x) => x.kind === k)?.label[lang] ?? k,
      chatType: (type) => chatTypeName(type, lang),
      count: (n, noun) => counted(n, noun, lang),
      num: (n) => countText(n, lang),
      fixed: (x, digits) => fixedText(x, digits, lang),
      setLang,
    }),
    [lang, setLang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
