import { describe, expect, it } from 'vitest';
import type { ChatRow, MessageLabelRow } from '../model/tables.ts';
import { buildFindings, rankKeyFigures } from '../findings/build-findings.ts';
import { loadRules } from '../rules/rules.ts';
import { analyzeCaseData } from './analyze-case-data.ts';
import { adversarialScenario } from './adversarial-scenario.ts';

describe('analyzeCaseData on an adversarial scenario', async () => {
  const s = adversarialScenario();
  const rules = loadRules(undefined);
  const a = await analyzeCaseData(
    { transfers: s.transfers, holders: s.holders, exchanges: s.exchanges, orders: s.orders, rates: s.rates },
    rules,
  );
  const { findings, support } = buildFindings(a, {
    caseName: 't',
    evidenceCount: 4,
    now: '2026-01-01T00:00:00Z',
  });
  const rolesOf = (acct: string) =>
    findings.accounts.find((x) => x.id === acct)?.roles.map((r) => r.role) ?? [];

  it('flags exactly the genuine droppers', () => {
    const flagged = findings.accounts
      .filter((x) => x.roles.some((r) => r.role === 'dropper'))
      .map((x) => x.id);
    expect(flagged.sort()).toEqual([...s.droppers].sort());
    expect(findings.summary.droppers).toBe(3);
    const d = findings.accounts.find((x) => x.id === s.droppers[0])!;
    expect(d.roles[0]!.reasons.join(' ')).toMatch(/counterparties|debits within 60 s/);
  });

  it('does not flag the café, landlord, salary account, student or licensed exchange', () => {
    for (const acct of [
      'card:cafe',
      'card:landlord',
      'card:salary',
      'card:student',
      'card:4400000000000052',
    ]) {
      expect(rolesOf(acct)).not.toContain('dropper');
      expect(rolesOf(acct)).not.toContain('exchanger');
    }
  });

  it('finds the exchanger with P2P orders and crypto out', () => {
    expect(findings.summary.exchangers).toBe(1);
    expect(rolesOf('card:4400000000000045')).toContain('exchanger');
    const ex = findings.persons.find((p) => p.accounts.includes('exchange:p2pex:xch'))!;
    expect(ex.roles).toContain('exchanger');
    expect(ex.accounts).toContain('card:4400000000000045');
  });

  it('traces dropper money through the P2P orders to the wallet abroad', () => {
    const end = findings.endRecipients.find((e) => e.account === 'tron:TEND');
    expect(end?.jurisdiction).toBe('AE');
    expect(end!.receivedUsd).toBeGreaterThan(8000);
    expect(end!.receivedUsd).toBeLessThanOrEqual(9000);
    expect(end!.paths[0]!.accounts[0]).toMatch(/^card:44/);
  });

  it('sums turnover per person without own-account transfers, to the cent', () => {
    const sum = (acct: string) =>
      Math.round(
        s.transfers.filter((t) => t.toAccount === acct).reduce((x, t) => x + Number(t.amount) * 2000, 0) /
          10_000,
      ) / 100;
    const p = findings.persons.find((x) => x.accounts.includes(s.droppers[0]!))!;
    expect(p.turnoverUsd.in).toBeCloseTo(sum(s.droppers[0]!), 2);
    expect(p.roles).toContain('dropper');
    expect(findings.analysis.keyFigures.length).toBeGreaterThan(0);
  });

  it('builds footnotes that name the evidence behind the figures', () => {
    expect(support.footnotes['droppers']!.evidenceIds).toContain('ev-bank');
    expect(support.footnotes['droppers']!.records.length).toBeGreaterThan(0);
  });
});

describe('key figures', () => {
  it('rank operators first, then the other participants, in the given turnover order', () => {
    const persons = [
      { id: 'exchanger', roles: ['exchanger' as const] },
      { id: 'op-big', roles: ['operator' as const, 'dropper' as const] },
      { id: 'outsider', roles: ['operator' as const] },
      { id: 'dropper', roles: ['dropper' as const] },
      { id: 'op-small', roles: ['operator' as const] },
    ];
    const participants = new Set(['exchanger', 'op-big', 'dropper', 'op-small']);
    expect(rankKeyFigures(persons, participants, 10)).toEqual(['op-big', 'op-small', 'exchanger', 'dropper']);
    expect(rankKeyFigures(persons, participants, 3)).toEqual(['op-big', 'op-small', 'exchanger']);
  });
});

describe('analyzeCaseData: the type of a chat several rows describe', () => {
  const chat = (type: ChatRow['type'], locator: string): ChatRow => ({
    evidenceId: locator,
    locator,
    chatId: 'tg:chat:html-1',
    type,
    title: 'Склад',
    username: null,
  });
  const labels: MessageLabelRow[] = [1, 2, 3, 4, 5].map((i) => ({
    evidenceId: 'page',
    locator: `message:${i}`,
    chatId: 'tg:chat:html-1',
    messageId: String(i),
    label: 'sale',
    score: 0.9,
    lexiconVersion: 't',
    terms: [],
  }));
  // An HTML chat's pages say no type ("unknown"); the export's chat list does: it wins in whatever order they come.
  it.each([
    ['list last', [chat('unknown', 'page_header'), chat('group', 'chats/chat_1')]],
    ['list first', [chat('group', 'chats/chat_1'), chat('unknown', 'page_header')]],
  ])('a known type wins over "unknown" (%s)', async (_, chats) => {
    const a = await analyzeCaseData(
      { transfers: [], rates: { toUsd: () => ({ ok: false, reason: 'none' }) }, chats, labels },
      loadRules(undefined),
    );
    expect(a.channels.map((c) => [c.chatId, c.type])).toEqual([['tg:chat:html-1', 'group']]);
  });
});
