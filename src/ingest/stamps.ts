/**
 * The stamps every node and relationship a run writes carries (docs/architecture.md): `integration`,
 * `source`, `runId`, `seenAt`, and on relationships the owning `dataSet`; and the cleanup of what a
 * finished data set did not see. The runner passes $integration, $source, $runId and $seenAt to every
 * writer and cleanup statement, so both connectors stamp and clean up the same way.
 */

/** integration, source, runId and seenAt on a node. */
export function nodeStamp(v: string): string {
  return `${v}.integration = $integration, ${v}.source = $source, ${v}.runId = $runId, ${v}.seenAt = $seenAt`;
}

/** integration, runId, seenAt and the owning data set on a relationship. */
export function relStamp(v: string, dataSet: string): string {
  return `${v}.integration = $integration, ${v}.runId = $runId, ${v}.seenAt = $seenAt, ${v}.dataSet = '${dataSet}'`;
}

/**
 * Properties a placeholder node gets when an edge needs an object a later data set owns (a service
 * principal met as a group member before `apps` ran). It carries no runId, so the owning data set's
 * cleanup removes it unless that data set sees the object.
 */
export function placeholderStamp(v: string): string {
  return `${v}.integration = $integration, ${v}.source = $source`;
}

/** "Not seen by this run" (a missing runId counts as not seen). */
export function notSeen(v: string, prop = 'runId'): string {
  return `coalesce(${v}.${prop}, '') <> $runId`;
}

/** Deletes this integration's nodes of a label that the run did not see, in batches (large tenants). */
export function deleteUnseenNodes(label: string): string {
  return `MATCH (n:${label}) WHERE n.integration = $integration AND ${notSeen('n')}
CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS`;
}

/** Deletes a data set's relationships of a type that the run did not see. */
export function deleteUnseenRels(type: string, dataSet: string): string {
  return `MATCH ()-[r:${type}]->() WHERE r.integration = $integration AND r.dataSet = '${dataSet}' AND ${notSeen('r')}
CALL { WITH r DELETE r } IN TRANSACTIONS OF 5000 ROWS`;
}
