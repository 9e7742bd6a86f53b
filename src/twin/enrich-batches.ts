/**
 * A whole pass in closed batches, so that its memory is bounded by the batch, not by the tenant.
 *
 * One streamed read of every account's identifiers groups the accounts into sets closed the way a scoped
 * pass needs (enrich-scope.ts): accounts sharing a join key, a person or an analyst's link are in one set.
 * The sets are packed into batches of about batchSizeFor() accounts; each batch is then resolved and its facts
 * recomputed as a scoped pass does, which equals a whole pass over the batch's accounts.
 *
 * What the grouping keeps per account is its key and a few numbers: the join keys are hashed to small
 * numbers as they arrive. Two different keys that hash alike only put two sets in one batch, which is still
 * closed: it costs a little batch size, never a different answer.
 */
import { getHeapStatistics } from 'node:v8';
import type { Graph } from '../neo4j/driver.js';
import { joinFieldsOf, joinKeys, type StoredJoinFields } from './identity-keys.js';
import { DisjointSets } from './union-find.js';
import type { Overrides } from './components.js';

/**
 * What a pass holds per account of its batch: about 3.4 KB (resolution and facts, measured at 564k accounts).
 * A batch takes at most this share of the process's heap limit (--max-old-space-size), the rest being the
 * server's own and the garbage the driver leaves between collections.
 */
const BYTES_PER_ACCOUNT = 3_400;
const HEAP_SHARE = 0.5;

/**
 * Accounts per batch, from the heap the operator gave the process: about 125k at a 768 MB heap, 400k at most
 * (Node's default heap on a large machine). Below 25k the fixed cost of a batch (the lists recomputed whole)
 * would dominate, so that is the floor.
 */
export function batchSizeFor(heapLimitBytes: number = getHeapStatistics().heap_size_limit): number {
  return Math.max(25_000, Math.min(400_000, Math.floor((heapLimitBytes * HEAP_SHARE) / BYTES_PER_ACCOUNT)));
}

type Identifiers = StoredJoinFields & { personIds: string[] };

/** Every account, in batches of whole closed sets (a set larger than the batch size is a batch of its own). */
export async function closedBatches(graph: Graph, overrides: Overrides, batchSize: number): Promise<string[][]> {
  const keys: string[] = [];
  // Hash of a join key or a person id → the first account that had it; each later holder makes a pair to join.
  const firstHolder = new Map<number, number>();
  const pairs: number[] = [];
  const meet = (value: string, i: number): void => {
    const h = hash30(value);
    const holder = firstHolder.get(h);
    if (holder === undefined) firstHolder.set(h, i);
    else pairs.push(holder, i);
  };
  await graph.readEach<Identifiers>(
    `MATCH (a:Account)
     RETURN a.key AS key, a.source AS source, a.externalId AS externalId, a.loginNorm AS loginNorm, a.emailNorm AS emailNorm,
            a.immutableId AS immutableId, a.o365ImmutableId AS o365ImmutableId, a.login AS login, a.email AS email,
            [(p:Person)-[:HAS_ACCOUNT]->(a) | p.id] AS personIds`,
    {},
    (row) => {
      const i = keys.length;
      keys.push(row.key);
      // Every join key, whether or not the account is unlinked: a wider set is never wrong.
      for (const k of joinKeys(joinFieldsOf(row))) meet(k.value, i);
      for (const id of row.personIds) meet(`p:${id}`, i);
    },
  );
  const sets = new DisjointSets(keys.length);
  for (let p = 0; p < pairs.length; p += 2) {
    sets.union(pairs[p] as number, pairs[p + 1] as number);
  }
  unionLinks(sets, keys, overrides);
  const batches: string[][] = [];
  let batch: string[] = [];
  for (const members of sets.groups()) {
    if (batch.length > 0 && batch.length + members.length > batchSize) {
      batches.push(batch);
      batch = [];
    }
    for (const m of members) batch.push(keys[m] as string);
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Joins the accounts of each analyst's link (their keys are few: a lookup per linked key). */
function unionLinks(sets: DisjointSets, keys: readonly string[], overrides: Overrides): void {
  const linked = new Set(overrides.links.flat());
  if (linked.size === 0) return;
  const index = new Map<string, number>();
  keys.forEach((k, i) => {
    if (linked.has(k)) index.set(k, i);
  });
  for (const link of overrides.links) {
    const members = link.map((k) => index.get(k)).filter((i): i is number => i !== undefined);
    for (const m of members) sets.union(members[0] as number, m);
  }
}

/**
 * FNV-1a over the string's UTF-16 units, to 30 bits: V8 keeps such numbers unboxed, so the map of a million
 * keys stays small and fast. At 2 million keys a few thousand pairs of sets share a batch by chance.
 */
function hash30(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}
