/**
 * The runner's after-sync hook: one enrichment pass (enrich-pass.ts: identity resolution and the posture facts,
 * following the changes when it can), then the posture snapshot they produce. The pass runs under the graph's
 * lock, so an analyst's link or a second sync's enrichment never interleaves with it. Syncs of both IdPs that
 * end together are enriched once: the second pass finds the changes already applied.
 */
import type { Graph } from '../neo4j/driver.js';
import { enrichPass, type PassResult } from './enrich-pass.js';
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
