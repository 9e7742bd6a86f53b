/**
 * The Okta connector against the simulator's example org and a real Neo4j: the graph it writes, with
 * both credential kinds (SSWS, and private_key_jwt with DPoP), idempotency and cleanup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_APP_IDS, EXAMPLE_GROUP_IDS, EXAMPLE_ORG_API_TOKEN, EXAMPLE_ORG_SCOPES, EXAMPLE_POLICY_IDS, EXAMPLE_USER_IDS, exampleOrg } from '../../dev/simulators/okta/example-org.js';
import { ALL, countOf, runSync, serviceApp, startHarness, type OktaHarness, type ServiceAppKey } from '../support/okta-harness.js';

const U = EXAMPLE_USER_IDS;
const G = EXAMPLE_GROUP_IDS;
const A = EXAMPLE_APP_IDS;
const CLIENT_ID = '0oaSyncServiceApp1d7';

let h: OktaHarness;
let app: ServiceAppKey;
let host: string;

const userKey = (id: string): string => `okta:${host}:${id}`;

async function rows<T extends Record<string, unknown>>(cypher: string, params: Record<string, unknown> = {}): Promise<T[]> {
  return h.graph.read<T>(cypher, params);
}

async function one<T>(cypher: string, params: Record<string, unknown> = {}): Promise<T> {
  const [row] = await rows<{ v: T }>(cypher, params);
  return row?.v as T;
}

/** The graph's Okta content, as sets that must not change between identical runs. */
async function snapshot(): Promise<Record<string, unknown>> {
  return {
    nodes: await rows(`MATCH (n) WHERE n.integration = 'okta' AND NOT n:SyncRun RETURN labels(n) AS labels, count(*) AS n ORDER BY n, labels`),
    rels: await rows(`MATCH ()-[r]->() WHERE r.integration = 'okta' RETURN type(r) AS type, r.dataSet AS dataSet, count(*) AS n ORDER BY type`),
  };
}

beforeAll(async () => {
  app = await serviceApp(CLIENT_ID, { requireDpop: true, grantedScopes: EXAMPLE_ORG_SCOPES });
  const org = exampleOrg();
  org.serviceApps.push(app.fixture);
  h = await startHarness(org);
  host = new URL(h.sim.orgUrl).hostname;
});

afterAll(async () => {
  await h?.close();
});

describe('Okta sync with an API token', () => {
  it('loads every data set and counts what it loaded', async () => {
    const run = await runSync(h, { orgUrl: h.sim.orgUrl, apiToken: EXAMPLE_ORG_API_TOKEN });
    expect(run.errors).toEqual([]);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.counts.map(({ dataSet, count }) => ({ dataSet, count }))).toEqual([
      { dataSet: 'users', count: 13 },
      { dataSet: 'groups', count: 5 },
      { dataSet: 'roles', count: 4 },
      { dataSet: 'apps', count: 9 },
      { dataSet: 'logs', count: 6 },
      { dataSet: 'policies', count: 4 },
    ]);
    expect(run.warnings).toEqual([]);
    // The deprovisioned user needed a listing of its own.
    expect(h.sim.requests('/api/v1/users').map((r) => new URLSearchParams(r.query).get('search'))).toContain('status eq "DEPROVISIONED"');
  });

  it('writes users, DEPROVISIONED ones included, with their factors and MFA summary', async () => {
    const users = await rows<{ id: string; status: string; active: boolean; mfaRegistered: boolean; mfaMethods: string[]; factors: number; source: string; lastSignInAt: string | null }>(
      `MATCH (u:Account:OktaUser) OPTIONAL MATCH (u)-[:HAS_FACTOR]->(f:Factor)
       RETURN u.externalId AS id, u.status AS status, u.active AS active, u.mfaRegistered AS mfaRegistered,
              u.mfaMethods AS mfaMethods, count(f) AS factors, u.source AS source, u.lastSignInAt AS lastSignInAt`,
    );
    expect(users).toHaveLength(13);
    const by = new Map(users.map((u) => [u.id, u]));
    expect(by.get(U.liam)).toMatchObject({ status: 'DEPROVISIONED', active: false, mfaRegistered: false, mfaMethods: [], factors: 1 });
    expect(by.get(U.maria)).toMatchObject({ status: 'ACTIVE', active: true, mfaRegistered: true, mfaMethods: ['AUTHENTICATOR_APP', 'FIDO2', 'EMAIL'], factors: 4, source: 'OKTA' });
    // A security question alone is not MFA; the inactive call factor does not count.
    expect(by.get(U.tom)).toMatchObject({ mfaRegistered: false, mfaMethods: ['OTHER'], factors: 2 });
    expect(by.get(U.james)?.mfaMethods).toEqual(['PHONE', 'SOFTWARE_OTP']);
    expect(by.get(U.emma)).toMatchObject({ status: 'LOCKED_OUT', active: true, mfaMethods: ['PHONE', 'HARDWARE_OTP'] });
    expect(by.get(U.noah)).toMatchObject({ status: 'PASSWORD_EXPIRED', active: true, mfaMethods: ['HARDWARE_OTP'] });
    expect(by.get(U.daniel)).toMatchObject({ status: 'RECOVERY', active: true, mfaMethods: ['PHONE', 'OTHER'], mfaRegistered: true });
    expect(by.get(U.olivia)).toMatchObject({ status: 'STAGED', active: false, mfaRegistered: false, mfaMethods: [] });
    expect(by.get(U.aisha)).toMatchObject({ lastSignInAt: null, factors: 0, mfaRegistered: false });
    const factor = await rows<{ f: Record<string, unknown> }>(`MATCH (:OktaUser {externalId: $id})-[r:HAS_FACTOR]->(f:Factor {factorType: 'webauthn'}) RETURN f {.provider, .status, .method, .integration, .runId, r: r.dataSet} AS f`, { id: U.maria });
    expect(factor[0]?.f).toMatchObject({ provider: 'FIDO', status: 'ACTIVE', method: 'FIDO2', integration: 'okta', r: 'users' });
    expect(await one<string>(`MATCH (u:OktaUser {externalId: $id}) RETURN u.key AS v`, { id: U.maria })).toBe(userKey(U.maria));
  });

  it('writes groups and direct memberships', async () => {
    const groups = await rows<{ name: string; type: string; members: number; memberCount: number }>(
      `MATCH (g:Group {integration: 'okta'}) OPTIONAL MATCH (m)-[:MEMBER_OF]->(g) RETURN g.displayName AS name, g.groupType AS type, count(m) AS members, g.memberCount AS memberCount ORDER BY name`,
    );
    expect(groups.map((g) => [g.name, g.type, g.members])).toEqual([
      ['Domain Users', 'APP_GROUP', 2],
      ['Engineering', 'OKTA_GROUP', 4],
      ['Everyone', 'BUILT_IN', 13],
      ['Finance', 'OKTA_GROUP', 3],
      ['Okta-Admins', 'OKTA_GROUP', 2],
    ]);
    for (const g of groups) expect(g.memberCount).toBe(g.members);
    expect(await one<number>(`MATCH ()-[r:MEMBER_OF {integration: 'okta'}]->() RETURN count(r) AS v`)).toBe(24);
  });

  it('puts roles where Okta assigned them, never copying group roles onto members', async () => {
    const held = await rows<{ holder: string; role: string; tier0: boolean; privileged: boolean; scope: string; assignment: string }>(
      `MATCH (p)-[h:HAS_ROLE {integration: 'okta'}]->(r:Role) RETURN coalesce(p.login, p.displayName) AS holder, r.roleKey AS role, r.tier0 AS tier0, r.privileged AS privileged, h.scope AS scope, h.assignment AS assignment ORDER BY holder`,
    );
    expect(held.map((x) => [x.holder, x.role, x.tier0, x.privileged])).toEqual([
      ['Okta-Admins', 'ORG_ADMIN', true, true],
      ['maria.lopez@acme-corp.com', 'SUPER_ADMIN', true, true],
      ['priya.patel@acme-corp.com', 'READ_ONLY_ADMIN', false, false],
      ['tom.becker@acme-corp.com', expect.stringMatching(/^cr0/), false, true],
    ]);
    expect(held.every((x) => x.scope === 'org' && x.assignment === 'active')).toBe(true);
    // James and Liam hold ORG_ADMIN only through Okta-Admins: resolved at query time.
    expect(await one<number>(`MATCH (u:OktaUser)-[:MEMBER_OF*0..]->()-[:HAS_ROLE]->(:Role {roleKey: 'ORG_ADMIN'}) RETURN count(DISTINCT u) AS v`)).toBe(2);
    expect(await one<string>(`MATCH (r:Role {roleKey: 'READ_ONLY_ADMIN'}) RETURN r.name AS v`)).toBe('Read-only Administrator');
  });

  it('writes apps with sign-on mode, assignments and the Office 365 federation keys', async () => {
    const apps = await rows<{ id: string; passwordSso: boolean; status: string; msftTenant: string | null; hosts: string[] }>(
      `MATCH (a:Application:OktaApp) RETURN a.externalId AS id, a.passwordSso AS passwordSso, a.status AS status, a.msftTenant AS msftTenant, a.signOnHosts AS hosts`,
    );
    expect(apps).toHaveLength(9);
    const by = new Map(apps.map((a) => [a.id, a]));
    expect(apps.filter((a) => a.passwordSso).map((a) => a.id).sort()).toEqual([A.buildServer, A.payroll, A.sharedDrive, A.vendorPortal].sort());
    expect(by.get(A.office365)).toMatchObject({ msftTenant: 'acmecorp', status: 'ACTIVE' });
    expect(by.get(A.oldCrm)?.status).toBe('INACTIVE');
    expect(by.get(A.salesforce)?.hosts).toEqual(['acme-corp.my.salesforce.com']);
    expect(by.get(A.portal)?.hosts).toEqual(['portal.acme-corp.com']);

    const o365 = await rows<{ id: string; upn: string; immutableId: string }>(
      `MATCH (u:OktaUser) WHERE u.o365ImmutableId IS NOT NULL RETURN u.externalId AS id, u.o365UserName AS upn, u.o365ImmutableId AS immutableId`,
    );
    const byUser = new Map(o365.map((o) => [o.id, o]));
    expect(o365).toHaveLength(5);
    expect(byUser.get(U.maria)?.immutableId).toBe('Zm9vYmFyLWd1aWQtMDAwMQ==');
    expect(byUser.get(U.priya)?.immutableId).toBe(U.priya);
    expect(byUser.get(U.tom)?.upn).toBe('Tom.Becker@acme-corp.com');

    const assigned = await rows<{ from: string; app: string; scope: string }>(
      `MATCH (p)-[r:ASSIGNED_TO {dataSet: 'apps'}]->(a:OktaApp) RETURN p.externalId AS from, a.externalId AS app, r.scope AS scope`,
    );
    expect(assigned).toHaveLength(5 + 3 + 1 + 1 + 2 + 1 + 1 + 1);
    expect(assigned).toContainEqual({ from: U.maria, app: A.salesforce, scope: 'GROUP' });
    expect(assigned).toContainEqual({ from: G.everyone, app: A.wiki, scope: 'GROUP' });
    expect(assigned).toContainEqual({ from: U.james, app: A.buildServer, scope: 'USER' });
  });

  it('writes risky System Log events from both risk encodings, linked to the actor', async () => {
    const events = await rows<{ kind: string; severity: string; actor: string | null; location: string | null; device: string | null; ip: string | null }>(
      `MATCH (e:SecurityEvent {integration: 'okta'}) OPTIONAL MATCH (e)-[:INVOLVES]->(u:OktaUser)
       RETURN e.kind AS kind, e.severity AS severity, u.externalId AS actor, e.location AS location, e.device AS device, e.ipAddress AS ip ORDER BY e.occurredAt`,
    );
    expect(events.map((e) => [e.kind, e.severity, e.actor])).toEqual([
      ['user.session.start', 'LOW', U.maria],
      ['user.session.start', 'HIGH', U.emma], // legacy debugData.risk string only
      ['user.session.start', 'MEDIUM', U.james],
      ['user.session.start', 'HIGH', U.daniel], // structured HIGH beats legacy LOW
      ['security.threat.detected', 'HIGH', null], // no level given
      ['user.session.start', 'LOW', U.noah],
    ]);
    expect(events[1]).toMatchObject({ location: 'Lagos, Nigeria', device: 'Windows 10, CHROME', ip: '203.0.113.54' });
    expect(events[4]?.location).toBeNull();
  });

  it('writes the MFA policies with their rules and whether they enforce MFA', async () => {
    const policies = await rows<{ id: string; type: string; enforcesMfa: boolean; rules: string }>(
      `MATCH (p:OktaPolicy) RETURN p.externalId AS id, p.type AS type, p.enforcesMfa AS enforcesMfa, p.rules AS rules`,
    );
    const by = new Map(policies.map((p) => [p.id, p]));
    expect(policies).toHaveLength(4);
    // Admins need MFA, everyone else does not: the policy as a whole does not enforce it.
    expect(by.get(EXAMPLE_POLICY_IDS.globalSession)).toMatchObject({ type: 'OKTA_SIGN_ON', enforcesMfa: false });
    expect(by.get(EXAMPLE_POLICY_IDS.office365Access)).toMatchObject({ type: 'ACCESS_POLICY', enforcesMfa: false });
    expect(by.get(EXAMPLE_POLICY_IDS.defaultAccess)).toMatchObject({ type: 'ACCESS_POLICY', enforcesMfa: true });
    expect(by.get(EXAMPLE_POLICY_IDS.mfaEnroll)).toMatchObject({ type: 'MFA_ENROLL', enforcesMfa: true });
    const rules = JSON.parse(by.get(EXAMPLE_POLICY_IDS.globalSession)?.rules ?? '[]') as Array<{ name: string; requiresMfa: boolean }>;
    expect(rules.map((r) => [r.name, r.requiresMfa])).toEqual([['Admins require MFA', true], ['Default Rule', false]]);
  });

  it('stamps every node and relationship with the run', async () => {
    const run = await h.runs.latest('okta');
    expect(await one<number>(`MATCH (n) WHERE n.integration = 'okta' AND (n.runId <> $id OR n.seenAt <> $at OR n.source <> 'OKTA') RETURN count(n) AS v`, { id: run?.id, at: run?.startedAt })).toBe(0);
    expect(await one<number>(`MATCH ()-[r]->() WHERE r.integration = 'okta' AND (r.runId <> $id OR r.dataSet IS NULL) RETURN count(r) AS v`, { id: run?.id })).toBe(0);
  });

  it('is idempotent: a second identical run writes the same graph', async () => {
    const before = await snapshot();
    const run = await runSync(h, { orgUrl: h.sim.orgUrl, apiToken: EXAMPLE_ORG_API_TOKEN });
    expect(run.status).toBe('SUCCEEDED');
    expect(await snapshot()).toEqual(before);
  });

  it('removes what Okta no longer has, and keeps security history', async () => {
    const org = exampleOrg();
    org.serviceApps.push(app.fixture);
    org.users = org.users.filter((u) => u.id !== U.sofia);
    delete org.factors[U.maria]?.[2];
    org.factors[U.maria] = (org.factors[U.maria] ?? []).filter(Boolean);
    org.groups = org.groups.filter((g) => g.id !== G.finance);
    delete org.groupMembers[G.finance];
    org.groupMembers[G.everyone] = (org.groupMembers[G.everyone] ?? []).filter((id) => id !== U.sofia);
    delete org.userRoles[U.priya];
    org.apps = org.apps.filter((a) => a.id !== A.payroll);
    org.appUsers[A.office365] = (org.appUsers[A.office365] ?? []).filter((u) => u.id !== U.tom);
    org.logs = [];
    h.sim.setOrg(org);
    try {
      // A fixture swapped without System Log events: only a whole read can see what went.
      const run = await runSync(h, { orgUrl: h.sim.orgUrl, apiToken: EXAMPLE_ORG_API_TOKEN }, { ...ALL, hoursBack: 1 }, { full: true });
      expect(run.status).toBe('SUCCEEDED');
      expect(countOf(run, 'logs')).toBe(0);
      expect(await one<number>(`MATCH (u:OktaUser) RETURN count(u) AS v`)).toBe(12);
      expect(await one<string[]>(`MATCH (u:OktaUser {externalId: $id}) RETURN u.mfaMethods AS v`, { id: U.maria })).toEqual(['AUTHENTICATOR_APP', 'EMAIL']);
      expect(await one<number>(`MATCH (:OktaUser {externalId: $id})-[:HAS_FACTOR]->(f) RETURN count(f) AS v`, { id: U.maria })).toBe(3);
      expect(await one<number>(`MATCH (f:Factor {integration: 'okta'}) WHERE NOT (f)<-[:HAS_FACTOR]-() RETURN count(f) AS v`)).toBe(0);
      expect(await one<number>(`MATCH (g:Group {externalId: $id}) RETURN count(g) AS v`, { id: G.finance })).toBe(0);
      expect(await one<number>(`MATCH ()-[r:MEMBER_OF {integration: 'okta'}]->() RETURN count(r) AS v`)).toBe(24 - 3 - 1);
      expect(await one<number>(`MATCH (:OktaUser {externalId: $id})-[r:HAS_ROLE]->() RETURN count(r) AS v`, { id: U.priya })).toBe(0);
      expect(await one<number>(`MATCH (r:Role {roleKey: 'READ_ONLY_ADMIN', integration: 'okta'}) RETURN count(r) AS v`)).toBe(0);
      expect(await one<number>(`MATCH (a:OktaApp {externalId: $id}) RETURN count(a) AS v`, { id: A.payroll })).toBe(0);
      expect(await one<string | null>(`MATCH (u:OktaUser {externalId: $id}) RETURN u.o365ImmutableId AS v`, { id: U.tom })).toBeNull();
      expect(await one<string | null>(`MATCH (u:OktaUser {externalId: $id}) RETURN u.o365ImmutableId AS v`, { id: U.maria })).toBe('Zm9vYmFyLWd1aWQtMDAwMQ==');
      // A shorter window and an empty log must not erase earlier security events.
      expect(await one<number>(`MATCH (e:SecurityEvent {integration: 'okta'}) RETURN count(e) AS v`)).toBe(6);
    } finally {
      const restored = exampleOrg();
      restored.serviceApps.push(app.fixture);
      h.sim.setOrg(restored);
    }
  });
});

describe('Okta sync with a service app (private_key_jwt + DPoP)', () => {
  it('gets a DPoP-bound token after the nonce dance and syncs the same graph', async () => {
    h.sim.reset();
    const run = await runSync(h, { orgUrl: h.sim.orgUrl, clientId: CLIENT_ID, privateKey: app.privateKeyPem, keyId: app.keyId }, ALL, { full: true });
    expect(run.errors).toEqual([]);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.counts.map((c) => c.count)).toEqual([13, 5, 4, 9, 6, 4]);
    // No DPoP header → invalid_dpop_proof; proof without nonce → use_dpop_nonce; then the token.
    const token = h.sim.requests('/oauth2/v1/token');
    expect(token.map((r) => r.status)).toEqual([400, 400, 200]);
    const api = h.sim.requests('/api/v1/');
    expect(api.length).toBeGreaterThan(30);
    expect(api.every((r) => r.status === 200)).toBe(true);
    expect(await one<number>(`MATCH (u:OktaUser) RETURN count(u) AS v`)).toBe(13);
  });

  it('reads only the changes next time, with a fresh DPoP proof per request and the System Log as the change feed', async () => {
    h.sim.reset();
    h.sim.changes.resetFactors(U.maria);
    h.sim.changes.removeMember(G.engineering, U.noah);
    const run = await runSync(h, { orgUrl: h.sim.orgUrl, clientId: CLIENT_ID, privateKey: app.privateKeyPem, keyId: app.keyId });
    expect(run.errors).toEqual([]);
    expect(run.warnings).toEqual([]);
    expect(run.mode).toBe('INCREMENTAL');
    expect(run.counts.filter((c) => c.mode === 'INCREMENTAL').map((c) => c.dataSet)).toEqual(['users', 'groups']);
    expect(await one<number>(`MATCH (:OktaUser {externalId: $id})-[:HAS_FACTOR]->(f) RETURN count(f) AS v`, { id: U.maria })).toBe(0);
    expect(await one<boolean>(`MATCH (u:OktaUser {externalId: $id}) RETURN u.mfaRegistered AS v`, { id: U.maria })).toBe(false);
    expect(await one<number>(`MATCH (:OktaUser {externalId: $u})-[r:MEMBER_OF]->(:Group {externalId: $g}) RETURN count(r) AS v`, { u: U.noah, g: G.engineering })).toBe(0);
    // Factors of one user, not of thirteen; every proof accepted.
    expect(h.sim.requests(/\/factors$/).map((r) => r.path)).toEqual([`/api/v1/users/${U.maria}/factors`]);
    expect(h.sim.requests('/api/v1/').every((r) => r.status === 200)).toBe(true);
  });

  it('asks only for the scopes of the enabled data sets', async () => {
    h.sim.reset();
    const run = await runSync(h, { orgUrl: h.sim.orgUrl, clientId: CLIENT_ID, privateKey: app.privateKeyPem, keyId: app.keyId }, {
      ...ALL, syncGroups: false, syncRoles: false, syncApps: false, syncPolicies: false,
    });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.counts.map((c) => c.dataSet)).toEqual(['users', 'logs']);
  });
});
