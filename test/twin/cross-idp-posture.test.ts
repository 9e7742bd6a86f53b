/**
 * crossIdpPosture's rules on a graph seeded by hand (no connectors): people in one or both IdPs, each MFA
 * gap and role conflict kind, SSO overlap and gaps. test/integration/cross-idp.test.ts checks the same
 * posture end to end, through both connectors' syncs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../src/neo4j/driver.js';
import { resolveIdentities } from '../../src/twin/resolution.js';
import { refreshPostureFacts } from '../../src/twin/posture-facts.js';
import { pagedPosture, type PagedPosture } from './posture-read.js';
import { expectMaterialisedEqualsOracle } from './oracle-check.js';
import { linkAccounts, unlinkAccounts } from '../../src/twin/resolution.js';
import { testGraph } from '../support/neo4j.js';
import {
  GA,
  GLOBAL_READER,
  USER_ADMIN,
  entraKey,
  entraRoleKey,
  oktaAppKey,
  oktaKey,
  oktaRoleKey,
  seedAppRegistrations,
  seedEntraRoles,
  seedEntraUsers,
  seedGroups,
  seedMemberships,
  seedOktaApps,
  seedOktaRoles,
  seedOktaUsers,
  seedRoleAssignments,
  seedServicePrincipals,
  spKey,
} from './seed.js';

const EXCHANGE_ADMIN = '29232cdf-9323-42fd-ade2-1d097af3e4de';

let graph: Graph;
let cross: PagedPosture['crossIdp'];
/** The cross-IdP lists as the paged reads give them (materialised after resolution). */
const crossIdpPosture = async (g: Graph): Promise<PagedPosture['crossIdp']> => (await pagedPosture(g, 90, new Date())).crossIdp;

/**
 * One person per case (the same login in both IdPs joins them):
 * alice  tier 0 in both, no phishing-resistant MFA        bob    MFA only in Okta
 * carol  MFA only in Entra                                  dan    Entra only, no MFA anywhere
 * eve    Okta only, MFA                                     fay    Entra only, disabled
 * gil    Entra admin, Okta account suspended (FIDO2)        hal    Entra admin, Okta active without a role (FIDO2 in Okta)
 * ivy    Okta SUPER_ADMIN, Entra GA eligible only           jo     Entra Global Reader, Okta active
 * kim    Entra GA eligible only, Entra only                 gus    Entra guest only
 */
async function seed(): Promise<void> {
  const yes = { mfaRegistered: true, mfaMethods: ['AUTHENTICATOR_APP'] };
  await seedEntraUsers(graph, [
    { id: 'alice', upn: 'alice@acme.com', displayName: 'Alice', ...yes },
    { id: 'bob', upn: 'bob@acme.com', displayName: 'Bob' },
    { id: 'carol', upn: 'carol@acme.com', displayName: 'Carol', ...yes },
    { id: 'dan', upn: 'dan@acme.com', displayName: 'Dan' },
    { id: 'fay', upn: 'fay@acme.com', displayName: 'Fay', enabled: false },
    { id: 'gil', upn: 'gil@acme.com', displayName: 'Gil', mfaRegistered: true, mfaMethods: ['FIDO2'] },
    { id: 'hal', upn: 'hal@acme.com', displayName: 'Hal', ...yes },
    { id: 'ivy', upn: 'ivy@acme.com', displayName: 'Ivy', mfaRegistered: true, mfaMethods: ['FIDO2'] },
    { id: 'jo', upn: 'jo@acme.com', displayName: 'Jo', ...yes },
    { id: 'kim', upn: 'kim@acme.com', displayName: 'Kim', mfaRegistered: true, mfaMethods: ['PHONE'] },
    { id: 'gus', upn: 'gus_x.com#EXT#@acme.onmicrosoft.com', displayName: 'Gus', userType: 'Guest', mail: 'gus@x.com' },
  ]);
  await seedOktaUsers(graph, [
    { id: '00ualice', login: 'alice@acme.com', ...yes },
    { id: '00ubob', login: 'bob@acme.com', ...yes },
    { id: '00ucarol', login: 'carol@acme.com' },
    { id: '00ueve', login: 'eve@acme.com', displayName: 'Eve', ...yes },
    { id: '00ugil', login: 'gil@acme.com', status: 'SUSPENDED' },
    { id: '00uhal', login: 'hal@acme.com', mfaRegistered: true, mfaMethods: ['FIDO2'] },
    { id: '00uivy', login: 'ivy@acme.com', ...yes },
    { id: '00ujo', login: 'jo@acme.com', ...yes },
  ]);
  await seedEntraRoles(graph, [
    { templateId: GA, name: 'Global Administrator' },
    { templateId: USER_ADMIN, name: 'User Administrator' },
    { templateId: EXCHANGE_ADMIN, name: 'Exchange Administrator' },
    { templateId: GLOBAL_READER, name: 'Global Reader' },
  ]);
  await seedOktaRoles(graph, ['SUPER_ADMIN']);
  await seedGroups(graph, [{ key: entraKey('g-exchange'), name: 'Exchange admins' }]);
  await seedMemberships(graph, [[entraKey('hal'), entraKey('g-exchange')]]);
  await seedRoleAssignments(graph, [
    { holder: entraKey('alice'), role: entraRoleKey(GA) },
    { holder: oktaKey('00ualice'), role: oktaRoleKey('SUPER_ADMIN') },
    { holder: entraKey('gil'), role: entraRoleKey(USER_ADMIN) },
    { holder: entraKey('g-exchange'), role: entraRoleKey(EXCHANGE_ADMIN) },
    { holder: oktaKey('00uivy'), role: oktaRoleKey('SUPER_ADMIN') },
    { holder: entraKey('ivy'), role: entraRoleKey(GA), assignment: 'eligible' },
    { holder: entraKey('jo'), role: entraRoleKey(GLOBAL_READER) },
    { holder: entraKey('kim'), role: entraRoleKey(GA), assignment: 'eligible' },
  ]);
  await seedServicePrincipals(graph, [
    { id: 'sp-sf', name: 'Salesforce' },
    { id: 'sp-wd', name: 'Workday SSO', signOnHosts: ['wd5.myworkday.com'] },
    { id: 'sp-zoom', name: 'Zoom', signOnHosts: ['acme.zoom.us', 'zoom.us'] },
    { id: 'sp-box', name: 'Box', passwordSso: true },
  ]);
  await seedAppRegistrations(graph, [{ id: 'r-wd', name: 'Workday' }]);
  await seedOktaApps(graph, [
    { id: '0oasf', label: 'SalesForce' },
    { id: '0oawd', label: 'Workday', signOnHosts: ['WD5.myworkday.com'] },
    { id: '0oazoom', label: 'ZOOM', signOnHosts: ['acme.zoom.us', 'zoom.us'] },
    { id: '0oa365', label: 'Microsoft Office 365', name: 'office365', signOnMode: 'SAML_1_1' },
    { id: '0oawiki', label: 'Legacy wiki', signOnMode: 'BROWSER_PLUGIN' },
    { id: '0oaintra', label: 'Intranet', signOnMode: 'AUTO_LOGIN' },
  ]);
  await resolveIdentities(graph);
  await refreshPostureFacts(graph);
}

const summary = (rows: Array<{ kind: string; person: { displayName: string }; accounts?: Array<{ id: string }>; roles?: string[] }>) =>
  rows.map((r) => ({ kind: r.kind, person: r.person.displayName, ...(r.accounts ? { accounts: r.accounts.map((a) => a.id) } : {}), ...(r.roles ? { roles: r.roles } : {}) }));

beforeAll(async () => {
  graph = await testGraph();
  await seed();
  cross = await crossIdpPosture(graph);
});

afterAll(async () => {
  await graph?.close();
});

describe('crossIdpPosture', () => {
  it('counts people in both, only in Entra (active), only in Okta (active)', () => {
    expect({ inBoth: cross.inBoth, onlyInEntra: cross.onlyInEntra, onlyInOkta: cross.onlyInOkta }).toEqual({ inBoth: 7, onlyInEntra: 2, onlyInOkta: 1 });
  });

  it('finds every MFA gap kind with the relevant accounts', () => {
    expect(summary(cross.mfaGaps)).toEqual([
      { kind: 'NO_MFA_ANYWHERE', person: 'Dan', accounts: [entraKey('dan')] },
      { kind: 'MFA_ONLY_IN_OKTA', person: 'Bob', accounts: [entraKey('bob'), oktaKey('00ubob')] },
      { kind: 'MFA_ONLY_IN_ENTRA', person: 'Carol', accounts: [entraKey('carol'), oktaKey('00ucarol')] },
      { kind: 'PRIVILEGED_WITHOUT_PHISHING_RESISTANT_MFA', person: 'Alice', accounts: [entraKey('alice'), oktaKey('00ualice')] },
    ]);
    expect(cross.mfaGaps.map((g) => g.federatedThroughOkta)).toEqual([false, true, false, false]);
    expect(cross.mfaGaps[0]?.person).toMatchObject({ displayName: 'Dan', emails: ['dan@acme.com'], confidence: 'VERIFIED' });
  });

  it('finds every role conflict kind with the roles involved', () => {
    expect(summary(cross.roleConflicts)).toEqual([
      { kind: 'PRIVILEGED_WHILE_INACTIVE_ELSEWHERE', person: 'Gil', roles: ['ENTRA_ID: User Administrator'] },
      { kind: 'TIER0_IN_BOTH', person: 'Alice', roles: ['ENTRA_ID: Global Administrator', 'OKTA: SUPER_ADMIN'] },
      { kind: 'PRIVILEGE_MISMATCH', person: 'Hal', roles: ['ENTRA_ID: Exchange Administrator'] },
    ]);
  });

  it('pairs apps integrated in both by normalized name or sign-on host, each pair once', () => {
    expect(cross.ssoOverlap.map((o) => [o.entra.id, o.okta.id])).toEqual([
      [spKey('sp-sf'), oktaAppKey('0oasf')],
      [spKey('sp-wd'), oktaAppKey('0oawd')],
      [spKey('sp-zoom'), oktaAppKey('0oazoom')],
    ]);
  });

  it('lists password-SSO apps of both IdPs', () => {
    expect(cross.ssoGaps.map((a) => a.id)).toEqual([spKey('sp-box'), oktaAppKey('0oaintra'), oktaAppKey('0oawiki')]);
  });

  it('materialises facts equal to what the per-request Cypher computed on this graph', async () => {
    await expectMaterialisedEqualsOracle(graph, 90, new Date());
  });

  it('refreshes the facts of the people an analyst links or unlinks', async () => {
    // Dan (Entra only, no MFA) and Eve (Okta only, MFA): linked, Dan's gap becomes MFA_ONLY_IN_OKTA.
    const person = await linkAccounts(graph, [entraKey('dan'), oktaKey('00ueve')]);
    await expectMaterialisedEqualsOracle(graph, 90, new Date());
    const linked = await pagedPosture(graph, 90, new Date());
    expect(linked.crossIdp.mfaGaps.filter((g) => g.person.id === person.id).map((g) => g.kind)).toEqual(['MFA_ONLY_IN_OKTA']);
    await unlinkAccounts(graph, oktaKey('00ueve'));
    await expectMaterialisedEqualsOracle(graph, 90, new Date());
    expect(summary((await pagedPosture(graph, 90, new Date())).crossIdp.mfaGaps)).toEqual(summary(cross.mfaGaps));
  });

  it('sets federatedThroughOkta only while the office365 app is active', async () => {
    await graph.write("MATCH (app:OktaApp {key: $key}) SET app.status = 'INACTIVE'", { key: oktaAppKey('0oa365') });
    const after = await crossIdpPosture(graph);
    expect(after.mfaGaps.map((g) => g.federatedThroughOkta)).toEqual([false, false, false, false]);
  });
});
