/**
 * The real Neo4j the tests use (npm test starts the local one when none answers). Community has one
 * user database, so test files run one at a time and each starts from an empty graph.
 */
import { loadConfig } from '../../src/config.js';
import { createGraph, type Graph } from '../../src/neo4j/driver.js';
import { migrate } from '../../src/model/migrations.js';

export async function testGraph(): Promise<Graph> {
  const graph = createGraph(loadConfig({ ...process.env, TWIN_API_KEYS: undefined, HOST: '127.0.0.1' }).neo4j);
  await migrate(graph);
  await wipe(graph);
  return graph;
}

/**
 * Tests delete everything in the database they use. That is the local launcher's (NEO4J_URI unset, or
 * set by tools/with-neo4j.mjs) unless the caller says a Neo4j of their own is a scratch database.
 */
export function assertScratchDatabase(): void {
  const own = process.env.NEO4J_URI && process.env.TWIN_LOCAL_NEO4J !== '1';
  if (own && process.env.TWIN_TEST_ALLOW_WIPE !== '1') {
    throw new Error(
      `the tests delete every node in ${process.env.NEO4J_URI}; if that is a scratch database set TWIN_TEST_ALLOW_WIPE=1, otherwise unset NEO4J_URI to use the local Neo4j`,
    );
  }
}

/** Deletes everything the tests wrote (constraints and indexes stay). */
export async function wipe(graph: Graph): Promise<void> {
  assertScratchDatabase();
  await graph.writeAutoCommit('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
}
