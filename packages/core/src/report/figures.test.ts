import { describe, expect, it } from 'vitest';
import { personName, ruPlural } from './figures.ts';

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
    expect([1, 2, 5, 11, 12, 21, 22, 25, 111, 1001].map((n) => ruPlural(n, 'a', 'b', 'c')).join('')).toBe(
      'abcccabcca',
    );
  });
});
