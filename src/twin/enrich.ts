/** The runner's after-sync hook: resolve identities, then record the posture they produce. */
import type { Graph } from '../neo4j/driver.js';
import { resolveIdentities, type ResolutionResult } from './resolution.js';
import { recordPostureSnapshot, type PostureSnapshotView } from './snapshots.js';

export async function enrichAfterSync(graph: Graph): Promise<{ resolution: ResolutionResult; snapshot: PostureSnapshotView }> {
  const resolution = await resolveIdentities(graph);
  const snapshot = await recordPostureSnapshot(graph);
  return { resolution, snapshot };
}
