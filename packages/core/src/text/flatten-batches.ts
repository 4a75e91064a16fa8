/**
 * Arrays of items → items, as an AsyncIterable whose `next()` hands out an already-resolved promise while
 * the current array lasts. An async generator yielding item by item costs several microtask hops per item,
 * which is most of a parser's time on tens of millions of small rows.
 */
export function flattenBatches<T>(batches: AsyncIterable<T[]>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const source = batches[Symbol.asyncIterator]();
      let buffer: T[] = [];
      let i = 0;
      const refill = async (): Promise<IteratorResult<T>> => {
        while (i >= buffer.length) {
          const r = await source.next();
          if (r.done) return { value: undefined, done: true };
          buffer = r.value;
          i = 0;
        }
        return { value: buffer[i++]!, done: false };
      };
      return {
        next: () => (i < buffer.length ? Promise.resolve({ value: buffer[i++]!, done: false }) : refill()),
        return: async () => {
          buffer = [];
          await source.return?.();
          return { value: undefined, done: true };
        },
      };
    },
  };
}
