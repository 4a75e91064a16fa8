import { describe, expect, it } from 'vitest';
import { mulberry32 } from './louvain.ts';
import { exactMicro, rateTable, UsdConverter } from './usd-converter.ts';

const converter = (rate: string) =>
  new UsdConverter(rateTable([{ date: '2025-01-01', currency: 'XXX', usdPerUnit: rate }], 10));

describe('UsdConverter', () => {
  it('converts exactly, rounding half away from zero, the same as the BigInt reference', () => {
    const rnd = mulberry32(42);
    const rates = ['0.002', '0.00208333', '1', '0.000000000001', '123.456789012345', '0.5', '7', '0.0000316'];
    let fast = 0;
    for (const rate of rates) {
      const usd = converter(rate);
      const big = BigInt(rate.replace('.', '')) * 10n ** BigInt(12 - (rate.split('.')[1]?.length ?? 0));
      for (let n = 0; n < 3000; n++) {
        const intDigits = 1 + Math.floor(rnd() * 16);
        const fracDigits = Math.floor(rnd() * 9);
        let text = String(1 + Math.floor(rnd() * 9));
        for (let d = 1; d < intDigits; d++) text += String(Math.floor(rnd() * 10));
        if (fracDigits > 0) {
          text += '.';
          for (let d = 0; d < fracDigits; d++) text += String(Math.floor(rnd() * 10));
        }
        if (rnd() < 0.2) text = `-${text}`;
        const got = usd.toMicro(text, 'XXX', '2025-01-01T10:00:00Z');
        expect(got, `${text} × ${rate}`).toBe(exactMicro(text, big));
        if (intDigits + fracDigits <= 15) fast++;
      }
    }
    expect(fast).toBeGreaterThan(5000);
  });

  it('rounds a half micro-dollar away from zero', () => {
    const usd = converter('0.5');
    expect(usd.toMicro('0.000001', 'XXX', '2025-01-01')).toBe(1n); // 0.5 micro → 1
    expect(usd.toMicro('-0.000001', 'XXX', '2025-01-01')).toBe(-1n);
    expect(usd.toMicro('0.000003', 'XXX', '2025-01-01')).toBe(2n); // 1.5 → 2
    expect(usd.toMicro('12345678901234.5', 'XXX', '2025-01-01')).toBe(6172839450617250000n);
  });

  it('reports a missing rate as null and counts it', () => {
    const usd = converter('0.002');
    expect(usd.toMicro('10', 'YYY', '2025-01-01')).toBeNull();
    expect(usd.missingCount).toBe(1);
  });
});
