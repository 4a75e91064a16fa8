import { normalizeExchangeAccount } from '../../identifiers/index.ts';
import type { TransferChannel, TransferRow } from '../../model/tables.ts';
import { decodeAuto, readCsvRecords, UNDECODED_ROW } from '../../text/index.ts';
import { isError } from '../canonical-csv/values.ts';
import { issueFor, type ParseContext, type ParseItem } from '../parser.ts';
import { readChainAmount } from '../tron-csv/chain-amount.ts';

const key = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, ' ');

export interface StatementColumns {
  user: number;
  time: number;
  /** The header said `UTC_Time`: times are UTC by construction. */
  utcHeader: boolean;
  account: number;
  operation: number;
  coin: number;
  change: number;
  remark: number;
}

/** Binance "Transaction History" statement: `User ID|User_ID, Time|UTC_Time, Account, Operation, Coin, Change, Remark`. */
export function statementColumns(header: readonly string[]): StatementColumns | undefined {
  const h = header.map(key);
  const at = (...n: string[]) => h.findIndex((c) => n.includes(c));
  const cols = {
    user: at('user id', 'userid'),
    time: at('utc time', 'time', 'date(utc)', 'date'),
    utcHeader: h.includes('utc time') || h.includes('date(utc)'),
    account: at('account'),
    operation: at('operation'),
    coin: at('coin'),
    change: at('change'),
    remark: at('remark'),
  };
  return cols.user >= 0 && cols.time >= 0 && cols.operation >= 0 && cols.coin >= 0 && cols.change >= 0
    ? cols
    : undefined;
}

/** Operations that move value across the exchange's boundary, and how they are stored. */
const MOVES: ReadonlyArray<[RegExp, TransferChannel]> = [
  [/^(fiat |crypto )?deposit$/i, 'exchange'],
  [/^(fiat |crypto )?withdraw(al)?$/i, 'exchange'],
  // Binance Pay to and from other users appears as `Send` / `Receive` in newer statements.
  [/^crypto box$|^binance pay$|^pay$|^send$|^receive$/i, 'p2p'],
  [/^p2p\b/i, 'p2p'],
];

/** `+05:00` from a `--mapping` object `{ "timeZone": "+05:00" }`; UTC otherwise. */
function offsetMinutes(mapping: unknown): number | undefined {
  const tz = (mapping as { timeZone?: unknown } | undefined)?.timeZone;
  if (typeof tz !== 'string') return undefined;
  const m = /^(?:UTC)?([+-])(\d{2}):?(\d{2})$/.exec(tz.trim());
  if (tz.trim().toUpperCase() === 'UTC' || tz.trim() === 'Z') return 0;
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : undefined;
}

/** `24-01-10 10:00:00` (the 2025 layout's two-digit year) or `2024-01-10 10:00:00`, at `offset` minutes from UTC. */
function statementTime(text: string, offset: number): string | undefined {
  const m = /^(\d{2}|\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const y = m[1]!.length === 2 ? 2000 + Number(m[1]) : Number(m[1]);
  const t = Date.UTC(y, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)) - offset * 60000;
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/**
 * Binance account statement ("Transaction History" download): deposits and withdrawals become transfers
 * between the outside (unknown in this layout: `null`) and `exchange:binance:<User ID>`; Binance Pay and
 * P2P rows become `p2p` transfers the same way. Trades, converts, fees, earn and internal moves stay
 * inside the account and are not transfers (counted in one warning). Times are UTC when the header says
 * `UTC_Time`; the current header says `Time`, which is the zone chosen at download (UTC by default): it is
 * taken as UTC, or as `timeZone` from `--mapping`, and a warning says so.
 */
export async function* parseExchangeStatement(
  chunks: AsyncIterable<Uint8Array>,
  context: ParseContext,
): AsyncIterable<ParseItem> {
  const { evidenceId, fileName } = context;
  const short = evidenceId.slice(0, 12);
  const issue = issueFor(evidenceId);
  let cols: StatementColumns | undefined;
  let width = 0;
  let offset = 0;
  const internal = new Map<string, number>();
  // A `;`-delimited file is a spreadsheet's re-save in a locale whose decimal separator is the comma.
  let decimalComma = false;
  const onDelimiter = (d: string) => {
    decimalComma = d === ';';
  };
  // Bytes the decoder could not read become U+FFFD: the rows that hold one are quarantined.
  const replaced = { value: false };
  for await (const rec of readCsvRecords(decodeAuto(chunks, { replaced }), { onDelimiter })) {
    if (!cols) {
      cols = statementColumns(rec.fields);
      width = rec.fields.length;
      if (!cols) {
        yield issue(
          'row:1',
          'error',
          `${fileName}: header is not a Binance statement (User ID, Time, Operation, Coin, Change)`,
          rec.raw,
        );
        return;
      }
      const mapped = offsetMinutes(context.mapping);
      offset = mapped ?? 0;
      if (!cols.utcHeader && mapped === undefined) {
        yield issue(
          'file',
          'warning',
          `${fileName}: the "Time" column has no zone; taken as UTC (Binance's default). Pass --mapping with {"timeZone":"+05:00"} if the statement was downloaded in another zone`,
        );
      }
      continue;
    }
    const c = cols;
    const f = (i: number) => (i >= 0 ? (rec.fields[i] ?? '').trim() : '');
    const fail = (reason: string) => issue(`row:${rec.line}`, 'quarantine', reason, rec.raw);
    if (rec.fields.length !== width) {
      yield fail(`row has ${rec.fields.length} fields, the header has ${width}`);
      continue;
    }
    if (replaced.value && rec.raw.includes('\uFFFD')) {
      yield fail(UNDECODED_ROW);
      continue;
    }
    const operation = f(c.operation);
    const channel = MOVES.find(([re]) => re.test(operation))?.[1];
    if (!channel) {
      internal.set(operation, (internal.get(operation) ?? 0) + 1);
      continue;
    }
    const user = normalizeExchangeAccount('binance', f(c.user));
    if (!user.ok) {
      yield fail(`User ID "${f(c.user)}": ${user.reason}`);
      continue;
    }
    const timestamp = statementTime(f(c.time), offset);
    if (!timestamp) {
      yield fail(`time "${f(c.time)}" is not YY-MM-DD hh:mm:ss or YYYY-MM-DD hh:mm:ss`);
      continue;
    }
    const change = readChainAmount(f(c.change), { decimalComma });
    if (isError(change)) {
      yield fail(`Change: ${change.error}`);
      continue;
    }
    if (/^-?[0.]+$/.test(change)) continue;
    const incoming = !change.startsWith('-');
    const props: Record<string, unknown> = { exchange: 'binance', operation };
    if (f(c.account)) props.account = f(c.account);
    const row: TransferRow = {
      id: `${short}:row:${rec.line}`,
      txId: null,
      timestamp,
      amount: incoming ? change : change.slice(1),
      currency: f(c.coin).toUpperCase(),
      fromAccount: incoming ? null : user.id,
      toAccount: incoming ? user.id : null,
      fromHolder: null,
      toHolder: null,
      channel,
      reference: f(c.remark) || null,
      props,
      evidenceId,
      locator: `row:${rec.line}`,
    };
    yield { kind: 'record', record: { table: 'transfers', row } };
  }
  if (internal.size > 0) {
    const list = [...internal].map(([op, n]) => `${op || '(empty)'} ×${n}`).join(', ');
    yield issue(
      'file',
      'warning',
      `rows inside the account are not transfers and were not stored: ${list.slice(0, 500)}`,
    );
  }
}
