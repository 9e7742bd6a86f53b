/**
 * How the Entra connector meets Graph and Entra login failures, against the simulator's fault injection:
 * throttling (with and without Retry-After, inside $batch), refusals per data set, wrong credentials,
 * transient errors, expired page tokens, objects deleted mid-sync, malformed pages, and the optional
 * parts (signInActivity, PIM) that only warn. Also the connection test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exampleIds, exampleTenant } from '../../dev/simulators/entra/example-tenant.js';
import type { GraphUserFixture } from '../../dev/simulators/entra/fixture.js';
import { ALL, countOf, startHarness, type EntraHarness } from '../support/entra-harness.js';

const T = exampleIds.tenantId;
const u = exampleIds.users;
const g = exampleIds.groups;
const sp = exampleIds.servicePrincipals;
const key = (id: string): string => `entra:${T}:${id}`;

let h: EntraHarness;

beforeAll(async () => {
  h = await startHarness();
  // A baseline every test can compare against: what a good sync loaded.
  const run = await h.sync();
  expect(run.status).toBe('SUCCEEDED');
});

afterAll(async () => {
  await h?.close();
});

beforeEach(() => {
  h.sim.reset();
  h.sim.setTenant(exampleTenant());
  h.waits.length = 0;
});

async function totals(): Promise<string> {
  const nodes = await h.graph.read<{ l: string; n: number }>("MATCH (n {integration: 'entra'}) WHERE NOT n:SyncRun RETURN labels(n)[0] AS l, count(n) AS n ORDER BY l");
  const rels = await h.graph.read<{ t: string; n: number }>("MATCH ()-[r {integration: 'entra'}]->() RETURN type(r) AS t, count(r) AS n ORDER BY t");
  return JSON.stringify([nodes, rels]);
}

describe('throttling and transient failures', () => {
  it('honours Retry-After on 429 and succeeds', async () => {
    h.sim.faults.throttle({ path: '/users', times: 3, retryAfterSeconds: 7 });
    const run = await h.sync({ syncGroups: false, syncRoles: false, syncSignIns: false, syncPolicies: false, syncApps: false });
    expect(run.status).toBe('SUCCEEDED');
    expect(h.waits).toEqual([7000, 7000, 7000]);
    expect(h.sim.requests('/users').filter((r) => r.status === 429)).toHaveLength(3);
  });

  it('backs off exponentially when a 429 has no Retry-After (conditional access)', async () => {
    h.sim.faults.throttle({ path: '/identity/conditionalAccess/policies', times: 3 });
    const run = await h.sync({ syncUsers: false, syncGroups: false, syncRoles: false, syncSignIns: false, syncApps: false });
    expect(run.status).toBe('SUCCEEDED');
    expect(countOf(run, 'policies')).toBe(4);
    expect(h.waits).toHaveLength(3);
    // Full jitter under 5 ms, 10 ms, 20 ms.
    h.waits.forEach((w, i) => expect(w).toBeLessThanOrEqual(5 * 2 ** i));
  });

  it('waits for the Retry-After of a 429 inside a $batch, then re-sends only those requests', async () => {
    h.sim.faults.throttle({ path: new RegExp(`^/groups/${g.engineering}/members`), times: 2, retryAfterSeconds: 3 });
    const run = await h.sync({ syncUsers: false, syncRoles: false, syncSignIns: false, syncPolicies: false, syncApps: false }, { full: true });
    expect(run.status).toBe('SUCCEEDED');
    expect(h.waits).toEqual([3000, 3000]);
    const batched = h.sim.requests(/\/members$/).filter((r) => r.batch);
    expect(batched).toHaveLength(7 + 2);
    expect(await h.count("MATCH ()-[r:MEMBER_OF {integration: 'entra'}]->(:Group {key: $k}) RETURN count(r) AS n", { k: key(g.engineering) })).toBe(3);
  });

  it('retries a 503 and succeeds', async () => {
    h.sim.faults.status({ path: '/groups', status: 503, times: 2 });
    const run = await h.sync({ syncUsers: false, syncRoles: false, syncSignIns: false, syncPolicies: false, syncApps: false }, { full: true });
    expect(run.status).toBe('SUCCEEDED');
    expect(countOf(run, 'groups')).toBe(7);
    expect(h.waits).toHaveLength(2);
  });

  it('gets a fresh token once when Graph rejects the cached one', async () => {
    h.sim.faults.status({ path: '/users', status: 401, code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.', times: 1 });
    const run = await h.sync({ syncGroups: false, syncRoles: false, syncSignIns: false, syncPolicies: false, syncApps: false });
    expect(run.status).toBe('SUCCEEDED');
    expect(h.sim.requests(/oauth2\/v2\.0\/token$/).length).toBeGreaterThanOrEqual(2);
  });

  it('retries a dropped connection', async () => {
    h.sim.faults.dropConnection({ path: '/groups', times: 1 });
    const run = await h.sync({ syncUsers: false, syncRoles: false, syncSignIns: false, syncPolicies: false, syncApps: false }, { full: true });
    expect(run.status).toBe('SUCCEEDED');
    expect(countOf(run, 'groups')).toBe(7);
  });

  it('gives up after the retry budget with UPSTREAM_THROTTLED naming the data set', async () => {
    h.sim.faults.throttle({ path: '/auditLogs/signIns', retryAfterSeconds: 1 });
    const run = await h.sync({ syncUsers: false, syncGroups: false, syncRoles: false, syncPolicies: false, syncApps: false });
    expect(run.status).toBe('FAILED');
    expect(run.errors).toEqual([expect.objectContaining({ dataSet: 'signIns', code: 'TooManyRequests' })]);
  });
});

describe('refusals', () => {
  const cases = [
    { dataSet: 'users', path: '/users', status: 403, code: 'Authorization_RequestDenied', advice: 'User.Read.All' },
    { dataSet: 'mfa', path: '/reports/authenticationMethods/userRegistrationDetails', status: 403, code: 'Authentication_MSGraphPermissionMissing', advice: 'AuditLog.Read.All' },
    { dataSet: 'groups', path: '/groups', status: 403, code: 'Authorization_RequestDenied', advice: 'GroupMember.Read.All' },
    { dataSet: 'roles', path: '/roleManagement/directory/roleAssignments', status: 403, code: 'UnknownError', message: '{"errorCode":"PermissionScopeNotGranted","message":"Authorization failed due to missing permission scope RoleManagement.Read.Directory."}', expected: 'PermissionScopeNotGranted', advice: 'RoleManagement.Read.Directory' },
    { dataSet: 'policies', path: '/identity/conditionalAccess/policies', status: 403, code: 'AccessDenied', advice: 'Policy.Read.All' },
    { dataSet: 'signIns', path: '/auditLogs/signIns', status: 403, code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', advice: 'Entra ID P1' },
    { dataSet: 'apps', path: '/servicePrincipals', status: 403, code: 'Authorization_RequestDenied', advice: 'Application.Read.All' },
  ];

  it.each(cases)('a $status on $dataSet ends PARTIAL, names the data set and code, and keeps its previous data', async (c) => {
    const before = await totals();
    h.sim.faults.status({ path: c.path, status: c.status, code: c.code, ...(c.message ? { message: c.message } : {}) });
    const run = await h.sync();
    expect(run.status).toBe('PARTIAL');
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatchObject({ dataSet: c.dataSet, code: c.expected ?? c.code });
    expect(run.errors[0]?.message).toContain(c.advice);
    // The failed data set kept its nodes and edges; every other data set reloaded the same tenant.
    expect(await totals()).toBe(before);
  });

  it('fails the run with AADSTS7000215 on a wrong secret, changing nothing', async () => {
    const before = await totals();
    const run = await h.sync({}, { secret: 'not-the-secret' });
    expect(run.status).toBe('FAILED');
    expect(run.errors).toEqual([expect.objectContaining({ dataSet: 'auth', code: 'AADSTS7000215' })]);
    expect(run.errors[0]?.message).toContain('client secret');
    expect(await totals()).toBe(before);
  });

  it('fails with AADSTS7000222 on an expired secret', async () => {
    const run = await h.sync({}, { secret: exampleIds.clients.connector.expiredSecret });
    expect(run.errors[0]).toMatchObject({ dataSet: 'auth', code: 'AADSTS7000222' });
  });

  it('fails with AADSTS90002 on an unknown tenant', async () => {
    const run = await h.sync({}, { stored: { tenant: randomUUID() } });
    expect(run.status).toBe('FAILED');
    expect(run.errors[0]).toMatchObject({ dataSet: 'auth', code: 'AADSTS90002' });
  });

  it('fails with AADSTS700016 on an unknown client', async () => {
    const run = await h.sync({}, { stored: { clientId: randomUUID() } });
    expect(run.errors[0]).toMatchObject({ dataSet: 'auth', code: 'AADSTS700016' });
  });

  it('accepts a verified domain as the tenant and keys everything by the tenant id', async () => {
    const before = await totals();
    const run = await h.sync({}, { stored: { tenant: exampleIds.domain } });
    expect(run.status).toBe('SUCCEEDED');
    expect(await totals()).toBe(before);
  });
});

describe('paging and mid-sync changes', () => {
  const extraUsers = (n: number): GraphUserFixture[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `0d0d0d0d-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      userPrincipalName: `bulk${i}@acme-corp.com`,
      displayName: `Bulk ${i}`,
      mail: null,
      accountEnabled: true,
      userType: 'Member',
      createdDateTime: '2024-01-01T00:00:00Z',
      signInActivity: null,
      onPremisesImmutableId: null,
      proxyAddresses: [],
    }));

  it('restarts a listing whose page token expired, without counting it twice', async () => {
    h.sim.updateTenant(T, (f) => f.users.push(...extraUsers(1100)));
    h.sim.faults.expirePageToken({ path: '/users', times: 1, afterRequests: 1 });
    const run = await h.sync({ syncGroups: false, syncRoles: false, syncSignIns: false, syncPolicies: false, syncApps: false }, { full: true });
    expect(run.status).toBe('SUCCEEDED');
    expect(countOf(run, 'users')).toBe(1112);
    expect(h.sim.requests('/users').filter((r) => r.fault === 'expirePageToken')).toHaveLength(1);
    expect(await h.count("MATCH (a:EntraUser {integration: 'entra'}) RETURN count(a) AS n")).toBe(1112);
    // Back to the example tenant, so later tests compare like with like.
    h.sim.setTenant(exampleTenant());
    // Read whole: an incremental read would delete them as the change feed reports them (no guard needed).
    const shrunk = await h.sync({}, { full: true });
    expect(shrunk.status).toBe('PARTIAL');
    expect(shrunk.errors).toEqual([expect.objectContaining({ dataSet: 'users', code: 'LISTING_SHRANK', message: expect.stringMatching(/12 objects.*1112/) })]);
    expect(await h.count("MATCH (a:EntraUser {integration: 'entra'}) RETURN count(a) AS n")).toBe(1112);
    // The shrink guard held the deletions back; allowLargeDeletes accepts them.
    expect((await h.sync({}, { allowLargeDeletes: true, full: true })).status).toBe('SUCCEEDED');
    expect(await h.count("MATCH (a:EntraUser {integration: 'entra'}) RETURN count(a) AS n")).toBe(12);
  });

  it('fails after the page token keeps expiring', async () => {
    h.sim.updateTenant(T, (f) => f.users.push(...extraUsers(600)));
    h.sim.faults.expirePageToken({ path: '/users' });
    const run = await h.sync({ syncGroups: false, syncRoles: false, syncSignIns: false, syncPolicies: false, syncApps: false }, { full: true });
    expect(run.errors[0]).toMatchObject({ dataSet: 'users', code: 'Directory_ExpiredPageToken' });
  });

  it('skips a group and a service principal deleted mid-sync', async () => {
    // Once the deltaLink a full read takes first and the listing's page were served, before the members' $batch.
    h.sim.faults.deleteObject('group', g.platformTeam, 2, { path: '/groups' });
    h.sim.faults.deleteObject('servicePrincipal', sp.hrSync, 1, { path: '/servicePrincipals' });
    const run = await h.sync({ syncUsers: false, syncRoles: false, syncSignIns: false, syncPolicies: false }, { full: true });
    expect(run.errors).toEqual([]);
    expect(run.status).toBe('SUCCEEDED');
    const gone = h.sim.requests(/^\/groups\/[^/]+\/members/).filter((r) => r.status === 404);
    expect(gone).toHaveLength(1);
    // Listed before it went: the node stays until the next sync, its members were not read.
    expect(await h.count('MATCH (:Account)-[r:MEMBER_OF]->(:Group {key: $k}) RETURN count(r) AS n', { k: key(g.platformTeam) })).toBe(0);
    // Incremental: the groups delta reports the group removed.
    const next = await h.sync({ syncUsers: false, syncRoles: false, syncSignIns: false, syncPolicies: false });
    expect(next.status).toBe('SUCCEEDED');
    expect(next.mode).toBe('INCREMENTAL');
    expect(await h.count('MATCH (n {key: $k}) RETURN count(n) AS n', { k: key(g.platformTeam) })).toBe(0);
    expect(await h.count('MATCH (n {key: $k}) RETURN count(n) AS n', { k: `entra:${T}:sp:${sp.hrSync}` })).toBe(0);
    h.sim.setTenant(exampleTenant());
    expect((await h.sync()).status).toBe('SUCCEEDED');
  });

  it.each(['invalidJson', 'missingValue'] as const)('fails only the data set whose page is malformed (%s)', async (kind) => {
    const before = await totals();
    h.sim.faults.malformed({ path: '/identity/conditionalAccess/policies', kind });
    const run = await h.sync();
    expect(run.status).toBe('PARTIAL');
    expect(run.errors).toEqual([expect.objectContaining({ dataSet: 'policies', code: 'UPSTREAM_BAD_RESPONSE' })]);
    expect(await totals()).toBe(before);
  });
});

describe('optional parts', () => {
  it('syncs users without signInActivity when it is refused, warns, and keeps the stored dates', async () => {
    const before = await h.graph.read<{ d: string }>('MATCH (a:Account {key: $k}) RETURN a.lastSignInAt AS d', { k: key(u.alice) });
    expect(before[0]?.d).toBeTruthy();
    // Refused on the first try and on the retry; the listing without signInActivity goes through.
    h.sim.faults.status({ path: /^\/users$/, status: 403, code: 'Authentication_MSGraphPermissionMissing', message: 'Calling principal does not have required MSGraph permissions AuditLog.Read.All', times: 2 });
    const run = await h.sync({ syncGroups: false, syncRoles: false, syncSignIns: false, syncPolicies: false, syncApps: false }, { full: true });
    expect(run.status).toBe('SUCCEEDED');
    expect(countOf(run, 'users')).toBe(12);
    expect(run.warnings).toEqual([expect.objectContaining({ dataSet: 'users', code: 'Authentication_MSGraphPermissionMissing' })]);
    expect(run.warnings[0]?.message).toContain('AuditLog.Read.All');
    const after = await h.graph.read<{ d: string }>('MATCH (a:Account {key: $k}) RETURN a.lastSignInAt AS d', { k: key(u.alice) });
    expect(after[0]?.d).toBe(before[0]?.d);
  });

  it('retries a refusal of signInActivity once, since Graph reports it intermittently', async () => {
    h.sim.faults.status({ path: /^\/users$/, status: 403, code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', times: 1 });
    const run = await h.sync({ syncGroups: false, syncRoles: false, syncSignIns: false, syncPolicies: false, syncApps: false }, { full: true });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.warnings).toEqual([]);
  });

  it('skips PIM eligibility without P2 with a warning, keeping active assignments and earlier eligibilities', async () => {
    h.sim.faults.status({ path: '/roleManagement/directory/roleEligibilityScheduleInstances', status: 400, code: 'AadPremiumLicenseRequired' });
    const run = await h.sync({ syncUsers: false, syncGroups: false, syncSignIns: false, syncPolicies: false, syncApps: false });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.warnings).toEqual([expect.objectContaining({ dataSet: 'roles', code: 'AadPremiumLicenseRequired' })]);
    expect(run.warnings[0]?.message).toContain('P2');
    expect(countOf(run, 'roles')).toBe(6 + 6);
    expect(await h.count("MATCH ()-[r:HAS_ROLE {integration: 'entra', assignment: 'active'}]->() RETURN count(r) AS n")).toBe(6);
    expect(await h.count("MATCH ()-[r:HAS_ROLE {integration: 'entra', assignment: 'eligible'}]->() RETURN count(r) AS n")).toBe(2);
  });
});

describe('testConnection', () => {
  it('reports every data set readable with the connector app', async () => {
    const result = await h.connector.testConnection(h.stored(), { clientSecret: exampleIds.clients.connector.secret });
    expect(result.ok).toBe(true);
    expect(result.message).toContain(T);
    expect(result.checks.map((c) => [c.name, c.ok])).toEqual([
      ['users', true], ['mfa', true], ['groups', true], ['roles', true], ['signIns', true], ['policies', true], ['apps', true],
    ]);
    expect(result.checks.find((c) => c.name === 'signIns')?.permission).toBe('AuditLog.Read.All');
  });

  it('says which permission is missing, with Graph’s code and what to do', async () => {
    const client = exampleIds.clients.usersOnly;
    const result = await h.connector.testConnection(h.stored({ clientId: client.clientId }), { clientSecret: client.secret });
    expect(result.ok).toBe(false);
    const byName = Object.fromEntries(result.checks.map((c) => [c.name, c]));
    expect(byName.users).toMatchObject({ ok: true });
    expect(byName.users?.detail).toContain('signInActivity');
    expect(byName.users?.detail).toContain('Authentication_MSGraphPermissionMissing');
    expect(byName.mfa).toMatchObject({ ok: false, permission: 'AuditLog.Read.All' });
    expect(byName.mfa?.detail).toMatch(/^Authentication_MSGraphPermissionMissing: grant AuditLog\.Read\.All .*Application permission.*admin-consent/);
    expect(byName.groups?.detail).toMatch(/^Authorization_RequestDenied: grant GroupMember\.Read\.All/);
    expect(byName.policies?.detail).toMatch(/^AccessDenied: grant Policy\.Read\.All/);
    expect(byName.apps?.detail).toMatch(/^Authorization_RequestDenied: grant Application\.Read\.All/);
    expect(result.message).toContain('6 of 7');
  });

  it('notes a tenant without P1 and P2 on the optional parts and the reports', async () => {
    h.sim.updateTenant(T, (f) => {
      f.licence = { p1: false, p2: false };
    });
    const result = await h.connector.testConnection(h.stored(), { clientSecret: exampleIds.clients.connector.secret });
    const byName = Object.fromEntries(result.checks.map((c) => [c.name, c]));
    expect(byName.users?.ok).toBe(true);
    expect(byName.users?.detail).toContain('the tenant needs Entra ID P1 for signInActivity');
    expect(byName.roles?.ok).toBe(true);
    expect(byName.roles?.detail).toContain('P2');
    expect(byName.signIns).toMatchObject({ ok: false });
    expect(byName.signIns?.detail).toMatch(/^Authentication_RequestFromNonPremiumTenantOrB2CTenant: the tenant needs Entra ID P1/);
  });

  it('gives ok=false with the AADSTS code for a wrong secret, an unknown client or tenant', async () => {
    const wrong = await h.connector.testConnection(h.stored(), { clientSecret: 'nope' });
    expect(wrong).toMatchObject({ ok: false, checks: [] });
    expect(wrong.message).toContain('AADSTS7000215');
    const client = await h.connector.testConnection(h.stored({ clientId: randomUUID() }), { clientSecret: 'x' });
    expect(client.message).toContain('AADSTS700016');
    const tenant = await h.connector.testConnection(h.stored({ tenant: 'nobody.onmicrosoft.com' }), { clientSecret: 'x' });
    expect(tenant.message).toContain('AADSTS90002');
  });
});

it('runs every data set when nothing fails (sanity for the options above)', () => {
  expect(Object.values(ALL).filter((v) => v === true)).toHaveLength(6);
});
