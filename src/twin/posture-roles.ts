/** IdentityPosture.globalAdmins and RoleHolders.holders: pages of the materialised holders (posture-facts.ts). */
import neo4j from 'neo4j-driver';
import type { Graph } from '../neo4j/driver.js';
import { ACCOUNT_PROJECTION, type AccountView, type Page } from './views.js';
import { ALL } from './posture-facts.js';
import { FINDINGS_PAGE, checkPage, inOrder, keptFindingsPage } from './posture-pages.js';
import { PostureListCache } from './posture-cache.js';

const GLOBAL_ADMINS = new PostureListCache<AccountView[]>();

/**
 * Accounts holding Entra Global Administrator actively, by displayName then id; eligible-only holders are not
 * listed. `version`: the facts' version the page may be kept under (posture-cache.ts).
 */
export function globalAdminsPage(graph: Graph, page: Page, version: string | null = null): Promise<AccountView[]> {
  const cypher = `${FINDINGS_PAGE}
     MATCH (a:Account {key: f.subject})
     RETURN f.sort AS sort, ${ACCOUNT_PROJECTION} AS account`;
  return keptFindingsPage(graph, GLOBAL_ADMINS, version, { list: 'globalAdmin', bucket: ALL, page, cypher }, (r: { sort: string; account: AccountView }) => r.account);
}

/**
 * One page of holders for each role (by node key), in one statement: active holders first, then the
 * eligible ones, each by displayName then id. Answers in the order of `roleIds`.
 */
export async function roleHoldersPages(graph: Graph, roleIds: readonly string[], page: Page): Promise<AccountView[][]> {
  checkPage(page);
  const rows = await graph.read<{ roleId: string; sort: string; account: AccountView }>(
    `UNWIND $roleIds AS roleId
     CALL (roleId) {
       MATCH (f:PostureFinding) WHERE f.list = 'roleHolder' AND f.bucket = roleId AND f.sort IS NOT NULL
       WITH f ORDER BY f.list, f.bucket, f.sort SKIP $offset LIMIT $first
       MATCH (a:Account {key: f.subject})
       RETURN f.sort AS sort, ${ACCOUNT_PROJECTION} AS account
     }
     RETURN roleId, sort, account`,
    { roleIds: [...new Set(roleIds)], offset: neo4j.int(page.offset), first: neo4j.int(page.first) },
  );
  const byRole = new Map<string, AccountView[]>();
  for (const r of inOrder(rows)) byRole.set(r.roleId, [...(byRole.get(r.roleId) ?? []), r.account]);
  return roleIds.map((id) => byRole.get(id) ?? []);
}
