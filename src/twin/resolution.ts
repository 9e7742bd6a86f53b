/**
 * Identity resolution, the public side: the pass run after every sync, and the analysts' corrections.
 * Every entry point takes the graph's lock, so passes never interleave.
 */
import type { Graph } from '../neo4j/driver.js';
import { enrichPass } from './enrich-pass.js';
import type { ResolutionResult } from './resolution-pass.js';
import { serialized } from './serialize.js';

export type { ResolutionResult } from './resolution-pass.js';
export { linkAccounts, unlinkAccounts } from './account-links.js';

/** A whole pass (in batches), with the posture facts of its result: what an operator asks for to start afresh. */
export async function resolveIdentities(graph: Graph): Promise<ResolutionResult> {
  const { resolution } = await serialized(graph, () => enrichPass(graph, { whole: true }));
  return resolution;
}
