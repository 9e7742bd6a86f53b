/**
 * Shared setup of the Entra integration tests (test/integration/entra-*.test.ts): the Graph simulator
 * with the example tenant, the test Neo4j, a SyncRunner and the connector with short, recorded waits.
 */
import { loadConfig } from '../../src/config.js';
import { createEntraConnector } from '../../src/ingest/entra/connector.js';
import type { EntraSyncOptions } from '../../src/ingest/connector.js';
import type { StoredIntegration } from '../../src/integrations/config-store.js';
import type { SyncRunRecord } from '../../src/ingest/types.js';
import { createLogger } from '../../src/log.js';
import type { Graph } from '../../src/neo4j/driver.js';
import { exampleIds, exampleTenant } from '../../dev/simulators/entra/example-tenant.js';
import { startEntraSimulator, type EntraSimulator } from '../../dev/simulators/entra/server.js';
import { RunStore } from '../../src/ingest/run-store.js';
import { SyncRunner } from '../../src/ingest/runner.js';
import { testGraph } from './neo4j.js';

export const ALL: EntraSyncOptions = {
  syncUsers: true, syncGroups: true, syncRoles: true, syncSignIns: true, syncPolicies: true, syncApps: true, hoursBack: 72,
};

export const connectorClient = exampleIds.clients.connector;

export interface EntraHarness {
  sim: EntraSimulator;
  graph: Graph;
  runner: SyncRunner;
  connector: ReturnType<typeof createEntraConnector>;
  /** Every wait the connector asked for (retries, backoff, $batch throttling), in ms. */
  waits: number[];
  stored(over?: Partial<StoredIntegration>): StoredIntegration;
  /**
   * One run to its end. Data sets with a change cursor from an earlier run read incrementally unless `full`.
   */
  sync(
    opts?: Partial<EntraSyncOptions>,
    over?: { stored?: Partial<StoredIntegration>; secret?: string; allowLargeDeletes?: boolean; full?: boolean },
  ): Promise<SyncRunRecord>;
  count(cypher: string, params?: Record<string, unknown>): Promise<number>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<EntraHarness> {
  const sim = await startEntraSimulator({ tenants: [exampleTenant()] });
  const graph = await testGraph();
  const config = loadConfig({
    ...process.env,
    TWIN_API_KEYS: undefined,
    HOST: '127.0.0.1',
    ENTRA_AUTHORITY_HOST: sim.authorityHost,
    ENTRA_GRAPH_ENDPOINT: sim.graphEndpoint,
  });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const runner = new SyncRunner(graph, new RunStore(graph), log);
  const waits: number[] = [];
  const connector = createEntraConnector(
    { config, log, graph, extraCaPem: sim.caCertPem },
    {
      retry: { baseDelayMs: 5, maxDelayMs: 50 },
      // Recorded, not slept: Retry-After of seconds must not slow the suite.
      sleep: async (ms) => {
        waits.push(ms);
        await new Promise((resolve) => setImmediate(resolve));
      },
      pacing: {},
    },
  );
  const stored = (over: Partial<StoredIntegration> = {}): StoredIntegration => ({
    source: 'ENTRA_ID',
    tenant: exampleIds.tenantId,
    clientId: connectorClient.clientId,
    settings: {},
    credentialSet: true,
    configuredAt: new Date().toISOString(),
    ...over,
  });
  return {
    sim,
    graph,
    runner,
    connector,
    waits,
    stored,
    async sync(opts = {}, over = {}) {
      const options = { ...ALL, ...opts };
      const run = await runner.start('ENTRA_ID', { ...options }, async () =>
        connector.session(stored(over.stored), { clientSecret: over.secret ?? connectorClient.secret }, options),
        { allowLargeDeletes: over.allowLargeDeletes === true, full: over.full === true },
      );
      await runner.settle();
      const done = await runner.get(run.id);
      if (!done) throw new Error('run vanished');
      return done;
    },
    async count(cypher, params = {}) {
      const rows = await graph.read<{ n: number }>(cypher, params);
      return Number(rows[0]?.n ?? 0);
    },
    async close() {
      await runner.close();
      await graph.close();
      await sim.close();
    },
  };
}

export function countOf(run: SyncRunRecord, dataSet: string): number | undefined {
  return run.counts.find((c) => c.dataSet === dataSet)?.count;
}
