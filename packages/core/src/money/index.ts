/**
 * Exact money: decimal strings and bigint minor units, never floats. OWNER: identifiers+money helper.
 * Agreed API (implementations in one file per function next to this one):
 *
 * - `parseAmount(text)`   "1 234 567,89" | "-1,234.56" | "1.234,56 ₸" | "100 тг" | "KZT 5 000" | "(12.50)" →
 *                         `{ ok: true, value: "-1234.56", currency?: "KZT" }` or `{ ok: false, reason }`
 * - `toUnits(value, scale)` / `fromUnits(units, scale)`  decimal string ⇄ bigint minor units
 * - `addDecimal(a, b)`, `subDecimal(a, b)`, `compareDecimal(a, b)`, `mulDecimal(a, b, scale)`, `negateDecimal(a)`
 * - `currencyScale(currency)`  2 for fiat (0 for some), 6 for USDT/USDC/TRX, 8 for BTC, 18 for ETH
 * - `normalizeCurrency(text)`  "₸"|"тг"|"KZT"|"руб."|"₽" → "KZT"|"RUB"…, undefined if unknown
 * - `FxTable` (class) built from FxRateRow-like `{ date, currency, usdPerUnit }`:
 *      `toUsd(amount, currency, isoTimestampOrDate)` → `{ ok: true, usd: "12.34" (cents, half-up), rate, rateDate }`
 *      or `{ ok: false, reason }` naming the date and currency ("no KZT→USD rate on 2024-03-05 (nearest …)").
 *      Policy (documented): same-day rate, else the latest earlier rate within `maxStaleDays` (default 3), recorded.
 */
export {};
