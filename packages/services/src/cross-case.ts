/**
 * Cross-case hits in a workspace (a folder of cases): every identifier that appears in two or more cases
 * is reported in each of them, with what it is in every case. Each case is indexed over everything its
 * store holds — accounts in transfers, KYC holders and exchange orders, identifiers mentioned in
 * messages, Telegram users, phones, IINs and passports — not only over the identifiers its findings
 * name: a dropper card of one group is often just a counterparty in the other group's transfers.
 */
import type { Store } from '@dragnet/core';
import { type CaseIdentifiers, type CrossCaseHit, crossCase } from '@dragnet/core/analysis/cross-case.ts';
import type { Findings } from '@dragnet/core/findings/findings.ts';
import { normalizePhone } from '@dragnet/core/identifiers/index.ts';
import { FINDINGS_DOC } from './analyze-case.ts';

export interface WorkspaceCase {
  name: string;
  store: Store;
}

/** A masked card (`440043******1234`) stands for many cards: never a cross-case link. */
const usable = (id: string | null | undefined): id is string => !!id && id.includes(':') && !id.includes('*');

function phoneId(raw: string | null): string | null {
  if (!raw) return null;
  if (raw.startsWith('phone:')) return raw;
  const r = normalizePhone(raw);
  return r.ok ? r.id : null;
}
const iinId = (raw: string | null) =>
  raw ? (raw.startsWith('iin:') ? raw : `iin:${raw.replace(/\D/g, '')}`) : null;
const passportId = (raw: string | null) =>
  raw
    ? `passport:${raw
        .replace(/^passport:/, '')
        .replace(/[\s-]/g, '')
        .toUpperCase()}`
    : null;

/**
 * Identifiers a case knows with a one-line context each. The findings give the richest context (holder,
 * roles); every other identifier in the store is added with the record it came from. Rows are streamed;
 * only the identifier → context map is kept.
 */
export async function caseIdentifiers(c: WorkspaceCase): Promise<CaseIdentifiers> {
  const identifiers = new Map<string, string>();
  const add = (id: string | null | undefined, ctx: () => string) => {
    if (usable(id) && !identifiers.has(id)) identifiers.set(id, ctx());
  };
  const f = await c.store.getDocument<Findings>(FINDINGS_DOC);
  if (f) {
    const personName = new Map(f.persons.map((p) => [p.id, p.names[0] ?? p.id]));
    for (const p of f.persons) {
      const ctx = `${p.names[0] ?? p.id} (${p.roles.join(', ')})`;
      for (const id of [...p.identifiers, ...p.accounts]) add(id, () => ctx);
    }
    for (const a of f.accounts) {
      const who = a.holder ? (personName.get(a.holder) ?? a.holder) : 'holder unknown';
      add(a.id, () => `${a.kind} of ${who} (${a.roles.map((r) => r.role).join(', ') || 'no role'})`);
    }
    for (const e of f.endRecipients)
      add(e.account, () => `end recipient, $${e.receivedUsd} (${e.jurisdiction ?? '?'})`);
  }
  const s = c.store;
  for await (const h of s.scan('holders')) {
    const who = `KYC holder ${h.holderName ?? '?'} of ${h.account}`;
    add(h.account, () => `account of ${h.holderName ?? '?'} (KYC, no role)`);
    add(phoneId(h.phone), () => `phone of ${who}`);
    add(iinId(h.iin), () => `IIN of ${who}`);
    add(passportId(h.passport), () => `passport of ${who}`);
  }
  for await (const p of s.scan('persons')) {
    const who = `${p.name ?? p.personId} (persons.csv ${p.personId}, ${p.status})`;
    add(iinId(p.iin), () => `IIN of ${who}`);
    add(passportId(p.passport), () => `passport of ${who}`);
  }
  for await (const u of s.scan('tg_users')) {
    const who = `Telegram user ${u.displayName ?? u.userId}`;
    add(u.userId.startsWith('tg:') ? u.userId : `tg:user:${u.userId}`, () => who);
    if (u.username) add(`tg:@${u.username.replace(/^@/, '').toLowerCase()}`, () => who);
    add(phoneId(u.phone), () => `phone of ${who}`);
  }
  for await (const o of s.scan('exchange_orders')) {
    const ctx = () => `party to ${o.exchange} order ${o.orderId}`;
    for (const id of [o.buyerUser, o.sellerUser, o.paymentFrom, o.paymentTo]) add(id, ctx);
  }
  for await (const m of s.scan('mentions'))
    add(m.identifier, () => `mentioned in message ${m.chatId}#${m.messageId}`);
  for await (const t of s.scan('transfers')) {
    add(t.fromAccount, () => `payer in transfer ${t.id}${t.fromHolder ? ` (holder ${t.fromHolder})` : ''}`);
    add(t.toAccount, () => `payee in transfer ${t.id}${t.toHolder ? ` (holder ${t.toHolder})` : ''}`);
  }
  return { caseName: c.name, identifiers };
}

/**
 * Indexes every case of the workspace, finds shared identifiers and writes the hits into each case's
 * stored findings (`crossCase`), so both cases report them. Returns all hits.
 */
export async function crossCaseHits(cases: readonly WorkspaceCase[]): Promise<CrossCaseHit[]> {
  const index: CaseIdentifiers[] = [];
  // One case at a time: each index holds only identifiers and short contexts.
  for (const c of cases) index.push(await caseIdentifiers(c));
  const hits = crossCase(index);
  for (const c of cases) {
    const f = await c.store.getDocument<Findings>(FINDINGS_DOC);
    if (!f) continue;
    f.crossCase = hits
      .filter((h) => h.cases.includes(c.name))
      .map((h) => ({ identifier: h.identifier, cases: h.cases, contexts: h.contexts }));
    await c.store.putDocument(FINDINGS_DOC, f);
  }
  return hits;
}
