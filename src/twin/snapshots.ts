/**
 * Posture over time: after each sync the headline numbers are kept as a (:PostureSnapshot), so trends
 * need no recomputation. Stale accounts use the contract's default threshold of 90 days. The numbers are
 * the materialised posture's (posture-facts.ts), so a snapshot costs two reads and one write.
 */
import neo4j from 'neo4j-driver';
import type { Graph } from '../neo4j/driver.js';
import { badInput } from '../errors.js';
import type { StaleAccountsView } from './views.js';
import type { PostureNumbers } from './posture-facts.js';
import { postureNumbers } from './posture.js';
import { staleCounts } from './posture-stale.js';

export const SNAPSHOT_STALE_AFTER_DAYS = 90;

export interface PostureSnapshotView {
  asOf: string;
  people: number;
  accountsEntra: number;
  accountsOkta: number;
  activeEntra: number;
  activeOkta: number;
  guests: number;
  mfaRatioEntra: number;
  mfaRatioOkta: number;
  globalAdmins: number;
  /** Distinct accounts holding some privileged role actively. */
  privilegedAccounts: number;
  accountsWithoutMfaEnforcement: number;
  /** Active accounts of both sources, stale after 90 days. */
  staleAccounts: number;
  securityEvents: number;
  highSeverityEvents: number;
  inBoth: number;
  peopleOnlyInEntra: number;
  peopleOnlyInOkta: number;
  mfaGaps: number;
  roleConflicts: number;
  ssoOverlap: number;
  ssoGaps: number;
  highPrivilegeApps: number;
}

/** The snapshot numbers of the materialised posture and the stale counts (pure). */
export function snapshotOf(n: PostureNumbers, stale: readonly StaleAccountsView[], asOf: string): PostureSnapshotView {
  const totals = (s: string) => n.accounts.find((a) => a.source === s);
  const ratio = (s: string) => n.mfa.find((m) => m.source === s)?.ratio ?? 0;
  const sum = (xs: ReadonlyArray<{ people: number }>) => xs.reduce((acc, x) => acc + x.people, 0);
  return {
    asOf,
    people: n.people,
    accountsEntra: totals('ENTRA_ID')?.total ?? 0,
    accountsOkta: totals('OKTA')?.total ?? 0,
    activeEntra: totals('ENTRA_ID')?.active ?? 0,
    activeOkta: totals('OKTA')?.active ?? 0,
    guests: totals('ENTRA_ID')?.guests ?? 0,
    mfaRatioEntra: ratio('ENTRA_ID'),
    mfaRatioOkta: ratio('OKTA'),
    globalAdmins: n.globalAdminCount,
    privilegedAccounts: n.privilegedAccounts,
    accountsWithoutMfaEnforcement: n.conditionalAccess.accountsWithoutMfaEnforcement,
    staleAccounts: stale.reduce((acc, s) => acc + s.count, 0),
    securityEvents: n.securityEvents.total,
    highSeverityEvents: n.securityEvents.bySeverity.find((s) => s.severity === 'HIGH')?.count ?? 0,
    inBoth: n.crossIdp.inBoth,
    peopleOnlyInEntra: n.crossIdp.onlyInEntra,
    peopleOnlyInOkta: n.crossIdp.onlyInOkta,
    mfaGaps: sum(n.crossIdp.mfaGapCounts),
    roleConflicts: sum(n.crossIdp.roleConflictCounts),
    ssoOverlap: n.crossIdp.ssoOverlapCount,
    ssoGaps: n.crossIdp.ssoGapCount,
    highPrivilegeApps: n.applications.highPrivilegeAppCount,
  };
}

/** Records the headline numbers of the materialised posture (run after refreshPostureFacts). */
export async function recordPostureSnapshot(graph: Graph, now: Date = new Date()): Promise<PostureSnapshotView> {
  const [numbers, stale] = await Promise.all([postureNumbers(graph), staleCounts(graph, SNAPSHOT_STALE_AFTER_DAYS, now)]);
  const snapshot = snapshotOf(numbers, stale, now.toISOString());
  // MERGE on asOf keeps a retried write from leaving two snapshots.
  await graph.write('MERGE (s:PostureSnapshot {asOf: $snapshot.asOf}) SET s += $snapshot', { snapshot });
  return snapshot;
}

/** Most snapshots postureHistory(limit) returns. */
export const MAX_HISTORY = 1000;

/** Snapshots, newest first; from 1 to 1000 of them. */
export async function postureHistory(graph: Graph, limit: number): Promise<PostureSnapshotView[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY) throw badInput(`limit must be from 1 to ${MAX_HISTORY}`, 'limit');
  const rows = await graph.read<{ s: PostureSnapshotView }>(
    'MATCH (s:PostureSnapshot) RETURN properties(s) AS s ORDER BY s.asOf DESC LIMIT $limit',
    { limit: neo4j.int(limit) },
  );
  return rows.map((r) => r.s);
}
