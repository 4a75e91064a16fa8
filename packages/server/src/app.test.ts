import { beforeAll, describe, expect, it } from 'vitest';
import type {
  CaseResponse,
  ChannelItem,
  EntityPage,
  EntityProfile,
  EntitySummary,
  Findings,
  FlowsResponse,
  GeoResponse,
  GraphResponse,
  MessageItem,
  Page,
  RecordsResponse,
  ReportResponse,
  TimelineResponse,
  TraceResponse,
  TransferItem,
} from './api-types.ts';
import { createApp } from './app.ts';
import { MemoryStore } from '@dragnet/core/store/memory-store.ts';
import { FIXTURE as F, fillFixtureCase } from './testing/fixture-case.ts';
import { EXTRAS as X, addWorkspaceExtras } from './testing/workspace-extras.ts';

let app: ReturnType<typeof createApp>;
let store: MemoryStore;

async function get<T>(path: string, status = 200): Promise<T> {
  const res = await app.request(path);
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body as T;
}
const q = encodeURIComponent;

beforeAll(async () => {
  store = new MemoryStore();
  await fillFixtureCase(store);
  app = createApp({ store, caseDir: '/cases/fixture', webDist: null });
});

describe('case', () => {
  it('summarises counts, headline figures and jurisdictions', async () => {
    const c = await get<CaseResponse>('/api/case');
    expect(c.name).toBe('Fixture case');
    expect(c.counts).toMatchObject({ evidence: 3, transfers: 8, messages: 3, quarantined: 1 });
    expect(c.summary?.droppers).toBe(2);
    expect(c.jurisdictions).toEqual([{ jurisdiction: 'AE', receivedUsd: 375.4, accounts: 1 }]);
    expect(c.keyFigures[0]?.id).toBe(F.operator);
  });

  it("names the findings' key figures in their order (operators first), not the server's own ranking", async () => {
    const store = new MemoryStore();
    await fillFixtureCase(store);
    const { keyFigures: _, ...doc } = (await store.getDocument('findings')) as Record<string, unknown>;
    await store.putDocument('findings', { ...doc, analysis: { keyFigures: [F.mule, F.operator] } });
    const ranked = createApp({ store, caseDir: '/x', webDist: null });
    const c = (await (await ranked.request('/api/case')).json()) as CaseResponse;
    expect(c.keyFigures.map((k) => k.id)).toEqual([F.mule, F.operator]);
  });

  it('answers 404 with a hint for findings of an unanalysed case', async () => {
    const empty = createApp({ store: new MemoryStore(), caseDir: '/x', webDist: null });
    const res = await empty.request('/api/findings');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/dragnet analyze/);
    const c = (await (await empty.request('/api/case')).json()) as CaseResponse;
    expect(c.analysed).toBe(false);
  });
});

describe('entities', () => {
  it('filters by role and kind, pages', async () => {
    const droppers = await get<Page<EntitySummary>>('/api/entities?role=dropper');
    expect(droppers.items.map((e) => e.id).sort()).toEqual([F.dropper, F.dropper2, F.mule].sort());
    const persons = await get<Page<EntitySummary>>('/api/entities?kind=Person&limit=1&offset=1');
    expect(persons.total).toBe(2);
    expect(persons.items).toHaveLength(1);
  });

  it('finds by any identifier or name fragment', async () => {
    const byName = await get<Page<EntitySummary>>(`/api/entities?q=${q('асанов')}`);
    expect(byName.items[0]?.id).toBe(F.operator);
    const byCard = await get<Page<EntitySummary>>(`/api/entities?q=${q(F.dropper)}`);
    expect(byCard.items[0]?.id).toBe(F.dropper);
    const unseen = await get<Page<EntitySummary>>(`/api/entities?q=${q('card:5555555555554444')}`);
    expect(unseen.items[0]).toMatchObject({ id: 'card:5555555555554444', kind: 'BankCard' });
  });

  it('rejects bad parameters with 400 naming the parameter', async () => {
    const body = await get<{ error: string; issues: Array<{ path: string }> }>(
      '/api/entities?limit=-3&role=boss',
      400,
    );
    expect(body.issues.map((i) => i.path).sort()).toEqual(['limit', 'role']);
    expect(body.error).toMatch(/limit/);
  });

  it('builds a profile with holders, exact totals, reasons and evidence records', async () => {
    const p = await get<EntityProfile>(`/api/entity?id=${q(F.dropper)}`);
    expect(p.entity.holder).toBe(F.mule);
    expect(p.account?.roles[0]?.reasons[0]).toMatch(/16-МР/);
    expect(p.holders[0]).toMatchObject({ holderName: 'Мулов Иван', evidenceId: F.kycFile, locator: 'row:2' });
    expect(p.totals).toEqual([{ currency: 'KZT', in: '35000', out: '34000', countIn: 2, countOut: 1 }]);
    // 35000 KZT at 0.002 = 70.00 USD
    expect(p.usd).toEqual({ in: '70.00', out: '68.00', unconverted: 0 });
    expect(p.records.some((r) => r.table === 'mentions' && r.locator === 'message:1')).toBe(true);
    expect(p.evidenceFiles.map((f) => f.evidenceId).sort()).toEqual(
      [F.bankFile, F.kycFile, F.telegramFile].sort(),
    );
    expect(p.evidenceFiles.find((f) => f.evidenceId === F.bankFile)).toMatchObject({
      originalName: 'statement <script>.csv',
      path: 'bank/statement <script>.csv',
    });
  });

  it('removes transfers between a person’s own accounts from the totals', async () => {
    const p = await get<EntityProfile>(`/api/entity?id=${q(F.operator)}`);
    expect(p.identifiers).toContain('iin:900101300012');
    expect(p.totals.find((t) => t.currency === 'KZT')).toMatchObject({ in: '44000', out: '49000' });
  });

  it('answers 404 for unknown ids and 400 without id', async () => {
    await get('/api/entity?id=nobody', 404);
    await get('/api/entity', 400);
  });

  it('caps a hub neighbourhood and reports how many more', async () => {
    const all = await get<GraphResponse>(`/api/entity/neighbours?id=${q(F.dropper)}`);
    const ids = all.nodes.map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining([F.buyer, F.buyer2, F.collector, F.mule, F.chat]));
    expect(all.nodes[0]?.hidden).toBe(0);
    const capped = await get<GraphResponse>(`/api/entity/neighbours?id=${q(F.dropper)}&cap=2`);
    expect(capped.nodes).toHaveLength(3);
    expect(capped.nodes[0]?.hidden).toBe(3);
    expect(capped.truncated).toBe(true);
    // The holder is always kept.
    expect(capped.nodes.map((n) => n.id)).toContain(F.mule);
  });

  it('gives an overview graph with holds and transfer edges', async () => {
    const g = await get<GraphResponse>('/api/graph');
    expect(g.edges.find((e) => e.source === F.dropper && e.target === F.collector)).toMatchObject({
      kind: 'Transfer',
      count: 1,
      usd: '68.00',
    });
    expect(g.edges.some((e) => e.kind === 'Holds' && e.source === F.mule)).toBe(true);
  });
});

describe('transfers', () => {
  it('filters by account on either side, time and channel', async () => {
    const a = await get<Page<TransferItem>>(`/api/transfers?account=${q(F.collector)}`);
    expect(a.items.map((t) => t.id)).toEqual(['t8', 't4', 't5', 't6']);
    const b = await get<Page<TransferItem>>(`/api/transfers?account=${q(F.collector)}&since=2025-03-02`);
    expect(b.items.map((t) => t.id)).toEqual(['t6']);
    const c = await get<Page<TransferItem>>('/api/transfers?channel=crypto');
    expect(c.items).toHaveLength(1);
    expect(c.items[0]?.usd).toBe('90.50');
  });

  it('filters by role pairs (the Sankey link table)', async () => {
    const r = await get<Page<TransferItem>>('/api/transfers?fromRole=dropper&toRole=operator');
    expect(r.items.map((t) => t.id)).toEqual(['t4', 't5']);
  });

  it('rejects a malformed date', async () => {
    const body = await get<{ error: string }>('/api/transfers?since=yesterday', 400);
    expect(body.error).toMatch(/since/);
  });
});

describe('messages', () => {
  it('lists channels with labels', async () => {
    const { items } = await get<{ items: ChannelItem[] }>('/api/channels');
    expect(items[0]).toMatchObject({ id: F.chat, messages: 3 });
    expect(items[0]?.labels[0]?.label).toBe('sale');
  });

  it("lists an HTML chat once, with the type its export's chat list gives, in either order", async () => {
    const row = (type: 'unknown' | 'group', locator: string) => ({
      table: 'chats' as const,
      row: { chatId: 'tg:chat:html-1', type, title: 'Склад', username: null, evidenceId: 'ev', locator },
    });
    for (const rows of [
      [row('unknown', 'page_header'), row('group', 'chats/chat_1')],
      [row('group', 'chats/chat_1'), row('unknown', 'page_header')],
    ]) {
      const store = new MemoryStore();
      await store.ingest(
        {
          id: 'ev',
          size: 1,
          originalName: 'x.html',
          path: 'x.html',
          storedPath: 'evidence/ev',
          format: 'telegram-html',
          parserVersion: '1',
          source: null,
          ingestedAt: '2026-01-01T00:00:00Z',
        },
        async (sink) => {
          for (const r of rows) await sink.add(r);
        },
      );
      const res = await createApp({ store, caseDir: '/x', webDist: null }).request('/api/channels');
      const { items } = (await res.json()) as { items: ChannelItem[] };
      expect(items.map((i) => [i.id, i.type])).toEqual([['tg:chat:html-1', 'group']]);
    }
  });

  it('returns hostile text verbatim with labels and mention offsets', async () => {
    const page = await get<Page<MessageItem>>(`/api/messages?chat=${q(F.chat)}`);
    expect(page.total).toBe(3);
    const first = page.items[0]!;
    expect(first.message.text).toBe(F.hostileText);
    expect(first.labels[0]?.terms[0]).toMatchObject({ term: 'прайс', start: 0, end: 5 });
    const m = first.mentions[0]!;
    expect(first.message.text.slice(m.start, m.end)).toBe('4400 4300 0000 0037');
    expect(first.labels[0]?.context).toBeUndefined();
    // Message 2's label comes from its chat: the reason and anchors, no spans of the text.
    const second = page.items.find((it) => it.message.messageId === '2')!;
    expect(second.labels).toEqual([
      { label: 'sale', score: 0.68, terms: [], context: { reason: F.contextReason, refs: ['1'] } },
    ]);
  });

  it('filters by label, text and identifier', async () => {
    expect((await get<Page<MessageItem>>('/api/messages?label=sale')).total).toBe(2);
    expect((await get<Page<MessageItem>>(`/api/messages?q=${q('привет')}`)).items[0]?.message.messageId).toBe(
      '3',
    );
    expect((await get<Page<MessageItem>>(`/api/messages?identifier=${q(F.dropper)}`)).total).toBe(1);
  });

  it('finds an identifier as a user types it, grouped with spaces', async () => {
    // F.dropper is card:4400430000000037; people type cards grouped, with spaces.
    const found = await get<Page<{ id: string }>>(`/api/entities?q=${q('4400 4300 0000 0037')}`);
    expect(found.items.map((e) => e.id)).toEqual([F.dropper]);
    expect((await get<Page<{ id: string }>>(`/api/entities?q=${q('4400 4300 0000')}`)).total).toBeGreaterThan(
      1,
    );
    // A phone typed as people write it is found in its normal form.
    expect((await get<Page<MessageItem>>(`/api/messages?identifier=${q('8 (701) 555-44-33')}`)).total).toBe(
      0,
    );
  });

  it('answers 404 for a chat the case does not hold, not an empty page', async () => {
    const res = await app.request(`/api/messages?chat=${q('tg:chat:404404')}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/no chat "tg:chat:404404"/);
  });

  it('takes a chat as `dragnet messages --chat` does: a bare id or the exact title', async () => {
    const byId = await get<Page<MessageItem>>(`/api/messages?chat=${q(F.chat)}`);
    expect(byId.total).toBeGreaterThan(0);
    for (const typed of ['1001', 'Магазин <b>Север</b>'])
      expect((await get<Page<MessageItem>>(`/api/messages?chat=${q(typed)}`)).total).toBe(byId.total);
  });

  it('serves JSON, never HTML, with a restrictive CSP', async () => {
    const res = await app.request(`/api/messages?chat=${q(F.chat)}`);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });
});

describe('trace, flows, timeline, map', () => {
  it('traces forward respecting time', async () => {
    const t = await get<TraceResponse>(`/api/traces?from=${q(F.buyer)}`);
    const ids = t.nodes.map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining([F.buyer, F.dropper, F.collector, F.exchange, F.endWallet]));
    // t8 (collector → buyer2) happened before money reached the collector.
    expect(ids).not.toContain(F.buyer2);
    expect(t.transfers).not.toContain('t8');
    // The services' FIFO attribution rides along: the buyer's money ends at the TRON wallet.
    expect(t.attributionError).toBeUndefined();
    expect(t.attribution?.endpoints.map((e) => e.account)).toContain(F.endWallet);
  });

  it('gives the attribution alone with paths=false (the Flows view reads nothing else)', async () => {
    const full = await get<TraceResponse>(`/api/traces?from=${q(F.buyer)}`);
    const t = await get<TraceResponse>(`/api/traces?from=${q(F.buyer)}&paths=false`);
    expect(t.nodes.map((n) => n.id)).toEqual([F.buyer]);
    expect(t.edges).toEqual([]);
    expect(t.transfers).toEqual([]);
    expect(t.attribution).toEqual(full.attribution);
    await get('/api/traces?from=x&paths=no', 400);
  });

  it('traces backward', async () => {
    const t = await get<TraceResponse>(`/api/traces?to=${q(F.endWallet)}&maxHops=2`);
    expect(t.nodes.map((n) => n.id).sort()).toEqual([F.collector, F.endWallet, F.exchange].sort());
  });

  it('needs a seed', async () => {
    const body = await get<{ error: string }>('/api/traces', 400);
    expect(body.error).toMatch(/from=/);
  });

  it('aggregates stage flows for the Sankey, optionally along a trace', async () => {
    const f = await get<FlowsResponse>('/api/flows');
    const link = (s: string, t: string) => f.links.find((l) => l.source === s && l.target === t);
    expect(link('buyers', 'droppers')).toMatchObject({ count: 3, usd: '90.00' });
    expect(link('droppers', 'collectors')?.count).toBe(2);
    expect(link('exchangers', 'end_recipients')).toMatchObject({ count: 1, usd: '90.50' });
    const viaTrace = await get<FlowsResponse>(`/api/flows?from=${q(F.buyer)}`);
    expect(viaTrace.basis).toBe('trace');
    expect(viaTrace.links.find((l) => l.source === 'buyers')?.count).toBe(1);
    expect(viaTrace.links).toEqual([
      { source: 'buyers', target: 'droppers', count: 1, usd: expect.any(String) },
      ...viaTrace.links.slice(1),
    ]);
  });

  it('buckets activity per day', async () => {
    const t = await get<TimelineResponse>('/api/timeline');
    expect(t.bucket).toBe('day');
    expect(t.transfers.find((b) => b.t === '2025-03-01')?.count).toBe(5);
    expect(t.messages.find((b) => b.t === '2025-03-01')?.count).toBe(2);
  });

  it('gives seizures, coordinates from messages and regions', async () => {
    const g = await get<GeoResponse>('/api/geo');
    expect(g.seizures[0]).toMatchObject({ seizureId: 'S1', lat: 42.3417, description: null });
    expect(g.points[0]).toMatchObject({ lat: 43.2973, lon: 68.2518, messageId: '2' });
    expect(g.regions.map((r) => r.name)).toEqual(['Shymkent', 'Mangystau']);
  });
});

describe('evidence', () => {
  it('lists files with issue counts', async () => {
    const { items } = await get<{ items: Array<{ id: string; issues: number; quarantined: number }> }>(
      '/api/evidence',
    );
    expect(items.find((e) => e.id === F.bankFile)).toMatchObject({ issues: 1, quarantined: 1 });
  });

  it('gives each register row as the store holds it (same fields, same order) with its issue count', async () => {
    const expected = [];
    for await (const e of store.scan('evidence', { orderBy: ['ingestedAt', 'id'] }))
      expected.push({ ...e, issues: await store.count('issues', { where: { evidenceId: e.id } }) });
    const res = await app.request('/api/evidence');
    expect(await res.text()).toBe(JSON.stringify({ items: expected }));
  });

  it('gives each file the path it was ingested from, and null for one from before the register kept paths', async () => {
    const { items } = await get<{ items: Array<{ id: string; path: string | null; source: string | null }> }>(
      '/api/evidence',
    );
    expect(items.find((e) => e.id === F.telegramFile)).toMatchObject({
      path: 'phone1/ChatExport_2025-03-10/result.json',
      source: 'fixture',
    });
    expect(items.find((e) => e.id === F.kycFile)?.path).toBeNull();
    const r = await get<RecordsResponse>(`/api/records?evidence=${F.bankFile}&locator=row:5`);
    expect(r.evidence?.path).toBe('bank/statement <script>.csv');
  });

  it('lists quarantined records with reasons', async () => {
    const page = await get<Page<{ reason: string; locator: string }>>(
      `/api/evidence/${F.bankFile}/issues?severity=quarantine`,
    );
    expect(page.items[0]).toMatchObject({ locator: 'row:10' });
    expect(page.items[0]?.reason).toMatch(/not a number/);
    await get(`/api/evidence/nothex/issues`, 400);
    await get(`/api/evidence/${'d'.repeat(64)}/issues`, 404);
  });

  it("lists a file's issues by the record's number, not as text, page by page", async () => {
    const own = new MemoryStore();
    await own.init();
    const id = 'e'.repeat(64);
    await own.ingest(
      {
        id,
        size: 1,
        originalName: 'b.csv',
        path: 'b.csv',
        storedPath: `evidence/${id}`,
        format: 'transfers-csv',
        parserVersion: '1',
        source: null,
        ingestedAt: '2025-03-10T10:00:00.000Z',
      },
      async (sink) => {
        for (const n of [110, 17, 2, 126])
          await sink.issue({
            evidenceId: id,
            locator: `row:${n}`,
            severity: 'quarantine',
            reason: 'bad',
            raw: `${n}`,
          });
      },
    );
    const ownApp = createApp({ store: own, caseDir: '/x', webDist: null });
    const page = async (offset: number) =>
      (await (await ownApp.request(`/api/evidence/${id}/issues?limit=2&offset=${offset}`)).json()) as Page<{
        locator: string;
      }>;
    const [first, second] = [await page(0), await page(2)];
    expect(first.total).toBe(4);
    expect([...first.items, ...second.items].map((i) => i.locator)).toEqual([
      'row:2',
      'row:17',
      'row:110',
      'row:126',
    ]);
  });

  it('resolves a locator to the records behind it', async () => {
    const r = await get<RecordsResponse>(`/api/records?evidence=${F.bankFile}&locator=row:5`);
    expect(r.evidence?.originalName).toBe('statement <script>.csv');
    expect(r.records).toEqual([
      { table: 'transfers', row: expect.objectContaining({ id: 't4', amount: '34000' }) },
    ]);
  });
});

describe('report and fallbacks', () => {
  it('builds a summary report in either language', async () => {
    expect((await get<{ markdown: string }>('/api/report?lang=en')).markdown).toMatch(/Droppers: 2/);
    expect((await get<{ markdown: string }>('/api/report')).markdown).toMatch(/Дропы: 2/);
    await get('/api/report?lang=de', 400);
  });

  it('gives the report as blocks whose footnotes place each record, evidence text unescaped', async () => {
    const { doc } = await get<ReportResponse>('/api/report?lang=en');
    if (!doc) throw new Error('no report blocks');
    expect(doc.blocks[0]).toEqual({ kind: 'heading', level: 1, text: 'Case summary «Fixture case»' });
    const channels = doc.blocks.find((b) => b.kind === 'table' && b.head[0] === 'Channel');
    // The title is plain text (the viewer escapes it), cited by footnote.
    expect(channels?.kind === 'table' && channels.rows[0]?.[0]).toEqual([
      'Магазин <b>Север</b>',
      { cite: 4 },
    ]);
    const notes = doc.blocks.find((b) => b.kind === 'footnotes');
    if (notes?.kind !== 'footnotes') throw new Error('no footnotes');
    expect(notes.notes.map((n) => n.n).slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(notes.notes[0]?.records[0]).toEqual({
      ref: 't1',
      located: false,
      place: { evidenceId: F.bankFile, locator: 'row:2', file: 'bank/statement <script>.csv' },
    });
    expect(notes.notes[3]?.records[0]?.place).toEqual({
      evidenceId: F.telegramFile,
      locator: expect.stringMatching(/message/),
      file: 'phone1/ChatExport_2025-03-10/result.json',
    });
    expect((await get<ReportResponse>('/api/report')).doc?.words.records).toBe('записи');
  });

  it('answers unknown API routes with JSON 404 and explains a missing web build', async () => {
    expect((await get<{ error: string }>('/api/nope', 404)).error).toMatch(/no API route/);
    const res = await app.request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/npm run build/);
  });
});

describe('counts, names and links the workspace shows (review 9: 4, 6, 7, 12)', () => {
  it('lists the identifiers found in messages and phones as entities: the dashboard count is the list total', async () => {
    const c = await get<CaseResponse>('/api/case');
    const all = await get<Page<EntitySummary>>('/api/entities?limit=1');
    expect(c.counts.entities).toBe(all.total);
    // The coordinates posted in the chat (a validated mention no transfer or KYC record names) are listed.
    const places = await get<Page<EntitySummary>>('/api/entities?kind=Location');
    expect(places.items.map((e) => e.id)).toEqual(['geo:43.2973,68.2518']);
    expect(c.networks).toEqual([
      { id: 'n1', size: 2, turnoverUsd: 1234.56, regions: ['Shymkent', 'Mangystau'] },
    ]);
  });

  it('names a card by its grouped number and a chat in source records by its title', async () => {
    const card = await get<Page<EntitySummary>>(`/api/entities?q=${q(F.dropper)}`);
    expect(card.items[0]?.label).toBe('4400 4300 0000 0037');
    const p = await get<EntityProfile>(`/api/entity?id=${q(F.dropper)}`);
    expect(p.entity.label).toBe('4400 4300 0000 0037');
    const mention = p.records.find((r) => r.table === 'mentions');
    expect(mention?.summary).toBe('Магазин <b>Север</b> #1: 4400 4300 0000 0037');
  });

  it("gives a Telegram account's own messages (author), not only those mentioning it", async () => {
    const own = await get<Page<MessageItem>>(`/api/messages?author=${q('tg:user:501')}`);
    expect(own.total).toBe(3);
    expect((await get<Page<MessageItem>>(`/api/messages?author=${q('tg:user:404')}`)).total).toBe(0);
    const inChat = await get<Page<MessageItem>>(`/api/messages?author=${q('tg:user:501')}&label=sale`);
    expect(inChat.total).toBe(2);
  });

  it("marks a poster whom the case's person resolution makes the account's holder", async () => {
    const store = new MemoryStore();
    await fillFixtureCase(store);
    const doc = (await store.getDocument('findings')) as {
      persons: Array<{ id: string; identifiers: string[] }>;
    };
    await store.putDocument('findings', {
      ...doc,
      persons: doc.persons.map((p) => (p.id === F.mule ? { ...p, identifiers: ['tg:user:501'] } : p)),
    });
    const own = createApp({ store, caseDir: '/x', webDist: null });
    const p = (await (await own.request(`/api/entity?id=${q(F.dropper)}`)).json()) as EntityProfile;
    expect(p.postedBy.map((a) => [a.author, a.isHolder])).toEqual([['tg:user:501', true]]);
  });
});

describe('dashboard tiles count the lists they open (user review r33, 1)', () => {
  /** The fixture as an analysis writes it: a Telegram-only namesake counted once, a person with no role. */
  async function demoLike() {
    const store = new MemoryStore();
    await fillFixtureCase(store);
    const doc = (await store.getDocument('findings')) as Findings;
    await store.putDocument('findings', {
      ...doc,
      persons: [
        ...doc.persons,
        {
          id: 'p:tg:user:777',
          names: ['Мулов Иван'],
          identifiers: ['tg:user:777'],
          roles: ['dropper'],
          network: null,
          nationality: [],
          accounts: [],
          turnoverUsd: { in: 0, out: 0 },
          countedWith: F.mule,
        },
        {
          id: 'p:unknown',
          names: ['Никто'],
          identifiers: [],
          roles: ['unknown'],
          network: null,
          nationality: [],
          accounts: [],
          turnoverUsd: { in: 0, out: 0 },
        },
      ],
    });
    return createApp({ store, caseDir: '/x', webDist: null });
  }

  it('gives each tile the persons and accounts of its list, and the list the same split', async () => {
    const demo = await demoLike();
    const json = async <T>(path: string) => (await (await demo.request(path)).json()) as T;
    const c = await json<CaseResponse>('/api/case');
    const tiles = c.tiles!;
    expect(Object.keys(tiles).sort()).toEqual(['droppers', 'endRecipients', 'exchangers', 'participants']);
    for (const [key, tile] of Object.entries(tiles)) {
      const qs = new URLSearchParams({ ...tile.query, limit: '1000' });
      const list = await json<EntityPage>(`/api/entities?${qs}`);
      expect(list.total, key).toBe(tile.persons + tile.accounts);
      expect(list.groups, key).toEqual({
        persons: tile.persons,
        accounts: tile.accounts,
        notAccounts: tile.notAccounts,
      });
      for (const g of ['persons', 'accounts'] as const) {
        const part = await json<EntityPage>(`/api/entities?${qs}&group=${g}`);
        expect(part.total, `${key} ${g}`).toBe(tile[g]);
        expect(
          part.items.every((e) => (e.kind === 'Person') === (g === 'persons')),
          `${key} ${g}`,
        ).toBe(true);
      }
    }
    // The figure the findings count is the tile's group of the same name: participants are persons, droppers and
    // end recipients accounts (docs/findings.md).
    expect(tiles.participants).toMatchObject({
      persons: c.summary!.participants,
      accounts: 0,
      counts: 'persons',
    });
    expect(tiles.droppers).toMatchObject({ accounts: c.summary!.droppers, persons: 2, counts: 'accounts' });
    expect(tiles.endRecipients).toMatchObject({ accounts: c.summary!.endRecipients, counts: 'accounts' });
    // The participants list leaves out the namesake counted with the mule and the person without a role, and says so.
    const participants = await json<EntityPage>('/api/entities?participants=1');
    expect(participants.items.map((e) => e.id).sort()).toEqual([F.mule, F.operator].sort());
    expect(participants.countedWithOthers).toBe(1);
    const persons = await json<EntityPage>('/api/entities?kind=Person&limit=1000');
    expect(persons.items.map((e) => e.id)).toEqual(expect.arrayContaining(['p:tg:user:777', 'p:unknown']));
  });

  it('answers 400 for a group it does not know', async () => {
    await get('/api/entities?group=wallets', 400);
  });
});

describe('workspace items of review 11 (user review r33)', () => {
  let extras: ReturnType<typeof createApp>;
  const json = async <T>(path: string) => {
    const res = await extras.request(path);
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
  beforeAll(async () => {
    const store = new MemoryStore();
    await fillFixtureCase(store);
    await addWorkspaceExtras(store);
    extras = createApp({ store, caseDir: '/x', webDist: null });
  });

  it("lists each of a person's source records once: a transfer of his card to itself is one record", async () => {
    for (const id of [F.mule, F.dropper]) {
      const p = await json<EntityProfile>(`/api/entity?id=${q(id)}`);
      const transfers = p.records
        .filter((r) => r.table === 'transfers')
        .map((r) => `${r.evidenceId}/${r.locator}`);
      expect(new Set(transfers).size, id).toBe(transfers.length);
      expect(transfers, id).toContain(`${X.evidenceId}/row:7`);
      // t1, t2, t4 and the one to itself.
      expect(transfers.length, id).toBe(4);
    }
  });

  it("lists only the flagged chats' messages with flagged=1", async () => {
    const all = await json<Page<MessageItem>>('/api/messages?limit=500');
    const flagged = await json<Page<MessageItem>>('/api/messages?flagged=1&limit=500');
    expect(all.items.some((m) => m.message.chatId === X.privateChat)).toBe(true);
    expect(flagged.total).toBe(3);
    expect(flagged.items.every((m) => m.message.chatId === F.chat)).toBe(true);
    // With another filter too (the identifier's path reads the messages differently).
    const named = await json<Page<MessageItem>>(`/api/messages?flagged=1&identifier=${q(F.dropper)}`);
    expect(named.items.map((m) => m.message.chatId)).toEqual([F.chat]);
    expect((await extras.request('/api/messages?flagged=yes')).status).toBe(400);
  });

  it("counts the messages naming a person's username, and gives a person's role grounds", async () => {
    const p = await json<EntityProfile>(`/api/entity?id=${q(X.usernamePerson)}`);
    expect(p.mentioning).toBeNull();
    expect(p.usernameMentions).toEqual([{ identifier: X.username, messages: 1 }]);
    expect(p.person?.roleDetails?.[0]?.reasons).toEqual([expect.stringContaining('named as the contact')]);
    const op = await json<EntityProfile>(`/api/entity?id=${q(F.operator)}`);
    expect(op.person?.roleDetails).toEqual([{ role: 'operator', score: 0.55, reasons: [X.operatorReason] }]);
    expect(op.usernameMentions).toEqual([]);
  });

  it("says which of a list's non-persons are not accounts (phones, chats, Telegram users)", async () => {
    const all = await json<EntityPage>('/api/entities?limit=1');
    expect(all.groups.notAccounts).toBeGreaterThan(0);
    expect(all.groups.notAccounts).toBeLessThanOrEqual(all.groups.accounts);
    const droppers = await json<EntityPage>('/api/entities?role=dropper&limit=1');
    expect(droppers.groups).toMatchObject({ accounts: 2, notAccounts: 0 });
  });
});
