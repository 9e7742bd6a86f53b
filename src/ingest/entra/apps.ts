/**
 * App registrations, service principals, and what each service principal was granted: application
 * permissions (its appRoleAssignments, resolved to values through the resource service principal's
 * appRoles; appRoleId 00000000-... is default access and has no value) and delegated grants
 * (`/oauth2PermissionGrants`, scopes split on whitespace). The assignments of 20 service principals come
 * in one `$batch`.
 *
 * Two small maps stay in memory: delegated scopes per (client, resource) pair, read first so a refused
 * grant listing changes nothing, and resource app roles, primed from the listing and completed on
 * demand (a resource can be on a later page).
 */
import { TwinError } from '../../errors.js';
import { EntraAppRegistrationNode, HAS_PERMISSION, ServicePrincipalNode } from '../../model/graph.js';
import { normalizeAppName, normalizeDate } from '../../model/vocabulary.js';
import { mergeRelsWithPlaceholder, upsertNodes, writeFacet, type FacetRow, type NodeRow, type PlaceholderRelRow } from '../../model/writes.js';
import type { Resource, RowsOf } from '../resource.js';
import { BUCKET } from './buckets.js';
import { childEvents, type ChildListing } from './child-lists.js';
import type { GraphClient } from './client.js';
import type {
  GraphAppRole, GraphAppRoleAssignment, GraphApplication, GraphCredential, GraphPermissionGrant, GraphServicePrincipal,
} from './graph-types.js';
import type { EntraKeys } from './keys.js';
import type { EntraSession } from './session.js';

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const DEFAULT_ACCESS_ROLE = '00000000-0000-0000-0000-000000000000';

export const APPLICATIONS_URL = '/applications?$select=id,appId,displayName,signInAudience,web,passwordCredentials,keyCredentials&$top=999';
export const SP_FIELDS = [
  'id', 'appId', 'displayName', 'servicePrincipalType', 'preferredSingleSignOnMode', 'loginUrl', 'replyUrls',
  'accountEnabled', 'appOwnerOrganizationId', 'passwordCredentials', 'keyCredentials', 'appRoles',
] as const;
export const SERVICE_PRINCIPALS_URL = `/servicePrincipals?$select=${SP_FIELDS.join(',')}&$top=999`;

const spPath = (id: string): string => `/servicePrincipals/${encodeURIComponent(id)}`;

/** Distinct lower-case hosts of the http(s) URLs given; wildcards and junk are skipped. */
export function hostsOf(urls: ReadonlyArray<string | null | undefined>): string[] {
  const hosts = new Set<string>();
  for (const raw of urls) {
    if (!raw) continue;
    try {
      const u = new URL(raw.trim());
      if ((u.protocol === 'https:' || u.protocol === 'http:') && u.hostname && !u.hostname.includes('*')) hosts.add(u.hostname.toLowerCase());
    } catch {
      // Not a URL (custom schemes without host, wildcards): no sign-on host.
    }
  }
  return [...hosts].sort();
}

export function credentialExpiries(x: { passwordCredentials?: GraphCredential[] | null; keyCredentials?: GraphCredential[] | null }): string[] {
  const dates = [...(x.passwordCredentials ?? []), ...(x.keyCredentials ?? [])]
    .map((c) => normalizeDate(c.endDateTime))
    .filter((d): d is string => d !== null);
  return [...new Set(dates)].sort();
}

export function transformApplication(a: GraphApplication, keys: EntraKeys): NodeRow<typeof EntraAppRegistrationNode> {
  return {
    key: keys.app(a.id),
    props: {
      externalId: a.appId ?? null,
      objectId: a.id,
      displayName: a.displayName ?? null,
      nameNorm: normalizeAppName(a.displayName),
      signInAudience: a.signInAudience ?? null,
      signOnHosts: hostsOf(a.web?.redirectUris ?? []),
      credentialExpiries: credentialExpiries(a),
    },
  };
}

export function transformServicePrincipal(sp: GraphServicePrincipal, keys: EntraKeys): NodeRow<typeof ServicePrincipalNode> {
  return {
    key: keys.servicePrincipal(sp.id),
    props: {
      externalId: sp.appId ?? null,
      objectId: sp.id,
      displayName: sp.displayName ?? null,
      nameNorm: normalizeAppName(sp.displayName),
      servicePrincipalType: sp.servicePrincipalType ?? null,
      preferredSingleSignOnMode: sp.preferredSingleSignOnMode ?? null,
      passwordSso: sp.preferredSingleSignOnMode?.toLowerCase() === 'password',
      signOnHosts: hostsOf([sp.loginUrl, ...(sp.replyUrls ?? [])]),
      credentialExpiries: credentialExpiries(sp),
      accountEnabled: sp.accountEnabled !== false,
      appOwnerOrganizationId: sp.appOwnerOrganizationId ?? null,
    },
  };
}

/** A resource service principal's app roles, id (lower-case) -> value. */
export interface ResourceInfo {
  appId: string | null;
  roles: ReadonlyMap<string, string>;
}

export function resourceInfoOf(sp: { appId?: string | null; appRoles?: GraphAppRole[] | null }): ResourceInfo {
  const roles = new Map<string, string>();
  for (const r of sp.appRoles ?? []) if (r.id && r.value) roles.set(r.id.toLowerCase(), r.value);
  return { appId: sp.appId?.toLowerCase() ?? null, roles };
}

/** Delegated scopes: space-separated, with stray spaces Graph does not clean up. */
export function splitScopes(scope: string | null | undefined): string[] {
  return (scope ?? '').split(/\s+/).map((s) => s.trim()).filter((s) => s !== '');
}

/** Delegated scopes per client service principal id, then per resource id (both lower-case). */
export type DelegatedScopes = Map<string, Map<string, Set<string>>>;

/** Adds a page of grants; AllPrincipals and per-user grants of the same pair merge into one set. */
export function addGrants(into: DelegatedScopes, grants: readonly GraphPermissionGrant[]): void {
  for (const g of grants) {
    if (!g.clientId || !g.resourceId) continue;
    const client = g.clientId.toLowerCase();
    let perResource = into.get(client);
    if (!perResource) {
      perResource = new Map();
      into.set(client, perResource);
    }
    const resource = g.resourceId.toLowerCase();
    const scopes = perResource.get(resource) ?? new Set<string>();
    for (const s of splitScopes(g.scope)) scopes.add(s);
    perResource.set(resource, scopes);
  }
}

export type SpPermissionsRow = FacetRow<typeof ServicePrincipalNode.facets.permissions>;
/** The resource end is a placeholder until `apps` lists it (a later page). */
export type PermissionEdgeRow = PlaceholderRelRow<typeof HAS_PERMISSION, typeof ServicePrincipalNode>;

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/**
 * What one service principal was granted. `resources` answers for every resource its assignments name
 * (undefined: the resource is gone, and so is the assignment's meaning).
 */
export function resolvePermissions(
  spId: string,
  assignments: readonly GraphAppRoleAssignment[],
  delegated: ReadonlyMap<string, ReadonlySet<string>> | undefined,
  resources: (resourceId: string) => ResourceInfo | undefined,
  keys: EntraKeys,
): { row: SpPermissionsRow; edges: PermissionEdgeRow[] } {
  const client = keys.servicePrincipal(spId);
  const edges: PermissionEdgeRow[] = [];
  const perResource = new Map<string, Set<string>>();
  const app = new Set<string>();
  const graphApp = new Set<string>();
  for (const a of assignments) {
    if (!a.resourceId || (a.principalType && a.principalType !== 'ServicePrincipal')) continue;
    const resource = resources(a.resourceId);
    if (!resource) continue;
    const resourceId = a.resourceId.toLowerCase();
    const values = perResource.get(resourceId) ?? new Set<string>();
    perResource.set(resourceId, values);
    const roleId = (a.appRoleId ?? DEFAULT_ACCESS_ROLE).toLowerCase();
    if (roleId === DEFAULT_ACCESS_ROLE) continue;
    const value = resource.roles.get(roleId);
    if (!value) continue;
    values.add(value);
    app.add(value);
    if (resource.appId === GRAPH_APP_ID) graphApp.add(value);
  }
  const edge = (resourceId: string, type: 'application' | 'delegated', values: Iterable<string>): PermissionEdgeRow => ({
    from: client,
    to: keys.servicePrincipal(resourceId),
    props: { type, values: sorted(values) },
    placeholder: { objectId: resourceId },
  });
  for (const [resourceId, values] of perResource) edges.push(edge(resourceId, 'application', values));
  const scopes = new Set<string>();
  for (const [resourceId, values] of delegated ?? []) {
    for (const v of values) scopes.add(v);
    edges.push(edge(resourceId, 'delegated', values));
  }
  return {
    row: {
      key: client,
      props: {
        appPermissions: sorted(app),
        graphAppPermissions: sorted(graphApp),
        delegatedPermissions: sorted(scopes),
        permissions: sorted([...app, ...scopes]),
      },
    },
    edges,
  };
}

export const GRANTS_URL = '/oauth2PermissionGrants';

interface AssignmentListing extends ChildListing {
  spId: string;
}

/** Resource app roles: primed from the listing, fetched on a miss, null once known to be gone. */
class ResourceCatalog {
  private readonly known = new Map<string, ResourceInfo | null>();

  constructor(private readonly client: GraphClient, private readonly signal: AbortSignal) {}

  prime(sp: GraphServicePrincipal): void {
    if ((sp.appRoles ?? []).length > 0) this.known.set(sp.id.toLowerCase(), resourceInfoOf(sp));
  }

  async ensure(resourceIds: Iterable<string>): Promise<void> {
    for (const raw of resourceIds) {
      const id = raw.toLowerCase();
      if (this.known.has(id)) continue;
      try {
        const sp = await this.client.get<GraphServicePrincipal>(`${spPath(id)}?$select=id,appId,appRoles`, { bucket: BUCKET.directory, signal: this.signal });
        this.known.set(id, resourceInfoOf(sp));
      } catch (err) {
        if (!(err instanceof TwinError) || err.code !== 'UPSTREAM_NOT_FOUND') throw err;
        this.known.set(id, null);
      }
    }
  }

  get(resourceId: string): ResourceInfo | undefined {
    return this.known.get(resourceId.toLowerCase()) ?? undefined;
  }
}

const writes = {
  apps: upsertNodes(EntraAppRegistrationNode),
  servicePrincipals: upsertNodes(ServicePrincipalNode),
  permissions: writeFacet(ServicePrincipalNode, 'permissions'),
  grants: mergeRelsWithPlaceholder(HAS_PERMISSION, { from: ServicePrincipalNode, to: ServicePrincipalNode, mergeOn: ['type'] }, 'to'),
};

/**
 * A page of app registrations or service principals, or what one service principal was granted, with
 * its delegated scopes and the app roles of every resource its assignments name (undefined: gone).
 */
export type EntraAppsPage =
  | { readonly kind: 'apps'; readonly apps: GraphApplication[] }
  | { readonly kind: 'servicePrincipals'; readonly servicePrincipals: GraphServicePrincipal[] }
  | {
      readonly kind: 'granted';
      readonly spId: string;
      readonly assignments: readonly GraphAppRoleAssignment[];
      readonly delegated: ReadonlyMap<string, ReadonlySet<string>> | undefined;
      readonly resources: ReadonlyMap<string, ResourceInfo | undefined>;
    };

export const apps: Resource<EntraSession, EntraAppsPage, typeof writes> = {
  name: 'apps',
  writes,
  counted: ['apps', 'servicePrincipals'],
  async *pages(session, ctx) {
    const opts = { bucket: BUCKET.directory, signal: ctx.signal };

    // First, and only into memory: if the grants cannot be read, nothing of the previous apps data changed.
    let delegated: DelegatedScopes = new Map();
    for await (const page of session.client.pages<GraphPermissionGrant>(GRANTS_URL, { ...opts, onRestart: () => (delegated = new Map()) })) {
      addGrants(delegated, page);
    }

    const appListing = ctx.listing();
    for await (const page of session.client.pages<GraphApplication>(APPLICATIONS_URL, { ...opts, onRestart: () => appListing.restart() })) {
      yield { kind: 'apps', apps: page };
    }

    const spListing = ctx.listing();
    const catalog = new ResourceCatalog(session.client, ctx.signal);
    const assignments = new Map<string, GraphAppRoleAssignment[]>();
    for await (const page of session.client.pages<GraphServicePrincipal>(SERVICE_PRINCIPALS_URL, { ...opts, onRestart: () => spListing.restart() })) {
      for (const sp of page) catalog.prime(sp);
      yield { kind: 'servicePrincipals', servicePrincipals: page };

      const listings = page.map((sp): AssignmentListing => ({ url: `${spPath(sp.id)}/appRoleAssignments`, spId: sp.id }));
      for await (const event of childEvents<AssignmentListing, GraphAppRoleAssignment>(session.client, listings, opts)) {
        const l = event.listing;
        if (event.kind === 'items') {
          assignments.set(l.spId, [...(assignments.get(l.spId) ?? []), ...event.items]);
        } else if (event.kind === 'restart' || event.kind === 'gone') {
          // Gone: deleted mid-sync, its node goes at the next sync's cleanup.
          assignments.delete(l.spId);
        } else {
          const list = assignments.get(l.spId) ?? [];
          assignments.delete(l.spId);
          const resourceIds = new Set(list.map((a) => a.resourceId).filter((id): id is string => Boolean(id)));
          await catalog.ensure(resourceIds);
          const resources = new Map([...resourceIds].map((id) => [id.toLowerCase(), catalog.get(id)]));
          yield { kind: 'granted', spId: l.spId, assignments: list, delegated: delegated.get(l.spId.toLowerCase()), resources };
        }
      }
    }
  },
  transform(page, session): RowsOf<typeof writes> {
    const keys = session.keys();
    if (page.kind === 'apps') return { apps: page.apps.map((a) => transformApplication(a, keys)) };
    if (page.kind === 'servicePrincipals') return { servicePrincipals: page.servicePrincipals.map((sp) => transformServicePrincipal(sp, keys)) };
    const { row, edges } = resolvePermissions(page.spId, page.assignments, page.delegated, (id) => page.resources.get(id.toLowerCase()), keys);
    return { permissions: [row], grants: edges };
  },
};
