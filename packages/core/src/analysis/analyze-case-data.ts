import type {
  ChatRow,
  ChatType,
  ExchangeOrderRow,
  ExchangeRow,
  HolderRow,
  MembershipRow,
  MentionRow,
  MessageLabel,
  MessageLabelRow,
  MessageRow,
  PersonRow,
  SameAsRow,
  SeizureRow,
  TgUserRow,
  TransferRow,
} from '../model/tables.ts';
import { locatedRef } from '../findings/record-ref.ts';
import { preferChatType } from '../model/tables.ts';
import { chatTitle } from '../model/chat-title.ts';
import { buildTraceGraph, indexTraceGraph, traceRows } from '../flow/trace-graph.ts';
import { labelChannel, type MessageLabelRef } from '../labels/label-channel.ts';
import { labelMessage } from '../labels/label-message.ts';
import { LEXICON_VERSION } from '../labels/lexicon.ts';
import { type TraceEndpoint, type TraceMethod, traceFunds } from '../flow/trace-funds.ts';
import type { Rules } from '../rules/rules.ts';
import type { TransferColumnBatch, TransferIdText, TransferTableBatch } from '../store/store.ts';
import { accountFeatures, featureOptions } from './account-features.ts';
import { assignRoles, type RoleAssignment, type RoleFlag, usd } from './assign-roles.ts';
import { notePostMention } from './role-evidence.ts';
import { detectNetworks, type PersonEdge } from './detect-networks.ts';
import { nameKey } from './name-key.ts';
import { countryOfAddress, regionsOf } from './regions.ts';
import {
  type Resolution,
  type ResolutionDecision,
  type ResolvedPerson,
  resolveEntities,
  tgUserKey,
} from './resolve-entities.ts';
import { accountKind, TransferColumns } from './transfer-columns.ts';
import { TransferTableStage } from './transfer-table.ts';
import { turnover } from './turnover.ts';
import type { RateSource } from './usd-converter.ts';
import { UsdConverter } from './usd-converter.ts';

/** Rows of a table: plain or async iterables, or `{ batches }` of arrays (one await per batch, not per row). */
type Rows<T> = AsyncIterable<T> | Iterable<T> | { batches: AsyncIterable<T[]> };

/** Analysis stages in the order they run; `transfers` reports rows loaded so far. */
export type AnalysisStage =
  | 'transfers'
  | 'messages'
  | 'resolution'
  | 'features'
  | 'roles'
  | 'trace'
  | 'turnover'
  | 'networks';
/** Called at each stage start (and every 65,536 transfers while loading) with a count of work done. */
export type AnalysisProgress = (stage: AnalysisStage, done: number) => void;

export interface CaseData {
  /** The transfers as rows, or as column batches (`transferColumns`, preferred when given). */
  transfers?: Rows<TransferRow>;
  transferColumns?: AsyncIterable<TransferColumnBatch>;
  /**
   * The transfers from `Store.scanTransferTable`, `transferIds` and `firstTransferHolders` (preferred over
   * both others when given): the store neither sorts them nor sends a string per row. `ids` and `holders`
   * are called after the batches are read; `count` (the number of transfers) presizes the columns.
   */
  transferTable?: {
    batches: AsyncIterable<TransferTableBatch>;
    ids: () => AsyncIterable<string[] | TransferIdText>;
    holders: () => AsyncIterable<Array<[string, string]>>;
    count?: number;
  };
  holders?: Rows<HolderRow>;
  persons?: Rows<PersonRow>;
  tgUsers?: Rows<TgUserRow>;
  sameAs?: Rows<SameAsRow>;
  exchanges?: Rows<ExchangeRow>;
  orders?: Rows<ExchangeOrderRow>;
  chats?: Rows<ChatRow>;
  messages?: Rows<MessageRow>;
  mentions?: Rows<MentionRow>;
  labels?: Rows<MessageLabelRow>;
  memberships?: Rows<MembershipRow>;
  seizures?: Rows<SeizureRow>;
  rates: RateSource;
  decisions?: readonly ResolutionDecision[];
}

export interface ChannelSummary {
  chatId: string;
  title: string | null;
  type: ChatType;
  labels: Map<MessageLabel, { score: number; refs: string[]; count: number }>;
}

export interface NetworkSummary {
  id: string;
  members: string[];
  micro: bigint;
  regions: string[];
  roles: Map<string, number>;
}

export interface EndRecipient {
  /** The trace end point; a zero-amount one when the account was found from direct operator payments. */
  endpoint: TraceEndpoint;
  /** USD received: from network accounts directly, or the traced amount where that is larger. */
  receivedMicro: bigint;
  holder: string | null;
  jurisdiction: string | null;
}

/** Everything the analysis concluded, with exact money; `buildFindings` turns it into §4 JSON. */
export interface CaseAnalysis {
  rules: Rules;
  cols: TransferColumns;
  resolution: Resolution;
  persons: ResolvedPerson[];
  personIndex: Map<string, number>;
  roles: RoleAssignment;
  accountStats: Map<string, { inMicro: bigint; outMicro: bigint; counterparties: number }>;
  personIn: BigInt64Array;
  personOut: BigInt64Array;
  participants: Set<string>;
  /** Telegram-only participants counted as the same participant as a namesake with the same role. */
  namesakeOf: Map<string, string>;
  participantsMicro: bigint;
  networkOf: Map<string, string>;
  networks: NetworkSummary[];
  personRegions: Map<string, string[]>;
  channels: ChannelSummary[];
  endRecipients: EndRecipient[];
  traceMethod: TraceMethod;
  messageCount: number;
  evidenceOfMessage: Map<string, string>;
  /** Transfers without a USD rate (counted as $0 in every USD figure), in all and by currency. */
  unrated: { count: number; byCurrency: Map<string, number> };
  warnings: string[];
}

const FIAT_KINDS: ReadonlySet<string> = new Set(['card', 'iban', 'acct', 'phone']);
const microOf = (usdValue: number) => BigInt(Math.round(usdValue * 1e6));
const FLAG_LABELS: ReadonlySet<MessageLabel> = new Set(['sale', 'recruitment', 'training', 'drop_report']);

/** Arrays of rows from any `Rows` source, so loops over big tables need no await per row. */
async function* batchesOf<T>(rows: Rows<T> | undefined): AsyncIterable<T[]> {
  if (!rows) return;
  if ('batches' in rows) {
    yield* rows.batches;
    return;
  }
  if (Symbol.iterator in rows) {
    yield Array.isArray(rows) ? (rows as T[]) : [...(rows as Iterable<T>)];
    return;
  }
  let batch: T[] = [];
  for await (const r of rows as AsyncIterable<T>) {
    batch.push(r);
    if (batch.length === 2048) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
async function* each<T>(rows: Rows<T> | undefined): AsyncIterable<T> {
  for await (const batch of batchesOf(rows)) yield* batch;
}
async function all<T>(rows: Rows<T> | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of batchesOf(rows)) for (const r of batch) out.push(r);
  return out;
}

/**
 * Reads `CaseData.transferTable` into `cols`. The batches are staged in a function of their own so that
 * the staged rows (~56 bytes a transfer) are garbage once the columns hold them, not kept by a suspended
 * async frame.
 */
async function loadTransferTable(
  table: NonNullable<CaseData['transferTable']>,
  cols: TransferColumns,
  usdc: UsdConverter,
  stage: AnalysisProgress,
): Promise<void> {
  // The store makes the id texts while the rows are read and converted (neither needs the other), so its
  // threads and this one work at the same time.
  const ids = collect(table.ids());
  ids.catch(() => undefined);
  const seq = await loadTableRows(table, cols, usdc, stage);
  await cols.setIds(seq, replay(await ids));
  await cols.setHolders(table.holders());
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function* replay<T>(items: readonly T[]): AsyncIterable<T> {
  yield* items;
}

async function loadTableRows(
  table: NonNullable<CaseData['transferTable']>,
  cols: TransferColumns,
  usdc: UsdConverter,
  stage: AnalysisProgress,
): Promise<Float64Array> {
  const staged = new TransferTableStage(table.count ?? 0);
  for await (const batch of table.batches) {
    const before = staged.length;
    staged.add(batch);
    if (staged.length >> 16 !== before >> 16) stage('transfers', staged.length);
  }
  return cols.loadTable(staged, usdc);
}

/**
 * The whole analysis over one case's tables: streams transfers once into compact columns, resolves
 * persons, computes account features, assigns roles, traces dropper money to its end points, sums
 * turnover per person and finds networks.
 */
export async function analyzeCaseData(
  data: CaseData,
  rules: Rules,
  onProgress?: AnalysisProgress,
): Promise<CaseAnalysis> {
  const stage = onProgress ?? (() => {});
  const warnings: string[] = [];
  const usdc = new UsdConverter(data.rates);
  const cols = new TransferColumns();
  stage('transfers', 0);
  if (data.transferTable) {
    await loadTransferTable(data.transferTable, cols, usdc, stage);
  } else if (data.transferColumns) {
    for await (const batch of data.transferColumns) {
      const before = cols.length;
      cols.addBatch(batch, usdc);
      if (cols.length >> 16 !== before >> 16) stage('transfers', cols.length);
    }
  } else {
    for await (const batch of batchesOf(data.transfers)) {
      const before = cols.length;
      for (const t of batch) cols.add(t, usdc);
      if (cols.length >> 16 !== before >> 16) stage('transfers', cols.length);
    }
  }
  stage('transfers', cols.length);
  cols.sortByTime();
  // The transfers' own count: the trace converts exchange orders with the same converter later.
  const unrated = { count: usdc.missingCount, byCurrency: new Map(usdc.missingByCurrency) };
  if (usdc.missingCount > 0) {
    const examples = [...usdc.missing.values()].slice(0, 3).join('; ');
    warnings.push(`${usdc.missingCount} transfers have no USD rate and count as $0: ${examples}`);
  }

  // Messages and labels: who wrote what, which chats are flagged.
  stage('messages', 0);
  const chats = new Map<string, ChatRow>();
  // An HTML chat's pages say no type, its export's chat list does: the most telling type wins (`preferChatType`).
  const titles = new Map<string, string[]>();
  for await (const c of each(data.chats)) {
    const type = preferChatType(chats.get(c.chatId)?.type, c.type);
    chats.set(c.chatId, type === c.type ? c : { ...c, type });
    if (c.title !== null) titles.set(c.chatId, [...(titles.get(c.chatId) ?? []), c.title]);
  }
  const labelRows = await all(data.labels);
  const labelled = new Map<string, MessageLabelRow[]>();
  for (const l of labelRows) {
    const k = `${l.chatId}#${l.messageId}`;
    const list = labelled.get(k);
    if (list) list.push(l);
    else labelled.set(k, [l]);
  }
  const authorOf = new Map<string, string>();
  const authors = new Map<string, TgUserRow>();
  const evidenceOfMessage = new Map<string, string>();
  const replyPairs = new Map<string, number>();
  const chatAuthors = new Map<string, Set<string>>();
  let messageCount = 0;
  const flaggedText = new Map<string, string>();
  const pendingReplies: Array<[string, string]> = [];
  for await (const batch of batchesOf(data.messages))
    for (const m of batch) {
      messageCount++;
      const key = `${m.chatId}#${m.messageId}`;
      if (!labelled.has(key) && m.text) {
        // Older ingests stored no labels: label with the current lexicon so the analysis does not depend on it.
        const hits = labelMessage(m.text);
        if (hits.length > 0) {
          labelled.set(
            key,
            hits.map((h) => ({
              chatId: m.chatId,
              messageId: m.messageId,
              label: h.label,
              score: h.score,
              lexiconVersion: LEXICON_VERSION,
              terms: h.terms,
              evidenceId: m.evidenceId,
              locator: m.locator,
            })),
          );
        }
      }
      // Channel posts name their people by handle ("write to @x"): keep the opening of flagged posts so
      // the words before a mentioned handle can be read once the mentions arrive.
      const ls0 = labelled.get(key);
      if (ls0?.some((l) => FLAG_LABELS.has(l.label)) && m.text) flaggedText.set(key, m.text.slice(0, 600));
      if (!m.authorId) continue;
      const author = tgUserKey(m.authorId);
      if (!author.startsWith('tg:user:')) continue;
      authorOf.set(key, author);
      if (labelled.has(key)) evidenceOfMessage.set(key, m.evidenceId);
      if (!authors.has(author)) {
        authors.set(author, {
          userId: author,
          username: null,
          displayName: m.authorName,
          phone: null,
          evidenceId: m.evidenceId,
          locator: m.locator,
        });
      }
      const chat = chats.get(m.chatId);
      if (chat?.type === 'private' || chat?.type === 'group') {
        let s = chatAuthors.get(m.chatId);
        if (!s) chatAuthors.set(m.chatId, (s = new Set()));
        if (s.size < 50) s.add(author);
      }
      if (m.replyTo) pendingReplies.push([author, `${m.chatId}#${m.replyTo}`]);
    }
  for (const [author, target] of pendingReplies) {
    const other = authorOf.get(target);
    if (other && other !== author) bump(replyPairs, pairKey(author, other), 1);
  }

  const authorLabels = new Map<string, Map<MessageLabel, string[]>>();
  const channelRefs = new Map<string, MessageLabelRef[]>();
  for (const [key, ls] of labelled) {
    const chatId = key.slice(0, key.lastIndexOf('#'));
    let refs = channelRefs.get(chatId);
    if (!refs) channelRefs.set(chatId, (refs = []));
    const author = authorOf.get(key);
    for (const l of ls) {
      refs.push({ ref: key, label: l.label, score: l.score });
      evidenceOfMessage.set(key, evidenceOfMessage.get(key) ?? l.evidenceId);
      if (author) {
        const al = authorLabels.get(author) ?? new Map<MessageLabel, string[]>();
        // In place: a channel admin can have thousands of labelled posts.
        const refs = al.get(l.label);
        if (refs) refs.push(key);
        else al.set(l.label, [key]);
        authorLabels.set(author, al);
      }
    }
  }
  const channels = new Map<string, ChannelSummary>();
  for (const [chatId, refs] of channelRefs) {
    const chat = chats.get(chatId);
    const labels = new Map<MessageLabel, { score: number; refs: string[]; count: number }>();
    for (const cl of labelChannel(refs))
      labels.set(cl.label, { score: cl.score, refs: cl.evidence, count: cl.messages });
    if (labels.size > 0)
      channels.set(chatId, {
        chatId,
        // A private chat is titled by its two people (`chatTitle`), whichever phone's row came first.
        title: chatTitle(chatId, titles.get(chatId) ?? [], (u) => authors.get(u)?.displayName),
        type: chat?.type ?? 'unknown',
        labels,
      });
  }
  const flaggedChats = new Set(
    [...channels.values()]
      .filter((c) => [...c.labels.keys()].some((l) => FLAG_LABELS.has(l)))
      .map((c) => c.chatId),
  );
  /** User → flagged chat they administer → the records that show it (a report cites them for the role). */
  const chatAdmins = new Map<string, Map<string, string[]>>();
  for await (const mb of each(data.memberships)) {
    if ((mb.role === 'admin' || mb.role === 'creator') && flaggedChats.has(mb.chatId)) {
      const u = tgUserKey(mb.userId);
      let byChat = chatAdmins.get(u);
      if (!byChat) chatAdmins.set(u, (byChat = new Map()));
      const refs = byChat.get(mb.chatId) ?? [];
      if (mb.evidenceId && mb.locator && refs.length < 4) refs.push(locatedRef(mb.evidenceId, mb.locator));
      byChat.set(mb.chatId, refs);
    }
  }
  const chatHandles = new Set(
    [...chats.values()]
      .filter((c) => c.username)
      .map((c) => `tg:@${c.username!.replace(/^@/, '').toLowerCase()}`),
  );
  const mentionedIn = new Map<string, string[]>();
  /** Telegram handle → label → flagged posts that name it as the contact. */
  const handleLabels = new Map<string, Map<MessageLabel, string[]>>();
  const mentionEdges: Array<[string, string]> = [];
  /** Flagged post → identifiers it mentions (role evidence: a handle published with a phone). */
  const postMentions = new Map<string, string[]>();
  for await (const batch of batchesOf(data.mentions))
    for (const mn of batch) {
      const key = `${mn.chatId}#${mn.messageId}`;
      const ls = labelled.get(key);
      notePostMention(postMentions, key, mn.identifier, {
        flagged: ls?.some((l) => FLAG_LABELS.has(l.label)) ?? false,
        chat: channels.get(mn.chatId)?.labels,
      });
      if (ls?.some((l) => l.label === 'sale' || l.label === 'payment')) {
        const list = mentionedIn.get(mn.identifier) ?? [];
        if (list.length < 10) list.push(key);
        mentionedIn.set(mn.identifier, list);
      }
      const author = authorOf.get(key);
      if (author) mentionEdges.push([author, mn.identifier]);
      const text = flaggedText.get(key);
      if (text && ls && isPersonHandle(mn.identifier, chatHandles) && mn.identifier !== author) {
        const before = text.slice(Math.max(0, mn.start - rules.contacts.wordWindow), Math.max(0, mn.start));
        if (hasContactWord(before, rules.contacts.words)) {
          const byLabel = handleLabels.get(mn.identifier) ?? new Map<MessageLabel, string[]>();
          for (const l of ls) {
            if (!FLAG_LABELS.has(l.label)) continue;
            const refs = byLabel.get(l.label) ?? [];
            if (!refs.includes(key) && refs.length < 200) refs.push(key);
            byLabel.set(l.label, refs);
          }
          handleLabels.set(mn.identifier, byLabel);
        }
      }
    }
  flaggedText.clear();

  // Resolution.
  stage('resolution', messageCount);
  const tgUsers = await all(data.tgUsers);
  const known = new Set(tgUsers.map((u) => tgUserKey(u.userId)));
  for (const [k, u] of authors) if (!known.has(k)) tgUsers.push(u);
  const holders = await all(data.holders);
  const withKyc = new Set(holders.map((h) => h.account));
  const transferHolders: Array<[string, string]> = [];
  for (const [a, name] of cols.holderNames) {
    const id = cols.accounts[a]!;
    if (!withKyc.has(id)) transferHolders.push([id, name]);
  }
  const exchanges = await all(data.exchanges);
  const orders = await all(data.orders);
  const resolution = resolveEntities(
    {
      persons: await all(data.persons),
      holders,
      tgUsers,
      sameAs: await all(data.sameAs),
      transferHolders,
      decisions: data.decisions ?? [],
    },
    rules,
  );

  // Handles named as contacts stand for a person: the resolved one that owns the handle, else an
  // unidentified person known only by it (counted once per handle).
  const contactLabels = new Map<string, Map<MessageLabel, string[]>>();
  {
    const byHandle = new Map<string, string>();
    for (const p of resolution.persons)
      for (const k of p.identifiers) if (k.startsWith('tg:')) byHandle.set(k, p.id);
    for (const [u, pid] of resolution.personOfTgUser) byHandle.set(u, pid);
    for (const [handle, byLabel] of handleLabels) {
      let pid = byHandle.get(handle);
      if (!pid) {
        pid = `p:${handle}`;
        resolution.persons.push({
          id: pid,
          names: [],
          identifiers: [handle],
          accounts: [],
          nationality: [],
          birthdates: [],
          phones: [],
          tgUsers: [],
          addresses: [],
          status: null,
          anonymous: true,
          sources: [],
        });
        byHandle.set(handle, pid);
      }
      const acc = contactLabels.get(pid) ?? new Map<MessageLabel, string[]>();
      for (const [l, refs] of byLabel) acc.set(l, [...(acc.get(l) ?? []), ...refs]);
      contactLabels.set(pid, acc);
    }
  }

  // Features and roles.
  const seizures = await all(data.seizures);
  stage('features', cols.length);
  const features = accountFeatures(cols, featureOptions(rules));
  stage('roles', features.length);
  const roles = assignRoles({
    cols,
    features,
    resolution,
    exchanges,
    orders,
    authorLabels,
    chatAdmins,
    mentionedIn,
    contactLabels,
    postMentions,
    seizures,
    chatLabels: new Map([...channels.values()].map((c) => [c.chatId, new Set(c.labels.keys())])),
    rules,
  });

  // Trace dropper money to where it stops.
  stage('trace', cols.length);
  const traceMethod = rules.endRecipient.method as TraceMethod;
  const dropperAccounts = [...roles.accounts]
    .filter(([, fl]) => fl.some((f) => f.role === 'dropper'))
    .map(([a]) => a);
  const endRecipients: EndRecipient[] = [];
  const persons = resolution.persons.slice();
  const personIndex = new Map(persons.map((p, i) => [p.id, i]));
  const ensureAnonymous = (account: string): string => {
    const h = resolution.holderOf.get(account);
    if (h) return h;
    const id = `p:acct:${account}`;
    if (!personIndex.has(id)) {
      personIndex.set(id, persons.length);
      persons.push({
        id,
        names: [],
        identifiers: [account],
        accounts: [account],
        nationality: [],
        birthdates: [],
        phones: [],
        tgUsers: [],
        addresses: [],
        status: null,
        anonymous: true,
        sources: [],
      });
      resolution.holderOf.set(account, id);
    }
    return id;
  };
  const er = rules.endRecipient;
  const traced = new Map<string, TraceEndpoint>();
  if (dropperAccounts.length > 0 && ['fifo', 'haircut', 'poison'].includes(traceMethod)) {
    const aliases = new Map<string, string>();
    for (const [pid, flags] of roles.persons) {
      if (!flags.some((f) => f.role === 'exchanger')) continue;
      const accts = persons[personIndex.get(pid) ?? -1]?.accounts ?? [];
      for (const a of accts) aliases.set(a, accts[0]!);
    }
    // The graph copies every row's id; it gets row numbers instead (no id string is made or copied per
    // transfer), and the ids of the few rows on the reported paths are looked up afterwards.
    const rowNumbers = new Uint32Array(cols.length);
    for (let i = 0; i < cols.length; i++) rowNumbers[i] = i;
    const byRowNumber = new Proxy(cols, {
      get: (target, key) => (key === 'ids' ? rowNumbers : Reflect.get(target, key)),
    });
    const graph = buildTraceGraph(byRowNumber, orders, usdc, { aliases });
    // Only the rows of accounts within the hop limit can move or hold taint (same result, fewer rows).
    const rows = traceRows(graph, indexTraceGraph(graph), dropperAccounts, er.maxHops, 'forward');
    const trace = traceFunds(graph, dropperAccounts, {
      direction: 'forward',
      method: traceMethod,
      maxHops: er.maxHops,
      rows,
    });
    const minTraced = microOf(er.minTracedUsd);
    for (const ep of trace.endpoints) {
      for (const p of ep.paths)
        p.transfers = p.transfers.map((t) => (typeof t === 'number' ? cols.ids[t]! : t));
      if (ep.stop === 'retained' && ep.micro >= minTraced) traced.set(ep.account, ep);
    }
  }
  {
    // Network side: accounts with a criminal role, or held by a person with one. Money they pay to an
    // account that keeps it is the proceeds arriving; FIFO taint through mixed exchanger and operator
    // balances understates it, so the amount is what the account received from the network directly.
    const crimeRole = (f: RoleFlag) =>
      f.role !== 'buyer' && f.role !== 'unknown' && f.role !== 'end_recipient';
    const personRolesOf = (account: string) => {
      const h = resolution.holderOf.get(account);
      return h ? (roles.persons.get(h) ?? []) : [];
    };
    const network = new Uint8Array(cols.accounts.length);
    const operatorSide = new Uint8Array(cols.accounts.length);
    const holderIdx = new Int32Array(cols.accounts.length).fill(-1);
    for (let a = 0; a < cols.accounts.length; a++) {
      const id = cols.accounts[a]!;
      const h = resolution.holderOf.get(id);
      if (h !== undefined) holderIdx[a] = personIndex.get(h) ?? -1;
      const pf = personRolesOf(id);
      if ((roles.accounts.get(id) ?? []).some(crimeRole) || pf.some(crimeRole)) network[a] = 1;
      if (pf.some((f) => f.role === 'operator')) operatorSide[a] = 1;
    }
    const fromNetwork = new Map<number, bigint>();
    const fromOperators = new Map<number, bigint>();
    for (let i = 0; i < cols.length; i++) {
      const f = cols.from[i]!;
      const t = cols.to[i]!;
      if (f < 0 || t < 0 || f === t || !network[f]) continue;
      if (holderIdx[f]! >= 0 && holderIdx[f] === holderIdx[t]) continue;
      fromNetwork.set(t, (fromNetwork.get(t) ?? 0n) + cols.micro[i]!);
      if (operatorSide[f]) fromOperators.set(t, (fromOperators.get(t) ?? 0n) + cols.micro[i]!);
    }
    const minMicro = microOf(er.minReceivedUsd);
    const candidates = new Set(traced.keys());
    if (er.directFromOperators)
      for (const [a, m] of fromOperators) if (m >= minMicro) candidates.add(cols.accounts[a]!);
    const staff = new Set<string>(er.staffRoles);
    const exchangeJurisdiction = new Map(exchanges.map((e) => [e.exchange, e.jurisdiction]));
    const fById = new Map(features.map((f) => [cols.accounts[f.account]!, f]));
    const countryOf = (p: ResolvedPerson | undefined) => {
      if (!p) return null;
      for (const ad of p.addresses) {
        const c = countryOfAddress(ad);
        if (c) return c;
      }
      return p.nationality[0] ?? null;
    };
    // Home: the jurisdiction of most dropper holders, unless the rules name it.
    let home: string | null = er.homeJurisdiction || null;
    if (!home) {
      const votes = new Map<string, number>();
      for (const a of dropperAccounts) {
        const h = resolution.holderOf.get(a);
        const c = countryOf(h ? persons[personIndex.get(h) ?? -1] : undefined);
        if (c) bump(votes, c, 1);
      }
      home = [...votes].sort((x, y) => y[1] - x[1])[0]?.[0] ?? null;
    }
    for (const account of candidates) {
      const a = cols.accountIndex.get(account);
      const f = fById.get(account);
      // Money stops where an account keeps what it receives; a pass-through account only holds a float.
      if (f && f.inMicro > 0n && Number((f.outMicro * 1000n) / f.inMicro) / 1000 > er.maxPassThrough)
        continue;
      const existing = roles.accounts.get(account) ?? [];
      if (existing.some((r) => r.role === 'dropper' || r.role === 'exchanger')) continue;
      const h0 = resolution.holderOf.get(account);
      if (roles.licensedEntities.has(h0 ?? '')) continue;
      // The network's own people (paid staff, couriers) keep their pay: that is not where proceeds end.
      const staffRole = personRolesOf(account).find((r) => staff.has(r.role));
      if (staffRole) continue;
      const ep = traced.get(account);
      const direct = a === undefined ? 0n : (fromNetwork.get(a) ?? 0n);
      const received = ep && ep.micro > direct ? ep.micro : direct;
      if (received < minMicro) continue;
      const hp0 = h0 ? persons[personIndex.get(h0) ?? -1] : undefined;
      const jurisdiction =
        countryOf(hp0) ??
        (account.startsWith('exchange:') ? (exchangeJurisdiction.get(account.split(':')[1]!) ?? null) : null);
      // A home bank account that keeps what the network pays it is somebody's wages or rent; the proceeds
      // leave the system through crypto wallets and accounts abroad.
      const fiat = FIAT_KINDS.has(accountKind(account));
      if (er.excludeHomeFiat && fiat && home !== null && jurisdiction === home) continue;
      // A wallet at home that keeps small sums is a member's pay (couriers paid in USDT); proceeds kept at
      // home come in larger amounts.
      if (home !== null && jurisdiction === home && received < microOf(er.minReceivedUsdHome)) continue;
      const holder = ensureAnonymous(account);
      const endpoint: TraceEndpoint = ep ?? { account, micro: 0n, hops: 1, stop: 'retained', paths: [] };
      endRecipients.push({ endpoint, holder, jurisdiction, receivedMicro: received });
      const outShare = f && f.inMicro > 0n ? Number((f.outMicro * 1000n) / f.inMicro) / 10 : 0;
      const reasons = [
        `received ${usd(direct)} directly from network accounts and keeps it (${outShare.toFixed(0)}% paid out, ≤ ${Math.round(er.maxPassThrough * 100)}%)`,
      ];
      if (ep)
        reasons.push(
          `${usd(ep.micro)} traced here (${traceMethod}) from dropper accounts, ${ep.hops} hop(s)`,
          ...ep.paths.slice(0, 2).map((p) => `path: ${p.accounts.join(' → ')}`),
        );
      else if (a !== undefined && fromOperators.has(a))
        reasons.push(`${usd(fromOperators.get(a)!)} paid by operator accounts`);
      reasons.push(
        jurisdiction
          ? `jurisdiction ${jurisdiction}${home && jurisdiction !== home ? ` (outside ${home})` : ''}`
          : 'jurisdiction unknown',
      );
      const flag: RoleFlag = {
        role: 'end_recipient',
        score: ep ? 0.9 : 0.75,
        reasons,
        evidence: ep ? ep.paths.flatMap((p) => p.transfers).slice(0, 8) : [],
      };
      roles.accounts.set(account, [...existing, flag]);
      roles.persons.set(holder, [...(roles.persons.get(holder) ?? []), flag]);
    }
    endRecipients.sort((x, y) => cmpBig(y.receivedMicro, x.receivedMicro));
  }

  // Accounts with roles but no known holder still stand for someone: an unidentified person.
  for (const [account, flags] of roles.accounts) {
    if (resolution.holderOf.has(account)) continue;
    if (!flags.some((f) => f.role !== 'buyer' && f.role !== 'unknown')) continue;
    const pid = ensureAnonymous(account);
    roles.persons.set(pid, [...(roles.persons.get(pid) ?? []), ...flags.map((f) => ({ ...f }))]);
  }

  // Turnover.
  stage('turnover', cols.length);
  const personOf = new Int32Array(cols.accounts.length).fill(-1);
  for (let a = 0; a < cols.accounts.length; a++) {
    const h = resolution.holderOf.get(cols.accounts[a]!);
    if (h !== undefined) personOf[a] = personIndex.get(h) ?? -1;
  }
  const participants = new Set<string>();
  for (const [pid, flags] of roles.persons) {
    if (flags.some((f) => f.role !== 'buyer' && f.role !== 'unknown')) participants.add(pid);
  }
  // A person known only through Telegram (no account, no KYC) who holds the same role under the same
  // folded name as a person known through bank records is, most likely, that person seen from the other
  // side (a courier's drop reports and the card the payouts go to). Without a strong key they stay two
  // persons (the resolver lists the merge candidate), but the participant count takes them once.
  const namesakeOf = new Map<string, string>();
  if (rules.participants.countNamesakesOnce) {
    const withAccounts = new Map<string, string[]>();
    const roleNames = (pid: string) => {
      const p = persons[personIndex.get(pid)!]!;
      const rs = new Set((roles.persons.get(pid) ?? []).map((f) => f.role).filter((r) => r !== 'buyer'));
      const ks = new Set(p.names.map(nameKey).filter((k) => k.length > 0));
      return [...rs].flatMap((r) => [...ks].map((k) => `${r}|${k}`));
    };
    const tgOnly: string[] = [];
    for (const pid of participants) {
      const p = persons[personIndex.get(pid)!]!;
      if (p.accounts.length === 0 && p.tgUsers.length > 0) tgOnly.push(pid);
      else if (p.accounts.length > 0) for (const k of roleNames(pid)) push(withAccounts, k, pid);
    }
    const used = new Set<string>();
    for (const pid of tgOnly.sort()) {
      for (const k of roleNames(pid)) {
        const other = withAccounts.get(k)?.find((o) => !used.has(o));
        if (other) {
          used.add(other);
          namesakeOf.set(pid, other);
          break;
        }
      }
    }
  }
  const isMember = new Uint8Array(persons.length);
  for (const p of participants) isMember[personIndex.get(p)!] = 1;
  const to = turnover(cols, personOf, persons.length, isMember);

  const accountStats = new Map<string, { inMicro: bigint; outMicro: bigint; counterparties: number }>();
  for (const f of features) {
    const id = cols.accounts[f.account]!;
    if (roles.accounts.has(id) || resolution.holderOf.has(id)) {
      accountStats.set(id, {
        inMicro: f.inMicro,
        outMicro: f.outMicro,
        counterparties: f.inCounterparties + f.outCounterparties,
      });
    }
  }

  // Regions per person.
  const personRegions = new Map<string, string[]>();
  for (const p of persons) {
    const r = new Set(p.addresses.flatMap(regionsOf));
    if (r.size > 0) personRegions.set(p.id, [...r]);
  }
  for (const s of seizures) {
    if (!s.personId) continue;
    const pid = resolution.holderOf.get(s.personId) ?? persons.find((p) => p.id === s.personId)?.id;
    if (!pid) continue;
    const r = new Set([...(personRegions.get(pid) ?? []), ...regionsOf(s.place)]);
    if (r.size > 0) personRegions.set(pid, [...r]);
  }

  // Person graph → networks.
  stage('networks', persons.length);
  const nw = rules.networks;
  const edges: PersonEdge[] = [];
  // Pair keys as numbers (lower index × person count + higher): no string per transfer.
  // Pair keys as numbers (lower index × person count + higher), counted by sorting rather than in a map
  // (edges come out in key order: deterministic, and independent of the order transfers were stored in).
  const pc = persons.length;
  const pairKeys = new Float64Array(cols.length);
  let np = 0;
  for (let i = 0; i < cols.length; i++) {
    const f = cols.from[i]!;
    const t = cols.to[i]!;
    if (f < 0 || t < 0) continue;
    const pf = personOf[f]!;
    const pt = personOf[t]!;
    if (pf < 0 || pt < 0 || pf === pt) continue;
    pairKeys[np++] = pf < pt ? pf * pc + pt : pt * pc + pf;
  }
  const sortedKeys = pairKeys.subarray(0, np).sort();
  const money: Array<[number, number]> = [];
  for (let i = 0; i < np; ) {
    let j = i + 1;
    while (j < np && sortedKeys[j] === sortedKeys[i]) j++;
    money.push([sortedKeys[i]!, j - i]);
    i = j;
  }
  for (const [k, n] of money) {
    const a = Math.floor(k / pc);
    const b = k - a * pc;
    edges.push({
      a: persons[a]!.id,
      b: persons[b]!.id,
      weight: nw.moneyWeight * (1 + Math.log2(n)),
      kind: 'money',
    });
  }
  const personOfUser = (u: string) => resolution.personOfTgUser.get(u);
  for (const [k, n] of replyPairs) {
    const [ua, ub] = k.split('|') as [string, string];
    const a = personOfUser(ua);
    const b = personOfUser(ub);
    if (a && b) edges.push({ a, b, weight: nw.messageWeight * (1 + Math.log2(n)), kind: 'message' });
  }
  for (const set of chatAuthors.values()) {
    const list = [...set].map(personOfUser).filter((x): x is string => !!x);
    if (list.length === 2)
      edges.push({ a: list[0]!, b: list[1]!, weight: nw.messageWeight, kind: 'message' });
  }
  for (const [author, identifier] of mentionEdges) {
    const a = personOfUser(author);
    const b = resolution.holderOf.get(identifier);
    if (a && b) edges.push({ a, b, weight: nw.identifierWeight, kind: 'identifier' });
  }
  const byPhone = new Map<string, string[]>();
  for (const p of persons) for (const ph of p.phones) push(byPhone, ph, p.id);
  for (const ids of byPhone.values()) {
    if (ids.length < 2 || ids.length > 10) continue;
    for (let i = 1; i < ids.length; i++)
      edges.push({ a: ids[0]!, b: ids[i]!, weight: nw.identifierWeight, kind: 'identifier' });
  }
  const inGraph = persons.filter((p) => participants.has(p.id) || roles.persons.has(p.id)).map((p) => p.id);
  const community = detectNetworks(inGraph, edges, { resolution: nw.resolution });
  const groups = new Map<number, string[]>();
  for (const pid of participants) {
    const c = community.get(pid);
    if (c === undefined) continue;
    push(groups, c, pid);
  }
  const networkOf = new Map<string, string>();
  const networks: NetworkSummary[] = [];
  const ordered = [...groups.values()]
    .filter((m) => m.length >= nw.minParticipants)
    .sort((a, b) => b.length - a.length || (a[0]! < b[0]! ? -1 : 1));
  ordered.forEach((members, i) => {
    const id = `n${i + 1}`;
    let micro = 0n;
    const regionCount = new Map<string, number>();
    const roleCount = new Map<string, number>();
    for (const pid of members) {
      networkOf.set(pid, id);
      const pi = personIndex.get(pid)!;
      micro += to.inMicro[pi]!;
      for (const r of personRegions.get(pid) ?? []) bump(regionCount, r, 1);
      for (const r of new Set((roles.persons.get(pid) ?? []).map((f) => f.role))) bump(roleCount, r, 1);
    }
    members.sort((a, b) => cmpBig(to.inMicro[personIndex.get(b)!]!, to.inMicro[personIndex.get(a)!]!));
    networks.push({
      id,
      members,
      micro,
      regions: [...regionCount].sort((a, b) => b[1] - a[1]).map(([r]) => r),
      roles: roleCount,
    });
  });

  return {
    rules,
    cols,
    resolution,
    persons,
    personIndex,
    roles,
    accountStats,
    personIn: to.inMicro,
    personOut: to.outMicro,
    participants,
    namesakeOf,
    participantsMicro: to.membersMicro,
    networkOf,
    networks,
    personRegions,
    channels: [...channels.values()],
    endRecipients,
    traceMethod,
    messageCount,
    evidenceOfMessage,
    unrated,
    warnings: [...warnings, ...resolution.alarms.map((a) => `merge alarm: ${a.reason}`)],
  };
}

function bump<K>(m: Map<K, number>, k: K, n: number): void {
  m.set(k, (m.get(k) ?? 0) + n);
}
function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
function cmpBig(a: bigint, b: bigint): number {
  return a > b ? 1 : a < b ? -1 : 0;
}

/**
 * A mention that can name a person: a `tg:@` handle or user id, not a bot (Telegram bot usernames end in
 * "bot") and not a chat of the case (a channel advertising its reserve channel names no person).
 */
function isPersonHandle(id: string, chatHandles: ReadonlySet<string>): boolean {
  if (id.startsWith('tg:user:')) return true;
  if (!id.startsWith('tg:@')) return false;
  return !id.endsWith('bot') && !chatHandles.has(id);
}

/** Whether the text right before a mention holds one of the contact words ("write to", "operator"). */
function hasContactWord(before: string, words: readonly string[]): boolean {
  const b = before.toLowerCase();
  return words.some((w) => b.includes(w));
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}
