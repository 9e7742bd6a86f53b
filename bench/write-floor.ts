/**
 * Neo4j's write floor for a provider's data (issue 10: "or the benchmark shows what physical limit stops it and
 * by how much"): the nodes and relationships a provider's data sets left in the twin, read back and created
 * again under a scratch label with nothing else: one unique key, CREATE instead of MERGE, no secondary index,
 * no change tracking, no stamps beyond what the nodes already hold, in batches two at a time as the product
 * writes. No sync that stores the same graph in the same Neo4j can write it faster. A sync also fetches while it
 * writes, so the lowest sync / bare ratio this machine allows is the same replay beside the bare fetch
 * (measureWriteFloorBeside, below), not the replay alone.
 *
 * The same for the twin's own layer (`twin`): the people, their HAS_ACCOUNT edges and the posture findings and
 * summary that the work after the data sets creates. The accounts those edges end at are created as bare scratch
 * nodes before the clock starts.
 *
 * It writes only scratch nodes (label WriteFloor) and deletes them afterwards; run it after the size's store was
 * measured, as deleted records keep their space in the store files.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
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

interface FloorOptions {
  neo4jPid?: number;
  /** Awaited once the copies are read and the scratch ends created, just before the clock starts. */
  beforeClock?: () => Promise<void>;
}

/** What a floor replays: one integration's data (entra, okta), or the twin's own layer. */
export const FLOORS = ['entra', 'okta', 'twin'] as const;
export type FloorOf = (typeof FLOORS)[number];

export function isFloorOf(v: string | undefined): v is FloorOf {
  return (FLOORS as readonly (string | undefined)[]).includes(v);
}

/** Reads: each node's own properties (its key among them), each relationship's ends and properties. */
function selection(of: FloorOf): { nodes: string; rels: string; ends: string | null } {
  if (of === 'twin') {
    return {
      nodes: 'MATCH (n) WHERE (n:Person OR n:PostureFinding OR n:PostureSummary) AND n.key IS NOT NULL RETURN properties(n) AS props',
      rels: 'MATCH (a:Person)-[r:HAS_ACCOUNT]->(b:Account) WHERE a.key IS NOT NULL RETURN a.key AS from, b.key AS to, properties(r) AS props',
      ends: 'MATCH (b:Account) WHERE EXISTS { (:Person)-[:HAS_ACCOUNT]->(b) } RETURN b.key AS key',
    };
  }
  return {
    nodes: `MATCH (n) WHERE n.integration = '${of}' AND n.key IS NOT NULL RETURN properties(n) AS props`,
    rels: `MATCH (a)-[r]->(b) WHERE r.integration = '${of}' AND a.key IS NOT NULL AND b.key IS NOT NULL
           RETURN a.key AS from, b.key AS to, properties(r) AS props`,
    ends: null,
  };
}

/** Replays the nodes and relationships of `of` (see above), times the writes, then removes the copies. */
export async function measureWriteFloor(graph: Graph, of: FloorOf, options: FloorOptions = {}): Promise<WriteFloorFigures> {
  const { neo4jPid, beforeClock } = options;
  const select = selection(of);
  await graph.write('CREATE CONSTRAINT write_floor_key IF NOT EXISTS FOR (n:WriteFloor) REQUIRE n.key IS UNIQUE');
  try {
    // Read whole before the clock starts.
    const nodes: Props[] = [];
    await graph.readEach<{ props: Props }>(select.nodes, {}, (r) => {
      nodes.push(r.props);
    });
    const rels: Array<{ from: string; to: string; props: Props }> = [];
    await graph.readEach<{ from: string; to: string; props: Props }>(select.rels, {}, (r) => {
      rels.push({ from: r.from, to: r.to, props: r.props });
    });
    // Ends the relationships need that are not replayed: bare scratch nodes, created before the clock starts.
    const ends: string[] = [];
    if (select.ends) {
      await graph.readEach<{ key: string }>(select.ends, {}, (r) => {
        ends.push(r.key);
      });
    }
    await writeInBatches(graph, 'UNWIND $rows AS key CREATE (:WriteFloor {key: key})', ends, {}, WRITES);
    // Sorted by start node, the two batches in flight share end nodes only (a group); the driver retries a
    // transaction Neo4j ends on a deadlock between them.
    rels.sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : 0));

    await beforeClock?.();
    const nodeWrite = await timed(neo4jPid, () => writeInBatches(graph, 'UNWIND $rows AS props CREATE (n:WriteFloor) SET n = props', nodes, {}, WRITES));
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
    if (!created || created.nodes !== nodes.length + ends.length || created.relationships !== rels.length) {
      throw new Error(`write floor: read ${nodes.length} nodes and ${rels.length} relationships, created ${created?.nodes} and ${created?.relationships}`);
    }
    const cpuS = nodeWrite.cpuS === undefined || relWrite.cpuS === undefined ? undefined : nodeWrite.cpuS + relWrite.cpuS;
    return {
      nodes: nodes.length,
      relationships: created.relationships,
      ms: nodeWrite.ms + relWrite.ms,
      ...(cpuS === undefined ? {} : { neo4jCpuS: cpuS }),
    };
  } finally {
    await graph.writeAutoCommit('MATCH (n:WriteFloor) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
    await graph.write('DROP CONSTRAINT write_floor_key IF EXISTS');
  }
}

/**
 * The floor of `of` (an integration) while `fetch` runs: the replay in a process of its own, as a sync's writes
 * are the API process's (in the bench's process, its encoding would share one event loop with the simulators and
 * the bare client, and slow the fetch as no sync does). The clock starts when the child has read its copies; the
 * result is the wall time until both had finished, and the fetch's own (WriteFloorFigures.withFetch).
 */
export async function measureWriteFloorBeside(uri: string, of: FloorOf, fetch: () => Promise<unknown>): Promise<NonNullable<WriteFloorFigures['withFetch']>> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'write-floor-child.ts'), of], {
    env: { ...process.env, NEO4J_URI: uri },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (!child.stdout) throw new Error('write floor child: no stdout');
  const lines = readline.createInterface({ input: child.stdout });
  // One iterator for both lines: a for-await that returns would close the interface after the first.
  const iterator = lines[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const line = await iterator.next();
    if (line.done === true) throw new Error(`write floor child for ${of} ended (exit ${await exited}) before it answered`);
    return line.value;
  };
  try {
    if ((await next()) !== 'ready') throw new Error(`write floor child for ${of}: expected "ready"`);
    const t0 = performance.now();
    child.stdin?.write('go\n');
    const [fetchMs, writesMs] = await Promise.all([
      fetch().then(() => performance.now() - t0),
      next().then((line) => {
        const done = performance.now() - t0;
        const figures: unknown = JSON.parse(line);
        if (typeof figures !== 'object' || figures === null || !('ms' in figures)) throw new Error(`write floor child for ${of} answered ${line}`);
        return done;
      }),
    ]);
    return { ms: Math.max(fetchMs, writesMs), fetchMs };
  } finally {
    lines.close();
    child.stdin?.end();
    if (child.exitCode === null) child.kill();
  }
}
