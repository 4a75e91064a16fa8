import type { Role } from '../analysis/assign-roles.ts';
import type { ChatType, MessageLabel } from '../model/tables.ts';

/** Findings JSON, CONTRACT §4 (`schemaVersion: 1`), plus additive fields documented in docs/findings.md. */
export interface Findings {
  schemaVersion: 1;
  case: { name: string; evidence: number; transfers: number; messages: number };
  summary: {
    participants: number;
    networks: number;
    droppers: number;
    exchangers: number;
    channelsFlagged: number;
    endRecipients: number;
    turnoverUsd: number;
    /**
     * Additive: transfers of the case with no USD rate (they count as $0 in every USD figure), in all and by
     * currency; `{ count: 0, byCurrency: {} }` when every transfer was converted. Absent in findings stored
     * before it existed.
     */
    unratedTransfers?: { count: number; byCurrency: Record<string, number> };
    /**
     * Additive: `channelsFlagged` by the stored chat type (`channel`, `supergroup`, `group`, `unknown` …).
     * Absent in findings stored before it existed.
     */
    channelsFlaggedByType?: Partial<Record<ChatType, number>>;
  };
  persons: FindingsPerson[];
  accounts: FindingsAccount[];
  channels: FindingsChannel[];
  networks: FindingsNetwork[];
  endRecipients: FindingsEndRecipient[];
  crossCase: FindingsCrossCase[];
  /** Additive: analysis metadata. */
  analysis: {
    rulesVersion: string;
    generatedAt: string;
    traceMethod: string;
    /** Key figures: person ids ranked by turnover (in + out). */
    keyFigures: string[];
    mergeCandidates: Array<{
      a: string;
      b: string;
      keyA: string;
      keyB: string;
      score: number;
      reasons: string[];
    }>;
    mergeAlarms: Array<{ kind: string; keys: string[]; reason: string }>;
    warnings: string[];
  };
}

export interface FindingsPerson {
  id: string;
  names: string[];
  identifiers: string[];
  roles: Role[];
  network: string | null;
  nationality: string[];
  accounts: string[];
  turnoverUsd: { in: number; out: number };
  /** Additive: role scores and reasons at person level. */
  roleDetails: FindingsRole[];
  regions: string[];
  /**
   * Additive: a participant known only through Telegram counted once with the namesake known from bank records
   * (`participants.countNamesakesOnce`): that person's id. Absent on every other person.
   */
  countedWith?: string;
}

export interface FindingsRole {
  role: Role;
  score: number;
  reasons: string[];
}

export interface FindingsAccount {
  id: string;
  kind: string;
  holder: string | null;
  roles: FindingsRole[];
  inUsd: number;
  outUsd: number;
  counterparties: number;
}

export interface FindingsChannel {
  id: string;
  title: string | null;
  /** Additive: the stored chat type (`channel`, `group`, `supergroup`, `unknown` …). */
  type?: ChatType;
  labels: Array<{ label: MessageLabel; score: number; evidence: string[] }>;
}

export interface FindingsNetwork {
  id: string;
  size: number;
  members: string[];
  turnoverUsd: number;
  regions: string[];
  /** Additive: how many members hold each role. */
  roles: Partial<Record<Role, number>>;
}

export interface FindingsEndRecipient {
  account: string;
  holder: string | null;
  jurisdiction: string | null;
  receivedUsd: number;
  method: string;
  /** Additive: the largest paths (accounts in order) and the transfers along them. */
  paths: Array<{ accounts: string[]; transfers: string[]; usd: number }>;
}

export interface FindingsCrossCase {
  identifier: string;
  cases: string[];
  /** Additive: what the identifier is in each case. */
  contexts?: Array<{ case: string; context: string }>;
}

/** What a report footnote points at: evidence files and sample records behind a figure. */
export interface Footnote {
  figure: string;
  evidenceIds: string[];
  /** Transfer ids, message refs (`tg:chat:…#id`), order refs. */
  records: string[];
}

/** Stored next to the findings: footnote data for every headline figure and role. */
export interface FindingsSupport {
  footnotes: Record<string, Footnote>;
}
