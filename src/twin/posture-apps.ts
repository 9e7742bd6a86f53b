/** ApplicationInventory.highPrivilegeApps: pages of the materialised list (posture-facts.ts). */
import type { Graph } from '../neo4j/driver.js';
import { APPLICATION_PROJECTION, type ApplicationView, type Page } from './views.js';
import { ALL } from './posture-facts.js';
import { FINDINGS_PAGE, findingsParams, inOrder } from './posture-pages.js';

/** Service principals granted a Microsoft Graph application permission containing ReadWrite, by displayName then id. */
export async function highPrivilegeAppsPage(graph: Graph, page: Page): Promise<ApplicationView[]> {
  const rows = await graph.read<{ sort: string; app: ApplicationView }>(
    `${FINDINGS_PAGE}
     MATCH (app:Application {key: f.subject})
     RETURN f.sort AS sort, ${APPLICATION_PROJECTION} AS app`,
    findingsParams('highPrivilegeApp', ALL, page),
  );
  return inOrder(rows).map((r) => r.app);
}
