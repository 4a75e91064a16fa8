import { describe, expect, it } from 'vitest';
import { reasonEn } from './reason-en.ts';

describe('reasonEn', () => {
  it('says each count with its noun in the right number (review r33)', () => {
    const cases: Array<[string, string]> = [
      [
        '3 fiat-for-crypto trades with 1 customer(s): $1,645.00 in fiat to card:1 answered within 24 h',
        '3 fiat-for-crypto trades with 1 customer: $1,645.00 in fiat to card:1 answered within 24 h',
      ],
      ['fiat in from 5 counterparties on 2 account(s)', 'fiat in from 5 counterparties on 2 accounts'],
      [
        'fiat in from 1 counterparties on 1 account(s), 1 of them dropper accounts',
        'fiat in from 1 counterparty on 1 account, 1 of them dropper accounts',
      ],
      ['12 P2P orders as seller or payee with 1 buyers', '12 P2P orders as seller or payee with 1 buyer'],
      ['12 P2P orders as seller or payee with 3 buyers', '12 P2P orders as seller or payee with 3 buyers'],
      ['administers flagged chat(s) c1, c2', 'administers flagged chats c1, c2'],
      ['administers flagged chat(s) c1', 'administers flagged chat c1'],
      [
        'paid 1 time(s) over 2 month(s), $5.00 in all, from operator accounts',
        'paid 1 time over 2 months, $5.00 in all, from operator accounts',
      ],
      ['authored 1 sale-labelled message(s)', 'authored 1 sale-labelled message'],
      ['authored 2 drop report(s)', 'authored 2 drop reports'],
      [
        'account published in production-training post(s): a b; c d',
        'account published in production-training posts: a b; c d',
      ],
      [
        'bought crypto in 2 trades ($3.00) from unlicensed exchanger(s) X, paying from a, b, fed by dropper accounts (≥ 50% of the inflow)',
        'bought crypto in 2 trades ($3.00) from unlicensed exchanger X, paying from a, b, fed by dropper accounts (≥ 50% of the inflow)',
      ],
      [
        'collects $1.00 from 1 dropper accounts (50% of its inflow)',
        'collects $1.00 from 1 dropper account (50% of its inflow)',
      ],
      // Nothing else changes: a number that counts nothing, an id, a name.
      [
        'transit for 1.5 months: 97% of the outflow left within 1 days',
        'transit for 1.5 months: 97% of the outflow left within 1 day',
      ],
      ['jurisdiction KZ (outside AE)', 'jurisdiction KZ (outside AE)'],
    ];
    for (const [en, want] of cases) expect(reasonEn(en)).toBe(want);
  });
});
