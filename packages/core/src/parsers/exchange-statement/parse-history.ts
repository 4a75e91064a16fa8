import { normalizeExchangeAccount, normalizeIdentifier } from '../../identifiers/index.ts';
import type { IssueRow, TransferRow } from '../../model/tables.ts';
import { decodeAuto, readCsvRecords } from '../../text/index.ts';
import { isError, readDecimal } from '../canonical-csv/values.ts';
import type { ParseContext, ParseItem } from '../parser.ts';

const key = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

/** Binance "Deposit History" / "Withdrawal History": `Date(UTC),Coin,Network,Amount,TransactionFee,Address,TXID[,SourceAddress,PaymentID],Status`. */
export function historyColumns(header: readonly string[]): Record<string, number> | undefined {
  const h = header.map(key);
  const at = (...n: string[]) => h.findIndex((c) => n.includes(c));
  const col = {
    date: at('date(utc)', 'date(utc+0)', 'date'),
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
  const issue = (
    locator: string,
    severity: IssueRow['severity'],
    reason: string,
    raw: string | null = null,
  ): ParseItem => ({
    kind: 'issue',
    issue: { evidenceId, locator, severity, reason, raw },
  });
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
  for await (const rec of readCsvRecords(decodeAuto(chunks))) {
    if (!col) {
      col = historyColumns(rec.fields);
      width = rec.fields.length;
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
    const status = f('status');
    if (status && !/^(completed|success|successful|1)$/i.test(status)) {
      yield fail(`status "${status}": not completed, nothing moved`);
      continue;
    }
    const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(f('date'));
    if (!m) {
      yield fail(`Date(UTC) "${f('date')}" is not YYYY-MM-DD hh:mm:ss`);
      continue;
    }
    const timestamp = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)).toISOString();
    const amount = readDecimal(f('amount').replace(/,/g, ''), 'Amount');
    if (isError(amount) || amount.startsWith('-')) {
      yield fail(isError(amount) ? amount.error : `Amount "${f('amount')}" is negative`);
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
