const decoder = new TextDecoder('latin1');

/** SWIFT MT940/MT942 by content: `:20:`/`:25:`/`:60F:`/`:61:` field tags at line starts. */
export function detectMt940(head: Uint8Array, fileName: string): number {
  const text = decoder.decode(head.subarray(0, 16384));
  const tags = new Set<string>();
  for (const m of text.matchAll(
    /(?:^|[\r\n])[ \t]*(:(?:20|25|28C?|60[FM]|61|62[FM]|86|34F|13D?|90[CD]):)|\{4:\s*(:(?:20|25|28C?|60[FM]|61|62[FM]|86|34F|13D?|90[CD]):)/g,
  )) {
    const tag = m[1] ?? m[2];
    if (tag) tags.add(tag);
  }
  const core = [':20:', ':25:', ':61:'].filter((t) => tags.has(t)).length;
  const balances =
    tags.has(':60F:') || tags.has(':60M:') || tags.has(':62F:') || tags.has(':62M:') || tags.has(':34F:');
  if (core >= 2 && balances) return 0.95;
  if (core >= 2 || (core >= 1 && balances)) return 0.8;
  if (tags.size > 0 && /\.(sta|940|mt940|942|swi)$/i.test(fileName)) return 0.6;
  return 0;
}
