import { AMOUNT_NUMBER_SHAPES } from '@dragnet/core/parsers/bank-table/bulk-bank-csv.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteLiteral as lit } from './table-codec.ts';
import { regexLiteral } from '@dragnet/core/text/regex-literal.ts';

/**
 * The bulk bank path's amount keys read in SQL (bank-bulk.ts, step 3). An amount key is the trimmed debit, credit,
 * amount and direction cells joined by KEY_SEPARATOR (bulk-bank-csv.ts `AMOUNT_ROLES`). Most keys hold numbers in
 * a few shapes, with a sign, a currency written before or after (`- 1 234,56 ₸`, `$1,234.56`, `-1234.5`) and a
 * direction word or none: those are read here exactly as `TableStatement.amountOf` reads them (`readAmount`'s
 * choice between the cells, the direction word, `amountOf` on each cell); every other key (`fast` false) is left
 * to the JS reader. A cell is split here into sign, prefix, number and suffix (`AMOUNT_PARTS`); the number must
 * have one of core's AMOUNT_NUMBER_SHAPES, and the prefix and suffix pair must be one the parser's reader was
 * seen to read apart from the number (`BankCsvValueReaders.amountAffix`, which gives its currency). The
 * direction words are the ones the parser's reader named (`flagDirection`). Reading the keys in SQL spares the
 * round trip of every distinct amount through JS and back (4 s for 900,000 distinct `- 1 234,56 ₸`).
 */

const SPACE = '[ \\x{a0}\\x{202f}\\x{2009}]';
/**
 * A currency written next to a number: a symbol or a word (`₸`, `тг`, `руб.`, `KZT`); anything but digits, spaces,
 * signs, separators and brackets, as the parser's reader is asked about each one (`amountAffix`). Not `\p{L}`:
 * RE2's Unicode classes cost five times as much here.
 */
const AFFIX = '[^0-9 \\x{a0}\\x{202f}\\x{2009}+\\-−–.,()]+\\.?';
/** The plainest cells (`-1 234,56`, `100`): split without the general pattern. */
const PLAIN = `-?${AMOUNT_NUMBER_SHAPES[0]}`;
/** The group spaces PLAIN allows (SPACE), as SQL: `replace`d out of a plain cell one by one. */
const PLAIN_SPACES = ["' '", 'chr(160)', 'chr(8239)', 'chr(8201)'];
/** A trimmed amount cell: sign, prefix, number (from a digit to a digit), suffix. */
const AMOUNT_PARTS = `^([+\\-−–]?)${SPACE}*(${AFFIX})?${SPACE}*([0-9](?:[0-9., \\x{a0}\\x{202f}\\x{2009}]*[0-9])?)${SPACE}*(${AFFIX})?$`;
const NUMBER = `^(?:${AMOUNT_NUMBER_SHAPES.join('|')})$`;
/** The store's 20 integer digits (DECIMAL(38,18)); longer amounts get the JS reader's quarantine reason. */
const MAX_INTEGER_DIGITS = 20;

/** The cells of an amount key, in key order (core bulk-bank-csv.ts `AMOUNT_ROLES`). */
export type AmountRole = 'debit' | 'credit' | 'amount' | 'direction';

/** What the parser's reader said of the affixes and direction words the keys have (`amountAffixesSql`). */
export interface AmountWords {
  /** Prefix and suffix pairs read apart from the number, with their currency (null: none). */
  affixes: ReadonlyArray<{ prefix: string; suffix: string; currency: string | null }>;
  /** Direction cells with the direction they name (null: the sign decides). */
  flags: ReadonlyArray<{ flag: string; direction: 'debit' | 'credit' | null }>;
}

const NAMES = ['d', 'c', 'a', 'f'] as const;
const ROLES: AmountRole[] = ['debit', 'credit', 'amount', 'direction'];

function cells(mapped: Partial<Record<AmountRole, boolean>>): { absent: Set<string>; select: string } {
  // A cell of a role the file does not map is empty in every key: written as the constant it is, so no regular
  // expression runs on it (a third of the cost per key when one column holds the amount).
  const absent = new Set<string>(NAMES.filter((_, i) => mapped[ROLES[i]!] === false));
  const select = NAMES.map((x, i) =>
    absent.has(x) ? `''::VARCHAR AS ${x}` : `split_part(k, chr(1), ${i + 1}) AS ${x}`,
  ).join(', ');
  return { absent, select };
}

/**
 * SQL over `source` (a table or subquery with a VARCHAR column `k` of distinct amount keys) giving each key's
 * cells (`d`, `c`, `a`, `f`) and the parts of its amount cells (`dM`, `cM`, `aM`: sign `s`, prefix `p`, number `n`,
 * suffix `u`; all empty when the cell has no such shape).
 */
export function amountPartsSql(source: string, mapped: Partial<Record<AmountRole, boolean>> = {}): string {
  const { absent, select } = cells(mapped);
  const split = (x: string) =>
    absent.has(x)
      ? []
      : [
          `CASE WHEN regexp_full_match(${x}, ${lit(PLAIN)})
             THEN {'s': CASE WHEN starts_with(${x}, '-') THEN '-' ELSE '' END, 'p': '', 'n': ltrim(${x}, '-'), 'u': ''}
             ELSE regexp_extract(${x}, ${lit(AMOUNT_PARTS)}, ['s', 'p', 'n', 'u']) END AS ${x}M`,
        ];
  return `SELECT *, ${['d', 'c', 'a'].flatMap(split).join(', ') || 'NULL AS none'} FROM (SELECT k, ${select} FROM ${source})`;
}

/**
 * SQL over an `amountPartsSql` table giving the distinct prefix and suffix pairs of its amount cells (`prefix`,
 * `suffix`, `n` how many keys have the pair), and the distinct direction cells (`flag`, `prefix` NULL).
 */
export function amountAffixesSql(parts: string, mapped: Partial<Record<AmountRole, boolean>> = {}): string {
  const { absent } = cells(mapped);
  const affixes = (['d', 'c', 'a'] as const)
    .filter((x) => !absent.has(x))
    .map((x) => `SELECT ${x}M AS m FROM ${parts} WHERE ${x}M.n <> ''`);
  const all = [
    ...(affixes.length === 0
      ? []
      : [
          `SELECT m.p AS prefix, m.u AS suffix, NULL AS flag, count(*) AS n FROM (${affixes.join(' UNION ALL ')}) GROUP BY ALL`,
        ]),
    ...(absent.has('f') ? [] : [`SELECT NULL, NULL, f, count(*) FROM ${parts} WHERE f <> '' GROUP BY ALL`]),
  ];
  return all.length === 0
    ? 'SELECT NULL AS prefix, NULL AS suffix, NULL AS flag, 0 AS n WHERE false'
    : all.join(' UNION ALL ');
}

/**
 * SQL over `parts` (an `amountPartsSql` table or subquery of distinct amount keys, KEY_SEPARATOR = chr(1)) giving
 * `k`, `fast` (the key is read here), and for fast keys `dir` ('credit' | 'debit'), `amt` (unsigned decimal
 * text as the JS reader gives it), `scale`, `zero` and `ccy` (the chosen cell's currency, or NULL). `mapped`: roles
 * the file has no column for (false) are empty in every key. `words`: the affixes and direction cells read here
 * (none: plain numbers with a sign, no direction cell).
 */
export function plainAmountsSql(
  parts: string,
  mapped: Partial<Record<AmountRole, boolean>> = {},
  words: AmountWords = { affixes: [{ prefix: '', suffix: '', currency: null }], flags: [] },
): string {
  const { absent } = cells(mapped);
  const pair = (p: string, u: string) => lit(`${p}\u0001${u}`);
  // Affix pairs as one CASE (a handful of constants; no join).
  const affixOk =
    words.affixes.length === 0
      ? 'false'
      : `(x.p || chr(1) || x.u) IN (${words.affixes.map((a) => pair(a.prefix, a.suffix)).join(', ')})`;
  const withCcy = words.affixes.filter((a) => a.currency !== null);
  const affixCcy =
    withCcy.length === 0
      ? 'NULL::VARCHAR'
      : `CASE x.p || chr(1) || x.u ${withCcy.map((a) => `WHEN ${pair(a.prefix, a.suffix)} THEN ${lit(a.currency!)}`).join(' ')} END`;
  // Per cell, in three steps: its parts (sign, prefix, number, suffix); the number's decimals; then plain (read
  // here), negative, integer digits (groups and leading zeros dropped, '0' at least) and currency.
  const decimals = (x: string) =>
    absent.has(x) ? [] : [`regexp_extract(${x}M.n, '[.,]([0-9]{1,2})$', 1) AS ${x}F`];
  const cellParts = (x: string) => {
    if (absent.has(x))
      return [`true AS ${x}P`, `false AS ${x}Neg`, `'0' AS ${x}I`, `'' AS ${x}F`, `NULL::VARCHAR AS ${x}C`];
    const m = `${x}M`;
    const on = (e: string) => e.replaceAll('x.', `${m}.`);
    const integer = `left(${m}.n, length(${m}.n) - CASE WHEN ${x}F = '' THEN 0 ELSE length(${x}F) + 1 END)`;
    return [
      `${x} = '' OR (${m}.n <> '' AND ${on(affixOk)} AND regexp_full_match(${m}.n, ${lit(NUMBER)})) AS ${x}P`,
      `${m}.s IN ('-', '−', '–') AS ${x}Neg`,
      `coalesce(nullif(ltrim(regexp_replace(${integer}, '[^0-9]', '', 'g'), '0'), ''), '0') AS ${x}I`,
      `${on(affixCcy)} AS ${x}C`,
    ];
  };
  // A cell is set when it is plain, filled and not zero.
  const nz = (x: string) => (absent.has(x) ? 'false' : `regexp_matches(${x}I || ${x}F, '[1-9]')`);
  const set = (x: string) => (absent.has(x) ? 'false' : `(${x} <> '' AND ${x}P AND ${nz(x)})`);
  const value = (x: string) => `${x}I || CASE WHEN ${x}F <> '' THEN '.' || ${x}F ELSE '' END`;
  const dSet = set('d');
  const cSet = set('c');
  // The direction cell: a word the parser's reader named, or none; an unknown one leaves the key to the parser.
  const named = words.flags.filter((f) => f.direction !== null);
  const flagOk = `f = ''${words.flags.length === 0 ? '' : ` OR f IN (${words.flags.map((f) => lit(f.flag)).join(', ')})`}`;
  const flagDir =
    named.length === 0
      ? 'NULL::VARCHAR'
      : `CASE f ${named.map((f) => `WHEN ${lit(f.flag)} THEN ${lit(f.direction!)}`).join(' ')} END`;
  // readAmount: a non-zero debit, else a non-zero credit, else the amount cell by the direction word or its sign (a
  // minus on a zero is dropped), else a zero debit or credit (amount '0').
  return `SELECT k,
      (${flagOk}) AND dP AND cP AND aP AND (d <> '' OR c <> '' OR a <> '')
        AND NOT (${dSet} AND ${cSet})
        AND length(dI) <= ${MAX_INTEGER_DIGITS} AND length(cI) <= ${MAX_INTEGER_DIGITS} AND length(aI) <= ${MAX_INTEGER_DIGITS} AS fast,
      CASE WHEN ${dSet} THEN 'debit' WHEN ${cSet} THEN 'credit'
        WHEN a <> '' THEN coalesce(${flagDir}, CASE WHEN aNeg AND ${nz('a')} THEN 'debit' ELSE 'credit' END)
        WHEN d <> '' THEN 'debit' ELSE 'credit' END AS dir,
      CASE WHEN ${dSet} THEN ${value('d')} WHEN ${cSet} THEN ${value('c')} WHEN a <> '' THEN ${value('a')} ELSE '0' END AS amt,
      CASE WHEN ${dSet} THEN length(dF) WHEN ${cSet} THEN length(cF) WHEN a <> '' THEN length(aF) ELSE 0 END::INTEGER AS scale,
      CASE WHEN ${dSet} OR ${cSet} THEN false WHEN a <> '' THEN NOT ${nz('a')} ELSE true END AS zero,
      CASE WHEN ${dSet} THEN dC WHEN ${cSet} THEN cC WHEN a <> '' THEN aC END AS ccy
    FROM (
      SELECT *, ${['d', 'c', 'a'].flatMap(cellParts).join(', ')} FROM (
        SELECT *, ${['d', 'c', 'a'].flatMap(decimals).join(', ')} FROM ${parts}))`;
}

/** Affix pairs checked in JS at most (by how many keys have them); keys with others go to the JS reader. */
const MAX_AFFIXES = 64;
/** Direction cells looked up in JS at most; keys with others go to the JS reader. */
const MAX_FLAGS = 256;

/**
 * The affixes and direction cells of the amount keys in `parts` (an `amountPartsSql` table) that the parser's
 * reader reads as SQL does (`AmountWords` for `plainAmountsSql`).
 */
export async function amountWords(
  conn: DuckDBConnection,
  parts: string,
  mapped: Partial<Record<AmountRole, boolean>>,
  readers: {
    amountAffix(prefix: string, suffix: string): { currency: string | null } | undefined;
    flagDirection(flag: string): 'debit' | 'credit' | null;
  },
): Promise<AmountWords> {
  const rows = (
    await conn.runAndReadAll(`${amountAffixesSql(parts, mapped)} ORDER BY n DESC, prefix, suffix, flag`)
  ).getRows();
  const affixes: Array<AmountWords['affixes'][number]> = [];
  const flags: Array<AmountWords['flags'][number]> = [];
  for (const [prefix, suffix, flag] of rows) {
    if (flag !== null) {
      if (flags.length < MAX_FLAGS)
        flags.push({ flag: flag as string, direction: readers.flagDirection(flag as string) });
      continue;
    }
    if (affixes.length >= MAX_AFFIXES) continue;
    const r = readers.amountAffix(prefix as string, suffix as string);
    if (r) affixes.push({ prefix: prefix as string, suffix: suffix as string, currency: r.currency });
  }
  return { affixes, flags };
}

/**
 * The plainest amount cells read per row where the lines are read (bank-bulk-lines.ts), so that most rows need
 * neither the distinct amount keys nor their look-up: every amount cell empty or a number of the first of
 * AMOUNT_NUMBER_SHAPES (`1 234,56`, `1234.5`, `100`) with a minus or none, or with a sign and one of `affixes`
 * (the plan's `amountAffixes`, which the parser's reader was seen to read apart from the number: `- 1 234,56 ₸`),
 * and no direction cell; read as `plainAmountsSql` reads such a key. `cells`: the SQL of each mapped role's trimmed
 * cell. Each list goes in a SELECT over the one before: `parts` over the cells, then `values` (each cell's DECIMAL),
 * then `ok` (`a_ok`: the row is read here), then `columns` (NULL unless `a_ok`): `a_debit`, `a_dec` (the unsigned
 * value, DECIMAL(18,2); zero exactly when the parser's `zero`), `a_scale`, `a_ccy` (the chosen cell's currency, or NULL).
 */
export function rowAmountsSql(
  cells: Partial<Record<AmountRole, string>>,
  affixes: ReadonlyArray<{ prefix: string; suffix: string; currency: string | null }> = [],
): {
  parts: string[];
  numbers: string[];
  values: string[];
  ok: string;
  columns: string[];
} {
  const names: Array<[AmountRole, string]> = [
    ['debit', 'd'],
    ['credit', 'c'],
    ['amount', 'a'],
  ];
  const present = names.filter(([role]) => cells[role] !== undefined);
  // Affixes the pattern below can read: no digit, '.' or ',' in them (the number's characters are what is left of
  // the cell without every other character).
  const usable = affixes.filter((a) => !/[\d.,]/.test(a.prefix + a.suffix) && a.prefix + a.suffix !== '');
  const number = AMOUNT_NUMBER_SHAPES[0]!;
  const affixed = usable.map(
    (a) =>
      `^[+\\-−–]?${SPACE}*${regexLiteral(a.prefix)}${SPACE}*(?:${number})${SPACE}*${regexLiteral(a.suffix)}$`,
  );
  // Every affix string of the pairs, longest first. A cell of a known shape is a sign, spaces, digits, a decimal mark
  // and its own pair's strings, and another pair's string can only sit inside one of those (the characters next to
  // them are none an affix holds): taken out longest first, each of its own goes whole, and a shorter one inside it
  // with it. So one expression reads every shape, with no CASE on the shape (which costs more than the removals).
  const strings = [...new Set(usable.flatMap((a) => [a.prefix, a.suffix]).filter((t) => t !== ''))].sort(
    (a, b) => b.length - a.length,
  );
  // Per cell: its shape (`K`: 0 plain, i + 1 the i-th affix pair, NULL neither) and the cell without the affix
  // strings (`R`); then, in the next SELECT, its digits with a '.' (`N`).
  const parts = present.flatMap(([role, x]) => {
    const v = cells[role]!;
    const shape = `CASE WHEN regexp_full_match(${v}, ${lit(PLAIN)}) THEN 0${affixed.map((re, i) => ` WHEN regexp_full_match(${v}, ${lit(re)}) THEN ${i + 1}`).join('')} END`;
    const bare = strings.reduce((t, a) => `replace(${t}, ${lit(a)}, '')`, v);
    return [`${v} AS a_${x}`, `${shape} AS a_${x}K`, ...(strings.length > 0 ? [`${bare} AS a_${x}R`] : [])];
  });
  // Then the group spaces it has are taken out (each looked for first: \`replace\` copies the text even when nothing is
  // there; a regular expression keeping the number's characters costs twice the four looks), and the sign: a plain
  // cell keeps its ASCII one (the value is \`abs\`'d below), an affixed one may have \`+\` or a dash.
  const numbers = present.map(([, x]) => {
    const t = strings.length > 0 ? `a_${x}R` : `a_${x}`;
    const spaced = PLAIN_SPACES.reduce(
      (u, c) => `CASE WHEN contains(${u}, ${c}) THEN replace(${u}, ${c}, '') ELSE ${u} END`,
      t,
    );
    return `replace(${strings.length > 0 ? `ltrim(${spaced}, '+-−–')` : spaced}, ',', '.') AS a_${x}N`;
  });
  const has = (x: string) => present.some(([, y]) => y === x);
  // As DECIMAL(18,2): a BIGINT inside, half the bytes of the store's DECIMAL(38,18), and DuckDB casts text to a
  // DECIMAL held in a HUGEINT at 4 s per million. Beyond its 16 integer digits the value is NULL: the row's key is
  // looked up (`plainAmountsSql`, the JS reader past the store's 20 digits).
  const values = present.map(
    ([, x]) => `CASE WHEN a_${x}K IS NOT NULL THEN abs(TRY_CAST(a_${x}N AS DECIMAL(18,2))) END AS a_${x}V`,
  );
  // Set: filled and not zero (a column of the `ok` SELECT for the debit and credit cells).
  const setOf = (x: string) => `coalesce(a_${x}V <> 0, false)`;
  const set = (x: string) => (has(x) ? `a_${x}S` : 'false');
  const conditions = [
    ...(cells.direction === undefined ? [] : [`${cells.direction} = ''`]),
    ...present.map(([, x]) => `(a_${x} = '' OR a_${x}V IS NOT NULL)`),
    present.length === 0 ? 'false' : `(${present.map(([, x]) => `a_${x} <> ''`).join(' OR ')})`,
    `NOT (${has('d') ? setOf('d') : 'false'} AND ${has('c') ? setOf('c') : 'false'})`,
  ];
  const sets = present.filter(([, x]) => x !== 'a').map(([, x]) => `${setOf(x)} AS a_${x}S`);
  const a = has('a');
  const when = (d: string, c: string, amount: string, rest: string) =>
    `CASE${has('d') ? ` WHEN ${set('d')} THEN ${d}` : ''}${has('c') ? ` WHEN ${set('c')} THEN ${c}` : ''}${a ? ` WHEN a_a <> '' THEN ${amount}` : ''} WHEN true THEN ${rest} END`;
  const scale = (x: string) =>
    `CASE WHEN contains(a_${x}N, '.') THEN length(a_${x}N) - strpos(a_${x}N, '.') ELSE 0 END`;
  const negative = `(starts_with(a_a, '-') OR starts_with(a_a, '−') OR starts_with(a_a, '–'))`;
  const currencies = usable.flatMap((u, i) =>
    u.currency === null ? [] : [`WHEN ${i + 1} THEN ${lit(u.currency)}`],
  );
  const currency = (x: string) => `CASE a_${x}K ${currencies.join(' ')} END`;
  const columns = [
    `CASE WHEN a_ok THEN ${when('true', 'false', `${negative} AND a_aV <> 0`, has('d') ? "a_d <> ''" : 'false')} END AS a_debit`,
    `CASE WHEN a_ok THEN ${when('a_dV', 'a_cV', 'a_aV', '0::DECIMAL(18,2)')} END AS a_dec`,
    `CASE WHEN a_ok THEN ${when(scale('d'), scale('c'), scale('a'), '0')}::INTEGER END AS a_scale`,
    currencies.length > 0
      ? `CASE WHEN a_ok THEN ${when(currency('d'), currency('c'), currency('a'), 'NULL::VARCHAR')} END AS a_ccy`
      : 'NULL::VARCHAR AS a_ccy',
  ];
  return { parts, numbers, values, ok: [...sets, `${conditions.join(' AND ')} AS a_ok`].join(', '), columns };
}
