/**
 * Spaces requests of a bucket at least `intervalMs` apart (HttpClient's beforeRequest hook). Conditional
 * access allows one request per second per tenant and its 429s say nothing about when to come back, so
 * not asking too fast is cheaper than backing off.
 */
export type Pacer = (bucket: string, signal: AbortSignal | undefined) => Promise<void>;

export function createPacer(
  intervals: Readonly<Record<string, number>>,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  now: () => number = Date.now,
): Pacer {
  const nextAt = new Map<string, number>();
  return async (bucket, signal) => {
    const interval = intervals[bucket];
    if (!interval || interval <= 0) return;
    const t = now();
    const slot = Math.max(t, nextAt.get(bucket) ?? 0);
    // Reserve the slot before waiting, so concurrent callers queue up behind each other.
    nextAt.set(bucket, slot + interval);
    if (slot > t) await sleep(slot - t, signal);
  };
}
