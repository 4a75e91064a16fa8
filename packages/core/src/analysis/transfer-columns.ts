import type { TransferChannel, TransferRow } from '../model/tables.ts';
import type { TransferColumnBatch, TransferIdText } from '../store/store.ts';
import { grownCopy, orderByKeyAndSeq, type TransferTableStage } from './transfer-table.ts';
import { type CachedRate, exactMicroOfUnits, microOfUnits, type UsdConverter } from './usd-converter.ts';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export const CHANNELS: readonly TransferChannel[] = [
  'card2card',
  'bank',
  'cash',
  'crypto',
  'exchange',
  'p2p',
  'other',
];

/**
 * All transfers of a case as typed columns (about 30 bytes a transfer plus its id) so that ten million
 * of them fit in memory without holding row objects. Accounts are interned to dense integers; -1 means
 * "no account on this side" (cash). Rows are kept in timestamp order (`sortByTime`).
 */
export class TransferColumns {
  accounts: string[] = [];
  readonly accountIndex = new Map<string, number>();
  /** First holder name seen on a transfer for an account (weak: used only where no KYC exists). */
  readonly holderNames = new Map<number, string>();
  length = 0;
  from = new Int32Array(1024);
  to = new Int32Array(1024);
  ts = new Float64Array(1024);
  /** Micro-USD; 0 with `unconverted` set when no rate existed. */
  micro = new BigInt64Array(1024);
  /** `micro` as doubles (exact below 2^53 micro-USD, $9 billion a transfer) for hot loops without BigInts. */
  microNum = new Float64Array(1024);
  channel = new Uint8Array(1024);
  /** Index into `evidenceIds` of the file each row came from. */
  evidence = new Uint16Array(1024);
  evidenceIds: string[] = [];
  private readonly evidenceIndex = new Map<string, number>();
  ids: string[] = [];
  unconverted = 0;

  intern(account: string): number {
    let i = this.accountIndex.get(account);
    if (i === undefined) {
      i = this.accounts.length;
      this.accounts.push(account);
      this.accountIndex.set(account, i);
    }
    return i;
  }

  add(
    row: Pick<
      TransferRow,
      'id' | 'timestamp' | 'amount' | 'currency' | 'fromAccount' | 'toAccount' | 'channel'
    > &
      Partial<Pick<TransferRow, 'fromHolder' | 'toHolder' | 'evidenceId'>>,
    usd: UsdConverter,
  ): void {
    this.#append(
      row.fromAccount ? this.intern(row.fromAccount) : -1,
      row.toAccount ? this.intern(row.toAccount) : -1,
      Date.parse(row.timestamp),
      usd.toMicro(row.amount, row.currency, row.timestamp),
      row.channel,
      row.id,
      row.evidenceId ?? '',
      row.fromHolder ?? null,
      row.toHolder ?? null,
    );
  }

  /** One row into the columns; `f`/`t` are interned account indices (-1: none). */
  #append(
    f: number,
    t: number,
    ts: number,
    m: bigint | null,
    channel: string,
    id: string,
    evidenceId: string,
    fromHolder: string | null,
    toHolder: string | null,
  ): void {
    if (this.length === this.from.length) this.grow();
    if (this.lazyIds) {
      this.ids = Array.from(this.ids);
      this.lazyIds = false;
    }
    const n = this.length++;
    this.from[n] = f;
    this.to[n] = t;
    this.ts[n] = ts;
    if (m === null) this.unconverted++;
    this.micro[n] = m ?? 0n;
    this.microNum[n] = m === null ? 0 : Number(m);
    const c = CHANNELS.indexOf(channel as TransferChannel);
    this.channel[n] = c < 0 ? 6 : c;
    this.ids.push(id);
    let e = this.evidenceIndex.get(evidenceId);
    if (e === undefined) {
      e = this.evidenceIds.length;
      this.evidenceIds.push(evidenceId);
      this.evidenceIndex.set(evidenceId, e);
    }
    this.evidence[n] = e;
    if (f >= 0 && fromHolder && !this.holderNames.has(f)) this.holderNames.set(f, fromHolder);
    if (t >= 0 && toHolder && !this.holderNames.has(t)) this.holderNames.set(t, toHolder);
  }

  /**
   * Appends a column batch from `Store.scanTransferColumns`: the same result as `add` on each row (accounts
   * interned in order of first use), without an account string or a date parse per row.
   */
  addBatch(batch: TransferColumnBatch, usd: UsdConverter): void {
    for (const a of batch.accounts) this.storeCodes.push(a);
    if (this.codeMap.length < this.storeCodes.length) {
      const m = new Int32Array(Math.max(this.storeCodes.length, this.codeMap.length * 2)).fill(-1);
      m.set(this.codeMap);
      this.codeMap = m;
    }
    const map = (code: number): number => {
      if (code < 0) return -1;
      let i = this.codeMap[code]!;
      if (i < 0) {
        i = this.intern(this.storeCodes[code]!);
        this.codeMap[code] = i;
      }
      return i;
    };
    for (let r = 0; r < batch.length; r++) {
      const [id, amount, currency, channel, evidenceId, fromHolder, toHolder] = batch.rows[r]!;
      const ts = batch.ts[r]!;
      this.#append(
        map(batch.from[r]!),
        map(batch.to[r]!),
        ts,
        usd.toMicro(amount, currency, this.dayOf(ts)),
        channel,
        id,
        evidenceId,
        fromHolder,
        toHolder,
      );
    }
  }

  /**
   * Fills these (empty) columns from the staged batches of `Store.scanTransferTable`: the same columns as
   * `addBatch` over `scanTransferColumns` — rows by time then insertion, accounts and evidence files
   * interned in order of first use, micro-USD as `toMicro` gives it — except the ids, which come after
   * (`setIds`). Returns each row's insertion position (`seq`) for `setIds`.
   */
  loadTable(stage: TransferTableStage, usd: UsdConverter): Float64Array {
    if (this.length !== 0) throw new Error('loadTable needs empty transfer columns');
    const n = stage.length;
    if (stage.rows !== n)
      throw new Error(
        `the store sent ${stage.rows} transfers for positions 0 … ${n - 1}: seq must number them once each`,
      );
    const order = orderByKeyAndSeq(stage.tsMicros, stage.seq, n);
    // Rows already in time order are converted in place (each row is read before it is written): no
    // second set of ten-million-row arrays to allocate and fault in.
    const inPlace = order === null;
    const cap = inPlace ? stage.from.length : Math.max(1024, n);
    const from = inPlace ? stage.from : new Int32Array(cap);
    const to = inPlace ? stage.to : new Int32Array(cap);
    const ts = inPlace ? stage.tsMicros : new Float64Array(cap);
    const micro = new BigInt64Array(cap);
    const microNum = inPlace ? stage.amountE6 : new Float64Array(cap);
    const channel = new Uint8Array(cap);
    const evidence = new Uint16Array(cap);
    const seq = inPlace ? stage.seq : new Float64Array(n);
    const halves = LITTLE_ENDIAN ? new Uint32Array(micro.buffer) : null;
    const accountOf = new Int32Array(stage.accounts.length).fill(-1);
    const evidenceOf = new Int32Array(stage.evidenceIds.length).fill(-1);
    const channelOf = stage.channels.map((c) => {
      const i = CHANNELS.indexOf(c as TransferChannel);
      return i < 0 ? 6 : i;
    });
    // Rates by currency for the current day: rows come in time order, so the day changes rarely.
    let rateDay = Number.NaN;
    let dayText = '';
    const rates: Array<CachedRate | string | undefined> = new Array(stage.currencies.length);
    const sFrom = stage.from;
    const sTo = stage.to;
    const sTs = stage.tsMicros;
    const sCur = stage.currency;
    const sCh = stage.channel;
    const sEv = stage.evidence;
    const sAmt = stage.amountE6;
    const sSeq = stage.seq;
    for (let r = 0; r < n; r++) {
      const i = order === null ? r : order[r]!;
      const fc = sFrom[i]!;
      let f = -1;
      if (fc >= 0) {
        f = accountOf[fc]!;
        if (f < 0) f = accountOf[fc] = this.intern(stage.accounts[fc]!);
      }
      const tc = sTo[i]!;
      let t = -1;
      if (tc >= 0) {
        t = accountOf[tc]!;
        if (t < 0) t = accountOf[tc] = this.intern(stage.accounts[tc]!);
      }
      from[r] = f;
      to[r] = t;
      // Epoch milliseconds truncated like DuckDB's epoch_ms (and exact for the ISO milliseconds of rows).
      const ms = Math.trunc(sTs[i]! / 1000);
      ts[r] = ms;
      seq[r] = sSeq[i]!;
      channel[r] = channelOf[sCh[i]!] ?? 6;
      const ec = sEv[i]!;
      let e = ec < 0 ? this.evidenceCode('') : evidenceOf[ec]!;
      if (e < 0) e = evidenceOf[ec] = this.evidenceCode(stage.evidenceIds[ec]!);
      evidence[r] = e;

      const day = Math.floor(ms / 86_400_000);
      if (day !== rateDay) {
        rateDay = day;
        dayText = this.dayOf(ms);
        rates.fill(undefined);
      }
      const cu = sCur[i]!;
      let rate = rates[cu];
      if (rate === undefined) rate = rates[cu] = usd.rateOn(stage.currencies[cu]!, dayText);
      const e6 = sAmt[i]!;
      if (typeof rate === 'string') {
        usd.noteMissing(stage.currencies[cu]!, dayText, rate);
        this.unconverted++;
        microNum[r] = 0;
        continue;
      }
      let m = Number.NaN;
      let big: bigint | null = null;
      if (!Number.isNaN(e6)) {
        // Fewest decimals (the same value, smaller products on the way); whole and 2-decimal amounts
        // first. A quotient of an integer below 2^53 by 10^k is an integer exactly when it divides.
        let units = e6 / 1e6;
        let scale = 0;
        if (!Number.isInteger(units)) {
          units = e6 / 1e4;
          scale = 2;
          if (!Number.isInteger(units)) {
            units = e6;
            scale = 6;
            while (units % 10 === 0) {
              units /= 10;
              scale--;
            }
          }
        }
        m = microOfUnits(units, scale, rate);
        if (Number.isNaN(m)) big = exactMicroOfUnits(BigInt(units), scale, rate.big);
      } else big = usd.toMicro(stage.amountText.get(i) ?? '0', stage.currencies[cu]!, dayText);
      if (big !== null) {
        micro[r] = big;
        microNum[r] = Number(big);
      } else {
        microNum[r] = m;
        // Two 32-bit halves instead of a BigInt per row (little-endian, non-negative below 2^53).
        if (halves && m >= 0) {
          const hi = Math.floor(m / 4_294_967_296);
          halves[2 * r] = m - hi * 4_294_967_296;
          halves[2 * r + 1] = hi;
        } else micro[r] = BigInt(m);
      }
    }
    this.from = from;
    this.to = to;
    this.ts = ts;
    this.micro = micro;
    this.microNum = microNum;
    this.channel = channel;
    this.evidence = evidence;
    this.length = n;
    this.ids = new Array<string>(n);
    return seq;
  }

  /**
   * The ids of the rows `loadTable` loaded, from `Store.transferIds` (insertion order); `seqOfRow` is what
   * `loadTable` returned. `ids` then reads an id from the store's texts when it is asked for (the analysis
   * cites a few thousand of ten million): no string per transfer to make, hold and garbage-collect.
   * Throws when the counts differ (the case changed while it was read).
   */
  async setIds(
    seqOfRow: Float64Array,
    idsInSeqOrder: AsyncIterable<string[] | TransferIdText>,
  ): Promise<void> {
    const n = this.length;
    const starts: number[] = [];
    const chunks: Array<string[] | TransferIdText> = [];
    let s = 0;
    for await (const chunk of idsInSeqOrder) {
      starts.push(s);
      chunks.push(chunk);
      s += Array.isArray(chunk) ? chunk.length : chunk.count;
    }
    if (s !== n)
      throw new Error(
        `the store gave ${s} transfer ids for ${n} transfers: the case changed while it was analysed; run the analysis again`,
      );
    this.ids = lazyIds(n, seqOfRow, starts, chunks);
    this.lazyIds = true;
  }
  private lazyIds = false;

  /**
   * `holderNames` from `Store.firstTransferHolders` (each account's first holder name in row order, in the
   * order they first appear): what `add` collects row by row.
   */
  async setHolders(firstHolders: AsyncIterable<Array<[string, string]>>): Promise<void> {
    for await (const batch of firstHolders)
      for (const [account, holder] of batch) {
        const a = this.accountIndex.get(account);
        if (a !== undefined && holder && !this.holderNames.has(a)) this.holderNames.set(a, holder);
      }
  }

  private evidenceCode(evidenceId: string): number {
    let e = this.evidenceIndex.get(evidenceId);
    if (e === undefined) {
      e = this.evidenceIds.length;
      this.evidenceIds.push(evidenceId);
      this.evidenceIndex.set(evidenceId, e);
    }
    return e;
  }

  /** `YYYY-MM-DD` of an epoch-ms time, cached per day (rates are looked up by day). */
  private dayOf(ts: number): string {
    const day = Math.floor(ts / 86_400_000);
    if (day !== this.lastDay) {
      this.lastDay = day;
      this.lastDayText = new Date(day * 86_400_000).toISOString().slice(0, 10);
    }
    return this.lastDayText;
  }
  private lastDay = Number.NaN;
  private lastDayText = '';
  private readonly storeCodes: string[] = [];
  private codeMap = new Int32Array(0);

  private grow(): void {
    const cap = this.from.length * 2;
    this.from = grownCopy(this.from, cap);
    this.to = grownCopy(this.to, cap);
    this.ts = grownCopy(this.ts, cap);
    this.micro = grownCopy(this.micro, cap);
    this.microNum = grownCopy(this.microNum, cap);
    this.channel = grownCopy(this.channel, cap);
    this.evidence = grownCopy(this.evidence, cap);
  }

  /** Reorders rows by timestamp (stable); a no-op when the source already delivered them in order. */
  sortByTime(): void {
    let sorted = true;
    for (let i = 1; i < this.length; i++) {
      if (this.ts[i]! < this.ts[i - 1]!) {
        sorted = false;
        break;
      }
    }
    if (sorted) return;
    const order = new Uint32Array(this.length);
    for (let i = 0; i < this.length; i++) order[i] = i;
    const ts = this.ts;
    order.sort((a, b) => ts[a]! - ts[b]! || a - b);
    const perm = <T extends Int32Array | Float64Array | BigInt64Array | Uint8Array | Uint16Array>(
      a: T,
    ): T => {
      const b = a.slice(0, this.length) as T;
      for (let i = 0; i < this.length; i++)
        (b as unknown as number[])[i] = (a as unknown as number[])[order[i]!]!;
      return b;
    };
    this.from = perm(this.from);
    this.to = perm(this.to);
    this.ts = perm(this.ts);
    this.micro = perm(this.micro);
    this.microNum = perm(this.microNum);
    this.channel = perm(this.channel);
    this.evidence = perm(this.evidence);
    const ids = this.ids;
    this.ids = Array.from(order, (o) => ids[o]!);
  }

  /** Row indices per account, in time order: outgoing and incoming (built lazily, CSR layout). */
  adjacency(): Adjacency {
    if (this.adj) return this.adj;
    const n = this.accounts.length;
    const outStart = new Uint32Array(n + 1);
    const inStart = new Uint32Array(n + 1);
    for (let i = 0; i < this.length; i++) {
      const f = this.from[i]!;
      const t = this.to[i]!;
      if (f >= 0) outStart[f + 1]!++;
      if (t >= 0) inStart[t + 1]!++;
    }
    for (let a = 0; a < n; a++) {
      outStart[a + 1]! += outStart[a]!;
      inStart[a + 1]! += inStart[a]!;
    }
    const outRows = new Uint32Array(outStart[n]!);
    const inRows = new Uint32Array(inStart[n]!);
    const oc = outStart.slice(0, n);
    const ic = inStart.slice(0, n);
    for (let i = 0; i < this.length; i++) {
      const f = this.from[i]!;
      const t = this.to[i]!;
      if (f >= 0) outRows[oc[f]!++] = i;
      if (t >= 0) inRows[ic[t]!++] = i;
    }
    this.adj = { outStart, outRows, inStart, inRows };
    return this.adj;
  }
  private adj: Adjacency | undefined;
}

/**
 * `ids` of `TransferColumns.setIds`: an array in every way the analysis uses one (index, length,
 * iteration) whose entries are cut from the store's id texts on demand, through an offsets table made the
 * first time a text is used.
 */
function lazyIds(
  n: number,
  seqOfRow: Float64Array,
  starts: readonly number[],
  chunks: ReadonlyArray<string[] | TransferIdText>,
): string[] {
  const offsets = new Map<number, Uint32Array>();
  const idOfSeq = (q: number): string => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= q) lo = mid;
      else hi = mid - 1;
    }
    const chunk = chunks[lo]!;
    const k = q - starts[lo]!;
    if (Array.isArray(chunk)) return chunk[k]!;
    let at = offsets.get(lo);
    if (!at) {
      at = new Uint32Array(chunk.count + 1);
      let p = 0;
      for (let j = 1; j < chunk.count; j++) {
        p = chunk.text.indexOf(chunk.separator, p) + chunk.separator.length;
        at[j] = p;
      }
      at[chunk.count] = chunk.text.length + chunk.separator.length;
      offsets.set(lo, at);
    }
    return chunk.text.slice(at[k]!, at[k + 1]! - chunk.separator.length);
  };
  const idOf = (r: number) => idOfSeq(seqOfRow[r]!);
  return new Proxy<string[]>([], {
    get(target, key, receiver) {
      if (typeof key === 'string') {
        const c = key.charCodeAt(0);
        if (c >= 48 && c <= 57) {
          const r = Number(key);
          return Number.isInteger(r) && r < n ? idOf(r) : undefined;
        }
        if (key === 'length') return n;
      } else if (key === Symbol.iterator)
        return function* () {
          for (let r = 0; r < n; r++) yield idOf(r);
        };
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) return Number(key) < n;
      return Reflect.has(target, key);
    },
    set() {
      throw new Error('transfer ids read from the store are read-only');
    },
  });
}

export interface Adjacency {
  outStart: Uint32Array;
  outRows: Uint32Array;
  inStart: Uint32Array;
  inRows: Uint32Array;
}

export function channelName(c: number): TransferChannel {
  return CHANNELS[c] ?? 'other';
}

export function accountKind(id: string): string {
  const p = id.indexOf(':');
  return p < 0 ? 'unknown' : id.slice(0, p);
}

export function isCryptoAccount(id: string): boolean {
  return id.startsWith('tron:') || id.startsWith('btc:') || id.startsWith('eth:');
}
