import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  ENTITY_KINDS,
  entityKindOf,
  forwardedSource,
  geoPoint,
  graphMention,
  MIGRATE_FROM,
  MIGRATE_TO,
  type MigrationMessage,
  membershipLinkKind,
  migrationLinks,
  postedBy,
  type Store,
} from '@dragnet/core';
import { xmlEscape } from '@dragnet/core/text/xml-text.ts';
import { type CollectedEntity, collectEntities, holderPersonId, type PhoneLink } from './collect-entities.ts';
import { usernameId } from './telegram-facts.ts';

export type ExportFormat = 'ftm' | 'graphml' | 'gexf' | 'csv' | 'xlsx';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['ftm', 'graphml', 'gexf', 'csv', 'xlsx'];

export interface ExportResult {
  format: ExportFormat;
  files: string[];
  entities: number;
  links: number;
}

/**
 * Writes `path` through a temporary file beside it (`fn` writes `tmp`): renamed into place on success only, removed on
 * failure, so an interrupted export leaves no partial file.
 */
export async function writeAtomically(path: string, fn: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await fn(tmp);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * A file write stream whose error (a folder that cannot be written, a full disk) rejects the next write or the end
 * instead of escaping as an unhandled event.
 */
export class FileSink {
  readonly stream: ReturnType<typeof createWriteStream>;
  private failed: Error | undefined;
  /** Rejects once the stream fails, never resolves: raced against each wait on the stream. */
  private readonly failedLater: Promise<never>;
  constructor(path: string) {
    this.stream = createWriteStream(path);
    this.failedLater = new Promise<never>((_, rej) =>
      this.stream.on('error', (e) => {
        this.failed ??= e;
        rej(e);
      }),
    );
    // Only a wait that races it reports the failure; unraced, it is no unhandled rejection.
    this.failedLater.catch(() => {});
  }
  /** The stream's failure, for racing against work on it (exceljs' commit waits for a finish that never comes). */
  failure(): Promise<never> {
    return this.failedLater;
  }
  async write(text: string): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.stream.write(text))
      await Promise.race([new Promise<void>((res) => this.stream.once('drain', res)), this.failure()]);
  }
  async end(): Promise<void> {
    if (this.failed) throw this.failed;
    await Promise.race([new Promise<void>((res) => this.stream.end(res)), this.failure()]);
    if (this.failed) throw this.failed;
  }
  destroy(): void {
    this.stream.destroy();
  }
}

async function withWriter(path: string, fn: (w: FileSink) => Promise<void>): Promise<void> {
  await writeAtomically(path, async (tmp) => {
    const w = new FileSink(tmp);
    try {
      await fn(w);
      await w.end();
    } catch (e) {
      w.destroy();
      throw e;
    }
  });
}

/**
 * Exports the case: FtM JSON lines, GraphML, GEXF or an XLSX workbook of the canonical tables (one file at `out`),
 * or canonical CSVs (a folder at `out`).
 */
export async function exportCase(store: Store, format: ExportFormat, out: string): Promise<ExportResult> {
  // A file export's folder is made as the csv export's own folder is.
  if (format !== 'csv') await mkdir(dirname(out), { recursive: true });
  switch (format) {
    case 'csv':
      return exportCsv(store, out);
    case 'xlsx': {
      const { exportXlsx } = await import('./export-xlsx.ts');
      return exportXlsx(store, out);
    }
    case 'ftm':
      return exportFtm(store, out);
    case 'graphml':
    case 'gexf':
      return exportGraph(store, format, out);
  }
}

// ---------- canonical CSV (CONTRACT §3) ----------

export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csvLine = (fields: readonly unknown[]): string => `${fields.map(csvField).join(',')}\n`;

function stripExchange(id: string | null, exchange: string): string | null {
  if (!id) return id;
  const prefix = `exchange:${exchange}:`;
  return id.startsWith(prefix) ? id.slice(prefix.length) : id;
}

/** One canonical table (CONTRACT §3): its CSV file name, header and rows; `links` counts its rows as links. */
export interface CaseTable {
  file: string;
  header: readonly string[];
  links: boolean;
  rows: () => AsyncIterable<readonly unknown[]>;
}

/** The case as the canonical tables of CONTRACT §3 plus `entities.csv`, in export order; `csv` and `xlsx` both write these. */
export async function caseTables(store: Store): Promise<{ tables: CaseTable[]; entities: number }> {
  const tables: CaseTable[] = [];
  const file = (
    name: string,
    header: readonly string[],
    rows: () => AsyncIterable<readonly unknown[]>,
    links = false,
  ) => {
    tables.push({ file: name, header, rows, links });
  };
  file(
    'transfers.csv',
    [
      'tx_id',
      'timestamp',
      'amount',
      'currency',
      'from_account',
      'to_account',
      'from_holder',
      'to_holder',
      'channel',
      'reference',
    ],
    async function* () {
      for await (const t of store.scan('transfers', { orderBy: ['timestamp', 'id'] })) {
        yield [
          t.id,
          t.timestamp,
          t.amount,
          t.currency,
          t.fromAccount,
          t.toAccount,
          t.fromHolder,
          t.toHolder,
          t.channel,
          t.reference,
        ];
      }
    },
    true,
  );
  file(
    'holders.csv',
    [
      'account',
      'holder_name',
      'iin',
      'passport',
      'nationality',
      'birthdate',
      'phone',
      'address',
      'institution',
      'opened_at',
    ],
    async function* () {
      for await (const h of store.scan('holders')) {
        yield [
          h.account,
          h.holderName,
          h.iin,
          h.passport,
          h.nationality,
          h.birthdate,
          h.phone,
          h.address,
          h.institution,
          h.openedAt,
        ];
      }
    },
    true,
  );
  file('exchanges.csv', ['exchange', 'name', 'jurisdiction', 'licensed', 'license_ref'], async function* () {
    for await (const x of store.scan('exchanges'))
      yield [x.exchange, x.name, x.jurisdiction, x.licensed === null ? '' : String(x.licensed), x.licenseRef];
  });
  file(
    'exchange-orders.csv',
    [
      'exchange',
      'order_id',
      'timestamp',
      'buyer_user',
      'seller_user',
      'fiat_amount',
      'fiat_currency',
      'crypto_amount',
      'asset',
      'payment_from',
      'payment_to',
    ],
    async function* () {
      for await (const o of store.scan('exchange_orders')) {
        yield [
          o.exchange,
          o.orderId,
          o.timestamp,
          stripExchange(o.buyerUser, o.exchange),
          stripExchange(o.sellerUser, o.exchange),
          o.fiatAmount,
          o.fiatCurrency,
          o.cryptoAmount,
          o.asset,
          o.paymentFrom,
          o.paymentTo,
        ];
      }
    },
    true,
  );
  file(
    'persons.csv',
    ['person_id', 'name', 'iin', 'passport', 'nationality', 'birthdate', 'status'],
    async function* () {
      for await (const p of store.scan('persons'))
        yield [p.personId, p.name, p.iin, p.passport, p.nationality, p.birthdate, p.status];
    },
  );
  file(
    'seizures.csv',
    ['seizure_id', 'date', 'place', 'lat', 'lon', 'substance', 'mass_g', 'description', 'person_id'],
    async function* () {
      for await (const s of store.scan('seizures'))
        yield [s.seizureId, s.date, s.place, s.lat, s.lon, s.substance, s.massG, s.description, s.personId];
    },
  );
  file('fx-rates.csv', ['date', 'currency', 'usd_per_unit'], async function* () {
    for await (const r of store.scan('fx_rates', { orderBy: ['date', 'currency'] }))
      yield [r.date, r.currency, r.usdPerUnit];
  });
  // Telegram evidence as read (docs/formats/telegram.md): each row with its evidence file and locator.
  file(
    'telegram-chats.csv',
    ['chat_id', 'type', 'title', 'username', 'evidence_id', 'locator'],
    async function* () {
      for await (const c of store.scan('chats'))
        yield [c.chatId, c.type, c.title, c.username, c.evidenceId, c.locator];
    },
  );
  file(
    'telegram-users.csv',
    ['user_id', 'username', 'display_name', 'phone', 'evidence_id', 'locator'],
    async function* () {
      for await (const u of store.scan('tg_users'))
        yield [u.userId, u.username, u.displayName, u.phone, u.evidenceId, u.locator];
    },
  );
  file(
    'telegram-messages.csv',
    [
      'chat_id',
      'message_id',
      'timestamp',
      'author_id',
      'author_name',
      'text',
      'reply_to',
      'forwarded_from',
      'via_bot',
      'edited',
      'media_kind',
      'action',
      'evidence_id',
      'locator',
    ],
    async function* () {
      for await (const m of store.scan('messages', { orderBy: ['chatId', 'timestamp', 'messageId'] }))
        yield [
          m.chatId,
          m.messageId,
          m.timestamp,
          m.authorId,
          m.authorName,
          m.text,
          m.replyTo,
          m.forwardedFrom,
          m.viaBot,
          m.edited,
          m.mediaKind,
          m.action,
          m.evidenceId,
          m.locator,
        ];
    },
  );
  file(
    'telegram-mentions.csv',
    [
      'chat_id',
      'message_id',
      'identifier',
      'kind',
      'start',
      'end',
      'validated',
      'raw',
      'source',
      'evidence_id',
      'locator',
    ],
    async function* () {
      for await (const m of store.scan('mentions'))
        yield [
          m.chatId,
          m.messageId,
          m.identifier,
          m.kind,
          m.start,
          m.end,
          String(m.validated),
          m.raw,
          m.source,
          m.evidenceId,
          m.locator,
        ];
    },
  );
  file(
    'telegram-labels.csv',
    [
      'chat_id',
      'message_id',
      'label',
      'score',
      'terms',
      'from_chat',
      'lexicon_version',
      'evidence_id',
      'locator',
    ],
    async function* () {
      // Imported here: the chat context pulls in the labeller, which no other table needs.
      const { contextOfLabel } = await import('@dragnet/core/labels/chat-context-pass.ts');
      for await (const l of store.scan('message_labels')) {
        // A label the chat gives: its reason (`context`), no spans; else the matched terms with their offsets.
        const context = contextOfLabel(l);
        const terms = context ? '' : l.terms.map((t) => `${t.term}@${t.start}-${t.end}`).join('; ');
        yield [
          l.chatId,
          l.messageId,
          l.label,
          l.score,
          terms,
          context ? context.reason : '',
          l.lexiconVersion,
          l.evidenceId,
          l.locator,
        ];
      }
    },
  );
  const entities = await collectEntities(store);
  file('entities.csv', ['id', 'kind', 'name', 'evidence_files'], async function* () {
    for (const e of entities.values()) yield [e.id, e.kind, [...e.names].join(' | '), e.evidence.size];
  });
  return { tables, entities: entities.size };
}

async function exportCsv(store: Store, dir: string): Promise<ExportResult> {
  await mkdir(dir, { recursive: true });
  const { tables, entities } = await caseTables(store);
  const files: string[] = [];
  let links = 0;
  for (const t of tables) {
    const path = join(dir, t.file);
    await withWriter(path, async (w) => {
      await w.write(csvLine(t.header));
      for await (const r of t.rows()) {
        if (t.links) links++;
        await w.write(csvLine(r));
      }
    });
    files.push(path);
  }
  return { format: 'csv', files, entities, links };
}

// ---------- FollowTheMoney JSON lines ----------

const schemaOf = new Map(ENTITY_KINDS.map((k) => [k.kind, k.ftmSchema]));

/** An entity as FtM; `phones`: the E.164 numbers of its HasPhone links (a Telegram account's `number`, a person's `phone`). */
function ftmEntity(e: CollectedEntity, phones?: ReadonlySet<string>): Record<string, unknown> {
  const properties: Record<string, string[]> = {};
  const put = (k: string, v: string | undefined) => {
    if (v) (properties[k] ??= []).push(v);
  };
  for (const n of e.names) put('name', n);
  const value = e.id.slice(e.id.indexOf(':') + 1);
  switch (e.kind) {
    case 'BankCard':
    case 'BankAccount':
      put('accountNumber', value);
      if (e.id.startsWith('iban:')) put('iban', value);
      break;
    case 'CryptoWallet':
      put('publicKey', value);
      put('currency', e.id.slice(0, e.id.indexOf(':')).toUpperCase());
      break;
    case 'Phone':
      put('number', value);
      break;
    case 'TelegramUser':
      put('service', 'Telegram');
      if (e.id.startsWith('tg:@')) put('username', value.slice(1));
      for (const p of phones ?? []) put('number', p);
      break;
    case 'Person':
      put('nationality', e.props['nationality']);
      put('idNumber', e.props['iin']);
      for (const p of phones ?? []) put('phone', p);
      break;
    case 'Location': {
      // A place named by its coordinates (`geo:<lat>,<lon>`): an FtM Address with latitude and longitude.
      const at = geoPoint(e.id);
      if (at) {
        put('full', `${at.latitude}, ${at.longitude}`);
        put('latitude', at.latitude);
        put('longitude', at.longitude);
      }
      break;
    }
    case 'WebLink':
      // FtM has no schema for a web address: a web page (HyperText) whose `sourceUrl` is the link, never fetched.
      put('title', e.id);
      put('sourceUrl', e.id);
      break;
    default:
      break;
  }
  if (!properties['name']) put('name', e.id);
  return { id: e.id, schema: schemaOf.get(e.kind) ?? 'Thing', properties };
}

async function exportFtm(store: Store, path: string): Promise<ExportResult> {
  const hasPhone = new Map<string, PhoneLink>();
  const entities = await collectEntities(store, { phoneLinks: hasPhone });
  const phonesOf = new Map<string, Set<string>>();
  for (const l of hasPhone.values()) {
    let set = phonesOf.get(l.party);
    if (!set) phonesOf.set(l.party, (set = new Set()));
    set.add(l.phone.slice('phone:'.length));
  }
  // Link ends the collected entities lack (a channel posting in its discussion group, a forwarded-from party, a
  // membership's side known from nothing else): written as entities too, so that every link has both ends.
  const ends = new Set<string>();
  const end = (id: string) => {
    if (!entities.has(id)) ends.add(id);
  };
  let links = 0;
  await withWriter(path, async (w) => {
    for (const e of entities.values()) await w.write(`${JSON.stringify(ftmEntity(e, phonesOf.get(e.id)))}\n`);
    for await (const t of store.scan('transfers', { orderBy: ['timestamp', 'id'] })) {
      links++;
      const properties: Record<string, string[]> = {
        amount: [t.amount],
        currency: [t.currency],
        date: [t.timestamp],
        proof: [`${t.evidenceId}#${t.locator}`],
      };
      if (t.fromAccount) properties['payerAccount'] = [t.fromAccount];
      if (t.toAccount) properties['beneficiaryAccount'] = [t.toAccount];
      if (t.reference) properties['purpose'] = [t.reference];
      properties['programme'] = [t.channel];
      await w.write(`${JSON.stringify({ id: `transfer:${t.id}`, schema: 'Payment', properties })}\n`);
    }
    for await (const h of store.scan('holders')) {
      const owner = holderPersonId(h);
      if (!owner) continue;
      links++;
      await w.write(
        `${JSON.stringify({ id: `holds:${owner}:${h.account}`, schema: 'Ownership', properties: { owner: [owner], asset: [h.account], proof: [`${h.evidenceId}#${h.locator}`] } })}\n`,
      );
    }
    // HasPhone (a Telegram account's or a KYC holder's phone → the phone): FtM's generic link, beside the `number` /
    // `phone` property of the account or person, so that the phone meets the same number anywhere in the case.
    for (const l of hasPhone.values()) {
      end(l.party);
      end(l.phone);
      links++;
      const props = { subject: [l.party], object: [l.phone], role: ['phone number'], proof: [...l.proof] };
      await w.write(
        `${JSON.stringify({ id: `hasphone:${l.party}:${l.phone}`, schema: 'UnknownLink', properties: props })}\n`,
      );
    }
    for await (const o of store.scan('exchange_orders')) {
      links++;
      const p: Record<string, string[]> = { date: [o.timestamp], proof: [`${o.evidenceId}#${o.locator}`] };
      for (const [k, v] of [
        ['buyer', o.buyerUser],
        ['seller', o.sellerUser],
        ['paymentFrom', o.paymentFrom],
        ['paymentTo', o.paymentTo],
        ['fiatAmount', o.fiatAmount],
        ['fiatCurrency', o.fiatCurrency],
        ['cryptoAmount', o.cryptoAmount],
        ['asset', o.asset],
      ] as const) {
        if (v) p[k] = [v];
      }
      await w.write(
        `${JSON.stringify({ id: `order:${o.exchange}:${o.orderId}`, schema: 'DragnetExchangeOrder', properties: p })}\n`,
      );
    }
    const migrations: MigrationMessage[] = [];
    for await (const m of store.scan('messages')) {
      if (m.action === MIGRATE_TO || m.action === MIGRATE_FROM) migrations.push(m);
      const id = `message:${m.chatId}:${m.messageId}`;
      const proof = [`${m.evidenceId}#${m.locator}`];
      const p: Record<string, string[]> = { bodyText: [m.text], date: [m.timestamp], proof };
      if (m.authorId) p['sender'] = [m.authorId];
      p['thread'] = [m.chatId];
      await w.write(`${JSON.stringify({ id, schema: 'Message', properties: p })}\n`);
      // Posted (author → message) and Forwarded (message → original author or chat): docs/data-model.md.
      const author = postedBy(m);
      if (author) {
        end(author);
        links++;
        const props = { author: [author], message: [id], date: [m.timestamp], proof };
        await w.write(
          `${JSON.stringify({ id: `posted:${m.chatId}:${m.messageId}`, schema: 'DragnetPosted', properties: props })}\n`,
        );
      }
      if (m.forwardedFrom !== null) {
        // An export that names the original sender without an id (HTML, old JSON) gives `sourceName` only.
        const source = forwardedSource(m);
        if (source) end(source);
        links++;
        const props: Record<string, string[]> = { message: [id], date: [m.timestamp], proof };
        if (source) props['source'] = [source];
        else props['sourceName'] = [m.forwardedFrom];
        await w.write(
          `${JSON.stringify({ id: `forwarded:${m.chatId}:${m.messageId}`, schema: 'DragnetForwarded', properties: props })}\n`,
        );
      }
    }
    // MigratedTo (a basic group → the supergroup it was upgraded to): FtM's generic link, its service messages as proof.
    for (const l of migrationLinks(migrations)) {
      end(l.from);
      end(l.to);
      links++;
      const props = {
        subject: [l.from],
        object: [l.to],
        role: ['upgraded to supergroup'],
        date: [l.at],
        proof: l.messages.map((m) => `${m.evidenceId}#${m.locator}`),
      };
      await w.write(
        `${JSON.stringify({ id: `migratedto:${l.from}:${l.to}`, schema: 'UnknownLink', properties: props })}\n`,
      );
    }
    for await (const m of store.scan('mentions')) {
      if (!graphMention(m.identifier, m.validated)) continue;
      links++;
      const props = {
        document: [`message:${m.chatId}:${m.messageId}`],
        resolved: [m.identifier],
        name: [m.raw],
        proof: [`${m.evidenceId}#${m.locator}`],
      };
      await w.write(
        `${JSON.stringify({ id: `mention:${m.chatId}:${m.messageId}:${m.start}-${m.end}:${m.identifier}`, schema: 'Mention', properties: props })}\n`,
      );
    }
    // MemberOf / Admin (user → chat): one Membership per user, chat and kind; posting is the Posted links above.
    const memberships = new Map<
      string,
      { member: string; chat: string; roles: Set<string>; start: string | null; proof: Set<string> }
    >();
    for await (const r of store.scan('memberships')) {
      const kind = membershipLinkKind(r.role);
      if (kind === 'Posted') continue;
      const key = `${kind === 'Admin' ? 'admin' : 'member'}:${r.userId}:${r.chatId}`;
      let e = memberships.get(key);
      if (!e)
        memberships.set(
          key,
          (e = { member: r.userId, chat: r.chatId, roles: new Set(), start: null, proof: new Set() }),
        );
      e.roles.add(r.role);
      if (r.timestamp && (e.start === null || r.timestamp < e.start)) e.start = r.timestamp;
      e.proof.add(`${r.evidenceId}#${r.locator}`);
    }
    for (const [key, e] of memberships) {
      end(e.member);
      end(e.chat);
      links++;
      const props: Record<string, string[]> = {
        member: [e.member],
        organization: [e.chat],
        role: [...e.roles],
        proof: [...e.proof],
      };
      if (e.start) props['startDate'] = [e.start];
      await w.write(
        `${JSON.stringify({ id: `membership:${key}`, schema: 'Membership', properties: props })}\n`,
      );
    }
    for (const id of ends) {
      const kind = entityKindOf(id) ?? 'TelegramUser';
      const e: CollectedEntity = { id, kind, names: new Set(), evidence: new Set(), props: {} };
      await w.write(`${JSON.stringify(ftmEntity(e))}\n`);
    }
  });
  return { format: 'ftm', files: [path], entities: entities.size + ends.size, links };
}

// ---------- GraphML / GEXF (Gephi) ----------

interface Edge {
  source: string;
  target: string;
  kind: string;
  count: number;
  amounts: Map<string, bigint>;
}

async function graphEdges(store: Store, hasPhone: Map<string, PhoneLink>): Promise<Map<string, Edge>> {
  const edges = new Map<string, Edge>();
  const add = (source: string, target: string, kind: string, currency?: string, amount?: string) => {
    const key = `${kind}\u0000${source}\u0000${target}`;
    let e = edges.get(key);
    if (!e) edges.set(key, (e = { source, target, kind, count: 0, amounts: new Map() }));
    e.count++;
    if (currency && amount) e.amounts.set(currency, (e.amounts.get(currency) ?? 0n) + centsOf(amount));
  };
  for await (const t of store.scan('transfers')) {
    if (t.fromAccount && t.toAccount) add(t.fromAccount, t.toAccount, 'Transfer', t.currency, t.amount);
  }
  for await (const h of store.scan('holders')) {
    const p = holderPersonId(h);
    if (p) add(p, h.account, 'Holds');
  }
  for (const l of hasPhone.values()) for (const _record of l.proof) add(l.party, l.phone, 'HasPhone');
  // HasUsername: an account → the `tg:@name` its records give it (the node a message's `@name` mention meets).
  for await (const u of store.scan('tg_users'))
    if (u.username && u.userId.startsWith('tg:user:')) add(u.userId, usernameId(u.username), 'HasUsername');
  // Messages are not nodes of the graph: a message's links are drawn from its chat (Mentions, Forwarded) or
  // to it (Posted: author → chat), counted per message (docs/data-model.md).
  for await (const m of store.scan('mentions')) {
    if (graphMention(m.identifier, m.validated)) add(m.chatId, m.identifier, 'Mentions');
  }
  const migrations: MigrationMessage[] = [];
  for await (const m of store.scan('messages')) {
    if (m.action === MIGRATE_TO || m.action === MIGRATE_FROM) migrations.push(m);
    const author = postedBy(m);
    if (author) add(author, m.chatId, 'Posted');
    const source = forwardedSource(m);
    if (source && source !== m.chatId) add(m.chatId, source, 'Forwarded');
  }
  for await (const r of store.scan('memberships')) {
    const kind = membershipLinkKind(r.role);
    if (kind !== 'Posted') add(r.userId, r.chatId, kind);
  }
  // One upgrade, one edge, however many phones hold its service messages.
  for (const l of migrationLinks(migrations)) add(l.from, l.to, 'MigratedTo');
  for await (const o of store.scan('exchange_orders')) {
    if (o.paymentFrom && o.paymentTo)
      add(
        o.paymentFrom,
        o.paymentTo,
        'ExchangeOrder',
        o.fiatCurrency ?? undefined,
        o.fiatAmount ?? undefined,
      );
  }
  return edges;
}

/** Amount in hundredths, truncated: edge weights for layout, not figures for court. */
function centsOf(amount: string): bigint {
  const [i = '0', f = ''] = amount.replace('-', '').split('.');
  return BigInt(i) * 100n + BigInt((f + '00').slice(0, 2));
}

const fmtCents = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;

async function exportGraph(store: Store, format: 'graphml' | 'gexf', path: string): Promise<ExportResult> {
  const hasPhone = new Map<string, PhoneLink>();
  const entities = await collectEntities(store, { phoneLinks: hasPhone });
  const edges = await graphEdges(store, hasPhone);
  const color = new Map(ENTITY_KINDS.map((k) => [k.kind, k.graphColor]));
  // Edge end points that are not entities yet (e.g. a chat known only from mentions) become nodes too.
  const nodeIds = new Set(entities.keys());
  for (const e of edges.values()) {
    nodeIds.add(e.source);
    nodeIds.add(e.target);
  }
  const label = (id: string) => {
    const e = entities.get(id);
    return e?.names.size ? [...e.names][0]! : id;
  };
  const kindOf = (id: string) => entities.get(id)?.kind ?? entityKindOf(id) ?? 'Person';
  /** Latitude and longitude of a place or a seizure, for a map layout (Gephi's GeoLayout). */
  const geo = (id: string) => {
    const p = entities.get(id)?.props;
    return p?.['latitude'] !== undefined && p['longitude'] !== undefined
      ? { latitude: p['latitude'], longitude: p['longitude'] }
      : undefined;
  };
  await withWriter(path, async (w) => {
    if (format === 'graphml') {
      await w.write(
        '<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n' +
          '  <key id="label" for="node" attr.name="label" attr.type="string"/>\n' +
          '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>\n' +
          '  <key id="color" for="node" attr.name="color" attr.type="string"/>\n' +
          '  <key id="latitude" for="node" attr.name="latitude" attr.type="double"/>\n' +
          '  <key id="longitude" for="node" attr.name="longitude" attr.type="double"/>\n' +
          '  <key id="ekind" for="edge" attr.name="kind" attr.type="string"/>\n' +
          '  <key id="count" for="edge" attr.name="count" attr.type="int"/>\n' +
          '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>\n' +
          '  <key id="amounts" for="edge" attr.name="amounts" attr.type="string"/>\n' +
          '  <graph id="case" edgedefault="directed">\n',
      );
      for (const id of nodeIds) {
        const k = kindOf(id);
        const at = geo(id);
        const place = at
          ? `<data key="latitude">${xmlEscape(at.latitude)}</data><data key="longitude">${xmlEscape(at.longitude)}</data>`
          : '';
        await w.write(
          `    <node id="${xmlEscape(id)}"><data key="label">${xmlEscape(label(id))}</data><data key="kind">${k}</data><data key="color">${color.get(k) ?? '#999999'}</data>${place}</node>\n`,
        );
      }
      let i = 0;
      for (const e of edges.values()) {
        const amounts = [...e.amounts].map(([c, v]) => `${fmtCents(v)} ${c}`).join('; ');
        await w.write(
          `    <edge id="e${i++}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}"><data key="ekind">${e.kind}</data><data key="count">${e.count}</data><data key="weight">${e.count}</data><data key="amounts">${xmlEscape(amounts)}</data></edge>\n`,
        );
      }
      await w.write('  </graph>\n</graphml>\n');
    } else {
      await w.write(
        '<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.3" version="1.3">\n  <graph defaultedgetype="directed">\n' +
          '    <attributes class="node"><attribute id="kind" title="kind" type="string"/>' +
          '<attribute id="latitude" title="latitude" type="double"/><attribute id="longitude" title="longitude" type="double"/></attributes>\n' +
          '    <attributes class="edge"><attribute id="ekind" title="kind" type="string"/><attribute id="amounts" title="amounts" type="string"/></attributes>\n    <nodes>\n',
      );
      for (const id of nodeIds) {
        const at = geo(id);
        const place = at
          ? `<attvalue for="latitude" value="${xmlEscape(at.latitude)}"/><attvalue for="longitude" value="${xmlEscape(at.longitude)}"/>`
          : '';
        await w.write(
          `      <node id="${xmlEscape(id)}" label="${xmlEscape(label(id))}"><attvalues><attvalue for="kind" value="${kindOf(id)}"/>${place}</attvalues></node>\n`,
        );
      }
      await w.write('    </nodes>\n    <edges>\n');
      let i = 0;
      for (const e of edges.values()) {
        const amounts = [...e.amounts].map(([c, v]) => `${fmtCents(v)} ${c}`).join('; ');
        await w.write(
          `      <edge id="e${i++}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}" weight="${e.count}"><attvalues><attvalue for="ekind" value="${e.kind}"/><attvalue for="amounts" value="${xmlEscape(amounts)}"/></attvalues></edge>\n`,
        );
      }
      await w.write('    </edges>\n  </graph>\n</gexf>\n');
    }
  });
  return { format, files: [path], entities: nodeIds.size, links: edges.size };
}
