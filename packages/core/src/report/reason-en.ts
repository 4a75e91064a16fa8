/**
 * The English report's wording of the analysis's role reasons (analysis/assign-roles.ts, analyze-case-data.ts). The
 * findings JSON keeps the reasons as the analysis writes them (CONTRACT.md §4: `1 customer(s)`, `with 1 buyers`); the
 * rendered report says each count with its noun in the right number: `1 customer`, `2 accounts`, `1 buyer`. A noun
 * counted by a list that follows it (`administers flagged chat(s) c1, c2`) takes the list's number. Nothing else of
 * the text changes.
 */

/** Plurals the analysis writes after a count regardless of it (`with 1 buyers`), with their singulars. */
const SINGULAR: Record<string, string> = {
  buyers: 'buyer',
  customers: 'customer',
  counterparties: 'counterparty',
  wallets: 'wallet',
  debits: 'debit',
  credits: 'credit',
  operations: 'operation',
  orders: 'order',
  trades: 'trade',
  accounts: 'account',
  payers: 'payer',
  payees: 'payee',
  chats: 'chat',
  messages: 'message',
  hours: 'hour',
  days: 'day',
  months: 'month',
  members: 'member',
};

/** `noun(s)` → `noun` or `nouns` (`-y` → `-ies`). */
const plural = (noun: string, many: boolean) =>
  !many ? noun : /[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`;

export function reasonEn(text: string): string {
  return (
    text
      // `2 sale-labelled message(s)`, `1 small payment(s)`, `3 drop report(s)`: by the count before the noun.
      .replace(
        /\b(\d[\d,]*) ((?:[\w-]+ ){0,2}?)([A-Za-z-]+)\(s\)/g,
        (_, n: string, mid: string, noun: string) =>
          `${n} ${mid}${plural(noun, n.replace(/,/g, '') !== '1')}`,
      )
      // `chat(s) c1, c2`, `exchanger(s) A, paying from …`, `post(s): x; y`: by the list after the noun.
      .replace(/\b([A-Za-z-]+)\(s\)(: | )([^()]*)/g, (_, noun: string, sep: string, rest: string) => {
        const list = sep === ': ' ? rest : rest.split(/;|, paying from /)[0]!;
        const many = sep === ': ' ? list.includes('; ') : list.includes(', ');
        return `${plural(noun, many)}${sep}${rest}`;
      })
      // `with 1 buyers`, `from 1 dropper accounts`.
      .replace(/\b1 ([a-z]+)\b/g, (whole, noun: string) => (SINGULAR[noun] ? `1 ${SINGULAR[noun]}` : whole))
      .replace(/\b1 ([\w/-]+) ([a-z]+)\b/g, (whole, mid: string, noun: string) =>
        SINGULAR[noun] ? `1 ${mid} ${SINGULAR[noun]}` : whole,
      )
  );
}
