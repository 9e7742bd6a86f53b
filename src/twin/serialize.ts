/**
 * One identity resolution at a time per graph: the Entra and Okta syncs finish independently and an
 * analyst may link accounts meanwhile; two interleaved read-compute-write passes would hand out ids twice.
 */
import type { Graph } from '../neo4j/driver.js';

const tails = new WeakMap<Graph, Promise<unknown>>();

export function serialized<T>(graph: Graph, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(graph) ?? Promise.resolve();
  const next = previous.then(work, work);
  // Keep the chain alive whatever this step's outcome; callers still see their own error.
  tails.set(graph, next.catch(() => undefined));
  return next;
}
