import { privateChatId } from './private-chat-id.ts';
import { type NormalizeResult, rejected } from './normalize-result.ts';

export interface NormalizeTelegramOptions {
  /** What a bare positive number means (`123456`): a user id (default) or a chat id. */
  bareId?: 'user' | 'chat';
}

/** Telegram usernames: 5–32 characters of [a-z0-9_], starting with a letter (compared case-insensitively). */
export function isTelegramUsername(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_]{4,31}$/.test(name);
}

const LINK =
  /^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)\/(?:s\/)?([^/?#\s]+)(?:[/?#].*)?$/i;
const PRIVATE_POST = /^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me)\/c\/(\d{1,20})(?:[/?#].*)?$/i;
/** First path segments of t.me links that are Telegram features, not usernames. */
const RESERVED = new Set([
  'joinchat',
  'addstickers',
  'addemoji',
  'addlist',
  'share',
  'proxy',
  'socks',
  'login',
  'iv',
  'setlanguage',
  'addtheme',
  'confirmphone',
  'invoice',
  'boost',
  'contact',
]);
const INVITE =
  /^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)\/(?:joinchat\/|\+)([A-Za-z0-9_-]{10,64})\/?$/i;
/** `t.me/+<digits>` opens a chat with a phone number (Telegram's phone link), not an invite. */
const PHONE_LINK = /^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)\/\+(\d{7,15})\/?$/i;
/** `tg://` deep links: `tg://resolve?domain=…`, `tg://resolve?phone=…`, `tg://join?invite=…`, `tg://user?id=…`, `tg://privatepost?channel=…`. */
const DEEP_LINK = /^tg:\/\/([a-z_]+)\?(.*)$/i;

function query(params: string, key: string): string | undefined {
  for (const part of params.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).toLowerCase() === key) return part.slice(eq + 1);
  }
  return undefined;
}

/**
 * The phone number a Telegram link names (`t.me/+77011234567`, `tg://resolve?phone=77011234567`) as
 * `+<digits>`, or undefined for any other text. The number is not validated here (normalizePhone does).
 */
export function telegramPhoneLink(raw: string): string | undefined {
  const text = raw.trim();
  const link = PHONE_LINK.exec(text);
  if (link) return `+${link[1]}`;
  const deep = DEEP_LINK.exec(text);
  // A `domain=` names the account whatever else the link says (`deepLink` reads it first).
  if (!deep || deep[1]!.toLowerCase() !== 'resolve' || query(deep[2]!, 'domain') !== undefined)
    return undefined;
  const phone = query(deep[2]!, 'phone');
  return phone !== undefined && /^\+?\d{7,15}$/.test(phone) ? `+${phone.replace('+', '')}` : undefined;
}

/** A `tg://` deep link → the Telegram id it names (a username, an invite, a user or chat id). */
function deepLink(kind: string, params: string): NormalizeResult | string {
  switch (kind.toLowerCase()) {
    case 'resolve': {
      const domain = query(params, 'domain');
      if (domain !== undefined) return domain;
      if (query(params, 'phone') !== undefined)
        return rejected('tg://resolve?phone=… names a phone number, not a Telegram id');
      return rejected('tg://resolve without domain=');
    }
    case 'join': {
      const invite = query(params, 'invite') ?? '';
      return /^[A-Za-z0-9_-]{10,64}$/.test(invite)
        ? { ok: true, id: `tg:invite:${invite}`, kind: 'tg' }
        : rejected(`tg://join invite "${invite}" is not an invite hash`);
    }
    case 'user': {
      const id = query(params, 'id') ?? '';
      return /^\d{1,20}$/.test(id)
        ? { ok: true, id: `tg:user:${BigInt(id)}`, kind: 'tg' }
        : rejected(`tg://user id "${id}" is not a number`);
    }
    case 'privatepost': {
      const id = query(params, 'channel') ?? '';
      return /^\d{1,20}$/.test(id)
        ? { ok: true, id: `tg:chat:${BigInt(id)}`, kind: 'tg' }
        : rejected(`tg://privatepost channel "${id}" is not a number`);
    }
    default:
      return rejected(`tg://${kind} links name no user or chat`);
  }
}

/**
 * Telegram ids → `tg:user:<id>`, `tg:chat:<id>`, `tg:@<username lowercase>`, or (extension of CONTRACT §2)
 * `tg:invite:<hash>` for invite links. Accepts the normal forms, `user123` / `channel123` / `chat123`
 * (Telegram Desktop export `from_id`), Bot API chat ids (`-100<id>` → `tg:chat:<id>`, as in exports),
 * `@Name`, `t.me/Name`, `t.me/joinchat/<hash>`, `t.me/+<hash>` and the `tg://` deep links
 * (`tg://resolve?domain=Name`, `tg://join?invite=<hash>`, `tg://user?id=<id>`, `tg://privatepost?channel=<id>`).
 * A phone link (`t.me/+77011234567`, `tg://resolve?phone=…`) is rejected: it names a phone (telegramPhoneLink).
 */
export function normalizeTelegram(raw: string, options: NormalizeTelegramOptions = {}): NormalizeResult {
  const text = raw.trim();
  let m = /^tg:(user|chat):(\d{1,20})$/i.exec(text);
  if (m) return { ok: true, id: `tg:${m[1]!.toLowerCase()}:${BigInt(m[2]!)}`, kind: 'tg' };
  // A private chat named by its two sides (`privateChatId`), with or without its prefix: no username starts with a digit.
  m = /^(?:tg:chat:)?(\d{1,20})_(\d{1,20})$/i.exec(text);
  if (m) return { ok: true, id: privateChatId(String(BigInt(m[1]!)), String(BigInt(m[2]!))), kind: 'tg' };
  if (PHONE_LINK.test(text)) return rejected(`${text} is a phone number link, not an invite`);
  m = /^tg:invite:([A-Za-z0-9_-]{10,64})$/.exec(text) ?? INVITE.exec(text);
  if (m) return { ok: true, id: `tg:invite:${m[1]}`, kind: 'tg' };
  m = PRIVATE_POST.exec(text);
  if (m) return { ok: true, id: `tg:chat:${BigInt(m[1]!)}`, kind: 'tg' };
  m = /^(user|channel|chat|group)(\d{1,20})$/i.exec(text);
  if (m)
    return {
      ok: true,
      id: `tg:${m[1]!.toLowerCase() === 'user' ? 'user' : 'chat'}:${BigInt(m[2]!)}`,
      kind: 'tg',
    };
  m = /^-(?:100)?(\d{1,20})$/.exec(text);
  if (m) return { ok: true, id: `tg:chat:${BigInt(m[1]!)}`, kind: 'tg' };
  if (/^\d{1,20}$/.test(text))
    return { ok: true, id: `tg:${options.bareId ?? 'user'}:${BigInt(text)}`, kind: 'tg' };
  m = DEEP_LINK.exec(text);
  const deep = m ? deepLink(m[1]!, m[2]!) : undefined;
  if (deep !== undefined && typeof deep !== 'string') return deep;
  const name = /^(?:tg:)?@(.+)$/i.exec(text)?.[1] ?? LINK.exec(text)?.[1] ?? deep;
  if (name === undefined) return rejected(`not a Telegram id, @username or t.me link: ${text}`);
  if (RESERVED.has(name.toLowerCase()))
    return rejected(`t.me/${name} is a Telegram feature link, not a username`);
  if (!isTelegramUsername(name)) {
    return rejected(`"${name}" is not a Telegram username (5–32 of a-z, 0-9, _; starts with a letter)`);
  }
  return { ok: true, id: `tg:@${name.toLowerCase()}`, kind: 'tg' };
}
