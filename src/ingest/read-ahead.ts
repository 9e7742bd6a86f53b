/**
 * Overlaps fetching with loading: while the consumer writes page N into Neo4j, page N+1 is already
 * being fetched. At most one page is held ahead, so memory stays bounded by two pages.
 */
export async function* readAhead<T>(source: AsyncGenerator<T, void, undefined>): AsyncGenerator<T, void, undefined> {
  let pending = source.next();
  try {
    for (;;) {
      const result = await pending;
      if (result.done) return;
      pending = source.next();
      // A failure of the read-ahead surfaces when the consumer asks for that page, not as unhandled.
      pending.catch(() => undefined);
      yield result.value;
    }
  } finally {
    // The consumer stopped early (or failed): let the source finish its in-flight page and close.
    await pending.catch(() => undefined);
    await source.return(undefined);
  }
}
