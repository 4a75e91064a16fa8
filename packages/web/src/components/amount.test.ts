import { describe, expect, it } from 'vitest';
import { countText, decimalText, fixedText, setNumberLang, usdText } from '../numbers.ts';
import { size } from '../features/evidence/evidence.tsx';
import { amount } from './amount.ts';
import { usd } from './common.tsx';

const N = '\u00a0';

describe('amount', () => {
  it('groups the whole part by thousands and keeps every digit', () => {
    expect(amount('85534408', 'en')).toBe('85,534,408');
    expect(amount('85534408', 'ru')).toBe(`85${N}534${N}408`);
    expect(amount('-381000.50', 'en')).toBe('-381,000.50');
    expect(amount('-381000.50', 'ru')).toBe(`-381${N}000,50`);
    expect(amount('999', 'ru')).toBe('999');
    expect(amount('0.000000000000000001', 'en')).toBe('0.000000000000000001');
    expect(amount('n/a', 'ru')).toBe('n/a');
  });
});

describe('one number format per language (review r33)', () => {
  it('writes USD, exact amounts, counts and scores alike in each language', () => {
    // Was `16,858,969.47` beside `4 000 KZT` and `USDT 1 147 476.74925` in the Russian UI.
    expect(usdText('16858969.47', 'ru')).toBe(`16${N}858${N}969,47`);
    expect(usdText('16858969.47', 'en')).toBe('16,858,969.47');
    expect(usdText(1645, 'ru')).toBe(`1${N}645,00`);
    expect(usdText(1645, 'en')).toBe('1,645.00');
    expect(usdText('-5', 'ru')).toBe('-5,00');
    expect(usdText(null, 'ru')).toBe('—');
    expect(decimalText('1147476.74925', 'ru')).toBe(`1${N}147${N}476,74925`);
    expect(decimalText('4000', 'ru')).toBe(`4${N}000`);
    expect(countText(51043, 'ru')).toBe(`51${N}043`);
    expect(countText(51043, 'en')).toBe('51,043');
    expect(fixedText(0.594, 2, 'ru')).toBe('0,59');
    expect(fixedText(0.594, 2, 'en')).toBe('0.59');
    // A file's size in the evidence register (was `60.4 KiB` in the Russian UI).
    expect(size(61_850, 'ru')).toBe('60,4 КиБ');
    expect(size(61_850, 'en')).toBe('60.4 KiB');
    expect(size(2_000, 'ru')).toBe('2,0 КиБ');
    expect(size(1_000, 'ru')).toBe('1\u00a0000 Б');
  });

  it('writes the language the UI renders in when called without one', () => {
    setNumberLang('en');
    expect([usd(1645), amount('4000')]).toEqual(['1,645.00', '4,000']);
    setNumberLang('ru');
    expect([usd(1645), amount('4000')]).toEqual([`1${N}645,00`, `4${N}000`]);
  });
});
