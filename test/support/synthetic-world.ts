/**
 * A synthetic Entra tenant and Okta org served by the simulators over HTTPS, and the real API pointed at
 * them on an empty test database: what the end-to-end tests (GraphQL and browser) start from.
 */
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { startEntraSimulator, type EntraSimulator } from '../../dev/simulators/entra/server.js';
import { startOktaSimulator, type OktaSimulator } from '../../dev/simulators/okta/server.js';
import { generateScenario, type SyntheticScenario } from '../../dev/simulators/synthetic/index.js';
import { startTestApp, type TestApp } from './app.js';
import { testGraph } from './neo4j.js';
import type { Logger } from '../../src/log.js';

export const SYNTHETIC_ENTRA = { clientId: '0b4c6e2a-1f3d-4a5b-9c8d-7e6f5a4b3c2d', clientSecret: 'synthetic-client-secret-value' };
export const SYNTHETIC_OKTA_CLIENT = '0oasyntheticapp01d7';

export interface SyntheticWorld {
  scenario: SyntheticScenario;
  entraSim: EntraSimulator;
  oktaSim: OktaSimulator;
  t: TestApp;
  /** The Okta service app's private key (PKCS#8 PEM); the org requires DPoP from it. */
  privatePem: string;
  close(): Promise<void>;
}

export async function startSyntheticWorld(opts: { seed: number; people: number; log?: Logger }): Promise<SyntheticWorld> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const privatePem = await exportPKCS8(privateKey);
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
  const scenario = generateScenario({
    seed: opts.seed,
    people: opts.people,
    entraCredentials: SYNTHETIC_ENTRA,
    oktaCredentials: { apiToken: 'unused-api-token-value', serviceApp: { clientId: SYNTHETIC_OKTA_CLIENT, publicJwk, requireDpop: true } },
  });
  const entraSim = await startEntraSimulator({ tenants: [scenario.entra] });
  const oktaSim = await startOktaSimulator({ org: scenario.okta });
  const graph = await testGraph();
  await graph.close();
  const t = await startTestApp(
    { ENTRA_AUTHORITY_HOST: entraSim.authorityHost, ENTRA_GRAPH_ENDPOINT: entraSim.graphEndpoint },
    { extraCaPem: entraSim.caCertPem, ...(opts.log ? { log: opts.log } : {}) },
  );
  return {
    scenario, entraSim, oktaSim, t, privatePem,
    async close() {
      await t.close();
      await Promise.all([entraSim.close(), oktaSim.close()]);
    },
  };
}
