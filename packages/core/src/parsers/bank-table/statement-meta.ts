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

type MetaKey = keyof StatementMeta | 'card' | 'period';

/**
 * Whole labels, each a phrase that has to start its cell and end at a word boundary, optionally
 * followed by qualifier words (`Владелец счёта`, `Остаток на начало периода`). Matching label words
 * anywhere in a cell read `Клиентский номер` as a holder label and kept the tail of `Владелец` as the
 * holder's name; the longest phrase wins so `Владелец карты` is a label, not a name.
 */
const LABEL_PHRASES: Array<{ key: MetaKey; phrases: string[]; anywhere?: RegExp }> = [
  {
    key: 'openingBalance',
    phrases: [
      'входящий остаток',
      'остаток на начало',
      'баланс на начало',
      'opening balance',
      'бастапқы қалдық',
      'кезең басындағы қалдық',
      'сальдо на начало',
    ],
  },
  {
    key: 'closingBalance',
    phrases: [
      'исходящий остаток',
      'остаток на конец',
      'баланс на конец',
      'closing balance',
      'соңғы қалдық',
      'кезең соңындағы қалдық',
      'сальдо на конец',
    ],
  },
  { key: 'iin', phrases: ['иин/бин', 'iin/bin', 'иин', 'бин', 'жсн', 'iin', 'bin'] },
  { key: 'card', phrases: ['номер карты', 'карта нөмірі', 'card number', 'карта', 'card'] },
  {
    key: 'accountRaw',
    phrases: [
      'номер сч[её]та',
      'сч[её]т №',
      'сч[её]т',
      'лицевой сч[её]т',
      'iban',
      'account number',
      'account no.?',
      'шот нөмірі',
      'шот',
    ],
  },
  {
    key: 'holder',
    phrases: [
      'ф.?s?и.?s?о.?',
      'владелец',
      'держатель',
      'клиент',
      'получатель выписки',
      'account holder',
      'cardholder',
      'card holder',
      'customer name',
      'customer',
      'name of client',
      'client name',
      'client',
      'шот иесі',
      'карта иесі',
      'иесі',
      'аты-жөні',
      'клиенттің аты-жөні',
    ],
  },
  { key: 'currency', phrases: ['валюта сч[её]та', 'валюта', 'currency', 'шот валютасы', 'валютасы'] },
  {
    key: 'period',
    phrases: ['за период', 'период', 'period', 'statement period', 'кезең', 'кезеңі'],
    // `Выписка по счёту за период с 01.03.24 по 31.03.24`: the dates check the value, so the phrase
    // may stand anywhere in a title line.
    anywhere: /(?<!\p{L})(?:за период|период|period|кезең)(?!\p{L})/iu,
  },
];

/** Words that narrow a label without being its value: `Владелец счёта`, `ФИО клиента`. */
const QUALIFIERS = [
  'карты',
  'сч[её]та',
  'клиента',
  'владельца',
  'держателя',
  'периода',
  'выписки',
  'карточки',
  'картаның',
  'шоттың',
  'клиенттің',
  'name',
  'of account',
  'of card',
  'card',
  'account',
];

const LABELS = LABEL_PHRASES.map(({ key, phrases, anywhere }) => ({
  key,
  anywhere,
  re: new RegExp(
    `^(?:${[...phrases].sort((a, b) => b.length - a.length).join('|')})(?:\\s+(?:${QUALIFIERS.join('|')}))*(?!\\p{L})`,
    'iu',
  ),
}));

/** The longest whole label starting the cell (`Card holder` is a holder, not a card), else a title phrase. */
function matchLabel(cell: string): { key: MetaKey; end: number } | undefined {
  let best: { key: MetaKey; end: number } | undefined;
  for (const { key, re } of LABELS) {
    const m = re.exec(cell);
    if (m && (!best || m[0].length > best.end)) best = { key, end: m[0].length };
  }
  if (best) {
    // `Клиент (ИИН)`: a label in parentheses says which of the client's facts the value is.
    const paren = /^\s*\(([^)]*)\)/.exec(cell.slice(best.end));
    if (paren) {
      const inner = paren[1]?.trim() ?? '';
      const sub = matchLabel(inner);
      return {
        key: sub && sub.end === inner.length ? sub.key : best.key,
        end: best.end + paren[0].length,
      };
    }
    return best;
  }
  for (const { key, anywhere } of LABELS) {
    const m = anywhere?.exec(cell);
    if (m) return { key, end: m.index + m[0].length };
  }
  return undefined;
}

const IBAN_IN_TEXT = /\b[A-Z]{2}\d{2}[A-Z0-9]{12,30}\b/;

/**
 * Candidate values after a label ending at `end`: the rest of its cell after the label and its
 * separator (`Label: value`, `Label – value`), then the next non-empty cells.
 */
function valuesAfter(cells: readonly string[], i: number, end: number): string[] {
  const out: string[] = [];
  const cell = cells[i] ?? '';
  const rest = cell
    .slice(end)
    .replace(/^[\s:–—\-/.,;)(]+/, '')
    .trim();
  if (rest) out.push(rest);
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
function take(meta: StatementMeta, key: MetaKey, v: string): boolean {
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
      const label = matchLabel(cell);
      if (label) {
        for (const v of valuesAfter(cells, i, label.end)) if (take(meta, label.key, v)) break;
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
