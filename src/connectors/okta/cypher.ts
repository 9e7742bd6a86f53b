/**
 * Cypher fragments every Okta data set uses: the run stamps of docs/architecture.md and the cleanup of
 * what a finished data set did not see. Statements get $integration, $runId and $seenAt from the
 * runner's writer, and $source from the data sets' writer params.
 */

/** integration, source, runId and seenAt on a node. */
export function nodeStamp(v: string): string {
  return `${v}.integration = $integration, ${v}.source = $source, ${v}.runId = $runId, ${v}.seenAt = $seenAt`;
}

/** integration, runId, seenAt and the owning data set on a relationship. */
export function relStamp(v: string, dataSet: string): string {
  return `${v}.integration = $integration, ${v}.runId = $runId, ${v}.seenAt = $seenAt, ${v}.dataSet = '${dataSet}'`;
}

/** Deletes this integration's nodes of a label that the run did not see, in batches (large tenants). */
export function deleteUnseenNodes(label: string): string {
  return `MATCH (n:${label}) WHERE n.integration = $integration AND n.runId <> $runId
CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS`;
}

/** Deletes a data set's relationships of a type that the run did not see. */
export function deleteUnseenRels(type: string, dataSet: string): string {
  return `MATCH ()-[r:${type}]->() WHERE r.integration = $integration AND r.dataSet = '${dataSet}' AND r.runId <> $runId
CALL { WITH r DELETE r } IN TRANSACTIONS OF 5000 ROWS`;
}
