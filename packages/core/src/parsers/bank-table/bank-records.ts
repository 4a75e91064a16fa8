import { normalizeAccount, normalizeIdentifier } from '../../identifiers/index.ts';
import type { HolderRow, IssueRow, TransferChannel, TransferRow } from '../../model/tables.ts';
import type { ParseItem } from '../parser.ts';

/**
 * Record helpers shared by the bank statement parsers (camt, MT940, 1C, tables): one place decides how
 * an account number becomes a CONTRACT §2 identifier and how a statement line becomes a transfer, so
 * the formats agree on direction and ids.
 */

/** Stable transfer id: the evidence prefix plus the locator (sources rarely carry a unique reference). */
export function transferId(evidenceId: string, locator: string): string {
  return `${evidenceId.slice(0, 16)}:${locator}`;
}

const IBAN_RE = /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/;
const MASKED_CARD_RE = /^\d{4,6}[*xX•]{4,9}\d{4}$/;

/**
 * A raw account reference from a statement (IBAN, card, masked card, phone alias, IIN, local account
 * number) in §2 normal form, or null when it is none of these. `bank` (BIC or national bank code) makes a
 * local number `acct:<bank>:<number>`; without it the bank is `UNKNOWN`.
 */
export function accountId(raw: string | null | undefined, bank?: string | null): string | null {
  if (!raw) return null;
  const compact = compactAccount(raw);
  if (compact === '' || /^(NOTPROVIDED|NONREF|N\/A|-+)$/i.test(compact)) return null;
  const upper = compact.toUpperCase();
  if (IBAN_RE.test(upper)) {
    const r = normalizeIdentifier(upper, 'iban');
    if (r.ok) return r.id;
  }
  if (/^\d{16,19}$/.test(compact) || MASKED_CARD_RE.test(compact)) {
    const r = normalizeIdentifier(compact, 'card');
    if (r.ok) return r.id;
  }
  if (/^\+\d{10,15}$/.test(compact) || /^[78]\d{10}$/.test(compact)) {
    const r = normalizeIdentifier(compact, 'phone');
    if (r.ok) return r.id;
  }
  if (/^\d{12}$/.test(compact)) {
    const r = normalizeIdentifier(compact, 'iin');
    if (r.ok) return r.id;
  }
  if (/^[A-Z0-9]{5,34}$/.test(upper) && /\d{4}/.test(upper)) {
    const r = normalizeAccount(bank?.trim() || 'UNKNOWN', upper);
    if (r.ok) return r.id;
    return normalizeAccount('UNKNOWN', upper).ok ? `acct:UNKNOWN:${upper}` : null;
  }
  return null;
}

/**
 * An account cell without its spaces, dashes and a phone's parentheses (`+7 (701) 123-45-67`): no card, IBAN or
 * account number has them.
 */
export function compactAccount(raw: string): string {
  return raw.replace(/[\s\u00a0\u2009\u202f()-]/g, '');
}

/** Stands for a statement's own account when the file does not name it: one per evidence file. */
export function placeholderAccount(evidenceId: string): string {
  return `acct:UNKNOWN:${evidenceId.slice(0, 16).toUpperCase()}`;
}

/** The statement's own account: like `accountId`, but never null (falls back to an evidence-scoped id). */
export function ownAccountId(
  raw: string | null | undefined,
  bank: string | null | undefined,
  evidenceId: string,
): string {
  return accountId(raw, bank) ?? placeholderAccount(evidenceId);
}

export interface EntryTransfer {
  evidenceId: string;
  locator: string;
  id?: string;
  txId?: string | null;
  timestamp: string;
  amount: string;
  currency: string;
  direction: 'credit' | 'debit';
  own: string | null;
  ownHolder?: string | null;
  counterparty: string | null;
  counterpartyName?: string | null;
  channel?: TransferChannel;
  reference?: string | null;
  /** The row's `props`; undefined, null and empty values are left out. */
  props?: Record<string, unknown>;
}

/** A debit runs own → counterparty, a credit counterparty → own. */
export function entryTransfer(e: EntryTransfer): TransferRow {
  const debit = e.direction === 'debit';
  // Empty values are dropped in place: the caller's props object is built for this row only.
  // Reused as is when it has no empty values (the parsers build it so); copied without them otherwise.
  let props: Record<string, unknown> | undefined = e.props;
  let any = false;
  let clean = true;
  for (const k in props) {
    const v = props[k];
    if (v === undefined || v === null || v === '') clean = false;
    else any = true;
  }
  if (props && !clean) {
    const copy: Record<string, unknown> = {};
    for (const k in props) {
      const v = props[k];
      if (v !== undefined && v !== null && v !== '') copy[k] = v;
    }
    props = copy;
  }
  return {
    evidenceId: e.evidenceId,
    locator: e.locator,
    id: e.id ?? transferId(e.evidenceId, e.locator),
    txId: e.txId ?? null,
    timestamp: e.timestamp,
    amount: e.amount,
    currency: e.currency,
    fromAccount: debit ? e.own : e.counterparty,
    toAccount: debit ? e.counterparty : e.own,
    fromHolder: (debit ? e.ownHolder : e.counterpartyName) ?? null,
    toHolder: (debit ? e.counterpartyName : e.ownHolder) ?? null,
    channel: e.channel ?? 'bank',
    reference: e.reference ?? null,
    props: any && props ? props : null,
  };
}

export type HolderFields = Partial<Omit<HolderRow, 'account' | 'evidenceId' | 'locator'>>;

/** Emits each (account, name, iin) holder fact once per file, however many entries repeat it. */
export class HolderSet {
  /** (name, iin) keys seen per account: a nested look-up hashes no concatenated key per row. */
  private readonly seen = new Map<string, Set<string>>();
  constructor(private readonly evidenceId: string) {}

  /** A holder name as the holder record stores it (spaces collapsed, trimmed; empty → null). */
  static normalizeName(name: string | null | undefined): string | null {
    return name?.replace(/\s+/g, ' ').trim() || null;
  }

  holder(account: string | null, locator: string, fields: HolderFields): ParseItem | undefined {
    if (!account) return undefined;
    const iin = fields.iin ?? null;
    if (!fields.holderName && !iin && !fields.institution) return undefined;
    let seen = this.seen.get(account);
    if (!seen) {
      seen = new Set();
      this.seen.set(account, seen);
    }
    // Keyed on the raw name first: repeated counterparties cost one Set look-up.
    const rawKey = iin === null ? (fields.holderName ?? '') : `${fields.holderName ?? ''}\u0000${iin}`;
    if (seen.has(rawKey)) return undefined;
    seen.add(rawKey);
    const name = HolderSet.normalizeName(fields.holderName);
    const key = iin === null ? (name ?? '') : `${name ?? ''}\u0000${iin}`;
    if (key !== rawKey) {
      if (seen.has(key)) return undefined;
      seen.add(key);
    }
    const row: HolderRow = {
      evidenceId: this.evidenceId,
      locator,
      account,
      holderName: name,
      iin,
      passport: fields.passport ?? null,
      nationality: fields.nationality ?? null,
      birthdate: fields.birthdate ?? null,
      phone: fields.phone ?? null,
      address: fields.address ?? null,
      institution: fields.institution ?? null,
      openedAt: fields.openedAt ?? null,
    };
    return { kind: 'record', record: { table: 'holders', row } };
  }
}

/** A valid Kazakhstan IIN/BIN in `iin:` form, else null (Russian INNs and other tax ids fail mod-11). */
export function iinOf(raw: string | null | undefined): string | null {
  const d = raw?.replace(/\D/g, '') ?? '';
  if (d.length !== 12) return null;
  const r = normalizeIdentifier(d, 'iin');
  return r.ok ? r.id : null;
}

export function issue(
  evidenceId: string,
  locator: string,
  severity: IssueRow['severity'],
  reason: string,
  raw: string | null = null,
): ParseItem {
  return {
    kind: 'issue',
    issue: { evidenceId, locator, severity, reason, raw: raw === null ? null : raw.slice(0, 2000) },
  };
}

/** ISO UTC timestamp from calendar parts and an offset in minutes east of UTC; undefined if not a real date. */
export function isoFromParts(
  y: number,
  mo: number,
  d: number,
  h = 0,
  mi = 0,
  s = 0,
  offsetMin = 0,
): string | undefined {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  if (d > days) return undefined;
  return isoOfMs(Date.UTC(y, mo - 1, d, h, mi, s) - offsetMin * 60_000);
}

const DAY_MS = 86_400_000;
const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
let lastDay = Number.NaN;
let lastPrefix = '';

/**
 * `new Date(ms).toISOString()` for statement timestamps: rows run through a few days, so the date part is
 * formatted once per day (toISOString is most of a row's date cost).
 */
function isoOfMs(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  const rest = ms - day * DAY_MS;
  // Whole seconds only (the parts have no milliseconds); years outside 0000–9999 take the general path.
  if (rest % 1000 !== 0 || ms < -62_167_219_200_000 || ms >= 253_402_300_800_000) {
    return new Date(ms).toISOString();
  }
  if (day !== lastDay) {
    lastDay = day;
    lastPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  const sec = rest / 1000;
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec - h * 3600) / 60);
  return `${lastPrefix}${PAD2[h]}:${PAD2[m]}:${PAD2[sec - h * 3600 - m * 60]}.000Z`;
}

/** `+05:00`, `+0500`, `Z`, `UTC+5` → minutes east of UTC; undefined when unreadable. */
export function parseOffset(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const t = text.trim().replace(/^UTC|^GMT/i, '');
  if (t === '' || t === 'Z' || t === 'z') return 0;
  const m = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(t);
  if (!m) return undefined;
  const v = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -v : v;
}

/** `2014-12-31` or `2014-12-31T10:00:00+01:00` (camt ISODate / ISODateTime) → ISO UTC. */
export function isoDateTime(text: string | null | undefined, defaultOffsetMin = 0): string | undefined {
  if (!text) return undefined;
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
      text.trim(),
    );
  if (!m) return undefined;
  const off = m[7] ? parseOffset(m[7]) : defaultOffsetMin;
  return isoFromParts(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    off ?? 0,
  );
}

/** Reads at least `minBytes` (or the whole stream) so that a format can be sniffed, then replays it with the rest. */
export async function peekChunks(
  chunks: AsyncIterable<Uint8Array>,
  minBytes = 1,
): Promise<{ head: Uint8Array; all: AsyncIterable<Uint8Array> }> {
  const it = chunks[Symbol.asyncIterator]();
  const first: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < minBytes) {
    const n = await it.next();
    if (n.done) {
      done = true;
      break;
    }
    first.push(n.value);
    size += n.value.length;
  }
  const head = first.length === 1 && first[0] ? first[0] : concat(first, size);
  async function* all(): AsyncIterable<Uint8Array> {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  }
  return { head, all: all() };
}

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Passes chunks through, telling `onProgress` the bytes consumed so far (ParseContext's contract). */
export async function* withProgress(
  chunks: AsyncIterable<Uint8Array>,
  onProgress: ((bytesRead: number) => void) | undefined,
): AsyncIterable<Uint8Array> {
  if (!onProgress) {
    yield* chunks;
    return;
  }
  let n = 0;
  for await (const c of chunks) {
    n += c.length;
    yield c;
    onProgress(n);
  }
}

export async function collectBytes(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const c of chunks) {
    parts.push(c);
    size += c.length;
  }
  if (parts.length === 1 && parts[0]) return parts[0];
  return concat(parts, size);
}
