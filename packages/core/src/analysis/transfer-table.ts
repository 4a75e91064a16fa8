import type { TransferTableBatch } from '../store/store.ts';

/**
 * The batches of `Store.scanTransferTable`, each row put at its insertion position (`seq`) as it arrives,
 * in typed arrays presized from the expected count: the staged rows are in insertion order whatever order
 * the store sent them in, and `TransferColumns.loadTable` converts them in place when they are in time
 * order too. About 56 bytes a transfer.
 */
export class TransferTableStage {
  /** One past the highest `seq` seen. */
  length = 0;
  /** Rows added. */
  rows = 0;
  from: Int32Array<ArrayBuffer>;
  to: Int32Array<ArrayBuffer>;
  tsMicros: Float64Array<ArrayBuffer>;
  currency: Int32Array<ArrayBuffer>;
  channel: Int32Array<ArrayBuffer>;
  evidence: Int32Array<ArrayBuffer>;
  amountE6: Float64Array<ArrayBuffer>;
  seq: Float64Array<ArrayBuffer>;
  /** Staged row → exact decimal, where `amountE6` is NaN. */
  readonly amountText = new Map<number, string>();
  readonly accounts: string[] = [];
  readonly currencies: string[] = [];
  readonly channels: string[] = [];
  readonly evidenceIds: string[] = [];

  constructor(expected = 0) {
    const n = Math.max(1024, expected);
    this.from = new Int32Array(n);
    this.to = new Int32Array(n);
    this.tsMicros = new Float64Array(n);
    this.currency = new Int32Array(n);
    this.channel = new Int32Array(n);
    this.evidence = new Int32Array(n);
    this.amountE6 = new Float64Array(n);
    this.seq = new Float64Array(n);
  }

  add(batch: TransferTableBatch): void {
    for (const a of batch.accounts) this.accounts.push(a);
    for (const c of batch.currencies) this.currencies.push(c);
    for (const c of batch.channels) this.channels.push(c);
    for (const e of batch.evidenceIds) this.evidenceIds.push(e);
    const n = batch.length;
    if (n === 0) return;
    const seq = batch.seq;
    const first = seq[0]!;
    let top = -1;
    let run = true;
    for (let i = 0; i < n; i++) {
      const s = seq[i]!;
      if (!(Number.isInteger(s) && s >= 0))
        throw new Error(`transfer batch row ${i}: seq ${s} is no position`);
      if (s !== first + i) run = false;
      if (s > top) top = s;
    }
    while (top >= this.from.length) this.grow();
    if (run) {
      // Consecutive positions (a DuckDB chunk): copied as blocks.
      this.from.set(batch.from.subarray(0, n), first);
      this.to.set(batch.to.subarray(0, n), first);
      this.tsMicros.set(batch.tsMicros.subarray(0, n), first);
      this.currency.set(batch.currency.subarray(0, n), first);
      this.channel.set(batch.channel.subarray(0, n), first);
      this.evidence.set(batch.evidence.subarray(0, n), first);
      this.amountE6.set(batch.amountE6.subarray(0, n), first);
      this.seq.set(seq.subarray(0, n), first);
    } else
      for (let i = 0; i < n; i++) {
        const at = seq[i]!;
        this.from[at] = batch.from[i]!;
        this.to[at] = batch.to[i]!;
        this.tsMicros[at] = batch.tsMicros[i]!;
        this.currency[at] = batch.currency[i]!;
        this.channel[at] = batch.channel[i]!;
        this.evidence[at] = batch.evidence[i]!;
        this.amountE6[at] = batch.amountE6[i]!;
        this.seq[at] = at;
      }
    for (const [r, text] of batch.amountText) this.amountText.set(seq[r]!, text);
    this.rows += n;
    if (top + 1 > this.length) this.length = top + 1;
  }

  private grow(): void {
    const cap = this.from.length * 2;
    this.from = grownCopy(this.from, cap);
    this.to = grownCopy(this.to, cap);
    this.tsMicros = grownCopy(this.tsMicros, cap);
    this.currency = grownCopy(this.currency, cap);
    this.channel = grownCopy(this.channel, cap);
    this.evidence = grownCopy(this.evidence, cap);
    this.amountE6 = grownCopy(this.amountE6, cap);
    this.seq = grownCopy(this.seq, cap);
  }
}

/**
 * The order of rows by `key`, ties by `seq` (both integers in doubles), or null when the rows are in that
 * order already. A stable LSD radix sort on the key over the rows put in `seq` order first — linear, where
 * a comparison sort of ten million indices takes seconds; keys that are not integers within 2^53 of each
 * other fall back to a comparison sort.
 */
export function orderByKeyAndSeq(key: Float64Array, seq: Float64Array, n: number): Uint32Array | null {
  let sorted = true;
  let seqSorted = true;
  for (let i = 1; i < n; i++) {
    const s = seq[i]! > seq[i - 1]!;
    if (!s) seqSorted = false;
    if (key[i]! < key[i - 1]! || (key[i] === key[i - 1] && !s)) {
      sorted = false;
      if (!seqSorted) break;
    }
  }
  if (sorted) return null;
  const order = seqSorted ? identity(n) : bySeq(seq, n);
  if (order === null) return identity(n).sort((a, b) => key[a]! - key[b]! || seq[a]! - seq[b]!);
  // Rows that arrive out of insertion order (DuckDB's parallel joins) are often in time order once put
  // back in insertion order.
  let inOrder = true;
  for (let i = 1; i < n && inOrder; i++) if (key[order[i]!]! < key[order[i - 1]!]!) inOrder = false;
  if (inOrder) return order;
  return radixByKey(key, order, n) ?? order.sort((a, b) => key[a]! - key[b]! || seq[a]! - seq[b]!);
}

/**
 * `order` stably sorted by `key` (LSD radix, 16 bits a pass, keys relative to the smallest carried as two
 * 32-bit halves next to the row index), or null when the keys are not integers within 2^53 of each other.
 */
function radixByKey(key: Float64Array, order: Uint32Array, n: number): Uint32Array | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const k = key[i]!;
    if (!Number.isInteger(k)) return null;
    if (k < min) min = k;
    if (k > max) max = k;
  }
  if (max - min > Number.MAX_SAFE_INTEGER) return null;
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const k = key[order[i]!]! - min;
    const h = Math.floor(k / 4_294_967_296);
    hi[i] = h;
    lo[i] = k - h * 4_294_967_296;
  }
  const span = max - min;
  let src: Uint32Array = order;
  let dst: Uint32Array = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  const count = new Uint32Array(65_536);
  // Pass p sorts by bits 16p … 16p+15 of the key: 0, 1 from the low half, 2, 3 from the high half.
  for (let p = 0; p < 4 && span >= 2 ** (16 * p); p++) {
    const half = p < 2 ? lo : hi;
    const shift = (p & 1) * 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(half[i]! >>> shift) & 0xffff]!++;
    let sum = 0;
    for (let d = 0; d < 65_536; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = count[(half[i]! >>> shift) & 0xffff]!++;
      dst[at] = src[i]!;
      lo2[at] = lo[i]!;
      hi2[at] = hi[i]!;
    }
    [src, dst] = [dst, src];
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  return src;
}

function identity(n: number): Uint32Array<ArrayBuffer> {
  const o = new Uint32Array(n);
  for (let i = 0; i < n; i++) o[i] = i;
  return o;
}

/** Rows in `seq` order when `seq` is a permutation of 0 … n−1 (one placement each), else null. */
function bySeq(seq: Float64Array, n: number): Uint32Array<ArrayBuffer> | null {
  const o = new Uint32Array(n);
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const s = seq[i]!;
    if (!(s >= 0 && s < n && Number.isInteger(s)) || seen[s] === 1) return null;
    seen[s] = 1;
    o[s] = i;
  }
  return o;
}

/** A typed array of the same kind with `cap` elements, `a` copied to its start (growing a column). */
export function grownCopy<T extends Int32Array | Float64Array | BigInt64Array | Uint8Array | Uint16Array>(
  a: T,
  cap: number,
): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a as never);
  return b;
}
