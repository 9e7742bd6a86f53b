/**
 * The connectors' HTTP stack against the bare client on the same listing, in one process (no writes):
 * does fetching through HttpClient/GraphClient cost more than a bare undici loop? Alternates both.
 *
 *   PROFILE_SIZE=20000 npx tsx bench/profile-fetch.ts
 */
import 'reflect-metadata';
import { Agent, request } from 'undici';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { EntraSession } from '../src/ingest/entra/session.js';
import { signInsUrl } from '../src/ingest/entra/sign-ins.js';
import { usersUrl } from '../src/ingest/entra/users.js';
import { BUCKET } from '../src/ingest/entra/buckets.js';
import { startEntraSimulator } from '../dev/simulators/entra/server.js';
import { generateScenario } from '../dev/simulators/synthetic/index.js';
import { ENTRA } from './world.js';

const SIZE = Number(process.env.PROFILE_SIZE ?? 20000);
const scenario = generateScenario({ seed: 7, people: SIZE, entraCredentials: ENTRA, oktaCredentials: { apiToken: 'x'.repeat(40) } });
const sim = await startEntraSimulator({ tenants: [scenario.entra] });
const config = loadConfig({ ENTRA_AUTHORITY_HOST: sim.authorityHost, ENTRA_GRAPH_ENDPOINT: sim.graphEndpoint, NEO4J_URI: 'bolt://127.0.0.1:1' });
const session = new EntraSession({ config, log: createLogger('silent'), extraCaPem: sim.caCertPem, tenant: scenario.entra.tenantId, ...ENTRA });
await session.authenticate();
const token = await sim.issueAccessToken({ tenantId: scenario.entra.tenantId, clientId: ENTRA.clientId, roles: scenario.entra.clients[0]?.appPermissions ?? [] });
const agent = new Agent({ connect: { ca: sim.caCertPem }, connections: 64 });
const since = new Date(Date.now() - 168 * 3_600_000);

async function bare(url: string): Promise<number> {
  let next: string | undefined = `${sim.graphEndpoint}/v1.0${url}`;
  let n = 0;
  while (next) {
    const res = await request(next, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, dispatcher: agent });
    const body = JSON.parse(await res.body.text()) as { value: unknown[]; '@odata.nextLink'?: string };
    n += body.value.length;
    next = body['@odata.nextLink'];
  }
  return n;
}

async function connector(url: string, bucket: string): Promise<number> {
  let n = 0;
  for await (const page of session.client.pages<unknown>(url, { bucket })) n += page.length;
  return n;
}

for (const [name, url, bucket] of [['signIns', signInsUrl(since), BUCKET.signIns], ['users', usersUrl(true), BUCKET.reports]] as const) {
  for (let i = 0; i < 2; i += 1) {
    let t0 = performance.now();
    const a = await bare(url);
    const tb = performance.now() - t0;
    t0 = performance.now();
    const b = await connector(url, bucket);
    const tc = performance.now() - t0;
    console.log(`${name}: bare ${tb.toFixed(0)} ms (${a}), connector ${tc.toFixed(0)} ms (${b})`);
  }
}
await session.close();
await agent.close();
await sim.close();
process.exit(0);
