import { adversarialScenario } from '@dragnet/core/analysis/adversarial-scenario.ts';
import type { Findings } from '@dragnet/core/findings/findings.ts';
import type { ParsedRecord } from '@dragnet/core/model/tables.ts';
import { MemoryStore } from '@dragnet/core/store/memory-store.ts';
import { describe, expect, it } from 'vitest';
import { analyzeCase } from './analyze-case.ts';
import { buildReport } from './build-report.ts';
import { crossCaseHits } from './cross-case.ts';
import { listDecisions, recordDecision } from './resolve-decisions.ts';
import { formatTrace, traceFunds } from './trace-funds.ts';
import { memoryCase, transferRecord } from './test-support/memory-case.ts';
import { testEvidence } from '@dragnet/core/store/test-evidence.ts';

async function scenarioStore<S extends MemoryStore = MemoryStore>(
  extra: ParsedRecord[] = [],
  store: S = new MemoryStore() as S,
): Promise<S> {
  const s = adversarialScenario();
  await store.init();
  const ev = (id: string, name: string) =>
    testEvidence(id, {
      originalName: name,
      path: name,
      format: 'canonical-csv',
      ingestedAt: '2026-01-01T00:00:00Z',
    });
  await store.ingest(ev('ev-bank', 'bank<statement>.csv'), async (sink) => {
    for (const row of s.transfers) await sink.add({ table: 'transfers', row });
  });
  await store.ingest(ev('ev-kyc', 'kyc.csv'), async (sink) => {
    for (const row of s.holders) await sink.add({ table: 'holders', row });
    for (const row of s.exchanges) await sink.add({ table: 'exchanges', row });
    for (const row of s.orders) await sink.add({ table: 'exchange_orders', row });
    for (const r of s.rawRates)
      await sink.add({ table: 'fx_rates', row: { ...r, evidenceId: 'ev-kyc', locator: `row:${r.date}` } });
    for (const r of extra) await sink.add(r);
  });
  return store;
}

describe('analyzeCase service', async () => {
  const store = await scenarioStore();
  const findings = await analyzeCase(store, { caseName: 'adversarial', now: '2026-01-02T00:00:00Z' });

  it('stores the findings and the report documents the UI reads', async () => {
    expect(findings.summary.droppers).toBe(3);
    expect(findings.case.evidence).toBe(2);
    expect((await store.getDocument<Findings>('findings'))?.summary).toEqual(findings.summary);
    const md = await store.getDocument<{ markdown: string }>('report:ru');
    expect(md?.markdown).toContain('дропов');
  });

  it('writes an HTML report whose footnotes name evidence files (escaped) and rows', async () => {
    const html = await buildReport(store, { lang: 'en', format: 'html' });
    expect(html).toContain('bank&lt;statement&gt;.csv');
    expect(html).not.toContain('bank<statement>');
    expect(html).toMatch(/row:\d+/);
  });

  it('traces 3 hops forward from a dropper with paths, through the exchange order', async () => {
    const r = await traceFunds(store, { from: ['card:4400000000000011'], method: 'fifo', maxHops: 3 });
    const end = r.endpoints.find((e) => e.account === 'tron:TEND');
    expect(end).toBeDefined();
    expect(end!.jurisdiction).toBe('AE');
    expect(end!.paths[0]!.accounts).toEqual(['card:4400000000000011', 'exchange:p2pex:op', 'tron:TEND']);
    expect(formatTrace(r)).toContain('tron:TEND');
    const total = r.endpoints.reduce((s, e) => s + e.usd, 0);
    expect(total).toBeCloseTo(r.seededUsd, 1);
    const back = await traceFunds(store, { to: ['tron:TEND'], method: 'haircut', maxHops: 2 });
    expect(back.endpoints.map((e) => e.account).sort()).toEqual([
      'card:4400000000000011',
      'card:4400000000000029',
      'card:4400000000000037',
    ]);
    const deeper = await traceFunds(store, { to: ['tron:TEND'], method: 'haircut', maxHops: 3 });
    expect(deeper.endpoints.every((e) => e.account.startsWith('card:buyer-'))).toBe(true);
  });

  it('rejects a trace without seeds with a usable message', async () => {
    await expect(traceFunds(store, {})).rejects.toThrow(/either --from or --to/);
  });

  it('keeps analyst decisions across re-analysis', async () => {
    const before = findings.persons.find((p) => p.accounts.includes('card:4400000000000011'))!;
    const other = findings.persons.find((p) => p.accounts.includes('card:4400000000000029'))!;
    await recordDecision(store, {
      a: before.id,
      b: other.id,
      decision: 'merge',
      now: '2026-01-03T00:00:00Z',
    });
    expect(await listDecisions(store)).toHaveLength(1);
    const again = await analyzeCase(store, { caseName: 'adversarial', now: '2026-01-04T00:00:00Z' });
    const merged = again.persons.find((p) => p.accounts.includes('card:4400000000000011'))!;
    expect(merged.accounts).toContain('card:4400000000000029');
  });

  it('reports an identifier shared by two cases in both', async () => {
    const other = await scenarioStore();
    await analyzeCase(other, { caseName: 'other', now: '2026-01-02T00:00:00Z', storeReports: false });
    const hits = await crossCaseHits([
      { name: 'adversarial', store },
      { name: 'other', store: other },
    ]);
    expect(hits.some((h) => h.identifier === 'card:4400000000000011')).toBe(true);
    const f1 = await store.getDocument<Findings>('findings');
    const f2 = await other.getDocument<Findings>('findings');
    expect(f1?.crossCase.some((h) => h.identifier === 'tron:TEND' && h.cases.includes('other'))).toBe(true);
    expect(f2?.crossCase.some((h) => h.identifier === 'tron:TEND' && h.cases.includes('adversarial'))).toBe(
      true,
    );
  });
});

/** A store with a per-account copy like DuckDbStore's: current while built from the transfers as they are. */
class CopyingStore extends MemoryStore {
  builtFrom = -1;
  builds = 0;
  /** What the analysis had reached when the build started (it must not compete with the transfer load). */
  startedAt: string | undefined;
  stage = 'none';
  fail = false;

  async prepareAccountRows(): Promise<boolean> {
    this.startedAt = this.stage;
    await new Promise((r) => setTimeout(r, 5));
    if (this.fail) throw new Error('interrupted');
    const n = await this.count('transfers');
    if (n === this.builtFrom) return false;
    this.builtFrom = n;
    this.builds++;
    return true;
  }

  async accountRowsCurrent(): Promise<boolean> {
    return this.builtFrom === (await this.count('transfers'));
  }
}

function copyingStore(): Promise<CopyingStore> {
  return scenarioStore([], new CopyingStore());
}

describe('analyzeCase and the per-account copy serve reads', () => {
  const now = '2026-01-02T00:00:00Z';

  it('leaves the copy current, built once after the transfers were loaded, with the same findings', async () => {
    const store = await copyingStore();
    expect(await store.accountRowsCurrent()).toBe(false);
    const findings = await analyzeCase(store, {
      caseName: 'adversarial',
      now,
      onProgress: (stage) => {
        store.stage = stage;
      },
    });
    expect(await store.accountRowsCurrent()).toBe(true);
    expect(store.builds).toBe(1);
    expect(store.startedAt).not.toBe('none');
    expect(store.startedAt).not.toBe('transfers');

    const without = await copyingStore();
    const plain = await analyzeCase(without, { caseName: 'adversarial', now, prepareAccountRows: false });
    expect(await without.accountRowsCurrent()).toBe(false);
    expect(findings.summary.droppers).toBe(3);
    expect(findings).toEqual(plain);
    expect(await store.getDocument('report:en')).toEqual(await without.getDocument('report:en'));
  });

  it('still stores the findings when the build fails (serve builds the copy later)', async () => {
    const store = await copyingStore();
    store.fail = true;
    const findings = await analyzeCase(store, { caseName: 'adversarial', now });
    expect(findings.summary.droppers).toBe(3);
    expect(await store.getDocument('findings')).toEqual(findings);
    expect(await store.accountRowsCurrent()).toBe(false);
  });
});

describe('the report cites the records behind a Telegram operator role', async () => {
  // A shop chat with three sale posts; Boss joins it (message 1) and administers it: a title change
  // (message 8) and a removal (message 9). Only the admin actions make Boss the operator.
  const store = new MemoryStore();
  await store.init();
  const ev = 'f'.repeat(64);
  await store.ingest(testEvidence(ev, { ingestedAt: '2026-01-01T00:00:00Z' }), async (sink) => {
    const at = (locator: string) => ({ evidenceId: ev, locator });
    await sink.add({
      table: 'chats',
      row: { chatId: 'tg:chat:81', type: 'supergroup', title: 'Shop', username: null, ...at('chat:81') },
    });
    const message = (id: number, author: string | null, text: string, action: string | null) => ({
      table: 'messages' as const,
      row: {
        chatId: 'tg:chat:81',
        messageId: String(id),
        timestamp: `2025-03-01T00:00:${String(id).padStart(2, '0')}Z`,
        authorId: author,
        authorName: author === 'tg:user:72' ? 'Boss' : null,
        text,
        replyTo: null,
        forwardedFrom: null,
        viaBot: null,
        edited: null,
        mediaKind: null,
        action,
        ...at(`chat:81/message:${id}`),
      },
    });
    await sink.add(message(1, 'tg:user:72', '', 'migrate_from_group'));
    await sink.add(message(8, 'tg:user:72', '', 'edit_group_title'));
    await sink.add(message(9, 'tg:user:72', '', 'remove_members'));
    for (const id of [20, 21, 22]) {
      await sink.add(message(id, null, 'Мефедрон 1г, закладки по городу', null));
      await sink.add({
        table: 'message_labels',
        row: {
          chatId: 'tg:chat:81',
          messageId: String(id),
          label: 'sale',
          score: 0.9,
          lexiconVersion: 't',
          terms: [],
          ...at(`chat:81/message:${id}`),
        },
      });
    }
    for (const [id, role] of [
      [1, 'poster'],
      [8, 'admin'],
      [9, 'admin'],
    ] as const)
      await sink.add({
        table: 'memberships',
        row: {
          userId: 'tg:user:72',
          chatId: 'tg:chat:81',
          role,
          timestamp: null,
          ...at(`chat:81/message:${id}`),
        },
      });
  });
  const findings = await analyzeCase(store, {
    caseName: 'tg',
    now: '2026-01-02T00:00:00Z',
    storeReports: false,
  });
  const boss = findings.persons.find((p) => p.names.includes('Boss'));

  it('makes Boss the operator and footnotes the role with the admin actions, file and locator', async () => {
    expect(boss?.roles).toContain('operator');
    const md = await buildReport(store, { lang: 'en', format: 'md' });
    const row = md.split('\n').find((l) => l.startsWith('| Boss'));
    const n = row?.match(/\[\^(\d+)\]/)?.[1];
    expect(n).toBeDefined();
    const note = md.split('\n').find((l) => l.startsWith(`[^${n}]: `));
    expect(note).toContain('files: result.json (sha256 ffffffffffff…)');
    expect(note).toContain('result.json chat:81/message:8');
    expect(note).toContain('result.json chat:81/message:9');
    expect(note).not.toContain('records: —');
  });

  it('footnotes the participants figure with the role records first and the flagged chat with its posts', async () => {
    const md = await buildReport(store, { lang: 'en', format: 'md' });
    const n = md.match(/network participants? identified\[\^(\d+)\]/)?.[1];
    const note = md.split('\n').find((l) => l.startsWith(`[^${n}]: `));
    expect(note).toMatch(/records: result\.json chat:81\/message:8; result\.json chat:81\/message:9/);
    const c = md.match(/\| Shop\[\^(\d+)\] \|/)?.[1];
    const channel = md.split('\n').find((l) => l.startsWith(`[^${c}]: `));
    expect(channel).toContain('tg:chat:81\\#20 (result.json chat:81/message:20)');
  });
});

describe('report: accounts posted in chats that money moved through', async () => {
  const card = 'card:4111111111111111';
  const store = await memoryCase([
    {
      table: 'chats',
      row: {
        chatId: 'tg:chat:5',
        type: 'channel',
        title: 'Shop',
        username: null,
        evidenceId: 'ev',
        locator: 'chat:5',
      },
    },
    {
      table: 'messages',
      row: {
        chatId: 'tg:chat:5',
        messageId: '7',
        timestamp: '2025-01-01T09:00:00Z',
        authorId: 'tg:user:9',
        authorName: 'Op',
        text: 'оплата на 4111 1111 1111 1111',
        replyTo: null,
        forwardedFrom: null,
        viaBot: null,
        edited: null,
        mediaKind: null,
        action: null,
        evidenceId: 'ev',
        locator: 'chat:5/message:7',
      },
    },
    {
      table: 'mentions',
      row: {
        chatId: 'tg:chat:5',
        messageId: '7',
        identifier: card,
        kind: 'card',
        start: 10,
        end: 29,
        validated: true,
        raw: '4111 1111 1111 1111',
        source: 'text',
        evidenceId: 'ev',
        locator: 'chat:5/message:7',
      },
    },
    transferRecord('t1', 'card:5100000000000001', card),
    transferRecord('t2', 'card:5100000000000002', card),
    transferRecord('t3', 'card:5100000000000003', 'card:5100000000000004'),
  ]);
  await analyzeCase(store, { caseName: 'joined', now: '2026-01-02T00:00:00Z', storeReports: false });

  it('lists the card with its chats, messages and transfers, and footnotes the message and the transfers', async () => {
    const md = await buildReport(store, { lang: 'en', format: 'md' });
    expect(md).toContain('## Accounts posted in chats that money moved through');
    const row = md.split('\n').find((l) => l.startsWith(`| ${card}`));
    // Who posted it: the message's author (not the card's holder).
    expect(row).toMatch(/\| 1 \| 1 \| 2 \| Op \(tg:user:9\): 1 \|$/);
    const n = row?.match(/\[\^(\d+)\]/)?.[1];
    const note = md.split('\n').find((l) => l.startsWith(`[^${n}]: `));
    expect(note).toContain('tg:chat:5\\#7 (x.csv chat:5/message:7)');
    expect(note).toContain('t1 (x.csv row:t1)');
    // A card no message names is not listed.
    expect(md).not.toContain('| card:5100000000000004');
    const ru = await buildReport(store, { lang: 'ru', format: 'md' });
    expect(ru).toContain('## Реквизиты из переписки, по которым шли переводы');
  });
});

describe('analyze and report: figures a KZT case without rates and its chats make', async () => {
  const chat = (chatId: string, type: 'channel' | 'supergroup', title: string): ParsedRecord => ({
    table: 'chats',
    row: { chatId, type, title, username: null, evidenceId: 'ev', locator: chatId },
  });
  const post = (chatId: string, id: number, text: string): ParsedRecord[] => [
    {
      table: 'messages',
      row: {
        chatId,
        messageId: String(id),
        timestamp: `2025-01-01T09:00:${String(id).padStart(2, '0')}Z`,
        authorId: null,
        authorName: null,
        text,
        replyTo: null,
        forwardedFrom: null,
        viaBot: null,
        edited: null,
        mediaKind: null,
        action: null,
        evidenceId: 'ev',
        locator: `${chatId}/message:${id}`,
      },
    },
  ];
  const store = await memoryCase([
    chat('tg:chat:1', 'channel', 'Shop'),
    chat('tg:chat:2', 'supergroup', 'Работа курьеры'),
    ...[1, 2, 3].flatMap((id) => post('tg:chat:1', id, 'Мефедрон 1г, закладки по городу, оплата на карту')),
    ...[4, 5, 6].flatMap((id) => post('tg:chat:2', id, 'Мефедрон 1г, закладки по городу, оплата на карту')),
    // Three KZT transfers and no fx-rates.csv: none has a USD rate.
    transferRecord('t1', 'card:5100000000000001', 'card:5100000000000002'),
    transferRecord('t2', 'card:5100000000000002', 'card:5100000000000003'),
    transferRecord('t3', 'card:5100000000000003', 'card:5100000000000004'),
  ]);
  const findings = await analyzeCase(store, {
    caseName: 'kzt',
    now: '2026-01-02T00:00:00Z',
    storeReports: false,
  });

  it('stores the transfers without a rate by currency and the flagged chats by type, additively', () => {
    expect(findings.summary.turnoverUsd).toBe(0);
    expect(findings.summary.unratedTransfers).toEqual({ count: 3, byCurrency: { KZT: 3 } });
    expect(findings.summary.channelsFlagged).toBe(2);
    expect(findings.summary.channelsFlaggedByType).toEqual({ channel: 1, supergroup: 1 });
    expect(findings.channels.map((c) => [c.id, c.type]).sort()).toEqual([
      ['tg:chat:1', 'channel'],
      ['tg:chat:2', 'supergroup'],
    ]);
  });

  it('writes the turnover as unknown and the chats as a channel and a group in the report', async () => {
    const md = await buildReport(store, { lang: 'en', format: 'md' });
    expect(md).toContain('- unknown (no KZT→USD rate for 3 transfers) — turnover of the participants, USD');
    expect(md).toContain('1 Telegram channel and 1 group flagged for sale');
    expect(md).toContain('3 transfers have no USD rate and count as $0');
    const ru = await buildReport(store, { lang: 'ru', format: 'md' });
    expect(ru).toContain('не установлен (нет курса KZT→USD для 3 переводов)');
    expect(ru).toContain('1 Telegram-канал и 1 группа с признаками');
  });
});
