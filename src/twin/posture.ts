/**
 * The merged IdentityPosture of the twin. Each section is a few set-based Cypher statements (no per-account
 * round trips), run concurrently; definitions live with each section's module.
 */
import type { Graph } from '../neo4j/driver.js';
import { badInput } from '../errors.js';
import type { IdentityPostureView } from './views.js';
import { accountTotals, mfaCoverage } from './posture-accounts.js';
import { globalAdmins, roleHolders } from './posture-roles.js';
import { conditionalAccessPosture } from './posture-conditional-access.js';
import { staleAccounts } from './posture-stale.js';
import { securityEventSummary } from './posture-events.js';
import { applicationInventory } from './posture-apps.js';
import { crossIdpPosture } from './cross-idp.js';

const MAX_STALE_AFTER_DAYS = 3650;

/** The check of staleAfterDays (identityPosture's, and so the API's): whole days from 1 to 3650. */
function checkStaleAfterDays(days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > MAX_STALE_AFTER_DAYS) {
    throw badInput(`staleAfterDays must be from 1 to ${MAX_STALE_AFTER_DAYS}`, 'staleAfterDays');
  }
  return days;
}

export async function identityPosture(graph: Graph, staleAfterDays: number, now: Date = new Date()): Promise<IdentityPostureView> {
  checkStaleAfterDays(staleAfterDays);
  const [accounts, mfa, admins, roles, conditionalAccess, stale, securityEvents, applications, crossIdp] = await Promise.all([
    accountTotals(graph),
    mfaCoverage(graph),
    globalAdmins(graph),
    roleHolders(graph),
    conditionalAccessPosture(graph),
    staleAccounts(graph, staleAfterDays, now),
    securityEventSummary(graph),
    applicationInventory(graph),
    crossIdpPosture(graph),
  ]);
  return {
    asOf: now.toISOString(),
    accounts,
    mfa,
    globalAdmins: admins,
    roles,
    conditionalAccess,
    staleAccounts: stale,
    securityEvents,
    applications,
    crossIdp,
  };
}
