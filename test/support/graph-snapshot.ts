/**
 * What one integration's sync left in the twin, comparable across runs: every node the connector owns and
 * every relationship between them, with their properties minus the stamps that say which run wrote them
 * (runId, seenAt, dataSet, facet stamps). Incremental-sync tests compare the snapshot after an incremental
 * sync with the one a full sync gives at the same moment; they must be equal.
 *
 * Identity resolution's output is included as each person's set of account keys (person ids are not
 * compared: they are chosen when a person first appears).
 */
import type { Graph } from '../../src/neo4j/driver.js';
import { NODES } from '../../src/model/graph.js';
import { keyedLabel } from '../../src/model/declare.js';

export interface GraphSnapshot {
  nodes: string[];
  relationships: string[];
  people: string[];
}

/** Properties that record which run wrote a value, not what the provider said. */
const STAMPS = new Set<string>([
  'runId', 'seenAt', 'dataSet', 'integration', 'source',
  ...NODES.flatMap((n) => Object.values(n.facets).flatMap((f) => (f.stamp ? [f.stamp] : []))),
]);

/** Labels of the nodes connectors write (owner is a data set of a connector, not the twin itself). */
const CONNECTOR_LABELS = [...new Set(NODES.filter((n) => n.owner.source !== 'TWIN').map(keyedLabel))];

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k]) => !STAMPS.has(k)).sort(([a], [b]) => a.localeCompare(b)));
  }
  return value;
}

export async function graphSnapshot(graph: Graph, integration: string): Promise<GraphSnapshot> {
  const nodeRows = await graph.read<{ labels: string[]; props: Record<string, unknown> }>(
    `MATCH (n) WHERE n.integration = $integration AND any(l IN labels(n) WHERE l IN $labels)
     RETURN labels(n) AS labels, properties(n) AS props`,
    { integration, labels: CONNECTOR_LABELS },
  );
  const relRows = await graph.read<{ from: string; type: string; to: string; props: Record<string, unknown> }>(
    `MATCH (a)-[r]->(b) WHERE a.integration = $integration AND any(l IN labels(a) WHERE l IN $labels)
       AND any(l IN labels(b) WHERE l IN $labels)
     RETURN a.key AS from, type(r) AS type, b.key AS to, properties(r) AS props`,
    { integration, labels: CONNECTOR_LABELS },
  );
  const peopleRows = await graph.read<{ accounts: string[] }>(
    `MATCH (p:Person)-[:HAS_ACCOUNT]->(a) WHERE a.integration = $integration
     WITH p, collect(a.key) AS accounts RETURN accounts`,
    { integration },
  );
  return {
    nodes: nodeRows.map((r) => JSON.stringify([[...r.labels].sort(), canonical(r.props)])).sort(),
    relationships: relRows.map((r) => JSON.stringify([r.from, r.type, r.to, canonical(r.props)])).sort(),
    people: peopleRows.map((r) => JSON.stringify([...r.accounts].sort())).sort(),
  };
}
