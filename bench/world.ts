/**
 * What every benchmark script starts from: a deterministic synthetic tenant (seed 7) served by the Graph and
 * Okta simulators over HTTPS, an emptied Neo4j, and the settings an API process needs to reach them; then the
 * two configure mutations, as the admin UI sends them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { createGraph } from '../src/neo4j/driver.js';
import { startEntraSimulator, type EntraSimulator } from '../dev/simulators/entra/server.js';
import { startOktaSimulator, type OktaSimulator } from '../dev/simulators/okta/server.js';
import { generateScenario, type SyntheticScenario } from '../dev/simulators/synthetic/index.js';
import { gql } from './gql.js';

/** The app registration and the API token the synthetic tenant accepts. */
export const ENTRA = { clientId: '2b7f3a91-5c4e-4d2a-9f1b-7e6d5c4b3a29', clientSecret: 'bench-client-secret' };
export const OKTA_TOKEN = '00bench-api-token-for-the-local-simulator';

export interface BenchWorld {
  scenario: SyntheticScenario;
  entraSim: EntraSimulator;
  oktaSim: OktaSimulator;
  /** Milliseconds the tenant took to generate. */
  generateMs: number;
  /** The environment of an API process that syncs from these simulators into this Neo4j. */
  apiEnv: Record<string, string>;
  close(): Promise<void>;
}

export async function startBenchWorld(people: number, neo4jUri: string, tmpPrefix: string): Promise<BenchWorld> {
  const t0 = performance.now();
  const scenario = generateScenario({ seed: 7, people, entraCredentials: ENTRA, oktaCredentials: { apiToken: OKTA_TOKEN } });
  const generateMs = performance.now() - t0;
  const entraSim = await startEntraSimulator({ tenants: [scenario.entra] });
  const oktaSim = await startOktaSimulator({ org: scenario.okta });

  const graph = createGraph(loadConfig({ NEO4J_URI: neo4jUri }).neo4j);
  await graph.writeAutoCommit('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  await graph.close();

  const dir = mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
  const caFile = path.join(dir, 'ca.pem');
  writeFileSync(caFile, entraSim.caCertPem);
  return {
    scenario,
    entraSim,
    oktaSim,
    generateMs,
    apiEnv: {
      NEO4J_URI: neo4jUri,
      ENTRA_AUTHORITY_HOST: entraSim.authorityHost,
      ENTRA_GRAPH_ENDPOINT: entraSim.graphEndpoint,
      TWIN_TLS_CA_FILE: caFile,
      TWIN_DATA_DIR: dir,
      // A deployment's default level: the bench reads the enrichment passes from it (api-process.ts).
      LOG_LEVEL: 'info',
    },
    close: async () => {
      await Promise.all([entraSim.close(), oktaSim.close()]);
    },
  };
}

/** Configures both identity providers through the API, as the admin UI does. */
export async function configureBoth(apiUrl: string, world: BenchWorld): Promise<void> {
  await gql(apiUrl, 'mutation($i: EntraIdConfigInput!) { configureEntraId(input: $i) { configured } }', { i: { tenantId: world.scenario.entra.tenantId, ...ENTRA } });
  await gql(apiUrl, 'mutation($i: OktaConfigInput!) { configureOkta(input: $i) { configured } }', { i: { orgUrl: world.oktaSim.orgUrl, apiToken: OKTA_TOKEN } });
}
