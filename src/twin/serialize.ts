/**
 * One identity resolution at a time per twin: the Entra and Okta syncs finish independently, possibly on
 * different replicas, and an analyst may link accounts meanwhile; two interleaved read-compute-write passes
 * would hand out ids twice.
 *
 * In a process, the passes queue on a promise chain per Graph. Across replicas, the pass holds a lease on the
 * (:TwinLock) node: taken by compare-and-set in one transaction (its first SET write-locks the node, so of two
 * replicas racing one decides and the other reads its decision), renewed while the pass runs, released after.
 * A replica that dies holding it loses it when the lease lapses; its pass left the enrichment incomplete, so
 * the next one is a whole pass (enrich.ts). Times are Neo4j's clock, as for the sync lease.
 */
import { randomUUID } from 'node:crypto';
import type { Graph } from '../neo4j/driver.js';

/** How long a lease outlives its holder's last renewal. */
const LEASE_MS = 30_000;
const RENEW_MS = 5_000;
/** How often a replica waiting for the lease asks again. */
const POLL_MS = 200;

const tails = new WeakMap<Graph, Promise<unknown>>();

export function serialized<T>(graph: Graph, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(graph) ?? Promise.resolve();
  const locked = (): Promise<T> => withTwinLock(graph, work);
  const next = previous.then(locked, locked);
  // Keep the chain alive whatever this step's outcome; callers still see their own error.
  tails.set(graph, next.catch(() => undefined));
  return next;
}

async function withTwinLock<T>(graph: Graph, work: () => Promise<T>): Promise<T> {
  const holder = randomUUID();
  while (!(await tryAcquire(graph, holder))) await new Promise((r) => setTimeout(r, POLL_MS));
  const renewal = setInterval(() => {
    graph
      .write(`MATCH (l:TwinLock {key: 'twin', holder: $holder}) SET l.expiresAt = timestamp() + toInteger($leaseMs)`, { holder, leaseMs: LEASE_MS })
      .catch(() => undefined);
  }, RENEW_MS);
  renewal.unref();
  try {
    return await work();
  } finally {
    clearInterval(renewal);
    await graph.write(`MATCH (l:TwinLock {key: 'twin', holder: $holder}) SET l.holder = null, l.expiresAt = null`, { holder }).catch(() => undefined);
  }
}

async function tryAcquire(graph: Graph, holder: string): Promise<boolean> {
  const rows = await graph.write<{ held: boolean }>(
    `MERGE (l:TwinLock {key: 'twin'})
     SET l.locked = timestamp()
     WITH l, l.holder IS NULL OR l.expiresAt IS NULL OR l.expiresAt < timestamp() AS free
     CALL (l, free) {
       WITH l, free WHERE free
       SET l.holder = $holder, l.expiresAt = timestamp() + toInteger($leaseMs)
     }
     RETURN l.holder = $holder AS held`,
    { holder, leaseMs: LEASE_MS },
  );
  return rows[0]?.held === true;
}
