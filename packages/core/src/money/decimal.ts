/**
 * Exact decimal arithmetic on strings (`"-1234.56"`) through bigint: amounts never pass through floats.
 * Canonical form: optional `-`, integer digits without leading zeros, optional `.` + digits; no `-0`.
 * Sums keep the larger scale of their operands (`"1.5" + "2.25"` → `"3.75"`, `"1.50" + "2"` → `"3.50"`).
 */

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** Decimals the stores keep exactly (DECIMAL(38,18)): at most 20 digits before the point (leading zeros aside), 18 after. */
const STORE_DECIMAL = /^[+-]?0*\d{1,20}(?:\.\d{1,18})?$/;

/** Why a decimal is refused (after its text): the stores keep DECIMAL(38,18) exactly. */
export const BEYOND_STORE_DECIMAL =
  'has more digits than the store keeps exactly (20 before the point, 18 after)';

/** Whether a plain decimal text (optional sign, digits, optional point and digits) fits the stores' DECIMAL(38,18). */
export function fitsStoreDecimal(value: string): boolean {
  return STORE_DECIMAL.test(value);
}

export interface Scaled {
  units: bigint;
  scale: number;
}

/** `"12.50"` → `{ units: 1250n, scale: 2 }`; throws RangeError on anything but a plain decimal string. */
export function parseDecimal(value: string): Scaled {
  const m = DECIMAL.exec(value.trim());
  if (!m)
    throw new RangeError(`not a decimal number: "${value}" (expected digits with an optional "." part)`);
  const frac = m[3] ?? '';
  const units = BigInt(m[2]! + frac);
  return { units: m[1] === '-' ? -units : units, scale: frac.length };
}

export function isDecimal(value: string): boolean {
  return DECIMAL.test(value.trim());
}

/** Formats `units / 10^scale` with exactly `scale` decimals. */
export function fromUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${body}` : body;
}

/**
 * Decimal string → integer minor units at `scale` (`toUnits("12.5", 2)` → `1250n`). Throws RangeError
 * when the value has non-zero digits beyond `scale`: rounding money silently is never right here.
 */
export function toUnits(value: string, scale: number): bigint {
  const d = parseDecimal(value);
  if (d.scale <= scale) return d.units * 10n ** BigInt(scale - d.scale);
  const factor = 10n ** BigInt(d.scale - scale);
  if (d.units % factor !== 0n) {
    throw new RangeError(`"${value}" has more than ${scale} decimals; round it explicitly with roundDecimal`);
  }
  return d.units / factor;
}

function rescale(d: Scaled, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

export function addDecimal(a: string, b: string): string {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  return fromUnits(rescale(x, scale) + rescale(y, scale), scale);
}

export function subDecimal(a: string, b: string): string {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  return fromUnits(rescale(x, scale) - rescale(y, scale), scale);
}

/** -1, 0 or 1; `"1.50"` equals `"1.5"`. */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  const l = rescale(x, scale);
  const r = rescale(y, scale);
  return l < r ? -1 : l > r ? 1 : 0;
}

export function negateDecimal(a: string): string {
  const d = parseDecimal(a);
  return fromUnits(-d.units, d.scale);
}

/** Integer division rounding half away from zero (finance "half-up"). */
export function divideRounded(num: bigint, den: bigint): bigint {
  const negative = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  const q = (n * 2n + d) / (d * 2n);
  return negative ? -q : q;
}

/** Rounds half away from zero to `scale` decimals (`roundDecimal("2.345", 2)` → `"2.35"`, `"-2.345"` → `"-2.35"`). */
export function roundDecimal(a: string, scale: number): string {
  const d = parseDecimal(a);
  if (d.scale <= scale) return fromUnits(rescale(d, scale), scale);
  return fromUnits(divideRounded(d.units, 10n ** BigInt(d.scale - scale)), scale);
}

/** `a × b` rounded half away from zero to `scale` decimals. */
export function mulDecimal(a: string, b: string, scale: number): string {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const product = x.units * y.units;
  const productScale = x.scale + y.scale;
  if (productScale <= scale) return fromUnits(product * 10n ** BigInt(scale - productScale), scale);
  return fromUnits(divideRounded(product, 10n ** BigInt(productScale - scale)), scale);
}
