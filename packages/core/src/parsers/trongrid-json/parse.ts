import { base58Encode, normalizeTron } from '../../identifiers/index.ts';
import { fromUnits } from '../../money/index.ts';
import type { TransferRow } from '../../model/tables.ts';
import { sha256 } from '@noble/hashes/sha2.js';
import type { ParseContext, ParseItem } from '../parser.ts';
import { issueFor } from '../parser.ts';
import { readJsonDocument } from '../read-json-document.ts';

interface Trc20Item {
  transaction_id?: string;
  token_info?: { symbol?: string; address?: string; decimals?: number; name?: string };
  block_timestamp?: number;
  from?: string;
  to?: string;
  type?: string;
  value?: string;
  detail?: { ret?: Array<{ contractRet?: string; fee?: number }> };
}
interface AccountTxItem {
  txID?: string;
  block_timestamp?: number;
  ret?: Array<{ contractRet?: string; fee?: number }>;
  net_fee?: number;
  energy_fee?: number;
  raw_data?: {
    contract?: Array<{
      type?: string;
      parameter?: {
        value?: {
          amount?: number | string;
          owner_address?: string;
          to_address?: string;
          asset_name?: string;
          contract_address?: string;
        };
      };
    }>;
  };
}

/**
 * TronGrid v1 JSON: `/v1/accounts/{addr}/transactions/trc20` (token transfers with `token_info`) and
 * `/v1/accounts/{addr}/transactions` (TRX `TransferContract`, TRC-10 `TransferAssetContract`). Amounts are
 * raw integers scaled by the token's decimals (TRX: 6, sun) through bigint. Smart-contract calls in the
 * account list are left to the trc20 file (ids are shared, so ingesting both does not double count).
 */
export async function* parseTronGrid(
  chunks: AsyncIterable<Uint8Array>,
  context: ParseContext,
): AsyncIterable<ParseItem> {
  const { evidenceId, fileName } = context;
  const issue = issueFor(evidenceId);
  const read = await readJsonDocument(chunks, context, {
    splitHint: 'save TronGrid pages as separate files',
    source: 'TronGrid response',
  });
  if (!read.ok) {
    yield read.issue;
    return;
  }
  const doc = read.doc as { data?: unknown[]; success?: boolean } | undefined;
  if (!doc || !Array.isArray(doc.data)) {
    yield issue('file', 'error', `${fileName}: no "data" array: not a TronGrid /v1/accounts response`);
    return;
  }
  if (doc.success === false)
    yield issue(
      'file',
      'warning',
      `${fileName}: TronGrid reported success=false; the page may be incomplete`,
    );
  let calls = 0;
  // Two transfers of one token in one transaction (batch payouts) need distinct ids: `:1`, `:2` …
  const seen = new Map<string, number>();
  const unique = (item: ParseItem): ParseItem => {
    if (item.kind !== 'record' || item.record.table !== 'transfers') return item;
    const row = item.record.row;
    const n = seen.get(row.id) ?? 0;
    seen.set(row.id, n + 1);
    if (n > 0) row.id = `${row.id}:${n}`;
    return item;
  };
  for (let i = 0; i < doc.data.length; i++) {
    const item = doc.data[i] as Trc20Item & AccountTxItem;
    const raw = () => JSON.stringify(item).slice(0, 2000);
    if (item && typeof item === 'object' && 'token_info' in item) {
      const r = guarded(() => trc20(item, i, evidenceId), i);
      yield 'error' in r ? issue(r.locator, 'quarantine', r.error, raw()) : unique(r);
    } else if (item && typeof item === 'object' && 'raw_data' in item) {
      const r = guarded(() => accountTx(item, i, evidenceId), i);
      if (r === 'call') calls++;
      else yield 'error' in r ? issue(r.locator, 'quarantine', r.error, raw()) : unique(r);
    } else {
      yield issue(
        `data[${i}]`,
        'quarantine',
        'neither a trc20 transfer (token_info) nor a transaction (raw_data)',
        raw(),
      );
    }
  }
  if (calls > 0) {
    yield issue(
      'file',
      'warning',
      `${calls} smart-contract calls (e.g. USDT transfers) are not read from the transaction list; ingest the /transactions/trc20 export for token amounts`,
    );
  }
}

type Out = ParseItem | { error: string; locator: string };

function unixMs(ms: unknown): string | undefined {
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : undefined;
}

function tronId(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (/^41[0-9a-fA-F]{40}$/.test(raw)) raw = hexToBase58(raw);
  const r = normalizeTron(raw);
  return r.ok ? r.id : undefined;
}

/** TronGrid's raw_data carries addresses as hex with the 0x41 prefix; the normal form is base58check. */
export function hexToBase58(hex: string): string {
  const bytes = new Uint8Array(25);
  for (let i = 0; i < 21; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  bytes.set(sha256(sha256(bytes.subarray(0, 21))).subarray(0, 4), 21);
  return base58Encode(bytes);
}

function scaled(raw: unknown, decimals: number): string | undefined {
  const s = typeof raw === 'number' ? (Number.isSafeInteger(raw) ? String(raw) : undefined) : raw;
  if (typeof s !== 'string' || !/^\d+$/.test(s)) return undefined;
  return fromUnits(BigInt(s), decimals);
}

function record(row: TransferRow): ParseItem {
  return { kind: 'record', record: { table: 'transfers', row } };
}

function trc20(item: Trc20Item, i: number, evidenceId: string): Out {
  const txid = item.transaction_id?.toLowerCase();
  const locator = txid ? `tx:${txid}` : `data[${i}]`;
  if (!txid || !/^[0-9a-f]{64}$/.test(txid)) return { error: 'transaction_id is not 64 hex digits', locator };
  if (item.type && item.type !== 'Transfer') return { error: `${item.type} event moves no tokens`, locator };
  const ret = item.detail?.ret?.[0];
  if (ret?.contractRet && ret.contractRet !== 'SUCCESS')
    return { error: `failed transaction (${ret.contractRet}): no tokens moved`, locator };
  const decimals = item.token_info?.decimals;
  const symbol = item.token_info?.symbol?.trim().toUpperCase();
  if (
    typeof decimals !== 'number' ||
    !Number.isInteger(decimals) ||
    decimals < 0 ||
    decimals > 36 ||
    !symbol
  ) {
    return { error: 'token_info lacks symbol or decimals', locator };
  }
  const amount = scaled(item.value, decimals);
  if (amount === undefined)
    return { error: `value "${String(item.value).slice(0, 40)}" is not a raw integer amount`, locator };
  const timestamp = unixMs(item.block_timestamp);
  if (!timestamp) return { error: 'block_timestamp missing', locator };
  const from = tronId(item.from);
  const to = tronId(item.to);
  if (!from || !to)
    return { error: `invalid TRON address in from "${item.from}" or to "${item.to}"`, locator };
  const props: Record<string, unknown> = {
    chain: 'tron',
    token: item.token_info?.address ?? null,
    rawValue: item.value,
    decimals,
  };
  const feeTrx = scaled(ret?.fee, 6);
  if (typeof ret?.fee === 'number' && feeTrx !== undefined) props.feeTrx = feeTrx;
  return record({
    // The endpoints are part of the id: a batch payout moves one token to many receivers in one transaction.
    id: `${txid}:${item.token_info?.address ?? symbol}:${from.slice(5)}>${to.slice(5)}`,
    txId: txid,
    timestamp,
    amount,
    currency: symbol,
    fromAccount: from,
    toAccount: to,
    fromHolder: null,
    toHolder: null,
    channel: 'crypto',
    reference: null,
    props,
    evidenceId,
    locator,
  });
}

function accountTx(item: AccountTxItem, i: number, evidenceId: string): Out | 'call' {
  const txid = item.txID?.toLowerCase();
  const locator = txid ? `tx:${txid}` : `data[${i}]`;
  if (!txid || !/^[0-9a-f]{64}$/.test(txid)) return { error: 'txID is not 64 hex digits', locator };
  const contract = item.raw_data?.contract?.[0];
  const type = contract?.type;
  if (type === 'TriggerSmartContract') return 'call';
  if (type !== 'TransferContract' && type !== 'TransferAssetContract') {
    return {
      error: `${type ?? 'unknown'} transaction moves no TRX or TRC-10 tokens between accounts`,
      locator,
    };
  }
  const ret = item.ret?.[0];
  if (ret?.contractRet && ret.contractRet !== 'SUCCESS')
    return { error: `failed transaction (${ret.contractRet}): nothing moved`, locator };
  const v = contract?.parameter?.value ?? {};
  const timestamp = unixMs(item.block_timestamp);
  if (!timestamp) return { error: 'block_timestamp missing', locator };
  const from = tronId(v.owner_address);
  const to = tronId(v.to_address);
  if (!from || !to) return { error: `invalid TRON address in owner_address or to_address`, locator };
  const trc10 = type === 'TransferAssetContract';
  // TRC-10 precision is per token and not in this response: the amount stays in raw units.
  const amount = scaled(v.amount, trc10 ? 0 : 6);
  if (amount === undefined) return { error: `amount "${String(v.amount)}" is not a raw integer`, locator };
  const props: Record<string, unknown> = { chain: 'tron', rawValue: String(v.amount) };
  const feeTrx = scaled(ret?.fee, 6);
  if (typeof ret?.fee === 'number' && feeTrx !== undefined) props.feeTrx = feeTrx;
  if (trc10) Object.assign(props, { trc10: v.asset_name ?? null, units: 'raw (TRC-10 decimals unknown)' });
  return record({
    id: `${txid}:${trc10 ? `trc10-${v.asset_name}` : 'TRX'}:${from.slice(5)}>${to.slice(5)}`,
    txId: txid,
    timestamp,
    amount,
    currency: trc10 ? `TRC10-${v.asset_name}` : 'TRX',
    fromAccount: from,
    toAccount: to,
    fromHolder: null,
    toHolder: null,
    channel: 'crypto',
    reference: null,
    props,
    evidenceId,
    locator,
  });
}

/** A record of an unexpected shape (a field of another type) is quarantined, never a crash. */
function guarded<T>(read: () => T, i: number): T | { error: string; locator: string } {
  try {
    return read();
  } catch (e) {
    return {
      error: `fields of an unexpected type (${e instanceof Error ? e.message : String(e)}); not stored`,
      locator: `data[${i}]`,
    };
  }
}
