/**
 * The merged IdentityPosture of the twin, read from what posture-facts.ts materialised after the last sync:
 * one read of the summary and one index range count of the stale accounts (staleAfterDays is the request's),
 * whatever the tenant size. The lists are paged by their own reads (posture-roles, posture-stale,
 * posture-apps, cross-idp), each one statement.
 */
import type { Graph } from '../neo4j/driver.js';
import { badInput } from '../errors.js';
import type { IdentityPostureView } from './views.js';
import { FACTS_VERSION, type PostureNumbers } from './posture-facts.js';
import { enrichPass } from './enrich-pass.js';
import { staleCounts } from './posture-stale.js';
import { serialized } from './serialize.js';

const MAX_STALE_AFTER_DAYS = 3650;

/**
 * Most roles IdentityPosture.roles lists: Entra has about 130 built-in roles and Okta a dozen standard ones, so
 * only a tenant with dozens of custom roles in use reaches it. Each role's holders are paged on their own, and
 * a page of holders for every role is what this cap multiplies (RoleHolders.holders).
 */
export const MAX_POSTURE_ROLES = 200;

/** Most conditional access policies listed: Entra allows 195 per tenant. */
export const MAX_POSTURE_POLICIES = 500;

/** The check of staleAfterDays (identityPosture's, and so the API's): whole days from 1 to 3650. */
function checkStaleAfterDays(days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > MAX_STALE_AFTER_DAYS) {
    throw badInput(`staleAfterDays must be from 1 to ${MAX_STALE_AFTER_DAYS}`, 'staleAfterDays');
  }
  return days;
}

/** The summary and its revision (the version its pages are kept under: posture-cache.ts). */
interface Summary {
  numbers: PostureNumbers;
  revision: string | null;
}

/** The summary the last refresh wrote, or null when there is none of this version. */
async function readSummary(graph: Graph): Promise<Summary | null> {
  const [row] = await graph.read<{ version: number | null; numbers: string | null; revision: string | null }>(
    `MATCH (s:PostureSummary {key: 'posture'}) RETURN s.version AS version, s.numbers AS numbers, s.revision AS revision`,
  );
  if (!row?.numbers || Number(row.version) !== FACTS_VERSION) return null;
  return { numbers: JSON.parse(row.numbers) as PostureNumbers, revision: row.revision };
}

/**
 * The summary; if none of this version exists yet (a graph synced by an earlier release), the facts are
 * enriched first, once (a whole pass), under the graph's lock.
 */
export async function postureNumbers(graph: Graph): Promise<PostureNumbers> {
  return (await postureSummary(graph)).numbers;
}

async function postureSummary(graph: Graph): Promise<Summary> {
  const summary = await readSummary(graph);
  if (summary) return summary;
  return serialized(graph, async () => {
    const again = await readSummary(graph);
    if (again) return again;
    await enrichPass(graph, { whole: true });
    const fresh = await readSummary(graph);
    if (!fresh) throw new Error('the posture summary was not written');
    return fresh;
  });
}

export async function identityPosture(graph: Graph, staleAfterDays: number, now: Date = new Date()): Promise<IdentityPostureView> {
  return (await readPosture(graph, staleAfterDays, now)).view;
}

/** The posture, and the version of the facts it was read from (its lists' pages are kept under it: posture-cache.ts). */
export async function readPosture(
  graph: Graph,
  staleAfterDays: number,
  now: Date = new Date(),
): Promise<{ view: IdentityPostureView; version: string | null }> {
  checkStaleAfterDays(staleAfterDays);
  const [{ numbers: n, revision }, stale] = await Promise.all([postureSummary(graph), staleCounts(graph, staleAfterDays, now)]);
  const view: IdentityPostureView = {
    asOf: now.toISOString(),
    accounts: n.accounts,
    mfa: n.mfa,
    globalAdminCount: n.globalAdminCount,
    // The summary holds every role and policy (the counts are over all of them); a response lists the first ones.
    roles: n.roles.slice(0, MAX_POSTURE_ROLES),
    conditionalAccess: { ...n.conditionalAccess, policies: n.conditionalAccess.policies.slice(0, MAX_POSTURE_POLICIES) },
    staleAccounts: stale,
    securityEvents: n.securityEvents,
    applications: n.applications,
    crossIdp: n.crossIdp,
  };
  return { view, version: revision };
}
