import type { Store } from '@dragnet/core';
import { AccountViews, type AccountViewsOptions } from './account-views.ts';
import {
  chatTitle,
  type EntityKind,
  entityKindOf,
  entityLabel,
  graphMention,
} from '@dragnet/core/model/index.ts';
import { privateChatSides } from '@dragnet/core/identifiers/index.ts';
import { type Findings, normalizeFindings, type Role } from './findings.ts';
import { usernameId } from '@dragnet/services/telegram-facts.ts';
import { phoneOf } from '@dragnet/services/collect-entities.ts';
import { UsdConverter } from './usd.ts';

/** One node of the case as the API lists it: a person, an account, a chat or a Telegram user. */
export interface EntitySummary {
  id: string;
  kind: EntityKind | 'Unknown';
  label: string;
  roles: Role[];
  network: string | null;
  inUsd: number | null;
  outUsd: number | null;
  /** Person id holding this account, or accounts held by this person. */
  holder: string | null;
  accounts: string[];
}

/** What `CaseIndex.warm` prepared, and how long each part took. */
export interface WarmReport {
  /** The store's clustered copy: built now, already current, failed, or none (a store without one). */
  accountRows: 'built' | 'current' | 'failed' | 'none';
  accountRowsSeconds: number;
  hubs: number;
  hubsSeconds: number;
  /** `Store.prepareLookups`, last. */
  lookupsSeconds: number;
}

/** Accounts taken from the transfers beyond those the findings name (memory bound for huge cases). */
const ACCOUNT_LIMIT = 500_000;

/**
 * The read model the routes share: findings, the entity list and the rate table, built once per
 * server from the Store. A case is read-only while served: the server holds its store open, so an ingest from
 * another process is refused ("case is open in another process") and nothing here goes stale.
 */
export class CaseIndex {
  readonly #store: Store;
  #ready: Promise<void> | undefined;
  findings: Findings | null = null;
  entities = new Map<string, EntitySummary>();
  usd = new UsdConverter([]);
  /** account → person id. */
  holderOf = new Map<string, string>();
  /** A username (`tg:@name`) → how the `tg_users` rows write it (stored as written: `Boss_B`, `boss_b`). */
  usernames = new Map<string, Set<string>>();
  /** Transfer figures per account; the hubs' are computed once, in the background (`warm`). */
  readonly views: AccountViews;
  /** Hub accounts summarised by `warm`. */
  hubs = 0;
  #warm: Promise<WarmReport> | undefined;
  #rates = 0;

  constructor(store: Store, options: AccountViewsOptions = {}) {
    this.#store = store;
    this.views = new AccountViews(store, options);
  }

  readonly #memo = new Map<string, Promise<unknown>>();

  /**
   * Case-wide results that need a full scan (timeline, Sankey) are computed once per server: the case
   * does not change while it is served, and a full scan of a large case takes seconds.
   */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let p = this.#memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = compute();
      this.#memo.set(key, p);
      p.catch(() => this.#memo.delete(key));
    }
    return p;
  }

  /**
   * Resolves when the index is built (seconds on a big case). The slower preparation (`warm`) starts then,
   * in the background: answers never wait for it, only get faster once it is done.
   */
  ready(): Promise<void> {
    this.#ready ??= this.#build().then(() => {
      void this.warm();
    });
    return this.#ready;
  }

  /**
   * Makes per-account reads cheap, after the index is ready: the store's copy of the transfers clustered by
   * account (built once per ingest, minutes on ten million transfers; kept in the case), the hubs' summaries,
   * then the lookup indexes. Never fails: what could not be prepared is logged and read the slower way.
   */
  warm(): Promise<WarmReport> {
    this.#warm ??= this.ready()
      .then(() => this.#warmUp())
      .catch((e: Error) => {
        // E.g. the store closed meanwhile (the server stopping).
        console.error(`server: background preparation stopped (${e.message})`);
        return {
          accountRows: 'failed',
          accountRowsSeconds: 0,
          hubs: this.hubs,
          hubsSeconds: 0,
          lookupsSeconds: 0,
        };
      });
    return this.#warm;
  }

  async #warmUp(): Promise<WarmReport> {
    const report: WarmReport = {
      accountRows: 'none',
      accountRowsSeconds: 0,
      hubs: 0,
      hubsSeconds: 0,
      lookupsSeconds: 0,
    };
    const store = this.#store;
    const summarise = async (options: { oneByOne?: boolean; keep?: string }) => {
      const t = performance.now();
      // Without hub summaries every account is read per request: slower for hubs, the same answers.
      this.hubs = await this.views.prepareHubs(this.usd, options).catch((e: Error) => {
        console.error(`server: no hub summaries (${e.message}); busy accounts will answer slowly`);
        return 0;
      });
      report.hubs = this.hubs;
      report.hubsSeconds += (performance.now() - t) / 1000;
    };
    let stale = false;
    if (store.prepareAccountRows) {
      stale = !(await store.accountRowsCurrent?.());
      // The copy takes minutes to build on a big case: hubs first, from passes over the table, so that they
      // answer at once meanwhile (the build then keeps these summaries).
      if (stale) await summarise({});
      const t0 = performance.now();
      try {
        report.accountRows = (await store.prepareAccountRows()) ? 'built' : 'current';
      } catch (e) {
        console.error(
          `server: no per-account copy of the transfers (${(e as Error).message}); using lookups`,
        );
        report.accountRows = 'failed';
      }
      report.accountRowsSeconds = (performance.now() - t0) / 1000;
    }
    const clustered = report.accountRows === 'built' || report.accountRows === 'current';
    // Transfers and rates are only ever added (by an ingest): their counts tell one state of the case.
    if (clustered)
      await summarise({ oneByOne: true, keep: `${await store.count('transfers')}/${this.#rates}` });
    else if (!stale) await summarise({});
    if (store.prepareLookups) {
      // Lookups by account and identifier for the other routes (transfers of an account, traces, mentions):
      // built once per case and kept (an ingest drops them); until then those queries scan.
      const t = performance.now();
      await store.prepareLookups().catch((e: Error) => {
        console.error(`server: no lookup indexes (${e.message}); large cases will answer slowly`);
      });
      report.lookupsSeconds = (performance.now() - t) / 1000;
    }
    return report;
  }

  async #build(): Promise<void> {
    const store = this.#store;
    this.findings = normalizeFindings(await store.getDocument('findings'));
    const fx = [];
    for await (const r of store.scan('fx_rates')) fx.push(r);
    this.usd = new UsdConverter(fx);
    this.#rates = fx.length;

    const add = (id: string, patch: Partial<EntitySummary>): EntitySummary => {
      let e = this.entities.get(id);
      if (!e) {
        e = {
          id,
          kind: entityKindOf(id) ?? 'Unknown',
          label: id,
          roles: [],
          network: null,
          inUsd: null,
          outUsd: null,
          holder: null,
          accounts: [],
        };
        this.entities.set(id, e);
      }
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === null) continue;
        if (k === 'roles') e.roles = [...new Set([...e.roles, ...(v as Role[])])];
        else if (k === 'accounts') e.accounts = [...new Set([...e.accounts, ...(v as string[])])];
        else (e as unknown as Record<string, unknown>)[k] = v;
      }
      return e;
    };

    const f = this.findings;
    if (f) {
      for (const p of f.persons) {
        add(p.id, {
          kind: 'Person',
          label: p.names[0] ?? p.id,
          roles: p.roles,
          network: p.network,
          inUsd: p.turnoverUsd.in,
          outUsd: p.turnoverUsd.out,
          accounts: p.accounts,
        });
        for (const a of p.accounts) this.holderOf.set(a, p.id);
      }
      for (const a of f.accounts) {
        add(a.id, { roles: a.roles.map((r) => r.role), inUsd: a.inUsd, outUsd: a.outUsd, holder: a.holder });
        if (a.holder) this.holderOf.set(a.id, a.holder);
      }
      for (const c of f.channels) add(c.id, { kind: 'TelegramChat', label: c.title ?? c.id });
      for (const r of f.endRecipients) add(r.account, { roles: ['end_recipient'], holder: r.holder });
    }
    for await (const p of store.scan('persons')) {
      const e = this.entities.get(p.personId);
      if (!e) add(p.personId, { kind: 'Person', label: p.name ?? p.personId });
    }
    for await (const h of store.scan('holders')) {
      const e = add(h.account, {});
      const person = this.holderOf.get(h.account);
      if (person) e.holder = person;
      // A KYC record's phone is an entity of the case, as `dragnet status` counts it.
      const phone = phoneOf(h.phone);
      if (phone) add(phone, {});
    }
    const pairTitles = new Map<string, string[]>();
    for await (const c of store.scan('chats')) {
      add(c.chatId, { kind: 'TelegramChat', label: c.title ?? c.chatId });
      if (c.title !== null && privateChatSides(c.chatId) !== null)
        pairTitles.set(c.chatId, [...(pairTitles.get(c.chatId) ?? []), c.title]);
    }
    const displayNames = new Map<string, string>();
    for await (const u of store.scan('tg_users')) {
      if (u.username) {
        const name = usernameId(u.username);
        const spellings = this.usernames.get(name);
        if (spellings) spellings.add(u.username);
        else this.usernames.set(name, new Set([u.username]));
      }
      const label = u.username ? `@${u.username}` : (u.displayName ?? u.userId);
      const e = add(u.userId, { kind: 'TelegramUser' });
      if (e.label === e.id) e.label = label;
      if (u.displayName && !displayNames.has(u.userId)) displayNames.set(u.userId, u.displayName);
      if (u.displayName && u.username && !displayNames.has(usernameId(u.username)))
        displayNames.set(usernameId(u.username), u.displayName);
      const phone = phoneOf(u.phone);
      if (phone) add(phone, {});
    }
    // A private chat is labelled by its two people (`chatTitle`), whichever phone's row came first.
    for (const [chatId, titles] of pairTitles) {
      const e = this.entities.get(chatId);
      const title = chatTitle(chatId, titles, (u) => displayNames.get(u));
      if (e && title !== null) e.label = title;
    }
    // Accounts seen only in transfers, capped for huge cases: the bare list where the store has one (the
    // per-account sums of aggregateTransfers take minutes at ten million transfers).
    let seen = 0;
    const accounts = store.distinctAccounts
      ? store.distinctAccounts(ACCOUNT_LIMIT)
      : (async function* () {
          for await (const a of store.aggregateTransfers()) yield a.account;
        })();
    for await (const a of accounts) {
      if (!this.entities.has(a)) add(a, {});
      if (++seen >= ACCOUNT_LIMIT) break;
    }
    // A person the analysis made of Telegram accounts (`p:tg:@name`) has no name of its own: his accounts' display
    // name, else his username, not the id.
    for (const p of f?.persons ?? []) {
      const e = this.entities.get(p.id);
      if (!e || e.label !== p.id) continue;
      const ids = p.identifiers;
      // `displayNames` holds the accounts' names by `tg:user:…` and by `tg:@name` (the rows that give both).
      const shown =
        ids.map((x) => displayNames.get(x)).find((x) => x !== undefined) ??
        ids.find((x) => x.startsWith('tg:@'))?.replace(/^tg:/, '');
      if (shown) e.label = shown;
    }
    // Identifiers found in messages that passed their check (a card posted in a chat, a wallet, a place): entities of
    // the case as `dragnet status` counts them, listed even when no transfer or KYC record names them. One grouped
    // read, capped as the accounts are.
    let mentioned = 0;
    for (const [id] of await store.countBy('mentions', 'identifier', { where: { validated: true } })) {
      if (id === null || this.entities.has(id) || !graphMention(id, true)) continue;
      add(id, {});
      if (++mentioned >= ACCOUNT_LIMIT) break;
    }
    for (const [account, person] of this.holderOf) {
      const e = this.entities.get(account);
      if (e) e.holder = person;
    }
    for (const e of this.entities.values()) if (e.label === e.id) e.label = entityLabel(e.id);
  }

  /** An entity by id, or a bare one for any identifier in §2 form (search by identifiers not indexed). */
  entity(id: string): EntitySummary | undefined {
    const e = this.entities.get(id);
    if (e) return e;
    const kind = entityKindOf(id);
    if (!kind) return undefined;
    return {
      id,
      kind,
      label: entityLabel(id),
      roles: [],
      network: null,
      inUsd: null,
      outUsd: null,
      holder: this.holderOf.get(id) ?? null,
      accounts: [],
    };
  }
}
