import {
  type ChatType,
  type EntityKind,
  entityKindOf,
  geoPoint,
  graphMention,
  chatTitle,
  preferChatType,
  type Store,
} from '@dragnet/core';
import { isNormalForm, privateChatSides } from '@dragnet/core/identifiers/index.ts';

/** One node of the case graph as the exports and `status` see it before analysis. */
export interface CollectedEntity {
  id: string;
  kind: EntityKind;
  names: Set<string>;
  /** Evidence files the entity was seen in. */
  evidence: Set<string>;
  props: Record<string, string>;
}

/**
 * Every identifier and named party in the case, from all tables, in one pass per table. Accounts come
 * from transfers, holders, orders and message mentions; persons from persons.csv and KYC holder records.
 * With `evidence: false` (counting only) the transfer accounts come from the store's distinct list when it
 * has one, and a transfer account's evidence set is left empty: reading every transfer row into JS cost
 * seconds per million transfers. `phoneLinks`, when given, receives the HasPhone links of the same pass: a Telegram
 * account's phone (`tg_users.phone`: the account owner, contacts) and a KYC holder record's (`holders.phone`), one per
 * party and phone with every record that states it.
 */
export async function collectEntities(
  store: Store,
  options: { evidence?: boolean; phoneLinks?: Map<string, PhoneLink> } = {},
): Promise<Map<string, CollectedEntity>> {
  const out = new Map<string, CollectedEntity>();
  const links = options.phoneLinks;
  const link = (
    party: string | null,
    phone: string | null,
    record: { evidenceId: string; locator: string },
  ) => {
    if (!links || !party || !phone) return;
    const proof = `${record.evidenceId}#${record.locator}`;
    const key = `${party}\u0000${phone}`;
    let l = links.get(key);
    if (!l) links.set(key, (l = { party, phone, proof: new Set() }));
    l.proof.add(proof);
  };
  const touch = (
    id: string | null | undefined,
    evidenceId: string | undefined,
    kind?: EntityKind,
  ): CollectedEntity | undefined => {
    if (!id) return undefined;
    let e = out.get(id);
    if (!e) {
      const k = kind ?? entityKindOf(id);
      if (!k) return undefined;
      e = { id, kind: k, names: new Set(), evidence: new Set(), props: {} };
      const at = geoPoint(id);
      if (at) Object.assign(e.props, at);
      out.set(id, e);
    }
    if (evidenceId !== undefined) e.evidence.add(evidenceId);
    return e;
  };
  if (options.evidence === false && store.distinctAccounts) {
    for await (const account of store.distinctAccounts()) touch(account, undefined);
  } else {
    for await (const t of store.scan('transfers')) {
      touch(t.fromAccount, t.evidenceId);
      touch(t.toAccount, t.evidenceId);
    }
  }
  for await (const h of store.scan('holders')) {
    touch(h.account, h.evidenceId);
    const phone = phoneOf(h.phone);
    touch(phone, h.evidenceId);
    const person = holderPersonId(h);
    link(person, phone, h);
    const p = touch(person, h.evidenceId, 'Person');
    if (p && h.holderName) p.names.add(h.holderName);
    if (p && h.nationality) p.props['nationality'] = h.nationality;
  }
  for await (const p of store.scan('persons')) {
    const e = touch(`person:${p.personId}`, p.evidenceId, 'Person');
    if (e && p.name) e.names.add(p.name);
    if (e) {
      e.props['status'] = p.status;
      if (p.nationality) e.props['nationality'] = p.nationality;
      if (p.iin) e.props['iin'] = p.iin;
    }
  }
  for await (const x of store.scan('exchanges')) {
    const e = touch(`org:exchange:${x.exchange}`, x.evidenceId, 'Organization');
    if (e) {
      e.names.add(x.name ?? x.exchange);
      e.props['licensed'] = String(x.licensed);
      if (x.jurisdiction) e.props['jurisdiction'] = x.jurisdiction;
    }
  }
  for await (const o of store.scan('exchange_orders')) {
    touch(o.buyerUser, o.evidenceId);
    touch(o.sellerUser, o.evidenceId);
    touch(o.paymentFrom, o.evidenceId);
    touch(o.paymentTo, o.evidenceId);
  }
  for await (const c of store.scan('chats')) {
    const e = touch(c.chatId, c.evidenceId, 'TelegramChat');
    if (e && c.title) e.names.add(c.title);
    // An HTML chat's pages say no type, its export's chat list does: the most telling type wins.
    if (e) e.props['type'] = preferChatType(e.props['type'] as ChatType | undefined, c.type);
  }
  const displayNames = new Map<string, string>();
  for await (const u of store.scan('tg_users')) {
    const e = touch(u.userId, u.evidenceId, 'TelegramUser');
    if (e && u.displayName) e.names.add(u.displayName);
    if (e && u.username) e.names.add(`@${u.username}`);
    if (u.displayName && !displayNames.has(u.userId)) displayNames.set(u.userId, u.displayName);
    const phone = phoneOf(u.phone);
    touch(phone, u.evidenceId);
    link(u.userId, phone, u);
  }
  // A private chat's name is its two people (`chatTitle`), first among its names (the graph's label), then each
  // phone's name for the other side.
  for (const e of out.values())
    if (e.kind === 'TelegramChat' && privateChatSides(e.id) !== null) {
      const title = chatTitle(e.id, [...e.names], (u) => displayNames.get(u));
      if (title !== null) e.names = new Set([title, ...e.names]);
    }
  for await (const m of store.scan('mentions')) {
    if (graphMention(m.identifier, m.validated)) touch(m.identifier, m.evidenceId);
  }
  for await (const s of store.scan('seizures')) {
    const e = touch(`seizure:${s.seizureId}`, s.evidenceId, 'Seizure');
    if (e && s.place) e.names.add(s.place);
    if (e && s.lat !== null && s.lon !== null) {
      e.props['latitude'] = String(s.lat);
      e.props['longitude'] = String(s.lon);
    }
  }
  return out;
}

/** A phone as an entity id: `phone:+…` in normal form; a number the parser kept as written is none. */
export function phoneOf(phone: string | null): string | null {
  return phone?.startsWith('phone:') && isNormalForm(phone) ? phone : null;
}

/** A HasPhone link (docs/data-model.md): a Telegram account's phone or a KYC holder record's, per party and phone. */
export interface PhoneLink {
  party: string;
  phone: string;
  /** `<evidence>#<locator>` of each record that states it. */
  proof: Set<string>;
}

/** The person behind a KYC/holder record before resolution: by IIN when known, else by name. */
export function holderPersonId(h: {
  iin: string | null;
  passport: string | null;
  holderName: string | null;
}): string | null {
  if (h.iin) return `person:iin:${h.iin.replace(/^iin:/, '')}`;
  if (h.passport) return `person:passport:${h.passport.toUpperCase().replace(/\s+/g, '')}`;
  if (h.holderName) return `person:name:${h.holderName.trim().toLowerCase().replace(/\s+/g, ' ')}`;
  return null;
}
