/** IdentityPosture.applications: the app inventory and the over-privileged service principals. */
import type { Graph } from '../neo4j/driver.js';
import { APPLICATION_PROJECTION, type ApplicationInventoryView, type ApplicationView } from './views.js';

export async function applicationInventory(graph: Graph): Promise<ApplicationInventoryView> {
  const [counts, highPrivilegeApps] = await Promise.all([
    graph.read<{ entraApplications: number; entraServicePrincipals: number; oktaApps: number }>(
      `CALL () { MATCH (app:EntraAppRegistration) RETURN count(app) AS entraApplications }
       CALL () { MATCH (app:ServicePrincipal) WHERE app.servicePrincipalType = 'Application' RETURN count(app) AS entraServicePrincipals }
       CALL () { MATCH (app:OktaApp) RETURN count(app) AS oktaApps }
       RETURN entraApplications, entraServicePrincipals, oktaApps`,
    ),
    graph.read<{ app: ApplicationView }>(
      // Contract: a Microsoft Graph *application* permission whose value contains ReadWrite.
      `MATCH (app:ServicePrincipal) WHERE any(v IN coalesce(app.graphAppPermissions, []) WHERE v CONTAINS 'ReadWrite')
       RETURN ${APPLICATION_PROJECTION} AS app
       ORDER BY app.displayName, app.id`,
    ),
  ]);
  const c = counts[0] ?? { entraApplications: 0, entraServicePrincipals: 0, oktaApps: 0 };
  return { ...c, highPrivilegeApps: highPrivilegeApps.map((r) => r.app) };
}
