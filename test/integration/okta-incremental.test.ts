/**
 * Okta incremental sync against the simulator over HTTPS and a real Neo4j: after a scripted day of changes,
 * the twin an incremental sync leaves equals the one a full sync gives at the same moment, for far fewer
 * requests; deletions, factor changes, memberships, hires and sign-ins all arrive; a cursor past the System
 * Log's retention and a refused System Log read whole; each data set says how it was read.
 *
 * Okta's clock starts two hours behind ours (a skewed host): cursors must be times on Okta's clock. The
 * day passes by moving that clock forward, so the credential is an API token (a service app's client
 * assertion carries our time, which Okta's moved clock would call expired).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OktaSyncOptions } from '../../src/ingest/connector.js';
import type { SyncRunRecord } from '../../src/ingest/types.js';
import type { RequestLogEntry } from '../../dev/simulators/okta/server.js';
import type { OktaOrgFixture } from '../../dev/simulators/okta/fixture.js';
import { generateScenario } from '../../dev/simulators/synthetic/index.js';
import { OKTA_READ_SCOPES } from '../../dev/simulators/synthetic/okta/org.js';
import { scriptedOktaDay, type ScriptedDaySummary } from '../../dev/simulators/synthetic/okta/day.js';
import { graphSnapshot } from '../support/graph-snapshot.js';
import { ALL, runSync, startHarness, type OktaHarness } from '../support/okta-harness.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const TOKEN = '00okta-incremental-read-all-token';
const NO_LOGS_TOKEN = '00okta-incremental-no-logs-token';

let h: OktaHarness;
/** The org the simulator serves (its changes API edits it in place). */
let org: OktaOrgFixture;
let offset = -2 * HOUR;
let host: string;
const okta = { orgUrl: '', apiToken: TOKEN };

const oktaNow = (): number => Date.now() + offset;
const userKey = (id: string): string => `okta:${host}:${id}`;
const groupKey = (id: string): string => `okta:${host}:${id}`;

function requests(): RequestLogEntry[] {
  return h.sim.requests('/api/v1/');
}

/** Requests of one sync, by what they read. */
function tally(entries: readonly RequestLogEntry[]): Record<string, number> {
  const out: Record<string, number> = { total: entries.length };
  for (const { path } of entries) {
    const kind = /\/users\/[^/]+\/factors$/.test(path) ? 'factors'
      : /\/groups\/[^/]+\/users$/.test(path) ? 'groupMembers'
        : path === '/api/v1/users' ? 'userListing'
          : path === '/api/v1/logs' ? 'logs'
            : path.split('/').slice(0, 4).join('/');
    out[kind] = (out[kind] ?? 0) + 1;
  }
  return out;
}

async function sync(options: OktaSyncOptions = ALL, request: { full?: boolean } = {}, apiToken = TOKEN): Promise<{ run: SyncRunRecord; calls: Record<string, number> }> {
  h.sim.reset();
  const run = await runSync(h, { orgUrl: okta.orgUrl, apiToken }, options, request);
  return { run, calls: tally(requests()) };
}

const modes = (run: SyncRunRecord): Record<string, string> => Object.fromEntries(run.counts.map((c) => [c.dataSet, c.mode]));

async function exists(key: string): Promise<boolean> {
  const rows = await h.graph.read<{ n: number }>('MATCH (n {key: $key}) WHERE n.integration = $integration RETURN count(n) AS n', { key, integration: 'okta' });
  return (rows[0]?.n ?? 0) > 0;
}

beforeAll(async () => {
  const scenario = generateScenario({
    seed: 42,
    people: 400,
    now: new Date(oktaNow()),
    entraCredentials: { clientId: 'unused', clientSecret: 'unused' },
    oktaCredentials: { apiToken: TOKEN },
  });
  scenario.okta.apiTokens.push({ token: NO_LOGS_TOKEN, scopes: OKTA_READ_SCOPES.filter((s) => s !== 'okta.logs.read') });
  org = scenario.okta;
  h = await startHarness(org, oktaNow);
  okta.orgUrl = h.sim.orgUrl;
  host = new URL(h.sim.orgUrl).hostname;
});

afterAll(async () => {
  await h?.close();
});

describe('Okta incremental sync after a scripted day', () => {
  let day: ScriptedDaySummary;
  let fullCalls: Record<string, number>;
  let incremental: { run: SyncRunRecord; calls: Record<string, number> };

  it('a first sync reads every data set whole and starts the change feed', async () => {
    const { run, calls } = await sync();
    expect(run.errors).toEqual([]);
    expect(run.mode).toBe('FULL');
    expect(Object.values(modes(run)).every((m) => m === 'FULL')).toBe(true);
    fullCalls = calls;
  });

  it('after a day of changes, an incremental sync leaves the twin a full sync gives, for far fewer requests', async () => {
    const from = oktaNow() + 1000;
    offset += DAY;
    day = scriptedOktaDay(h.sim.changes, org, { seed: 7, from, to: oktaNow() - 60_000 });
    expect(day.total).toBeGreaterThan(50);

    incremental = await sync();
    expect(incremental.run.errors).toEqual([]);
    expect(incremental.run.warnings).toEqual([]);
    expect(incremental.run.mode).toBe('INCREMENTAL');
    expect(modes(incremental.run)).toEqual({ users: 'INCREMENTAL', groups: 'INCREMENTAL', roles: 'FULL', apps: 'FULL', logs: 'FULL', policies: 'FULL' });
    const afterIncremental = await graphSnapshot(h.graph, 'okta');

    const full = await sync(ALL, { full: true });
    expect(full.run.errors).toEqual([]);
    expect(full.run.mode).toBe('FULL');
    const afterFull = await graphSnapshot(h.graph, 'okta');
    expect(afterIncremental.nodes.length).toBeGreaterThan(1000);
    expect(afterIncremental).toEqual(afterFull);

    const inc = incremental.calls;
    // Factors are read only for the users the day changed (and hires), not for every user.
    expect(inc.factors ?? 0).toBeLessThan((fullCalls.factors ?? 0) / 10);
    expect(inc.groupMembers ?? 0).toBeLessThan((fullCalls.groupMembers ?? 0) / 2);
    expect(inc.total ?? 0).toBeLessThan((fullCalls.total ?? 0) / 3);
    console.info(`Okta requests, ${org.users.length} users: full ${JSON.stringify(full.calls)}; incremental ${JSON.stringify(inc)}`);
  });

  it('the changes arrived: deletions, hires, factor enrolment and reset, memberships, sign-ins', async () => {
    const deleted = day.deletions[0] ?? '';
    expect(await exists(userKey(deleted))).toBe(false);
    expect(await exists(groupKey(day.groupsDeleted[0] ?? ''))).toBe(false);
    expect(await exists(groupKey(day.groupsCreated[0] ?? ''))).toBe(true);

    const hire = day.hires[0] ?? '';
    const [hired] = await h.graph.read<{ status: string; factors: number; groups: number; lastSignInAt: string | null }>(
      `MATCH (u:OktaUser {key: $key}) RETURN u.status AS status, COUNT { (u)-[:HAS_FACTOR]->() } AS factors,
         COUNT { (u)-[:MEMBER_OF]->() } AS groups, u.lastSignInAt AS lastSignInAt`,
      { key: userKey(hire) },
    );
    // The hire has its first factor, its team's group and Everyone, and has signed in.
    expect(hired).toMatchObject({ status: 'ACTIVE', factors: 1, groups: 2 });
    expect(hired?.lastSignInAt).not.toBeNull();

    const reset = await h.graph.read<{ factors: number; mfaRegistered: boolean }>(
      `MATCH (u:OktaUser) WHERE u.key IN $keys RETURN COUNT { (u)-[:HAS_FACTOR]->() } AS factors, u.mfaRegistered AS mfaRegistered`,
      { keys: day.factorResets.map(userKey) },
    );
    expect(reset.length).toBe(day.factorResets.length);
    expect(reset.every((u) => u.factors === 0 && !u.mfaRegistered)).toBe(true);
    const orphans = await h.graph.read<{ n: number }>('MATCH (f:Factor) WHERE f.integration = $i AND NOT (f)<-[:HAS_FACTOR]-() RETURN count(f) AS n', { i: 'okta' });
    expect(orphans[0]?.n).toBe(0);

    const added = day.membershipAdds[0];
    const removed = day.membershipRemovals[0];
    const edge = async (m: { userId: string; groupId: string } | undefined): Promise<boolean> => {
      const rows = await h.graph.read<{ n: number }>('MATCH (:OktaUser {key: $u})-[r:MEMBER_OF]->(:Group {key: $g}) RETURN count(r) AS n', { u: userKey(m?.userId ?? ''), g: groupKey(m?.groupId ?? '') });
      return (rows[0]?.n ?? 0) > 0;
    };
    expect(await edge(added)).toBe(true);
    expect(await edge(removed)).toBe(false);
    expect(day.signIns).toBeGreaterThan(0);
  });

  it('counts the changes it loaded, not the org', () => {
    const users = incremental.run.counts.find((c) => c.dataSet === 'users')?.count ?? 0;
    const changedUsers = day.hires.length + day.profileEdits.length + day.suspensions.length + day.deactivations.length + day.deletions.length + day.factorEnrolments.length + day.factorResets.length + day.factorRemovals.length;
    expect(users).toBeGreaterThanOrEqual(changedUsers);
    expect(users).toBeLessThan(org.users.length / 4);
  });
});

describe('a failed incremental read', () => {
  it('keeps its cursor (and holds back the groups cursor): the next run reads the same changes and the twin is whole', async () => {
    const cursorsBefore = await h.runs.cursors('okta');
    const team = org.groups.find((g) => g.type === 'OKTA_GROUP');
    const hire = h.sim.changes.createUser({ profile: { login: 'late.hire@contoso-synth.com', email: 'late.hire@contoso-synth.com', firstName: 'Late', lastName: 'Hire' } });
    h.sim.changes.addMember(team?.id ?? '', hire.id);
    h.sim.changes.enrollFactor(hire.id, { factorType: 'push', provider: 'OKTA' });
    // The changed-users listing answers 500 (not retried): users fail; groups still run.
    h.sim.reset();
    h.sim.faults.status({ path: /^\/api\/v1\/users$/, status: 500, afterRequests: 1, times: 1 });
    const failed = await runSync(h, okta);
    expect(failed.status).toBe('PARTIAL');
    expect(failed.errors.map((e) => [e.dataSet, e.code])).toEqual([['users', 'E0000009']]);
    expect(await exists(userKey(hire.id))).toBe(false);
    const cursorsAfter = await h.runs.cursors('okta');
    expect(cursorsAfter.get('users')).toBe(cursorsBefore.get('users'));
    // Groups read the membership while the hire was not in the twin: their cursor stays too.
    expect(cursorsAfter.get('groups')).toBe(cursorsBefore.get('groups'));

    const { run } = await sync();
    expect(run.errors).toEqual([]);
    expect(modes(run)).toMatchObject({ users: 'INCREMENTAL', groups: 'INCREMENTAL' });
    const [row] = await h.graph.read<{ groups: number; factors: number }>(
      'MATCH (u:OktaUser {key: $key}) RETURN COUNT { (u)-[:MEMBER_OF]->() } AS groups, COUNT { (u)-[:HAS_FACTOR]->() } AS factors',
      { key: userKey(hire.id) },
    );
    expect(row).toEqual({ groups: 2, factors: 1 });
    const afterIncremental = await graphSnapshot(h.graph, 'okta');
    await sync(ALL, { full: true });
    expect(afterIncremental).toEqual(await graphSnapshot(h.graph, 'okta'));
  });
});

describe('when the change feed cannot answer', () => {
  it('a cursor older than the 90 days of System Log reads users and groups whole, with a warning', async () => {
    offset += 91 * DAY;
    const { run } = await sync();
    expect(run.errors).toEqual([]);
    expect(run.warnings.filter((w) => w.code === 'SYNC_STATE_EXPIRED').map((w) => w.dataSet).sort()).toEqual(['groups', 'users']);
    expect(modes(run)).toMatchObject({ users: 'FULL', groups: 'FULL' });
    const afterFallback = await graphSnapshot(h.graph, 'okta');
    await sync(ALL, { full: true });
    expect(afterFallback).toEqual(await graphSnapshot(h.graph, 'okta'));
  });

  it('without System Log access, deletions cannot be seen: users and groups are read whole, with a warning', async () => {
    const leaver = org.users.find((u) => u.status === 'DEPROVISIONED');
    expect(leaver).toBeDefined();
    h.sim.changes.deleteUser(leaver?.id ?? '');
    const { run } = await sync(ALL, {}, NO_LOGS_TOKEN);
    const expired = run.warnings.filter((w) => w.code === 'SYNC_STATE_EXPIRED');
    expect(expired.map((w) => w.dataSet).sort()).toEqual(['groups', 'users']);
    expect(expired[0]?.message).toMatch(/System Log/);
    expect(modes(run)).toMatchObject({ users: 'FULL', groups: 'FULL' });
    // The logs data set itself is refused; the whole read removed the deleted user.
    expect(run.errors.map((e) => e.dataSet)).toEqual(['logs']);
    expect(await exists(userKey(leaver?.id ?? ''))).toBe(false);
  });
});

describe('when Okta refuses the change filters', () => {
  it('reads users and groups whole, with a warning, and the twin is what a full sync gives', async () => {
    await sync(ALL, { full: true });
    // sync() resets the simulator's faults, so this run starts by hand.
    h.sim.reset();
    // The run's first /users request only reads Okta's clock (its Date header): the filtered listing is the next.
    h.sim.faults.status({ path: /^\/api\/v1\/users$/, afterRequests: 1, status: 400, errorCode: 'E0000031', errorSummary: 'Invalid search criteria.', times: 1 });
    h.sim.faults.status({ path: /^\/api\/v1\/groups$/, status: 400, errorCode: 'E0000031', errorSummary: 'Invalid search criteria.', times: 1 });
    const run = await runSync(h, okta, ALL, {});
    expect(run.errors).toEqual([]);
    const expired = run.warnings.filter((w) => w.code === 'SYNC_STATE_EXPIRED');
    expect(expired.map((w) => w.dataSet).sort()).toEqual(['groups', 'users']);
    expect(expired[0]?.message).toMatch(/refused the .* filter/);
    expect(modes(run)).toMatchObject({ users: 'FULL', groups: 'FULL' });
    const afterFallback = await graphSnapshot(h.graph, 'okta');
    await sync(ALL, { full: true });
    expect(afterFallback).toEqual(await graphSnapshot(h.graph, 'okta'));
  });
});

describe('per data set', () => {
  it('groups start a change feed only in a run that read users; each data set says how it was read', async () => {
    await h.runs.dropCursor('okta', 'groups');
    const groupsOnly = await sync({ ...ALL, syncUsers: false, syncRoles: false, syncApps: false, syncLogs: false, syncPolicies: false }, { full: true });
    expect(modes(groupsOnly.run)).toEqual({ groups: 'FULL' });
    // Users kept their cursor; groups saved none (their members were read without this run's users).
    const next = await sync({ ...ALL, syncRoles: false, syncApps: false, syncLogs: false, syncPolicies: false });
    expect(next.run.mode).toBe('INCREMENTAL');
    expect(modes(next.run)).toEqual({ users: 'INCREMENTAL', groups: 'FULL' });
    const after = await sync({ ...ALL, syncRoles: false, syncApps: false, syncLogs: false, syncPolicies: false });
    expect(modes(after.run)).toEqual({ users: 'INCREMENTAL', groups: 'INCREMENTAL' });
  });
});
