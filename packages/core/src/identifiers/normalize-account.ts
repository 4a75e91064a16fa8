import { type NormalizeResult, rejected } from './normalize-result.ts';

const NOISE = /[\s\-\u00a0.\u2009\u202f]/g;

/**
 * Non-IBAN bank account → `acct:<bank code>:<number>`. The bank code is a BIC (SWIFT) or a national code
 * (Russian БИК, MFO…), upper-cased; the number loses spaces, dashes and dots. Both must be [A-Z0-9].
 */
export function normalizeAccount(bic: string, number: string): NormalizeResult {
  const code = bic.replace(NOISE, '').toUpperCase();
  const account = number.replace(NOISE, '').toUpperCase();
  if (!/^[A-Z0-9]{2,20}$/.test(code)) return rejected(`bank code "${bic}" must be 2–20 letters or digits`);
  if (!/^[A-Z0-9]{4,34}$/.test(account))
    return rejected(`account number "${number}" must be 4–34 letters or digits`);
  return { ok: true, id: `acct:${code}:${account}`, kind: 'acct' };
}
