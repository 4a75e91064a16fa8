import type { MessageRow } from '@dragnet/core';
import {
  ENTITY_KINDS,
  entityKindOf,
  forwardedSource,
  graphMention,
  MIGRATE_FROM,
  MIGRATE_TO,
  type MigrationMessage,
  membershipLinkKind,
  migrationLinks,
  postedBy,
} from '@dragnet/core/model/index.ts';
import { normalizeIdentifier } from '@dragnet/core/identifiers/index.ts';
import { phoneOf } from '@dragnet/services/collect-entities.ts';
import {
  type Poster,
  postersOf,
  type TelegramFacts,
  telegramFacts,
  tgUsersOfUsername,
  usernameId,
} from '@dragnet/services/telegram-facts.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import { type AccountView, NEIGHBOURS_CAP, RECORDS_CAP } from '../account-views.ts';
import type {
  EntityPage,
  EntityProfile,
  EvidenceRef,
  GraphEdge,
  GraphNode,
  GraphResponse,
} from '../api-types.ts';
import type { EntitySummary } from '../case-index.ts';
import { mentionedAs, messagesMentioning } from '../mentioned-as.ts';
import { countedWithOthers, filterEntities, groupCounts, groupOf } from '../entity-lists.ts';
import type { Role } from '../findings.ts';
import { centsToString } from '../usd.ts';
import type { RouteDeps } from './deps.ts';
import { EdgeAggregator } from './graph-edges.ts';
import { collect, limit, notFound, offset, optText, parseQuery } from './query.ts';

const ROLES = [
  'operator',
  'recruiter',
  'courier',
  'dropper',
  'exchanger',
  'end_recipient',
  'buyer',
  'chemist',
  'supplier',
  'unknown',
] as const satisfies readonly Role[];
/** Messages read per Telegram neighbours request (Posted, Forwarded): a hub chat's links come from its first ones. */
const TELEGRAM_SCAN_CAP = 50_000;

const KINDS: [string, ...string[]] = ['Unknown', ...ENTITY_KINDS.map((k) => k.kind)];

const idQuery = z.object({
  id: z.string().min(1, 'id is required (an identifier such as card:… or a person id)').max(300),
});

export function entityRoutes({ store, index }: RouteDeps): Hono {
  const app = new Hono();
  // The `tg_users` rows of a username: looked up by the spellings the case index noted (built once per server, as the
  // rest of it: a served case is open in this process only, so no ingest changes it meanwhile).
  const byUsername = (name: string) => tgUsersOfUsername(store, name, [...(index.usernames.get(name) ?? [])]);

  app.get('/entities', async (c) => {
    const q = parseQuery(
      c,
      z.object({
        q: optText,
        kind: z.enum(KINDS).optional(),
        role: z.enum(ROLES).optional(),
        network: optText,
        // The dashboard's lists (entity-lists.ts): the participants the findings count; persons or accounts only.
        participants: z.enum(['1', '']).optional(),
        group: z.enum(['persons', 'accounts', '']).optional(),
        sort: z.enum(['relevance', 'label', 'turnover']).default('relevance'),
        limit: limit(1000, 50),
        offset,
      }),
    );
    await index.ready();
    const needle = q.q?.toLowerCase();
    // An identifier as a user types it (`5395 4511 5838 7461`, `8 701 555 44 33`, `@handle`) is also looked for in its
    // normal form (CONTRACT §2), as the ingest stored it.
    const asId = q.q ? normalizeIdentifier(q.q) : undefined;
    const normal = asId?.ok ? asId.id.toLowerCase() : undefined;
    // Digits typed in groups (`4400 4300`, `+7 (701) 555`): matched without the separators too.
    const digits = needle?.replace(/[\s\u00a0()-]/g, '');
    const compact = digits && digits !== needle && /^\+?\d{4,}$/.test(digits) ? digits : undefined;
    const listed = filterEntities(index, {
      kind: q.kind,
      role: q.role,
      network: q.network,
      participants: q.participants === '1',
    }).filter(
      (e) =>
        !needle ||
        e.id.toLowerCase().includes(needle) ||
        e.label.toLowerCase().includes(needle) ||
        e.id.toLowerCase() === normal ||
        (compact !== undefined && e.id.includes(compact)),
    );
    const groups = groupCounts(listed);
    let items = q.group ? listed.filter((e) => groupOf(e) === q.group) : listed;
    const turnover = (e: EntitySummary) => (e.inUsd ?? 0) + (e.outUsd ?? 0);
    if (q.sort === 'label') items.sort((a, b) => a.label.localeCompare(b.label));
    else if (q.sort === 'turnover') items.sort((a, b) => turnover(b) - turnover(a));
    else {
      // Exact identifier hits first, then flagged entities, then by turnover.
      items.sort(
        (a, b) =>
          Number(b.id.toLowerCase() === needle || b.id.toLowerCase() === normal) -
            Number(a.id.toLowerCase() === needle || a.id.toLowerCase() === normal) ||
          b.roles.length - a.roles.length ||
          turnover(b) - turnover(a) ||
          a.id.localeCompare(b.id),
      );
    }
    // An identifier in §2 form that no list holds still opens (e.g. a card seen only in a message).
    if (needle && items.length === 0) {
      const bare = index.entity(q.q ?? '') ?? (asId?.ok ? index.entity(asId.id) : undefined);
      if (bare) items = [bare];
    }
    const body: EntityPage = {
      total: items.length,
      offset: q.offset,
      limit: q.limit,
      items: items.slice(q.offset, q.offset + q.limit),
      groups: listed.length > 0 ? groups : groupCounts(items),
      ...(q.participants === '1' ? { countedWithOthers: countedWithOthers(index) } : {}),
    };
    return c.json(body);
  });

  app.get('/entity', async (c) => {
    const { id } = parseQuery(c, idQuery);
    await index.ready();
    const entity = index.entity(id);
    if (!entity) notFound(`no entity "${id}" in this case: search for it with /api/entities?q=…`);
    const f = index.findings;
    // A Telegram account's profile shows the person the analysis made of it (its roles rest on its messages).
    const person =
      f?.persons.find((p) => p.id === id) ??
      (entity.kind === 'TelegramUser' ? f?.persons.find((p) => p.identifiers.includes(id)) : undefined) ??
      null;
    /** The Telegram accounts whose messages are this entity's own records. */
    const authors =
      entity.kind === 'TelegramUser'
        ? [id]
        : (person?.identifiers ?? []).filter((x) => x.startsWith('tg:user:'));
    const account = f?.accounts.find((a) => a.id === id) ?? null;
    const channel = f?.channels.find((ch) => ch.id === id) ?? null;
    const accounts =
      entity.kind === 'Person'
        ? [
            ...new Set([
              ...entity.accounts,
              ...[...index.holderOf].filter(([, p]) => p === id).map(([a]) => a),
            ]),
          ]
        : [id];
    // A Telegram account, a username or a phone: the names, usernames, phones and accounts its records give.
    const telegram: TelegramFacts | null =
      entity.kind === 'TelegramUser' || entity.kind === 'Phone'
        ? await telegramFacts(store, id, byUsername)
        : null;
    // An account's usernames (HasUsername) are its identifiers: a message mentioning `@name` is a record of it.
    const usernames = id.startsWith('tg:user:') ? (telegram?.usernames.map((u) => u.value) ?? []) : [];
    const identifiers = [...new Set([...(person?.identifiers ?? []), ...accounts, ...usernames])];

    // The three reads are independent: the store answers them side by side.
    const [holderRows, view, mentions, mentioning] = await Promise.all([
      accounts.length
        ? collect(store.scan('holders', { whereIn: { field: 'account', values: accounts } }), 500)
        : [],
      accounts.length ? index.views.view(accounts, index.usd) : null,
      identifiers.length
        ? collect(store.scan('mentions', { whereIn: { field: 'identifier', values: identifiers } }), 2000)
        : [],
      entity.kind === 'Person'
        ? null
        : mentionedAs(store, id).then((values) => messagesMentioning(store, values)),
    ]);
    // A person's usernames: the messages mentioning each, as the username's own profile counts them.
    const usernameMentions =
      entity.kind === 'Person'
        ? await Promise.all(
            (person?.identifiers ?? [])
              .filter((x) => x.startsWith('tg:@'))
              .map(async (identifier) => ({
                identifier,
                messages: await messagesMentioning(store, await mentionedAs(store, identifier)),
              })),
          )
        : [];
    const holders = holderRows.map((h) => ({
      account: h.account,
      holderName: h.holderName,
      iin: h.iin,
      passport: h.passport,
      nationality: h.nationality,
      institution: h.institution,
      evidenceId: h.evidenceId,
      locator: h.locator,
    }));

    /** A chat as a reader knows it: its title (evidence text), else its id. */
    const chatName = (chatId: string) => index.entities.get(chatId)?.label ?? chatId;
    const records: EvidenceRef[] = [];
    for (const h of holders)
      records.push({
        table: 'holders',
        evidenceId: h.evidenceId,
        locator: h.locator,
        summary: `${h.account} ← ${h.holderName ?? '?'}`,
      });
    for (const m of mentions)
      records.push({
        table: 'mentions',
        evidenceId: m.evidenceId,
        locator: m.locator,
        summary: `${chatName(m.chatId)} #${m.messageId}: ${m.raw}`,
      });
    const byFile = new Map<string, number>();
    for (const r of records) byFile.set(r.evidenceId, (byFile.get(r.evidenceId) ?? 0) + 1);
    // The view keeps only the first transfers: the list is cut at RECORDS_CAP anyway.
    for (const t of view?.firstTransfers ?? [])
      records.push({
        table: 'transfers',
        evidenceId: t.evidenceId,
        locator: t.locator,
        summary: `${t.timestamp.slice(0, 16)} ${t.fromAccount ?? '?'} → ${t.toAccount ?? '?'} ${t.amount} ${t.currency}`,
      });
    for (const [evidenceId, n] of view?.transferEvidence ?? [])
      byFile.set(evidenceId, (byFile.get(evidenceId) ?? 0) + n);
    let recordsTotal = holders.length + mentions.length + (view?.transferCount ?? 0);
    /**
     * Messages as records: the first RECORDS_CAP of them (oldest first) listed, every one counted per evidence file
     * in one grouped query. A hub chat or author has tens of thousands: reading them all to list twenty grew with it.
     */
    const messageRecords = async (
      filter: { where: { chatId: string } } | { whereIn: { field: 'authorId'; values: string[] } },
      summary: (m: MessageRow) => string,
    ) => {
      for await (const m of store.scan('messages', {
        ...filter,
        orderBy: ['timestamp'],
        limit: RECORDS_CAP,
      })) {
        records.push({
          table: 'messages',
          evidenceId: m.evidenceId,
          locator: m.locator,
          summary: summary(m),
        });
        // A file of the listed messages comes first, as when each message was counted in turn.
        if (!byFile.has(m.evidenceId)) byFile.set(m.evidenceId, 0);
      }
      const perFile = [...(await store.countBy('messages', 'evidenceId', filter))].sort(([a], [b]) =>
        String(a) < String(b) ? -1 : 1,
      );
      for (const [evidenceId, n] of perFile) {
        if (evidenceId === null) continue;
        byFile.set(evidenceId, (byFile.get(evidenceId) ?? 0) + n);
        recordsTotal += n;
      }
    };
    // The messages this account wrote (or the person's accounts).
    if (authors.length > 0)
      await messageRecords(
        { whereIn: { field: 'authorId', values: authors } },
        (m) => `${chatName(m.chatId)} #${m.messageId}: ${m.text.slice(0, 120)}`,
      );
    // A chat's records are its messages.
    if (entity.kind === 'TelegramChat')
      await messageRecords(
        { where: { chatId: id } },
        (m) =>
          `${chatName(m.chatId)} #${m.messageId}: ${m.authorName ?? m.authorId ?? ''}: ${m.text.slice(0, 120)}`,
      );
    // Who posted this account in chats (not its holder: a relation of its own).
    let postedBy: EntityProfile['postedBy'] = [];
    if (entity.kind !== 'Person' && entity.kind !== 'TelegramChat' && entity.kind !== 'TelegramUser') {
      // A poster whom the case's person resolution makes the account's holder (his Telegram account is one of the
      // holder person's identifiers) posted his own card: said so, not listed as someone else.
      const holder = entity.holder;
      const holderIds = new Set(
        holder ? (f?.persons.find((x) => x.id === holder)?.identifiers ?? []).concat(holder) : [],
      );
      postedBy = ((await postersOf(store, [id])).get(id) ?? []).map((a: Poster) => ({
        ...a,
        isHolder: holderIds.has(a.author) || (holder !== null && index.holderOf.get(a.author) === holder),
      }));
    }
    if (entity.kind === 'Person') {
      for await (const p of store.scan('persons', { where: { personId: id } })) {
        records.push({
          table: 'persons',
          evidenceId: p.evidenceId,
          locator: p.locator,
          summary: `${p.personId} ${p.name ?? ''}`,
        });
        byFile.set(p.evidenceId, (byFile.get(p.evidenceId) ?? 0) + 1);
        recordsTotal += 1;
      }
    }
    const evidenceFiles = await Promise.all(
      [...byFile].map(async ([evidenceId, n]) => {
        // Evidence files do not change while a case is served: one read per file and server.
        const e = await index.memo(`evidence:${evidenceId}`, () => store.getEvidence(evidenceId));
        return { evidenceId, originalName: e?.originalName ?? null, path: e?.path ?? null, records: n };
      }),
    );
    const body: EntityProfile = {
      entity,
      holderEntity: entity.holder ? (index.entity(entity.holder) ?? null) : null,
      person,
      account,
      channel,
      holders,
      identifiers,
      totals: view?.totals ?? [],
      usd: {
        in: centsToString(view?.usd.inCents ?? 0n),
        out: centsToString(view?.usd.outCents ?? 0n),
        unconverted: view?.usd.unconverted ?? 0,
      },
      records: records.slice(0, RECORDS_CAP),
      recordsTotal,
      telegram,
      postedBy,
      mentioning,
      usernameMentions,
      evidenceFiles: evidenceFiles.sort((a, b) => b.records - a.records),
    };
    return c.json(body);
  });

  app.get('/entity/neighbours', async (c) => {
    const q = parseQuery(c, idQuery.extend({ cap: limit(NEIGHBOURS_CAP, 25) }));
    await index.ready();
    const center = index.entity(q.id);
    if (!center) notFound(`no entity "${q.id}" in this case`);
    const agg = new EdgeAggregator(index.usd);
    const id = q.id;
    // Transfer edges of an account come from its view (a hub's is computed once, keeping its heaviest
    // counterparties): the links before them and the mentions after keep the order they always had.
    let transfers: AccountView | null = null;
    const mentions = new EdgeAggregator(index.usd);
    // Message scans stop at TELEGRAM_SCAN_CAP rows (the oldest first): a scan that reached it left links out.
    let capped = false;
    const messagesWhere = async function* (
      where: Partial<Record<'chatId' | 'authorId' | 'forwardedFrom', string>>,
    ) {
      let n = 0;
      for await (const m of store.scan('messages', {
        where,
        orderBy: ['timestamp'],
        limit: TELEGRAM_SCAN_CAP,
      })) {
        n++;
        yield m;
      }
      if (n >= TELEGRAM_SCAN_CAP) capped = true;
    };
    // Chats that forwarded messages of this user or chat.
    const forwardsOf = async (source: string) => {
      for await (const m of messagesWhere({ forwardedFrom: source }))
        if (forwardedSource(m) === source && m.chatId !== source)
          agg.addLink('Forwarded', m.chatId, source, m.timestamp);
    };
    if (center.kind === 'Person') {
      for (const a of center.accounts) agg.addLink('Holds', id, a);
      for (const [a, p] of index.holderOf) if (p === id) agg.addLink('Holds', id, a);
      // The Telegram accounts the analysis made this person of (a courier known from his chats).
      for (const u of index.findings?.persons.find((p) => p.id === id)?.identifiers ?? [])
        if (u.startsWith('tg:user:')) agg.addLink('Holds', id, u);
    } else if (center.kind === 'TelegramChat') {
      // MemberOf / Admin from memberships; Posted (author → chat) and Forwarded (chat → source) from the
      // chat's messages, as the GraphML export draws them (docs/data-model.md).
      for await (const m of store.scan('memberships', { where: { chatId: id } })) {
        const kind = membershipLinkKind(m.role);
        if (kind !== 'Posted') agg.addLink(kind, m.userId, id, m.timestamp);
      }
      for await (const m of messagesWhere({ chatId: id })) {
        const author = postedBy(m);
        if (author) agg.addLink('Posted', author, id, m.timestamp);
        const source = forwardedSource(m);
        if (source && source !== id) agg.addLink('Forwarded', id, source, m.timestamp);
      }
      await forwardsOf(id);
      // MigratedTo: the basic group this chat was upgraded from, or the supergroup it became. The pair is read from
      // both chats' service messages (docs/data-model.md), so every upgrade message of the case is read: a few rows.
      const upgrades: MigrationMessage[] = [];
      for await (const m of store.scan('messages', {
        whereIn: { field: 'action', values: [MIGRATE_TO, MIGRATE_FROM] },
        limit: TELEGRAM_SCAN_CAP,
      }))
        upgrades.push(m);
      for (const l of migrationLinks(upgrades))
        if (l.from === id || l.to === id) agg.addLink('MigratedTo', l.from, l.to, l.at);
      // As in the exports: an identifier that failed its check (`unverified:…`) is no entity of the graph.
      for await (const m of store.scan('mentions', { where: { chatId: id } }))
        if (graphMention(m.identifier, m.validated)) agg.addLink('Mentions', id, m.identifier);
    } else if (center.kind === 'TelegramUser') {
      for await (const m of store.scan('memberships', { where: { userId: id } })) {
        const kind = membershipLinkKind(m.role);
        if (kind !== 'Posted') agg.addLink(kind, id, m.chatId, m.timestamp);
      }
      for await (const m of messagesWhere({ authorId: id }))
        if (postedBy(m) === id) agg.addLink('Posted', id, m.chatId, m.timestamp);
      await forwardsOf(id);
      // HasPhone: the account's own number (a contact list's, the exporting account's), as the exports draw it.
      const phones = new Set<string>();
      for await (const u of store.scan('tg_users', { where: { userId: id } })) {
        const phone = phoneOf(u.phone);
        if (phone && !phones.has(phone)) {
          phones.add(phone);
          agg.addLink('HasPhone', id, phone);
        }
        // HasUsername: the usernames the account's records give it, once per record.
        if (u.username && id.startsWith('tg:user:')) agg.addLink('HasUsername', id, usernameId(u.username));
      }
      // A username: the accounts whose records give it.
      if (id.startsWith('tg:@'))
        for (const u of await byUsername(id)) if (u.userId !== id) agg.addLink('HasUsername', u.userId, id);
      // A username's mentions (tg:@name), as for an account below.
      if (id.startsWith('tg:@'))
        for await (const m of store.scan('mentions', { where: { identifier: id }, limit: 5000 }))
          agg.addLink('Mentions', m.chatId, id);
    } else {
      const holder = index.holderOf.get(id);
      if (holder) agg.addLink('Holds', holder, id);
      // A phone: the Telegram accounts whose number it is (HasPhone).
      if (center.kind === 'Phone') {
        const users = new Set<string>();
        for await (const u of store.scan('tg_users', { where: { phone: id }, limit: 5000 }))
          if (!users.has(u.userId)) {
            users.add(u.userId);
            agg.addLink('HasPhone', u.userId, id);
          }
      }
      transfers = await index.views.view([id], index.usd);
      for await (const m of store.scan('mentions', { where: { identifier: id }, limit: 5000 }))
        mentions.addLink('Mentions', m.chatId, id);
    }
    const edges = [...agg.edges(), ...(transfers?.edges ?? []), ...mentions.edges()];
    // Hub cap: keep the heaviest links, report how many more there are.
    const byNeighbour = new Map<string, number>();
    const weigh = (e: GraphEdge) => {
      const other = e.source === id ? e.target : e.source;
      byNeighbour.set(other, (byNeighbour.get(other) ?? 0) + e.count + (e.kind === 'Holds' ? 1e9 : 0));
    };
    for (const e of agg.edges()) weigh(e);
    for (const [n, w] of transfers?.counterparties ?? []) byNeighbour.set(n, (byNeighbour.get(n) ?? 0) + w);
    for (const e of mentions.edges()) weigh(e);
    // Counterparties a hub's view left out rank below those it kept, so never among the shown ones.
    const neighbours =
      byNeighbour.size + (transfers ? transfers.counterpartyTotal - transfers.counterparties.length : 0);
    const kept = new Set(
      [...byNeighbour]
        .sort((a, b) => b[1] - a[1])
        .slice(0, q.cap)
        .map(([n]) => n),
    );
    const toNode = (e: EntitySummary, hidden: number): GraphNode => ({
      id: e.id,
      kind: e.kind,
      label: e.label,
      roles: e.roles,
      hidden,
    });
    const nodes: GraphNode[] = [toNode(center, neighbours - kept.size)];
    for (const n of kept) {
      const e = index.entity(n) ?? {
        ...center,
        id: n,
        // e.g. a channel known only as the source of forwards
        kind: entityKindOf(n) ?? 'Unknown',
        label: n,
        roles: [],
        accounts: [],
        holder: null,
      };
      nodes.push(toNode(e, 0));
    }
    const body: GraphResponse = {
      nodes,
      edges: edges.filter((e) => kept.has(e.source === id ? e.target : e.source)),
      truncated: kept.size < neighbours || capped,
    };
    return c.json(body);
  });

  app.get('/graph', async (c) => {
    const q = parseQuery(c, z.object({ limit: limit(5000, 300) }));
    await index.ready();
    const ranked = [...index.entities.values()]
      .filter((e) => e.kind !== 'TelegramUser')
      .sort(
        (a, b) =>
          b.roles.length - a.roles.length ||
          (b.inUsd ?? 0) + (b.outUsd ?? 0) - ((a.inUsd ?? 0) + (a.outUsd ?? 0)) ||
          a.id.localeCompare(b.id),
      );
    const chosen = ranked.slice(0, q.limit);
    const ids = new Set(chosen.map((e) => e.id));
    const agg = new EdgeAggregator(index.usd);
    for (const [a, p] of index.holderOf) if (ids.has(a) && ids.has(p)) agg.addLink('Holds', p, a);
    const accounts = chosen.filter((e) => e.kind !== 'Person' && e.kind !== 'TelegramChat').map((e) => e.id);
    if (accounts.length) {
      for await (const t of store.scan('transfers', {
        whereIn: { field: 'fromAccount', values: accounts },
        limit: 200_000,
      })) {
        if (t.toAccount && ids.has(t.toAccount)) agg.addTransfer(t);
      }
    }
    const chats = chosen.filter((e) => e.kind === 'TelegramChat').map((e) => e.id);
    if (chats.length) {
      for await (const m of store.scan('mentions', {
        whereIn: { field: 'chatId', values: chats },
        limit: 50_000,
      })) {
        if (ids.has(m.identifier)) agg.addLink('Mentions', m.chatId, m.identifier);
      }
    }
    const body: GraphResponse = {
      nodes: chosen.map((e) => ({ id: e.id, kind: e.kind, label: e.label, roles: e.roles, hidden: 0 })),
      edges: agg.edges(),
      truncated: ranked.length > chosen.length,
    };
    return c.json(body);
  });

  return app;
}
