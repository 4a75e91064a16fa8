import { normalizeTron } from '../../identifiers/index.ts';
import { fromUnits } from '../../money/index.ts';
import { decodeAuto, readCsvRecords, UNDECODED_ROW } from '../../text/index.ts';
import { isError } from '../canonical-csv/values.ts';
import { chainTransfer } from '../chain-transfer.ts';
import { issueFor, type ParseContext, type ParseItem } from '../parser.ts';
import { readChainAmount } from './chain-amount.ts';

const ALIASES: Record<string, readonly string[]> = {
  hash: [
    'transaction hash',
    'txn hash',
    'tx hash',
    'hash',
    'transaction_id',
    'transaction id',
    'txid',
    'tx_id',
  ],
  time: [
    'time(utc)',
    'date(utc)',
    'time (utc)',
    'date time(utc)',
    'datetime (utc)',
    'datetime',
    'date time',
    'unixtimestamp',
    'time',
    'date',
    'block_ts',
    'block_timestamp',
    'timestamp',
  ],
  from: ['from', 'from address', 'from_address', 'sender'],
  to: ['to', 'to address', 'to_address', 'receiver'],
  amount: ['amount', 'quantity', 'value', 'token amount', 'amount_str', 'quant', 'tokenvalue', 'token value'],
  // With a decimals column, an API field flattened to CSV (`amount_str`, `quant`, `value`) is raw units.
  decimals: ['decimals', 'tokendecimal', 'token decimal', 'token_decimal', 'tokeninfo.tokendecimal'],
  token: [
    'token',
    'token symbol',
    'tokensymbol',
    'token_symbol',
    'symbol',
    'currency',
    'asset',
    'token name',
    'tokenname',
    'tokenabbr',
    'tokeninfo.tokenabbr',
  ],
  status: ['status', 'result', 'contractret'],
  fee: ['fee', 'fee(trx)', 'fee (trx)'],
  block: ['block', 'block number', 'block_number', 'blockno'],
};

/** Lines before the header that are tolerated (an export title, a blank "Address:" line). */
export const MAX_PREFACE = 5;

const key = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();
const T_ADDRESS = /^T[1-9A-HJ-NP-Za-km-z]{33}$/;

/** `Time(UTC+8)`, `Date (UTC-03:00)`: a time column that names its zone. */
const ZONED_TIME = /^(?:date ?time|time|date)\s*\(utc\s*([+-])(\d{1,2})(?::?(\d{2}))?\)$/;

/** Minutes east of UTC of the time column when its header names a zone (`Time(UTC+8)`), else 0. */
export function tronTimeZone(header: readonly string[]): number {
  for (const h of header) {
    const m = ZONED_TIME.exec(key(h));
    if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  }
  return 0;
}

export function tronColumns(header: readonly string[]): Record<string, number> | undefined {
  const h = header.map(key);
  const col: Record<string, number> = {};
  // Aliases are in order of preference (a `TokenSymbol` column beats a `TokenName` column).
  for (const [name, names] of Object.entries(ALIASES)) {
    col[name] = names.map((n) => h.indexOf(n)).find((i) => i >= 0) ?? -1;
  }
  if (col.time! < 0) col.time = h.findIndex((c) => ZONED_TIME.test(c));
  return col.hash! >= 0 && col.from! >= 0 && col.to! >= 0 && col.amount! >= 0 && col.time! >= 0
    ? col
    : undefined;
}

/**
 * Unix ms / s, `YYYY-MM-DD hh:mm:ss` (in the zone the header names, UTC as Tronscan labels it by default)
 * or ISO-8601 with zone.
 */
function tronTime(text: string, zoneMin = 0): string | undefined {
  const s = text.trim();
  if (/^\d{13}$/.test(s)) return new Date(Number(s)).toISOString();
  if (/^\d{10}$/.test(s)) return new Date(Number(s) * 1000).toISOString();
  const m =
    /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i.exec(
      s,
    );
  if (!m) {
    // `05.11.2025 9:31`: how a spreadsheet in a Russian or European locale re-saves the time column.
    const d = /^(\d{1,2})\.(\d{1,2})\.(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
    if (!d || +d[2]! > 12 || +d[1]! > 31) return undefined;
    const t = Date.UTC(+d[3]!, +d[2]! - 1, +d[1]!, +d[4]!, +d[5]!, +(d[6] ?? 0)) - zoneMin * 60000;
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  }
  let t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  const z = m[7];
  if (z && /^[+-]/.test(z)) {
    const d = z.replace(':', '');
    t -= (z[0] === '-' ? -1 : 1) * (Number(d.slice(1, 3)) * 60 + Number(d.slice(3, 5))) * 60000;
  } else if (!z) {
    t -= zoneMin * 60000;
  }
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/**
 * TRON explorer CSV (Tronscan "Export CSV" and tools writing the same columns): one transfer a row with
 * hash, time, from, to, amount in token units and the token symbol. Header names vary between exports
 * and versions, so columns are found by alias (docs/formats/crypto.md lists them). Without a token column
 * the amounts are taken as TRX, with a warning.
 */
export async function* parseTronCsv(
  chunks: AsyncIterable<Uint8Array>,
  context: ParseContext,
): AsyncIterable<ParseItem> {
  const { evidenceId, fileName } = context;
  const issue = issueFor(evidenceId);
  let col: Record<string, number> | undefined;
  let width = 0;
  let zone = 0;
  let rawUnits = false;
  let preface = 0;
  // A `;`-delimited file is a spreadsheet's re-save in a locale whose decimal separator is the comma.
  let decimalComma = false;
  const seen = new Map<string, number>();
  const onDelimiter = (d: string) => {
    decimalComma = d === ';';
  };
  // Bytes the decoder could not read become U+FFFD: the rows that hold one are quarantined.
  const replaced = { value: false };
  for await (const rec of readCsvRecords(decodeAuto(chunks, { replaced }), { onDelimiter })) {
    if (!col) {
      col = tronColumns(rec.fields);
      zone = tronTimeZone(rec.fields);
      rawUnits =
        col !== undefined &&
        col.decimals! >= 0 &&
        ['amount_str', 'quant', 'value'].includes(key(rec.fields[col.amount!] ?? ''));
      width = rec.fields.length;
      if (!col) {
        // Some exports open with a title line ("Transfers of T…, exported …"): look a few lines further.
        if (++preface < MAX_PREFACE) continue;
        yield issue(
          'row:1',
          'error',
          `${fileName}: none of the first ${MAX_PREFACE} lines is a header with hash, time, from, to and amount columns of a TRON export`,
          rec.raw,
        );
        return;
      }
      if (col.token! < 0)
        yield issue('file', 'warning', `${fileName}: no token column; amounts taken as TRX`);
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
    const hash = f('hash').toLowerCase().replace(/^0x/, '');
    if (!/^[0-9a-f]{64}$/.test(hash)) {
      yield fail(`transaction hash "${hash.slice(0, 70)}" is not 64 hex digits`);
      continue;
    }
    const status = f('status').toUpperCase();
    if (status && !/^(SUCCESS|CONFIRMED|TRUE|1|OK)$/.test(status)) {
      yield fail(`transaction status "${f('status')}": nothing moved`);
      continue;
    }
    const timestamp = tronTime(f('time'), zone);
    if (!timestamp) {
      yield fail(`time "${f('time')}" is neither unix time, "YYYY-MM-DD hh:mm:ss" nor "DD.MM.YYYY hh:mm"`);
      continue;
    }
    let amount = readChainAmount(f('amount'), { decimalComma });
    if (rawUnits && !isError(amount)) {
      const d = Number(f('decimals'));
      if (!/^\d+$/.test(amount) || !Number.isInteger(d) || d < 0 || d > 36) {
        yield fail(
          `raw amount "${f('amount')}" with decimals "${f('decimals')}": expected an integer and 0–36`,
        );
        continue;
      }
      amount = fromUnits(BigInt(amount), d);
    }
    if (isError(amount) || amount.startsWith('-')) {
      yield fail(isError(amount) ? amount.error : `amount "${f('amount')}" is negative`);
      continue;
    }
    const from = T_ADDRESS.test(f('from')) ? normalizeTron(f('from')) : undefined;
    const to = T_ADDRESS.test(f('to')) ? normalizeTron(f('to')) : undefined;
    if (!from?.ok || !to?.ok) {
      yield fail(`from "${f('from')}" or to "${f('to')}" is not a valid TRON address`);
      continue;
    }
    // `Tether USD (USDT)`: the symbol in brackets, not the name.
    const token = f('token');
    const currency = (/\(([A-Za-z0-9.]{2,12})\)\s*$/.exec(token)?.[1] ?? (token || 'TRX'))
      .toUpperCase()
      .replace(/\s+/g, '');
    const props: Record<string, unknown> = { chain: 'tron' };
    if (f('fee')) props.feeTrx = f('fee');
    if (f('block')) props.block = f('block');
    // The endpoints are part of the id: a batch payout moves one token to many receivers in one transaction,
    // and two receivers' exports must not give their different transfers the same id.
    const k = `${hash}:${currency}:${from.id.slice(5)}>${to.id.slice(5)}`;
    yield chainTransfer(seen, k, {
      txId: hash,
      timestamp,
      amount,
      currency,
      fromAccount: from.id,
      toAccount: to.id,
      props,
      evidenceId,
      locator: `row:${rec.line}`,
    });
  }
}
