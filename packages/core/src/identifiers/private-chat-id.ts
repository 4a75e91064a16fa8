/**
 * The chat id of a private or bot chat whose two sides are known: `tg:chat:<lower user id>_<higher user id>`. Telegram
 * names a one-to-one chat by its other side (the chat's `id` in an export is the other user's id), so two buyers'
 * chats with one dealer carry the same id, and the dealer's own phone names the same conversation by the buyer. The
 * pair is the conversation, whichever phone holds it (docs/formats/telegram.md, "Private chats across phones").
 * Ids compare as numbers; the same user on both sides (no such chat in Telegram) keeps the plain id.
 */
export function privateChatId(owner: string, other: string): string {
  if (owner === other) return `tg:chat:${other}`;
  const [lo, hi] = numericLess(owner, other) ? [owner, other] : [other, owner];
  return `tg:chat:${lo}_${hi}`;
}

/** `tg:chat:<id>_<id>`: a private chat named by its two sides (`privateChatId`); their user ids, or null. */
export function privateChatSides(chatId: string): [string, string] | null {
  const m = /^tg:chat:(\d{1,20})_(\d{1,20})$/.exec(chatId);
  return m ? [m[1]!, m[2]!] : null;
}

function numericLess(a: string, b: string): boolean {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  return x.length !== y.length ? x.length < y.length : x < y;
}
