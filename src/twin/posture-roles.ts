/** IdentityPosture.globalAdmins and .roles: who holds which admin role, actively or through PIM. */
import type { Graph } from '../neo4j/driver.js';
import type { Source } from '../model/vocabulary.js';
import { ACCOUNT_PROJECTION, type AccountView, type RoleHoldersView } from './views.js';
import { ACCOUNT_ORDER, ACTIVE_HOLDERS, ALL_HOLDERS, ROLE_NAME } from './cypher.js';
import { GLOBAL_ADMIN_TEMPLATE_ID, entraRoleClass, oktaRoleClass } from '../model/vocabulary.js';

/** Accounts holding Entra Global Administrator actively; eligible-only holders are not listed. */
export async function globalAdmins(graph: Graph): Promise<AccountView[]> {
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

/**
 * Every role with at least one holder. An account holding a role both actively and through PIM counts as
 * active only; holders lists the active holders first, then the eligible ones.
 */
export async function roleHolders(graph: Graph): Promise<RoleHoldersView[]> {
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
