import type { IssueRow, StatementRow } from '../../model/tables.ts';
import { addDecimal, compareDecimal, fromUnits, subDecimal, toUnits } from '../../money/index.ts';
import type { ParseItem } from '../parser.ts';

export interface StatementInit {
  evidenceId: string;
  locator: string;
  account: string;
  statementId?: string | null;
  periodFrom?: string | null;
  periodTo?: string | null;
  currency?: string | null;
  openingBalance?: string | null;
  closingBalance?: string | null;
  /** A label for messages, e.g. `Stmt[1]` or `line:12`; defaults to the locator. */
  label?: string;
}

/**
 * Sums one statement's entries and checks opening + credits − debits = closing. Shared by every bank
 * parser so that reconciliation and its error message read the same whatever the format.
 */
export class StatementBuilder {
  private creditUnits = 0n;
  private debitUnits = 0n;
  private scale = 0;
  entries = 0;
  creditCount = 0;
  debitCount = 0;
  readonly init: StatementInit;

  constructor(init: StatementInit) {
    this.init = init;
  }

  /** Counts one entry; `counted` false keeps it out of the sums (e.g. pending camt entries). */
  add(direction: 'credit' | 'debit', amount: string, counted = true): void {
    this.entries++;
    if (!counted) return;
    // Sums are kept as bigint units at the widest scale seen: no re-parsing of a growing total per entry.
    const dot = amount.indexOf('.');
    const scale = dot < 0 ? 0 : amount.length - dot - 1;
    if (scale > this.scale) {
      const f = 10n ** BigInt(scale - this.scale);
      this.creditUnits *= f;
      this.debitUnits *= f;
      this.scale = scale;
    }
    const units = toUnits(amount, this.scale);
    if (direction === 'credit') {
      this.creditUnits += units;
      this.creditCount++;
    } else {
      this.debitUnits += units;
      this.debitCount++;
    }
  }

  /**
   * `count` counted entries of one direction whose amounts (at most `scale` decimals each, `scale` the
   * widest among them) sum to `total`: the state `add` would leave after adding them one by one.
   */
  addTotal(direction: 'credit' | 'debit', total: string, scale: number, count: number): void {
    if (count === 0) return;
    this.entries += count;
    if (scale > this.scale) {
      const f = 10n ** BigInt(scale - this.scale);
      this.creditUnits *= f;
      this.debitUnits *= f;
      this.scale = scale;
    }
    const units = toUnits(total, this.scale);
    if (direction === 'credit') {
      this.creditUnits += units;
      this.creditCount += count;
    } else {
      this.debitUnits += units;
      this.debitCount += count;
    }
  }

  /** Sum of counted credits, as a decimal string. */
  get credits(): string {
    return fromUnits(this.creditUnits, this.scale);
  }

  /** Sum of counted debits, as a decimal string. */
  get debits(): string {
    return fromUnits(this.debitUnits, this.scale);
  }

  /** The statement row plus an `error` issue when the balances do not reconcile. */
  finish(overrides: Partial<StatementRow> = {}): ParseItem[] {
    const i = this.init;
    const opening = i.openingBalance ?? null;
    const closing = i.closingBalance ?? null;
    let reconciled: boolean | null = null;
    const out: ParseItem[] = [];
    if (opening !== null && closing !== null) {
      const expected = subDecimal(addDecimal(opening, this.credits), this.debits);
      reconciled = compareDecimal(expected, closing) === 0;
      if (!reconciled) {
        const issue: IssueRow = {
          evidenceId: i.evidenceId,
          locator: i.locator,
          severity: 'error',
          reason:
            `statement ${i.label ?? i.locator} (${i.account}) does not reconcile: opening ${opening} + credits ` +
            `${this.credits} − debits ${this.debits} = ${expected}, but the closing balance is ${closing} ` +
            `(difference ${subDecimal(closing, expected)}); look for missing, duplicated or quarantined entries`,
          raw: null,
        };
        out.push({ kind: 'issue', issue });
      }
    }
    const row: StatementRow = {
      evidenceId: i.evidenceId,
      locator: i.locator,
      account: i.account,
      statementId: i.statementId ?? null,
      periodFrom: i.periodFrom ?? null,
      periodTo: i.periodTo ?? null,
      currency: i.currency ?? null,
      openingBalance: opening,
      closingBalance: closing,
      credits: this.credits,
      debits: this.debits,
      entries: this.entries,
      reconciled,
      ...overrides,
    };
    out.unshift({ kind: 'record', record: { table: 'statements', row } });
    return out;
  }
}
