/**
 * Neo4j's write floor for a provider's data (issue 10: "or the benchmark shows what physical limit stops it and
 * by how much"): the nodes and relationships a provider's data sets left in the twin, read back and created
 * again under a scratch label with nothing else: one unique key, CREATE instead of MERGE, no secondary index,
 * no change tracking, no stamps beyond what the nodes already hold, in batches two at a time as the product
 * writes. No sync that stores the same graph in the same Neo4j can write it faster; the time over the bare
 * fetch is the lowest sync / bare ratio this machine allows.
 *
 * It writes only scratch nodes (label WriteFloor) and deletes them afterwards; run it after the size's store was
 * measured, as deleted records keep their space in the store files.
 */
import type { Graph } from '../src/neo4j/driver.js';
import { writeInBatches } from '../src/neo4j/batch.js';
import { cpuSeconds } from './cpu.js';
import type { WriteFloorFigures } from './report.js';

/** As the product writes (src/ingest: a batch per page's rows, two batches in flight). */
const WRITES = { batchSize: 2000, parallel: 2 };

type Props = Record<string, unknown>;

/** Wall milliseconds and the Neo4j process's CPU seconds (when its pid is known) of one write. */
async function timed(neo4jPid: number | undefined, write: () => Promise<unknown>): Promise<{ ms: number; cpuS: number | undefined }> {
  const cpu0 = cpuSeconds(neo4jPid);
  const t0 = performance.now();
  await write();
  const ms = performance.now() - t0;
  const cpu1 = cpuSeconds(neo4jPid);
  return { ms, cpuS: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0 };
}

/** Replays `integration`'s nodes and relationships (see above), times the writes, then removes the copies. */
export async function measureWriteFloor(graph: Graph, integration: string, neo4jPid?: number): Promise<WriteFloorFigures> {
  await graph.write('CREATE CONSTRAINT write_floor_key IF NOT EXISTS FOR (n:WriteFloor) REQUIRE n.key IS UNIQUE');
  try {
    // Each node's own properties, its key among them.
    const nodes: Props[] = [];
    await graph.readEach<{ props: Props }>(
      'MATCH (n) WHERE n.integration = $integration AND n.key IS NOT NULL RETURN properties(n) AS props',
      { integration },
      (r) => {
        nodes.push(r.props);
      },
    );
    const nodeWrite = await timed(neo4jPid, () => writeInBatches(graph, 'UNWIND $rows AS props CREATE (n:WriteFloor) SET n = props', nodes, {}, WRITES));
    const nodeCount = nodes.length;
    nodes.length = 0;

    const rels: Array<{ from: string; to: string; props: Props }> = [];
    await graph.readEach<{ from: string; to: string; props: Props }>(
      `MATCH (a)-[r]->(b) WHERE r.integration = $integration AND a.key IS NOT NULL AND b.key IS NOT NULL
       RETURN a.key AS from, b.key AS to, properties(r) AS props`,
      { integration },
      (r) => {
        rels.push({ from: r.from, to: r.to, props: r.props });
      },
    );
    // Sorted by start node (before the clock starts), the two batches in flight share end nodes only (a group);
    // the driver retries a transaction Neo4j ends on a deadlock between them.
    rels.sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : 0));
    const relWrite = await timed(neo4jPid, () =>
      writeInBatches(
        graph,
        `UNWIND $rows AS row
         MATCH (a:WriteFloor {key: row.from})
         MATCH (b:WriteFloor {key: row.to})
         CREATE (a)-[r:WRITE_FLOOR]->(b) SET r = row.props`,
        rels,
        {},
        WRITES,
      ),
    );
    // What was created, not what was read: a relationship whose end the replay lacks would be missing.
    const [created] = await graph.read<{ nodes: number; relationships: number }>(
      `CALL () { MATCH (n:WriteFloor) RETURN count(n) AS nodes }
       CALL () { MATCH (:WriteFloor)-[r:WRITE_FLOOR]->(:WriteFloor) RETURN count(r) AS relationships }
       RETURN nodes, relationships`,
    );
    if (!created || created.nodes !== nodeCount || created.relationships !== rels.length) {
      throw new Error(`write floor: read ${nodeCount} nodes and ${rels.length} relationships, created ${created?.nodes} and ${created?.relationships}`);
    }
    const cpuS = nodeWrite.cpuS === undefined || relWrite.cpuS === undefined ? undefined : nodeWrite.cpuS + relWrite.cpuS;
    return { nodes: created.nodes, relationships: created.relationships, ms: nodeWrite.ms + relWrite.ms, ...(cpuS === undefined ? {} : { neo4jCpuS: cpuS }) };
  } finally {
    await graph.writeAutoCommit('MATCH (n:WriteFloor) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
    await graph.write('DROP CONSTRAINT write_floor_key IF EXISTS');
  }
}
