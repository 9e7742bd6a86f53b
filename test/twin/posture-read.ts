/**
 * Reads the materialised posture whole, page by page (small pages, so paging itself is exercised), in the
 * shape the per-request posture had before it was paged: the tests keep their assertions on it, and the
 * oracle test compares it with posture-oracle.ts.
 */
import type { Graph } from '../../src/neo4j/driver.js';
import { identityPosture } from '../../src/twin/posture.js';
import { globalAdminsPage, roleHoldersPages } from '../../src/twin/posture-roles.js';
import { staleAccountsPages } from '../../src/twin/posture-stale.js';
import { highPrivilegeAppsPage, ssoGapsPage } from '../../src/twin/posture-apps.js';
import { mfaGapsPage, roleConflictsPage, ssoOverlapPage } from '../../src/twin/cross-idp.js';
import { MFA_GAP_KINDS, ROLE_CONFLICT_KINDS } from '../../src/model/vocabulary.js';
import type { IdentityPostureView, MfaGapView, Page, RoleConflictView } from '../../src/twin/views.js';
import type { OraclePosture } from './posture-oracle.js';

/** Every item of a paged list, `size` at a time. */
export async function allPages<T>(read: (page: Page) => Promise<T[]>, size = 3): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += size) {
    const items = await read({ first: size, offset });
    out.push(...items);
    if (items.length < size) return out;
  }
}

export interface PagedPosture extends OraclePosture {
  view: IdentityPostureView;
  /** mfaGaps and roleConflicts without a kind: the contract order (person, then kind). */
  mfaGapsByPerson: MfaGapView[];
  roleConflictsByPerson: RoleConflictView[];
}

export async function pagedPosture(graph: Graph, staleAfterDays: number, now: Date, size = 3): Promise<PagedPosture> {
  const view = await identityPosture(graph, staleAfterDays, now);
  const holders = await Promise.all(view.roles.map((r) => allPages(async (p) => (await roleHoldersPages(graph, [r.roleId], p))[0] ?? [], size)));
  const stale = await Promise.all(view.staleAccounts.map((s) => allPages(async (p) => (await staleAccountsPages(graph, [s], p))[0] ?? [], size)));
  // Kind by kind, in enum order: the order the per-request posture had.
  const gapsByKind = (await Promise.all(MFA_GAP_KINDS.map((k) => allPages((p) => mfaGapsPage(graph, k, p), size)))).flat();
  const conflictsByKind = (await Promise.all(ROLE_CONFLICT_KINDS.map((k) => allPages((p) => roleConflictsPage(graph, k, p), size)))).flat();
  return {
    view,
    globalAdmins: await allPages((p) => globalAdminsPage(graph, p), size),
    roles: view.roles.map(({ roleId: _roleId, ...r }, i) => ({ ...r, holders: holders[i] ?? [] })),
    staleAccounts: view.staleAccounts.map((s, i) => ({ source: s.source, count: s.count, accounts: stale[i] ?? [] })),
    highPrivilegeApps: await allPages((p) => highPrivilegeAppsPage(graph, p), size),
    crossIdp: {
      inBoth: view.crossIdp.inBoth,
      onlyInEntra: view.crossIdp.onlyInEntra,
      onlyInOkta: view.crossIdp.onlyInOkta,
      mfaGaps: gapsByKind,
      roleConflicts: conflictsByKind,
      ssoOverlap: await allPages((p) => ssoOverlapPage(graph, p), size),
      ssoGaps: await allPages((p) => ssoGapsPage(graph, p), size),
    },
    mfaGapsByPerson: await allPages((p) => mfaGapsPage(graph, null, p), size),
    roleConflictsByPerson: await allPages((p) => roleConflictsPage(graph, null, p), size),
  };
}
