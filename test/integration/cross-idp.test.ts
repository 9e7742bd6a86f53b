/**
 * Cross-IdP posture end to end: an Entra tenant and an Okta org sharing people (test/fixtures/cross-idp.ts)
 * are synced through their connectors and the SyncRunner into the test Neo4j, identities are resolved by
 * enrichAfterSync, and every CrossIdpPosture number is checked against what the fixtures were built to show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createEntraConnector } from '../../src/ingest/entra/connector.js';
import { createOktaConnector } from '../../src/ingest/okta/connector.js';
import type { EntraSyncOptions, OktaSyncOptions } from '../../src/ingest/connector.js';
import type { SyncRunRecord } from '../../src/ingest/types.js';
import { createLogger } from '../../src/log.js';
import type { Graph } from '../../src/neo4j/driver.js';
import { startEntraSimulator, type EntraSimulator } from '../../dev/simulators/entra/server.js';
import { startOktaSimulator, type OktaSimulator } from '../../dev/simulators/okta/server.js';
import { RunStore } from '../../src/ingest/run-store.js';
import { SyncRunner } from '../../src/ingest/runner.js';
import { pagedPosture, type PagedPosture } from '../twin/posture-read.js';
import { expectMaterialisedEqualsOracle } from '../twin/oracle-check.js';
import { enrichAfterSync } from '../../src/twin/enrich.js';
import { CROSS_IDP, crossIdpOrg, crossIdpTenant } from '../fixtures/cross-idp.js';
import { testGraph } from '../support/neo4j.js';

const ENTRA_ALL: EntraSyncOptions = { syncUsers: true, syncGroups: true, syncRoles: true, syncSignIns: true, syncPolicies: true, syncApps: true, hoursBack: 72 };
const OKTA_ALL: OktaSyncOptions = { syncUsers: true, syncGroups: true, syncRoles: true, syncApps: true, syncLogs: true, syncPolicies: true, hoursBack: 72 };

let entraSim: EntraSimulator;
let oktaSim: OktaSimulator;
let graph: Graph;
let runner: SyncRunner;
let runs: RunStore;
let oktaHost: string;
let cross: PagedPosture['crossIdp'];
const syncs: SyncRunRecord[] = [];

const E = CROSS_IDP.entra;
const O = CROSS_IDP.okta;
const entraKey = (id: string): string => `entra:${CROSS_IDP.tenantId}:${id}`;
const oktaKey = (id: string): string => `okta:${oktaHost}:${id}`;

async function settled(id: string): Promise<SyncRunRecord> {
  await runner.settle();
  const run = await runs.get(id);
  if (!run) throw new Error(`run ${id} was not saved`);
  return run;
}

beforeAll(async () => {
  entraSim = await startEntraSimulator({ tenants: [crossIdpTenant()] });
  oktaSim = await startOktaSimulator({ org: crossIdpOrg() });
  oktaHost = new URL(oktaSim.orgUrl).hostname;
  graph = await testGraph();
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  runs = new RunStore(graph);
  runner = new SyncRunner(graph, runs, log);
  const config = loadConfig({
    ...process.env,
    TWIN_API_KEYS: undefined,
    HOST: '127.0.0.1',
    ENTRA_AUTHORITY_HOST: entraSim.authorityHost,
    ENTRA_GRAPH_ENDPOINT: entraSim.graphEndpoint,
  });
  const entra = createEntraConnector(
    { config, log, graph, extraCaPem: entraSim.caCertPem },
    { retry: { baseDelayMs: 5, maxDelayMs: 50 }, sleep: () => new Promise((resolve) => setImmediate(resolve)), pacing: {} },
  );
  const okta = createOktaConnector({ config, log, graph, extraCaPem: oktaSim.caCertPem }, { retry: { baseDelayMs: 5, maxDelayMs: 20 } });

  const entraStored = {
    source: 'ENTRA_ID' as const,
    tenant: CROSS_IDP.tenantId,
    clientId: CROSS_IDP.client.clientId,
    settings: {},
    credentialSet: true,
    configuredAt: new Date().toISOString(),
  };
  const entraRun = await runner.start('ENTRA_ID', { ...ENTRA_ALL }, async () =>
    entra.session(entraStored, { clientSecret: CROSS_IDP.client.secret }, ENTRA_ALL),
  );
  syncs.push(await settled(entraRun.id));

  const v = okta.validate({ orgUrl: oktaSim.orgUrl, apiToken: CROSS_IDP.oktaApiToken });
  const oktaStored = { source: 'OKTA' as const, tenant: v.tenant, clientId: v.clientId, settings: v.settings, credentialSet: true, configuredAt: new Date().toISOString() };
  const oktaRun = await runner.start('OKTA', { ...OKTA_ALL }, async () => okta.session(oktaStored, v.credentials, OKTA_ALL));
  syncs.push(await settled(oktaRun.id));

  await enrichAfterSync(graph);
  cross = (await pagedPosture(graph, 90, new Date())).crossIdp;
});

afterAll(async () => {
  await runner?.close();
  await graph?.close();
  await entraSim?.close();
  await oktaSim?.close();
});

const people = (rows: Array<{ kind: string; person: { displayName: string } }>) => rows.map((r) => [r.kind, r.person.displayName]);

describe('cross-IdP posture of two synced identity providers', () => {
  it('synced both identity providers completely', () => {
    expect(syncs.map((r) => [r.source, r.status, r.errors])).toEqual([
      ['ENTRA_ID', 'SUCCEEDED', []],
      ['OKTA', 'SUCCEEDED', []],
    ]);
  });

  it('joins accounts by login, mail, O365 immutableId and Entra immutableId = Okta user id', async () => {
    const rows = await graph.read<{ entra: string; okta: string; how: string[] }>(
      `MATCH (e:EntraUser)<-[he:HAS_ACCOUNT]-(:Person)-[ho:HAS_ACCOUNT]->(o:OktaUser)
       RETURN e.externalId AS entra, o.externalId AS okta, [he.matchedBy, ho.matchedBy] AS how ORDER BY entra`,
    );
    expect(rows).toEqual([
      { entra: E.alice, okta: O.alice, how: ['upn=login', 'upn=login'] },
      { entra: E.bob, okta: O.bob, how: ['immutableId', 'immutableId'] },
      { entra: E.carol, okta: O.carol, how: ['email', 'email'] },
      { entra: E.gil, okta: O.gil, how: ['immutableId', 'immutableId'] },
      { entra: E.hal, okta: O.hal, how: ['upn=login', 'upn=login'] },
      { entra: E.ivy, okta: O.ivy, how: ['upn=login', 'upn=login'] },
      { entra: E.jo, okta: O.jo, how: ['upn=login', 'upn=login'] },
    ]);
  });

  it('counts people in both, only in Entra and only in Okta', () => {
    // Only in Entra: dan (fay is disabled, gus a guest). Only in Okta: eve (zed is deprovisioned).
    expect({ inBoth: cross.inBoth, onlyInEntra: cross.onlyInEntra, onlyInOkta: cross.onlyInOkta }).toEqual({ inBoth: 7, onlyInEntra: 1, onlyInOkta: 1 });
  });

  it('finds each MFA gap with the accounts involved', () => {
    expect(people(cross.mfaGaps)).toEqual([
      ['NO_MFA_ANYWHERE', 'Dan Doe'],
      ['MFA_ONLY_IN_OKTA', 'Bob Builder'],
      ['MFA_ONLY_IN_ENTRA', 'Carol Chen'],
      ['PRIVILEGED_WITHOUT_PHISHING_RESISTANT_MFA', 'Alice Archer'],
    ]);
    expect(cross.mfaGaps.map((g) => g.accounts.map((a) => a.id))).toEqual([
      [entraKey(E.dan)],
      [entraKey(E.bob), oktaKey(O.bob)],
      [entraKey(E.carol), oktaKey(O.carol)],
      [entraKey(E.alice), oktaKey(O.alice)],
    ]);
    // Okta's office365 app is active: Bob's Entra sign-ins go through Okta's MFA.
    expect(cross.mfaGaps.map((g) => g.federatedThroughOkta)).toEqual([false, true, false, false]);
  });

  it('finds each role conflict with the roles involved', () => {
    expect(cross.roleConflicts.map((c) => [c.kind, c.person.displayName, c.roles])).toEqual([
      ['PRIVILEGED_WHILE_INACTIVE_ELSEWHERE', 'Gil Garcia', ['ENTRA_ID: User Administrator']],
      ['TIER0_IN_BOTH', 'Alice Archer', ['ENTRA_ID: Global Administrator', 'OKTA: SUPER_ADMIN']],
      ['PRIVILEGE_MISMATCH', 'Hal Hughes', ['ENTRA_ID: Exchange Administrator']],
    ]);
  });

  it('pairs apps integrated in both and lists password-SSO apps', () => {
    const S = CROSS_IDP.servicePrincipals;
    const A = CROSS_IDP.oktaApps;
    expect(cross.ssoOverlap.map((o) => [o.entra.displayName, o.okta.displayName])).toEqual([
      ['Salesforce', 'Salesforce'],
      ['Workday', 'Workday HR'],
    ]);
    expect(cross.ssoOverlap.map((o) => [o.entra.id, o.okta.id])).toEqual([
      [`entra:${CROSS_IDP.tenantId}:sp:${S.salesforce}`, `okta:${oktaHost}:app:${A.salesforce}`],
      [`entra:${CROSS_IDP.tenantId}:sp:${S.workday}`, `okta:${oktaHost}:app:${A.workday}`],
    ]);
    expect(cross.ssoGaps.map((a) => [a.source, a.displayName])).toEqual([
      ['ENTRA_ID', 'Box'],
      ['OKTA', 'Legacy Payroll'],
    ]);
  });

  it('materialised facts equal what the per-request Cypher computed on the graph both connectors wrote', async () => {
    await expectMaterialisedEqualsOracle(graph, 90, new Date());
    await expectMaterialisedEqualsOracle(graph, 30, new Date(), 1);
  });
});
