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

/**
 * Telegram ids → `tg:user:<id>`, `tg:chat:<id>`, `tg:@<username lowercase>`, or (extension of CONTRACT §2)
 * `tg:invite:<hash>` for invite links. Accepts the normal forms, `user123` / `channel123` / `chat123`
 * (Telegram Desktop export `from_id`), Bot API chat ids (`-100<id>` → `tg:chat:<id>`, as in exports),
 * `@Name`, `t.me/Name`, `tg://resolve?domain=Name`, `t.me/joinchat/<hash>` and `t.me/+<hash>`.
 */
export function normalizeTelegram(raw: string, options: NormalizeTelegramOptions = {}): NormalizeResult {
  const text = raw.trim();
  let m = /^tg:(user|chat):(\d{1,20})$/i.exec(text);
  if (m) return { ok: true, id: `tg:${m[1]!.toLowerCase()}:${BigInt(m[2]!)}`, kind: 'tg' };
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
  const name =
    /^(?:tg:)?@(.+)$/i.exec(text)?.[1] ??
    LINK.exec(text)?.[1] ??
    /^tg:\/\/resolve\?domain=([^&\s]+)/i.exec(text)?.[1];
  if (name === undefined) return rejected(`not a Telegram id, @username or t.me link: ${text}`);
  if (RESERVED.has(name.toLowerCase()))
    return rejected(`t.me/${name} is a Telegram feature link, not a username`);
  if (!isTelegramUsername(name)) {
    return rejected(`"${name}" is not a Telegram username (5–32 of a-z, 0-9, _; starts with a letter)`);
  }
  return { ok: true, id: `tg:@${name.toLowerCase()}`, kind: 'tg' };
}
