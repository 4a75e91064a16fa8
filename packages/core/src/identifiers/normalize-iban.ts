import { countrySpecs, ValidationErrorsIBAN, validateIBAN } from 'ibantools';
import { type NormalizeResult, rejected, stripPrefix } from './normalize-result.ts';

const NOISE = /[\s\-\u00a0\u2009\u202f.\u2013\u2014]/g;

/** IBAN → `iban:<upper, no spaces>`; mod-97 and the country's BBAN format are checked (ibantools). */
export function normalizeIban(raw: string): NormalizeResult {
  let compact = stripPrefix(raw, 'iban:').replace(NOISE, '').toUpperCase();
  // Statements often print the word before the number ("IBAN KZ86 125K …").
  if (compact.startsWith('IBAN') && /^[A-Z]{2}\d{2}/.test(compact.slice(4))) compact = compact.slice(4);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(compact)) {
    return rejected('IBAN must be 2 letters, 2 check digits and 8–30 letters or digits');
  }
  const result = validateIBAN(compact);
  // Countries outside the SWIFT registry (experimental IBANs: DZ, BF, SN…) change format often and
  // ibantools' spec for them lags behind real documents: there mod-97 alone decides.
  const official =
    (countrySpecs[compact.slice(0, 2)] as { IBANRegistry?: boolean } | undefined)?.IBANRegistry === true;
  if (!result.valid && (official || !isMod97Valid(compact))) {
    const names = result.errorCodes.map((code) => ValidationErrorsIBAN[code] ?? String(code));
    return rejected(`IBAN ${compact} is invalid (${names.join(', ')})`);
  }
  return { ok: true, id: `iban:${compact}`, kind: 'iban' };
}

/** ISO 7064 mod 97-10 over the rearranged IBAN (letters A=10 … Z=35). */
export function isMod97Valid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (c >= 48 && c <= 57) remainder = (remainder * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) remainder = (remainder * 100 + (c - 55)) % 97;
    else return false;
  }
  return remainder === 1;
}
