import { normalizeEth } from '../../identifiers/index.ts';
import { fromUnits } from '../../money/index.ts';
import type { TransferRow } from '../../model/tables.ts';
import type { ParseContext, ParseItem } from '../parser.ts';
import { issueFor } from '../parser.ts';
import { readJsonDocument } from '../read-json-document.ts';

type Tx = Record<string, string | undefined>;

/** Native coin of the explorer a file name points to; Etherscan itself (and unknown names) → ETH. */
const NATIVE: ReadonlyArray<[RegExp, string]> = [
  [/bscscan|bsc/i, 'BNB'],
  [/polygonscan|polygon/i, 'POL'],
  [/gnosisscan|gnosis/i, 'XDAI'],
  [/snowtrace|avax/i, 'AVAX'],
  [/ftmscan|fantom/i, 'FTM'],
];

export function nativeCoinFor(fileName: string): { symbol: string; guessed: boolean } {
  for (const [re, symbol] of NATIVE) if (re.test(fileName)) return { symbol, guessed: false };
  return { symbol: 'ETH', guessed: !/etherscan|eth/i.test(fileName) };
}

/**
 * Etherscan-family API JSON `{status, message, result: [...]}`: `action=tokentx` (ERC-20 transfers with
 * tokenSymbol/tokenDecimal) and `action=txlist` (native coin, `value` in wei). Amounts are raw integers
 * scaled by bigint; the fee (gasUsed × gasPrice) is kept in props. Failed calls (`isError=1`) move nothing.
 */
export async function* parseEtherscanJson(
  chunks: AsyncIterable<Uint8Array>,
  context: ParseContext,
): AsyncIterable<ParseItem> {
  const { evidenceId, fileName } = context;
  const issue = issueFor(evidenceId);
  const read = await readJsonDocument(chunks, context, {
    splitHint: 'save API pages as separate files',
    source: 'API response',
  });
  if (!read.ok) {
    yield read.issue;
    return;
  }
  const doc = read.doc as { status?: string; message?: string; result?: unknown };
  if (!doc || !Array.isArray(doc.result)) {
    yield issue(
      'file',
      'error',
      `${fileName}: no "result" array (message: ${String(doc?.message ?? '').slice(0, 80)}): not an Etherscan API list`,
    );
    return;
  }
  const native = nativeCoinFor(fileName);
  let zero = 0;
  let nativeRows = 0;
  const seen = new Map<string, number>();
  for (let i = 0; i < doc.result.length; i++) {
    const tx = textFields(doc.result[i]) as Tx;
    const hash = tx.hash?.toLowerCase();
    const locator = hash ? `tx:${hash}` : `result[${i}]`;
    const raw = JSON.stringify(tx).slice(0, 2000);
    const fail = (reason: string) => issue(locator, 'quarantine', reason, raw);
    if (!hash || !/^0x[0-9a-f]{64}$/.test(hash)) {
      yield fail('hash is not 0x + 64 hex digits');
      continue;
    }
    if (tx.isError === '1' || tx.txreceipt_status === '0') {
      yield fail('failed transaction (isError=1): nothing moved');
      continue;
    }
    const token = tx.tokenSymbol !== undefined;
    const decimals = token ? Number(tx.tokenDecimal) : 18;
    if (!Number.isInteger(decimals) || decimals < 0 || decimals > 36) {
      yield fail(`tokenDecimal "${tx.tokenDecimal}" is not an integer 0–36`);
      continue;
    }
    const value = tx.value ?? '';
    if (!/^\d+$/.test(value)) {
      yield fail(`value "${value.slice(0, 40)}" is not a raw integer amount`);
      continue;
    }
    if (/^0+$/.test(value)) {
      zero++;
      continue;
    }
    const seconds = Number(tx.timeStamp);
    if (!Number.isFinite(seconds) || seconds <= 0) {
      yield fail(`timeStamp "${tx.timeStamp}" is not unix seconds`);
      continue;
    }
    const from = normalizeEth(tx.from ?? '');
    const to = normalizeEth(tx.to ?? '');
    if (!from.ok || !to.ok) {
      yield fail(
        `invalid address: ${!from.ok ? `from "${tx.from}": ${from.reason}` : `to "${tx.to}": ${(to as { reason: string }).reason}`}`,
      );
      continue;
    }
    if (!token) nativeRows++;
    const props: Record<string, unknown> = {
      chain: 'evm',
      rawValue: value,
      decimals,
      block: tx.blockNumber ?? null,
    };
    if (tx.gasUsed && tx.gasPrice && /^\d+$/.test(tx.gasUsed) && /^\d+$/.test(tx.gasPrice)) {
      props.fee = fromUnits(BigInt(tx.gasUsed) * BigInt(tx.gasPrice), 18);
      props.feeCurrency = native.symbol;
    }
    if (token) props.token = tx.contractAddress?.toLowerCase() ?? null;
    // The endpoints are part of the id, as in etherscan-csv (whose ids these equal).
    const key = `${hash}:${token ? (tx.contractAddress?.toLowerCase() ?? tx.tokenSymbol) : native.symbol}:${from.id.slice(4)}>${to.id.slice(4)}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const row: TransferRow = {
      id: n === 0 ? key : `${key}:${n}`,
      txId: hash,
      timestamp: new Date(seconds * 1000).toISOString(),
      amount: fromUnits(BigInt(value), decimals),
      currency: token ? tx.tokenSymbol!.trim().toUpperCase() || 'UNKNOWN' : native.symbol,
      fromAccount: from.id,
      toAccount: to.id,
      fromHolder: null,
      toHolder: null,
      channel: 'crypto',
      reference: null,
      props,
      evidenceId,
      locator,
    };
    yield { kind: 'record', record: { table: 'transfers', row } };
  }
  if (zero > 0)
    yield issue(
      'file',
      'warning',
      `${zero} zero-value transactions (contract calls) are not transfers and were skipped`,
    );
  if (nativeRows > 0 && native.guessed) {
    yield issue(
      'file',
      'warning',
      `${fileName}: native coin assumed ETH; name the file after its explorer (bscscan, polygonscan …) if it is another chain`,
    );
  }
}

/**
 * The API writes every field as a string; a value of another type (a number from a re-serialising tool,
 * null, an object) becomes its text or is dropped, so no field access can throw on a hostile file.
 */
function textFields(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string') out[k] = x;
    else if (typeof x === 'number' && Number.isFinite(x)) out[k] = Number.isSafeInteger(x) ? String(x) : '';
    else if (typeof x === 'boolean') out[k] = String(x);
  }
  return out;
}
