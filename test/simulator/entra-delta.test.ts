/**
 * The Entra simulator's delta queries (`/users/delta`, `/groups/delta`), its change tracking and mutation
 * API, and the signInActivity filters the incremental sync relies on, over real HTTPS with a real token.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MsalNetworkModule } from '../../src/ingest/entra/msal-network.js';
import { HttpClient } from '../../src/ingest/http.js';
import { exampleIds, exampleTenant } from '../../dev/simulators/entra/example-tenant.js';
import { startEntraSimulator, type EntraSimulator } from '../../dev/simulators/entra/server.js';
import { DEFAULT_DELTA_SETTINGS } from '../../dev/simulators/entra/graph-delta.js';
import { TenantMutations } from '../../dev/simulators/entra/mutations.js';
import { TenantStore } from '../../dev/simulators/entra/tenant-store.js';
import { generateScenario } from '../../dev/simulators/synthetic/index.js';
import { scriptedEntraDay } from '../../dev/simulators/synthetic/entra/day.js';

const { tenantId, clients, users, groups, servicePrincipals } = exampleIds;

let sim: EntraSimulator;
let agent: Agent;
let http: HttpClient;
let token: string;
let tenant: TenantMutations;

interface Reply {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
  text: string;
}

async function graph(pathOrUrl: string, headers: Record<string, string> = {}): Promise<Reply> {
  const url = pathOrUrl.startsWith('https://') ? pathOrUrl : `${sim.graphEndpoint}/v1.0${pathOrUrl}`;
  const res = await fetch(url, { dispatcher: agent, headers: { Authorization: `Bearer ${token}`, ...headers } });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // $count
  }
  return { status: res.status, headers: res.headers as unknown as Headers, json, text };
}

type Entry = Record<string, unknown> & { id: string };

/** Follows nextLinks to the deltaLink: every entry, the number of pages, and the deltaLink. */
async function round(first: string): Promise<{ entries: Entry[]; pages: number; deltaLink: string }> {
  const entries: Entry[] = [];
  let url = first;
  for (let pages = 1; ; pages++) {
    const reply = await graph(url);
    expect(reply.status, reply.text).toBe(200);
    entries.push(...(reply.json.value as Entry[]));
    const next = reply.json['@odata.nextLink'];
    const delta = reply.json['@odata.deltaLink'];
    if (typeof next === 'string') {
      expect(delta).toBeUndefined();
      // Query parameters live in the token only.
      expect(new URL(next).searchParams.size).toBe(1);
      url = next;
      continue;
    }
    expect(typeof delta).toBe('string');
    return { entries, pages, deltaLink: delta as string };
  }
}

const USER_SELECT = 'id,userPrincipalName,displayName,mail,accountEnabled,userType,jobTitle';
const GROUP_SELECT = 'id,displayName,groupTypes,members';

beforeAll(async () => {
  sim = await startEntraSimulator({ tenants: [exampleTenant()] });
  agent = new Agent({ connect: { ca: sim.caCertPem } });
  http = new HttpClient({ extraCaPem: sim.caCertPem, userAgent: 'entra-delta-test', retry: { maxRetries: 0 } });
  const msal = new ConfidentialClientApplication({
    auth: { clientId: clients.connector.clientId, clientSecret: clients.connector.secret, authority: sim.authority(tenantId), knownAuthorities: [sim.knownAuthority] },
    system: { networkClient: new MsalNetworkModule(http) },
  });
  const result = await msal.acquireTokenByClientCredential({ scopes: [`${sim.graphEndpoint}/.default`] });
  if (!result) throw new Error('no token');
  token = result.accessToken;
});

afterAll(async () => {
  await http.close();
  await agent.close();
  await sim.close();
});

beforeEach(() => {
  sim.setTenant(exampleTenant());
  sim.reset();
  Object.assign(sim.settings, DEFAULT_DELTA_SETTINGS);
  tenant = sim.mutate(tenantId);
});

describe('/users/delta', () => {
  it('pages every user with the selected properties, without signInActivity, to a deltaLink', async () => {
    sim.settings.deltaPageSize = 5;
    const { entries, pages, deltaLink } = await round(`/users/delta?$select=${USER_SELECT}`);
    expect(entries).toHaveLength(12);
    expect(pages).toBe(3);
    const alice = entries.find((e) => e.id === users.alice);
    expect(alice).toMatchObject({ userPrincipalName: 'alice.admin@acme-corp.com', accountEnabled: true, userType: 'Member' });
    expect(alice).not.toHaveProperty('signInActivity');
    expect(new URL(deltaLink).pathname).toBe('/v1.0/users/delta');
    expect(new URL(deltaLink).searchParams.get('$deltatoken')).toBeTruthy();
    // Nothing changed since: an empty round.
    expect((await round(deltaLink)).entries).toEqual([]);
  });

  it('leaves out a property never set, and sends one a change set to null', async () => {
    const { deltaLink } = await round(`/users/delta?$deltatoken=latest&$select=${USER_SELECT}`);
    tenant.updateUser(users.dan, { mail: null, displayName: 'Dan D.' });
    const changed = (await round(deltaLink)).entries;
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ id: users.dan, displayName: 'Dan D.', mail: null });
    // jobTitle was never set on Dan: absent, not null.
    expect(changed[0]).not.toHaveProperty('jobTitle');
  });

  it('answers $deltatoken=latest with no users and a deltaLink for now', async () => {
    const reply = await graph(`/users/delta?$deltatoken=latest&$select=${USER_SELECT}`);
    expect(reply.status).toBe(200);
    expect(reply.json.value).toEqual([]);
    expect(typeof reply.json['@odata.deltaLink']).toBe('string');
  });

  it('reports created, changed, disabled and deleted users once each, with their current state', async () => {
    const { deltaLink } = await round(`/users/delta?$deltatoken=latest&$select=${USER_SELECT}`);
    tenant.updateUser(users.bob, { displayName: 'Bob Renamed' });
    tenant.updateUser(users.bob, { displayName: 'Bob Renamed Twice' });
    tenant.disableUser(users.carol);
    tenant.updateUser(users.dan, { userType: 'Guest' });
    tenant.deleteUser(users.ivy);
    tenant.deleteUser(users.jack, { permanent: true });
    const template = exampleTenant().users[0];
    if (!template) throw new Error('a user');
    const newcomer = { ...template, id: 'c0a1e5f0-1b2d-4e3f-8a9b-0000000000ff', userPrincipalName: 'new.hire@acme-corp.com', displayName: 'New Hire', signInActivity: null };
    tenant.createUser(newcomer);
    // Neither is tracked with this $select: a property not selected, and sign-in activity.
    tenant.updateUser(users.kim, { department: 'Finance' });
    tenant.recordSignIn(users.henry, { at: Date.now(), interactive: true });

    const { entries, deltaLink: next } = await round(deltaLink);
    const byId = new Map(entries.map((e) => [e.id, e]));
    expect(entries).toHaveLength(6);
    expect(byId.get(users.bob)).toMatchObject({ displayName: 'Bob Renamed Twice', userPrincipalName: expect.any(String) });
    expect(byId.get(users.carol)).toMatchObject({ accountEnabled: false });
    expect(byId.get(users.dan)).toMatchObject({ userType: 'Guest' });
    expect(byId.get(users.ivy)).toEqual({ id: users.ivy, '@removed': { reason: 'changed' } });
    expect(byId.get(users.jack)).toEqual({ id: users.jack, '@removed': { reason: 'deleted' } });
    expect(byId.get(newcomer.id)).toMatchObject({ displayName: 'New Hire' });
    expect((await round(next)).entries).toEqual([]);
  });

  it('refuses signInActivity, filters, and a deltaLink with parameters added', async () => {
    expect((await graph('/users/delta?$select=id,signInActivity')).status).toBe(400);
    expect((await graph("/users/delta?$filter=userType eq 'Guest'")).status).toBe(400);
    const { deltaLink } = await round('/users/delta?$deltatoken=latest&$select=id');
    const tampered = await graph(`${deltaLink}&$select=id,mail`);
    expect(tampered.status).toBe(400);
  });

  it('answers the SDK spelling microsoft.graph.delta()', async () => {
    const reply = await graph('/users/microsoft.graph.delta()?$deltatoken=latest');
    expect(reply.status).toBe(200);
  });

  it('expires deltaLinks after the token lifetime, and on the fault, with syncStateNotFound', async () => {
    const { deltaLink } = await round('/users/delta?$deltatoken=latest&$select=id');
    sim.faults.expireDeltaToken({ path: '/users/delta', times: 1 });
    const faulted = await graph(deltaLink);
    expect(faulted.status).toBe(400);
    expect((faulted.json.error as { code: string }).code).toBe('syncStateNotFound');
    expect((await graph(deltaLink)).status).toBe(200);
    sim.settings.deltaTokenTtlMs = 0;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const expired = await graph(deltaLink);
    expect(expired.status).toBe(400);
    expect((expired.json.error as { code: string; message: string }).message).toContain('delta token is expired');
  });

  it('answers a reset with 410 resyncRequired and a Location that starts over', async () => {
    const { deltaLink } = await round(`/users/delta?$deltatoken=latest&$select=${USER_SELECT}`);
    sim.faults.resetDeltaSync({ path: '/users/delta' });
    const reply = await graph(deltaLink);
    expect(reply.status).toBe(410);
    expect((reply.json.error as { code: string }).code).toBe('resyncRequired');
    const location = reply.headers.get('location') ?? '';
    expect(new URL(location).searchParams.get('$select')).toBe(USER_SELECT);
    expect(new URL(location).searchParams.get('$deltatoken')).toBeNull();
  });

  it('reports what updateTenant changed', async () => {
    const { deltaLink } = await round(`/users/delta?$deltatoken=latest&$select=${USER_SELECT}`);
    sim.updateTenant(tenantId, (f) => {
      const bob = f.users.find((u) => u.id === users.bob);
      if (bob) bob.accountEnabled = false;
      f.users = f.users.filter((u) => u.id !== users.kim);
    });
    const entries = (await round(deltaLink)).entries;
    expect(entries).toEqual([
      expect.objectContaining({ id: users.bob, accountEnabled: false }),
      { id: users.kim, '@removed': { reason: 'deleted' } },
    ]);
  });
});

describe('/groups/delta', () => {
  const member = (id: string, type = 'user'): Record<string, unknown> => ({ '@odata.type': `#microsoft.graph.${type}`, id });

  it('pages every group with all its members in members@delta', async () => {
    const { entries } = await round(`/groups/delta?$select=${GROUP_SELECT}`);
    expect(entries).toHaveLength(7);
    const platform = entries.find((e) => e.id === groups.platformTeam);
    const expected = (exampleTenant().groupMembers[groups.platformTeam] ?? []).map((m) => member(m.id, m.type));
    expect(platform?.['members@delta']).toEqual(expected);
    expect(platform).toMatchObject({ displayName: expect.any(String), groupTypes: expect.any(Array) });
  });

  it('splits a large membership over entries and pages; the continuation names only the group', async () => {
    sim.settings.deltaMembersPerPage = 2;
    const { entries, pages } = await round(`/groups/delta?$select=${GROUP_SELECT}`);
    expect(pages).toBeGreaterThan(3);
    const parts = entries.filter((e) => e.id === groups.allStaff);
    expect(parts.length).toBeGreaterThan(1);
    expect(Object.keys(parts[1] ?? {}).sort()).toEqual(['id', 'members@delta']);
    const all = parts.flatMap((p) => p['members@delta'] as unknown[]);
    expect(all).toHaveLength((exampleTenant().groupMembers[groups.allStaff] ?? []).length);
  });

  it('reports membership changes net per member, nested groups and service principals included', async () => {
    const { deltaLink } = await round(`/groups/delta?$deltatoken=latest&$select=${GROUP_SELECT}`);
    tenant.addMember(groups.guests, { type: 'user', id: users.bob });
    tenant.removeMember(groups.guests, users.bob);
    tenant.addMember(groups.platformTeam, { type: 'user', id: users.carol });
    tenant.addMember(groups.acmeSocial, { type: 'group', id: groups.platformTeam });
    tenant.addMember(groups.automation, { type: 'servicePrincipal', id: servicePrincipals.expensePortal });
    const engineeringMembers = exampleTenant().groupMembers[groups.engineering] ?? [];
    const removed = engineeringMembers[0];
    if (!removed) throw new Error('engineering has members');
    tenant.removeMember(groups.engineering, removed.id);

    const byId = new Map((await round(deltaLink)).entries.map((e) => [e.id, e]));
    expect(byId.get(groups.guests)?.['members@delta']).toEqual([{ ...member(users.bob), '@removed': { reason: 'deleted' } }]);
    expect(byId.get(groups.platformTeam)?.['members@delta']).toEqual([member(users.carol)]);
    expect(byId.get(groups.acmeSocial)?.['members@delta']).toEqual([member(groups.platformTeam, 'group')]);
    expect(byId.get(groups.automation)?.['members@delta']).toEqual([member(servicePrincipals.expensePortal, 'servicePrincipal')]);
    expect(byId.get(groups.engineering)?.['members@delta']).toEqual([{ ...member(removed.id, removed.type), '@removed': { reason: 'deleted' } }]);
  });

  it('reports a deleted group as removed, and a deleted user as removed from its groups', async () => {
    const { deltaLink } = await round(`/groups/delta?$deltatoken=latest&$select=${GROUP_SELECT}`);
    tenant.deleteGroup(groups.guests);
    tenant.deleteUser(users.alice);
    const entries = (await round(deltaLink)).entries;
    expect(entries.find((e) => e.id === groups.guests)).toEqual({ id: groups.guests, '@removed': { reason: 'deleted' } });
    const aliceGroups = Object.entries(exampleTenant().groupMembers).filter(([, ms]) => ms.some((m) => m.id === users.alice)).map(([g]) => g);
    expect(aliceGroups.length).toBeGreaterThan(0);
    for (const g of aliceGroups) {
      expect(entries.find((e) => e.id === g)?.['members@delta']).toEqual([{ ...member(users.alice), '@removed': { reason: 'deleted' } }]);
    }
  });

  it('lists a user\'s direct groups at /users/{id}/memberOf/microsoft.graph.group', async () => {
    const reply = await graph(`/users/${users.kim}/memberOf/microsoft.graph.group?$select=id`);
    expect(reply.status).toBe(200);
    const expected = Object.entries(exampleTenant().groupMembers).filter(([, ms]) => ms.some((m) => m.id === users.kim)).map(([id]) => id);
    expect((reply.json.value as Entry[]).map((e) => e.id).sort()).toEqual(expected.sort());
    tenant.removeMember(groups.platformTeam, users.kim);
    const after = await graph(`/users/${users.kim}/memberOf/microsoft.graph.group?$select=id`);
    expect((after.json.value as Entry[]).map((e) => e.id)).not.toContain(groups.platformTeam);
  });

  it('reports a created group with its properties and members', async () => {
    const { deltaLink } = await round(`/groups/delta?$deltatoken=latest&$select=${GROUP_SELECT}`);
    const base = exampleTenant().groups[0];
    if (!base) throw new Error('a group');
    const id = '9f0a6b1c-2d3e-4f5a-9b8c-0000000000ff';
    tenant.createGroup({ ...base, id, displayName: 'New Team', groupTypes: [] }, [{ type: 'user', id: users.erin }]);
    const entries = (await round(deltaLink)).entries;
    expect(entries).toEqual([expect.objectContaining({ id, displayName: 'New Team', 'members@delta': [member(users.erin)] })]);
    const count = await graph(`/groups/${id}/members/$count`, { ConsistencyLevel: 'eventual' });
    expect(count.text).toBe('1');
  });
});

describe('signInActivity filters and MFA changes', () => {
  it('finds users by lastSignInDateTime and lastNonInteractiveSignInDateTime after recorded sign-ins', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const filter = (prop: string): string => `/users?$filter=signInActivity/${prop} ge ${since}&$select=id,signInActivity`;
    expect((await graph(filter('lastSignInDateTime'))).json.value).toEqual([]);
    tenant.recordSignIn(users.frank, { at: Date.now(), interactive: true });
    tenant.recordSignIn(users.grace, { at: Date.now(), interactive: false });
    const interactive = (await graph(filter('lastSignInDateTime'))).json.value as Entry[];
    const nonInteractive = (await graph(filter('lastNonInteractiveSignInDateTime'))).json.value as Entry[];
    expect(interactive.map((u) => u.id)).toEqual([users.frank]);
    expect(nonInteractive.map((u) => u.id)).toEqual([users.grace]);
    // Graph takes one signInActivity date per $filter: the connector needs two reads.
    const both = await graph(`/users?$filter=signInActivity/lastSignInDateTime ge ${since} or signInActivity/lastNonInteractiveSignInDateTime ge ${since}&$select=id`);
    expect(both.status).toBe(400);
    expect((both.json.error as { message: string }).message).toContain('Only one signInActivity property');
  });

  it('changes a user row of the registration report; disabling removes it', async () => {
    tenant.setMfaRegistration(users.bob, { methodsRegistered: ['fido2'] });
    const row = await graph(`/reports/authenticationMethods/userRegistrationDetails/${users.bob}`);
    expect(row.json).toMatchObject({ isMfaRegistered: true, methodsRegistered: ['fido2'] });
    tenant.disableUser(users.bob);
    expect((await graph(`/reports/authenticationMethods/userRegistrationDetails/${users.bob}`)).status).toBe(404);
  });
});

describe('a scripted day on a synthetic tenant', () => {
  it('changes a realistic share of the tenant, and delta reports exactly the tracked part', async () => {
    const scenario = generateScenario({
      seed: 11,
      people: 300,
      entraCredentials: { clientId: clients.connector.clientId, clientSecret: clients.connector.secret },
      oktaCredentials: { apiToken: 'unused' },
    });
    const pristine = structuredClone(scenario.entra);
    // The test's token is for the example tenant's id: serve the synthetic tenant under it.
    const fixture = { ...scenario.entra, tenantId, verifiedDomains: exampleTenant().verifiedDomains, clients: exampleTenant().clients };
    sim.setTenant(fixture);
    const userLink = (await round(`/users/delta?$deltatoken=latest&$select=${USER_SELECT}`)).deltaLink;
    const groupLink = (await round(`/groups/delta?$deltatoken=latest&$select=${GROUP_SELECT}`)).deltaLink;
    const day = scriptedEntraDay(fixture, sim.mutate(tenantId), { seed: 3, intensity: 10 });

    expect(day.created.length + day.disabled.length + day.deleted.length + day.renamed.length).toBeGreaterThan(5);
    expect(day.guestChanged.length).toBeGreaterThanOrEqual(2);
    expect(day.signIns).toBeGreaterThan(0);
    const reported = new Set((await round(userLink)).entries.map((e) => e.id));
    const visible = [...day.created, ...day.renamed, ...day.disabled, ...day.enabled, ...day.deleted, ...day.guestChanged];
    for (const id of visible) expect(reported.has(id), id).toBe(true);
    // jobTitle is selected, officeLocation is not: the untracked edit still changes a selected property.
    expect(reported.size).toBe(new Set([...visible, ...day.untracked]).size);
    const groupEntries = (await round(groupLink)).entries;
    for (const id of [...day.groupsCreated, ...day.groupsDeleted]) expect(groupEntries.some((e) => e.id === id)).toBe(true);

    // Seeded: the same day on the same tenant is the same day.
    const store = new TenantStore(pristine);
    const again = scriptedEntraDay(pristine, new TenantMutations(() => store), { seed: 3, intensity: 10 });
    expect(again).toEqual(day);
  });
});
