/**
 * Identity resolution, the public side: the pass run after every sync, and the analysts' corrections.
 * Every entry point takes the graph's lock, so passes never interleave.
 */
import type { Graph } from '../neo4j/driver';
import { resolveNow, type ResolutionResult } from './resolution-pass';
import { serialized } from './serialize';

export type { ResolutionResult } from './resolution-pass';
export { linkAccounts, unlinkAccounts } from './account-links';
export { MATCHED_BY, type MatchedBy } from './components';

export function resolveIdentities(graph: Graph): Promise<ResolutionResult> {
  return serialized(graph, () => resolveNow(graph));
}
