import type { CaseIndex, EntitySummary } from './case-index.ts';
import type { Role } from './findings.ts';

/**
 * What an entity list holds, as `/api/entities` filters it (text search aside): the dashboard's tiles count these
 * same lists, so a figure and the list it opens cannot disagree (one definition, here).
 */
export interface EntityListFilter {
  kind?: string | undefined;
  role?: Role | undefined;
  network?: string | undefined;
  /** The persons the findings count as participants (`summary.participants`). */
  participants?: boolean | undefined;
  /** Persons, or everything else (the cards, bank accounts and wallets of a role). */
  group?: EntityGroup | undefined;
}

export type EntityGroup = 'persons' | 'accounts';

export const groupOf = (e: EntitySummary): EntityGroup => (e.kind === 'Person' ? 'persons' : 'accounts');

const participantSets = new WeakMap<CaseIndex, ReadonlySet<string>>();

/**
 * The participants as the findings count them (docs/findings.md `participants`): persons holding a role other than
 * buyer or unknown, each counted once: a Telegram-only namesake counted with a person known from bank records
 * (`countedWith`) is not one of them.
 */
export function participantIds(index: CaseIndex): ReadonlySet<string> {
  let ids = participantSets.get(index);
  if (!ids) {
    ids = new Set(
      (index.findings?.persons ?? [])
        .filter((p) => p.countedWith === undefined && p.roles.some((r) => r !== 'buyer' && r !== 'unknown'))
        .map((p) => p.id),
    );
    participantSets.set(index, ids);
  }
  return ids;
}

/** Persons left out of the participants list because they are counted with a namesake. */
export function countedWithOthers(index: CaseIndex): number {
  return (index.findings?.persons ?? []).filter((p) => p.countedWith !== undefined).length;
}

/** The entities a filter keeps, in the index's order (without the group: see `groupCounts`). */
export function filterEntities(index: CaseIndex, f: Omit<EntityListFilter, 'group'>): EntitySummary[] {
  const participants = f.participants ? participantIds(index) : null;
  return [...index.entities.values()].filter(
    (e) =>
      (!f.kind || e.kind === f.kind) &&
      (!f.role || e.roles.includes(f.role)) &&
      (!f.network || e.network === f.network) &&
      (!participants || (e.kind === 'Person' && participants.has(e.id))),
  );
}

/** Kinds that hold money: the "accounts" of a list when it holds nothing else besides persons. */
const ACCOUNT_KINDS: ReadonlySet<string> = new Set([
  'BankCard',
  'BankAccount',
  'CryptoWallet',
  'ExchangeAccount',
]);

/**
 * How many persons and non-persons a list holds, and how many of the non-persons are not accounts (phones, chats,
 * Telegram users, places…): where some are, the UI names the group "identifiers", not "accounts".
 */
export interface GroupCounts extends Record<EntityGroup, number> {
  notAccounts: number;
}

export function groupCounts(items: readonly EntitySummary[]): GroupCounts {
  const n = { persons: 0, accounts: 0, notAccounts: 0 };
  for (const e of items) {
    n[groupOf(e)] += 1;
    if (e.kind !== 'Person' && !ACCOUNT_KINDS.has(e.kind)) n.notAccounts += 1;
  }
  return n;
}

/** A dashboard tile that opens an entity list: the list's filter and how many persons and accounts it holds. */
export interface EntityTile {
  /** `/api/entities` and `#/entities` parameters of the list the tile opens. */
  query: Record<string, string>;
  persons: number;
  accounts: number;
  /** Of `accounts`, those that are not accounts (phones, chats, Telegram users…). */
  notAccounts: number;
  /** The group the findings' figure counts (the number alone where the list holds nothing else). */
  counts: EntityGroup;
}

export type EntityTileKey = 'participants' | 'droppers' | 'exchangers' | 'endRecipients';

/** The findings' figures that are entity lists, and what each of them counts (docs/findings.md `summary`). */
const TILES: Record<EntityTileKey, { filter: Omit<EntityListFilter, 'group'>; counts: EntityGroup }> = {
  participants: { filter: { participants: true }, counts: 'persons' },
  droppers: { filter: { role: 'dropper' }, counts: 'accounts' },
  exchangers: { filter: { role: 'exchanger' }, counts: 'persons' },
  endRecipients: { filter: { role: 'end_recipient' }, counts: 'accounts' },
};

export function entityTiles(index: CaseIndex): Record<EntityTileKey, EntityTile> {
  const out = {} as Record<EntityTileKey, EntityTile>;
  for (const [key, { filter, counts }] of Object.entries(TILES) as Array<
    [EntityTileKey, (typeof TILES)[EntityTileKey]]
  >) {
    const query: Record<string, string> = {};
    if (filter.participants) query['participants'] = '1';
    if (filter.role) query['role'] = filter.role;
    out[key] = { query, counts, ...groupCounts(filterEntities(index, filter)) };
  }
  return out;
}
