/**
 * The Okta simulator as a change feed: changes move the timestamps Okta moves and write the System Log
 * events Okta writes, the `lastUpdated` / `lastMembershipUpdated` filters and the log's `since` and
 * `filter` find them, the `Date` header is the simulator's clock, and the scripted day is a realistic mix.
 */
import { Agent, fetch } from 'undici';
import type { Response } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_GROUP_IDS, EXAMPLE_ORG_API_TOKEN, EXAMPLE_USER_IDS, exampleOrg } from '../../dev/simulators/okta/example-org.js';
import type { LogEvent, OktaGroup, OktaUser, UserFactor } from '../../dev/simulators/okta/fixture.js';
import type { OktaSimulator } from '../../dev/simulators/okta/server.js';
import { startOktaSimulator } from '../../dev/simulators/okta/server.js';
import { generateScenario } from '../../dev/simulators/synthetic/index.js';
import { scriptedOktaDay } from '../../dev/simulators/synthetic/okta/day.js';

const SSWS = { authorization: `SSWS ${EXAMPLE_ORG_API_TOKEN}`, accept: 'application/json' };
const HOUR = 3600_000;
const U = EXAMPLE_USER_IDS;
const G = EXAMPLE_GROUP_IDS;

let sim: OktaSimulator;
let agent: Agent;
let offset = 0;

beforeAll(async () => {
  sim = await startOktaSimulator({ org: exampleOrg(), clock: () => Date.now() + offset });
  agent = new Agent({ connect: { ca: sim.caCertPem } });
});

afterAll(async () => {
  await agent.close();
  await sim.close();
});

function get(path: string): Promise<Response> {
  return fetch(path.startsWith('https://') ? path : `${sim.orgUrl}${path}`, { dispatcher: agent, headers: SSWS });
}

async function json<T>(path: string): Promise<T> {
  const response = await get(path);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

const q = (value: string): string => encodeURIComponent(value);

describe('Okta simulator: changes as Okta makes them', () => {
  it('answers with its own clock in the Date header', async () => {
    offset = 2 * 24 * HOUR;
    const response = await get('/api/v1/users?limit=1');
    const date = Date.parse(response.headers.get('date') ?? '');
    expect(Math.abs(date - (Date.now() + offset))).toBeLessThan(5000);
    offset = 0;
  });

  it('moves lastUpdated for profile and status changes, not for factors or sign-ins, and finds them by filter', async () => {
    const before = Date.now() - 1000;
    const since = new Date(before).toISOString();
    sim.changes.updateProfile(U.maria, { title: 'CFO' });
    sim.changes.deactivate(U.james);
    sim.changes.resetFactors(U.priya);
    sim.changes.signIn(U.aisha);
    const hire = sim.changes.createUser({ profile: { login: 'new.hire@acme-corp.com', email: 'new.hire@acme-corp.com', firstName: 'New', lastName: 'Hire' } });
    sim.changes.enrollFactor(hire.id, { factorType: 'push', provider: 'OKTA' });

    const changed = await json<OktaUser[]>(`/api/v1/users?filter=${q(`lastUpdated gt "${since}"`)}`);
    // A DEPROVISIONED user is in the filtered list (the plain list hides it).
    expect(changed.map((u) => u.id).sort()).toEqual([U.maria, U.james, hire.id].sort());
    expect(changed.find((u) => u.id === U.james)).toMatchObject({ status: 'DEPROVISIONED' });
    expect(await json<UserFactor[]>(`/api/v1/users/${U.james}/factors`)).toEqual([]);
    expect(await json<UserFactor[]>(`/api/v1/users/${U.priya}/factors`)).toEqual([]);
    expect(await json<UserFactor[]>(`/api/v1/users/${hire.id}/factors`)).toHaveLength(1);
    const aisha = await json<OktaUser>(`/api/v1/users/${U.aisha}`);
    expect(Date.parse(aisha.lastLogin ?? '')).toBeGreaterThanOrEqual(before);
    expect(Date.parse(aisha.lastUpdated)).toBeLessThan(before);
    // Everyone gained the hire.
    const everyone = await json<Array<{ id: string }>>(`/api/v1/groups/${G.everyone}/users?limit=1000`);
    expect(everyone.map((u) => u.id)).toContain(hire.id);

    const events = await json<LogEvent[]>(`/api/v1/logs?since=${since}&until=${new Date(Date.now() + 1000).toISOString()}&limit=1000`);
    const byType = (type: string): string[] => events.filter((e) => e.eventType === type).flatMap((e) => (e.target ?? []).filter((t) => t.type === 'User').map((t) => t.id));
    expect(byType('user.account.update_profile')).toEqual([U.maria]);
    expect(byType('user.lifecycle.deactivate')).toEqual([U.james]);
    expect(byType('user.mfa.factor.reset_all')).toEqual([U.priya]);
    expect(byType('user.lifecycle.create')).toEqual([hire.id]);
    expect(byType('user.mfa.factor.activate')).toEqual([hire.id]);
    expect(events.filter((e) => e.eventType === 'user.session.start').map((e) => e.actor.id)).toEqual([U.aisha]);

    const factorEvents = await json<LogEvent[]>(`/api/v1/logs?since=${since}&filter=${q('eventType sw "user.mfa.factor"')}&limit=1000`);
    expect(factorEvents.map((e) => e.eventType).sort()).toEqual(['user.mfa.factor.activate', 'user.mfa.factor.reset_all']);
  });

  it('moves lastMembershipUpdated on membership changes and deletions, and logs group lifecycle', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const group = sim.changes.createGroup({ name: 'Project Falcon' });
    sim.changes.addMember(group.id, U.noah);
    sim.changes.deleteUser(U.liam);
    const stale = await json<OktaGroup[]>('/api/v1/groups?limit=200');
    const untouched = stale.find((g) => Date.parse(g.lastUpdated) < Date.parse(since) && Date.parse(g.lastMembershipUpdated) < Date.parse(since) && g.type === 'OKTA_GROUP');
    expect(untouched).toBeDefined();

    const filter = q(`lastUpdated gt "${since}" or lastMembershipUpdated gt "${since}"`);
    const changed = await json<OktaGroup[]>(`/api/v1/groups?filter=${filter}&expand=stats`);
    expect(changed.map((g) => g.id)).toContain(group.id);
    // The deleted user's groups changed membership (Everyone at least).
    expect(changed.map((g) => g.id)).toContain(G.everyone);
    expect(changed.map((g) => g.id)).not.toContain(untouched?.id);
    expect((await get(`/api/v1/users/${U.liam}`)).status).toBe(404);

    const toDelete = stale.find((g) => g.type === 'OKTA_GROUP' && g.id !== group.id);
    sim.changes.deleteGroup(toDelete?.id ?? '');
    expect((await get(`/api/v1/groups/${toDelete?.id ?? ''}`)).status).toBe(404);
    const lifecycle = await json<LogEvent[]>(`/api/v1/logs?since=${since}&filter=${q('eventType sw "group.lifecycle" or eventType sw "user.lifecycle.delete" or eventType eq "group.user_membership.add"')}&limit=1000`);
    expect(lifecycle.map((e) => [e.eventType, (e.target ?? []).map((t) => t.type).join(',')])).toEqual([
      ['group.lifecycle.create', 'UserGroup'],
      ['group.user_membership.add', 'User,UserGroup'],
      ['user.lifecycle.delete.initiated', 'User'],
      ['user.lifecycle.delete.completed', 'User'],
      ['group.lifecycle.delete', 'UserGroup'],
    ]);
  });

  it('refuses a change in its future, and serves no event older than the 90 days Okta keeps', async () => {
    expect(() => sim.changes.signIn(U.maria, { at: Date.now() + HOUR })).toThrow(/future/);
    offset = 100 * 24 * HOUR;
    const since = new Date(Date.now() + offset - 120 * 24 * HOUR).toISOString();
    expect(await json<LogEvent[]>(`/api/v1/logs?since=${since}&until=${new Date(Date.now() + offset).toISOString()}&limit=1000`)).toEqual([]);
    offset = 0;
  });
});

describe('the scripted day', () => {
  it('touches about 1.5% of a synthetic org with a realistic mix, in time order, every change logged', async () => {
    const now = Date.now();
    const scenario = generateScenario({ seed: 11, people: 2000, now: new Date(now - 24 * HOUR), entraCredentials: { clientId: 'c', clientSecret: 's' }, oktaCredentials: { apiToken: EXAMPLE_ORG_API_TOKEN } });
    const day = await startOktaSimulator({ org: scenario.okta });
    try {
      const users = scenario.okta.users.length;
      const logsBefore = scenario.okta.logs.length;
      const from = now - 24 * HOUR + 60_000;
      const summary = scriptedOktaDay(day.changes, scenario.okta, { seed: 5, from, to: now - 60_000, signInRate: 0.2 });
      const changedUsers = summary.hires.length + summary.profileEdits.length + summary.suspensions.length + summary.deactivations.length + summary.deletions.length + summary.factorEnrolments.length + summary.factorResets.length + summary.factorRemovals.length;
      expect(changedUsers / users).toBeGreaterThan(0.01);
      expect(changedUsers / users).toBeLessThan(0.03);
      for (const kind of [summary.hires, summary.profileEdits, summary.deactivations, summary.deletions, summary.factorEnrolments, summary.factorResets, summary.membershipAdds, summary.membershipRemovals, summary.groupsCreated, summary.groupsDeleted]) {
        expect(kind.length).toBeGreaterThan(0);
      }
      expect(summary.signIns).toBeGreaterThan(users * 0.1);
      const added = scenario.okta.logs.slice(logsBefore);
      expect(added.length).toBeGreaterThanOrEqual(summary.total);
      const times = added.map((e) => Date.parse(e.published));
      expect(times.every((t) => t >= from && t <= now)).toBe(true);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(scenario.okta.users.map((u) => u.id)).not.toContain(summary.deletions[0]);
    } finally {
      await day.close();
    }
  });
});
