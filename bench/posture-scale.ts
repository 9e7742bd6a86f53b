/**
 * One size, posture only (not the official benchmark, which is bench/run.ts): syncs a synthetic tenant
 * from the simulators through an in-process API into the Neo4j at NEO4J_URI (it WIPES it), then reports
 * each sync's wall time and the part spent after the data sets (identity resolution, posture facts,
 * snapshot), the steady-state enrichment step by step, and identityPosture's latency and statements.
 *
 *   NEO4J_URI=bolt://127.0.0.1:7681 npx tsx bench/posture-scale.ts 20000
 */
import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { startApp } from '../src/app.js';
import { enrichAfterSync } from '../src/twin/enrich.js';
import { startEntraSimulator } from '../dev/simulators/entra/server.js';
import { startOktaSimulator } from '../dev/simulators/okta/server.js';
import { generateScenario } from '../dev/simulators/synthetic/index.js';
import { gql, percentile } from './gql.js';
import { ENTRA, OKTA_TOKEN } from './world.js';

const people = Number(process.argv[2] ?? 20_000);
const uri = process.env.NEO4J_URI;
if (!uri) throw new Error('set NEO4J_URI to a throw-away Neo4j: this script wipes it');
const POSTURE = `{ identityPosture { asOf accounts { source total active } mfa { source ratio byMethod { method accounts } }
  globalAdminCount globalAdmins { id } roles { role activeHolders eligibleHolders holders { id } } conditionalAccess { accountsWithoutMfaEnforcement }
  staleAccounts { source count accounts { id } } securityEvents { total } applications { highPrivilegeAppCount highPrivilegeApps { id } }
  crossIdp { inBoth onlyInEntra onlyInOkta mfaGapCounts { kind people } roleConflictCounts { kind people } ssoOverlapCount ssoGapCount
    mfaGaps { kind person { id } accounts { id } } roleConflicts { kind roles } ssoOverlap { entra { id } } ssoGaps { id } } } }`;

const scenario = generateScenario({ seed: 7, people, entraCredentials: ENTRA, oktaCredentials: { apiToken: OKTA_TOKEN } });
const entraSim = await startEntraSimulator({ tenants: [scenario.entra] });
const oktaSim = await startOktaSimulator({ org: scenario.okta });
const dir = mkdtempSync(path.join(os.tmpdir(), 'twin-posture-'));
const caFile = path.join(dir, 'ca.pem');
writeFileSync(caFile, entraSim.caCertPem);
const config = loadConfig({
  NEO4J_URI: uri, ENTRA_AUTHORITY_HOST: entraSim.authorityHost, ENTRA_GRAPH_ENDPOINT: entraSim.graphEndpoint,
  TWIN_TLS_CA_FILE: caFile, TWIN_DATA_DIR: dir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', PORT: '0',
});
const app = await startApp(config);
const url = `${app.url.replace(/\/$/, '')}/graphql`.replace('/graphql/graphql', '/graphql');
try {
  await app.services.graph.writeAutoCommit('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  await gql(url, 'mutation($i: EntraIdConfigInput!) { configureEntraId(input: $i) { configured } }', { i: { tenantId: scenario.entra.tenantId, ...ENTRA } });
  await gql(url, 'mutation($i: OktaConfigInput!) { configureOkta(input: $i) { configured } }', { i: { orgUrl: oktaSim.orgUrl, apiToken: OKTA_TOKEN } });

  const sync = async (mutation: 'entraIdSync' | 'oktaSync'): Promise<string> => {
    const started = await gql<Record<string, { id: string }>>(url, `mutation { ${mutation}(hoursBack: 168) { id } }`);
    const id = started.data[mutation]?.id;
    let enrichingSince: number | null = null;
    const t0 = performance.now();
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      const { data } = await gql<{ syncRun: { status: string; progress: string | null } }>(url, 'query($id: ID!) { syncRun(id: $id) { status progress } }', { id });
      if (enrichingSince === null && data.syncRun.progress?.startsWith('enriching')) enrichingSince = performance.now();
      if (data.syncRun.status !== 'RUNNING' && data.syncRun.status !== 'QUEUED') {
        const total = performance.now() - t0;
        const after = enrichingSince === null ? NaN : performance.now() - enrichingSince;
        return `${mutation} ${data.syncRun.status}: ${(total / 1000).toFixed(1)} s, after the data sets ${(after / 1000).toFixed(1)} s (${((100 * after) / total).toFixed(0)}%)`;
      }
    }
  };
  console.log(`${people} people (${scenario.summary.entraUsers} Entra, ${scenario.summary.oktaUsers} Okta accounts)`);
  console.log(await sync('entraIdSync'));
  console.log(await sync('oktaSync'));
  console.log(await sync('entraIdSync'), '(re-sync)');
  console.log(await sync('oktaSync'), '(re-sync)');
  for (let i = 0; i < 2; i += 1) {
    const t0 = performance.now();
    const r = await enrichAfterSync(app.services.graph);
    console.log(`enrichAfterSync, nothing changed: ${(performance.now() - t0).toFixed(0)} ms ${JSON.stringify(r.timings)} facts ${JSON.stringify(r.facts)}`);
  }
  for (let i = 0; i < 3; i += 1) await gql(url, POSTURE);
  const times: number[] = [];
  let statements = 0;
  let bytes = 0;
  for (let i = 0; i < 20; i += 1) {
    const r = await gql<unknown>(url, POSTURE);
    times.push(r.ms);
    statements = r.statements;
    bytes = JSON.stringify(r.data).length;
  }
  console.log(`identityPosture (every list, first 100): p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, ${statements} statements, ${bytes} bytes`);
  const counts = await gql<{ identityPosture: unknown }>(url, '{ identityPosture { globalAdminCount staleAccounts { source count } crossIdp { inBoth mfaGapCounts { kind people } roleConflictCounts { kind people } ssoOverlapCount ssoGapCount } } }');
  const ct: number[] = [];
  for (let i = 0; i < 20; i += 1) ct.push((await gql(url, '{ identityPosture { globalAdminCount staleAccounts { source count } crossIdp { inBoth mfaGapCounts { kind people } } } }')).ms);
  console.log(`identityPosture (counts only): p50 ${percentile(ct, 50).toFixed(1)} ms, p95 ${percentile(ct, 95).toFixed(1)} ms; ${JSON.stringify(counts.data)}`);
} finally {
  await app.close();
  await Promise.all([entraSim.close(), oktaSim.close()]);
}
