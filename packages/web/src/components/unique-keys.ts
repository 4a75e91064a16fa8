/**
 * React keys for a list whose items may repeat (one message naming a card twice gives two like mention records):
 * each item's own key, the second and later of equal ones numbered, so every key is unique and stays with its item.
 */
export function uniqueKeys(keys: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return keys.map((k) => {
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    return n === 0 ? k : `${k}#${n}`;
  });
}
