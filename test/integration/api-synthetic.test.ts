/**
 * The product's main job end to end, over real HTTP: a synthetic Entra tenant and Okta org (simulators
 * over HTTPS), configured, tested and synced through the GraphQL API by an admin, into the real Neo4j;
 * then every headline posture number is checked against what the generator knows by construction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OktaSimulator } from '../../dev/simulators/okta/server.js';
import type { SyntheticScenario } from '../../dev/simulators/synthetic/index.js';
import { SYNTHETIC_ENTRA, SYNTHETIC_OKTA_CLIENT, startSyntheticWorld, type SyntheticWorld } from '../support/synthetic-world.js';
import { ANALYST_KEY, waitForRun, type GqlResult, type TestApp } from '../support/app.js';
import { expectMaterialisedEqualsOracle } from '../twin/oracle-check.js';
import {
  ConfigureEntraDocument, ConfigureOktaDocument, EntraStatusDocument, LinkAccountsDocument, OktaStatusDocument,
  PeopleDeepDocument, PeopleDocument, PostureDocument, PostureHistoryDocument, SyncEntraDocument, SyncOktaDocument,
  SyncRunDocument, TestEntraDocument, TestOktaDocument, UnlinkAccountsDocument, AccountDocument, SecurityEventsDocument, PersonDocument,
} from '../generated/operations.js';
import type { PeopleDeepQuery, PeopleQuery } from '../generated/operations.js';

const ENTRA = SYNTHETIC_ENTRA;
const OKTA_CLIENT = SYNTHETIC_OKTA_CLIENT;
const HOURS_BACK = 24 * 8;

let oktaSim: OktaSimulator;
let t: TestApp;
let scenario: SyntheticScenario;
let privatePem: string;
let world: SyntheticWorld | undefined;

type DeepEdge = PeopleDeepQuery['people']['edges'][number];

/** Every person with their accounts, page by page (a single page of 300 deep people is over the cost limit). */
async function allPeopleDeep(): Promise<DeepEdge[]> {
  const edges: DeepEdge[] = [];
  let after: string | null = null;
  for (;;) {
    const page: GqlResult<PeopleDeepQuery> = await t.gql(PeopleDeepDocument, { first: 100, after });
    expect(page.errors).toBeUndefined();
    edges.push(...page.data!.people.edges);
    if (!page.data!.people.pageInfo.hasNextPage) return edges;
    after = page.data!.people.pageInfo.endCursor;
  }
}

async function runToEnd(id: string) {
  return waitForRun(async () => (await t.gql(SyncRunDocument, { id })).data?.syncRun ?? null);
}

beforeAll(async () => {
  world = await startSyntheticWorld({ seed: 11, people: 300 });
  ({ scenario, oktaSim, t, privatePem } = world);
});

afterAll(async () => {
  await world?.close();
});

describe('configure → test connection → sync now, through GraphQL', () => {
  it('stores both integrations; credentials are write-only', async () => {
    const e = await t.gql(ConfigureEntraDocument, { input: { tenantId: scenario.entra.tenantId, ...ENTRA } });
    expect(e.errors).toBeUndefined();
    expect(e.data?.configureEntraId).toEqual({ source: 'ENTRA_ID', configured: true, tenant: scenario.entra.tenantId, clientId: ENTRA.clientId, credentialSet: true });
    const o = await t.gql(ConfigureOktaDocument, { input: { orgUrl: `${oktaSim.orgUrl}/`, clientId: OKTA_CLIENT, privateKey: privatePem, keyId: 'k1' } });
    expect(o.errors).toBeUndefined();
    expect(o.data?.configureOkta).toMatchObject({ source: 'OKTA', tenant: oktaSim.orgUrl, clientId: OKTA_CLIENT, credentialSet: true });
    // No query returns a secret, in any form.
    const statuses = JSON.stringify([(await t.gql(EntraStatusDocument)).data, (await t.gql(OktaStatusDocument)).data]);
    expect(statuses).not.toContain(ENTRA.clientSecret);
    expect(statuses).not.toContain('PRIVATE KEY');
  });

  it('tests both connections: every data set readable', async () => {
    const e = await t.gql(TestEntraDocument);
    expect(e.data?.testEntraIdConnection.checks.map((c) => [c.name, c.ok])).toEqual(
      ['users', 'mfa', 'groups', 'roles', 'signIns', 'policies', 'apps'].map((n) => [n, true]),
    );
    expect(e.data?.testEntraIdConnection.ok).toBe(true);
    const o = await t.gql(TestOktaDocument);
    expect(o.data?.testOktaConnection.ok).toBe(true);
    expect(o.data?.testOktaConnection.checks.map((c) => c.name)).toEqual(['users', 'factors', 'groups', 'roles', 'apps', 'logs', 'policies']);
  });

  it('refuses an analyst sync, and a second sync while one runs returns the running run', async () => {
    const refused = await t.gql(SyncEntraDocument, { hoursBack: HOURS_BACK }, ANALYST_KEY);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const first = await t.gql(SyncEntraDocument, { hoursBack: HOURS_BACK });
    const second = await t.gql(SyncEntraDocument, { hoursBack: HOURS_BACK });
    expect(first.data?.entraIdSync.status).toBe('RUNNING');
    expect(second.data?.entraIdSync.id).toBe(first.data?.entraIdSync.id);
    const entraRun = await runToEnd(first.data?.entraIdSync.id ?? '');
    expect(entraRun.errors).toEqual([]);
    expect(entraRun.status).toBe('SUCCEEDED');
    const okta = await t.gql(SyncOktaDocument, { hoursBack: HOURS_BACK });
    const oktaRun = await runToEnd(okta.data?.oktaSync.id ?? '');
    expect(oktaRun.errors).toEqual([]);
    expect(oktaRun.status).toBe('SUCCEEDED');
    expect(oktaRun.counts.find((c) => c.dataSet === 'users')?.count).toBe(scenario.summary.oktaUsers);
    const status = await t.gql(EntraStatusDocument);
    expect(status.data?.entraIdStatus.lastSync?.id).toBe(entraRun.id);
  });
});

describe('the merged posture matches the scenario', () => {
  it('accounts, MFA, admins, events, apps and the cross-IdP view', async () => {
    const s = scenario.summary;
    const r = await t.gql(PostureDocument, { staleAfterDays: 90 });
    expect(r.errors).toBeUndefined();
    const p = r.data!.identityPosture;
    expect(p.accounts).toEqual([
      { source: 'ENTRA_ID', total: s.entraUsers, active: s.activeEntraAccounts, guests: s.entraGuests },
      { source: 'OKTA', total: s.oktaUsers, active: s.activeOktaAccounts, guests: 0 },
    ]);
    const entraMfa = p.mfa.find((m) => m.source === 'ENTRA_ID')!;
    expect(entraMfa.accounts).toBe(s.activeEntraAccounts);
    expect(entraMfa.confidence).toBe('VERIFIED');
    expect(entraMfa.ratio).toBeCloseTo(entraMfa.registered / entraMfa.accounts, 10);
    expect(p.globalAdminCount).toBe(s.globalAdmins);
    expect(p.globalAdmins).toHaveLength(Math.min(100, s.globalAdmins));
    expect(p.crossIdp).toMatchObject({ inBoth: s.inBoth, onlyInEntra: s.onlyInEntra, onlyInOkta: s.onlyInOkta });
    const conflicts = (kind: string) => p.crossIdp.roleConflictCounts.find((c) => c.kind === kind)?.people;
    expect(conflicts('TIER0_IN_BOTH')).toBe(s.roleConflicts.tier0InBoth);
    expect(conflicts('PRIVILEGE_MISMATCH')).toBe(s.roleConflicts.privilegeMismatch);
    expect(conflicts('PRIVILEGED_WHILE_INACTIVE_ELSEWHERE')).toBe(s.roleConflicts.privilegedWhileInactiveElsewhere);
    expect(p.securityEvents.bySource).toEqual([
      { source: 'ENTRA_ID', count: s.riskySignIns },
      { source: 'OKTA', count: s.riskyOktaEvents },
    ]);
    expect(p.securityEvents.total).toBe(s.riskySignIns + s.riskyOktaEvents);
    const ca = p.conditionalAccess;
    expect(ca.enabled + ca.reportOnly + ca.disabled).toBe(s.conditionalAccessPolicies);
    expect(p.applications).toMatchObject({ entraApplications: s.entraApps, entraServicePrincipals: s.entraServicePrincipals, oktaApps: s.oktaApps });
    expect(p.applications.highPrivilegeAppCount).toBe(s.highPrivilegeApps);
    expect(p.crossIdp.ssoGapCount).toBe(s.passwordSsoApps.entra + s.passwordSsoApps.okta);
    expect(p.crossIdp.ssoOverlapCount).toBeGreaterThanOrEqual(s.sameAppInBoth.byName + s.sameAppInBoth.byHost);
    const people = await t.gql(PeopleDocument, { first: 1 });
    expect(people.data?.people.totalCount).toBe(s.people);
  });

  it('materialised facts equal what the per-request Cypher computed on the synced synthetic tenant', async () => {
    await expectMaterialisedEqualsOracle(t.app.services.graph, 90, new Date(), 50);
  });

  it('records a posture snapshot after each sync', async () => {
    const h = await t.gql(PostureHistoryDocument, { limit: 10 });
    expect(h.data?.postureHistory).toHaveLength(2);
    expect(h.data?.postureHistory[0]).toMatchObject({ people: scenario.summary.people, inBoth: scenario.summary.inBoth });
  });
});

describe('explorer', () => {
  it('costs the same number of Cypher statements for 5 or 50 people with their accounts, groups, roles, apps and events', async () => {
    const small = await t.gql(PeopleDeepDocument, { first: 5 });
    const large = await t.gql(PeopleDeepDocument, { first: 50 });
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(large.data?.people.edges).toHaveLength(50);
    const accounts = large.data!.people.edges.flatMap((e) => e.node.accounts);
    expect(accounts.length).toBeGreaterThan(50);
    expect(accounts.some((a) => a.groups.length > 0)).toBe(true);
    expect(Number.isFinite(small.statements)).toBe(true);
    expect(large.statements).toBe(small.statements);
  });

  it('pages people by cursor without gaps or repeats, and searches case-insensitively', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    for (;;) {
      const page: GqlResult<PeopleQuery> = await t.gql(PeopleDocument, { first: 100, after });
      for (const e of page.data!.people.edges) {
        expect(seen.has(e.node.id)).toBe(false);
        seen.add(e.node.id);
      }
      if (!page.data!.people.pageInfo.hasNextPage) break;
      after = page.data!.people.pageInfo.endCursor;
    }
    expect(seen.size).toBe(scenario.summary.people);
    const someone = [...seen][0]!;
    const name = (await t.gql(PeopleDocument, { first: 300 })).data!.people.edges.find((e) => e.node.id === someone)!.node.displayName;
    const found = await t.gql(PeopleDocument, { search: name.toUpperCase() });
    expect(found.data?.people.edges.map((e) => e.node.id)).toContain(someone);
  });

  it('walks an account: its person, groups, roles with how they are held, and events', async () => {
    const admin = (await t.gql(PostureDocument, {})).data!.identityPosture.globalAdmins[0]!;
    const a = await t.gql(AccountDocument, { source: 'ENTRA_ID', externalId: admin.externalId });
    expect(a.errors).toBeUndefined();
    const account = a.data!.account!;
    expect(account.person?.accounts.map((x) => x.id)).toContain(account.id);
    const ga = account.roles.filter((r) => r.role.roleKey === '62e90394-69f5-4237-9190-012177145e10' && r.assignment === 'ACTIVE');
    expect(ga).toHaveLength(1);
    expect(ga[0]!.role.holders.some((h) => h.account.id === account.id)).toBe(true);
    const events = await t.gql(SecurityEventsDocument, { first: 10, minSeverity: 'HIGH' });
    expect(events.data?.securityEvents.edges.every((e) => e.node.severity === 'HIGH')).toBe(true);
    const times = events.data!.securityEvents.edges.map((e) => Date.parse(e.node.occurredAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it('lets an analyst correction survive a re-sync', async () => {
    // Two people the machine did not join: each has a single account, one in each IdP.
    const edges = await allPeopleDeep();
    const single = (source: string) => edges.find((e) => e.node.accounts.length === 1 && e.node.accounts[0]!.source === source)!.node;
    const [entraOnly, oktaOnly] = [single('ENTRA_ID'), single('OKTA')];
    const ids = [entraOnly.accounts[0]!.id, oktaOnly.accounts[0]!.id];
    const linked = await t.gql(LinkAccountsDocument, { accountIds: ids });
    expect(linked.errors).toBeUndefined();
    expect(linked.data?.linkAccounts.confidence).toBe('VERIFIED');
    expect(linked.data?.linkAccounts.accounts.map((a) => a.id).sort()).toEqual([...ids].sort());
    // Bookmarked ids stay: the merged person keeps one of the two.
    expect([entraOnly.id, oktaOnly.id]).toContain(linked.data?.linkAccounts.id);

    const resync = await t.gql(SyncEntraDocument, { hoursBack: HOURS_BACK });
    expect((await runToEnd(resync.data!.entraIdSync.id)).status).toBe('SUCCEEDED');
    const after = await t.gql(PersonDocument, { id: linked.data!.linkAccounts.id });
    expect(after.data?.person?.accounts.map((a) => a.id).sort()).toEqual([...ids].sort());
    expect(after.data?.person?.confidence).toBe('VERIFIED');

    const unlinked = await t.gql(UnlinkAccountsDocument, { accountId: ids[1]! });
    expect(unlinked.errors).toBeUndefined();
    expect(unlinked.data?.unlinkAccounts.accounts.map((a) => a.id)).toEqual([ids[1]]);
    // The contract calls link/unlink analyst corrections: an analyst key may make them (issue 12), and
    // nothing else that changes the twin.
    const analyst = await t.gql(LinkAccountsDocument, { accountIds: ids }, ANALYST_KEY);
    expect(analyst.errors).toBeUndefined();
    expect(analyst.data?.linkAccounts.accounts.map((a) => a.id).sort()).toEqual([...ids].sort());
    const analystSync = await t.gql(SyncEntraDocument, { hoursBack: HOURS_BACK }, ANALYST_KEY);
    expect(analystSync.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
