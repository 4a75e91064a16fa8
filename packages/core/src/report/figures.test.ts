import { describe, expect, it } from 'vitest';
import type { Findings } from '../findings/findings.ts';
import { flaggedChats, personName, usdFigure } from './figures.ts';
import { pluralRu } from './reason-ru.ts';

describe('figures wording', () => {
  it('names a person by a name, else by the handle, else by the id without its prefix', () => {
    const p = (id: string, names: string[], identifiers: string[] = []) => ({ id, names, identifiers });
    expect(personName(p('p:tg:user:7001', ['Оператор', 'Оператор Магазина']))).toBe('Оператор');
    expect(personName(p('p:tg:user:7001', [' ', 'Оператор']))).toBe('Оператор');
    expect(personName(p('p:tg:@shop_hr24', [], ['tg:@shop_hr24']))).toBe('@shop_hr24');
    expect(personName(p('p:tg:@shop_hr24', []))).toBe('@shop_hr24');
    expect(personName(p('p:tg:user:9', [], ['tg:user:9', 'tg:@boss']))).toBe('@boss');
    expect(personName(p('p:acct:card:4400000000000011', []))).toBe('card:4400000000000011');
    expect(personName(p('P1', []))).toBe('P1');
  });

  it('words Russian counts', () => {
    expect([1, 2, 5, 11, 12, 21, 22, 25, 111, 1001].map((n) => pluralRu(n, 'a', 'b', 'c')).join('')).toBe(
      'abcccabcca',
    );
  });

  it('counts flagged chats by kind, a supergroup as a group', () => {
    const base: Findings['summary'] = {
      participants: 0,
      networks: 0,
      droppers: 0,
      exchangers: 0,
      channelsFlagged: 0,
      endRecipients: 0,
      turnoverUsd: 0,
    };
    const s = (channelsFlaggedByType?: Findings['summary']['channelsFlaggedByType']) => ({
      ...base,
      ...(channelsFlaggedByType ? { channelsFlaggedByType } : {}),
    });
    expect(flaggedChats(s(), 'en')).toBeNull();
    expect(flaggedChats(s({ channel: 1, supergroup: 1 }), 'en')).toBe('1 channel and 1 group');
    expect(flaggedChats(s({ group: 2, bot: 1 }), 'en', true)).toBe('2 Telegram groups and 1 bot chat');
    expect(flaggedChats(s({ channel: 3, group: 2, supergroup: 2 }), 'ru')).toBe('3 канала и 4 группы');
  });

  const f = (transfers: number, unrated?: Record<string, number>) =>
    ({
      case: { name: 'x', evidence: 1, transfers, messages: 0 },
      summary: {
        participants: 0,
        networks: 0,
        droppers: 0,
        exchangers: 0,
        channelsFlagged: 0,
        endRecipients: 0,
        turnoverUsd: 0,
        ...(unrated
          ? {
              unratedTransfers: {
                count: Object.values(unrated).reduce((s, n) => s + n, 0),
                byCurrency: unrated,
              },
            }
          : {}),
      },
    }) satisfies Pick<Findings, 'case' | 'summary'>;

  it('qualifies a USD figure by the transfers that had no rate', () => {
    expect(usdFigure('$10.00', f(5), 'en')).toBe('$10.00');
    expect(usdFigure('$10.00', f(5, {}), 'en')).toBe('$10.00');
    expect(usdFigure('$0.00', f(1, { KZT: 1 }), 'en')).toBe('unknown (no KZT→USD rate for 1 transfer)');
    expect(usdFigure('$0.00', f(5, { KZT: 3, RUB: 2 }), 'en')).toBe(
      'unknown (no KZT→USD rate for 3 transfers, RUB→USD rate for 2 transfers)',
    );
    expect(usdFigure('$10.00', f(6, { KZT: 1 }), 'en')).toBe('$10.00 (+1 transfer in KZT without a rate)');
    expect(usdFigure('10,00', f(30, { KZT: 21 }), 'ru')).toBe('10,00 (+21 перевод в KZT без курса)');
    expect(usdFigure('0,00', f(2, { KZT: 2 }), 'ru')).toBe(
      'не установлен (нет курса KZT→USD для 2 переводов)',
    );
  });
});
