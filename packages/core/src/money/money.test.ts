import { describe, expect, it } from 'vitest';
import {
  addDecimal,
  compareDecimal,
  currencyScale,
  FxTable,
  fromUnits,
  mulDecimal,
  negateDecimal,
  normalizeCurrency,
  parseAmount,
  roundDecimal,
  subDecimal,
  toUnits,
  usdToCents,
  utcDateOf,
} from './index.ts';

describe('decimal arithmetic', () => {
  it('adds and subtracts exactly where floats do not', () => {
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
    expect(addDecimal('1.50', '2')).toBe('3.50');
    expect(subDecimal('1', '1.000000000000000001')).toBe('-0.000000000000000001');
    expect(addDecimal('9007199254740993', '1')).toBe('9007199254740994');
    expect(subDecimal('5', '5.00')).toBe('0.00');
  });
  it('compares across scales', () => {
    expect(compareDecimal('1.50', '1.5')).toBe(0);
    expect(compareDecimal('-2', '1')).toBe(-1);
    expect(compareDecimal('10', '9.999')).toBe(1);
  });
  it('negates without producing -0', () => {
    expect(negateDecimal('12.50')).toBe('-12.50');
    expect(negateDecimal('-3')).toBe('3');
    expect(negateDecimal('0.00')).toBe('0.00');
  });
  it('multiplies and rounds half away from zero', () => {
    expect(mulDecimal('100', '0.0021', 2)).toBe('0.21');
    expect(mulDecimal('2.5', '0.01', 2)).toBe('0.03');
    expect(mulDecimal('-2.5', '0.01', 2)).toBe('-0.03');
    expect(mulDecimal('3', '0.5', 4)).toBe('1.5000');
    expect(roundDecimal('2.345', 2)).toBe('2.35');
    expect(roundDecimal('-2.344', 2)).toBe('-2.34');
  });
  it('converts to and from minor units', () => {
    expect(toUnits('12.5', 2)).toBe(1250n);
    expect(toUnits('-0.000001', 6)).toBe(-1n);
    expect(toUnits('1.230', 2)).toBe(123n);
    expect(() => toUnits('1.234', 2)).toThrow(/more than 2 decimals/);
    expect(fromUnits(1250n, 2)).toBe('12.50');
    expect(fromUnits(-5n, 3)).toBe('-0.005');
    expect(fromUnits(123456789012345678901234567890n, 18)).toBe('123456789012.345678901234567890');
    expect(fromUnits(7n, 0)).toBe('7');
  });
  it('rejects non-decimals loudly', () => {
    expect(() => addDecimal('1e5', '1')).toThrow(/not a decimal/);
    expect(() => compareDecimal('NaN', '1')).toThrow();
  });
});

describe('currencies', () => {
  it.each([
    ['₸', 'KZT'],
    ['тг', 'KZT'],
    ['тенге', 'KZT'],
    ['KZT', 'KZT'],
    ['₽', 'RUB'],
    ['руб', 'RUB'],
    ['руб.', 'RUB'],
    ['р.', 'RUB'],
    ['$', 'USD'],
    ['usd', 'USD'],
    ['USDT', 'USDT'],
    ['сум', 'UZS'],
    ['UZS', 'UZS'],
    ['сом', 'KGS'],
    ['KGS', 'KGS'],
    ['сомонӣ', 'TJS'],
    ['TJS', 'TJS'],
    ['CHF', 'CHF'],
  ])('%s → %s', (text, code) => expect(normalizeCurrency(text)).toBe(code));
  it('unknown words are not currencies', () => {
    expect(normalizeCurrency('рублик')).toBeUndefined();
    expect(normalizeCurrency('$$')).toBeUndefined();
  });
  it('scales', () => {
    expect(currencyScale('KZT')).toBe(2);
    expect(currencyScale('USDT')).toBe(6);
    expect(currencyScale('BTC')).toBe(8);
    expect(currencyScale('ETH')).toBe(18);
    expect(currencyScale('JPY')).toBe(0);
    expect(currencyScale('SOMETOKEN')).toBe(18);
  });
});

describe('parseAmount', () => {
  const ok = (value: string, currency?: string) =>
    currency ? { ok: true, value, currency } : { ok: true, value };
  it.each([
    ['1 234 567,89', ok('1234567.89')],
    ['1\u00a0234\u00a0567,89', ok('1234567.89')],
    ['1\u202f234\u202f567,89', ok('1234567.89')],
    ['1\u2009234,50', ok('1234.50')],
    ['-1,234.56', ok('-1234.56')],
    ['1.234,56', ok('1234.56')],
    ["1'234.50", ok('1234.50')],
    ['1’234.50', ok('1234.50')],
    ['+500', ok('500')],
    ['(12.50)', ok('-12.50')],
    ['100.00-', ok('-100.00')],
    ['− 1 000', ok('-1000')],
    ['0', ok('0')],
    ['-0.00', ok('0.00')],
    ['007', ok('7')],
    ['1.234,56 ₸', ok('1234.56', 'KZT')],
    ['100 тг', ok('100', 'KZT')],
    ['15000 тг.', ok('15000', 'KZT')],
    ['5 000 тенге', ok('5000', 'KZT')],
    ['KZT 5 000', ok('5000', 'KZT')],
    ['₸1 000', ok('1000', 'KZT')],
    ['1 500 ₽', ok('1500', 'RUB')],
    ['1500 руб.', ok('1500', 'RUB')],
    ['1500р.', ok('1500', 'RUB')],
    ['$100', ok('100', 'USD')],
    ['-$1,234.50', ok('-1234.50', 'USD')],
    ['$-20', ok('-20', 'USD')],
    ['100 USD', ok('100', 'USD')],
    ['250.5 USDT', ok('250.5', 'USDT')],
    ['1 000 000 сум', ok('1000000', 'UZS')],
    ['5000 UZS', ok('5000', 'UZS')],
    ['3000 сом', ok('3000', 'KGS')],
    ['3000 KGS', ok('3000', 'KGS')],
    ['200 сомонӣ', ok('200', 'TJS')],
    ['200 TJS', ok('200', 'TJS')],
    ['(1 234,50 KZT)', ok('-1234.50', 'KZT')],
    ['0.00012345 BTC', ok('0.00012345', 'BTC')],
    ['123456789012345678901234.123456789012345678', ok('123456789012345678901234.123456789012345678')],
  ])('%j', (text, expected) => expect(parseAmount(text)).toEqual(expected));

  describe('ambiguous single separator (documented rule)', () => {
    it('one separator followed by exactly 3 digits is a thousands separator', () => {
      expect(parseAmount('1,234')).toEqual(ok('1234'));
      expect(parseAmount('1.234')).toEqual(ok('1234'));
      expect(parseAmount('12,345 тг')).toEqual(ok('12345', 'KZT'));
    });
    it('otherwise it is the decimal separator', () => {
      expect(parseAmount('1,23')).toEqual(ok('1.23'));
      expect(parseAmount('1.5')).toEqual(ok('1.5'));
      expect(parseAmount('1,2345')).toEqual(ok('1.2345'));
    });
    it('a 0 integer part, space grouping or a crypto currency make it decimal', () => {
      expect(parseAmount('0,123')).toEqual(ok('0.123'));
      expect(parseAmount('1 234,567')).toEqual(ok('1234.567'));
      expect(parseAmount('1.234 BTC')).toEqual(ok('1.234', 'BTC'));
    });
    it('the decimalSeparator option overrides the rule', () => {
      expect(parseAmount('1,234', { decimalSeparator: ',' })).toEqual(ok('1.234'));
      expect(parseAmount('1.234', { decimalSeparator: '.' })).toEqual(ok('1.234'));
      expect(parseAmount('1.234.567,5', { decimalSeparator: ',' })).toEqual(ok('1234567.5'));
    });
    it('repeated separators are grouping', () => {
      expect(parseAmount('1,234,567')).toEqual(ok('1234567'));
      expect(parseAmount('1.234.567')).toEqual(ok('1234567'));
    });
  });

  it.each([
    '',
    'abc',
    '-',
    '1e5',
    '12 34',
    '1,23,456',
    '1.234.56',
    '--5',
    '$100 €',
    'NaN',
    '1,234.56.78',
    '5 тг 5',
  ])('rejects %j with a reason', (text) => {
    const r = parseAmount(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.length).toBeGreaterThan(5);
  });
});

describe('FxTable', () => {
  const table = new FxTable([
    { date: '2024-03-01', currency: 'KZT', usdPerUnit: '0.0022', source: 'NBK' },
    { date: '2024-03-05', currency: 'KZT', usdPerUnit: '0.00221' },
    { date: '2024-03-05', currency: 'RUB', usdPerUnit: '0.0109' },
    { date: '2024-03-20', currency: 'RUB', usdPerUnit: '0.0108' },
  ]);
  it('uses the same-day rate and rounds to cents half-up', () => {
    expect(table.toUsd('100000', 'KZT', '2024-03-05T09:00:00Z')).toEqual({
      ok: true,
      usd: '221.00',
      rate: '0.00221',
      rateDate: '2024-03-05',
    });
    expect(table.toUsd('1', 'KZT', '2024-03-05').ok && table.toUsd('1', 'KZT', '2024-03-05')).toMatchObject({
      usd: '0.00',
    });
    expect(table.toUsd('227', 'KZT', '2024-03-05')).toMatchObject({ usd: '0.50' }); // 0.50167
    expect(table.toUsd('-226.2443', 'KZT', '2024-03-05')).toMatchObject({ usd: '-0.50' });
  });
  it('falls back to the latest earlier rate within maxStaleDays and records it', () => {
    expect(table.toUsd('1000', 'KZT', '2024-03-04')).toEqual({
      ok: true,
      usd: '2.20',
      rate: '0.0022',
      rateDate: '2024-03-01',
      source: 'NBK',
    });
    expect(table.toUsd('1000', 'KZT', '2024-03-08')).toMatchObject({ ok: true, rateDate: '2024-03-05' });
  });
  it('names the date and currency when no rate applies', () => {
    const r = table.toUsd('1000', 'RUB', '2024-03-12');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toContain('RUB');
      expect(r.reason).toContain('2024-03-12');
      expect(r.reason).toContain('2024-03-05');
      expect(r.reason).toContain('fx-rates.csv');
    }
    expect(table.toUsd('1', 'RUB', '2024-03-01')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no earlier rate'),
    });
    expect(table.toUsd('1', 'UZS', '2024-03-05')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no UZS rows at all'),
    });
  });
  it('never looks ahead', () => {
    expect(table.toUsd('1', 'KZT', '2024-02-29').ok).toBe(false);
  });
  it('converts USD at 1 and respects maxStaleDays', () => {
    expect(table.toUsd('12.345', 'USD', '2024-01-01')).toEqual({
      ok: true,
      usd: '12.35',
      rate: '1',
      rateDate: '2024-01-01',
    });
    const strict = new FxTable([{ date: '2024-03-01', currency: 'KZT', usdPerUnit: '0.0022' }], {
      maxStaleDays: 0,
    });
    expect(strict.toUsd('1', 'KZT', '2024-03-02').ok).toBe(false);
  });
  it('requires stablecoin rows unless withDefaults() is asked for', () => {
    expect(table.toUsd('10', 'USDT', '2024-03-05').ok).toBe(false);
    const pegged = table.withDefaults();
    expect(pegged.toUsd('10.005', 'USDT', '2024-03-05')).toEqual({
      ok: true,
      usd: '10.01',
      rate: '1',
      rateDate: '2024-03-05',
      source: 'default peg USDT=1 USD',
    });
    expect(pegged.toUsd('100000', 'KZT', '2024-03-05')).toMatchObject({ usd: '221.00' });
    expect(table.toUsd('10', 'USDT', '2024-03-05').ok).toBe(false);
    const withRow = new FxTable([
      { date: '2024-03-05', currency: 'USDT', usdPerUnit: '0.998' },
    ]).withDefaults();
    expect(withRow.toUsd('100', 'USDT', '2024-03-05')).toMatchObject({ usd: '99.80', rate: '0.998' });
  });
  it('uses the UTC date of timestamps with offsets', () => {
    expect(utcDateOf('2024-03-05T01:30:00+06:00')).toBe('2024-03-04');
    expect(utcDateOf('2024-03-05')).toBe('2024-03-05');
    expect(utcDateOf('05.03.2024')).toBeUndefined();
    expect(table.toUsd('1', 'KZT', 'yesterday')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('yesterday'),
    });
  });
  it('rejects bad rows with a clear error', () => {
    expect(() => new FxTable([{ date: '05.03.2024', currency: 'KZT', usdPerUnit: '1' }])).toThrow(
      /YYYY-MM-DD/,
    );
    expect(() => new FxTable([{ date: '2024-03-05', currency: 'KZT', usdPerUnit: '0' }])).toThrow(/positive/);
  });
  it('usdToCents', () => {
    expect(usdToCents('12.345')).toBe(1235n);
    expect(usdToCents('-0.5')).toBe(-50n);
  });
});
