import { KEY_SEPARATOR, planBankCsvBulk } from '@dragnet/core/parsers/bank-table/bulk-bank-csv.ts';
import { DuckDBInstance, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import {
  type AmountRole,
  amountPartsSql,
  amountWords,
  plainAmountsSql,
  rowAmountsSql,
} from './bank-bulk-amounts.ts';
import { DECIMAL_MACRO } from './table-codec.ts';

/** The parser's own reader of amount keys, from a statement with debit, credit, amount and direction columns. */
function jsReader() {
  const csv = 'Дата;Дебет;Кредит;Сумма;Направление\n01.01.2024 10:00;;;1,00;\n';
  const head = new TextEncoder().encode(csv);
  const plan = planBankCsvBulk(head, head.length, 'e'.repeat(64), undefined);
  if ('fallback' in plan) throw new Error(plan.fallback);
  return plan.readers;
}

/** Checks every key SQL read (`fast`) against the parser's reader, currency included; how many it read. */
function expectReadAsParser(
  rows: ReadonlyArray<Record<string, unknown>>,
  readers: ReturnType<typeof jsReader>,
): number {
  let fast = 0;
  for (const row of rows) {
    const k = row['k'] as string;
    if (!row['fast']) continue;
    fast++;
    const js = readers.amount(k);
    expect('error' in js, JSON.stringify(k)).toBe(false);
    if ('error' in js) continue;
    expect(
      { dir: row['dir'], amt: row['amt'], scale: row['scale'], zero: row['zero'], ccy: row['ccy'] },
      JSON.stringify(k),
    ).toEqual({ dir: js.direction, amt: js.amount, scale: js.scale, zero: js.zero, ccy: js.currency });
  }
  return fast;
}

/** A small deterministic generator (no Math.random: reproducible failures). */
function seeded(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    // The high bits: an LCG's low bits repeat with a short period.
    return Math.floor((state / 2 ** 31) * n);
  };
}

/** `rowAmountsSql` over `keys` (split into the cells d, c, a, f), as the lines table's SELECTs nest it. */
async function readPerRow(
  keys: readonly string[],
  cells: Partial<Record<AmountRole, string>>,
  affixes: Parameters<typeof rowAmountsSql>[1] = [],
): Promise<Array<Record<string, unknown>>> {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  await conn.run(DECIMAL_MACRO);
  await conn.run(
    `CREATE TABLE r AS SELECT k, split_part(k, chr(1), 1) AS d, split_part(k, chr(1), 2) AS c,
       split_part(k, chr(1), 3) AS a, split_part(k, chr(1), 4) AS f FROM unnest($1) AS u(k)`,
    [listValue([...keys])],
    [LIST(VARCHAR)],
  );
  const s = rowAmountsSql(cells, affixes);
  return (
    await conn.runAndReadAll(
      `SELECT k, a_ok, a_debit, a_dec::VARCHAR AS dec, a_scale, a_dec = 0 AS a_zero, a_ccy FROM (SELECT *, ${s.columns.join(', ')} FROM (
         SELECT *, ${s.ok} FROM (SELECT *, ${s.values.join(', ')} FROM (SELECT *, ${s.numbers.join(', ')} FROM (
           SELECT *, ${s.parts.join(', ')} FROM r)))))`,
    )
  ).getRowObjects();
}

/** Checks every row `readPerRow` read (`a_ok`) against the parser's reader, the exact value included; how many. */
function expectReadPerRowAsParser(
  rows: ReadonlyArray<Record<string, unknown>>,
  readers: ReturnType<typeof jsReader>,
): number {
  let ok = 0;
  for (const row of rows) {
    if (!row['a_ok']) continue;
    ok++;
    const k = row['k'] as string;
    const js = readers.amount(k);
    expect('error' in js, JSON.stringify(k)).toBe(false);
    if ('error' in js) continue;
    expect(
      { debit: row['a_debit'], scale: row['a_scale'], zero: row['a_zero'], ccy: row['a_ccy'] },
      JSON.stringify(k),
    ).toEqual({ debit: js.direction === 'debit', scale: js.scale, zero: js.zero, ccy: js.currency });
    // The value exactly: the DECIMAL's digits are the parser's, padded to 18 decimals.
    expect((row['dec'] as string).replace(/\.?0+$/, ''), JSON.stringify(k)).toBe(
      js.amount.includes('.') ? js.amount.replace(/\.?0+$/, '') : js.amount,
    );
  }
  return ok;
}

/** Amount keys of many shapes. */
function* shapes(): Generator<string> {
  const next = seeded(7);
  const spaces = [' ', '\u00a0', '\u202f', '\u2009', '\u2007'];
  const cellOf = (): string => {
    switch (next(15)) {
      case 0:
        return '';
      case 1:
        return '0';
      case 2:
        return '-0,00';
      case 3:
        return `00${next(1000)}`;
      case 4:
        return `${next(2) ? '-' : ''}${1 + next(999)}${spaces[next(spaces.length)]}${String(next(1000)).padStart(3, '0')},${String(next(100)).padStart(2, '0')}`;
      case 5:
        return `${next(2) ? '-' : ''}${next(100000)}.${next(10)}`;
      case 6:
        return `${next(100000)}.${String(next(1000)).padStart(3, '0')}`; // three decimals: not plain
      case 7:
        return `${'9'.repeat(19 + next(4))}${next(2) ? ',5' : ''}`; // around the store's 20 digits
      case 8:
        return next(2)
          ? `${next(1000)}${spaces[next(spaces.length)]}${next(100)}` // a short group
          : `${1000 + next(9000)}${spaces[next(spaces.length)]}${String(next(1000)).padStart(3, '0')}`; // a long first group
      case 9:
        return `+${next(100)}`;
      case 10:
        return `${next(50)},00 KZT`;
      case 11:
        return 'abc';
      case 12:
        return `-${next(10)}`;
      case 13: // two kinds of group space in one number
        return `${next(2) ? '-' : ''}${1 + next(9)}${spaces[next(spaces.length)]}${String(next(1000)).padStart(3, '0')}${spaces[next(spaces.length)]}${String(next(1000)).padStart(3, '0')}${next(2) ? `,${next(10)}` : ''}`;
      default:
        return `${next(10_000_000)}`;
    }
  };
  const flags = ['', '', '', '', 'D', 'Кредит', 'списание', 'x'];
  for (let i = 0; i < 4000; i++) {
    // One to three of debit/credit/amount filled, as real layouts have them.
    const layout = next(4);
    const d = layout === 0 || layout === 3 ? cellOf() : '';
    const c = layout === 1 || layout === 3 ? cellOf() : '';
    const a = layout === 2 || next(8) === 0 ? cellOf() : '';
    yield [d, c, a, flags[next(flags.length)]!].join(KEY_SEPARATOR);
  }
}

describe('plainAmountsSql', () => {
  it('reads every key it takes exactly as the parser reads it, and leaves the others to the parser', async () => {
    const keys = [...new Set(shapes())];
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (
      await conn.runAndReadAll(
        plainAmountsSql(`(${amountPartsSql('(SELECT unnest($1) AS k)')})`),
        [listValue(keys)],
        [LIST(VARCHAR)],
      )
    ).getRowObjects();
    expect(rows).toHaveLength(keys.length);
    const readers = jsReader();
    const fast = expectReadAsParser(rows, readers);
    // A good share of these keys is plain with no direction word: the SQL reader must take them (else it spares
    // nothing); about one in six here.
    expect(keys.length).toBeGreaterThan(1000);
    expect(fast).toBeGreaterThan(keys.length / 8);
    const taken = new Map(rows.map((r) => [r['k'] as string, r['fast'] as boolean]));
    const key = (...cells: string[]) => cells.join(KEY_SEPARATOR);
    // Direction words, both sides filled, three decimals, currencies and 21 digits go to the parser.
    for (const k of [
      key('', '', '-5,00', 'D'),
      key('10,00', '20,00', '', ''),
      key('', '', '1.234', ''),
      key('', '', '5,00 KZT', ''),
      key('', '', '1'.repeat(21), ''),
      key('', '', '', ''),
    ]) {
      const r = (
        await conn.runAndReadAll(plainAmountsSql(`(${amountPartsSql('(SELECT $1 AS k)')})`), [k], [VARCHAR])
      ).getRowObjects()[0]!;
      expect(r['fast'], JSON.stringify(k)).toBe(false);
      expect(taken.get(k) ?? false).toBe(false);
    }
  });

  it('answers as before when the roles the file does not map are left out (their cells are empty)', async () => {
    const keys = [...new Set(shapes())];
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    const read = async (subset: string[], mapped: Partial<Record<AmountRole, boolean>>) =>
      (
        await conn.runAndReadAll(
          `${plainAmountsSql(`(${amountPartsSql('(SELECT unnest($1) AS k)', mapped)})`, mapped)} ORDER BY k`,
          [listValue(subset)],
          [LIST(VARCHAR)],
        )
      ).getRowObjects();
    const roles: AmountRole[] = ['debit', 'credit', 'amount', 'direction'];
    // Each layout a file has: its keys have empty cells in every other role.
    for (const present of [
      ['amount'],
      ['debit', 'credit'],
      ['amount', 'direction'],
      ['debit', 'credit', 'amount'],
    ]) {
      const subset = keys.filter((k) =>
        k.split(KEY_SEPARATOR).every((cell, i) => cell === '' || present.includes(roles[i]!)),
      );
      expect(subset.length, present.join()).toBeGreaterThan(50);
      const mapped = Object.fromEntries(roles.map((r) => [r, present.includes(r)]));
      const rows = await read(subset, mapped);
      expect(rows, present.join()).toEqual(await read(subset, {}));
      expect(rows.filter((r) => r['fast']).length, present.join()).toBeGreaterThan(10);
    }
  });

  it('reads signs, currencies before or after, other digit groups and direction words as the parser does', async () => {
    const next = seeded(11);
    const signs = ['', '', '-', '+', '- ', '+ ', '−', '– ', '--'];
    const prefixes = ['', '', '', '$', '₸ ', 'KZT ', 'USD', '€', 'Сумма '];
    const suffixes = [
      '',
      '',
      '',
      ' ₸',
      '₸',
      ' тг',
      ' тг.',
      ' руб.',
      ' KZT',
      ' USDT',
      ' BTC',
      ' млн',
      ' $',
      '-',
      ' Кт',
    ];
    const numbers = [
      () => `${1 + next(999)} ${String(next(1000)).padStart(3, '0')},${String(next(100)).padStart(2, '0')}`,
      () => `${next(100000)}.${next(10)}`,
      () => `${1 + next(99)},${String(next(1000)).padStart(3, '0')}.${String(next(100)).padStart(2, '0')}`,
      () => `${1 + next(9)},${String(next(1000)).padStart(3, '0')},${String(next(1000)).padStart(3, '0')}`,
      () => `${1 + next(99)}.${String(next(1000)).padStart(3, '0')},${next(10)}`,
      () => `${1 + next(9)}.${String(next(1000)).padStart(3, '0')}.${String(next(1000)).padStart(3, '0')}`,
      () => `${1 + next(9)},${String(next(1000)).padStart(3, '0')}`, // one group, no decimals: depends on the currency
      () => `${next(1000)}.${String(next(1000)).padStart(3, '0')}`,
      () => `0${next(10)},00`,
      () => `(${next(1000)})`,
      () => `${next(100)},5 ${next(10)}`,
    ];
    const cellOf = () =>
      next(6) === 0
        ? ''
        : `${signs[next(signs.length)]}${prefixes[next(prefixes.length)]}${numbers[next(numbers.length)]!()}${suffixes[next(suffixes.length)]}`;
    const flags = ['', '', '', 'D', 'C', 'Дебет', 'кредит', '+', '-', 'x', 'Списание'];
    const keys = new Set<string>();
    for (let i = 0; i < 6000; i++) {
      const layout = next(3);
      const d = layout === 0 ? cellOf() : '';
      const c = layout === 0 ? cellOf() : '';
      const a = layout !== 0 ? cellOf() : '';
      keys.add([d, c, a, layout === 2 ? flags[next(flags.length)]! : ''].join(KEY_SEPARATOR));
    }
    const list = [...keys];
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    await conn.run(
      `CREATE TABLE keys AS ${amountPartsSql('(SELECT unnest($1) AS k)')}`,
      [listValue(list)],
      [LIST(VARCHAR)],
    );
    const readers = jsReader();
    const words = await amountWords(conn, 'keys', {}, readers);
    const rows = (await conn.runAndReadAll(plainAmountsSql('keys', {}, words))).getRowObjects();
    expect(rows).toHaveLength(list.length);
    const fast = expectReadAsParser(rows, readers);
    expect(fast).toBeGreaterThan(list.length / 8);
    // The shapes real statements write are read here; the ones whose reading needs the parser are not.
    const key = (a: string, f = '') => ['', '', a, f].join(KEY_SEPARATOR);
    const probe = async (k: string) => {
      await conn.run(`CREATE OR REPLACE TABLE one AS ${amountPartsSql('(SELECT $1 AS k)')}`, [k], [VARCHAR]);
      const w = await amountWords(conn, 'one', {}, readers);
      return (await conn.runAndReadAll(plainAmountsSql('one', {}, w))).getRowObjects()[0]!;
    };
    for (const [cell, flag, dir, amt, ccy] of [
      ['- 1 234,56 ₸', '', 'debit', '1234.56', 'KZT'],
      ['+ 10 000,00 ₸', '', 'credit', '10000.00', 'KZT'],
      ['$1,234.56', '', 'credit', '1234.56', 'USD'],
      ['-1.234.567,8 руб.', '', 'debit', '1234567.8', 'RUB'],
      ['500,00', 'D', 'debit', '500.00', null],
      ['-500,00', 'Кредит', 'credit', '500.00', null],
    ] as const) {
      const r = await probe(key(cell, flag));
      expect({ fast: r['fast'], dir: r['dir'], amt: r['amt'], ccy: r['ccy'] }, cell).toEqual({
        fast: true,
        dir,
        amt,
        ccy,
      });
    }
    for (const cell of ['1,234', '1,234 BTC', '7 млн', '(100)', '5,00-', 'Сумма 5', '12 34,5']) {
      expect((await probe(key(cell)))['fast'], cell).toBe(false);
    }
  });

  it('reads per row (rowAmountsSql) only what the parser reads the same way, with its direction, value and scale', async () => {
    const keys = [...new Set(shapes())];
    const readers = jsReader();
    for (const cells of [
      { debit: 'd', credit: 'c', amount: 'a', direction: 'f' },
      { amount: 'a' },
      { debit: 'd', credit: 'c' },
    ] as Array<Partial<Record<AmountRole, string>>>) {
      // Each layout's keys: the cells of roles it lacks are empty.
      const rows = (await readPerRow(keys, cells)).filter((row) =>
        (row['k'] as string)
          .split(KEY_SEPARATOR)
          .every(
            (cell, i) => cell === '' || (['debit', 'credit', 'amount', 'direction'] as const)[i]! in cells,
          ),
      );
      expect(expectReadPerRowAsParser(rows, readers), JSON.stringify(cells)).toBeGreaterThan(20);
      // Every plain number is read here, whichever group spaces it has (none is left to the look-up).
      const plain = /^-?[0-9]{1,3}([ \u00a0\u202f\u2009][0-9]{3})+(,[0-9]{1,2})?$/;
      const cellsOf = (row: Record<string, unknown>) => (row['k'] as string).split(KEY_SEPARATOR);
      const plainRows = rows.filter((row) =>
        cellsOf(row)
          .filter((c) => c !== '')
          .every((c) => plain.test(c)),
      );
      expect(plainRows.length, JSON.stringify(cells)).toBeGreaterThan(10);
      for (const row of plainRows)
        if (cellsOf(row).filter((c) => c !== '').length === 1)
          expect(row['a_ok'], row['k'] as string).toBe(true);
    }
  });

  it('reads per row the currencies the plan found in the head, as the parser does', async () => {
    const readers = jsReader();
    const affixes = [
      ['', '₸'],
      ['', 'KZT'],
      ['$', ''],
      ['', 'руб.'],
      // Pairs of which one holds the other: each must still be read whole.
      ['', 'USD'],
      ['', 'USDT'],
      ['', 'сом'],
      ['', 'сомонӣ'],
    ].flatMap(([prefix, suffix]) => {
      const r = readers.amountAffix(prefix!, suffix!);
      return r ? [{ prefix: prefix!, suffix: suffix!, currency: r.currency }] : [];
    });
    expect(affixes.map((a) => a.currency)).toEqual(['KZT', 'KZT', 'USD', 'RUB', 'USD', 'USDT', 'KGS', 'TJS']);
    const next = seeded(5);
    const signs = ['', '-', '+', '- ', '+ ', '−', '– ', '--', '(+)'];
    const numbers = [
      () => `${1 + next(999)} ${String(next(1000)).padStart(3, '0')},${String(next(100)).padStart(2, '0')}`,
      () => `${next(100000)}.${next(10)}`,
      () => `0${next(10)},00`,
      () => `${1 + next(9)},${String(next(1000)).padStart(3, '0')}.5`,
      () => `${next(1000)}.${String(next(1000)).padStart(3, '0')}`,
    ];
    const around = [
      (n: string) => `${n} ₸`,
      (n: string) => `${n}₸`,
      (n: string) => `${n}\u00a0KZT`,
      (n: string) => `$${n}`,
      (n: string) => `$ ${n}`,
      (n: string) => `${n} руб.`,
      (n: string) => `${n} тг`,
      (n: string) => `${n} USD`,
      (n: string) => `${n}USDT`,
      (n: string) => `${n} сом`,
      (n: string) => `${n} сомонӣ`,
      (n: string) => n,
    ];
    const keys = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const cell = `${signs[next(signs.length)]}${around[next(around.length)]!(numbers[next(numbers.length)]!())}`;
      const layout = next(3);
      keys.add(
        (layout === 0 ? [cell, '', '', ''] : layout === 1 ? ['', cell, '', ''] : ['', '', cell, '']).join(
          KEY_SEPARATOR,
        ),
      );
    }
    const rows = await readPerRow([...keys], { debit: 'd', credit: 'c', amount: 'a' }, affixes);
    expectReadPerRowAsParser(rows, readers);
    expect(rows.filter((r) => r['a_ok'] && r['a_ccy'] !== null).length).toBeGreaterThan(300);
    // Every cell of a sign, one of those currencies and a plain number is read here (none is left to the look-up).
    const number = '(?:[0-9]{1,3}(?: [0-9]{3})+|[0-9]+)(?:[.,][0-9]{1,2})?';
    const affixed = new RegExp(
      `^(?:[+\\-−–] ?)?(?:\\$ ?${number}|${number}(?: ?₸|\u00a0KZT| USD|USDT| сом| сомонӣ))$`,
    );
    const cellOf = (r: Record<string, unknown>) =>
      (r['k'] as string).split(KEY_SEPARATOR).find((c) => c !== '')!;
    const mustRead = rows.filter((r) => affixed.test(cellOf(r)));
    expect(mustRead.length).toBeGreaterThan(300);
    for (const r of mustRead) expect(r['a_ok'], cellOf(r)).toBe(true);
    // `руб.` holds a dot: left to the look-up (the number's characters are what is left of the cell).
    expect(rows.filter((r) => r['a_ok'] && (r['k'] as string).includes('руб.'))).toEqual([]);
  });
});
