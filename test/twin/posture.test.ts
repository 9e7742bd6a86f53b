import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCounter, withQueryCounter, type Graph } from '../../src/neo4j/driver.js';
import { identityPosture } from '../../src/twin/posture.js';
import { rolesByKey } from '../../src/twin/explorer.js';
import { accountsWithoutMfaEnforcement, conditionalAccessPosture } from '../../src/twin/posture-conditional-access.js';
import { refreshPostureFacts } from '../../src/twin/posture-facts.js';
import type { IdentityPostureView } from '../../src/twin/views.js';
import { pagedPosture, type PagedPosture } from './posture-read.js';
import { expectMaterialisedEqualsOracle } from './oracle-check.js';
import { resolveIdentities } from '../../src/twin/resolution.js';
import { testGraph, wipe } from '../support/neo4j.js';
import {
  GA,
  GLOBAL_READER,
  PRIV_ROLE_ADMIN,
  USER_ADMIN,
  daysAgo,
  entraKey,
  entraRoleKey,
  oktaKey,
  oktaRoleKey,
  seedAppRegistrations,
  seedEntraRoles,
  seedEntraUsers,
  seedEvents,
  seedGroups,
  seedMemberships,
  seedOktaApps,
  seedOktaRoles,
  seedOktaUsers,
  seedPolicies,
  seedRoleAssignments,
  seedServicePrincipals,
  spKey,
} from './seed.js';

let graph: Graph;
let posture: IdentityPostureView;
/** The paged lists read whole. */
let full: PagedPosture;
const seededStatements = new QueryCounter();
const now = new Date();
const g = (id: string) => entraKey(id);

/**
 * Entra: alice (GA direct), bob (GA through nested groups), carol (GA eligible only), dave (disabled, GA),
 * a guest, erin (GA active and eligible, break-glass), frank (Global Reader), gina (0001-01-01 sign-in).
 * Okta: alice (SUPER_ADMIN), hank (SUSPENDED), ivy (LOCKED_OUT), jack (DEPROVISIONED), kate (READ_ONLY_ADMIN via group).
 */
async function seedTenant(): Promise<void> {
  await seedEntraUsers(graph, [
    { id: 'alice', upn: 'alice@acme.com', displayName: 'Alice Adams', mfaRegistered: true, mfaMethods: ['AUTHENTICATOR_APP', 'FIDO2'], lastSignInAt: daysAgo(1, now) },
    { id: 'bob', upn: 'bob@acme.com', displayName: 'Bob Brown', mfaRegistered: true, mfaMethods: ['PHONE', 'PHONE'], lastSignInAt: daysAgo(200, now) },
    { id: 'carol', upn: 'carol@acme.com', displayName: 'Carol Clark', createdAt: daysAgo(10, now) },
    { id: 'dave', upn: 'dave@acme.com', displayName: 'Dave Dunn', enabled: false, lastSignInAt: daysAgo(500, now) },
    { id: 'guest', upn: 'gus_partner.com#EXT#@acme.onmicrosoft.com', displayName: 'Gus Guest', userType: 'Guest', mail: 'gus@partner.com', createdAt: null },
    { id: 'erin', upn: 'erin@acme.com', displayName: 'Erin Evans', createdAt: null },
    { id: 'frank', upn: 'frank@acme.com', displayName: 'Frank Ford', createdAt: daysAgo(400, now), mfaMethods: ['EMAIL', 'weird'] },
    { id: 'gina', upn: 'gina@acme.com', displayName: 'Gina Gray', createdAt: daysAgo(5, now), lastSignInAt: '0001-01-01T00:00:00Z' },
  ]);
  await seedOktaUsers(graph, [
    { id: '00ualice', login: 'alice@acme.com', displayName: 'Alice A', mfaRegistered: true, mfaMethods: ['AUTHENTICATOR_APP'], lastSignInAt: daysAgo(2, now) },
    { id: '00uhank', login: 'hank@acme.com', status: 'SUSPENDED' },
    { id: '00uivy', login: 'ivy@acme.com', displayName: 'Ivy Irwin', status: 'LOCKED_OUT', lastSignInAt: daysAgo(100, now) },
    { id: '00ujack', login: 'jack@acme.com', status: 'DEPROVISIONED' },
    { id: '00ukate', login: 'kate@acme.com', displayName: 'Kate King', status: 'PASSWORD_EXPIRED', createdAt: daysAgo(30, now) },
  ]);
  await seedGroups(graph, [
    { key: g('g-admins'), name: 'Admins' },
    { key: g('g-tier0'), name: 'Tier 0' },
    { key: g('g-breakglass'), name: 'Break glass' },
    { key: g('g-sales'), name: 'Sales' },
    { key: g('g-sales-emea'), name: 'Sales EMEA' },
    { key: oktaKey('g-readers'), name: 'Okta readers' },
  ]);
  await seedMemberships(graph, [
    [g('bob'), g('g-admins')],
    [g('g-admins'), g('g-tier0')],
    [g('erin'), g('g-breakglass')],
    [g('frank'), g('g-sales-emea')],
    [g('g-sales-emea'), g('g-sales')],
    [oktaKey('00ukate'), oktaKey('g-readers')],
  ]);
  await seedEntraRoles(graph, [
    { templateId: GA, name: 'Global Administrator' },
    { templateId: GLOBAL_READER, name: 'Global Reader' },
    { templateId: PRIV_ROLE_ADMIN, name: 'Privileged Role Administrator' },
    { templateId: USER_ADMIN, name: 'User Administrator' },
  ]);
  await seedOktaRoles(graph, ['SUPER_ADMIN', 'READ_ONLY_ADMIN', { customId: 'cr0Helpdesk1', label: 'Helpdesk-Lite' }]);
  await seedServicePrincipals(graph, [
    { id: 'sp-sync', name: 'HR Sync', graphAppPermissions: ['Directory.ReadWrite.All', 'User.Read.All'] },
    { id: 'sp-reader', name: 'Reader app', graphAppPermissions: ['User.Read.All'], delegatedPermissions: ['Mail.ReadWrite'] },
    { id: 'sp-mi', name: 'Automation identity', type: 'ManagedIdentity', graphAppPermissions: ['Group.ReadWrite.All'] },
  ]);
  await seedRoleAssignments(graph, [
    { holder: g('alice'), role: entraRoleKey(GA) },
    { holder: g('g-tier0'), role: entraRoleKey(GA), scope: '/administrativeUnits/au1' },
    { holder: g('carol'), role: entraRoleKey(GA), assignment: 'eligible' },
    { holder: g('dave'), role: entraRoleKey(GA) },
    { holder: g('erin'), role: entraRoleKey(GA) },
    { holder: g('erin'), role: entraRoleKey(GA), assignment: 'eligible' },
    { holder: g('frank'), role: entraRoleKey(GLOBAL_READER) },
    { holder: spKey('sp-sync'), role: entraRoleKey(USER_ADMIN) },
    { holder: oktaKey('00ualice'), role: oktaRoleKey('SUPER_ADMIN'), scope: 'org' },
    { holder: oktaKey('g-readers'), role: oktaRoleKey('READ_ONLY_ADMIN'), scope: 'org' },
    { holder: oktaKey('00uivy'), role: oktaRoleKey('cr0Helpdesk1'), scope: 'org' },
  ]);
  await seedAppRegistrations(graph, [
    { id: 'r1', name: 'HR Sync' },
    { id: 'r2', name: 'Portal' },
  ]);
  await seedOktaApps(graph, [
    { id: '0oa1', label: 'Salesforce' },
    { id: '0oa2', label: 'Legacy wiki', signOnMode: 'BROWSER_PLUGIN', status: 'INACTIVE' },
  ]);
  await seedEvents(graph, [
    { key: 'entra:t:signin:1', source: 'ENTRA_ID', severity: 'HIGH', account: g('alice') },
    { key: 'entra:t:signin:2', source: 'ENTRA_ID', severity: 'LOW' },
    { key: 'okta:o:log:1', source: 'OKTA', severity: 'MEDIUM', account: oktaKey('00uivy') },
    { key: 'okta:o:log:2', source: 'OKTA', severity: null },
  ]);
  await seedPolicies(graph, [
    { id: 'p-sales', name: 'Sales MFA', grantControls: ['authenticationStrength'], includes: [g('g-sales')] },
    { id: 'p-admins', name: 'Admins MFA', includes: [entraRoleKey(GA)], excludes: [g('erin')] },
    { id: 'p-report', name: 'Report only', state: 'REPORT_ONLY', includeAllUsers: true },
    { id: 'p-risk', name: 'Risky sign-ins', includeAllUsers: true, hasRiskCondition: true },
    { id: 'p-someapps', name: 'Some apps', includeAllUsers: true, includeAllApps: false },
    { id: 'p-legacy', name: 'Block legacy', grantControls: ['block'], includeAllUsers: true, clientAppTypes: ['exchangeActiveSync', 'other'] },
    { id: 'p-off', name: 'Disabled', state: 'DISABLED', includeAllUsers: true },
  ]);
}

const names = (accounts: Array<{ displayName: string }>) => accounts.map((a) => a.displayName);

beforeAll(async () => {
  graph = await testGraph();
  await seedTenant();
  await refreshPostureFacts(graph);
  posture = await withQueryCounter(seededStatements, () => identityPosture(graph, 90, now));
  full = await pagedPosture(graph, 90, now);
});

afterAll(async () => {
  await graph?.close();
});

describe('identityPosture', () => {
  it('counts accounts per source, both sources always present', () => {
    expect(posture.asOf).toBe(now.toISOString());
    expect(posture.accounts).toEqual([
      { source: 'ENTRA_ID', total: 8, active: 6, guests: 1 },
      { source: 'OKTA', total: 5, active: 3, guests: 0 },
    ]);
  });

  it('measures MFA over active accounts, methods in enum order, unknown and duplicate methods ignored', () => {
    expect(posture.mfa).toEqual([
      {
        source: 'ENTRA_ID',
        accounts: 6,
        registered: 2,
        ratio: 2 / 6,
        byMethod: [
          { method: 'AUTHENTICATOR_APP', accounts: 1 },
          { method: 'FIDO2', accounts: 1 },
          { method: 'PHONE', accounts: 1 },
          { method: 'EMAIL', accounts: 1 },
        ],
        confidence: 'VERIFIED',
      },
      { source: 'OKTA', accounts: 3, registered: 1, ratio: 1 / 3, byMethod: [{ method: 'AUTHENTICATOR_APP', accounts: 1 }], confidence: 'VERIFIED' },
    ]);
  });

  it('lists Global Administrators holding the role actively, through nested groups, disabled or not', () => {
    expect(names(full.globalAdmins)).toEqual(['Alice Adams', 'Bob Brown', 'Dave Dunn', 'Erin Evans']);
    expect(posture.globalAdminCount).toBe(4);
    expect(full.globalAdmins[0]).toMatchObject({ id: g('alice'), source: 'ENTRA_ID', externalId: 'alice', login: 'alice@acme.com', active: true });
  });

  it('lists every role with a holder: active first, eligible-only after, service principals not counted', () => {
    expect(full.roles.map((r) => ({ ...r, holders: names(r.holders) }))).toEqual([
      {
        source: 'ENTRA_ID',
        role: 'Global Administrator',
        roleKey: GA,
        tier0: true,
        privileged: true,
        activeHolders: 4,
        eligibleHolders: 1,
        holders: ['Alice Adams', 'Bob Brown', 'Dave Dunn', 'Erin Evans', 'Carol Clark'],
      },
      { source: 'ENTRA_ID', role: 'Global Reader', roleKey: GLOBAL_READER, tier0: false, privileged: false, activeHolders: 1, eligibleHolders: 0, holders: ['Frank Ford'] },
      { source: 'OKTA', role: 'Helpdesk-Lite', roleKey: 'cr0Helpdesk1', tier0: false, privileged: true, activeHolders: 1, eligibleHolders: 0, holders: ['Ivy Irwin'] },
      { source: 'OKTA', role: 'READ_ONLY_ADMIN', roleKey: 'READ_ONLY_ADMIN', tier0: false, privileged: false, activeHolders: 1, eligibleHolders: 0, holders: ['Kate King'] },
      { source: 'OKTA', role: 'SUPER_ADMIN', roleKey: 'SUPER_ADMIN', tier0: true, privileged: true, activeHolders: 1, eligibleHolders: 0, holders: ['Alice A'] },
    ]);
  });

  it('names each role in the explorer as posture does (Okta: the role type, not the assignment label)', async () => {
    const keys = [entraRoleKey(GA), oktaRoleKey('SUPER_ADMIN'), oktaRoleKey('READ_ONLY_ADMIN'), oktaRoleKey('cr0Helpdesk1')];
    const roles = await rolesByKey(graph, keys);
    expect(roles.map((r) => r?.name)).toEqual(['Global Administrator', 'SUPER_ADMIN', 'READ_ONLY_ADMIN', 'Helpdesk-Lite']);
    for (const r of posture.roles) expect((await rolesByKey(graph, [r.source === 'OKTA' ? oktaRoleKey(r.roleKey) : entraRoleKey(r.roleKey)]))[0]?.name).toBe(r.role);
  });

  it('evaluates conditional access per the contract', () => {
    const ca = posture.conditionalAccess;
    expect({ enabled: ca.enabled, reportOnly: ca.reportOnly, disabled: ca.disabled }).toEqual({ enabled: 5, reportOnly: 1, disabled: 1 });
    expect(ca.policies.map((p) => p.displayName)).toEqual(['Admins MFA', 'Block legacy', 'Disabled', 'Report only', 'Risky sign-ins', 'Sales MFA', 'Some apps']);
    expect(ca.policies.find((p) => p.displayName === 'Sales MFA')).toEqual({
      id: 'entra:11111111-2222-3333-4444-555555555555:ca:p-sales',
      displayName: 'Sales MFA',
      state: 'ENABLED',
      grantControls: ['authenticationStrength'],
      requiresMfa: true,
      blocks: false,
    });
    // Report-only, risk-conditioned and some-apps policies do not count.
    expect(ca.mfaRequiredForAllUsers).toBe(false);
    expect(ca.legacyAuthBlocked).toBe(true);
    // Active Entra: alice, bob, carol, erin, frank, gina. Covered: frank (nested group, auth strength),
    // alice and bob (role held actively, bob through nested groups). carol is only eligible, erin excluded.
    expect(ca.accountsWithoutMfaEnforcement).toBe(3);
  });

  it('finds stale accounts with the three never-signed-in rules', () => {
    expect(full.staleAccounts.map((s) => ({ source: s.source, count: s.count, accounts: names(s.accounts) }))).toEqual([
      // bob: 200 days; erin: never, no creation date; frank: never, created 400 days ago.
      // Not: carol and gina (never, created recently; 0001-01-01 means never), dave (disabled), the guest.
      { source: 'ENTRA_ID', count: 3, accounts: ['Bob Brown', 'Erin Evans', 'Frank Ford'] },
      { source: 'OKTA', count: 1, accounts: ['Ivy Irwin'] },
    ]);
  });

  it('honours staleAfterDays', async () => {
    const p = await identityPosture(graph, 1000, now);
    expect(p.staleAccounts.map((s) => s.count)).toEqual([1, 0]); // erin: no creation date
    await expect(identityPosture(graph, -1)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('summarises security events', () => {
    expect(posture.securityEvents).toEqual({
      total: 3,
      bySeverity: [
        { severity: 'LOW', count: 1 },
        { severity: 'MEDIUM', count: 1 },
        { severity: 'HIGH', count: 1 },
      ],
      bySource: [
        { source: 'ENTRA_ID', count: 2 },
        { source: 'OKTA', count: 1 },
      ],
    });
  });

  it('inventories applications; only Graph application permissions with ReadWrite are high privilege', () => {
    const { highPrivilegeAppCount, ...counts } = posture.applications;
    expect(highPrivilegeAppCount).toBe(full.highPrivilegeApps.length);
    expect({ ...counts, highPrivilegeApps: full.highPrivilegeApps }).toEqual({
      entraApplications: 2,
      entraServicePrincipals: 2,
      oktaApps: 2,
      highPrivilegeApps: [
        {
          id: spKey('sp-mi'),
          source: 'ENTRA_ID',
          externalId: 'app-sp-mi',
          displayName: 'Automation identity',
          permissions: ['Group.ReadWrite.All'],
        },
        {
          id: spKey('sp-sync'),
          source: 'ENTRA_ID',
          externalId: 'app-sp-sync',
          displayName: 'HR Sync',
          permissions: ['Directory.ReadWrite.All', 'User.Read.All'],
        },
      ],
    });
  });
});

describe('the materialised posture', () => {
  it('equals what the per-request Cypher computed, on this graph, at several thresholds', async () => {
    await expectMaterialisedEqualsOracle(graph, 90, now);
    await expectMaterialisedEqualsOracle(graph, 1000, now, 1);
    await expectMaterialisedEqualsOracle(graph, 1, now, 50);
  });

  it('still does once identities are resolved, and after an account changes and the facts are refreshed', async () => {
    await resolveIdentities(graph);
    await refreshPostureFacts(graph);
    await expectMaterialisedEqualsOracle(graph, 90, now);
    await graph.write("MATCH (a:Account {key: $k}) SET a.mfaMethods = ['FIDO2'], a.mfaRegistered = true, a.active = false", { k: g('bob') });
    const written = await refreshPostureFacts(graph);
    expect(written.accountsWritten).toBeGreaterThan(0);
    await expectMaterialisedEqualsOracle(graph, 90, now);
    expect(await refreshPostureFacts(graph)).toMatchObject({ accountsWritten: 0, peopleWritten: 0, findingsWritten: 0, findingsDeleted: 0 });
  });
});

describe('accountsWithoutMfaEnforcement with an all-users policy', () => {
  beforeAll(async () => {
    await wipe(graph);
    await seedEntraUsers(graph, [
      { id: 'a', upn: 'a@acme.com' },
      { id: 'b', upn: 'b@acme.com' },
      { id: 'bg', upn: 'breakglass@acme.onmicrosoft.com' },
      { id: 'guest', upn: 'x_y.com#EXT#@acme.onmicrosoft.com', userType: 'Guest' },
    ]);
    await seedGroups(graph, [{ key: g('g-bg'), name: 'Break glass' }]);
    await seedMemberships(graph, [[g('bg'), g('g-bg')]]);
    await seedPolicies(graph, [{ id: 'all', includeAllUsers: true, excludes: [g('g-bg')] }]);
  });

  it('leaves only the excluded break-glass account uncovered, and says MFA is required for all users', async () => {
    expect(await accountsWithoutMfaEnforcement(graph)).toBe(1);
    expect((await conditionalAccessPosture(graph)).mfaRequiredForAllUsers).toBe(true);
  });

  it('covers an account excluded by one policy when another includes it', async () => {
    await seedPolicies(graph, [{ id: 'bg-mfa', includes: [g('bg')] }]);
    expect(await accountsWithoutMfaEnforcement(graph)).toBe(0);
  });

  it('counts every active account when no policy enforces MFA', async () => {
    await graph.write("MATCH (p:ConditionalAccessPolicy) SET p.state = 'REPORT_ONLY'");
    expect(await accountsWithoutMfaEnforcement(graph)).toBe(3);
  });

  it('does not call a block on client app type all a legacy-auth block', async () => {
    await seedPolicies(graph, [
      { id: 'block-all', grantControls: ['block'], clientAppTypes: ['all'], includeAllUsers: true },
      { id: 'block-eas', grantControls: ['block'], clientAppTypes: ['exchangeActiveSync'], includeAllUsers: true },
    ]);
    expect((await conditionalAccessPosture(graph)).legacyAuthBlocked).toBe(false);
  });
});

describe('identityPosture on an empty graph', () => {
  it('returns zeros with both sources present', async () => {
    await wipe(graph);
    await refreshPostureFacts(graph);
    const emptyStatements = new QueryCounter();
    const p = await withQueryCounter(emptyStatements, () => identityPosture(graph, 90));
    // A constant number of statements, whatever the graph holds.
    expect(emptyStatements.count).toBe(seededStatements.count);
    expect(seededStatements.count).toBeLessThanOrEqual(16);
    expect(p.accounts.map((a) => a.total)).toEqual([0, 0]);
    expect(p.mfa.map((m) => m.ratio)).toEqual([0, 0]);
    expect(p.roles).toEqual([]);
    expect(p.conditionalAccess).toMatchObject({ enabled: 0, accountsWithoutMfaEnforcement: 0, mfaRequiredForAllUsers: false, legacyAuthBlocked: false });
    expect((await pagedPosture(graph, 90, new Date())).crossIdp).toMatchObject({ inBoth: 0, onlyInEntra: 0, onlyInOkta: 0, mfaGaps: [], roleConflicts: [], ssoOverlap: [], ssoGaps: [] });
  });
});
