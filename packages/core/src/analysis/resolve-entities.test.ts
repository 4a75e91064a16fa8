import { describe, expect, it } from 'vitest';
import type { HolderRow, PersonRow, TgUserRow } from '../model/tables.ts';
import { loadRules } from '../rules/rules.ts';
import { nameKey } from './name-key.ts';
import { resolveEntities } from './resolve-entities.ts';

const holder = (account: string, name: string, extra: Partial<HolderRow> = {}): HolderRow => ({
  account,
  holderName: name,
  iin: null,
  passport: null,
  nationality: null,
  birthdate: null,
  phone: null,
  address: null,
  institution: null,
  openedAt: null,
  evidenceId: 'ev',
  locator: `row:${account}`,
  ...extra,
});
const person = (personId: string, name: string, extra: Partial<PersonRow> = {}): PersonRow => ({
  personId,
  name,
  iin: null,
  passport: null,
  nationality: null,
  birthdate: null,
  status: 'unknown',
  evidenceId: 'ev-p',
  locator: `row:${personId}`,
  ...extra,
});
const rules = loadRules(undefined);

describe('nameKey', () => {
  it('folds Cyrillic, Kazakh and Uzbek spellings of one name together', () => {
    expect(nameKey('Жанна Әбенова')).toBe(nameKey('Zhanna Abenova'));
    expect(nameKey('Abenova Janna')).toBe(nameKey('Zhanna Abenova'));
    expect(nameKey('Юсупов Жасур')).toBe(nameKey('Jasur Yusupov'));
    expect(nameKey('Қайрат Ходжаев')).toBe(nameKey('Qayrat Xodjayev'));
    expect(nameKey('Ivan Petrov')).not.toBe(nameKey('Ivan Sidorov'));
  });
});

describe('resolveEntities', () => {
  it('merges on IIN and held accounts, never on names alone', () => {
    const r = resolveEntities(
      {
        persons: [person('P1', 'Жанна Абенова', { iin: '900101400123', status: 'detained' })],
        holders: [
          holder('card:1', 'ABENOVA ZHANNA', { iin: '900101400123' }),
          holder('card:2', 'ABENOVA ZHANNA'),
          holder('card:3', 'Zhanna Abenova', { birthdate: '1990-01-01' }),
        ],
        transferHolders: [['card:2', 'Abenova Z.']],
      },
      rules,
    );
    const p1 = r.persons.find((p) => p.id === 'P1')!;
    expect(p1.accounts).toEqual(['card:1']);
    expect(r.holderOf.get('card:2')).not.toBe('P1');
    expect(r.persons).toHaveLength(3);
    const cand = r.candidates.filter((c) => c.a === 'P1' || c.b === 'P1');
    expect(cand.length).toBeGreaterThan(0);
    expect(cand[0]!.reasons.join(' ')).toMatch(/transliteration/);
  });

  it('never proposes a person as a merge candidate with itself (two spellings of one name)', () => {
    const r = resolveEntities(
      {
        persons: [person('P1', 'Жанна Әбенова', { iin: '900101400123' })],
        holders: [holder('card:1', 'Zhanna Abenova', { iin: '900101400123', phone: '+77011234567' })],
        transferHolders: [['card:2', 'ABENOVA ZHANNA']],
      },
      rules,
    );
    expect(r.persons.find((p) => p.id === 'P1')!.names).toHaveLength(2);
    expect(r.candidates.filter((c) => c.a === c.b)).toEqual([]);
    expect(r.candidates.some((c) => [c.a, c.b].includes('P1') && c.a !== c.b)).toBe(true);
  });

  it('links a Telegram user through the same user id and keeps phones as candidates', () => {
    const tg: TgUserRow[] = [
      {
        userId: '555',
        username: 'Boss',
        displayName: 'Boss',
        phone: '+77010000001',
        evidenceId: 'e1',
        locator: 'm1',
      },
      {
        userId: 'user555',
        username: null,
        displayName: 'Big Boss',
        phone: null,
        evidenceId: 'e2',
        locator: 'm2',
      },
    ];
    const r = resolveEntities(
      { tgUsers: tg, holders: [holder('card:9', 'Operator', { phone: '+77010000001' })] },
      rules,
    );
    const boss = r.persons.find((p) => p.tgUsers.includes('tg:user:555'))!;
    expect(boss.names.sort()).toEqual(['Big Boss', 'Boss']);
    expect(boss.identifiers).toContain('tg:@boss');
    expect(boss.accounts).toEqual([]);
    const c = r.candidates.find((x) => x.reasons.some((s) => s.includes('same phone')));
    expect(c).toBeDefined();
  });

  it('applies analyst decisions: merge joins, keep_apart blocks a strong link', () => {
    const input = {
      holders: [
        holder('card:1', 'A One', { iin: '111111111111' }),
        holder('card:2', 'A One', { iin: '111111111111' }),
      ],
      tgUsers: [
        { userId: '1', username: null, displayName: 'A', phone: null, evidenceId: 'e', locator: 'x' },
      ],
    };
    const merged = resolveEntities(
      { ...input, decisions: [{ a: 'iin:111111111111', b: 'tg:user:1', decision: 'merge' }] },
      rules,
    );
    expect(merged.persons).toHaveLength(1);
    const apart = resolveEntities(
      { ...input, decisions: [{ a: 'card:1', b: 'card:2', decision: 'keep_apart' }] },
      rules,
    );
    expect(apart.holderOf.get('card:1')).not.toBe(apart.holderOf.get('card:2'));
  });

  it('raises an alarm instead of silently merging an oversized cluster', () => {
    const small = loadRules({ resolution: { maxClusterIdentifiers: 5, largeClusterIdentifiers: 3 } });
    const holders = Array.from({ length: 8 }, (_, i) =>
      holder(`card:${i}`, `Person ${i}`, { iin: '222222222222' }),
    );
    const r = resolveEntities({ holders }, small);
    expect(r.alarms.length).toBeGreaterThan(0);
    expect(r.alarms[0]!.reason).toMatch(/limit 5/);
    const biggest = Math.max(...r.persons.map((p) => p.identifiers.length));
    expect(biggest).toBeLessThanOrEqual(5);
  });
});
