/**
 * Posture over time: after each sync the headline numbers are kept as a (:PostureSnapshot), so trends
 * need no recomputation. Stale accounts use the contract's default threshold of 90 days.
 */
import neo4j from 'neo4j-driver';
import type { Graph } from '../neo4j/driver.js';
import { badInput } from '../errors.js';
import type { IdentityPostureView } from './views.js';
import { identityPosture } from './posture.js';

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

/** The snapshot numbers of a computed posture (pure). */
export function snapshotOf(p: IdentityPostureView, people: number): PostureSnapshotView {
  const totals = (s: string) => p.accounts.find((a) => a.source === s);
  const ratio = (s: string) => p.mfa.find((m) => m.source === s)?.ratio ?? 0;
  const privileged = new Set(p.roles.filter((r) => r.privileged).flatMap((r) => r.holders.slice(0, r.activeHolders).map((a) => a.id)));
  return {
    asOf: p.asOf,
    people,
    accountsEntra: totals('ENTRA_ID')?.total ?? 0,
    accountsOkta: totals('OKTA')?.total ?? 0,
    activeEntra: totals('ENTRA_ID')?.active ?? 0,
    activeOkta: totals('OKTA')?.active ?? 0,
    guests: totals('ENTRA_ID')?.guests ?? 0,
    mfaRatioEntra: ratio('ENTRA_ID'),
    mfaRatioOkta: ratio('OKTA'),
    globalAdmins: p.globalAdmins.length,
    privilegedAccounts: privileged.size,
    accountsWithoutMfaEnforcement: p.conditionalAccess.accountsWithoutMfaEnforcement,
    staleAccounts: p.staleAccounts.reduce((n, s) => n + s.count, 0),
    securityEvents: p.securityEvents.total,
    highSeverityEvents: p.securityEvents.bySeverity.find((s) => s.severity === 'HIGH')?.count ?? 0,
    inBoth: p.crossIdp.inBoth,
    peopleOnlyInEntra: p.crossIdp.onlyInEntra,
    peopleOnlyInOkta: p.crossIdp.onlyInOkta,
    mfaGaps: p.crossIdp.mfaGaps.length,
    roleConflicts: p.crossIdp.roleConflicts.length,
    ssoOverlap: p.crossIdp.ssoOverlap.length,
    ssoGaps: p.crossIdp.ssoGaps.length,
    highPrivilegeApps: p.applications.highPrivilegeApps.length,
  };
}

export async function recordPostureSnapshot(graph: Graph, now: Date = new Date()): Promise<PostureSnapshotView> {
  const [posture, people] = await Promise.all([
    identityPosture(graph, SNAPSHOT_STALE_AFTER_DAYS, now),
    graph.read<{ n: number }>('MATCH (p:Person) RETURN count(p) AS n'),
  ]);
  const snapshot = snapshotOf(posture, people[0]?.n ?? 0);
  // MERGE on asOf keeps a retried write from leaving two snapshots.
  await graph.write('MERGE (s:PostureSnapshot {asOf: $snapshot.asOf}) SET s += $snapshot', { snapshot });
  return snapshot;
}

const MAX_HISTORY = 1000;

/** Snapshots, newest first; from 1 to 1000 of them. */
export async function postureHistory(graph: Graph, limit: number): Promise<PostureSnapshotView[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY) throw badInput(`limit must be from 1 to ${MAX_HISTORY}`, 'limit');
  const rows = await graph.read<{ s: PostureSnapshotView }>(
    'MATCH (s:PostureSnapshot) RETURN properties(s) AS s ORDER BY s.asOf DESC LIMIT $limit',
    { limit: neo4j.int(limit) },
  );
  return rows.map((r) => r.s);
}
