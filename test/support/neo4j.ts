/**
 * The real Neo4j the tests use (npm test starts the local one when none answers). Community has one
 * user database, so test files run one at a time and each starts from an empty graph.
 */
import { loadConfig } from '../../src/config';
import { createGraph, type Graph } from '../../src/neo4j/driver';
import { migrate } from '../../src/neo4j/migrations';

export async function testGraph(): Promise<Graph> {
  const graph = createGraph(loadConfig({ ...process.env, TWIN_API_KEYS: undefined, HOST: '127.0.0.1' }).neo4j);
  await migrate(graph);
  await wipe(graph);
  return graph;
}

/** Deletes everything the tests wrote (constraints and indexes stay). */
export async function wipe(graph: Graph): Promise<void> {
  await graph.writeAutoCommit('MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
}
