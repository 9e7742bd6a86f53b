/** ApplicationInventory.highPrivilegeApps: pages of the materialised list (posture-facts.ts). */
import type { Graph } from '../neo4j/driver.js';
import { APPLICATION_PROJECTION, type ApplicationView, type Page } from './views.js';
import { ALL } from './posture-facts.js';
import { FINDINGS_PAGE, findingsParams, inOrder, pageKey } from './posture-pages.js';
import { PostureListCache } from './posture-cache.js';

const HIGH_PRIVILEGE_APPS = new PostureListCache<ApplicationView[]>();

/**
 * Service principals granted a Microsoft Graph application permission containing ReadWrite, by displayName
 * then id. `version`: the facts' version the page may be kept under (posture-cache.ts).
 */
export function highPrivilegeAppsPage(graph: Graph, page: Page, version: string | null = null): Promise<ApplicationView[]> {
  const params = findingsParams('highPrivilegeApp', ALL, page);
  return HIGH_PRIVILEGE_APPS.page(graph, version, pageKey(page), async () => {
    const rows = await graph.read<{ sort: string; app: ApplicationView }>(
      `${FINDINGS_PAGE}
       MATCH (app:Application {key: f.subject})
       RETURN f.sort AS sort, ${APPLICATION_PROJECTION} AS app`,
      params,
    );
    return inOrder(rows).map((r) => r.app);
  });
}
