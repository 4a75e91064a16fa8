import { normalizeCurrency, parseAmount } from '../../money/index.ts';
import { accountId, iinOf } from './bank-records.ts';
import { parseTableDate } from './table-date.ts';

/** What the rows above (or below) a statement table say about it. */
export interface StatementMeta {
  account?: string;
  accountRaw?: string;
  holder?: string;
  iin?: string;
  currency?: string;
  openingBalance?: string;
  closingBalance?: string;
  periodFrom?: string;
  periodTo?: string;
  bank?: string;
}

const LABELS: Array<{ key: keyof StatementMeta | 'card' | 'period'; re: RegExp }> = [
  {
    key: 'openingBalance',
    re: /(входящий остаток|остаток на начало|баланс на начало|opening balance|бастапқы қалдық|кезең басындағы қалдық|сальдо на начало)/i,
  },
  {
    key: 'closingBalance',
    re: /(исходящий остаток|остаток на конец|баланс на конец|closing balance|соңғы қалдық|кезең соңындағы қалдық|сальдо на конец)/i,
  },
  { key: 'iin', re: /(^|[^а-яa-z])(иин|бин|жсн|iin)([^а-яa-z]|$)/i },
  { key: 'card', re: /(номер карты|карта нөмірі|card number|^карта\b)/i },
  {
    key: 'accountRaw',
    re: /(номер сч[её]та|сч[её]т №|^сч[её]т\b|iban|account number|шот нөмірі|лицевой сч[её]т)/i,
  },
  {
    key: 'holder',
    re: /(фио|владел|держател|клиент|account holder|cardholder|customer name|иесі|аты-жөні|name of client)/i,
  },
  { key: 'currency', re: /(валюта сч[её]та|валюта|currency|шот валютасы)/i },
  { key: 'period', re: /(период|period|кезең|за период)/i },
];

const IBAN_IN_TEXT = /\b[A-Z]{2}\d{2}[A-Z0-9]{12,30}\b/;

/** Candidate values after a label: the rest of its cell (`Label: value`), then the next non-empty cells. */
function valuesAfter(cells: readonly string[], i: number, re: RegExp): string[] {
  const out: string[] = [];
  const cell = cells[i] ?? '';
  const m = re.exec(cell);
  if (m) {
    const rest = cell
      .slice((m.index ?? 0) + m[0].length)
      .replace(/^\p{L}+/u, '') // the rest of the label's word: `Владел|ец:`
      .replace(/^[\s:–—-]+/, '')
      .trim();
    if (rest) out.push(rest);
  }
  for (let j = i + 1; j < cells.length && out.length < 4; j++) {
    const v = cells[j]?.trim();
    if (v && v !== cell.trim()) out.push(v);
  }
  return out;
}

function signedAmount(text: string): string | undefined {
  const r = parseAmount(text.replace(/^([+\-−–])\s+/, '$1').replace(/^[−–]/, '-'));
  return r.ok ? r.value : undefined;
}

/** Records one labelled value when it fits the label; false lets the caller try the next candidate. */
function take(meta: StatementMeta, key: (typeof LABELS)[number]['key'], v: string): boolean {
  switch (key) {
    case 'openingBalance':
    case 'closingBalance': {
      const a = signedAmount(v);
      if (a === undefined) return false;
      if (meta[key] === undefined) meta[key] = a;
      return true;
    }
    case 'iin': {
      const iin = iinOf(v);
      if (!iin) return false;
      meta.iin ??= iin;
      return true;
    }
    case 'card':
    case 'accountRaw': {
      const iban = IBAN_IN_TEXT.exec(v.replace(/\s/g, ''))?.[0];
      const acct = accountId(iban ?? v);
      if (acct && !meta.account) {
        meta.account = acct;
        meta.accountRaw = v;
        return true;
      }
      if (!/\d{4}|\*/.test(v)) return false;
      meta.accountRaw ??= v;
      return true;
    }
    case 'holder':
      if (!/\p{L}{2,}/u.test(v) || /\d{4}/.test(v)) return false;
      meta.holder ??= v;
      return true;
    case 'currency': {
      const c = normalizeCurrency(v);
      if (!c) return false;
      meta.currency ??= c;
      return true;
    }
    case 'period': {
      const dates = [...v.matchAll(/\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{2}-\d{2}/g)].map((d) =>
        parseTableDate(d[0]),
      );
      if (!dates[0]) return false;
      meta.periodFrom ??= dates[0].slice(0, 10);
      if (dates[1]) meta.periodTo ??= dates[1].slice(0, 10);
      return true;
    }
  }
  return false;
}

/** Reads labelled facts (account, holder, IIN, currency, balances, period) from statement metadata rows. */
export function readStatementMeta(
  rows: readonly (readonly string[])[],
  into: StatementMeta = {},
): StatementMeta {
  const meta = into;
  for (const cells of rows) {
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]?.trim() ?? '';
      if (cell === '' || cell.length > 200) continue;
      for (const { key, re } of LABELS) {
        if (!re.test(cell)) continue;
        const values = valuesAfter(cells, i, re);
        for (const v of values) if (take(meta, key, v)) break;
        break;
      }
      // An IBAN standing alone in the header block is the statement's own account.
      if (!meta.account) {
        const iban = IBAN_IN_TEXT.exec(cell.replace(/\s/g, ''))?.[0];
        const acct = iban ? accountId(iban) : null;
        if (acct?.startsWith('iban:')) meta.account = acct;
      }
    }
  }
  return meta;
}
