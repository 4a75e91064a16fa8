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

/** The value after a label: `Label: value` in one cell, or the next non-empty cell of the row. */
function valueAfter(cells: readonly string[], i: number, re: RegExp): string | undefined {
  const cell = cells[i] ?? '';
  const m = re.exec(cell);
  if (m) {
    const rest = cell
      .slice((m.index ?? 0) + m[0].length)
      .replace(/^[\s:–—-]+/, '')
      .trim();
    if (rest) return rest;
  }
  for (let j = i + 1; j < cells.length; j++) {
    const v = cells[j]?.trim();
    if (v) return v;
  }
  return undefined;
}

function signedAmount(text: string): string | undefined {
  const r = parseAmount(text.replace(/^([+\-−–])\s+/, '$1').replace(/^[−–]/, '-'));
  return r.ok ? r.value : undefined;
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
        const v = valueAfter(cells, i, re);
        if (!v) continue;
        switch (key) {
          case 'openingBalance':
          case 'closingBalance': {
            const a = signedAmount(v);
            if (a !== undefined && meta[key] === undefined) meta[key] = a;
            break;
          }
          case 'iin':
            if (!meta.iin) {
              const iin = iinOf(v);
              if (iin) meta.iin = iin;
            }
            break;
          case 'card':
          case 'accountRaw': {
            const iban = IBAN_IN_TEXT.exec(v.replace(/\s/g, ''))?.[0];
            const acct = accountId(iban ?? v);
            if (acct && !meta.account) {
              meta.account = acct;
              meta.accountRaw = v;
            } else if (!meta.accountRaw) meta.accountRaw = v;
            break;
          }
          case 'holder':
            if (!meta.holder && /\p{L}{2,}/u.test(v) && !/\d{4}/.test(v)) meta.holder = v;
            break;
          case 'currency':
            if (!meta.currency) {
              const c = normalizeCurrency(v);
              if (c) meta.currency = c;
            }
            break;
          case 'period': {
            const dates = [...v.matchAll(/\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{2}-\d{2}/g)].map((d) =>
              parseTableDate(d[0]),
            );
            if (dates[0] && !meta.periodFrom) meta.periodFrom = dates[0].slice(0, 10);
            if (dates[1] && !meta.periodTo) meta.periodTo = dates[1].slice(0, 10);
            break;
          }
        }
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
