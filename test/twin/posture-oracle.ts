/**
 * The oracle: identityPosture's lists as the per-request Cypher computed them before the posture was
 * materialised (commit 02c6568, src/twin/posture-roles.ts, posture-stale.ts, posture-apps.ts, cross-idp.ts),
 * kept verbatim so a test can check that the materialised facts and their pages say exactly the same.
 */
import type { Graph } from '../../src/neo4j/driver.js';
import {
  ACCOUNT_PROJECTION, APPLICATION_PROJECTION, PERSON_PROJECTION, type AccountView, type ApplicationView, type MfaGapView, type PersonView,
  type RoleConflictView, type SsoOverlapView,
} from '../../src/twin/views.js';
import { ACCOUNT_ORDER, ACTIVE_HOLDERS, ALL_HOLDERS, ROLE_NAME, byAccountOrder, cmp, isDate } from '../../src/twin/cypher.js';
import { phishingResistantGap, roleConflicts, type PrivilegedPersonFacts, type RoleHold } from '../../src/twin/privilege-rules.js';
import { ssoFindings, type SsoApp } from '../../src/twin/sso.js';
import {
  ENTRA_READ_ONLY, ENTRA_TIER0, GLOBAL_ADMIN_TEMPLATE_ID, MFA_GAP_KINDS, OKTA_READ_ONLY, OKTA_TIER0, ROLE_CONFLICT_KINDS, SOURCES,
  entraRoleClass, normalizeAppName, oktaRoleClass, type MfaGapKind, type Source,
} from '../../src/model/vocabulary.js';
import { staleCutoff } from '../../src/twin/posture-stale.js';

export interface OracleRole {
  source: Source;
  role: string;
  roleKey: string;
  tier0: boolean;
  privileged: boolean;
  activeHolders: number;
  eligibleHolders: number;
  holders: AccountView[];
}

export interface OraclePosture {
  globalAdmins: AccountView[];
  roles: OracleRole[];
  staleAccounts: Array<{ source: Source; count: number; accounts: AccountView[] }>;
  highPrivilegeApps: ApplicationView[];
  crossIdp: {
    inBoth: number;
    onlyInEntra: number;
    onlyInOkta: number;
    mfaGaps: MfaGapView[];
    roleConflicts: RoleConflictView[];
    ssoOverlap: SsoOverlapView[];
    ssoGaps: ApplicationView[];
  };
}

export async function oraclePosture(graph: Graph, staleAfterDays: number, now: Date): Promise<OraclePosture> {
  const [globalAdmins, roles, staleAccounts, highPrivilegeApps, crossIdp] = await Promise.all([
    oracleGlobalAdmins(graph),
    oracleRoleHolders(graph),
    oracleStaleAccounts(graph, staleAfterDays, now),
    oracleHighPrivilegeApps(graph),
    oracleCrossIdp(graph),
  ]);
  return { globalAdmins, roles, staleAccounts, highPrivilegeApps, crossIdp };
}

async function oracleGlobalAdmins(graph: Graph): Promise<AccountView[]> {
  const rows = await graph.read<{ account: AccountView }>(
    `MATCH (r:Role) WHERE r.source = 'ENTRA_ID' AND toLower(r.roleKey) = $ga
     MATCH ${ACTIVE_HOLDERS}
     WITH DISTINCT a
     RETURN ${ACCOUNT_PROJECTION} AS account
     ORDER BY account.displayName, account.id`,
    { ga: GLOBAL_ADMIN_TEMPLATE_ID },
  );
  return rows.map((r) => r.account);
}

async function oracleRoleHolders(graph: Graph): Promise<OracleRole[]> {
  const rows = await graph.read<{
    source: Source;
    role: string | null;
    roleKey: string | null;
    tier0: boolean | null;
    privileged: boolean | null;
    activeHolders: number;
    eligibleHolders: number;
    holders: AccountView[];
  }>(
    `MATCH (r:Role)
     CALL (r) {
       MATCH ${ALL_HOLDERS}
       WHERE h.assignment IN ['active', 'eligible']
       WITH a, max(CASE h.assignment WHEN 'active' THEN 1 ELSE 0 END) AS isActive
       ORDER BY isActive DESC, ${ACCOUNT_ORDER}
       RETURN count(CASE WHEN isActive = 1 THEN 1 END) AS activeHolders,
              count(CASE WHEN isActive = 0 THEN 1 END) AS eligibleHolders,
              collect(${ACCOUNT_PROJECTION}) AS holders
     }
     WITH r, activeHolders, eligibleHolders, holders WHERE activeHolders + eligibleHolders > 0
     RETURN r.source AS source, ${ROLE_NAME} AS role, r.roleKey AS roleKey, r.tier0 AS tier0, r.privileged AS privileged,
            activeHolders, eligibleHolders, holders
     ORDER BY source, role, roleKey`,
  );
  return rows.map((r) => {
    const roleKey = r.roleKey ?? '';
    const fallback = r.source === 'OKTA' ? oktaRoleClass(roleKey) : entraRoleClass(roleKey.toLowerCase());
    return {
      source: r.source,
      role: r.role ?? roleKey,
      roleKey,
      tier0: r.tier0 ?? fallback.tier0,
      privileged: r.privileged ?? fallback.privileged,
      activeHolders: r.activeHolders,
      eligibleHolders: r.eligibleHolders,
      holders: r.holders,
    };
  });
}

const IS_STALE = `CASE
  WHEN ${isDate('a.lastSignInAt')} THEN a.lastSignInAt < $cutoff
  ELSE NOT ${isDate('a.createdAt')} OR a.createdAt < $cutoff
END`;

async function oracleStaleAccounts(graph: Graph, staleAfterDays: number, now: Date): Promise<OraclePosture['staleAccounts']> {
  const rows = await graph.read<{ a: AccountView }>(
    `MATCH (a:Account) WHERE a.active = true AND ${IS_STALE}
     RETURN ${ACCOUNT_PROJECTION} AS a`,
    { cutoff: staleCutoff(staleAfterDays, now) },
  );
  const accounts = rows.map((r) => r.a).sort(byAccountOrder);
  return SOURCES.map((source) => {
    const mine = accounts.filter((a) => a.source === source);
    return { source, count: mine.length, accounts: mine };
  });
}

async function oracleHighPrivilegeApps(graph: Graph): Promise<ApplicationView[]> {
  const rows = await graph.read<{ app: ApplicationView }>(
    `MATCH (app:ServicePrincipal) WHERE any(v IN coalesce(app.graphAppPermissions, []) WHERE v CONTAINS 'ReadWrite')
     RETURN ${APPLICATION_PROJECTION} AS app
     ORDER BY app.displayName, app.id`,
  );
  return rows.map((r) => r.app);
}

async function oracleCrossIdp(graph: Graph): Promise<OraclePosture['crossIdp']> {
  const [counts, mfa, privileged, federated, apps] = await Promise.all([
    peopleCounts(graph),
    mfaGaps(graph),
    privilegedPeople(graph),
    oktaFederatesEntra(graph),
    ssoApps(graph),
  ]);
  const gaps: MfaGapView[] = [
    ...mfa.map((g) => ({ ...g, federatedThroughOkta: g.kind === 'MFA_ONLY_IN_OKTA' && federated })),
    ...privileged.flatMap((f) => phishingResistantGap(f) ?? []),
  ];
  const conflicts = privileged.flatMap(roleConflicts);
  return {
    ...counts,
    mfaGaps: gaps.sort((a, b) => MFA_GAP_KINDS.indexOf(a.kind) - MFA_GAP_KINDS.indexOf(b.kind) || byPerson(a.person, b.person)),
    roleConflicts: conflicts.sort(
      (a: RoleConflictView, b: RoleConflictView) =>
        ROLE_CONFLICT_KINDS.indexOf(a.kind) - ROLE_CONFLICT_KINDS.indexOf(b.kind) || byPerson(a.person, b.person),
    ),
    ...ssoFindings(apps),
  };
}

function byPerson(a: PersonView, b: PersonView): number {
  return cmp(a.displayName, b.displayName) || cmp(a.id, b.id);
}

async function peopleCounts(graph: Graph): Promise<{ inBoth: number; onlyInEntra: number; onlyInOkta: number }> {
  const [row] = await graph.read<{ inBoth: number; onlyInEntra: number; onlyInOkta: number }>(
    `OPTIONAL MATCH (p:Person)-[:HAS_ACCOUNT]->(a:Account)
     WITH p, count(CASE WHEN a:EntraUser THEN 1 END) AS entra, count(CASE WHEN a:EntraUser AND a.active = true THEN 1 END) AS entraActive,
             count(CASE WHEN a:OktaUser THEN 1 END) AS okta, count(CASE WHEN a:OktaUser AND a.active = true THEN 1 END) AS oktaActive
     RETURN count(CASE WHEN entra > 0 AND okta > 0 THEN 1 END) AS inBoth,
            count(CASE WHEN entraActive > 0 AND okta = 0 THEN 1 END) AS onlyInEntra,
            count(CASE WHEN oktaActive > 0 AND entra = 0 THEN 1 END) AS onlyInOkta`,
  );
  return row ?? { inBoth: 0, onlyInEntra: 0, onlyInOkta: 0 };
}

async function mfaGaps(graph: Graph): Promise<Array<Omit<MfaGapView, 'federatedThroughOkta'>>> {
  const rows = await graph.read<{ kind: MfaGapKind; person: PersonView; accounts: AccountView[] }>(
    `MATCH (p:Person)-[:HAS_ACCOUNT]->(a:Account) WHERE a.active = true
     WITH p, collect(a) AS act
     WITH p, act,
          [a IN act WHERE a:EntraUser AND coalesce(a.mfaRegistered, false) = false] AS entraWithout,
          [a IN act WHERE a:EntraUser AND a.mfaRegistered = true] AS entraWith,
          [a IN act WHERE a:OktaUser AND coalesce(a.mfaRegistered, false) = false] AS oktaWithout,
          [a IN act WHERE a:OktaUser AND a.mfaRegistered = true] AS oktaWith
     UNWIND [
       CASE WHEN size(entraWith) + size(oktaWith) = 0 THEN {kind: 'NO_MFA_ANYWHERE', accounts: act} END,
       CASE WHEN size(entraWithout) > 0 AND size(oktaWith) > 0 THEN {kind: 'MFA_ONLY_IN_OKTA', accounts: entraWithout + oktaWith} END,
       CASE WHEN size(oktaWithout) > 0 AND size(entraWith) > 0 THEN {kind: 'MFA_ONLY_IN_ENTRA', accounts: oktaWithout + entraWith} END
     ] AS gap
     WITH p, gap WHERE gap IS NOT NULL
     RETURN gap.kind AS kind, ${PERSON_PROJECTION} AS person, [a IN gap.accounts | ${ACCOUNT_PROJECTION}] AS accounts`,
  );
  return rows.map((r) => ({ kind: r.kind, person: r.person, accounts: r.accounts.sort(byAccountOrder) }));
}

async function privilegedPeople(graph: Graph): Promise<PrivilegedPersonFacts[]> {
  const rows = await graph.read<{ person: PersonView; holds: RoleHold[]; accounts: AccountView[] }>(
    `MATCH (r:Role)
     WITH r, CASE WHEN r.source = 'OKTA' THEN r.roleKey ELSE toLower(r.roleKey) END AS roleKey
     WITH r,
          coalesce(r.privileged, CASE WHEN r.source = 'OKTA' THEN NOT roleKey IN $oktaReadOnly ELSE NOT roleKey IN $entraReadOnly END) AS privileged,
          coalesce(r.tier0, CASE WHEN r.source = 'OKTA' THEN roleKey IN $oktaTier0 ELSE roleKey IN $entraTier0 END) AS tier0
     WHERE privileged
     MATCH ${ALL_HOLDERS}
     WHERE h.assignment IN ['active', 'eligible']
     MATCH (p:Person)-[:HAS_ACCOUNT]->(a)
     WITH p, a, r, tier0, collect(DISTINCT h.assignment) AS how
     WITH p, collect({accountId: a.key, source: r.source, role: ${ROLE_NAME}, tier0: tier0, active: 'active' IN how}) AS holds
     CALL (p) {
       MATCH (p)-[:HAS_ACCOUNT]->(a:Account)
       RETURN collect(${ACCOUNT_PROJECTION}) AS accounts
     }
     RETURN ${PERSON_PROJECTION} AS person, holds, accounts`,
    {
      oktaReadOnly: [...OKTA_READ_ONLY],
      entraReadOnly: [...ENTRA_READ_ONLY],
      oktaTier0: [...OKTA_TIER0],
      entraTier0: [...ENTRA_TIER0],
    },
  );
  return rows.map((r) => ({ person: r.person, holds: r.holds, accounts: r.accounts.sort(byAccountOrder) }));
}

async function oktaFederatesEntra(graph: Graph): Promise<boolean> {
  const [row] = await graph.read<{ federated: boolean }>(
    `RETURN EXISTS { MATCH (app:OktaApp) WHERE app.name = 'office365' AND app.status = 'ACTIVE' } AS federated`,
  );
  return row?.federated ?? false;
}

async function ssoApps(graph: Graph): Promise<SsoApp[]> {
  const rows = await graph.read<{ app: ApplicationView; nameNorm: string | null; hosts: string[] | null; passwordSso: boolean | null }>(
    `MATCH (app:Application) WHERE app:ServicePrincipal OR app:OktaApp
     RETURN ${APPLICATION_PROJECTION} AS app, app.nameNorm AS nameNorm, app.signOnHosts AS hosts, app.passwordSso AS passwordSso`,
  );
  return rows.map((r) => ({
    app: r.app,
    nameNorm: r.nameNorm ?? normalizeAppName(r.app.displayName),
    hosts: [...new Set((r.hosts ?? []).map((h) => h.trim().toLowerCase()).filter((h) => h !== ''))],
    passwordSso: r.passwordSso === true,
  }));
}
