/**
 * `npm run demo`: the product's main job on a fresh machine with no cloud account. Starts simulated
 * Entra and Okta tenants over HTTPS, configures both integrations through the API exactly as the admin
 * UI would, syncs both with live progress, prints a posture summary, and keeps serving the API and the
 * admin console (built first when missing or stale) until Ctrl-C.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateKeyPair, exportJWK, exportPKCS8 } from 'jose';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startApp } from '../../src/app.js';
import { startEntraSimulator } from '../simulators/entra/server.js';
import { startOktaSimulator } from '../simulators/okta/server.js';
import { generateScenario } from '../simulators/synthetic/index.js';
import { DemoClient, printPosture, watchRun } from './console.js';
import { ensureConsoleBuilt } from './console-build.js';

const size = Number(process.env.DEMO_SIZE ?? 300);
const seed = Number(process.env.DEMO_SEED ?? 42);
if (!Number.isInteger(size) || size < 100 || size > 200_000) {
  console.error('DEMO_SIZE must be an integer from 100 to 200000');
  process.exit(2);
}

const entraClient = { clientId: '6f1d2c3b-4a59-4e7d-8c21-0b9a8f7e6d5c', clientSecret: `demo-secret-${seed}` };
const oktaToken = `00demo${seed}-api-token-for-the-local-simulator`;

async function main(): Promise<void> {
  const t0 = Date.now();
  console.log(`identity twin demo: ${size} synthetic people (seed ${seed})`);
  // Before the API starts: it serves console/dist at / only when the build is there.
  await ensureConsoleBuilt();
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'demo-key-1', alg: 'RS256', use: 'sig' };
  const scenario = generateScenario({
    seed,
    people: size,
    entraCredentials: entraClient,
    oktaCredentials: { apiToken: oktaToken, serviceApp: { clientId: '0oademoserviceapp1d7', publicJwk, requireDpop: true } },
  });
  const entraSim = await startEntraSimulator({ tenants: [scenario.entra] });
  const oktaSim = await startOktaSimulator({ org: scenario.okta });
  console.log(`simulated Entra tenant ${scenario.entra.tenantId} at ${entraSim.authorityHost}`);
  console.log(`simulated Okta org at ${oktaSim.orgUrl}`);

  const config = loadConfig({
    ...process.env,
    ENTRA_AUTHORITY_HOST: entraSim.authorityHost,
    ENTRA_GRAPH_ENDPOINT: entraSim.graphEndpoint,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  // The simulators' CA is trusted explicitly, as a corporate CA would be (TWIN_TLS_CA_FILE).
  mkdirSync(config.dataDir, { recursive: true });
  const caFile = path.join(config.dataDir, 'demo-ca.pem');
  writeFileSync(caFile, entraSim.caCertPem);
  const app = await startApp(config, { log: createLogger(config.logLevel), extraCaPem: entraSim.caCertPem });
  const client = new DemoClient(app.url, process.env.DEMO_API_KEY);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping the API and the simulators...');
    await app.close().catch(() => undefined);
    await Promise.all([entraSim.close(), oktaSim.close()]).catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  await client.configureEntra({ tenantId: scenario.entra.tenantId, ...entraClient });
  await client.configureOkta({ orgUrl: oktaSim.orgUrl, clientId: '0oademoserviceapp1d7', privateKey: await exportPKCS8(privateKey), keyId: 'demo-key-1' });
  await client.testConnections();

  const [entraRun, oktaRun] = await Promise.all([client.syncEntra(), client.syncOkta()]);
  await Promise.all([watchRun(client, 'Entra ID', entraRun), watchRun(client, 'Okta', oktaRun)]);
  await printPosture(client);

  console.log(`\nready in ${((Date.now() - t0) / 1000).toFixed(1)} s. GraphQL: ${app.url}`);
  console.log(`console: ${app.url.replace(/\/graphql$/, '/')}${config.apiKeys === undefined ? ' (open access on loopback: no key needed)' : ' (sign in with an admin key from TWIN_API_KEYS)'}`);
  console.log(`try:\n  curl -s ${app.url} -H 'content-type: application/json' \\\n    -d '{"query":"{ identityPosture { crossIdp { inBoth onlyInEntra onlyInOkta mfaGaps { kind person { displayName } } } } }"}'`);
  console.log('Ctrl-C stops the API, the simulators (Neo4j keeps running: npm run db:stop).');
}

main().catch((err: unknown) => {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
