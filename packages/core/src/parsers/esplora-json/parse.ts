import { decodeBtcAddress, normalizeBtc } from '../../identifiers/index.ts';
import { fromUnits } from '../../money/index.ts';
import type { IssueRow, SameAsRow, TransferRow } from '../../model/tables.ts';
import type { ParseContext, ParseItem } from '../parser.ts';
import { issueFor } from '../parser.ts';
import { readJsonDocument } from '../read-json-document.ts';

interface EsploraOut {
  scriptpubkey_address?: string;
  scriptpubkey_type?: string;
  value?: number;
}
interface EsploraTx {
  txid?: string;
  vin?: Array<{ txid?: string; vout?: number; is_coinbase?: boolean; prevout?: EsploraOut | null }>;
  vout?: EsploraOut[];
  fee?: number;
  status?: { confirmed?: boolean; block_time?: number; block_height?: number };
}

/**
 * Esplora `/tx/:txid` JSON (one object) or `/address/:addr/txs` (an array of them) → transfers.
 *
 * Bitcoin does not say which input paid which output, so each output is attributed to the input
 * addresses in proportion to what each address put in (the "proportional" rule): address i gets
 * `floor(out × in_i / Σin)` satoshis and the rounding remainder goes to the largest contributor, so the
 * parts of each output add up exactly. Outputs paid back to one of the input addresses (change) and
 * outputs without an address (OP_RETURN) are not transfers. Co-spent input addresses become `same_as`
 * rows (common-input ownership, reason `co-spend:<txid>`); `Σin = Σout + fee` is checked per transaction.
 */
export async function* parseEsplora(
  chunks: AsyncIterable<Uint8Array>,
  context: ParseContext,
): AsyncIterable<ParseItem> {
  const { evidenceId, fileName } = context;
  const issue = issueFor(evidenceId);
  const read = await readJsonDocument(chunks, context, {
    splitHint: 'split the API dump into pages',
    source: 'API response',
  });
  if (!read.ok) {
    yield read.issue;
    return;
  }
  const doc = read.doc as unknown;
  const txs = Array.isArray(doc) ? doc : [doc];
  const networks = new Set<string>();
  for (let i = 0; i < txs.length; i++) {
    // A transaction of an unexpected shape (a field of another type) is quarantined, never a crash: its
    // records are collected first so that none of a half-read transaction is stored.
    let items: ParseItem[];
    try {
      items = [...parseTx(txs[i] as EsploraTx, i, Array.isArray(doc), context, issue, networks)];
    } catch (e) {
      items = [unexpectedShape(issue, txs[i], i, Array.isArray(doc), e)];
    }
    yield* items;
  }
  if (networks.size > 0)
    yield issue('file', 'warning', `${fileName}: ${[...networks].join(', ')} addresses: not mainnet bitcoin`);
}

type IssueFn = (
  locator: string,
  severity: IssueRow['severity'],
  reason: string,
  raw?: string | null,
) => ParseItem;

function* parseTx(
  tx: EsploraTx,
  index: number,
  inArray: boolean,
  context: ParseContext,
  issue: IssueFn,
  networks: Set<string>,
): Iterable<ParseItem> {
  const { evidenceId } = context;
  const txid =
    typeof tx?.txid === 'string' && /^[0-9a-f]{64}$/i.test(tx.txid) ? tx.txid.toLowerCase() : undefined;
  const where = txid ? `tx:${txid}` : inArray ? `$[${index}]` : '$';
  const raw = () => JSON.stringify(tx).slice(0, 2000);
  if (!txid || !Array.isArray(tx.vin) || !Array.isArray(tx.vout)) {
    yield issue(
      where,
      'quarantine',
      'not an Esplora transaction: needs txid (64 hex), vin[] and vout[]',
      raw(),
    );
    return;
  }
  const blockTime = tx.status?.block_time;
  if (typeof blockTime !== 'number') {
    yield issue(
      where,
      'quarantine',
      `transaction ${txid} is unconfirmed (no status.block_time): no time to record`,
      raw(),
    );
    return;
  }
  const timestamp = new Date(blockTime * 1000).toISOString();
  // Esplora gives satoshis as integers; a fraction (BTC units) or text means another explorer's format,
  // whose numbers would be read 10^8 times too small: refuse the transaction, do not guess.
  const notSats = [...tx.vin.map((v) => v.prevout?.value), ...tx.vout.map((o) => o.value ?? 0)].find(
    (v) => v !== undefined && !(typeof v === 'number' && Number.isSafeInteger(v) && v >= 0),
  );
  if (notSats !== undefined) {
    yield issue(
      where,
      'quarantine',
      `transaction ${txid} has a value ${JSON.stringify(notSats)} that is not a whole number of satoshis: not an Esplora response (values in BTC?); convert it to transfers.csv`,
      raw(),
    );
    return;
  }

  // Inputs per address, in satoshis.
  const inputs = new Map<string, bigint>();
  let totalIn = 0n;
  let coinbase = false;
  for (let k = 0; k < tx.vin.length; k++) {
    const vin = tx.vin[k]!;
    if (vin.is_coinbase) {
      coinbase = true;
      continue;
    }
    const prev = vin.prevout;
    if (!prev || typeof prev.value !== 'number') {
      yield issue(
        `${where}:vin:${k}`,
        'quarantine',
        `input ${k} of ${txid} has no prevout value: fetch the full /tx/${txid} response`,
        raw(),
      );
      return;
    }
    const value = BigInt(prev.value);
    totalIn += value;
    const addr = address(prev, networks);
    if (addr) inputs.set(addr, (inputs.get(addr) ?? 0n) + value);
  }
  let totalOut = 0n;
  for (const o of tx.vout) totalOut += BigInt(o.value ?? 0);
  const fee = coinbase ? 0n : totalIn - totalOut;
  if (!coinbase && Number.isSafeInteger(tx.fee) && BigInt(tx.fee as number) !== fee) {
    yield issue(
      where,
      'error',
      `fees do not reconcile for ${txid}: inputs ${totalIn} − outputs ${totalOut} = ${fee} sat, but fee says ${tx.fee} sat`,
    );
  } else if (!coinbase && fee < 0n) {
    yield issue(where, 'error', `outputs exceed inputs in ${txid} by ${-fee} sat`);
  }

  const from = [...inputs.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const largest = from.reduce((best, e, i) => (e[1] > from[best]![1] ? i : best), 0);
  const base = { txid, feeSat: fee.toString(), fee: fromUnits(fee, 8), chain: 'btc' };
  for (let j = 0; j < tx.vout.length; j++) {
    const out = tx.vout[j]!;
    const to = address(out, networks);
    const value = BigInt(out.value ?? 0);
    if (!to || value === 0n || inputs.has(to)) continue;
    if (from.length === 0) {
      yield transfer(
        `${txid}:out:${j}`,
        null,
        to,
        value,
        { ...base, vout: j, coinbase },
        `${where}:vout:${j}`,
      );
      continue;
    }
    // Inputs of zero value leave nothing to share in proportion: the largest (first) address takes it all.
    const shares = from.map(([, v]) => (totalIn === 0n ? 0n : (value * v) / totalIn));
    shares[largest]! += value - shares.reduce((a, b) => a + b, 0n);
    for (let k = 0; k < from.length; k++) {
      if (shares[k] === 0n) continue;
      const id = from.length === 1 ? `${txid}:out:${j}` : `${txid}:out:${j}:in:${k}`;
      const props =
        from.length === 1
          ? { ...base, vout: j }
          : { ...base, vout: j, rule: 'proportional', inputShare: `${from[k]![1]}/${totalIn}` };
      yield transfer(id, from[k]![0], to, shares[k]!, props, `${where}:vout:${j}`);
    }
  }
  // Common-input ownership: every co-spent address is linked to the first (a star, not a clique).
  for (let k = 1; k < from.length; k++) {
    const row: SameAsRow = {
      a: from[0]![0],
      b: from[k]![0],
      reason: `co-spend:${txid}`,
      score: 0.8,
      source: 'parser',
      evidenceId,
      locator: where,
    };
    yield { kind: 'record', record: { table: 'same_as', row } };
  }

  function transfer(
    id: string,
    fromId: string | null,
    toId: string,
    sat: bigint,
    props: Record<string, unknown>,
    locator: string,
  ): ParseItem {
    const row: TransferRow = {
      id,
      txId: txid!,
      timestamp,
      amount: fromUnits(sat, 8),
      currency: 'BTC',
      fromAccount: fromId,
      toAccount: toId,
      fromHolder: null,
      toHolder: null,
      channel: 'crypto',
      reference: null,
      props,
      evidenceId,
      locator,
    };
    return { kind: 'record', record: { table: 'transfers', row } };
  }
}

/**
 * `btc:<address>`. Testnet/regtest addresses (Esplora also serves testnet) keep the same form — they are
 * addresses all the same — and the file gets one warning so that nobody mistakes them for mainnet funds.
 */
function address(o: EsploraOut, networks: Set<string>): string | undefined {
  const a = o.scriptpubkey_address;
  if (!a) return undefined;
  const r = normalizeBtc(a);
  if (r.ok) return r.id;
  const d = decodeBtcAddress(a);
  if (!d.ok) return undefined;
  networks.add(d.network);
  return `btc:${d.type === 'witness' ? a.toLowerCase() : a}`;
}

function unexpectedShape(
  issue: IssueFn,
  tx: unknown,
  index: number,
  inArray: boolean,
  e: unknown,
): ParseItem {
  const txid = (tx as { txid?: unknown } | null)?.txid;
  const where =
    typeof txid === 'string' && /^[0-9a-f]{64}$/i.test(txid)
      ? `tx:${txid.toLowerCase()}`
      : inArray
        ? `$[${index}]`
        : '$';
  return issue(
    where,
    'quarantine',
    `transaction has fields of an unexpected type (${e instanceof Error ? e.message : String(e)}); not stored`,
    JSON.stringify(tx)?.slice(0, 2000) ?? null,
  );
}
