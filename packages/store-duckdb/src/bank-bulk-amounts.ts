/**
 * The bulk bank path's amount keys read in SQL (bank-bulk.ts, step 3). An amount key is the trimmed debit, credit,
 * amount and direction cells joined by KEY_SEPARATOR (bulk-bank-csv.ts `AMOUNT_ROLES`). Most keys hold plain
 * decimals only (`-1 234,56`, `1234.5`, `100`) and no direction word: those are read here exactly as
 * `TableStatement.amountOf` reads them (its `PLAIN_AMOUNT` branch and `readAmount`'s choice between the cells);
 * every other key (`fast` false) is left to the JS reader. Reading the plain keys in SQL spares the round trip of
 * every distinct amount through JS and back (half a second for 100,000 distinct amounts).
 */

/** `PLAIN_AMOUNT` of table-statement.ts: a sign, digits grouped in threes by spaces or not at all, 1–2 decimals. */
const PLAIN = '-?([0-9]{1,3}([ \u00a0\u202f\u2009][0-9]{3})+|[0-9]+)([.,][0-9]{1,2})?';
const GROUP_SPACE = '[ \u00a0\u202f\u2009]';
/** The store's 20 integer digits (DECIMAL(38,18)); longer amounts get the JS reader's quarantine reason. */
const MAX_INTEGER_DIGITS = 20;

/** The cells of an amount key, in key order (core bulk-bank-csv.ts `AMOUNT_ROLES`). */
export type AmountRole = 'debit' | 'credit' | 'amount' | 'direction';

/**
 * SQL over `source` (a table or subquery with a VARCHAR column `k` of distinct amount keys, KEY_SEPARATOR = chr(1))
 * giving `k`, `fast` (the key is read here), and for fast keys `dir` ('credit' | 'debit'), `amt` (unsigned decimal
 * text as the JS reader gives it), `scale`, `zero`. `mapped`: roles the file has no column for (false) are empty in
 * every key.
 */
export function plainAmountsSql(source: string, mapped: Partial<Record<AmountRole, boolean>> = {}): string {
  // A cell of a role the file does not map is empty in every key: its parts are written as the constants they
  // are (not plain, not negative, integer '0', no decimals, zero), so no regular expression runs on it (a third
  // of the cost per key when one column holds the amount).
  const roles: AmountRole[] = ['debit', 'credit', 'amount', 'direction'];
  const names = ['d', 'c', 'a', 'f'];
  const absent = new Set(names.filter((_, i) => mapped[roles[i]!] === false));
  const cell = (x: string, i: number) =>
    absent.has(x) ? `''::VARCHAR AS ${x}` : `split_part(k, chr(1), ${i + 1}) AS ${x}`;
  // Per cell: plain, negative, integer digits (groups and leading zeros dropped, '0' at least), decimals,
  // non-zero, and the unsigned value.
  const parts = (x: string) =>
    absent.has(x)
      ? [`false AS ${x}P`, `false AS ${x}Neg`, `'0' AS ${x}I`, `'' AS ${x}F`]
      : [
          `regexp_full_match(${x}, '${PLAIN}') AS ${x}P`,
          `starts_with(${x}, '-') AS ${x}Neg`,
          `coalesce(nullif(ltrim(regexp_replace(regexp_extract(${x}, '^-?([^.,]*)', 1), '${GROUP_SPACE}', '', 'g'), '0'), ''), '0') AS ${x}I`,
          `regexp_extract(${x}, '[.,]([0-9]{1,2})$', 1) AS ${x}F`,
        ];
  const nz = (x: string) => (absent.has(x) ? 'false' : `regexp_matches(${x}I || ${x}F, '[1-9]')`);
  const value = (x: string) => `${x}I || CASE WHEN ${x}F <> '' THEN '.' || ${x}F ELSE '' END`;
  // readAmount: a non-zero debit, else a non-zero credit, else the amount cell by its sign (a minus on a zero is
  // dropped), else a zero debit or credit (amount '0').
  const set = (x: string) => (absent.has(x) ? 'false' : `(${x}P AND ${nz(x)})`);
  const dSet = set('d');
  const cSet = set('c');
  return `SELECT k,
      f = '' AND (d = '' OR dP) AND (c = '' OR cP) AND (a = '' OR aP) AND (d <> '' OR c <> '' OR a <> '')
        AND NOT (${dSet} AND ${cSet})
        AND length(dI) <= ${MAX_INTEGER_DIGITS} AND length(cI) <= ${MAX_INTEGER_DIGITS} AND length(aI) <= ${MAX_INTEGER_DIGITS} AS fast,
      CASE WHEN ${dSet} THEN 'debit' WHEN ${cSet} THEN 'credit'
        WHEN aP THEN CASE WHEN aNeg AND ${nz('a')} THEN 'debit' ELSE 'credit' END
        WHEN dP THEN 'debit' ELSE 'credit' END AS dir,
      CASE WHEN ${dSet} THEN ${value('d')} WHEN ${cSet} THEN ${value('c')} WHEN aP THEN ${value('a')} ELSE '0' END AS amt,
      CASE WHEN ${dSet} THEN length(dF) WHEN ${cSet} THEN length(cF) WHEN aP THEN length(aF) ELSE 0 END::INTEGER AS scale,
      CASE WHEN ${dSet} OR ${cSet} THEN false WHEN aP THEN NOT ${nz('a')} ELSE true END AS zero
    FROM (
      SELECT *, ${['d', 'c', 'a'].flatMap(parts).join(', ')} FROM (
        SELECT k, ${names.map(cell).join(', ')} FROM ${source}))`;
}
