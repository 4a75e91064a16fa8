/**
 * Currency of a bank account from its number alone: 1C ClientBankExchange has no currency field, so the
 * account numbers are the only evidence of what currency a document moves.
 */

/**
 * ISO 4217 numeric codes as they appear in digits 6–8 of a Russian account (Положение ЦБ РФ 579-П). Only
 * currencies Russian banks actually open accounts in: a wider table would turn placeholder numbers such
 * as `12345678901234567890` (`678`, the retired dobra) into a confident wrong answer.
 */
const RU_ACCOUNT_CURRENCY: Record<string, string> = {
  '810': 'RUB',
  '643': 'RUB',
  '840': 'USD',
  '978': 'EUR',
  '398': 'KZT',
  '156': 'CNY',
  '826': 'GBP',
  '756': 'CHF',
  '392': 'JPY',
  '933': 'BYN',
  '417': 'KGS',
  '860': 'UZS',
  '972': 'TJS',
  '980': 'UAH',
  '051': 'AMD',
  '944': 'AZN',
  '981': 'GEL',
  '949': 'TRY',
  '784': 'AED',
  '934': 'TMT',
  '344': 'HKD',
  '356': 'INR',
};

/**
 * `KZ…` IBAN → `KZT`; a 20-digit Russian account → the currency in its digits 6–8 (`810`/`643` → `RUB`,
 * `840` → `USD` …). Anything else (cards, placeholders, unknown codes) → undefined: the caller decides
 * the fallback and says so.
 */
export function currencyOfAccount(raw: string | null | undefined): string | undefined {
  const n = raw?.replace(/[\s-]/g, '').toUpperCase() ?? '';
  // Kazakh IBANs carry no currency digit; tenge is the default a Kazakh bank-client export is in, and
  // multi-currency KZ exports are not 1C files (they come as bank tables with a currency column).
  if (/^KZ\d{2}[0-9A-Z]{16}$/.test(n)) return 'KZT';
  if (/^\d{20}$/.test(n)) return RU_ACCOUNT_CURRENCY[n.slice(5, 8)];
  return undefined;
}
