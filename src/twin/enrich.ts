/**
 * The runner's after-sync hook: resolve identities, materialise the posture facts of the result
 * (posture-facts.ts), then record the posture they produce. Under the graph's lock, so an analyst's
 * link or a second sync's enrichment never interleaves with it.
 */
import type { Graph } from '../neo4j/driver.js';
import { resolveNow, type ResolutionResult } from './resolution-pass.js';
import { refreshPostureFacts, type FactsResult } from './posture-facts.js';
import { recordPostureSnapshot, type PostureSnapshotView } from './snapshots.js';
import { serialized } from './serialize.js';

export interface EnrichResult {
  resolution: ResolutionResult;
  facts: FactsResult;
  snapshot: PostureSnapshotView;
  /** Milliseconds per step. */
  timings: { resolution: number; facts: number; snapshot: number };
}

export async function enrichAfterSync(graph: Graph): Promise<EnrichResult> {
  const t0 = performance.now();
  const { resolution, facts, t1 } = await serialized(graph, async () => {
    const r = await resolveNow(graph);
    const t = performance.now();
    return { resolution: r, facts: await refreshPostureFacts(graph), t1: t };
  });
  const t2 = performance.now();
  const snapshot = await recordPostureSnapshot(graph);
  const t3 = performance.now();
  return { resolution, facts, snapshot, timings: { resolution: t1 - t0, facts: t2 - t1, snapshot: t3 - t2 } };
}
