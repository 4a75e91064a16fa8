import type { IdentifierKind } from '../model/kinds.ts';
import { normalizeBtc } from './normalize-btc.ts';
import { normalizeCard } from './normalize-card.ts';
import { normalizeEmail } from './normalize-email.ts';
import { normalizeEth } from './normalize-eth.ts';
import { normalizeExchangeAccount } from './normalize-exchange-account.ts';
import { normalizeIban } from './normalize-iban.ts';
import { normalizeIin } from './normalize-iin.ts';
import { normalizePhone } from './normalize-phone.ts';
import { type NormalizeResult, rejected } from './normalize-result.ts';
import { normalizeTelegram, telegramPhoneLink } from './normalize-telegram.ts';
import { normalizeTron } from './normalize-tron.ts';
import { normalizeUrl } from './normalize-url.ts';

function normalizeAcctForm(raw: string): NormalizeResult {
  const m = /^acct:([^:]+):(.+)$/i.exec(raw.trim());
  if (!m) return rejected('bank account must be written acct:<bank code>:<number>');
  const code = m[1]!.toUpperCase();
  const number = m[2]!.replace(/[\s\-.]/g, '').toUpperCase();
  if (!/^[A-Z0-9]{2,20}$/.test(code) || !/^[A-Z0-9]{4,34}$/.test(number)) {
    return rejected('bank account must be acct:<2–20 letters/digits>:<4–34 letters/digits>');
  }
  return { ok: true, id: `acct:${code}:${number}`, kind: 'acct' };
}

function normalizeExchangeForm(raw: string): NormalizeResult {
  const m = /^exchange:([^:]+):(.+)$/i.exec(raw.trim());
  if (!m) return rejected('exchange account must be written exchange:<exchange>:<user id>');
  return normalizeExchangeAccount(m[1]!, m[2]!);
}

const BY_KIND: Record<IdentifierKind, (raw: string) => NormalizeResult> = {
  card: normalizeCard,
  iban: normalizeIban,
  acct: normalizeAcctForm,
  phone: (raw) => normalizePhone(raw),
  tron: normalizeTron,
  btc: normalizeBtc,
  eth: normalizeEth,
  exchange: normalizeExchangeForm,
  tg: (raw) => normalizeTelegram(raw),
  iin: normalizeIin,
  email: normalizeEmail,
  url: normalizeUrl,
};

const PREFIXED = /^(card|iban|acct|phone|tron|btc|eth|exchange|tg|iin|email):/i;

/** The kind a raw value most likely is, from its shape alone (checksums are left to the normaliser). */
function guessKind(text: string): IdentifierKind | undefined {
  if (/^0x[0-9a-f]{40}$/i.test(text)) return 'eth';
  if (/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(text)) return 'tron';
  if (/^(?:bc1[02-9ac-hj-np-z]{6,87}|BC1[02-9AC-HJ-NP-Z]{6,87}|[13][1-9A-HJ-NP-Za-km-z]{25,34})$/.test(text))
    return 'btc';
  if (/^(?:@|tg:\/\/|(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)\/)/i.test(text))
    return 'tg';
  if (/^(?:user|channel|chat)\d+$/i.test(text)) return 'tg';
  if (/^(?:mailto:)?[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(text)) return 'email';
  if (/^https?:\/\//i.test(text)) return 'url';
  if (/^[A-Za-z]{2}\d{2}(?:[\s-]?[A-Za-z0-9]){8,30}$/.test(text)) return 'iban';
  const compact = text.replace(/[\s\-\u00a0()]/g, '');
  if (text.startsWith('+')) return 'phone';
  if (/^\d{4,}[*XxХх•●·]+\d{4,}$/.test(compact)) return 'card';
  if (/^\d{12}$/.test(compact) && normalizeIin(compact).ok) return 'iin';
  if (/^\d{13,19}$/.test(compact)) return 'card';
  if (/^\d{7,12}$/.test(compact)) return 'phone';
  return undefined;
}

/**
 * Any raw identifier (card, IBAN, phone, address, `@user`, t.me link, e-mail, URL, IIN) or an identifier
 * already in CONTRACT §2 form → its normal form. `hint` forces the kind; without it the prefix, then the
 * shape decides. Non-IBAN accounts need their bank code: use `normalizeAccount(bic, number)`.
 */
export function normalizeIdentifier(raw: string, hint?: IdentifierKind): NormalizeResult {
  const text = raw.trim();
  if (!text) return rejected('empty identifier');
  if (hint) return BY_KIND[hint](text);
  // Telegram's phone links (`t.me/+77011234567`, `tg://resolve?phone=…`) name a phone, not a Telegram id.
  const phone = telegramPhoneLink(text);
  if (phone !== undefined) return normalizePhone(phone);
  const prefix = PREFIXED.exec(text)?.[1]?.toLowerCase() as IdentifierKind | undefined;
  if (prefix) return BY_KIND[prefix](text);
  const kind = guessKind(text);
  if (!kind) return rejected(`cannot tell what kind of identifier "${text.slice(0, 60)}" is; pass a hint`);
  return BY_KIND[kind](text);
}
