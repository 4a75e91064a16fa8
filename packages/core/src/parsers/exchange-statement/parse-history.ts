import { normalizeExchangeAccount, normalizeIdentifier } from '../../identifiers/index.ts';
import type { TransferRow } from '../../model/tables.ts';
import { decodeAuto, readCsvRecords, UNDECODED_ROW } from '../../text/index.ts';
import { isError } from '../canonical-csv/values.ts';
import { issueFor, type ParseContext, type ParseItem } from '../parser.ts';
import { readChainAmount } from '../tron-csv/chain-amount.ts';

const key = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

/** `Date(UTC+5)`, `Time(UTC-03:00)`: a time column that names its zone. */
const ZONED = /^(?:date|time)\s*\(utc\s*([+-])(\d{1,2})(?::?(\d{2}))?\)$/;

function headerZone(header: string): number {
  const m = ZONED.exec(key(header));
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
}

/** `2024-03-05 14:22:10`, `24-03-05 14:22:10` (two-digit year), no seconds, or `05.03.2024 14:22` (spreadsheet). */
function historyTime(text: string, zoneMin: number): string | undefined {
  const s = text.trim();
  const iso = /^(\d{4}|\d{2})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  const dot = /^(\d{1,2})\.(\d{1,2})\.(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  const p = iso
    ? [
        iso[1]!.length === 2 ? 2000 + +iso[1]! : +iso[1]!,
        +iso[2]!,
        +iso[3]!,
        +iso[4]!,
        +iso[5]!,
        +(iso[6] ?? 0),
      ]
    : dot
      ? [+dot[3]!, +dot[2]!, +dot[1]!, +dot[4]!, +dot[5]!, +(dot[6] ?? 0)]
      : undefined;
  if (!p || p[1]! < 1 || p[1]! > 12 || p[2]! < 1 || p[2]! > 31) return undefined;
  const t = Date.UTC(p[0]!, p[1]! - 1, p[2]!, p[3]!, p[4]!, p[5]!) - zoneMin * 60000;
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** Binance "Deposit History" / "Withdrawal History": `Date(UTC),Coin,Network,Amount,TransactionFee,Address,TXID[,SourceAddress,PaymentID],Status`. */
export function historyColumns(header: readonly string[]): Record<string, number> | undefined {
  const h = header.map(key);
  const at = (...n: string[]) => h.findIndex((c) => n.includes(c));
  const col = {
    date: Math.max(
      at('date(utc)', 'date(utc+0)', 'date', 'time', 'time(utc)'),
      h.findIndex((c) => ZONED.test(c)),
    ),
    coin: at('coin'),
    network: at('network'),
    amount: at('amount'),
    fee: at('transactionfee', 'transaction fee', 'fee'),
    address: at('address'),
    txid: at('txid'),
    source: at('sourceaddress', 'source address'),
    status: at('status'),
  };
  return col.date >= 0 &&
    col.coin >= 0 &&
    col.amount >= 0 &&
    col.address >= 0 &&
    col.txid >= 0 &&
    col.network >= 0
    ? col
    : undefined;
}

interface HistoryMapping {
  direction?: string;
  user?: string;
}

/**
 * Binance deposit or withdrawal history export. The file does not say which of the two it is nor whose
 * it is: the direction comes from the file name (`…Deposit…` / `…Withdraw…`) or `--mapping
 * {"direction": "deposit"|"withdrawal", "user": "<Binance user id>"}`. A deposit is a transfer from the
 * deposit address to `exchange:binance:<user>`, a withdrawal from the account to the destination
 * address (CONTRACT §3); the chain transaction id is kept, so explorer data for the same hash lines up.
 * Without a user id the account is `exchange:binance:unknown-<evidence id prefix>`, with a warning.
 */
export async function* parseBinanceHistory(
  chunks: AsyncIterable<Uint8Array>,
  context: ParseContext,
): AsyncIterable<ParseItem> {
  const { evidenceId, fileName } = context;
  const issue = issueFor(evidenceId);
  const mapping = (context.mapping ?? {}) as HistoryMapping;
  const dirText = `${mapping.direction ?? ''} ${mapping.direction ? '' : fileName}`.toLowerCase();
  const direction = /deposit/.test(dirText) ? 'deposit' : /withdraw/.test(dirText) ? 'withdrawal' : undefined;
  if (!direction) {
    yield issue(
      'file',
      'error',
      `${fileName}: cannot tell deposits from withdrawals; name the file …Deposit… or …Withdraw…, or pass --mapping {"direction":"deposit"}`,
    );
    return;
  }
  const userText =
    typeof mapping.user === 'string' && mapping.user.trim()
      ? mapping.user
      : `unknown-${evidenceId.slice(0, 8)}`;
  const user = normalizeExchangeAccount('binance', userText);
  if (!user.ok) {
    yield issue('file', 'error', `--mapping user "${userText}": ${user.reason}`);
    return;
  }
  if (userText !== mapping.user) {
    yield issue(
      'file',
      'warning',
      `${fileName}: no Binance user id in this export; stored as ${user.id}. Pass --mapping {"user":"<id>"} to name the account`,
    );
  }
  let col: Record<string, number> | undefined;
  let width = 0;
  let zone = 0;
  // A `;`-delimited file is a spreadsheet's re-save in a locale whose decimal separator is the comma.
  let decimalComma = false;
  const onDelimiter = (d: string) => {
    decimalComma = d === ';';
  };
  // Bytes the decoder could not read become U+FFFD: the rows that hold one are quarantined.
  const replaced = { value: false };
  for await (const rec of readCsvRecords(decodeAuto(chunks, { replaced }), { onDelimiter })) {
    if (!col) {
      col = historyColumns(rec.fields);
      width = rec.fields.length;
      zone = col ? headerZone(rec.fields[col.date!] ?? '') : 0;
      if (!col) {
        yield issue(
          'row:1',
          'error',
          `${fileName}: not a Binance deposit/withdrawal history (Date(UTC), Coin, Network, Amount, Address, TXID)`,
          rec.raw,
        );
        return;
      }
      continue;
    }
    const c = col;
    const f = (name: string) => (c[name]! >= 0 ? (rec.fields[c[name]!] ?? '').trim() : '');
    const fail = (reason: string) => issue(`row:${rec.line}`, 'quarantine', reason, rec.raw);
    if (rec.fields.length !== width) {
      yield fail(`row has ${rec.fields.length} fields, the header has ${width}`);
      continue;
    }
    if (replaced.value && rec.raw.includes('\uFFFD')) {
      yield fail(UNDECODED_ROW);
      continue;
    }
    const status = f('status');
    if (status && !/^(completed|success|successful|1)$/i.test(status)) {
      yield fail(`status "${status}": not completed, nothing moved`);
      continue;
    }
    const timestamp = historyTime(f('date'), zone);
    if (!timestamp) {
      yield fail(`Date(UTC) "${f('date')}" is not YYYY-MM-DD hh:mm:ss`);
      continue;
    }
    const amount = readChainAmount(f('amount'), { decimalComma });
    if (isError(amount) || amount.startsWith('-')) {
      yield fail(isError(amount) ? `Amount: ${amount.error}` : `Amount "${f('amount')}" is negative`);
      continue;
    }
    const address = normalizeIdentifier(f('address'));
    if (!address.ok || !['btc', 'eth', 'tron'].includes(address.kind)) {
      yield fail(
        `Address "${f('address')}" on network ${f('network')} is not a BTC, EVM or TRON address Dragnet reads`,
      );
      continue;
    }
    const props: Record<string, unknown> = { exchange: 'binance', network: f('network'), direction };
    if (f('fee')) props.fee = f('fee');
    if (f('source')) props.sourceAddress = f('source');
    const txid = f('txid').replace(/^Internal transfer\s*/i, '') || null;
    const row: TransferRow = {
      id: `${evidenceId.slice(0, 12)}:row:${rec.line}`,
      txId: txid,
      timestamp,
      amount,
      currency: f('coin').toUpperCase(),
      fromAccount: direction === 'deposit' ? address.id : user.id,
      toAccount: direction === 'deposit' ? user.id : address.id,
      fromHolder: null,
      toHolder: null,
      channel: 'exchange',
      reference: null,
      props,
      evidenceId,
      locator: `row:${rec.line}`,
    };
    yield { kind: 'record', record: { table: 'transfers', row } };
  }
}
