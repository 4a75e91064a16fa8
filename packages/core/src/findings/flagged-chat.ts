/**
 * What the findings count as a flagged chat (docs/findings.md, `channelsFlagged`): not a private or saved chat, with a
 * channel label other than `payment`. The findings count them, the dashboard's tile opens the channel list filtered
 * so, and `/api/messages?flagged=1` lists their messages: one definition, here.
 */
export function isFlaggedChat(type: string | null, labels: Iterable<string>): boolean {
  if (type === 'private' || type === 'saved') return false;
  for (const l of labels) if (l !== 'payment') return true;
  return false;
}
