/**
 * Entra ID sync against the Graph simulator's example tenant, into the real test Neo4j: the node and
 * relationship sets docs/architecture.md describes, run counts, idempotency, and cleanup of what the
 * tenant no longer has.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleIds, graphAppRoleIds, roleTemplates } from '../../dev/simulators/entra/example-tenant.js';
import { countOf, startHarness, type EntraHarness } from '../support/entra-harness.js';

const T = exampleIds.tenantId;
const u = exampleIds.users;
const g = exampleIds.groups;
const sp = exampleIds.servicePrincipals;
const userKey = (id: string): string => `entra:${T}:${id}`;

let h: EntraHarness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

async function edges(type: string, where = ''): Promise<number> {
  return h.count(`MATCH ()-[r:${type} {integration: 'entra'}]->() ${where} RETURN count(r) AS n`);
}

async function account(id: string): Promise<Record<string, unknown> | undefined> {
  const rows = await h.graph.read<{ a: Record<string, unknown> }>('MATCH (a:Account {key: $key}) RETURN properties(a) AS a', { key: userKey(id) });
  return rows[0]?.a;
}

describe('Entra ID sync', () => {
  it('loads every data set of the example tenant', async () => {
    const run = await h.sync();
    expect(run.errors).toEqual([]);
    expect(run.warnings).toEqual([]);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.counts.map((c) => c.dataSet)).toEqual(['users', 'mfa', 'groups', 'roles', 'policies', 'signIns', 'apps']);
    expect(countOf(run, 'users')).toBe(12);
    expect(countOf(run, 'mfa')).toBe(11);
    expect(countOf(run, 'groups')).toBe(7);
    expect(countOf(run, 'roles')).toBe(6 + 6 + 2);
    expect(countOf(run, 'policies')).toBe(4);
    expect(countOf(run, 'signIns')).toBe(5);
    expect(countOf(run, 'apps')).toBe(3 + 5);
  });

  it('writes accounts with the architecture properties and stamps', async () => {
    expect(await h.count("MATCH (a:Account:EntraUser {integration: 'entra'}) RETURN count(a) AS n")).toBe(12);
    const alice = await account(u.alice);
    expect(alice).toMatchObject({
      key: userKey(u.alice),
      externalId: u.alice,
      source: 'ENTRA_ID',
      integration: 'entra',
      login: 'alice.admin@acme-corp.com',
      loginNorm: 'alice.admin@acme-corp.com',
      emailNorm: 'alice.admin@acme-corp.com',
      active: true,
      status: 'Enabled',
      userType: 'Member',
      mfaRegistered: true,
      mfaMethods: ['AUTHENTICATOR_APP', 'PHONE', 'SOFTWARE_OTP'],
    });
    expect(typeof alice?.lastSignInAt).toBe('string');
    expect(typeof alice?.runId).toBe('string');
    const erin = await account(u.erin);
    expect(erin).toMatchObject({ userType: 'Guest', active: false, emailNorm: 'erin@fabrikam.com' });
    // Neo4j stores no null properties: a guest's #EXT# UPN gives no loginNorm at all.
    expect(erin?.loginNorm ?? null).toBeNull();
    expect((await account(u.frank))?.lastSignInAt ?? null).toBeNull();
    expect((await account(u.grace))?.lastSignInAt ?? null).toBeNull();
    const henry = await account(u.henry);
    expect(henry?.createdAt ?? null).toBeNull();
    expect(henry).toMatchObject({
      immutableId: 'pQ7x3RvJ0Uy9a2bC4dE6fA==',
      proxyAddresses: ['henry.hybrid@acme-corp.com', 'hhybrid@acme-corp.com', 'henry@acmecorp.onmicrosoft.com'],
    });
  });

  it('maps MFA registration, and resets users the report leaves out', async () => {
    // Disabled: not in the report.
    expect(await account(u.dan)).toMatchObject({ active: false, status: 'Disabled', mfaRegistered: false, mfaMethods: [] });
    expect(await account(u.bob)).toMatchObject({ mfaMethods: ['FIDO2', 'EMAIL'] });
    expect(await account(u.jack)).toMatchObject({ mfaMethods: ['WINDOWS_HELLO', 'PHONE', 'OTHER'] });
    expect(await account(u.kim)).toMatchObject({ mfaMethods: ['FIDO2', 'WINDOWS_HELLO', 'HARDWARE_OTP', 'OTHER'] });
    expect(await account(u.breakGlass)).toMatchObject({ mfaRegistered: false, mfaMethods: [] });
  });

  it('keeps direct membership, nesting as group-to-group edges, and member counts', async () => {
    expect(await h.count("MATCH (g:Group {integration: 'entra'}) RETURN count(g) AS n")).toBe(7);
    expect(await edges('MEMBER_OF')).toBe(19);
    expect(await h.count("MATCH (:Group {integration: 'entra'})-[r:MEMBER_OF]->(:Group) RETURN count(r) AS n")).toBe(2);
    expect(await h.count("MATCH (:ServicePrincipal)-[r:MEMBER_OF]->(:Group {key: $k}) RETURN count(r) AS n", { k: userKey(g.automation) })).toBe(2);
    // Bob is in All Staff through Engineering and Platform Team.
    expect(await h.count('MATCH (:Account {key: $u})-[:MEMBER_OF*]->(g:Group {key: $g}) RETURN count(g) AS n', { u: userKey(u.bob), g: userKey(g.allStaff) })).toBe(1);
    const rows = await h.graph.read<{ c: number; t: string; d: boolean }>('MATCH (g:Group {key: $k}) RETURN g.memberCount AS c, g.groupType AS t, g.dynamic AS d', { k: userKey(g.allStaff) });
    expect(rows[0]).toEqual({ c: 7, t: 'Security', d: false });
    const social = await h.graph.read<{ t: string }>('MATCH (g:Group {key: $k}) RETURN g.groupType AS t', { k: userKey(g.acmeSocial) });
    expect(social[0]?.t).toBe('Microsoft365');
  });

  it('loads roles with active and eligible assignments from users, groups and service principals', async () => {
    expect(await h.count("MATCH (r:Role {integration: 'entra'}) RETURN count(r) AS n")).toBe(6);
    const ga = await h.graph.read<{ r: Record<string, unknown> }>('MATCH (r:Role {key: $k}) RETURN properties(r) AS r', { k: `entra:${T}:role:${roleTemplates.globalAdministrator}` });
    expect(ga[0]?.r).toMatchObject({ name: 'Global Administrator', roleKey: roleTemplates.globalAdministrator, tier0: true, privileged: true });
    expect(await edges('HAS_ROLE', "WHERE r.assignment = 'active'")).toBe(6);
    expect(await edges('HAS_ROLE', "WHERE r.assignment = 'eligible'")).toBe(2);
    expect(await h.count("MATCH (:Group {key: $k})-[r:HAS_ROLE {assignment: 'active'}]->(:Role) RETURN count(r) AS n", { k: userKey(g.tier0Admins) })).toBe(1);
    expect(await h.count("MATCH (:ServicePrincipal {key: $k})-[r:HAS_ROLE]->(:Role) RETURN count(r) AS n", { k: `entra:${T}:sp:${sp.hrSync}` })).toBe(1);
    expect(await h.count("MATCH (:Account {key: $k})-[r:HAS_ROLE {scope: '/administrativeUnits/2e4c6a8b-0d1f-4e3a-9c5b-7d9f1b3e5a60'}]->() RETURN count(r) AS n", { k: userKey(u.henry) })).toBe(1);
    // Global Administrator held actively: directly (Alice, Break Glass) and through Tier0-Admins (Bob).
    const holders = await h.graph.read<{ id: string }>(
      "MATCH (a:Account)-[:MEMBER_OF*0..]->()-[:HAS_ROLE {assignment: 'active'}]->(:Role {roleKey: $ga}) RETURN DISTINCT a.externalId AS id ORDER BY id",
      { ga: roleTemplates.globalAdministrator },
    );
    expect(holders.map((r) => r.id)).toEqual([u.alice, u.bob, u.breakGlass].sort());
  });

  it('loads conditional access policies with flags and include/exclude edges', async () => {
    const rows = await h.graph.read<{ p: Record<string, unknown> }>("MATCH (p:ConditionalAccessPolicy {integration: 'entra'}) RETURN properties(p) AS p ORDER BY p.displayName");
    const byName = new Map(rows.map((r) => [r.p.displayName as string, r.p]));
    expect(byName.get('Require MFA for all users')).toMatchObject({ state: 'ENABLED', requiresMfa: true, blocks: false, includeAllUsers: true, includeAllApps: true, hasRiskCondition: false });
    expect(byName.get('Block legacy authentication')).toMatchObject({ state: 'ENABLED', blocks: true, clientAppTypes: ['exchangeActiveSync', 'other'] });
    expect(byName.get('Risky sign-ins: require MFA (report-only)')).toMatchObject({ state: 'REPORT_ONLY', hasRiskCondition: true });
    expect(byName.get('Phishing-resistant MFA for admins')).toMatchObject({ state: 'DISABLED', requiresMfa: true, grantControls: ['authenticationStrength'], includeAllUsers: false });
    expect(await edges('INCLUDES')).toBe(3);
    expect(await edges('EXCLUDES')).toBe(4);
    expect(await h.count('MATCH (:ConditionalAccessPolicy)-[r:EXCLUDES]->(:Group {key: $k}) RETURN count(r) AS n', { k: userKey(g.automation) })).toBe(1);
  });

  it('turns risky sign-ins into security events involving their account', async () => {
    const rows = await h.graph.read<{ s: string; n: number }>("MATCH (e:SecurityEvent {integration: 'entra'}) RETURN e.severity AS s, count(e) AS n ORDER BY s");
    expect(Object.fromEntries(rows.map((r) => [r.s, r.n]))).toEqual({ HIGH: 1, LOW: 2, MEDIUM: 2 });
    expect(await edges('INVOLVES')).toBe(5);
    const ivy = await h.graph.read<{ e: Record<string, unknown> }>('MATCH (e:SecurityEvent)-[:INVOLVES]->(:Account {key: $k}) RETURN properties(e) AS e', { k: userKey(u.ivy) });
    expect(ivy[0]?.e).toMatchObject({ severity: 'HIGH', kind: 'anonymizedIPAddress, unlikelyTravel', location: 'Amsterdam, Noord-Holland, NL', device: 'Windows10, Edge 122.0.0', ipAddress: '198.51.100.66' });
  });

  it('loads apps, service principals and what they were granted', async () => {
    expect(await h.count("MATCH (a:Application:EntraAppRegistration {integration: 'entra'}) RETURN count(a) AS n")).toBe(3);
    expect(await h.count("MATCH (a:Application:ServicePrincipal {integration: 'entra'}) RETURN count(a) AS n")).toBe(5);
    const spOf = async (id: string): Promise<Record<string, unknown> | undefined> =>
      (await h.graph.read<{ s: Record<string, unknown> }>('MATCH (s:ServicePrincipal {key: $k}) RETURN properties(s) AS s', { k: `entra:${T}:sp:${id}` }))[0]?.s;
    expect(await spOf(sp.hrSync)).toMatchObject({ graphAppPermissions: ['Directory.ReadWrite.All', 'User.ReadWrite.All'], delegatedPermissions: [] });
    const connector = await spOf(sp.connector);
    expect(connector?.graphAppPermissions).toHaveLength(9);
    expect(connector?.graphAppPermissions).toContain('AuditLog.Read.All');
    expect(await spOf(sp.expensePortal)).toMatchObject({
      appPermissions: [],
      delegatedPermissions: ['Mail.Read', 'User.Read', 'offline_access', 'openid', 'profile'],
      permissions: ['Mail.Read', 'User.Read', 'offline_access', 'openid', 'profile'],
    });
    expect(await spOf(sp.travelBooking)).toMatchObject({ passwordSso: true, servicePrincipalType: 'Application' });
    expect(await edges('HAS_PERMISSION')).toBe(3);
    expect(await h.count("MATCH (:ServicePrincipal {key: $k})-[p:HAS_PERMISSION {type: 'delegated'}]->(:ServicePrincipal {externalId: '00000003-0000-0000-c000-000000000000'}) RETURN count(p) AS n", { k: `entra:${T}:sp:${sp.expensePortal}` })).toBe(1);
    const hr = await h.graph.read<{ e: string[] }>('MATCH (a:EntraAppRegistration {key: $k}) RETURN a.credentialExpiries AS e', { k: `entra:${T}:app:${exampleIds.apps.hrSync}` });
    expect(hr[0]?.e).toHaveLength(2);
    expect(graphAppRoleIds['User.Read.All']).toBeDefined();
  });

  it('is idempotent: a second sync leaves the same nodes and relationships', async () => {
    const snapshot = async (): Promise<string> => {
      const rows = await h.graph.read<{ l: string; n: number }>("MATCH (n {integration: 'entra'}) WHERE NOT n:SyncRun RETURN labels(n)[0] + ':' + coalesce(labels(n)[1], '') AS l, count(n) AS n ORDER BY l");
      const rels = await h.graph.read<{ t: string; n: number }>("MATCH ()-[r {integration: 'entra'}]->() RETURN type(r) AS t, count(r) AS n ORDER BY t");
      return JSON.stringify([rows, rels]);
    };
    const before = await snapshot();
    const run = await h.sync({}, { full: true });
    expect(run.status).toBe('SUCCEEDED');
    expect(countOf(run, 'users')).toBe(12);
    expect(await snapshot()).toBe(before);
    const stale = await h.count("MATCH (n {integration: 'entra'}) WHERE NOT n:SyncRun AND n.runId <> $runId RETURN count(n) AS n", { runId: run.id });
    expect(stale).toBe(0);
  });

  it('removes what was deleted from the tenant between two syncs', async () => {
    h.sim.updateTenant(T, (f) => {
      f.users = f.users.filter((x) => x.id !== u.frank);
      f.userRegistrationDetails = f.userRegistrationDetails.filter((x) => x.id !== u.frank);
      f.groups = f.groups.filter((x) => x.id !== g.guests);
      f.conditionalAccessPolicies = f.conditionalAccessPolicies.filter((p) => p.id !== exampleIds.policies.blockLegacy);
      f.roleAssignments = f.roleAssignments.filter((a) => a.principalId !== u.ivy);
      f.oauth2PermissionGrants = [];
    });
    const run = await h.sync();
    expect(run.status).toBe('SUCCEEDED');
    expect(await account(u.frank)).toBeUndefined();
    expect(await h.count("MATCH (a:EntraUser {integration: 'entra'}) RETURN count(a) AS n")).toBe(11);
    expect(await h.count('MATCH (g:Group {key: $k}) RETURN count(g) AS n', { k: userKey(g.guests) })).toBe(0);
    expect(await h.count("MATCH (p:ConditionalAccessPolicy {integration: 'entra'}) RETURN count(p) AS n")).toBe(3);
    expect(await h.count('MATCH (:Account {key: $k})-[r:HAS_ROLE]->() RETURN count(r) AS n', { k: userKey(u.ivy) })).toBe(0);
    expect(await edges('HAS_PERMISSION', "WHERE r.type = 'delegated'")).toBe(0);
    expect(await edges('MEMBER_OF')).toBe(19 - 1 - 1);
  });

  it('fetches only the last hoursBack hours of sign-ins but keeps earlier security events', async () => {
    const run = await h.sync({ hoursBack: 24 });
    expect(run.status).toBe('SUCCEEDED');
    expect(countOf(run, 'signIns')).toBe(1);
    const signIns = h.sim.requests('/auditLogs/signIns').at(-1);
    expect(signIns?.status).toBe(200);
    expect(await h.count("MATCH (e:SecurityEvent {integration: 'entra'}) RETURN count(e) AS n")).toBe(5);
  });

  it('syncs only the data sets asked for', async () => {
    const run = await h.sync({ syncUsers: false, syncSignIns: false, syncApps: false, syncPolicies: false, syncRoles: false });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.counts.map((c) => c.dataSet)).toEqual(['groups']);
  });
});
