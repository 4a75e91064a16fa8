/**
 * The chips under a message: one per identifier, in the order the text first names it. The text marks every place an
 * identifier is written (a point written as coordinates and again as a map link, a card written twice); a chip per
 * place repeated the same link.
 */
export function mentionChips<T extends { identifier: string }>(mentions: readonly T[]): T[] {
  const first = new Map<string, T>();
  for (const x of mentions) if (!first.has(x.identifier)) first.set(x.identifier, x);
  return [...first.values()];
}
