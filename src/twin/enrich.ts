/**
 * The runner's after-sync hook: resolve identities, materialise the posture facts of the result
 * (posture-facts.ts), then record the posture they produce. Under the graph's lock, so an analyst's
 * link or a second sync's enrichment never interleaves with it.
 *
 * It follows the changes when it can (enrich-scope.ts): the accounts the syncs changed since the last
 * enrichment, closed over what resolution joins on, are re-resolved and their people's facts recomputed;
 * the rest of the twin is not read. A whole pass runs instead the first time, after an enrichment that did
 * not finish, and when the changes are a large share of the twin (a first sync). Syncs of both IdPs that end
 * together are enriched once: the second enrichment finds the changes already applied.
 */
import type { Graph } from '../neo4j/driver.js';
import { readOverrides, resolveNow, type ResolutionResult } from './resolution-pass.js';
import { refreshPostureFacts, type FactsResult } from './posture-facts.js';
import { recordPostureSnapshot, type PostureSnapshotView } from './snapshots.js';
import { serialized } from './serialize.js';
import { clearAllChanged, closeChanged, countChanged, lastEnrichmentFinished, markEnriched, takeChanged, worthScoping } from './enrich-scope.js';

export interface EnrichResult {
  /** WHOLE: every account was read; CHANGES: the changed accounts and what they touch. */
  mode: 'WHOLE' | 'CHANGES';
  /** Accounts the syncs changed since the last enrichment, and how many the closure re-resolved. */
  changed: number;
  scope: number;
  resolution: ResolutionResult;
  facts: FactsResult;
  snapshot: PostureSnapshotView;
  /** Milliseconds per step. */
  timings: { scope: number; resolution: number; facts: number; snapshot: number };
}

export async function enrichAfterSync(graph: Graph): Promise<EnrichResult> {
  const t0 = performance.now();
  const done = await serialized(graph, async () => {
    const counts = await countChanged(graph);
    let scope = null;
    if (worthScoping(counts) && (await lastEnrichmentFinished(graph))) {
      const changed = await takeChanged(graph);
      scope = await closeChanged(graph, changed, await readOverrides(graph), counts.accounts);
    }
    if (!scope) await clearAllChanged(graph);
    const t1 = performance.now();
    const resolution = await resolveNow(graph, scope);
    const t2 = performance.now();
    const facts = await refreshPostureFacts(graph, new Date(), scope ? { accountKeys: scope.accountKeys, removedPersonIds: resolution.removed } : null);
    const mode = scope ? 'CHANGES' : 'WHOLE';
    await markEnriched(graph, mode);
    const { people, accounts } = resolution;
    return { mode, changed: counts.changed, scope: scope?.accountKeys.length ?? counts.accounts, resolution: { people, accounts }, facts, t1, t2 } as const;
  });
  const t3 = performance.now();
  const snapshot = await recordPostureSnapshot(graph);
  const { t1, t2, ...rest } = done;
  return { ...rest, snapshot, timings: { scope: t1 - t0, resolution: t2 - t1, facts: t3 - t2, snapshot: performance.now() - t3 } };
}
