import { type NormalizeResult, rejected, stripPrefix } from './normalize-result.ts';

/** Characters banks and chats use to hide the middle digits of a card number. */
export const CARD_MASK_CHARS = '*XxХх•●·';
const SEPARATORS = /[\s\-\u00a0\u2009\u202f.]/g;
const MASK_RE = /[*XxХх•●·]/g;

/** Luhn (mod 10) over a string of ASCII digits. */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * Card number → `card:<digits>`. Unmasked: 13–19 digits, Luhn-valid (13–15 digits cover Amex, Diners and
 * old Visa; the contract's 16–19 is the common case). Masked (`4400 43** **** 1234`, `440043******1234`,
 * `4400-43XX-XXXX-1234`): at least 4 leading and 4 trailing digits around one run of mask characters,
 * kept as `*`, not Luhn-checked (the hidden digits are unknown), `masked: true`.
 */
export function normalizeCard(raw: string): NormalizeResult {
  const compact = stripPrefix(raw, 'card:').replace(SEPARATORS, '');
  if (compact.length < 13 || compact.length > 19) {
    return rejected(`card number must have 13–19 digits, got ${compact.length} characters`);
  }
  if (/^\d+$/.test(compact)) {
    if (!isLuhnValid(compact)) return rejected('card number fails the Luhn check');
    return { ok: true, id: `card:${compact}`, kind: 'card' };
  }
  const masked = compact.replace(MASK_RE, '*');
  if (!/^\d{4,}\*+\d{4,}$/.test(masked)) {
    return rejected('card number may hold only digits, or 4+ leading and 4+ trailing digits around a mask');
  }
  return { ok: true, id: `card:${masked}`, kind: 'card', masked: true };
}
