import { describe, expect, it } from 'vitest';
import type { TruthLike } from './evaluate-findings.ts';
import { restrictTruth } from './restrict-truth.ts';

const truth: TruthLike = {
  participants: { total: 30, byNetwork: { n1: 20, n2: 10 } },
  keyFigures: [
    { person: 'P1', name: 'A', turnoverUsd: { total: 100 } },
    { person: 'P9', name: 'Z', turnoverUsd: { total: 50 } },
  ],
  endRecipients: [
    { account: 'tron:TA', holder: 'P1', jurisdiction: 'AE', receivedUsd: 10 },
    { account: 'tron:TB', holder: 'P9', jurisdiction: 'TR', receivedUsd: 20 },
  ],
  legit: [{ account: 'iban:KZ00', kind: 'cafe' }],
  channels: [
    { id: 'tg:chat:1', title: 'shop', labels: ['sale'], network: 'n1' },
    { id: 'tg:chat:2', title: 'other shop', labels: ['sale'], network: 'n2' },
    { id: 'tg:chat:3', title: 'gamers', labels: [], network: null },
  ],
  persons: [
    { id: 'P1', roles: ['operator'], accounts: ['card:1'], network: 'n1' },
    { id: 'P9', roles: ['operator'], accounts: ['card:9'], network: 'n2' },
    { id: 'B1', roles: ['buyer'], accounts: ['card:5'] },
  ],
  accounts: [
    { id: 'card:1', roles: ['operator'], network: 'n1' },
    { id: 'card:9', roles: ['operator'], network: 'n2' },
    { id: 'card:7', roles: ['dropper'], network: 'n1,n2' },
    { id: 'card:5', roles: ['buyer'], network: null },
  ],
  networks: [
    { id: 'n1', folder: 'shymkent' },
    { id: 'n2', folder: 'ulytau' },
  ],
};

describe('restrictTruth', () => {
  it('keeps the chosen networks and everything without a network', () => {
    const t = restrictTruth(truth, ['n1']);
    expect(t.participants.total).toBe(20);
    expect(t.persons.map((p) => p.id)).toEqual(['P1', 'B1']);
    expect(t.accounts.map((a) => a.id)).toEqual(['card:1', 'card:7', 'card:5']);
    expect(t.channels.map((c) => c.id)).toEqual(['tg:chat:1', 'tg:chat:3']);
    expect(t.keyFigures.map((k) => k.person)).toEqual(['P1']);
    expect(t.endRecipients.map((e) => e.account)).toEqual(['tron:TA']);
    expect(t.legit).toHaveLength(1);
  });

  it('keeps the whole total when the truth has no per-network counts', () => {
    const { byNetwork: _, ...plain } = truth.participants;
    expect(restrictTruth({ ...truth, participants: plain }, ['n2']).participants.total).toBe(30);
  });
});
