import type { Store } from '@dragnet/core';
import { collectEntities } from './collect-entities.ts';

/** `dragnet status --json`: CONTRACT §1 keys first, then more detail. */
export interface CaseStatus {
  evidence: number;
  transfers: number;
  messages: number;
  entities: number;
  quarantined: number;
  chats: number;
  telegramUsers: number;
  /** Distinct identifiers found in messages that passed their check (CONTRACT §2 forms, `geo:`, URLs). */
  identifiers: number;
  /** Distinct values found in messages that failed their check (`unverified:…`: a card failing Luhn, a v2 onion …). */
  unverifiedIdentifiers: number;
  holders: number;
  persons: number;
  exchangeOrders: number;
  statements: number;
  unreconciledStatements: number;
  flaggedMessages: number;
  byFormat: Record<string, number>;
  /**
   * `error` issues: files the case holds only in part (their parse stopped at a break) and findings such as a
   * statement that does not reconcile. Files whose parse failed before any record are not in the case at all.
   */
  errors: number;
  /** `warning` issues (times stored as if UTC, bytes that are not UTF-8 …). */
  warnings: number;
}

export async function caseStatus(store: Store): Promise<CaseStatus> {
  const entities = await collectEntities(store, { evidence: false });
  const byFormat: Record<string, number> = {};
  for await (const e of store.scan('evidence')) byFormat[e.format] = (byFormat[e.format] ?? 0) + 1;
  // One row per chat and export page (a two-page HTML export stores its chat twice): count the chats.
  const chats = new Set<string>();
  for await (const c of store.scan('chats')) chats.add(c.chatId);
  const users = new Set<string>();
  for await (const u of store.scan('tg_users')) users.add(u.userId);
  const identifiers = new Set<string>();
  const unverified = new Set<string>();
  for await (const m of store.scan('mentions')) (m.validated ? identifiers : unverified).add(m.identifier);
  const flagged = new Set<string>();
  for await (const l of store.scan('message_labels')) flagged.add(`${l.chatId}/${l.messageId}`);
  return {
    evidence: await store.count('evidence'),
    transfers: await store.count('transfers'),
    messages: await store.count('messages'),
    entities: entities.size,
    quarantined: await store.count('issues', { where: { severity: 'quarantine' } }),
    chats: chats.size,
    telegramUsers: users.size,
    identifiers: identifiers.size,
    unverifiedIdentifiers: unverified.size,
    holders: await store.count('holders'),
    persons: await store.count('persons'),
    exchangeOrders: await store.count('exchange_orders'),
    statements: await store.count('statements'),
    unreconciledStatements: await store.count('statements', { where: { reconciled: false } }),
    flaggedMessages: flagged.size,
    byFormat,
    errors: await store.count('issues', { where: { severity: 'error' } }),
    warnings: await store.count('issues', { where: { severity: 'warning' } }),
  };
}
