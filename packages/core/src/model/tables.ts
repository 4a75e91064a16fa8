/**
 * The case store's tables as data. Every store implementation (DuckDB, memory) and the CSV/FtM exports
 * read this one table; the DuckDB migrations are checked against it by a test.
 *
 * Conventions shared by every row:
 * - money is a decimal string (`"-1234.56"`, up to 18 decimals), never a float; currency is ISO 4217 or
 *   an asset ticker (`USDT`, `BTC`);
 * - timestamps are ISO-8601 strings in UTC (`2024-03-05T09:22:00.000Z`); dates are `YYYY-MM-DD`;
 * - identifiers are in CONTRACT §2 normal form (`card:…`, `tron:…`);
 * - `evidenceId` (SHA-256 of the evidence file) + `locator` (row number, message id, XML path, byte
 *   offset) say where the fact came from.
 */

export type ColumnType =
  | 'text'
  | 'integer'
  | 'bigint'
  | 'double'
  | 'decimal'
  | 'boolean'
  | 'timestamp'
  | 'date'
  | 'json';

export interface ColumnDef {
  /** Field name in TypeScript rows (camelCase). The SQL column is its snake_case form. */
  readonly field: string;
  readonly type: ColumnType;
  readonly nullable?: boolean;
}

export interface TableDef {
  readonly name: TableName;
  readonly columns: readonly ColumnDef[];
  /** Fields that identify a row for upserts and look-ups (not enforced as SQL keys). */
  readonly key?: readonly string[];
}

export interface Provenance {
  evidenceId: string;
  /** Where in the evidence file: `row:12`, `message:4411`, `/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]`, `byte:1024`. */
  locator: string;
}

export type TransferChannel = 'card2card' | 'bank' | 'cash' | 'crypto' | 'exchange' | 'p2p' | 'other';

export interface TransferRow extends Provenance {
  /** Stable id within the case: the source's own id where it has one, else derived from evidence+locator. */
  id: string;
  txId: string | null;
  timestamp: string;
  /** Positive decimal string; direction is from → to. */
  amount: string;
  currency: string;
  fromAccount: string | null;
  toAccount: string | null;
  fromHolder: string | null;
  toHolder: string | null;
  channel: TransferChannel;
  reference: string | null;
  /** Extra source columns kept as properties. */
  props: Record<string, unknown> | null;
}

/** A further source record of an already stored transfer (the same transfer seen from the other end). */
export interface TransferSourceRow extends Provenance {
  transferId: string;
  rule: string;
}

export interface HolderRow extends Provenance {
  account: string;
  holderName: string | null;
  iin: string | null;
  passport: string | null;
  nationality: string | null;
  birthdate: string | null;
  phone: string | null;
  address: string | null;
  institution: string | null;
  openedAt: string | null;
}

export interface ExchangeRow extends Provenance {
  exchange: string;
  name: string | null;
  jurisdiction: string | null;
  licensed: boolean | null;
  licenseRef: string | null;
}

export interface ExchangeOrderRow extends Provenance {
  exchange: string;
  orderId: string;
  timestamp: string;
  /** `exchange:<exchange>:<user>` identifiers. */
  buyerUser: string | null;
  sellerUser: string | null;
  fiatAmount: string | null;
  fiatCurrency: string | null;
  cryptoAmount: string | null;
  asset: string | null;
  paymentFrom: string | null;
  paymentTo: string | null;
}

export type PersonStatus = 'detained' | 'wanted' | 'witness' | 'unknown';

export interface PersonRow extends Provenance {
  personId: string;
  name: string | null;
  iin: string | null;
  passport: string | null;
  nationality: string | null;
  birthdate: string | null;
  status: PersonStatus;
}

export interface SeizureRow extends Provenance {
  seizureId: string;
  date: string | null;
  place: string | null;
  lat: number | null;
  lon: number | null;
  substance: string | null;
  massG: string | null;
  description: string | null;
  personId: string | null;
}

export interface FxRateRow extends Provenance {
  date: string;
  currency: string;
  usdPerUnit: string;
}

export type ChatType = 'channel' | 'group' | 'supergroup' | 'bot' | 'private' | 'saved' | 'unknown';

/** Chat types from the least to the most telling: a group migrated to a supergroup is the supergroup. */
const CHAT_TYPE_RANK: readonly ChatType[] = [
  'unknown',
  'private',
  'saved',
  'bot',
  'group',
  'supergroup',
  'channel',
];

/**
 * The type of a chat that several rows describe (its HTML pages say `unknown`, its export's chat list the type; two
 * exports of a group before and after its migration): the most telling of them, whatever order the rows come in.
 */
export function preferChatType(a: ChatType | undefined, b: ChatType): ChatType {
  return a !== undefined && CHAT_TYPE_RANK.indexOf(a) >= CHAT_TYPE_RANK.indexOf(b) ? a : b;
}

export interface ChatRow extends Provenance {
  /**
   * `tg:chat:<id>`; a private or bot chat whose two sides are known, `tg:chat:<lower user id>_<higher user id>`
   * (`privateChatId`); for exports without an id (HTML), a stable id derived from the title.
   */
  chatId: string;
  type: ChatType;
  title: string | null;
  username: string | null;
}

/** One row per (user, name or username seen): every username and display name is kept. */
export interface TgUserRow extends Provenance {
  userId: string;
  username: string | null;
  displayName: string | null;
  phone: string | null;
}

export interface MessageRow extends Provenance {
  chatId: string;
  messageId: string;
  timestamp: string;
  authorId: string | null;
  authorName: string | null;
  /** Plain text flattened from Telegram's text entities. */
  text: string;
  replyTo: string | null;
  forwardedFrom: string | null;
  viaBot: string | null;
  edited: string | null;
  mediaKind: string | null;
  /** Telegram's message type when not a plain message (`service` etc.) and the service action. */
  action: string | null;
}

/** An identifier found in a message: a Mentions link, with offsets into `MessageRow.text`. */
export interface MentionRow extends Provenance {
  chatId: string;
  messageId: string;
  identifier: string;
  kind: string;
  start: number;
  end: number;
  validated: boolean;
  raw: string;
  source: 'entity' | 'text';
}

export interface MembershipRow extends Provenance {
  userId: string;
  chatId: string;
  role: 'member' | 'admin' | 'creator' | 'poster';
  timestamp: string | null;
}

/** The message labels (CONTRACT §4), in the order every list and table shows them. */
export const MESSAGE_LABELS = ['sale', 'recruitment', 'training', 'payment', 'drop_report'] as const;
export type MessageLabel = (typeof MESSAGE_LABELS)[number];

export interface MessageLabelRow extends Provenance {
  chatId: string;
  messageId: string;
  label: MessageLabel;
  score: number;
  lexiconVersion: string;
  /** `[{ term, start, end, lang }]` */
  terms: Array<{ term: string; start: number; end: number; lang?: string }>;
}

/** A statement's balances as the file states them, and what the entries add up to. */
export interface StatementRow extends Provenance {
  account: string;
  statementId: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  currency: string | null;
  openingBalance: string | null;
  closingBalance: string | null;
  credits: string | null;
  debits: string | null;
  entries: number;
  reconciled: boolean | null;
}

export interface SameAsRow extends Provenance {
  a: string;
  b: string;
  reason: string;
  score: number;
  source: 'parser' | 'analyst' | 'rule';
}

export interface IssueRow extends Provenance {
  /** `quarantine`: the record was not stored; `warning`/`error`: a finding about the file or statement. */
  severity: 'quarantine' | 'warning' | 'error';
  reason: string;
  raw: string | null;
}

export interface EvidenceRow {
  /** SHA-256 hex of the file's bytes. */
  id: string;
  size: number;
  originalName: string;
  /** Path of the content-addressed copy, relative to the case folder. */
  storedPath: string;
  format: string;
  parserVersion: string;
  source: string | null;
  ingestedAt: string;
  accepted: number;
  quarantined: number;
  /**
   * Where the file was ingested from: the `ingest` argument as typed when relative (else its own name), then the path
   * below it (`ev/phone2/ChatExport_1/result.json`; a ZIP member: the archive's, then its own); `/`-separated, never an
   * absolute path. Text from
   * the evidence side (untrusted). The first ingest's path: the same bytes ingested again from elsewhere change
   * nothing. Null in cases ingested before the register kept it (schema 3).
   */
  path: string | null;
}

export interface TableRows {
  evidence: EvidenceRow;
  issues: IssueRow;
  transfers: TransferRow;
  transfer_sources: TransferSourceRow;
  holders: HolderRow;
  exchanges: ExchangeRow;
  exchange_orders: ExchangeOrderRow;
  persons: PersonRow;
  seizures: SeizureRow;
  fx_rates: FxRateRow;
  chats: ChatRow;
  tg_users: TgUserRow;
  messages: MessageRow;
  mentions: MentionRow;
  memberships: MembershipRow;
  message_labels: MessageLabelRow;
  statements: StatementRow;
  same_as: SameAsRow;
}

export type TableName = keyof TableRows;
export type RowOf<T extends TableName> = TableRows[T];

/** What a parser emits: a row for one table. */
export type ParsedRecord = { [T in TableName]: { table: T; row: TableRows[T] } }[TableName];

const prov: ColumnDef[] = [
  { field: 'evidenceId', type: 'text' },
  { field: 'locator', type: 'text' },
];
const t = (field: string, type: ColumnType = 'text', nullable = true): ColumnDef => ({
  field,
  type,
  nullable,
});
const req = (field: string, type: ColumnType = 'text'): ColumnDef => ({ field, type, nullable: false });

export const TABLES: { readonly [T in TableName]: TableDef } = {
  evidence: {
    name: 'evidence',
    key: ['id'],
    columns: [
      req('id'),
      req('size', 'bigint'),
      req('originalName'),
      req('storedPath'),
      req('format'),
      req('parserVersion'),
      t('source'),
      req('ingestedAt', 'timestamp'),
      req('accepted', 'bigint'),
      req('quarantined', 'bigint'),
      t('path'),
    ],
  },
  issues: { name: 'issues', columns: [...prov, req('severity'), req('reason'), t('raw')] },
  transfers: {
    name: 'transfers',
    key: ['id'],
    columns: [
      req('id'),
      t('txId'),
      req('timestamp', 'timestamp'),
      req('amount', 'decimal'),
      req('currency'),
      t('fromAccount'),
      t('toAccount'),
      t('fromHolder'),
      t('toHolder'),
      req('channel'),
      t('reference'),
      t('props', 'json'),
      ...prov,
    ],
  },
  transfer_sources: { name: 'transfer_sources', columns: [req('transferId'), req('rule'), ...prov] },
  holders: {
    name: 'holders',
    columns: [
      req('account'),
      t('holderName'),
      t('iin'),
      t('passport'),
      t('nationality'),
      t('birthdate', 'date'),
      t('phone'),
      t('address'),
      t('institution'),
      t('openedAt', 'date'),
      ...prov,
    ],
  },
  exchanges: {
    name: 'exchanges',
    key: ['exchange'],
    columns: [
      req('exchange'),
      t('name'),
      t('jurisdiction'),
      t('licensed', 'boolean'),
      t('licenseRef'),
      ...prov,
    ],
  },
  exchange_orders: {
    name: 'exchange_orders',
    key: ['exchange', 'orderId'],
    columns: [
      req('exchange'),
      req('orderId'),
      req('timestamp', 'timestamp'),
      t('buyerUser'),
      t('sellerUser'),
      t('fiatAmount', 'decimal'),
      t('fiatCurrency'),
      t('cryptoAmount', 'decimal'),
      t('asset'),
      t('paymentFrom'),
      t('paymentTo'),
      ...prov,
    ],
  },
  persons: {
    name: 'persons',
    key: ['personId'],
    columns: [
      req('personId'),
      t('name'),
      t('iin'),
      t('passport'),
      t('nationality'),
      t('birthdate', 'date'),
      req('status'),
      ...prov,
    ],
  },
  seizures: {
    name: 'seizures',
    key: ['seizureId'],
    columns: [
      req('seizureId'),
      t('date', 'date'),
      t('place'),
      t('lat', 'double'),
      t('lon', 'double'),
      t('substance'),
      t('massG', 'decimal'),
      t('description'),
      t('personId'),
      ...prov,
    ],
  },
  fx_rates: {
    name: 'fx_rates',
    key: ['date', 'currency'],
    columns: [req('date', 'date'), req('currency'), req('usdPerUnit', 'decimal'), ...prov],
  },
  chats: {
    name: 'chats',
    key: ['chatId'],
    columns: [req('chatId'), req('type'), t('title'), t('username'), ...prov],
  },
  tg_users: {
    name: 'tg_users',
    columns: [req('userId'), t('username'), t('displayName'), t('phone'), ...prov],
  },
  messages: {
    name: 'messages',
    key: ['chatId', 'messageId'],
    columns: [
      req('chatId'),
      req('messageId'),
      req('timestamp', 'timestamp'),
      t('authorId'),
      t('authorName'),
      req('text'),
      t('replyTo'),
      t('forwardedFrom'),
      t('viaBot'),
      t('edited', 'timestamp'),
      t('mediaKind'),
      t('action'),
      ...prov,
    ],
  },
  mentions: {
    name: 'mentions',
    columns: [
      req('chatId'),
      req('messageId'),
      req('identifier'),
      req('kind'),
      req('start', 'integer'),
      req('end', 'integer'),
      req('validated', 'boolean'),
      req('raw'),
      req('source'),
      ...prov,
    ],
  },
  memberships: {
    name: 'memberships',
    columns: [req('userId'), req('chatId'), req('role'), t('timestamp', 'timestamp'), ...prov],
  },
  message_labels: {
    name: 'message_labels',
    columns: [
      req('chatId'),
      req('messageId'),
      req('label'),
      req('score', 'double'),
      req('lexiconVersion'),
      req('terms', 'json'),
      ...prov,
    ],
  },
  statements: {
    name: 'statements',
    columns: [
      req('account'),
      t('statementId'),
      t('periodFrom', 'date'),
      t('periodTo', 'date'),
      t('currency'),
      t('openingBalance', 'decimal'),
      t('closingBalance', 'decimal'),
      t('credits', 'decimal'),
      t('debits', 'decimal'),
      req('entries', 'integer'),
      t('reconciled', 'boolean'),
      ...prov,
    ],
  },
  same_as: {
    name: 'same_as',
    columns: [req('a'), req('b'), req('reason'), req('score', 'double'), req('source'), ...prov],
  },
};

export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

export function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
