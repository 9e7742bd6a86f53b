/**
 * Shared by the Okta integration tests: the simulator on the example org, a wiped Neo4j, a runner,
 * and the connector configured the way configureOkta would store it.
 */
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { loadConfig } from '../../src/config.js';
import { createOktaConnector } from '../../src/ingest/okta/connector.js';
import type { StoredIntegration } from '../../src/integrations/config-store.js';
import type { IntegrationConnector, OktaConfigValues, OktaSyncOptions, ValidatedConfig } from '../../src/ingest/connector.js';
import type { SyncRunRecord } from '../../src/ingest/types.js';
import { createLogger } from '../../src/log.js';
import type { Graph } from '../../src/neo4j/driver.js';
import { exampleOrg } from '../../dev/simulators/okta/example-org.js';
import type { OktaOrgFixture, ServiceAppFixture } from '../../dev/simulators/okta/fixture.js';
import { startOktaSimulator, type OktaSimulator } from '../../dev/simulators/okta/server.js';
import { RunStore } from '../../src/ingest/run-store.js';
import { SyncRunner, type RunRequest } from '../../src/ingest/runner.js';
import { testGraph } from './neo4j.js';

export const ALL: OktaSyncOptions = {
  syncUsers: true,
  syncGroups: true,
  syncRoles: true,
  syncApps: true,
  syncLogs: true,
  syncPolicies: true,
  hoursBack: 96,
};

export const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 };

export interface OktaHarness {
  sim: OktaSimulator;
  graph: Graph;
  runs: RunStore;
  runner: SyncRunner;
  connector: IntegrationConnector<OktaSyncOptions, OktaConfigValues>;
  close(): Promise<void>;
}

export interface ServiceAppKey {
  fixture: ServiceAppFixture;
  privateKeyPem: string;
  keyId: string;
}

/** A service app with a fresh RSA key, as the admin would register it in Okta. */
export async function serviceApp(clientId: string, opts: { requireDpop: boolean; grantedScopes: string[] }): Promise<ServiceAppKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const keyId = `${clientId}-key`;
  const jwk = { ...(await exportJWK(publicKey)), kid: keyId, alg: 'RS256', use: 'sig' };
  return {
    fixture: { clientId, publicJwks: [jwk], grantedScopes: opts.grantedScopes, requireDpop: opts.requireDpop },
    privateKeyPem: await exportPKCS8(privateKey),
    keyId,
  };
}

/** `clock`: the simulator's (Okta's) clock, e.g. ours moved by an offset a test changes. */
export async function startHarness(org: OktaOrgFixture = exampleOrg(), clock?: () => number): Promise<OktaHarness> {
  const sim = await startOktaSimulator({ org, ...(clock ? { clock } : {}) });
  const graph = await testGraph();
  const log = createLogger('silent');
  const runs = new RunStore(graph);
  const runner = new SyncRunner(graph, runs, log);
  const config = loadConfig({ ...process.env, TWIN_API_KEYS: undefined, HOST: '127.0.0.1' });
  const connector = createOktaConnector({ config, log, graph, extraCaPem: sim.caCertPem }, { retry: FAST_RETRY });
  return {
    sim,
    graph,
    runs,
    runner,
    connector,
    async close() {
      await runner.close();
      await sim.close();
      await graph.close();
    },
  };
}

/** What the config store would hand back after configureOkta. */
export function stored(v: ValidatedConfig): { stored: StoredIntegration; credentials: Record<string, string> } {
  return {
    stored: { source: 'OKTA', tenant: v.tenant, clientId: v.clientId, settings: v.settings, credentialSet: true, configuredAt: new Date().toISOString() },
    credentials: v.credentials,
  };
}

export async function runSync(h: OktaHarness, input: OktaConfigValues, options: OktaSyncOptions = ALL, request: RunRequest = {}): Promise<SyncRunRecord> {
  const s = stored(h.connector.validate(input));
  const run = await h.runner.start('OKTA', { ...options }, async () => h.connector.session(s.stored, s.credentials, options), request);
  await h.runner.settle();
  const done = await h.runs.get(run.id);
  if (!done) throw new Error(`run ${run.id} was not saved`);
  return done;
}

export function countOf(run: SyncRunRecord, dataSet: string): number | undefined {
  return run.counts.find((c) => c.dataSet === dataSet)?.count;
}
