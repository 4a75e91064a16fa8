import type { IssueRow } from '@dragnet/core';
import {
  type BulkLoad,
  isError,
  type TransferCsvColumn,
  TransferValueReaders,
  type TransfersBulkPlan,
} from '@dragnet/core/parsers/canonical-csv/bulk-transfers.ts';
import { isStoreDecimal } from '@dragnet/core/store/normalize-row.ts';
import { JS_TRIM_SPACES } from '@dragnet/core/text/js-trim.ts';
import { type DuckDBConnection, type DuckDBValue, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { limitMemory } from './memory-limit.ts';
import { quoteLiteral as lit } from './table-codec.ts';

/**
 * The bulk path for a plain canonical transfers.csv (see core's canonical-csv/bulk-transfers.ts): DuckDB
 * reads the evidence copy twice, inside the ingest transaction.
 * 1. One aggregate pass collects the distinct values JS must read (accounts, currencies, channels) and the
 *    cells not in their simplest form (timestamps other than `YYYY-MM-DDTHH:MM:SS[.sss]` with `Z` or
 *    `±HH:MM`, amounts other than plain digits); rows with the wrong number of fields end the bulk path
 *    (`fallback`) before anything is stored. Free text is trimmed in SQL with JS `trim`'s character set.
 * 2. JS reads each of those values once with the streaming parser's own readers; the results go back as
 *    small mapping tables.
 * 3. One INSERT … SELECT maps them back (unchanged values cost nothing, a few others are CASE literals,
 *    many a joined table plus a sort by row number) with row numbers from `row_number() OVER ()`, which
 *    follows file order; when any row failed, one more pass writes the quarantine issues with the same
 *    reasons, `row:N` locators and raw lines (rebuilt from the fields: the file has no quotes).
 * The simple forms are cast in SQL exactly as the JS readers would read them; everything else is read in
 * JS, so the readers stay the single source of truth.
 */

/**
 * Timestamps whose instant DuckDB's cast finds exactly as the JS reader does: `T`, seconds, no or exactly
 * three fractional digits (JS keeps milliseconds only), `Z` or a `±HH:MM` offset of at most 14 hours.
 */
const SIMPLE_TIMESTAMP =
  '[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{3})?(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])';
/** Plain amounts that fit DECIMAL(38,18), and those that fit DECIMAL(18,6) (a much cheaper cast). */
const SIMPLE_AMOUNT = '[0-9]{1,20}(\\.[0-9]{1,18})?';
const SMALL_AMOUNT = '[0-9]{1,12}(\\.[0-9]{1,6})?';
const SMALL_AMOUNT_RE = /^[0-9]{1,12}(\.[0-9]{1,6})?$/;
/** What JS `String.prototype.trim` removes (none of it can be a CR or LF here), as an RE2 class. */
const JS_SPACE = `[${[...JS_TRIM_SPACES].map((c) => `\\x{${c.codePointAt(0)!.toString(16)}}`).join('')}]`;
/** Values outside the simple forms read in JS before the file goes to the streaming parser instead. */
const MAX_JS_VALUES = 1_000_000;

const TEXT_COLUMNS = ['tx_id', 'from_holder', 'to_holder', 'reference'] as const;

function hugeDecimal(ref: string): string {
  return `(split_part(${ref}, '.', 1)::HUGEINT::DECIMAL(38,18) + ('0.' || split_part(${ref}, '.', 2))::DECIMAL(18,18))`;
}

/** A distinct raw value and what the JS reader made of it. */
interface Entry {
  raw: string;
  val: string | null;
  err: string | null;
}

/** Values that differ from their raw text up to which a column is mapped by CASE instead of a join. */
const CASE_LIMIT = 32;

let sequence = 0;

/**
 * Loads the plain transfers.csv at `path` into the transaction open on `conn`. The first pass runs on
 * `scan`, a connection of its own: a file DuckDB's reader cannot read at all (a line beyond its limits)
 * then only means `fallback`, while an error on `conn` would abort the ingest transaction.
 */
export async function bulkLoadTransfers(
  conn: DuckDBConnection,
  scan: DuckDBConnection,
  path: string,
  plan: TransfersBulkPlan,
  issueCap: number,
): Promise<BulkLoad> {
  const tag = `dragnet_bulk_${process.pid}_${sequence++}`;
  const col = (c: TransferCsvColumn): string | undefined =>
    plan.index[c] >= 0 ? `c${plan.index[c]}` : undefined;
  const columns = Array.from({ length: plan.width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const source = (rejects: boolean) =>
    `read_csv(${lit(path)}, columns = {${columns}}, header = false, skip = 1, auto_detect = false, ` +
    `delim = ',', quote = '"', escape = '"', new_line = '\\n', all_varchar = true` +
    (rejects ? `, store_rejects = true, rejects_table = '${tag}_rej', rejects_scan = '${tag}_scan')` : ')');
  const temps: string[] = [];
  let restoreLimit = async (): Promise<void> => undefined;
  try {
    const ts = col('timestamp')!;
    const amount = col('amount')!;
    const currency = col('currency')!;
    const from = col('from_account')!;
    const to = col('to_account')!;
    const channel = col('channel');
    const edge = (c: string) => `regexp_matches(${c}, '^${JS_SPACE}|${JS_SPACE}$')`;
    const texts = TEXT_COLUMNS.flatMap((name) => {
      const c = col(name);
      return c ? [{ name, c }] : [];
    });
    const aggregates = [
      'count(*)',
      `list(DISTINCT ${from}) FILTER (WHERE ${from} IS NOT NULL)`,
      `list(DISTINCT ${to}) FILTER (WHERE ${to} IS NOT NULL)`,
      `list(DISTINCT coalesce(${currency}, ''))`,
      channel ? `list(DISTINCT coalesce(${channel}, ''))` : 'NULL',
      `list(DISTINCT coalesce(${ts}, '')) FILTER (WHERE NOT coalesce(regexp_full_match(${ts}, '${SIMPLE_TIMESTAMP}') AND try_cast(${ts} AS TIMESTAMPTZ) IS NOT NULL, false))`,
      `list(DISTINCT coalesce(${amount}, '')) FILTER (WHERE NOT coalesce(regexp_full_match(${amount}, '${SIMPLE_AMOUNT}'), false))`,
      `count(*) FILTER (WHERE ${from} IS NULL AND ${to} IS NULL)`,
      `count(*) FILTER (WHERE regexp_full_match(${amount}, '${SIMPLE_AMOUNT}') AND NOT regexp_full_match(${amount}, '${SMALL_AMOUNT}'))`,
      ...texts.map((t) => `coalesce(bool_or(${edge(t.c)}), false)`),
    ];
    let first: DuckDBValue[];
    try {
      first = (
        await scan.runAndReadAll(`SELECT ${aggregates.join(', ')} FROM ${source(true)}`)
      ).getRows()[0]!;
      const rejected = Number(
        (await scan.runAndReadAll(`SELECT count(*) FROM ${tag}_rej`)).getRows()[0]![0] as bigint,
      );
      if (rejected > 0)
        return { fallback: `${rejected} rows the CSV reader refused (field count, encoding)` };
    } catch (err) {
      return { fallback: `the CSV reader failed: ${(err as Error).message}` };
    }
    // A header without rows gets the streaming parser's warning.
    if (Number(first[0] as bigint) === 0) return { fallback: 'no rows' };

    const list = (v: DuckDBValue): string[] =>
      v === null
        ? []
        : ((v as unknown as { items: (string | null)[] }).items.filter((x) => x !== null) as string[]);
    // Each mapped column becomes a value and a reason expression. Values JS leaves as they are cost
    // nothing; a few others become CASE literals; only many go through a joined table, and joins do not
    // keep file order, so then the INSERT sorts by row number.
    const joins: string[] = [];
    let sorted = false;
    let anyBad = false;
    const lookup = async (
      name: string,
      key: string,
      entries: Entry[],
    ): Promise<{ val: string; err: string }> => {
      const special = entries.filter((e) => e.err !== null || e.val !== e.raw);
      if (special.some((e) => e.err !== null)) anyBad = true;
      if (special.length === 0) return { val: key, err: 'NULL' };
      const value = (e: Entry) => (e.val === null ? 'NULL' : lit(e.val));
      if (special.length <= CASE_LIMIT) {
        const errs = special.filter((e) => e.err !== null);
        return {
          val: `CASE ${key} ${special.map((e) => `WHEN ${lit(e.raw)} THEN ${value(e)}`).join(' ')} ELSE ${key} END`,
          err: errs.length
            ? `CASE ${key} ${errs.map((e) => `WHEN ${lit(e.raw)} THEN ${lit(e.err!)}`).join(' ')} END`
            : 'NULL',
        };
      }
      const table = `${tag}_${name}`;
      temps.push(table);
      await conn.run(
        `CREATE TEMP TABLE ${table} AS SELECT unnest($1) AS raw, unnest($2) AS val, unnest($3) AS err`,
        [
          listValue(special.map((e) => e.raw)),
          listValue(special.map((e) => e.val)),
          listValue(special.map((e) => e.err)),
        ],
        [LIST(VARCHAR), LIST(VARCHAR), LIST(VARCHAR)],
      );
      joins.push(`LEFT JOIN ${table} ${name} ON ${name}.raw = ${key}`);
      sorted = true;
      return {
        val: `CASE WHEN ${name}.raw IS NOT NULL THEN ${name}.val ELSE ${key} END`,
        err: `${name}.err`,
      };
    };
    const read = (values: string[], reader: (raw: string) => string | { error: string }): Entry[] =>
      values.map((raw) => {
        const v = reader(raw);
        return isError(v) ? { raw, val: null, err: v.error } : { raw, val: v, err: null };
      });

    const jsValues = list(first[5]!).length + list(first[6]!).length;
    if (jsValues > MAX_JS_VALUES) {
      return { fallback: `${jsValues} timestamps and amounts outside the simple forms` };
    }
    const readers = new TransferValueReaders();
    const fromAcc = await lookup(
      'fa',
      `s.${from}`,
      read(list(first[1]!), (r) => readers.account(r, 'from_account')),
    );
    const toAcc = await lookup(
      'ta',
      `s.${to}`,
      read(list(first[2]!), (r) => readers.account(r, 'to_account')),
    );
    const cur = await lookup(
      'cu',
      `coalesce(s.${currency}, '')`,
      read(list(first[3]!), (r) => readers.currency(r)),
    );
    const chan = channel
      ? await lookup(
          'ch',
          `coalesce(s.${channel}, '')`,
          read(list(first[4]!), (r) => readers.channel(r)),
        )
      : { val: `'other'`, err: 'NULL' };
    const time = await lookup(
      'tm',
      `coalesce(s.${ts}, '')`,
      read(list(first[5]!), (r) => readers.timestamp(r)),
    );
    const amountEntries = read(list(first[6]!), (r) => readers.amount(r));
    for (const e of amountEntries) {
      if (e.val !== null && !isStoreDecimal(e.val)) {
        throw new Error(
          `amount ${JSON.stringify(e.val)}: not a decimal the store takes (at most 18 decimals)`,
        );
      }
    }
    const amt = await lookup('am', `coalesce(s.${amount}, '')`, amountEntries);
    const bothEmpty = Number(first[7] as bigint);
    if (bothEmpty > 0) anyBad = true;

    // Free text as JS `trim()` leaves it (empty → NULL); only columns with padded cells pay for it.
    const textValue = new Map<string, string>();
    texts.forEach((t, k) => {
      const c = `s.${t.c}`;
      textValue.set(
        t.name,
        first[9 + k] === true
          ? `CASE WHEN ${edge(c)} THEN nullif(regexp_replace(${c}, '^${JS_SPACE}+|${JS_SPACE}+$', '', 'g'), '') ELSE ${c} END`
          : c,
      );
    });
    // The first failing reason per row, in the order TRANSFERS.build checks.
    const reasons = [
      time.err,
      amt.err,
      cur.err,
      fromAcc.err,
      toAcc.err,
      `CASE WHEN s.${from} IS NULL AND s.${to} IS NULL THEN 'both from_account and to_account are empty' END`,
      chan.err,
    ].filter((r) => r !== 'NULL');
    const err = `coalesce(${reasons.join(', ')})`;
    const line = '(q.rn + 1)';
    // Each mapped or trimmed value is computed once, in the inner query, and used by name below.
    const txId = textValue.has('tx_id') ? 'q.t_tx' : undefined;
    const utf16Long = (v: string) =>
      `CASE WHEN ${v} IS NULL THEN false WHEN length(${v}) >= 8 THEN true WHEN strlen(${v}) = length(${v}) THEN false ` +
      `ELSE length(${v}) + length(regexp_replace(${v}, '[^\\x{10000}-\\x{10FFFF}]', '', 'g')) >= 8 END`;
    const id = txId
      ? `CASE WHEN ${utf16Long(txId)} THEN ${txId} ELSE ${lit(`${plan.evidenceShort}:row:`)} || ${line} END`
      : `${lit(`${plan.evidenceShort}:row:`)} || ${line}`;
    const timestamp = 'try_cast(q.v_ts AS TIMESTAMPTZ)';
    // Simple amounts and JS-read ones are both plain digits here; the cheap cast when they fit it.
    // The cheap cast alone when every amount fits it (the usual file), else chosen per row.
    const allSmall =
      Number(first[8] as bigint) === 0 &&
      amountEntries.every((e) => e.val === null || SMALL_AMOUNT_RE.test(e.val));
    const amountValue = allSmall
      ? 'q.v_amt::DECIMAL(18,6)::DECIMAL(38,18)'
      : `CASE WHEN regexp_full_match(q.v_amt, '${SMALL_AMOUNT}') THEN q.v_amt::DECIMAL(18,6)::DECIMAL(38,18) ELSE ${hugeDecimal('q.v_amt')} END`;
    const props =
      plan.extras.length === 0
        ? 'NULL'
        : `CAST(nullif('{' || concat_ws(',', ${plan.extras
            .map(
              (x) =>
                `CASE WHEN s.c${x.index} IS NOT NULL THEN ${lit(JSON.stringify(x.name))} || ':' || to_json(s.c${x.index}) END`,
            )
            .join(', ')}) || '}', '{}') AS JSON)`;
    const from_ = `(SELECT row_number() OVER () AS rn, * FROM ${source(false)}) s ${joins.join(' ')}`;
    const inner = (withRaw: boolean) =>
      `(SELECT s.rn, ${err} AS v_err, ${time.val} AS v_ts, ${amt.val} AS v_amt, ${cur.val} AS v_cur,
         ${fromAcc.val} AS v_from, ${toAcc.val} AS v_to, ${chan.val} AS v_chan,
         ${textValue.get('tx_id') ?? 'NULL'} AS t_tx, ${textValue.get('from_holder') ?? 'NULL'} AS t_fh,
         ${textValue.get('to_holder') ?? 'NULL'} AS t_th, ${textValue.get('reference') ?? 'NULL'} AS t_ref,
         ${withRaw ? 'NULL' : props} AS v_props,
         ${withRaw ? Array.from({ length: plan.width }, (_, i) => `coalesce(s.c${i}, '')`).join(` || ',' || `) : 'NULL'} AS raw
       FROM ${from_}) q`;
    // DuckDB keeps the blocks it writes cached up to its memory limit (80% of RAM by default): for a big
    // file that is most of the process's memory. The transaction's blocks are on disk already (or spill
    // there), so a lower limit while loading costs little and keeps the ingest's peak RSS bounded.
    restoreLimit = await limitMemory(conn, `${LOAD_MEMORY_LIMIT}B`, { onlyLower: true });
    const inserted = await conn.run(
      `INSERT INTO transfers (id, tx_id, "timestamp", amount, currency, from_account, to_account, from_holder, to_holder, channel, reference, props, evidence_id, locator)
       SELECT ${id}, ${txId ?? 'NULL'}, ${timestamp}, ${amountValue}, q.v_cur, q.v_from, q.v_to,
         q.t_fh, q.t_th, q.v_chan, q.t_ref, q.v_props, ${lit(plan.evidenceId)}, 'row:' || ${line}
       FROM ${inner(false)} WHERE q.v_err IS NULL${sorted ? ' ORDER BY q.rn' : ''}`,
    );
    const accepted = Number(inserted.rowsChanged);
    let quarantined = 0;
    const issues: IssueRow[] = [];
    if (anyBad) {
      const bad = await conn.run(
        `INSERT INTO issues (evidence_id, locator, severity, reason, raw)
         SELECT ${lit(plan.evidenceId)}, 'row:' || ${line}, 'quarantine', q.v_err, q.raw
         FROM ${inner(true)} WHERE q.v_err IS NOT NULL ORDER BY q.rn`,
      );
      quarantined = Number(bad.rowsChanged);
      if (issueCap > 0) {
        const rows = await conn.runAndReadAll(
          `SELECT locator, reason, raw FROM issues WHERE evidence_id = ${lit(plan.evidenceId)}
           ORDER BY CAST(substr(locator, 5) AS BIGINT) LIMIT ${Math.floor(issueCap)}`,
        );
        for (const r of rows.getRows()) {
          issues.push({
            evidenceId: plan.evidenceId,
            locator: r[0] as string,
            severity: 'quarantine',
            reason: r[1] as string,
            raw: r[2] as string,
          });
        }
      }
    }
    return { accepted, quarantined, issues };
  } finally {
    for (const t of temps) await conn.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
    await restoreLimit();
  }
}

/** DuckDB's memory limit while a bulk load runs. */
const LOAD_MEMORY_LIMIT = 1024 * 1024 * 1024;

/** `18.8 GiB`, `1.0 GB`, `512.0 MiB` (duckdb_settings) in bytes; NaN when unreadable. */
