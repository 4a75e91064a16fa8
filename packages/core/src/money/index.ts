/**
 * Exact money: decimal strings and bigint minor units, never floats (docs/identifiers.md, "Money").
 */
export { currencyScale, CURRENCY_ALIASES, normalizeCurrency } from './currency.ts';
export {
  addDecimal,
  BEYOND_STORE_DECIMAL,
  compareDecimal,
  divideRounded,
  fitsStoreDecimal,
  fromUnits,
  isDecimal,
  mulDecimal,
  negateDecimal,
  parseDecimal,
  roundDecimal,
  type Scaled,
  subDecimal,
  toUnits,
} from './decimal.ts';
export {
  type FxRateInput,
  FxTable,
  type FxTableOptions,
  type ToUsdResult,
  usdToCents,
  utcDateOf,
} from './fx-table.ts';
export { type ParseAmountOptions, type ParseAmountResult, parseAmount } from './parse-amount.ts';
