import type { TransferRow } from '../model/tables.ts';
import { compareDecimal } from '../money/index.ts';

/**
 * Rules for recognising one transfer seen from both ends (the sender's and the receiver's statement).
 * Documented in docs/formats/both-ends.md. Conservative on purpose: two genuinely different transfers of
 * the same amount must never merge, so an ambiguous match merges nothing.
 */
export interface SameTransferOptions {
  /** Largest clock difference between the two records when both carry a time of day. */
  windowMs: number;
  /** Largest difference when either side carries a date only (booking dates shift by a day). */
  dateOnlyWindowMs: number;
}

export const SAME_TRANSFER_DEFAULTS: SameTransferOptions = {
  windowMs: 10 * 60_000,
  dateOnlyWindowMs: 36 * 3_600_000,
};

/** The search window to ask the store for candidates of `t`. */
export function candidateWindow(
  t: TransferRow,
  options = SAME_TRANSFER_DEFAULTS,
): { from: string; to: string } {
  const at = Date.parse(t.timestamp);
  const w = Math.max(options.windowMs, options.dateOnlyWindowMs);
  return { from: new Date(at - w).toISOString(), to: new Date(at + w).toISOString() };
}

/** Whether `a` and `b` describe the same movement of money; `reason` says which rule matched. */
export function isSameTransfer(
  a: TransferRow,
  b: TransferRow,
  options = SAME_TRANSFER_DEFAULTS,
): { same: boolean; reason: string } {
  if (a.evidenceId === b.evidenceId) return { same: false, reason: 'same evidence file' };
  if (a.currency !== b.currency || compareDecimal(a.amount, b.amount) !== 0)
    return { same: false, reason: 'amount differs' };
  if (a.txId && b.txId && a.txId === b.txId) return { same: true, reason: 'same transaction reference' };
  const dateOnly = isDateOnly(a) || isDateOnly(b);
  const window = dateOnly ? options.dateOnlyWindowMs : options.windowMs;
  if (Math.abs(Date.parse(a.timestamp) - Date.parse(b.timestamp)) > window)
    return { same: false, reason: 'time differs' };
  const from = accountsAgree(a.fromAccount, b.fromAccount);
  const to = accountsAgree(a.toAccount, b.toAccount);
  if (from === 'conflict' || to === 'conflict') return { same: false, reason: 'accounts differ' };
  if (from !== 'equal' && to !== 'equal') return { same: false, reason: 'no account in common' };
  if (from === 'equal' && to === 'equal') return { same: true, reason: 'amount+time+both accounts' };
  return {
    same: true,
    reason: `amount+time+${from === 'equal' ? 'sender' : 'receiver'}+compatible counterpart`,
  };
}

/**
 * Picks the one stored transfer that `t` duplicates, or none when there is no candidate or more than one
 * equally good candidate (ambiguity never merges).
 */
export function pickSameTransfer(
  t: TransferRow,
  candidates: readonly TransferRow[],
  taken: ReadonlySet<string>,
  options = SAME_TRANSFER_DEFAULTS,
): { match?: TransferRow; reason: string } {
  const hits: Array<{ row: TransferRow; reason: string; dt: number }> = [];
  for (const c of candidates) {
    if (taken.has(c.id)) continue;
    const r = isSameTransfer(t, c, options);
    if (r.same)
      hits.push({
        row: c,
        reason: r.reason,
        dt: Math.abs(Date.parse(c.timestamp) - Date.parse(t.timestamp)),
      });
  }
  if (hits.length === 0) return { reason: 'no match' };
  hits.sort((x, y) => x.dt - y.dt);
  const [first, second] = hits;
  if (second && second.dt === first!.dt)
    return { reason: `ambiguous: ${hits.length} equally close candidates` };
  return { match: first!.row, reason: first!.reason };
}

function isDateOnly(t: TransferRow): boolean {
  return t.props?.['dateOnly'] === true || t.timestamp.endsWith('T00:00:00.000Z');
}

type Agreement = 'equal' | 'compatible' | 'conflict';

function accountsAgree(x: string | null, y: string | null): Agreement {
  if (x === null || y === null) return 'compatible';
  if (x === y) return 'equal';
  if (maskMatches(x, y) || maskMatches(y, x)) return 'compatible';
  return 'conflict';
}

/** A masked card (`card:440043******1234`) matches a full card with the same visible digits. */
function maskMatches(masked: string, full: string): boolean {
  if (!masked.startsWith('card:') || !full.startsWith('card:') || !masked.includes('*')) return false;
  const m = masked.slice(5);
  const f = full.slice(5).replace(/\*/g, '?');
  if (m.length !== f.length) return false;
  for (let i = 0; i < m.length; i++) {
    if (m[i] !== '*' && f[i] !== '?' && m[i] !== f[i]) return false;
  }
  return true;
}
