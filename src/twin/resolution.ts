/**
 * Identity resolution, the public side: the pass run after every sync, and the analysts' corrections.
 * Every entry point takes the graph's lock, so passes never interleave.
 */
import type { Graph } from '../neo4j/driver.js';
import { resolveNow, type ResolutionResult } from './resolution-pass.js';
import { serialized } from './serialize.js';

export type { ResolutionResult } from './resolution-pass.js';
export { linkAccounts, unlinkAccounts } from './account-links.js';

export async function resolveIdentities(graph: Graph): Promise<ResolutionResult> {
  const { people, accounts } = await serialized(graph, () => resolveNow(graph));
  return { people, accounts };
}
