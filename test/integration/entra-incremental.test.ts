/**
 * Entra incremental sync against the Graph simulator into the real Neo4j: after a full sync and a day of
 * changes, an incremental sync must leave the twin a full sync gives at the same moment (graph against
 * graph), with far fewer requests; expired or reset delta tokens read whole with a warning; and each kind of
 * change (deleted, disabled and guest users, nested memberships, MFA, late-reported sign-ins) lands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleIds, exampleTenant } from '../../dev/simulators/entra/example-tenant.js';
import type { EntraTenantFixture } from '../../dev/simulators/entra/fixture.js';
import type { TenantMutations } from '../../dev/simulators/entra/mutations.js';
import { generateScenario } from '../../dev/simulators/synthetic/index.js';
import { scriptedEntraDay } from '../../dev/simulators/synthetic/entra/day.js';
import type { SyncRunRecord } from '../../src/ingest/types.js';
import { connectorClient, startHarness, type EntraHarness } from '../support/entra-harness.js';
import { graphSnapshot, type GraphSnapshot } from '../support/graph-snapshot.js';

const T = exampleIds.tenantId;
const u = exampleIds.users;
const g = exampleIds.groups;
const key = (id: string): string => `entra:${T}:${id}`;
const HOUR = 3600_000;

let h: EntraHarness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const snapshot = (): Promise<GraphSnapshot> => graphSnapshot(h.graph, 'entra');

function modes(run: SyncRunRecord): Record<string, string> {
  return Object.fromEntries(run.counts.map((c) => [c.dataSet, c.mode]));
}

/** Requests the users and groups data sets made ($batch sub-requests each count; the envelope does not). */
function directoryRequests(): number {
  return h.sim.requests(/^\/(users|groups)/).length;
}

async function account(id: string): Promise<Record<string, unknown> | undefined> {
  const rows = await h.graph.read<{ a: Record<string, unknown> }>('MATCH (a:Account {key: $key}) RETURN properties(a) AS a', { key: key(id) });
  return rows[0]?.a;
}

async function memberOf(groupId: string): Promise<string[]> {
  const rows = await h.graph.read<{ k: string }>('MATCH (m)-[:MEMBER_OF]->(:Group {key: $key}) RETURN m.key AS k ORDER BY k', { key: key(groupId) });
  return rows.map((r) => r.k);
}

async function memberCount(groupId: string): Promise<number | undefined> {
  const rows = await h.graph.read<{ n: number | null }>('MATCH (g:Group {key: $key}) RETURN g.memberCount AS n', { key: key(groupId) });
  return rows[0]?.n ?? undefined;
}

describe('a day of changes on a synthetic tenant', () => {
  let fixture: EntraTenantFixture;

  beforeAll(() => {
    const scenario = generateScenario({
      seed: 42,
      people: 1000,
      tenantId: T,
      entraCredentials: { clientId: connectorClient.clientId, clientSecret: connectorClient.secret },
      oktaCredentials: { apiToken: 'unused-api-token-value' },
    });
    fixture = scenario.entra;
    h.sim.setTenant(fixture);
  });

  /** An incremental sync, then a full one: both twins, and the users and groups requests of each. */
  async function incrementalThenFull(): Promise<{ incremental: SyncRunRecord; requests: { incremental: number; full: number }; twins: GraphSnapshot[] }> {
    h.sim.reset();
    const incremental = await h.sync();
    const incrementalRequests = directoryRequests();
    const afterIncremental = await snapshot();
    h.sim.reset();
    const full = await h.sync({}, { full: true });
    expect(full.status).toBe('SUCCEEDED');
    expect(full.mode).toBe('FULL');
    return { incremental, requests: { incremental: incrementalRequests, full: directoryRequests() }, twins: [afterIncremental, await snapshot()] };
  }

  it('reads whole, with a warning, where Graph offers no delta (external and B2C tenants), and keeps doing so', async () => {
    const usersOnly = { syncGroups: false, syncRoles: false, syncPolicies: false, syncSignIns: false, syncApps: false };
    h.sim.faults.status({ path: '/users/delta', status: 400, code: 'Request_UnsupportedQuery', message: 'Change tracking is not supported for this tenant.' });
    const first = await h.sync(usersOnly);
    expect(first.status).toBe('SUCCEEDED');
    expect(first.warnings).toEqual([expect.objectContaining({ dataSet: 'users', code: 'Request_UnsupportedQuery' })]);
    const next = await h.sync(usersOnly);
    expect(modes(next)).toMatchObject({ users: 'FULL' });
    // Once Graph answers, a full read starts the feed and the next run is incremental.
    h.sim.reset();
    expect((await h.sync(usersOnly)).warnings).toEqual([]);
    expect(modes(await h.sync(usersOnly))).toMatchObject({ users: 'INCREMENTAL' });
  });

  it('incremental after a busy day equals a full sync at the same moment', async () => {
    const first = await h.sync({}, { full: true });
    expect(first.status).toBe('SUCCEEDED');
    expect(first.mode).toBe('FULL');

    const day = scriptedEntraDay(fixture, h.sim.mutate(T), { seed: 7, intensity: 4 });
    expect(day.usersTouched).toBeGreaterThan(20);
    expect(day.joins + day.leaves + day.nested).toBeGreaterThan(10);

    const { incremental, twins } = await incrementalThenFull();
    expect(incremental.status).toBe('SUCCEEDED');
    expect(incremental.warnings).toEqual([]);
    expect(incremental.mode).toBe('INCREMENTAL');
    expect(modes(incremental)).toEqual({
      users: 'INCREMENTAL', mfa: 'FULL', groups: 'INCREMENTAL', roles: 'FULL', policies: 'FULL', signIns: 'FULL', apps: 'FULL',
    });
    expect(twins[0]).toEqual(twins[1]);
  });

  it('after an ordinary day, with far fewer requests for users and groups', async () => {
    const day = scriptedEntraDay(fixture, h.sim.mutate(T), { seed: 9 });
    expect(day.usersTouched).toBeGreaterThan(3);
    const { incremental, requests, twins } = await incrementalThenFull();
    expect(incremental.mode).toBe('INCREMENTAL');
    expect(twins[0]).toEqual(twins[1]);
    // A delta round each, two sign-in reads and the named groups' counts, against every user and every group's members.
    expect(requests.incremental).toBeLessThan(requests.full / 2);
  });

  it('reads whole, with SYNC_STATE_EXPIRED, when Graph says the deltaLink expired (400) or was reset (410)', async () => {
    scriptedEntraDay(fixture, h.sim.mutate(T), { seed: 8, intensity: 2 });
    h.sim.reset();
    h.sim.faults.expireDeltaToken({ path: '/users/delta', times: 1 });
    h.sim.faults.resetDeltaSync({ path: '/groups/delta', times: 1 });
    const run = await h.sync();
    expect(run.status).toBe('SUCCEEDED');
    expect(run.warnings).toEqual([
      expect.objectContaining({ dataSet: 'users', code: 'SYNC_STATE_EXPIRED', message: expect.stringContaining('syncStateNotFound') }),
      expect.objectContaining({ dataSet: 'groups', code: 'SYNC_STATE_EXPIRED', message: expect.stringContaining('resyncRequired') }),
    ]);
    expect(modes(run)).toMatchObject({ users: 'FULL', groups: 'FULL' });
    // Every data set read whole: the run is FULL.
    expect(run.mode).toBe('FULL');
    const afterFallback = await snapshot();

    // The read whole started a new change feed: the next run is incremental again, and nothing changed.
    h.sim.reset();
    const next = await h.sync();
    expect(next.warnings).toEqual([]);
    expect(modes(next)).toMatchObject({ users: 'INCREMENTAL', groups: 'INCREMENTAL' });
    expect(await snapshot()).toEqual(afterFallback);
    expect((await h.sync({}, { full: true })).status).toBe('SUCCEEDED');
    expect(await snapshot()).toEqual(afterFallback);
  });

  it('expires a deltaLink older than the token lifetime', async () => {
    h.sim.settings.deltaTokenTtlMs = 0;
    try {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const run = await h.sync({ syncRoles: false, syncPolicies: false, syncSignIns: false, syncApps: false });
      expect(run.warnings.map((w) => [w.dataSet, w.code])).toEqual([
        ['users', 'SYNC_STATE_EXPIRED'],
        ['groups', 'SYNC_STATE_EXPIRED'],
      ]);
    } finally {
      h.sim.settings.deltaTokenTtlMs = 7 * 24 * HOUR;
    }
  });
});

describe('each kind of change on the example tenant', () => {
  let tenant: TenantMutations;
  let previousSync: number;

  beforeAll(async () => {
    h.sim.reset();
    h.sim.setTenant(exampleTenant());
    const run = await h.sync({}, { full: true, allowLargeDeletes: true });
    expect(run.status).toBe('SUCCEEDED');
    previousSync = Date.parse(run.startedAt);
    tenant = h.sim.mutate(T);
  });

  it('removes a deleted user with its memberships; updates a disabled user and a guest change', async () => {
    expect(await memberOf(g.platformTeam)).toContain(key(u.kim));
    const platformCount = await memberCount(g.platformTeam);
    tenant.deleteUser(u.kim);
    tenant.disableUser(u.carol);
    tenant.updateUser(u.bob, { userType: 'Guest' });
    const run = await h.sync({ syncRoles: false, syncPolicies: false, syncSignIns: false, syncApps: false });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.warnings).toEqual([]);
    expect(run.counts.find((c) => c.dataSet === 'users')).toMatchObject({ mode: 'INCREMENTAL', count: 3 });
    expect(await account(u.kim)).toBeUndefined();
    expect(await memberOf(g.platformTeam)).not.toContain(key(u.kim));
    expect(await memberCount(g.platformTeam)).toBe((platformCount ?? 0) - 1);
    expect(await account(u.carol)).toMatchObject({ enabled: false, status: 'Disabled', active: false });
    // The registration report leaves disabled users out: the mfa read resets Carol.
    expect(await account(u.carol)).toMatchObject({ mfaRegistered: false });
    expect(await account(u.bob)).toMatchObject({ userType: 'Guest', active: false });
  });

  it('adds and removes nested groups and service principals as members, with exact member counts', async () => {
    h.sim.reset();
    tenant.addMember(g.acmeSocial, { type: 'group', id: g.guests });
    tenant.removeMember(g.engineering, g.platformTeam);
    tenant.addMember(g.automation, { type: 'servicePrincipal', id: exampleIds.servicePrincipals.expensePortal });
    const before = { social: await memberCount(g.acmeSocial), engineering: await memberCount(g.engineering) };
    const run = await h.sync({ syncRoles: false, syncPolicies: false, syncSignIns: false });
    expect(run.status).toBe('SUCCEEDED');
    expect(await memberOf(g.acmeSocial)).toContain(key(g.guests));
    expect(await memberOf(g.engineering)).not.toContain(key(g.platformTeam));
    expect(await memberOf(g.automation)).toContain(`entra:${T}:sp:${exampleIds.servicePrincipals.expensePortal}`);
    expect(await memberCount(g.acmeSocial)).toBe((before.social ?? 0) + 1);
    expect(await memberCount(g.engineering)).toBe((before.engineering ?? 0) - 1);
    // Only the groups the round named were counted.
    expect(h.sim.requests(/\/members\/\$count$/).map((r) => r.path).sort()).toEqual(
      [g.acmeSocial, g.engineering, g.automation].map((id) => `/groups/${id}/members/$count`).sort(),
    );
  });

  it('updates MFA registration from the report read whole', async () => {
    tenant.setMfaRegistration(u.alice, { methodsRegistered: ['fido2'] });
    const run = await h.sync({ syncGroups: false, syncRoles: false, syncPolicies: false, syncSignIns: false, syncApps: false });
    expect(run.status).toBe('SUCCEEDED');
    expect(await account(u.alice)).toMatchObject({ mfaRegistered: true, mfaMethods: ['FIDO2'] });
  });

  it('moves lastSignInAt for interactive, non-interactive and late-reported sign-ins', async () => {
    h.sim.reset();
    const now = Date.now();
    tenant.recordSignIn(u.frank, { at: now - 2 * HOUR, interactive: true });
    tenant.recordSignIn(u.grace, { at: now - HOUR, interactive: false });
    // Reported only now, dated 20 hours before the previous sync: the day of overlap still finds it.
    tenant.recordSignIn(u.henry, { at: previousSync - 20 * HOUR, interactive: true });
    const run = await h.sync({ syncGroups: false, syncRoles: false, syncPolicies: false, syncSignIns: false, syncApps: false });
    expect(run.status).toBe('SUCCEEDED');
    // The simulator records whole seconds; the twin stores ISO with milliseconds.
    const iso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString();
    expect((await account(u.frank))?.lastSignInAt).toBe(iso(now - 2 * HOUR));
    expect((await account(u.grace))?.lastSignInAt).toBe(iso(now - HOUR));
    const henry = fixtureUser(u.henry);
    expect((await account(u.henry))?.lastSignInAt).toBe(latest(henry?.signInActivity?.lastSignInDateTime, henry?.signInActivity?.lastNonInteractiveSignInDateTime));
    // The sign-in reads were the two filtered ones, not a read of every user.
    const reads = h.sim.requests(/^\/users$/);
    expect(reads).toHaveLength(2);
  });

  it("reads every user's last sign-in, with a warning, when Graph does not take the signInActivity filter", async () => {
    h.sim.reset();
    h.sim.faults.status({ path: /^\/users$/, status: 400, code: 'Request_UnsupportedQuery', message: 'Unsupported Query.', times: 1 });
    // Later than any date the fixture gave bob: his last sign-in becomes this one.
    const at = Date.now() - 60_000;
    tenant.recordSignIn(u.bob, { at, interactive: true });
    const run = await h.sync({ syncGroups: false, syncRoles: false, syncPolicies: false, syncSignIns: false, syncApps: false });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.counts.find((c) => c.dataSet === 'users')?.mode).toBe('INCREMENTAL');
    expect(run.warnings).toEqual([expect.objectContaining({ dataSet: 'users', code: 'Request_UnsupportedQuery' })]);
    expect((await account(u.bob))?.lastSignInAt).toBe(new Date(Math.floor(at / 1000) * 1000).toISOString());
    // The refused filtered read, then one read of every user's signInActivity.
    expect(h.sim.requests(/^\/users$/)).toHaveLength(2);
  });

  it('keeps the stored dates when signInActivity is refused, then reads everyone once it is allowed again', async () => {
    const before = (await account(u.alice))?.lastSignInAt;
    h.sim.reset();
    h.sim.faults.status({ path: /^\/users$/, status: 403, code: 'Authentication_MSGraphPermissionMissing', message: 'Calling principal does not have required MSGraph permissions AuditLog.Read.All', times: 2 });
    tenant.recordSignIn(u.alice, { at: Date.now(), interactive: true });
    const refused = await h.sync({ syncGroups: false, syncRoles: false, syncPolicies: false, syncSignIns: false, syncApps: false });
    expect(refused.status).toBe('SUCCEEDED');
    expect(refused.warnings).toEqual([expect.objectContaining({ dataSet: 'users', code: 'Authentication_MSGraphPermissionMissing' })]);
    expect((await account(u.alice))?.lastSignInAt).toBe(before);

    h.sim.reset();
    const allowed = await h.sync({ syncGroups: false, syncRoles: false, syncPolicies: false, syncSignIns: false, syncApps: false });
    expect(allowed.warnings).toEqual([]);
    expect((await account(u.alice))?.lastSignInAt).not.toBe(before);
    // No baseline after the refusal: every user's signInActivity, unfiltered.
    expect(h.sim.requests(/^\/users$/)).toHaveLength(1);
  });

  it('adds a membership Graph reported before its user reached the twin (a failed users read)', async () => {
    const template = exampleTenant().users.find((x) => x.id === u.alice);
    if (!template) throw new Error('alice');
    const id = 'c0a1e5f0-1b2d-4e3f-8a9b-0000000000aa';
    tenant.createUser({ ...template, id, userPrincipalName: 'late.joiner@acme-corp.com', displayName: 'Late Joiner', signInActivity: null, onPremisesImmutableId: null });
    tenant.addMember(g.platformTeam, { type: 'user', id });
    h.sim.reset();
    h.sim.faults.status({ path: '/users/delta', status: 500, times: 1 });
    const partial = await h.sync({ syncRoles: false, syncPolicies: false, syncSignIns: false, syncApps: false });
    expect(partial.status).toBe('PARTIAL');
    expect(partial.errors).toEqual([expect.objectContaining({ dataSet: 'users' })]);
    // groups read the membership, but the user was not in the twin: no edge yet, and the count is right.
    expect(await memberOf(g.platformTeam)).not.toContain(key(id));
    const count = await memberCount(g.platformTeam);

    h.sim.reset();
    const next = await h.sync({ syncRoles: false, syncPolicies: false, syncSignIns: false, syncApps: false });
    expect(next.status).toBe('SUCCEEDED');
    expect(modes(next)).toMatchObject({ users: 'INCREMENTAL', groups: 'INCREMENTAL' });
    expect(await memberOf(g.platformTeam)).toContain(key(id));
    expect(await memberCount(g.platformTeam)).toBe(count);
    expect(h.sim.requests(`/users/${id}/memberOf`)).toHaveLength(1);
  });

  it('ends equal to a full sync', async () => {
    tenant.addMember(g.guests, { type: 'user', id: u.ivy });
    tenant.updateUser(u.erin, { displayName: 'Erin (Fabrikam)', mail: null });
    const incremental = await h.sync();
    expect(incremental.status).toBe('SUCCEEDED');
    expect(incremental.mode).toBe('INCREMENTAL');
    const afterIncremental = await snapshot();
    expect((await h.sync({}, { full: true })).status).toBe('SUCCEEDED');
    expect(await snapshot()).toEqual(afterIncremental);
  });
});

function fixtureUser(id: string): EntraTenantFixture['users'][number] | undefined {
  return h.sim.tenant(T)?.users.find((x) => x.id === id);
}

function latest(...dates: Array<string | null | undefined>): string | undefined {
  const ms = dates.map((d) => (d ? Date.parse(d) : Number.NaN)).filter((n) => !Number.isNaN(n) && n > 0);
  return ms.length === 0 ? undefined : new Date(Math.max(...ms)).toISOString();
}
