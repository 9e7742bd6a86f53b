/**
 * Where a data set's waits are shown, for both connectors. HTTP hooks run deep inside the client, far from the data set
 * that caused the request; an async-local sink carries the data set's `ctx.progress` down to them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface WaitLog {
  /** Rate-limit waits (429 or pacing before the limit is hit). */
  count: number;
  totalMs: number;
}

interface Sink {
  progress(text: string | null): void;
  waits: WaitLog;
}

const sinks = new AsyncLocalStorage<Sink>();

/** Runs `fn` with its HTTP waits reported to `progress`; returns what it waited for rate limits. */
export async function withProgress<T>(progress: (text: string | null) => void, fn: () => Promise<T>): Promise<{ result: T; waits: WaitLog }> {
  const sink: Sink = { progress, waits: { count: 0, totalMs: 0 } };
  const result = await sinks.run(sink, fn);
  return { result, waits: sink.waits };
}

export function reportProgress(text: string | null): void {
  sinks.getStore()?.progress(text);
}

export function noteRateLimitWait(ms: number): void {
  const sink = sinks.getStore();
  if (!sink) return;
  sink.waits.count += 1;
  sink.waits.totalMs += ms;
}
