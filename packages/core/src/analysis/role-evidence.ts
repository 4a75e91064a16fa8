/**
 * Evidence for the roles that money patterns alone do not reveal (recruiter, chemist, supplier, exchanger
 * behind a front): contact details published together, seizures tied to a person, fiat-for-crypto swaps,
 * regular pay from the network. Each finder returns the records it rests on, so every role it supports
 * can cite them.
 */

/** Most identifiers kept per flagged post: a post naming more people than this names no one in particular. */
const MAX_POST_MENTIONS = 8;

/** Records that flagged post `ref` mentions `identifier` (called once per mention row, in any order). */
export function notePostMention(postMentions: Map<string, string[]>, ref: string, identifier: string): void {
  const list = postMentions.get(ref);
  if (!list) postMentions.set(ref, [identifier]);
  else if (list.length <= MAX_POST_MENTIONS && !list.includes(identifier)) list.push(identifier);
}
