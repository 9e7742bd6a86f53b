/** The posture lists of applications (highPrivilegeApps, ssoGaps): pages of the materialised findings (posture-facts.ts). */
import type { Graph } from '../neo4j/driver.js';
import { APPLICATION_PROJECTION, type ApplicationView, type Page } from './views.js';
import { ALL, type FindingList } from './posture-facts.js';
import { FINDINGS_PAGE, keptFindingsPage } from './posture-pages.js';
import { PostureListCache } from './posture-cache.js';

const KEPT = { highPrivilegeApp: new PostureListCache<ApplicationView[]>(), ssoGap: new PostureListCache<ApplicationView[]>() };

/** A page of a list whose findings are applications; `version`: the facts' version it may be kept under (posture-cache.ts). */
function applicationsPage(graph: Graph, list: FindingList & keyof typeof KEPT, page: Page, version: string | null): Promise<ApplicationView[]> {
  const cypher = `${FINDINGS_PAGE}
     MATCH (app:Application {key: f.subject})
     RETURN f.sort AS sort, ${APPLICATION_PROJECTION} AS app`;
  return keptFindingsPage(graph, KEPT[list], version, { list, bucket: ALL, page, cypher }, (r: { sort: string; app: ApplicationView }) => r.app);
}

/** Service principals granted a Microsoft Graph application permission containing ReadWrite, by displayName then id. */
export function highPrivilegeAppsPage(graph: Graph, page: Page, version: string | null = null): Promise<ApplicationView[]> {
  return applicationsPage(graph, 'highPrivilegeApp', page, version);
}

/** Password-SSO apps of both IdPs, by source, then displayName and id. */
export function ssoGapsPage(graph: Graph, page: Page, version: string | null = null): Promise<ApplicationView[]> {
  return applicationsPage(graph, 'ssoGap', page, version);
}
