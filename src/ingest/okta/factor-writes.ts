/**
 * Removing factors Okta no longer lists for a user whose factors were read again, Factor node included.
 * `pruneRels` would leave the Factor node behind (a FULL sync's cleanup deletes it), so an incremental twin
 * would differ from a full one. Asked of the model's writes (/work/tmp/requests-okta.md); until it is
 * there it lives here, compiled from the same declarations.
 */
import { keyedLabel, kindLabel } from '../../model/declare.js';
import { FactorNode, HAS_FACTOR, OktaUserNode } from '../../model/graph.js';
import type { Write } from '../../model/writes.js';

/**
 * Rows `{ key }` of users: their factors this run did not write go, with their HAS_FACTOR edge. Flushed after
 * the factor upserts of the same batch, so only the factors Okta no longer lists are unstamped.
 */
export function pruneFactors(): Write<{ key: string }> {
  const kind = kindLabel(OktaUserNode);
  return {
    name: `~${FactorNode.name}(${HAS_FACTOR.type} of ${OktaUserNode.name})`,
    kind: 'node',
    params: {},
    cypher: `UNWIND $rows AS row
MATCH (u:${keyedLabel(OktaUserNode)} {key: row.key}) WHERE u.integration = $integration${kind ? ` AND u:${kind}` : ''}
MATCH (u)-[:${HAS_FACTOR.type}]->(f:${keyedLabel(FactorNode)})
WHERE coalesce(f.runId, '') <> $runId
DETACH DELETE f`,
  };
}
