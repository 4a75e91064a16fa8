/**
 * Memoises a pure one-string function with a bounded cache (dropped whole when full). Ingest normalises the
 * same few thousand accounts millions of times; phone metadata and hashing cost microseconds each.
 * Object results are frozen, since every caller with the same key receives the same object.
 */
export function boundedMemo<T>(fn: (key: string) => T, limit = 16_384): (key: string) => T {
  const cache = new Map<string, T>();
  return (key: string) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = fn(key);
      if (typeof value === 'object' && value !== null) Object.freeze(value);
      if (cache.size >= limit) cache.clear();
      cache.set(key, value);
    }
    return value;
  };
}
