/**
 * Currency names as written in statements and chats → ISO 4217 code or asset ticker, and the number of
 * decimals each is kept at.
 */

const ALIASES: Record<string, string> = {
  '₸': 'KZT',
  тг: 'KZT',
  'тг.': 'KZT',
  тенге: 'KZT',
  теңге: 'KZT',
  tg: 'KZT',
  tenge: 'KZT',
  kzt: 'KZT',
  '₽': 'RUB',
  руб: 'RUB',
  'руб.': 'RUB',
  рубль: 'RUB',
  рубля: 'RUB',
  рублей: 'RUB',
  р: 'RUB',
  'р.': 'RUB',
  rub: 'RUB',
  rur: 'RUB',
  $: 'USD',
  usd: 'USD',
  us$: 'USD',
  долл: 'USD',
  'долл.': 'USD',
  доллар: 'USD',
  доллара: 'USD',
  долларов: 'USD',
  бакс: 'USD',
  баксов: 'USD',
  '€': 'EUR',
  eur: 'EUR',
  евро: 'EUR',
  usdt: 'USDT',
  tether: 'USDT',
  usdc: 'USDC',
  btc: 'BTC',
  '₿': 'BTC',
  eth: 'ETH',
  trx: 'TRX',
  bnb: 'BNB',
  сум: 'UZS',
  сўм: 'UZS',
  "so'm": 'UZS',
  'so‘m': 'UZS',
  som: 'KGS',
  uzs: 'UZS',
  сом: 'KGS',
  kgs: 'KGS',
  '⃀': 'KGS',
  сомонӣ: 'TJS',
  сомони: 'TJS',
  смн: 'TJS',
  tjs: 'TJS',
  '¥': 'CNY',
  юань: 'CNY',
  юаней: 'CNY',
  cny: 'CNY',
  '₺': 'TRY',
  try: 'TRY',
  aed: 'AED',
  дирхам: 'AED',
  '£': 'GBP',
  gbp: 'GBP',
  '₴': 'UAH',
  грн: 'UAH',
  uah: 'UAH',
  byn: 'BYN',
  gel: 'GEL',
  '₾': 'GEL',
  amd: 'AMD',
  azn: 'AZN',
  '₼': 'AZN',
  tmt: 'TMT',
};

/** Longest aliases first, so that `сомонӣ` wins over `сом` and `руб.` over `р`. */
export const CURRENCY_ALIASES: readonly string[] = Object.keys(ALIASES).sort((a, b) => b.length - a.length);

/**
 * "₸" | "тг" | "KZT" | "руб." | "₽" | "сум" | "сомонӣ" … → "KZT" | "RUB" | "UZS" | "TJS" …; any other
 * three-to-five-letter Latin code is taken as already being a code (upper-cased); `undefined` otherwise.
 * Note: "som" alone is the Kyrgyz som (KGS); Uzbek sums are written "so'm"/"сум".
 */
export function normalizeCurrency(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  const known = ALIASES[t];
  if (known) return known;
  if (/^[a-z]{3,5}$/.test(t)) return t.toUpperCase();
  return undefined;
}

const SCALES: Record<string, number> = {
  USDT: 6,
  USDC: 6,
  TRX: 6,
  BTC: 8,
  ETH: 18,
  BNB: 18,
  JPY: 0,
  KRW: 0,
  VND: 0,
  CLP: 0,
  ISK: 0,
  UGX: 0,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  IQD: 3,
  LYD: 3,
  TND: 3,
};

/** Decimals a currency is kept at: 2 for fiat (ISO 4217 minor units; 0 or 3 for some), 6 for USDT/USDC/TRX, 8 for BTC, 18 for ETH/BNB. Unknown codes: 2 when ISO-like (3 letters), else 18. */
export function currencyScale(currency: string): number {
  const code = currency.trim().toUpperCase();
  return SCALES[code] ?? (/^[A-Z]{3}$/.test(code) ? 2 : 18);
}
