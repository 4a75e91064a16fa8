import { type NormalizeResult, rejected, stripPrefix } from './normalize-result.ts';

/** E-mail → `email:<address lower case>` (shape check only; mailboxes are not looked up). */
export function normalizeEmail(raw: string): NormalizeResult {
  const text = stripPrefix(raw, 'email:').replace(/^mailto:/i, '');
  if (!/^[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}$/.test(text)) {
    return rejected(`not an e-mail address: ${text}`);
  }
  return { ok: true, id: `email:${text.toLowerCase()}`, kind: 'email' };
}
