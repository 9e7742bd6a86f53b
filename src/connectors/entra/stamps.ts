/**
 * The stamps every node and relationship a run writes carries (docs/architecture.md): `integration`,
 * `runId`, `seenAt`, `source`, and on relationships the owning `dataSet`. The runner passes $integration,
 * $runId and $seenAt to every writer and cleanup statement.
 */
export const SOURCE = 'ENTRA_ID';

export function nodeStamp(v: string): string {
  return `${v}.integration = $integration, ${v}.runId = $runId, ${v}.seenAt = $seenAt, ${v}.source = '${SOURCE}'`;
}

export function edgeStamp(v: string, dataSet: string): string {
  return `${v}.integration = $integration, ${v}.runId = $runId, ${v}.seenAt = $seenAt, ${v}.dataSet = '${dataSet}'`;
}

/**
 * Properties a placeholder node gets when an edge needs an object a later data set owns (a service
 * principal met as a group member before `apps` ran). It carries no runId, so the owning data set's
 * cleanup removes it unless that data set sees the object.
 */
export function placeholderStamp(v: string): string {
  return `${v}.integration = $integration, ${v}.source = '${SOURCE}'`;
}

/** "Not seen by this run" (a missing runId counts as not seen). */
export function notSeen(v: string, prop = 'runId'): string {
  return `coalesce(${v}.${prop}, '') <> $runId`;
}
