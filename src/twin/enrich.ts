/**
 * The runner's hooks. After a sync: one enrichment pass (enrich-pass.ts: identity resolution and the posture
 * facts, following the changes when it can), then the posture snapshot they produce. While a sync's later data
 * sets load: a pass over the changes its users made, so that the pass at the end has only what came after
 * (a day's sign-ins and renames are done behind the fetch of the MFA report or the group listings). Passes run
 * under the graph's lock, so an analyst's link or a second sync's enrichment never interleaves with them. Syncs
 * of both IdPs that end together are enriched once: the second pass finds the changes already applied.
 */
import type { Graph } from '../neo4j/driver.js';
import { enrichChangesSoFar, enrichPass, type PassResult } from './enrich-pass.js';
import { recordPostureSnapshot, type PostureSnapshotView } from './snapshots.js';
import { serialized } from './serialize.js';

export interface EnrichResult extends Omit<PassResult, 'timings'> {
  snapshot: PostureSnapshotView;
  /** Milliseconds per step. */
  timings: PassResult['timings'] & { snapshot: number };
}

export async function enrichAfterSync(graph: Graph): Promise<EnrichResult> {
  const pass = await serialized(graph, () => enrichPass(graph));
  const t0 = performance.now();
  const snapshot = await recordPostureSnapshot(graph);
  return { ...pass, snapshot, timings: { ...pass.timings, snapshot: performance.now() - t0 } };
}

/** The pass while a sync loads (null: nothing to do yet, or a whole pass, which waits for the end of the sync). */
export function enrichWhileSyncing(graph: Graph): Promise<PassResult | null> {
  return serialized(graph, () => enrichChangesSoFar(graph));
}
