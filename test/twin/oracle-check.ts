/**
 * The check the issue asks for: on one graph, the materialised posture (its counts, its pages read whole,
 * the facts on accounts and people) equals what the per-request Cypher computed before (posture-oracle.ts).
 */
import { expect } from 'vitest';
import type { Graph } from '../../src/neo4j/driver.js';
import { MFA_GAP_KINDS, ROLE_CONFLICT_KINDS } from '../../src/model/vocabulary.js';
import { cmp } from '../../src/twin/cypher.js';
import type { MfaGapView, RoleConflictView } from '../../src/twin/views.js';
import { oraclePosture } from './posture-oracle.js';
import { pagedPosture } from './posture-read.js';

function byPersonThenKind<T extends MfaGapView | RoleConflictView>(kinds: readonly string[]) {
  return (a: T, b: T): number =>
    cmp(a.person.displayName, b.person.displayName) || cmp(a.person.id, b.person.id) || kinds.indexOf(a.kind) - kinds.indexOf(b.kind);
}

export async function expectMaterialisedEqualsOracle(graph: Graph, staleAfterDays: number, now: Date, pageSize = 2): Promise<void> {
  const [paged, oracle] = await Promise.all([pagedPosture(graph, staleAfterDays, now, pageSize), oraclePosture(graph, staleAfterDays, now)]);
  const { view, mfaGapsByPerson, roleConflictsByPerson, ...lists } = paged;
  expect(lists).toEqual(oracle);

  expect(view.globalAdminCount).toBe(oracle.globalAdmins.length);
  expect(view.applications.highPrivilegeAppCount).toBe(oracle.highPrivilegeApps.length);
  const c = oracle.crossIdp;
  expect(view.crossIdp.mfaGapCounts).toEqual(MFA_GAP_KINDS.map((kind) => ({ kind, people: c.mfaGaps.filter((g) => g.kind === kind).length })));
  expect(view.crossIdp.roleConflictCounts).toEqual(ROLE_CONFLICT_KINDS.map((kind) => ({ kind, people: c.roleConflicts.filter((g) => g.kind === kind).length })));
  expect(view.crossIdp.ssoOverlapCount).toBe(c.ssoOverlap.length);
  expect(view.crossIdp.ssoGapCount).toBe(c.ssoGaps.length);
  // Without a kind, the contract's order: person displayName, person id, then kind.
  expect(mfaGapsByPerson).toEqual([...c.mfaGaps].sort(byPersonThenKind(MFA_GAP_KINDS)));
  expect(roleConflictsByPerson).toEqual([...c.roleConflicts].sort(byPersonThenKind(ROLE_CONFLICT_KINDS)));

  // The facts on the nodes say the same.
  const accounts = await graph.read<{ id: string; globalAdmin: boolean; privilegedActive: boolean }>(
    'MATCH (a:Account) RETURN a.key AS id, a.globalAdmin AS globalAdmin, a.privilegedActive AS privilegedActive',
  );
  expect(accounts.filter((a) => a.globalAdmin).map((a) => a.id).sort()).toEqual(oracle.globalAdmins.map((a) => a.id).sort());
  const privileged = new Set(oracle.roles.filter((r) => r.privileged).flatMap((r) => r.holders.slice(0, r.activeHolders).map((a) => a.id)));
  expect(accounts.filter((a) => a.privilegedActive).map((a) => a.id).sort()).toEqual([...privileged].sort());
  const people = await graph.read<{ id: string; mfaGapKinds: string[] | null; roleConflictKinds: string[] | null }>(
    'MATCH (p:Person) RETURN p.id AS id, p.mfaGapKinds AS mfaGapKinds, p.roleConflictKinds AS roleConflictKinds',
  );
  for (const p of people) {
    expect(p.mfaGapKinds ?? [], p.id).toEqual(MFA_GAP_KINDS.filter((k) => c.mfaGaps.some((g) => g.person.id === p.id && g.kind === k)));
    expect(p.roleConflictKinds ?? [], p.id).toEqual(ROLE_CONFLICT_KINDS.filter((k) => c.roleConflicts.some((g) => g.person.id === p.id && g.kind === k)));
  }
}
