/**
 * Response shapes of the JSON API. The web package imports these with `import type` (STYLE.md: web →
 * server is type-only), so a change here breaks the web build, not the user.
 */
import type {
  EvidenceRow,
  IssueRow,
  MessageLabel,
  MessageRow,
  SeizureRow,
  TableName,
  TransferRow,
} from '@dragnet/core';
import type { ReportDoc } from '@dragnet/core/report/render-report.ts';
import type { Poster, TelegramFacts } from '@dragnet/services/telegram-facts.ts';
import type { EntitySummary } from './case-index.ts';
import type { EntityGroup, EntityTile, EntityTileKey, GroupCounts } from './entity-lists.ts';
import type { Findings, FindingsAccount, FindingsChannel, FindingsPerson, Role } from './findings.ts';

export type {
  EntityGroup,
  EntitySummary,
  EntityTile,
  EntityTileKey,
  Findings,
  Poster,
  ReportDoc,
  Role,
  TelegramFacts,
};

export interface ApiError {
  error: string;
  issues?: Array<{ path: string; message: string }>;
}

export interface Page<T> {
  total: number;
  offset: number;
  limit: number;
  items: T[];
}

/** `/api/entities`: a page of the list, with how many persons and accounts the list holds (before `group`). */
export interface EntityPage extends Page<EntitySummary> {
  /** `notAccounts`: of `accounts`, those that are not accounts (phones, chats, Telegram users…). */
  groups: GroupCounts;
  /** With `participants=1`: persons counted once with a namesake, so not listed (findings' `countedWith`). */
  countedWithOthers?: number;
}

export interface CaseResponse {
  name: string;
  caseDir: string;
  analysed: boolean;
  counts: { evidence: number; transfers: number; messages: number; entities: number; quarantined: number };
  summary: Findings['summary'] | null;
  /** Transfers the findings were computed over (null: not analysed); the case may hold more since. */
  analysedTransfers: number | null;
  /** End recipients per jurisdiction (received USD summed), for the dashboard. */
  jurisdictions: Array<{ jurisdiction: string; receivedUsd: number; accounts: number }>;
  /** Persons with the largest turnover: the headline "turnover of key figures". */
  keyFigures: Array<{ id: string; label: string; roles: Role[]; inUsd: number; outUsd: number }>;
  /** The findings' networks (what the "networks" figure counts), largest first; each lists its persons. */
  networks?: Array<{ id: string; size: number; turnoverUsd: number; regions: string[] }>;
  /**
   * The tiles that open an entity list, counted from that list (`entity-lists.ts`): persons and accounts. Absent
   * before the analysis.
   */
  tiles?: Record<EntityTileKey, EntityTile>;
}

export interface EvidenceRef {
  table: TableName;
  evidenceId: string;
  locator: string;
  summary: string;
}

export interface EntityProfile {
  entity: EntitySummary;
  /** The person holding this account, for its name. */
  holderEntity: EntitySummary | null;
  person: FindingsPerson | null;
  account: FindingsAccount | null;
  channel: FindingsChannel | null;
  holders: Array<{
    account: string;
    holderName: string | null;
    iin: string | null;
    passport: string | null;
    nationality: string | null;
    institution: string | null;
    evidenceId: string;
    locator: string;
  }>;
  identifiers: string[];
  /** Transfer totals per currency as exact decimal strings. */
  totals: Array<{ currency: string; in: string; out: string; countIn: number; countOut: number }>;
  usd: { in: string; out: string; unconverted: number };
  records: EvidenceRef[];
  /**
   * The records behind this entity: an account's holder records, mentions and transfers; a Telegram account's
   * messages and mentions; a chat's messages (`records` lists the first of them, oldest first).
   */
  recordsTotal: number;
  /**
   * What the `tg_users` records state about a Telegram account (`tg:user:…`, `tg:@name`) or a phone, each value with
   * its records: every display name, username (`tg:@name`) and phone; `accounts`: for a username or a phone, the
   * accounts whose records give it (HasUsername, HasPhone). Null for other entities. A username's records carry no
   * time: when it was first or last used is not known from them.
   */
  telegram: TelegramFacts | null;
  /**
   * Who posted this account (card, wallet, phone…) in chats: the authors of the messages that mention it, with
   * their message counts and the first messages. Posting is not holding: no holder is made of it. `isHolder`: the
   * case's person resolution makes this author the account's holder (his Telegram account is one of the holder
   * person's identifiers): he posted his own account.
   */
  postedBy: Array<Poster & { isHolder: boolean }>;
  /**
   * How many messages mention this entity (`/api/messages?identifier=<id>` lists them: its id, and a Telegram
   * account's or chat's usernames); null for a person, whom messages name only through his identifiers.
   */
  mentioning: number | null;
  /**
   * A person's usernames (his `tg:@…` identifiers, e.g. a person made of a username named as a shop's contact): how
   * many messages mention each, as `mentioning` counts them for the username's own profile. Empty for other entities.
   */
  usernameMentions: Array<{ identifier: string; messages: number }>;
  /** `path`: where the file was ingested from (`evidencePath`: the ingest argument as typed, then the path below it), null for a case from before paths. */
  evidenceFiles: Array<{
    evidenceId: string;
    originalName: string | null;
    path: string | null;
    records: number;
  }>;
}

export interface GraphNode {
  id: string;
  kind: string;
  label: string;
  roles: Role[];
  /** Neighbours not included because of the hub cap ("N more"). */
  hidden: number;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind:
    | 'Transfer'
    | 'Holds'
    | 'MemberOf'
    | 'Admin'
    | 'Mentions'
    | 'Posted'
    | 'Forwarded'
    | 'HasPhone'
    | 'MigratedTo'
    | 'HasUsername';
  count: number;
  /** Summed USD cents as decimal string, when convertible. */
  usd: string | null;
  firstAt: string | null;
  lastAt: string | null;
}

export interface GraphResponse {
  nodes: GraphNode[];
  edges: GraphEdge[];
  truncated: boolean;
}

export type TransferItem = TransferRow & { usd: string | null };

export interface MessageItem {
  message: MessageRow;
  labels: Array<{
    label: MessageLabel;
    score: number;
    terms: Array<{ term: string; start: number; end: number }>;
    /** A label the message has from its chat, not its own text (docs/labels.md, "Chat context"): why, and the anchor message ids. */
    context?: { reason: string; refs: string[] };
  }>;
  mentions: Array<{ identifier: string; kind: string; start: number; end: number; validated: boolean }>;
}

export interface ChannelItem {
  id: string;
  title: string | null;
  type: string | null;
  messages: number;
  labels: FindingsChannel['labels'];
}

/** Amount attribution per end point, from the services' trace (FIFO, haircut or poison). */
export interface TraceAttribution {
  method: string;
  seededUsd: number;
  endpoints: Array<{
    account: string;
    holder: string | null;
    jurisdiction: string | null;
    usd: number;
    hops: number;
    stop: string;
  }>;
  warnings: string[];
}

export interface TraceResponse {
  seeds: string[];
  direction: 'forward' | 'backward';
  method: string;
  nodes: Array<{ id: string; hop: number; roles: Role[]; label: string }>;
  edges: GraphEdge[];
  /** Transfer ids on the trace (capped). */
  transfers: string[];
  truncated: boolean;
  attribution: TraceAttribution | null;
  /** Why no attribution came back (unknown account form, no rates …). */
  attributionError?: string;
}

export interface FlowsResponse {
  stages: Array<{ id: string; stage: number }>;
  links: Array<{ source: string; target: string; usd: string; count: number }>;
  basis: 'case' | 'trace';
}

export interface TimelineResponse {
  bucket: 'day' | 'month';
  transfers: Array<{ t: string; count: number; usd: string }>;
  messages: Array<{ t: string; count: number }>;
}

export interface GeoResponse {
  seizures: Array<
    Pick<
      SeizureRow,
      | 'seizureId'
      | 'date'
      | 'place'
      | 'lat'
      | 'lon'
      | 'substance'
      | 'massG'
      | 'description'
      | 'personId'
      | 'evidenceId'
      | 'locator'
    >
  >;
  points: Array<{
    lat: number;
    lon: number;
    chatId: string;
    messageId: string;
    evidenceId: string;
    locator: string;
  }>;
  regions: Array<{ name: string; networks: string[] }>;
}

export type EvidenceItem = EvidenceRow & { issues: number };

export interface RecordsResponse {
  evidence: EvidenceRow | null;
  records: Array<{ table: TableName; row: Record<string, unknown> }>;
}

export type IssueItem = IssueRow;

export interface ReportResponse {
  lang: 'ru' | 'en';
  markdown: string;
  /**
   * The report as blocks (headings, paragraphs, lists, tables, footnotes with each record's file and locator) for
   * the workspace to build elements from; all text plain. Null when the case has no findings.
   */
  doc: ReportDoc | null;
}
