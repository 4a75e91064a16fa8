/**
 * The findings document (CONTRACT §4, `schemaVersion: 1`) as the server reads it from
 * `store.getDocument('findings')`. Written by the analysis; the server only reads it and tolerates
 * missing arrays so that a case that was ingested but not analysed still opens.
 */

export type Role =
  | 'operator'
  | 'recruiter'
  | 'courier'
  | 'dropper'
  | 'exchanger'
  | 'end_recipient'
  | 'buyer'
  | 'chemist'
  | 'supplier'
  | 'unknown';

export type ChannelLabel = 'sale' | 'recruitment' | 'training' | 'payment' | 'drop_report';

export interface FindingsPerson {
  id: string;
  names: string[];
  identifiers: string[];
  roles: Role[];
  network: string | null;
  nationality: string[];
  accounts: string[];
  turnoverUsd: { in: number; out: number };
  /** Additive: a Telegram-only namesake counted once with this person id (not a participant of his own). */
  countedWith?: string;
  /** Additive: the person's roles with their scores and reasons (CONTRACT §4); absent in older documents. */
  roleDetails?: RoleClaim[];
}

export interface RoleClaim {
  role: Role;
  score: number;
  reasons: string[];
}

export interface FindingsAccount {
  id: string;
  kind: string;
  holder: string | null;
  roles: RoleClaim[];
  inUsd: number;
  outUsd: number;
  counterparties: number;
}

export interface FindingsChannel {
  id: string;
  title: string | null;
  labels: Array<{ label: ChannelLabel; score: number; evidence: string[] }>;
}

export interface FindingsNetwork {
  id: string;
  size: number;
  members: string[];
  turnoverUsd: number;
  regions: string[];
}

export interface FindingsEndRecipient {
  account: string;
  holder: string | null;
  jurisdiction: string | null;
  receivedUsd: number;
  method: string;
}

export interface Findings {
  schemaVersion: number;
  case: { name: string; evidence: number; transfers: number; messages: number };
  summary: {
    participants: number;
    networks: number;
    droppers: number;
    exchangers: number;
    channelsFlagged: number;
    endRecipients: number;
    turnoverUsd: number;
    /** Transfers with no USD rate (they count as $0), in all and by currency; absent in older documents. */
    unratedTransfers?: { count: number; byCurrency: Record<string, number> };
    /** `channelsFlagged` by stored chat type; absent in older documents. */
    channelsFlaggedByType?: Record<string, number>;
  };
  persons: FindingsPerson[];
  accounts: FindingsAccount[];
  channels: FindingsChannel[];
  networks: FindingsNetwork[];
  endRecipients: FindingsEndRecipient[];
  crossCase: Array<{ identifier: string; cases: string[] }>;
  /** The findings' key figures (operators first, then by turnover); empty in older documents. */
  keyFigures: string[];
}

/** Fills absent arrays and figures so views never crash on a partial or older document. */
export function normalizeFindings(raw: unknown): Findings | null {
  if (!raw || typeof raw !== 'object') return null;
  const f = raw as Partial<Findings>;
  const arr = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);
  return {
    schemaVersion: typeof f.schemaVersion === 'number' ? f.schemaVersion : 1,
    case: { name: '', evidence: 0, transfers: 0, messages: 0, ...(f.case ?? {}) },
    summary: {
      participants: 0,
      networks: 0,
      droppers: 0,
      exchangers: 0,
      channelsFlagged: 0,
      endRecipients: 0,
      turnoverUsd: 0,
      ...(f.summary ?? {}),
    },
    persons: arr(f.persons).map((p) => ({
      ...p,
      names: arr(p.names),
      identifiers: arr(p.identifiers),
      roles: arr(p.roles),
      nationality: arr(p.nationality),
      accounts: arr(p.accounts),
      network: p.network ?? null,
      turnoverUsd: p.turnoverUsd ?? { in: 0, out: 0 },
    })),
    accounts: arr(f.accounts).map((a) => ({ ...a, roles: arr(a.roles), holder: a.holder ?? null })),
    channels: arr(f.channels).map((c) => ({ ...c, title: c.title ?? null, labels: arr(c.labels) })),
    networks: arr(f.networks).map((n) => ({ ...n, members: arr(n.members), regions: arr(n.regions) })),
    endRecipients: arr(f.endRecipients),
    crossCase: arr(f.crossCase),
    keyFigures: arr((raw as { analysis?: { keyFigures?: unknown[] } }).analysis?.keyFigures).filter(
      (id): id is string => typeof id === 'string',
    ),
  };
}
