/** Bounded concurrency for per-object calls (factors per user, members per group, grants per app). */

/**
 * Maps `items` with at most `limit` calls in flight; results keep the input order. The first failure
 * stops new work and is thrown once the calls in flight have settled.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next;
      next += 1;
      try {
        results[i] = await fn(items[i] as T, i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  const rejected = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results;
}

/** Runs `fn` over items with at most `limit` in flight (mapLimit without results). */
export async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  await mapLimit(items, limit, (item) => fn(item));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Maps the items of an async source with `fn`, in order: up to `ahead` items are being mapped while the
 * consumer works, so per-item calls (factors of a page of users) run on without a pause between pages.
 * Memory holds `ahead` results. A failure is thrown when its item's turn comes; once the consumer stops
 * (or a mapping failed), the calls in flight settle before the source is closed.
 */
export async function* mapAhead<T, R>(
  source: AsyncIterable<T>,
  ahead: number,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R, void, undefined> {
  const queue: Array<Promise<R>> = [];
  try {
    for await (const item of source) {
      const mapped = fn(item);
      // Awaited in its turn below; until then a failure must not count as unhandled.
      mapped.catch(() => undefined);
      queue.push(mapped);
      while (queue.length >= Math.max(1, ahead)) yield await (queue.shift() as Promise<R>);
    }
    while (queue.length > 0) yield await (queue.shift() as Promise<R>);
  } finally {
    await Promise.allSettled(queue);
  }
}
