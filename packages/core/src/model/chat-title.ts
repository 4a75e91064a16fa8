import { privateChatSides } from '../identifiers/private-chat-id.ts';

/**
 * How a chat is titled to a reader. A private chat named by its two sides (`tg:chat:<lower id>_<higher id>`) is
 * titled by the two people, in id order (`Ivan ↔ Boss`), from `nameOf` (a user's display name, where the case knows
 * one): each phone's chat row has only the name its owner gave the other side, so a title from one row names one side,
 * and which one depends on the phone that came first. Where a side's name is unknown, the rows' titles stand in (both,
 * in name order, when two phones gave two). Any other chat: its first title.
 */
export function chatTitle(
  chatId: string,
  titles: readonly string[],
  nameOf: (userId: string) => string | null | undefined,
): string | null {
  const sides = privateChatSides(chatId);
  if (sides !== null) {
    const [a, b] = sides.map((id) => nameOf(`tg:user:${id}`) ?? null);
    if (a && b) return `${a} ↔ ${b}`;
    const distinct = [...new Set(titles)].sort();
    if (distinct.length > 1) return distinct.join(' ↔ ');
  }
  return titles[0] ?? null;
}
