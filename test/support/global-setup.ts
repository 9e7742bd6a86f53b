/**
 * Leaves the test database as the tests found it: empty of what they wrote (constraints stay). Only
 * when the run may wipe it (npm test on the local launcher, or TWIN_TEST_ALLOW_WIPE=1), and never
 * failing the run when Neo4j is already gone.
 */
import { loadConfig } from '../../src/config.js';
import { createGraph } from '../../src/neo4j/driver.js';
import { wipe } from './neo4j.js';

export default function setup(): () => Promise<void> {
  return async () => {
    if (process.env.TWIN_LOCAL_NEO4J !== '1' && process.env.TWIN_TEST_ALLOW_WIPE !== '1') return;
    const graph = createGraph(loadConfig({ ...process.env, TWIN_API_KEYS: undefined, HOST: '127.0.0.1' }).neo4j);
    try {
      await wipe(graph);
    } catch (err) {
      console.warn(`could not clean the test database: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      await graph.close();
    }
  };
}
