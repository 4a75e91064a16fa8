import { normalizeEth } from '../../identifiers/index.ts';
import type { IssueRow } from '../../model/tables.ts';
import { decodeAuto, readCsvRecords, type CsvRecord, UNDECODED_ROW } from '../../text/index.ts';
import { isError } from '../canonical-csv/values.ts';
import { chainTransfer } from '../chain-transfer.ts';
import type { ParseContext, ParseItem } from '../parser.ts';
import { readChainAmount } from '../tron-csv/chain-amount.ts';

/**
 * The stablecoins investigators meet most, by contract: a single-token page export ("Token Transfers" of
 * one token: `Quantity`, `Method`, no `TokenSymbol`) names its token only in the file name
 * (`export-token-0xdac1….csv`).
 */
const KNOWN_TOKENS: Record<string, string> = {
  '0xdac17f958d2ee523a2206206994597c13d831ec7': 'USDT', // Ethereum
  '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48': 'USDC', // Ethereum
  '0x55d398326f99059ff775485246999027b3197955': 'USDT', // BNB Smart Chain
  '0x8ac76a51cc950d9822d68b83fe1ad97b32cd580d': 'USDC', // BNB Smart Chain
  '0xe9e7cea3dedca5984780bafc599bd69add087d56': 'BUSD', // BNB Smart Chain
  '0xc2132d05d31c914a87c6611c10748aeb04b58e8f': 'USDT', // Polygon PoS
};

/** Header cell → lower-case key without quotes/spaces around. */
const key = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

export interface EtherscanLayout {
  kind: 'native' | 'token';
  /** Native coin from `Value_IN(ETH)`. */
  native?: string;
  /** The amount carries its unit (`0.5 ETH`): the currency comes from it. */
  unitInAmount?: boolean;
  col: Record<string, number>;
}

/** Finds the columns of a normal/internal ("Transactions") or an ERC-20 ("Token Transfers") export. */
export function etherscanLayout(header: readonly string[]): EtherscanLayout | undefined {
  const h = header.map(key);
  const find = (...names: string[]) => h.findIndex((c) => names.includes(c));
  const col: Record<string, number> = {
    hash: find('txhash', 'transaction hash'),
    unix: find('unixtimestamp'),
    date: find('datetime (utc)', 'datetime'),
    from: find('from'),
    to: find('to', 'txto'),
    contract: find('contractaddress'),
    status: find('status'),
    err: find('errcode'),
    method: find('method'),
    tokenValue: find('tokenvalue', 'value', 'quantity'),
    symbol: find('tokensymbol', 'token symbol', 'token'),
    tokenName: find('tokenname'),
    tokenId: find('tokenid', 'token id'),
    block: find('blockno'),
    fromTag: find('from_nametag', 'from nametag'),
    toTag: find('to_nametag', 'to nametag'),
  };
  if (col.hash! < 0 || col.from! < 0 || col.to! < 0 || (col.unix! < 0 && col.date! < 0)) return undefined;
  const inCol = h.findIndex((c) => /^value_in\(.+\)$/.test(c));
  const outCol = h.findIndex((c) => /^value_out\(.+\)$/.test(c));
  const feeCol = h.findIndex((c) => /^txnfee\((?!usd).+\)$/.test(c));
  if (inCol >= 0 && outCol >= 0) {
    col.valueIn = inCol;
    col.valueOut = outCol;
    col.fee = feeCol;
    const native = /\((.+)\)/.exec(header[inCol]!)?.[1]?.trim().toUpperCase();
    return native ? { kind: 'native', native, col } : undefined;
  }
  if (col.tokenValue! >= 0 && col.tokenId! < 0 && (col.symbol! >= 0 || col.method! >= 0)) {
    return { kind: 'token', col };
  }
  // The explorers' newer "download page data" layout: one `Amount` column with the unit glued on
  // (`0.5 ETH`, `1,500 USDT`), names tags beside the addresses.
  const amount = find('amount');
  if (amount >= 0 && col.tokenId! < 0) {
    return { kind: 'token', unitInAmount: true, col: { ...col, tokenValue: amount } };
  }
  return undefined;
}

/** `"2024-12-04 11:52:56"` (UTC) or older `"11/16/21 4:07"` (M/D/YY, UTC). */
function explorerTime(unix: string, date: string): string | undefined {
  if (/^\d{9,11}$/.test(unix.trim())) return new Date(Number(unix.trim()) * 1000).toISOString();
  let m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(date.trim());
  if (m) return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0))).toISOString();
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(date.trim());
  if (m) {
    const y = m[3]!.length === 2 ? 2000 + +m[3]! : +m[3]!;
    return new Date(Date.UTC(y, +m[1]! - 1, +m[2]!, +m[4]!, +m[5]!, +(m[6] ?? 0))).toISOString();
  }
  // `04.12.2024 11:52`: a spreadsheet's re-save in a Russian or European locale.
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(date.trim());
  if (m && +m[2]! <= 12) {
    return new Date(Date.UTC(+m[3]!, +m[2]! - 1, +m[1]!, +m[4]!, +m[5]!, +(m[6] ?? 0))).toISOString();
  }
  return undefined;
}

/**
 * Etherscan-family "Download CSV Export" files (Etherscan, BscScan, PolygonScan, MantleScan …):
 * "Transactions" / "Internal Transactions" (`Value_IN(<coin>)`, `Value_OUT(<coin>)`, `TxnFee(<coin>)`)
 * and "Token Transfers (ERC-20)" (`TokenValue` or older `Value`/`Quantity`, `TokenSymbol`), with the old
 * (`Txhash`, `DateTime`) and current (`Transaction Hash`, `DateTime (UTC)`) header names. Amounts are
 * already in coin units; thousands separators are dropped. Ids match the API JSON parser's, so the same
 * transaction from both sources is stored once.
 */
export async function* parseEtherscanCsv(
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
  let layout: EtherscanLayout | undefined;
  let width = 0;
  let zero = 0;
  // A `;`-delimited file is a spreadsheet's re-save in a locale whose decimal separator is the comma.
  let decimalComma = false;
  const onDelimiter = (d: string) => {
    decimalComma = d === ';';
  };
  let fileToken: { contract: string; symbol: string } | undefined;
  const seen = new Map<string, number>();
  // Bytes the decoder could not read become U+FFFD: the rows that hold one are quarantined.
  const replaced = { value: false };
  for await (const rec of readCsvRecords(decodeAuto(chunks, { replaced }), { onDelimiter })) {
    if (!layout) {
      layout = etherscanLayout(rec.fields);
      width = rec.fields.length;
      if (!layout) {
        yield issue(
          'row:1',
          'error',
          `${fileName}: header is not an Etherscan transactions or ERC-20 token transfers export (NFT exports are not read)`,
          rec.raw,
        );
        return;
      }
      if (layout.kind === 'token' && layout.col.symbol! < 0 && !layout.unitInAmount) {
        const contract = /0x[0-9a-f]{40}/i.exec(fileName)?.[0]?.toLowerCase();
        const symbol = contract ? KNOWN_TOKENS[contract] : undefined;
        fileToken = { contract: contract ?? '', symbol: symbol ?? 'UNKNOWN' };
        if (!symbol) {
          yield issue(
            'file',
            'warning',
            `${fileName}: a single-token transfers export has no TokenSymbol column and its name names no known token contract${contract ? ` (${contract})` : ''}; amounts stored with currency UNKNOWN — keep the file name Etherscan gave it (export-token-0x….csv) or convert it to transfers.csv with the token's symbol`,
          );
        }
      }
      continue;
    }
    const out = row(rec, layout);
    if (out === 'zero') zero++;
    else if ('error' in out) yield issue(`row:${rec.line}`, 'quarantine', out.error, rec.raw);
    else yield out;
  }
  if (zero > 0)
    yield issue('file', 'warning', `${zero} rows move no value (approvals, contract calls) and were skipped`);

  function row(rec: CsvRecord, l: EtherscanLayout): ParseItem | { error: string } | 'zero' {
    if (rec.fields.length !== width)
      return { error: `row has ${rec.fields.length} fields, the header has ${width}` };
    if (replaced.value && rec.raw.includes('\uFFFD')) return { error: UNDECODED_ROW };
    const f = (name: string) => (l.col[name]! >= 0 ? (rec.fields[l.col[name]!] ?? '').trim() : '');
    const hash = f('hash').toLowerCase();
    if (!/^0x[0-9a-f]{64}$/.test(hash))
      return { error: `transaction hash "${hash.slice(0, 70)}" is not 0x + 64 hex digits` };
    const status = f('status');
    if (f('err') !== '' || /^(error|fail)/i.test(status))
      return { error: `failed transaction (${f('err') || status}): nothing moved` };
    const timestamp = explorerTime(f('unix'), f('date'));
    if (!timestamp)
      return { error: `time "${f('unix') || f('date')}" is neither unix seconds nor "YYYY-MM-DD hh:mm:ss"` };
    let amountText: string;
    let currency: string;
    if (l.kind === 'native') {
      const vin = f('valueIn');
      const vout = f('valueOut');
      amountText = /^[0.,]*$/.test(vin) ? vout : vin;
      currency = l.native!;
    } else {
      amountText = f('tokenValue');
      const unit = /\d\s*([A-Za-z][A-Za-z0-9.]{1,11})\s*$/.exec(amountText)?.[1];
      currency = f('symbol').toUpperCase() || unit?.toUpperCase() || fileToken?.symbol || 'UNKNOWN';
    }
    if (/^[0.,]*$/.test(amountText)) return 'zero';
    const amount = readChainAmount(amountText, { decimalComma });
    if (isError(amount)) return amount;
    if (/^[0.]*$/.test(amount)) return 'zero';
    if (amount.startsWith('-')) return { error: `value "${amountText}" is negative` };
    const from = normalizeEth(f('from'));
    const to = normalizeEth(f('to'));
    if (!from.ok) return { error: `From "${f('from')}" is not an EVM address: ${from.reason}` };
    if (!to.ok) return { error: `To "${f('to')}" is not an EVM address: ${to.reason}` };
    const props: Record<string, unknown> = { chain: 'evm' };
    if (f('block')) props.block = f('block');
    if (l.kind === 'native') {
      const fee = f('fee');
      if (fee && !/^[0.]*$/.test(fee)) Object.assign(props, { fee, feeCurrency: currency });
      if (f('method')) props.method = f('method');
    } else {
      props.token = f('contract').toLowerCase() || fileToken?.contract || null;
      if (f('tokenName')) props.tokenName = f('tokenName');
    }
    const contract = f('contract').toLowerCase() || fileToken?.contract;
    // The endpoints are part of the id (see tron-csv): one transaction can move a token to many receivers.
    const k = `${hash}:${l.kind === 'token' ? contract || currency : currency}:${from.id.slice(4)}>${to.id.slice(4)}`;
    const item = chainTransfer(seen, k, {
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
    // The explorer's name tags (`Binance 14`, `Tether: USDT`) say whose address it is.
    if (item.kind === 'record' && item.record.table === 'transfers') {
      item.record.row.fromHolder = f('fromTag') || null;
      item.record.row.toHolder = f('toTag') || null;
    }
    return item;
  }
}
