import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { boundedMemo } from './bounded-memo.ts';
import { type NormalizeResult, rejected, stripPrefix } from './normalize-result.ts';

/** Country calling codes written without `+` that we still read as international (Central Asia). */
const BARE_INTERNATIONAL = /^(?:998|996|992|993|994|995|374|375|380)\d{8,9}$/;

/**
 * Phone → `phone:+<E.164>` (libphonenumber-js, full metadata, `isValid()`).
 * National forms are read for `defaultCountry` (KZ: `8 (777) 123-45-67`, `8-701…`, `7011234567`);
 * `7XXXXXXXXXX` (11 digits) and Central Asian codes written without `+` (`998901234567`) are read as
 * international; `00` is the international prefix. KZ and RU share +7: the number decides the country.
 */
export function normalizePhone(raw: string, defaultCountry: CountryCode = 'KZ'): NormalizeResult {
  return defaultCountry === 'KZ' ? normalizePhoneKz(raw) : parsePhone(raw, defaultCountry);
}

const normalizePhoneKz = boundedMemo((raw) => parsePhone(raw, 'KZ'));

function parsePhone(raw: string, defaultCountry: CountryCode): NormalizeResult {
  let text = stripPrefix(raw, 'phone:');
  const digits = text.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15)
    return rejected(`phone must have 7–15 digits, got ${digits.length}`);
  if (!text.startsWith('+')) {
    if (digits.startsWith('00')) text = `+${digits.slice(2)}`;
    else if (BARE_INTERNATIONAL.test(digits) || (digits.length === 11 && digits.startsWith('7')))
      text = `+${digits}`;
  }
  const phone = parsePhoneNumberFromString(text, defaultCountry);
  if (!phone) return rejected(`not a phone number: ${raw.trim()}`);
  if (!phone.isValid()) return rejected(`phone ${phone.number} is not a valid number for its country`);
  return { ok: true, id: `phone:${phone.number}`, kind: 'phone' };
}
