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

export interface WriteFloor {
  nodes: number;
  relationships: number;
  /** Wall time of the writes (nodes, then relationships). */
  ms: number;
  /** CPU seconds the Neo4j process spent meanwhile (when its pid is known). */
  neo4jCpuS?: number;
}

/** As the product writes (src/ingest: a batch per page's rows, two batches in flight). */
const WRITES = { batchSize: 2000, parallel: 2 };

type Props = Record<string, unknown>;

/** Replays `integration`'s nodes and relationships (see above), times the writes, then removes the copies. */
export async function measureWriteFloor(graph: Graph, integration: string, neo4jPid?: number): Promise<WriteFloor> {
  await graph.write('CREATE CONSTRAINT write_floor_key IF NOT EXISTS FOR (n:WriteFloor) REQUIRE n.key IS UNIQUE');
  try {
    const nodes: Array<{ key: string; props: Props }> = [];
    await graph.readEach<{ key: string; props: Props }>(
      'MATCH (n) WHERE n.integration = $integration AND n.key IS NOT NULL RETURN n.key AS key, properties(n) AS props',
      { integration },
      (r) => {
        nodes.push({ key: r.key, props: r.props });
      },
    );
    const cpu0 = cpuSeconds(neo4jPid);
    const t0 = performance.now();
    await writeInBatches(graph, 'UNWIND $rows AS row CREATE (n:WriteFloor) SET n = row.props', nodes, {}, WRITES);
    let ms = performance.now() - t0;
    let cpu = cpu0 === undefined ? undefined : (cpuSeconds(neo4jPid) ?? cpu0) - cpu0;
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
    const cpu1 = cpuSeconds(neo4jPid);
    const t1 = performance.now();
    // Sorted by start node, the two batches in flight share end nodes only (a group); the driver retries a
    // transaction Neo4j ends on a deadlock between them.
    rels.sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : 0));
    await writeInBatches(
      graph,
      `UNWIND $rows AS row
       MATCH (a:WriteFloor {key: row.from})
       MATCH (b:WriteFloor {key: row.to})
       CREATE (a)-[r:WRITE_FLOOR]->(b) SET r = row.props`,
      rels,
      {},
      WRITES,
    );
    ms += performance.now() - t1;
    if (cpu !== undefined && cpu1 !== undefined) cpu += (cpuSeconds(neo4jPid) ?? cpu1) - cpu1;
    // What was created, not what was read: a relationship whose end the replay lacks would be missing.
    const [created] = await graph.read<{ nodes: number; relationships: number }>(
      `CALL () { MATCH (n:WriteFloor) RETURN count(n) AS nodes }
       CALL () { MATCH (:WriteFloor)-[r:WRITE_FLOOR]->(:WriteFloor) RETURN count(r) AS relationships }
       RETURN nodes, relationships`,
    );
    if (!created || created.nodes !== nodeCount || created.relationships !== rels.length) {
      throw new Error(`write floor: read ${nodeCount} nodes and ${rels.length} relationships, created ${created?.nodes} and ${created?.relationships}`);
    }
    return { nodes: created.nodes, relationships: created.relationships, ms, ...(cpu === undefined ? {} : { neo4jCpuS: cpu }) };
  } finally {
    await graph.writeAutoCommit('MATCH (n:WriteFloor) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
    await graph.write('DROP CONSTRAINT write_floor_key IF EXISTS');
  }
}
