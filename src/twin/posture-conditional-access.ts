/**
 * IdentityPosture.conditionalAccess.
 *
 * legacyAuthBlocked reads the contract literally: an enabled policy whose grant blocks and whose
 * clientAppTypes list both exchangeActiveSync and other. A policy on client app type "all" does not
 * count: it blocks every client, which is a lockout rule for some users, not a legacy-auth block.
 */
import type { Graph } from '../neo4j/driver.js';
import type { ConditionalAccessPolicyView, ConditionalAccessPostureView } from './views.js';

/** "A policy enforces MFA when it is enabled, its grant controls contain mfa or an authentication strength,
 * it includes application All, and it has no sign-in or user risk condition." */
const ENFORCES_MFA = `p.state = 'ENABLED' AND p.requiresMfa = true AND p.includeAllApps = true AND coalesce(p.hasRiskCondition, false) = false`;

export async function conditionalAccessPosture(graph: Graph): Promise<ConditionalAccessPostureView> {
  const [policies, flags, uncovered] = await Promise.all([policyList(graph), policyFlags(graph), accountsWithoutMfaEnforcement(graph)]);
  return {
    enabled: policies.filter((p) => p.state === 'ENABLED').length,
    reportOnly: policies.filter((p) => p.state === 'REPORT_ONLY').length,
    disabled: policies.filter((p) => p.state === 'DISABLED').length,
    policies,
    ...flags,
    accountsWithoutMfaEnforcement: uncovered,
  };
}

async function policyList(graph: Graph): Promise<ConditionalAccessPolicyView[]> {
  const rows = await graph.read<{ p: ConditionalAccessPolicyView }>(
    `MATCH (p:ConditionalAccessPolicy)
     RETURN p { id: p.key, displayName: coalesce(p.displayName, ''), state: coalesce(p.state, 'DISABLED'),
                grantControls: coalesce(p.grantControls, []), requiresMfa: coalesce(p.requiresMfa, false),
                blocks: coalesce(p.blocks, false) } AS p
     ORDER BY p.displayName, p.id`,
  );
  return rows.map((r) => r.p);
}

async function policyFlags(graph: Graph): Promise<{ mfaRequiredForAllUsers: boolean; legacyAuthBlocked: boolean }> {
  const [row] = await graph.read<{ mfaRequiredForAllUsers: boolean; legacyAuthBlocked: boolean }>(
    `OPTIONAL MATCH (p:ConditionalAccessPolicy {state: 'ENABLED'})
     RETURN
       coalesce(any(x IN collect(p.requiresMfa = true AND p.includeAllUsers = true AND p.includeAllApps = true
                                 AND coalesce(p.hasRiskCondition, false) = false) WHERE x), false) AS mfaRequiredForAllUsers,
       coalesce(any(x IN collect(p.blocks = true AND 'exchangeActiveSync' IN coalesce(p.clientAppTypes, [])
                                 AND 'other' IN coalesce(p.clientAppTypes, [])) WHERE x), false) AS legacyAuthBlocked`,
  );
  return row ?? { mfaRequiredForAllUsers: false, legacyAuthBlocked: false };
}

/**
 * Active Entra accounts that no MFA-enforcing policy covers. Set-based, from the policies' side: only
 * accounts reached from some enforcing policy's INCLUDES/EXCLUDES target (the account itself, a group it
 * is in transitively, a role it holds actively) are evaluated one by one. Every other active account is
 * covered exactly when some enforcing policy includes All users, since nothing of it is excluded.
 */
export async function accountsWithoutMfaEnforcement(graph: Graph): Promise<number> {
  const [row] = await graph.read<{ uncovered: number }>(
    `OPTIONAL MATCH (p:ConditionalAccessPolicy) WHERE ${ENFORCES_MFA}
     WITH collect(p) AS enforcing
     WITH enforcing, size([p IN enforcing WHERE p.includeAllUsers = true]) AS allUsersPolicies
     CALL (enforcing, allUsersPolicies) {
       UNWIND enforcing AS p
       MATCH (p)-[rel:INCLUDES|EXCLUDES]->(t)
       CALL (t) {
         MATCH (a:EntraUser)-[:MEMBER_OF*0..]->(t) RETURN a
         UNION
         MATCH (a:EntraUser)-[:MEMBER_OF*0..]->()-[:HAS_ROLE {assignment: 'active'}]->(t:Role) RETURN a
       }
       WITH a, p, collect(DISTINCT type(rel)) AS how WHERE a.active = true
       WITH a, collect({all: p.includeAllUsers = true, included: 'INCLUDES' IN how, excluded: 'EXCLUDES' IN how}) AS verdicts
       WITH a, any(v IN verdicts WHERE (v.all OR v.included) AND NOT v.excluded)
               OR size([v IN verdicts WHERE v.all]) < allUsersPolicies AS covered
       RETURN count(a) AS reached, count(CASE WHEN covered THEN 1 END) AS reachedCovered
     }
     CALL () {
       MATCH (a:EntraUser) WHERE a.active = true RETURN count(a) AS active
     }
     RETURN (reached - reachedCovered) + CASE WHEN allUsersPolicies > 0 THEN 0 ELSE active - reached END AS uncovered`,
  );
  return row?.uncovered ?? 0;
}
