/**
 * Profiles identity resolution and every posture section on a synthetic tenant (not a test: run it by hand
 * against a throw-away Neo4j, it WIPES the database):
 *
 *   PROFILE_NEO4J_URI=bolt://127.0.0.1:17697 npx tsx test/twin/load-profile.ts [entraUsers] [oktaUsers]
 *
 * Defaults: 60k Entra + 40k Okta accounts, 35k people in both, 2k nested Entra groups (a 10-ary tree),
 * 3 memberships per account, a role held through ~110 nested groups, CA policies with group exclusions,
 * 20k events, 1.5k service principals and 300 Okta apps.
 */
import neo4j from 'neo4j-driver';
import { createGraph, type Graph } from '../../src/neo4j/driver.js';
import { migrate } from '../../src/model/migrations.js';
import { resolveIdentities } from '../../src/twin/resolution.js';
import { identityPosture } from '../../src/twin/posture.js';
import { globalAdminsPage, roleHoldersPages } from '../../src/twin/posture-roles.js';
import { conditionalAccessPosture } from '../../src/twin/posture-conditional-access.js';
import { staleAccountsPages } from '../../src/twin/posture-stale.js';
import { securityEventSummary } from '../../src/twin/posture-events.js';
import { highPrivilegeAppsPage, ssoGapsPage } from '../../src/twin/posture-apps.js';
import { mfaGapsPage, roleConflictsPage, ssoOverlapPage } from '../../src/twin/cross-idp.js';
import { refreshPostureFacts } from '../../src/twin/posture-facts.js';
import { oraclePosture } from './posture-oracle.js';
import { recordPostureSnapshot } from '../../src/twin/snapshots.js';
import { GA, USER_ADMIN, seedEntraRoles, seedOktaRoles, seedPolicies, entraKey, entraRoleKey } from './seed.js';

const uri = process.env.PROFILE_NEO4J_URI;
if (!uri) {
  console.error('set PROFILE_NEO4J_URI to a throw-away Neo4j: this script wipes it');
  process.exit(2);
}
const entraUsers = Number(process.argv[2] ?? 60_000);
const oktaUsers = Number(process.argv[3] ?? 40_000);
const shared = Math.min(35_000, entraUsers, oktaUsers);
const GROUPS = 2_000;
// The driver sends JS numbers as floats: 'u' + 3.0 would be 'u3.0'.
const int = (n: number) => neo4j.int(n);

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const out = await work();
  console.log(`${label.padEnd(38)} ${(performance.now() - t).toFixed(0).padStart(7)} ms`);
  return out;
}

async function seed(graph: Graph): Promise<void> {
  await graph.writeAutoCommit('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  const day = 86_400_000;
  const now = Date.now();
  await graph.writeAutoCommit(
    `UNWIND range(0, $n - 1) AS i
     CALL (i) {
       CREATE (a:Account:EntraUser {
         key: $prefix + 'u' + i, source: 'ENTRA_ID', integration: 'entra', externalId: 'u' + i,
         displayName: 'User ' + i, login: 'user' + i + '@acme.com', loginNorm: 'user' + i + '@acme.com',
         email: 'user' + i + '@acme.com', emailNorm: 'user' + i + '@acme.com',
         enabled: i % 20 <> 0, userType: CASE WHEN i % 50 = 1 THEN 'Guest' ELSE 'Member' END,
         active: i % 20 <> 0 AND i % 50 <> 1, status: CASE WHEN i % 20 = 0 THEN 'Disabled' ELSE 'Enabled' END,
         createdAt: toString(datetime({epochMillis: $now - (i % 900) * $day})),
         lastSignInAt: CASE WHEN i % 7 = 0 THEN null ELSE toString(datetime({epochMillis: $now - (i % 200) * $day})) END,
         mfaRegistered: i % 3 <> 0,
         mfaMethods: CASE i % 5 WHEN 0 THEN [] WHEN 1 THEN ['AUTHENTICATOR_APP'] WHEN 2 THEN ['PHONE', 'AUTHENTICATOR_APP'] WHEN 3 THEN ['FIDO2'] ELSE ['SOFTWARE_OTP'] END
       })
     } IN TRANSACTIONS OF 10000 ROWS`,
    { n: int(entraUsers), prefix: entraKey(''), now: int(now), day: int(day) },
  );
  await graph.writeAutoCommit(
    `UNWIND range(0, $n - 1) AS i
     CALL (i) {
       WITH i, CASE WHEN i < $shared THEN 'user' + i + '@acme.com' ELSE 'okta' + i + '@acme.com' END AS login
       CREATE (a:Account:OktaUser {
         key: 'okta:acme.okta.com:00u' + i, source: 'OKTA', integration: 'okta', externalId: '00u' + i,
         displayName: 'Okta User ' + i, login: login, loginNorm: login, email: login, emailNorm: login,
         status: CASE WHEN i % 25 = 0 THEN 'SUSPENDED' ELSE 'ACTIVE' END, active: i % 25 <> 0, userType: 'Member',
         createdAt: toString(datetime({epochMillis: $now - (i % 700) * $day})),
         lastSignInAt: CASE WHEN i % 9 = 0 THEN null ELSE toString(datetime({epochMillis: $now - (i % 150) * $day})) END,
         mfaRegistered: i % 4 <> 0, mfaMethods: CASE WHEN i % 4 = 0 THEN [] ELSE ['AUTHENTICATOR_APP'] END
       })
     } IN TRANSACTIONS OF 10000 ROWS`,
    { n: int(oktaUsers), shared: int(shared), now: int(now), day: int(day) },
  );
  await graph.write(
    `UNWIND range(0, $groups - 1) AS j
     CREATE (:Group {key: $prefix + 'g' + j, source: 'ENTRA_ID', integration: 'entra', displayName: 'Group ' + j})`,
    { groups: int(GROUPS), prefix: entraKey('') },
  );
  await graph.write(
    `UNWIND range(10, $groups - 1) AS j
     MATCH (c:Group {key: $prefix + 'g' + j}), (p:Group {key: $prefix + 'g' + (j / 10)})
     CREATE (c)-[:MEMBER_OF]->(p)`,
    { groups: int(GROUPS), prefix: entraKey('') },
  );
  await graph.writeAutoCommit(
    `UNWIND range(0, $n - 1) AS i
     CALL (i) {
       MATCH (a:Account {key: $prefix + 'u' + i})
       UNWIND [i % $groups, (i * 7 + 3) % $groups, (i * 13 + 5) % $groups] AS j
       MATCH (g:Group {key: $prefix + 'g' + j})
       MERGE (a)-[:MEMBER_OF]->(g)
     } IN TRANSACTIONS OF 5000 ROWS`,
    { n: int(entraUsers), groups: int(GROUPS), prefix: entraKey('') },
  );
  await seedEntraRoles(graph, [
    { templateId: GA, name: 'Global Administrator' },
    { templateId: USER_ADMIN, name: 'User Administrator' },
  ]);
  await seedOktaRoles(graph, ['SUPER_ADMIN']);
  await graph.write(
    `MATCH (ga:Role {key: $ga}), (ua:Role {key: $ua})
     MATCH (leaf:Group {key: $prefix + 'g1500'}), (big:Group {key: $prefix + 'g2'})
     CREATE (leaf)-[:HAS_ROLE {assignment: 'active', scope: '/'}]->(ga)
     CREATE (big)-[:HAS_ROLE {assignment: 'active', scope: '/'}]->(ua)
     WITH ga
     UNWIND range(0, 19) AS i
     MATCH (a:Account {key: $prefix + 'u' + (i * 101)})
     CREATE (a)-[:HAS_ROLE {assignment: CASE WHEN i % 2 = 0 THEN 'active' ELSE 'eligible' END, scope: '/'}]->(ga)`,
    { ga: entraRoleKey(GA), ua: entraRoleKey(USER_ADMIN), prefix: entraKey('') },
  );
  await graph.write(
    `MATCH (r:Role {key: 'okta:acme.okta.com:role:SUPER_ADMIN'})
     UNWIND range(0, 19) AS i
     MATCH (a:Account {key: 'okta:acme.okta.com:00u' + (i * 97)})
     CREATE (a)-[:HAS_ROLE {assignment: 'active', scope: 'org'}]->(r)`,
  );
  await seedPolicies(graph, [
    { id: 'all', includeAllUsers: true, excludes: [entraKey('g3')] },
    { id: 'g4', includes: [entraKey('g4')] },
    { id: 'admins', includes: [entraRoleKey(GA)], excludes: [entraKey('u0')] },
    { id: 'report', state: 'REPORT_ONLY', includeAllUsers: true },
    { id: 'legacy', grantControls: ['block'], includeAllUsers: true, clientAppTypes: ['exchangeActiveSync', 'other'] },
  ]);
  await graph.writeAutoCommit(
    `UNWIND range(0, 19999) AS i
     CALL (i) {
       MATCH (a:Account {key: CASE WHEN i % 2 = 0 THEN $prefix + 'u' + (i % $entra) ELSE 'okta:acme.okta.com:00u' + (i % $okta) END})
       CREATE (e:SecurityEvent {key: 'ev' + i, source: a.source, severity: ['LOW', 'MEDIUM', 'HIGH'][i % 3], occurredAt: '2025-01-01T00:00:00.000Z', kind: 'x'})
       CREATE (e)-[:INVOLVES]->(a)
     } IN TRANSACTIONS OF 5000 ROWS`,
    { prefix: entraKey(''), entra: int(entraUsers), okta: int(oktaUsers) },
  );
  await graph.write(
    `UNWIND range(0, 1499) AS i
     CREATE (:Application:ServicePrincipal {key: $prefix + 'sp:' + i, source: 'ENTRA_ID', externalId: 'app' + i, displayName: 'App ' + i,
       nameNorm: 'app' + i, servicePrincipalType: 'Application', passwordSso: i % 100 = 0, signOnHosts: ['app' + i + '.example.com'],
       graphAppPermissions: CASE WHEN i % 50 = 0 THEN ['Directory.ReadWrite.All'] ELSE [] END, permissions: []})`,
    { prefix: entraKey('') },
  );
  await graph.write(
    `UNWIND range(0, 299) AS i
     CREATE (:Application:OktaApp {key: 'okta:acme.okta.com:app:' + i, source: 'OKTA', externalId: '0oa' + i, displayName: 'App ' + (i * 3),
       name: 'app' + i, nameNorm: 'app' + (i * 3), status: 'ACTIVE', passwordSso: i % 10 = 0, signOnHosts: ['app' + (i * 5) + '.example.com'], permissions: []})`,
  );
}

const graph = createGraph({ uri, username: undefined, password: undefined, database: undefined });
try {
  await migrate(graph);
  console.log(`seeding ${entraUsers} Entra + ${oktaUsers} Okta accounts (${shared} shared)`);
  await timed('seed', () => seed(graph));
  const first = await timed('resolveIdentities (first run)', () => resolveIdentities(graph));
  console.log(`  -> ${first.people} people, ${first.accounts} accounts`);
  await timed('resolveIdentities (nothing changed)', () => resolveIdentities(graph));
  await graph.write(`MATCH (a:Account {key: $k}) SET a.email = 'user1@acme.com', a.emailNorm = 'user1@acme.com'`, { k: entraKey('u2') });
  await timed('resolveIdentities (one merge)', () => resolveIdentities(graph));
  console.log(`  -> ${JSON.stringify(await timed('refreshPostureFacts (first run)', () => refreshPostureFacts(graph)))}`);
  console.log(`  -> ${JSON.stringify(await timed('refreshPostureFacts (nothing changed)', () => refreshPostureFacts(graph)))}`);
  await timed('conditionalAccess (at refresh)', () => conditionalAccessPosture(graph));
  await timed('securityEvents (at refresh)', () => securityEventSummary(graph));
  await timed('old per-request lists (oracle)', () => oraclePosture(graph, 90, new Date()));
  const p = await timed('identityPosture (summary + stale counts)', () => identityPosture(graph, 90));
  await timed('identityPosture (again, warm)', () => identityPosture(graph, 90));
  const page = { first: 100, offset: 0 };
  for (let i = 0; i < 2; i += 1) {
    await timed('  globalAdmins page', () => globalAdminsPage(graph, page));
    await timed('  roles holders pages', () => roleHoldersPages(graph, p.roles.map((r) => r.roleId), page));
    await timed('  stale pages', () => staleAccountsPages(graph, p.staleAccounts, page));
    await timed('  stale pages, offset 5000', () => staleAccountsPages(graph, p.staleAccounts, { first: 100, offset: 5000 }));
    await timed('  highPrivilegeApps page', () => highPrivilegeAppsPage(graph, page));
    await timed('  mfaGaps page', () => mfaGapsPage(graph, null, page));
    await timed('  mfaGaps page, one kind', () => mfaGapsPage(graph, 'NO_MFA_ANYWHERE', page));
    await timed('  roleConflicts page', () => roleConflictsPage(graph, null, page));
    await timed('  ssoOverlap page', () => ssoOverlapPage(graph, page));
    await timed('  ssoGaps page', () => ssoGapsPage(graph, page));
  }
  await timed('recordPostureSnapshot', () => recordPostureSnapshot(graph));
  console.log(
    `  -> stale ${p.staleAccounts.map((s) => s.count).join('/')}, gaps ${JSON.stringify(p.crossIdp.mfaGapCounts)}, conflicts ${JSON.stringify(p.crossIdp.roleConflictCounts)}, ` +
      `uncovered ${p.conditionalAccess.accountsWithoutMfaEnforcement}, GA ${p.globalAdminCount}, inBoth ${p.crossIdp.inBoth}`,
  );
} finally {
  await graph.close();
}
