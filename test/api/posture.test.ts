/**
 * identityPosture through GraphQL, contract version 2: every list that grows with the tenant is paged
 * (first, offset) beside its count, a larger first than the page cap is BAD_USER_INPUT, and the request
 * costs the same number of Cypher statements whatever the page sizes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { testGraph } from '../support/neo4j.js';
import { LinkAccountsDocument, PostureDocument, PostureMfaGapsDocument, PostureRoleConflictsDocument } from '../generated/operations.js';
import { mfaGapsPage } from '../../src/twin/cross-idp.js';
import { refreshPostureFacts } from '../../src/twin/posture-facts.js';
import {
  GA, daysAgo, entraKey, entraRoleKey, oktaRoleKey, seedEntraRoles, seedEntraUsers, seedGroups, seedMemberships, seedOktaRoles,
  seedOktaUsers, seedRoleAssignments,
} from '../twin/seed.js';
import { enrichAfterSync } from '../../src/twin/enrich.js';

let t: TestApp;

/** A refresh of the posture facts, as after a sync: a new summary revision, so no kept page is read. */
async function refreshFacts(): Promise<void> {
  await refreshPostureFacts(t.app.services.graph);
}
const PEOPLE = 40;
const CAP = 50;

beforeAll(async () => {
  const graph = await testGraph();
  const ids = Array.from({ length: PEOPLE }, (_, i) => i);
  // Names that do not sort like their ids, two of them equal (ties break on the id).
  const name = (i: number) => (i === 7 || i === 8 ? 'Same Name' : `Person ${String((i * 17) % PEOPLE).padStart(2, '0')}`);
  await seedEntraUsers(
    graph,
    ids.map((i) => ({ id: `u${i}`, upn: `u${i}@acme.com`, displayName: name(i), mfaRegistered: i % 3 === 0, mfaMethods: i % 3 === 0 ? ['PHONE'] : [], lastSignInAt: i % 2 === 0 ? daysAgo(200) : daysAgo(1) })),
  );
  await seedOktaUsers(
    graph,
    ids.filter((i) => i % 2 === 0).map((i) => ({ id: `00u${i}`, login: `u${i}@acme.com`, displayName: name(i), mfaRegistered: i % 4 === 0, mfaMethods: i % 4 === 0 ? ['AUTHENTICATOR_APP'] : [] })),
  );
  await seedEntraRoles(graph, [{ templateId: GA, name: 'Global Administrator' }]);
  await seedOktaRoles(graph, ['SUPER_ADMIN']);
  await seedGroups(graph, [{ key: entraKey('g-admins'), name: 'Admins' }]);
  await seedMemberships(graph, ids.filter((i) => i % 2 === 1).map((i): [string, string] => [entraKey(`u${i}`), entraKey('g-admins')]));
  await seedRoleAssignments(graph, [
    { holder: entraKey('g-admins'), role: entraRoleKey(GA) },
    ...ids.filter((i) => i % 4 === 0).map((i) => ({ holder: entraKey(`u${i}`), role: entraRoleKey(GA) })),
    ...ids.filter((i) => i % 8 === 0).map((i) => ({ holder: `okta:acme.okta.com:00u${i}`, role: oktaRoleKey('SUPER_ADMIN') })),
  ]);
  await enrichAfterSync(graph);
  await graph.close();
  t = await startTestApp({ TWIN_MAX_PAGE_SIZE: String(CAP) });
});
afterAll(async () => t?.close());

describe('identityPosture paging (contract version 2)', () => {
  it('pages every list by its order, with its count beside it', async () => {
    const whole = await t.gql(PostureDocument, { first: CAP });
    expect(whole.errors).toBeUndefined();
    const p = whole.data!.identityPosture;
    expect(p.globalAdminCount).toBe(p.globalAdmins.length);
    expect(p.globalAdminCount).toBeGreaterThan(10);
    const order = p.globalAdmins.map((a) => [a.displayName, a.id]);
    expect([...order].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : 1))).toEqual(order);

    // Pages of 7 put together are the first page of 50, and so for every paged list.
    const upTo = <T>(xs: T[]): T[] => xs.slice(0, CAP);
    const pages: Array<typeof p> = [];
    for (let offset = 0; offset < CAP; offset += 7) pages.push((await t.gql(PostureDocument, { first: 7, offset })).data!.identityPosture);
    expect(upTo(pages.flatMap((x) => x.globalAdmins))).toEqual(p.globalAdmins);
    expect(upTo(pages.flatMap((x) => x.roles[0]!.holders))).toEqual(p.roles[0]!.holders);
    expect(p.roles[0]!.holders).toHaveLength(p.roles[0]!.activeHolders + p.roles[0]!.eligibleHolders);
    expect(upTo(pages.flatMap((x) => x.staleAccounts[0]!.accounts))).toEqual(p.staleAccounts[0]!.accounts);
    expect(p.staleAccounts[0]!.accounts).toHaveLength(p.staleAccounts[0]!.count);
    expect(upTo(pages.flatMap((x) => x.crossIdp.mfaGaps))).toEqual(p.crossIdp.mfaGaps);
    expect(p.crossIdp.mfaGaps).toHaveLength(Math.min(CAP, p.crossIdp.mfaGapCounts.reduce((n, c) => n + c.people, 0)));
    expect(upTo(pages.flatMap((x) => x.crossIdp.roleConflicts))).toEqual(p.crossIdp.roleConflicts);
    expect(p.crossIdp.mfaGapCounts.map((c) => c.kind)).toEqual(['NO_MFA_ANYWHERE', 'MFA_ONLY_IN_OKTA', 'MFA_ONLY_IN_ENTRA', 'PRIVILEGED_WITHOUT_PHISHING_RESISTANT_MFA']);
    expect(p.crossIdp.roleConflictCounts.map((c) => c.kind)).toEqual(['PRIVILEGED_WHILE_INACTIVE_ELSEWHERE', 'TIER0_IN_BOTH', 'PRIVILEGE_MISMATCH']);
    // Without a kind: by the person's displayName, then id, then kind.
    const gapOrder = p.crossIdp.mfaGaps.map((g) => `${g.person.displayName}\u0000${g.person.id}`);
    expect([...gapOrder].sort()).toEqual(gapOrder);
    expect((await t.gql(PostureDocument, { first: 0 })).data!.identityPosture.globalAdmins).toEqual([]);
  });

  it('narrows mfaGaps and roleConflicts to one kind, counted in mfaGapCounts and roleConflictCounts', async () => {
    const all = (await t.gql(PostureMfaGapsDocument, { first: CAP })).data!.identityPosture.crossIdp;
    const rest = (await t.gql(PostureMfaGapsDocument, { first: CAP, offset: CAP })).data!.identityPosture.crossIdp;
    const gaps = [...all.mfaGaps, ...rest.mfaGaps];
    expect(gaps).toHaveLength(all.mfaGapCounts.reduce((n, c) => n + c.people, 0));
    for (const { kind, people } of all.mfaGapCounts) {
      const one = (await t.gql(PostureMfaGapsDocument, { kind, first: CAP })).data!.identityPosture.crossIdp.mfaGaps;
      expect(one, kind).toHaveLength(people);
      expect(one).toEqual(gaps.filter((g) => g.kind === kind));
    }
    const conflicts = (await t.gql(PostureRoleConflictsDocument, { first: CAP })).data!.identityPosture.crossIdp;
    const tier0 = conflicts.roleConflictCounts.find((c) => c.kind === 'TIER0_IN_BOTH')!;
    expect(tier0.people).toBeGreaterThan(0);
    const one = (await t.gql(PostureRoleConflictsDocument, { kind: 'TIER0_IN_BOTH', first: 1, offset: 1 })).data!.identityPosture.crossIdp.roleConflicts;
    expect(one).toEqual(conflicts.roleConflicts.filter((c) => c.kind === 'TIER0_IN_BOTH').slice(1, 2));
  });

  it('refuses a larger first than the page cap, and a negative offset, with BAD_USER_INPUT before any Cypher', async () => {
    for (const field of [
      'globalAdmins(first: 51) { id }',
      'roles { holders(first: 51) { id } }',
      'staleAccounts { accounts(first: 51) { id } }',
      'applications { highPrivilegeApps(first: 51) { id } }',
      'crossIdp { mfaGaps(first: 51) { kind } }',
      'crossIdp { roleConflicts(kind: TIER0_IN_BOTH, first: 51) { kind } }',
      'crossIdp { ssoOverlap(first: 51) { entra { id } } }',
      'crossIdp { ssoGaps(first: 51) { id } }',
    ]) {
      const r = await t.gql(`{ identityPosture { ${field} } }`);
      expect(r.errors?.[0]?.extensions?.code, field).toBe('BAD_USER_INPUT');
      expect(r.statements, field).toBe(0);
    }
    const negative = await t.gql('{ identityPosture { globalAdmins(offset: -1) { id } } }');
    expect(negative.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('costs the same number of Cypher statements for pages of 1 or 50', async () => {
    // Each read after a refresh of the facts: no page of the lists is kept yet.
    await refreshFacts();
    const small = await t.gql(PostureDocument, { first: 1 });
    await refreshFacts();
    const large = await t.gql(PostureDocument, { first: CAP });
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(large.data!.identityPosture.globalAdmins.length).toBeGreaterThan(1);
    expect(large.statements).toBe(small.statements);
    // The summary, the stale counts, one per paged list (holders and stale accounts batched across roles and sources).
    expect(large.statements).toBeLessThanOrEqual(10);
  });

  it('keeps the pages of the materialised lists until the facts are refreshed, then reads the new ones', async () => {
    await refreshFacts();
    const first = await t.gql(PostureDocument, { first: CAP });
    const again = await t.gql(PostureDocument, { first: CAP });
    expect(again.data).toEqual({ identityPosture: { ...first.data!.identityPosture, asOf: again.data!.identityPosture.asOf } });
    // Only the summary, the stale counts and the lists that move with the clock or are batched are read again.
    expect(again.statements).toBeLessThan(first.statements);

    // An analyst's link refreshes the facts: u1 (no MFA) and the Okta account of u4 (MFA) become one person with a gap.
    const linked = await t.gql(LinkAccountsDocument, { accountIds: [entraKey('u1'), 'okta:acme.okta.com:00u4'] });
    expect(linked.errors).toBeUndefined();
    const after = await t.gql(PostureDocument, { first: CAP });
    expect(after.statements).toBe(first.statements);
    const gaps = after.data!.identityPosture.crossIdp.mfaGaps;
    expect(gaps).not.toEqual(first.data!.identityPosture.crossIdp.mfaGaps);
    const fresh = await mfaGapsPage(t.app.services.graph, null, { first: CAP, offset: 0 });
    expect(gaps.map((g) => [g.kind, g.person.id])).toEqual(fresh.map((g) => [g.kind, g.person.id]));
    expect(gaps.some((g) => g.person.id === linked.data!.linkAccounts.id)).toBe(true);
  });
});
