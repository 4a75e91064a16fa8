import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../money/index.ts';
import { isoFromParts } from './bank-records.ts';
import { parseTableDate } from './table-date.ts';
import { amountOf } from './table-statement.ts';

// The row fast paths must give exactly what the general readers give.
describe('bank table fast paths', () => {
  it('plain amounts read as parseAmount reads them', () => {
    const samples = [
      '0',
      '100',
      '-100',
      '007',
      '-0,00',
      '-0.50',
      '1 234,56',
      '-12\u00a0345,6',
      '1\u202f000\u2009000.05',
      '0 000,50',
      '1234,5',
      '1234.56',
      '99999999999999999999999,99',
      '1 234 567,89',
    ];
    for (const s of samples) {
      const r = parseAmount(s);
      expect(r.ok, s).toBe(true);
      expect(amountOf(s), s).toEqual({ value: (r as { value: string }).value });
    }
    // Shapes the fast path leaves alone still go through parseAmount.
    expect(amountOf('1,234')).toEqual({ value: '1234' });
    expect(amountOf('- 2 000,00 ₸')).toEqual({ value: '-2000.00', currency: 'KZT' });
    expect(amountOf('12 34,5')).toBeUndefined();
  });

  it('DD.MM.YYYY HH:MM[:SS] dates equal the general reader, offsets applied', () => {
    for (const [text, offset, iso] of [
      ['05.03.2024 14:22', 0, '2024-03-05T14:22:00.000Z'],
      ['05.03.2024 14:22:07', 300, '2024-03-05T09:22:07.000Z'],
      ['01.01.2024 03:00:00', 300, '2023-12-31T22:00:00.000Z'],
      ['29.02.2023 10:00:00', 0, undefined],
      ['31.04.2024 10:00', 0, undefined],
      ['05.03.2024 24:00', 0, undefined],
      ['5.3.2024 14:22', 0, '2024-03-05T14:22:00.000Z'],
    ] as const) {
      expect(parseTableDate(text, 'DMY', offset), text).toBe(iso);
    }
    expect(parseTableDate('03.05.2024 14:22', 'MDY')).toBe('2024-03-05T14:22:00.000Z');
  });

  it('ISO strings from parts equal Date#toISOString across days, years and offsets', () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let k = 0; k < 2000; k++) {
      const y = 1950 + next(100);
      const mo = 1 + next(12);
      const d = 1 + next(28);
      const h = next(24);
      const mi = next(60);
      const s = next(60);
      const off = next(1500) - 750;
      expect(isoFromParts(y, mo, d, h, mi, s, off)).toBe(
        new Date(Date.UTC(y, mo - 1, d, h, mi, s) - off * 60_000).toISOString(),
      );
    }
  });
});
