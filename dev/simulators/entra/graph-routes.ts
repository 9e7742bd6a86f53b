/**
 * The Graph endpoints the simulator serves: for each, its permissions, throttling family and
 * resource-unit cost, query rules, and how to find its objects in the tenant store. Paging,
 * projection and envelopes are generic (graph-response.ts); routes only say *what* to list.
 */
import type { AppTokenClaims } from './access-token.js';
import { access, type AccessRule } from './graph-access.js';
import { entityTypes, type EntityKind } from './entity-types.js';
import type { GraphMemberRef } from './fixture.js';
import { graphErrors } from './graph-error.js';
import type { ParsedQuery, QueryRules } from './graph-query.js';
import { filterPaths, filterRoots, timeBounds } from './odata-filter.js';
import type { TenantStore } from './tenant-store.js';
import type { ThrottleFamily } from './throttling.js';

export interface Found {
  kind: EntityKind;
  obj: Record<string, unknown>;
}

export interface RouteContext {
  store: TenantStore;
  params: Readonly<Record<string, string>>;
  query: ParsedQuery;
  claims: AppTokenClaims;
}

/** A collection to page through by scan position; holes and filtered-out items are skipped. */
export interface CollectionResolution {
  type: 'collection';
  items: ArrayLike<unknown>;
  start: number;
  end: number;
  resolve(item: unknown): Found | undefined;
  /** `@odata.context` fragment, e.g. `users` or `directoryObjects`. */
  context: string;
}

export interface EntityResolution {
  type: 'entity';
  found: Found;
  context: string;
}

export interface Refinement {
  access: AccessRule[];
  charges: ThrottleFamily[];
  maxPageSize?: number;
}

export interface RouteDef {
  pattern: string;
  /** `delta`: answered by graph-delta.ts (tokens, change rounds), not by the generic pager. */
  shape: 'collection' | 'entity' | 'count' | 'delta';
  family: ThrottleFamily;
  /** Base resource-unit cost (directory family). */
  cost: number;
  access: AccessRule;
  rules: Omit<QueryRules, 'isCollection'>;
  /** Extra needs that depend on the query (signInActivity). */
  refine?(query: ParsedQuery): Refinement;
  resolve(ctx: RouteContext): CollectionResolution | EntityResolution;
  /** Per-item changes before projection: risk masking, `$expand`. */
  decorate?(found: Found, ctx: RouteContext): Record<string, unknown>;
}

function collection<T>(
  items: ArrayLike<T | undefined>,
  resolve: (item: T) => Found | undefined,
  context: string,
  range: { start?: number; end?: number } = {},
): CollectionResolution {
  return {
    type: 'collection',
    items,
    start: range.start ?? 0,
    end: range.end ?? items.length,
    resolve: (item) => (item === undefined ? undefined : resolve(item as T)),
    context,
  };
}

function entity(found: Found | undefined, id: string, context: string): EntityResolution {
  if (!found) throw graphErrors.notFound(id);
  return { type: 'entity', found, context };
}

const as = (kind: EntityKind) => (obj: object | undefined): Found | undefined =>
  obj ? { kind, obj: obj as Record<string, unknown> } : undefined;

/** Directory objects: $top up to 999 (more is a 400) and advanced-query rules. */
const directoryRules = (entity: EntityKind | 'directoryObject', expandable: readonly string[] = []): Omit<QueryRules, 'isCollection'> => ({
  entity,
  directory: true,
  defaultTop: 100,
  maxTop: 999,
  overMax: 'reject',
  expandable,
});

const plainRules = (entityKind: EntityKind, expandable: readonly string[] = [], maxTop = 999, defaultTop = 100): Omit<QueryRules, 'isCollection'> => ({
  entity: entityKind,
  directory: false,
  defaultTop,
  maxTop,
  overMax: 'clamp',
  expandable,
});

/** Expanded principals carry their @odata.type; signInActivity is never part of an expansion. */
function principalOf(store: TenantStore, id: string): Record<string, unknown> | null {
  const found = store.anyDirectoryObject(id);
  if (!found) return null;
  const { signInActivity: _omitted, ...rest } = found.object;
  return { '@odata.type': `#microsoft.graph.${entityTypes[found.kind].odataType}`, ...rest };
}

function expandRoleLinks(found: Found, ctx: RouteContext): Record<string, unknown> {
  const out: Record<string, unknown> = { ...found.obj };
  if (ctx.query.expand.includes('principal')) out.principal = principalOf(ctx.store, String(found.obj.principalId));
  if (ctx.query.expand.includes('roleDefinition')) {
    out.roleDefinition = ctx.store.roleDefinitions.get(String(found.obj.roleDefinitionId)) ?? null;
  }
  return out;
}

// --- users -----------------------------------------------------------------------------------

const readsSignInActivity = (q: ParsedQuery): boolean =>
  (q.select?.includes('signInActivity') ?? false) || (q.filter ? filterRoots(q.filter).includes('signInActivity') : false);

function refineUsers(q: ParsedQuery): Refinement {
  if (!readsSignInActivity(q)) return { access: [], charges: [] };
  if (q.filter) {
    const roots = filterRoots(q.filter);
    if (roots.includes('signInActivity') && roots.some((r) => r !== 'signInActivity')) {
      throw graphErrors.unsupportedQuery('signInActivity cannot be combined with other properties in $filter.');
    }
    // Nor two of its own dates: `lastSignInDateTime … or lastNonInteractiveSignInDateTime …` is refused too.
    const dates = new Set(filterPaths(q.filter).filter((p) => p.toLowerCase().startsWith('signinactivity/')).map((p) => p.toLowerCase()));
    if (dates.size > 1) throw graphErrors.unsupportedQuery('Only one signInActivity property can be used in $filter.');
  }
  // Graph clamps signInActivity pages to 500 rather than rejecting $top up to 999.
  return { access: [access.auditLogs], charges: ['signInActivity'], maxPageSize: 500 };
}

const userRoutes: RouteDef[] = [
  {
    pattern: '/users',
    shape: 'collection',
    family: 'directory',
    cost: 2,
    access: access.users,
    rules: directoryRules('user'),
    refine: refineUsers,
    resolve: ({ store }) => collection(store.users.items, as('user'), 'users'),
  },
  {
    pattern: '/users/delta',
    shape: 'delta',
    family: 'directory',
    cost: 1,
    access: access.users,
    rules: directoryRules('user'),
    resolve: ({ store }) => collection(store.users.items, as('user'), 'users'),
  },
  {
    pattern: '/users/$count',
    shape: 'count',
    family: 'directory',
    cost: 1,
    access: access.users,
    rules: directoryRules('user'),
    resolve: ({ store }) => collection(store.users.items, as('user'), 'users'),
  },
  ...(['', '/{cast}'] as const).map(
    (suffix): RouteDef => ({
      pattern: `/users/{id}/memberOf${suffix}`,
      shape: 'collection',
      family: 'directory',
      cost: 1,
      access: access.groups,
      rules: directoryRules('directoryObject'),
      // Direct memberships; only groups are modelled (directory roles and administrative units are not).
      resolve: ({ store, params }) => {
        const user = store.userByIdOrUpn(params.id ?? '');
        if (!user) throw graphErrors.notFound(params.id ?? '');
        if (params.cast !== undefined && params.cast.toLowerCase() !== 'microsoft.graph.group') throw graphErrors.unknownSegment(params.cast);
        return collection(store.groupsOf(user.id), (id) => as('group')(store.groups.get(id)), params.cast === undefined ? 'directoryObjects' : 'groups');
      },
    }),
  ),
  {
    pattern: '/users/{id}',
    shape: 'entity',
    family: 'directory',
    cost: 1,
    access: access.users,
    rules: directoryRules('user'),
    refine: refineUsers,
    resolve: ({ store, params }) => entity(as('user')(store.userByIdOrUpn(params.id ?? '')), params.id ?? '', 'users'),
  },
];

// --- authentication method registration --------------------------------------------------------

const registrationRoutes: RouteDef[] = [
  {
    pattern: '/reports/authenticationMethods/userRegistrationDetails',
    shape: 'collection',
    family: 'reports',
    cost: 1,
    access: access.auditLogs,
    rules: plainRules('userRegistrationDetails'),
    resolve: ({ store }) =>
      collection(store.registrationDetails.items, as('userRegistrationDetails'), 'reports/authenticationMethods/userRegistrationDetails'),
  },
  {
    pattern: '/reports/authenticationMethods/userRegistrationDetails/{id}',
    shape: 'entity',
    family: 'reports',
    cost: 1,
    access: access.auditLogs,
    rules: plainRules('userRegistrationDetails'),
    resolve: ({ store, params }) =>
      entity(
        as('userRegistrationDetails')(store.registrationDetails.get(params.id ?? '')),
        params.id ?? '',
        'reports/authenticationMethods/userRegistrationDetails',
      ),
  },
];

// --- groups and membership ---------------------------------------------------------------------

const memberCasts: Readonly<Record<string, GraphMemberRef['type'] | 'none'>> = {
  'microsoft.graph.user': 'user',
  'microsoft.graph.group': 'group',
  'microsoft.graph.serviceprincipal': 'servicePrincipal',
  'microsoft.graph.device': 'none',
  'microsoft.graph.orgcontact': 'none',
};

const castContext: Readonly<Record<string, string>> = { user: 'users', group: 'groups', servicePrincipal: 'servicePrincipals', none: 'directoryObjects' };

function membersOf(transitive: boolean) {
  return ({ store, params }: RouteContext): CollectionResolution => {
    const groupId = params.id ?? '';
    if (!store.groups.get(groupId)) throw graphErrors.notFound(groupId);
    let only: GraphMemberRef['type'] | 'none' | undefined;
    if (params.cast !== undefined) {
      only = memberCasts[params.cast.toLowerCase()];
      if (!only) throw graphErrors.unknownSegment(params.cast);
    }
    const refs = transitive ? store.transitiveMembers(groupId) : store.directMembers(groupId);
    return collection(
      refs,
      (ref) => {
        if (only !== undefined && ref.type !== only) return undefined;
        const resolved = store.directoryObject(ref);
        return resolved ? { kind: resolved.kind, obj: resolved.object } : undefined;
      },
      only === undefined ? 'directoryObjects' : (castContext[only] ?? 'directoryObjects'),
    );
  };
}

function memberRoutes(segment: 'members' | 'transitiveMembers', cost: number): RouteDef[] {
  const base = {
    family: 'directory' as const,
    access: access.groups,
    rules: directoryRules('directoryObject'),
    resolve: membersOf(segment === 'transitiveMembers'),
  };
  return [
    { ...base, pattern: `/groups/{id}/${segment}`, shape: 'collection', cost },
    { ...base, pattern: `/groups/{id}/${segment}/$count`, shape: 'count', cost },
    { ...base, pattern: `/groups/{id}/${segment}/{cast}`, shape: 'collection', cost },
    { ...base, pattern: `/groups/{id}/${segment}/{cast}/$count`, shape: 'count', cost },
  ];
}

/** Graph caps an expanded members list at 20 entries. */
const EXPANDED_MEMBERS_LIMIT = 20;

const groupRoutes: RouteDef[] = [
  ...(['collection', 'count'] as const).map(
    (shape): RouteDef => ({
      pattern: shape === 'count' ? '/groups/$count' : '/groups',
      shape,
      family: 'directory',
      cost: 1,
      access: access.groups,
      rules: directoryRules('group', ['members']),
      resolve: ({ store }) => collection(store.groups.items, as('group'), 'groups'),
      decorate: (found, ctx) => {
        if (!ctx.query.expand.includes('members')) return found.obj;
        const members: Array<Record<string, unknown>> = [];
        for (const ref of ctx.store.directMembers(String(found.obj.id))) {
          if (members.length >= EXPANDED_MEMBERS_LIMIT) break;
          const resolved = ctx.store.directoryObject(ref);
          if (resolved) members.push({ '@odata.type': `#microsoft.graph.${entityTypes[resolved.kind].odataType}`, id: resolved.object.id });
        }
        return { ...found.obj, members };
      },
    }),
  ),
  {
    pattern: '/groups/delta',
    shape: 'delta',
    family: 'directory',
    cost: 1,
    access: access.groups,
    rules: directoryRules('group'),
    resolve: ({ store }) => collection(store.groups.items, as('group'), 'groups'),
  },
  {
    pattern: '/groups/{id}',
    shape: 'entity',
    family: 'directory',
    cost: 1,
    access: access.groups,
    rules: directoryRules('group'),
    resolve: ({ store, params }) => entity(as('group')(store.groups.get(params.id ?? '')), params.id ?? '', 'groups'),
  },
  ...memberRoutes('members', 3),
  ...memberRoutes('transitiveMembers', 5),
];

// --- roles -------------------------------------------------------------------------------------

const roleRoutes: RouteDef[] = [
  {
    pattern: '/roleManagement/directory/roleDefinitions',
    shape: 'collection',
    family: 'directory',
    cost: 1,
    access: access.roles,
    rules: plainRules('roleDefinition'),
    resolve: ({ store }) => collection(store.roleDefinitions.items, as('roleDefinition'), 'roleManagement/directory/roleDefinitions'),
  },
  {
    pattern: '/roleManagement/directory/roleDefinitions/{id}',
    shape: 'entity',
    family: 'directory',
    cost: 1,
    access: access.roles,
    rules: plainRules('roleDefinition'),
    resolve: ({ store, params }) =>
      entity(as('roleDefinition')(store.roleDefinitions.get(params.id ?? '')), params.id ?? '', 'roleManagement/directory/roleDefinitions'),
  },
  {
    pattern: '/roleManagement/directory/roleAssignments',
    shape: 'collection',
    family: 'directory',
    cost: 1,
    access: access.roles,
    rules: plainRules('roleAssignment', ['principal', 'roleDefinition']),
    // Deleting a principal removes its assignments, as the directory does.
    resolve: ({ store }) =>
      collection(
        store.roleAssignments.items,
        (a) => (store.isDeleted(a.principalId) ? undefined : as('roleAssignment')(a)),
        'roleManagement/directory/roleAssignments',
      ),
    decorate: expandRoleLinks,
  },
  {
    pattern: '/roleManagement/directory/roleAssignments/{id}',
    shape: 'entity',
    family: 'directory',
    cost: 1,
    access: access.roles,
    rules: plainRules('roleAssignment', ['principal', 'roleDefinition']),
    resolve: ({ store, params }) =>
      entity(as('roleAssignment')(store.roleAssignments.get(params.id ?? '')), params.id ?? '', 'roleManagement/directory/roleAssignments'),
    decorate: expandRoleLinks,
  },
  {
    pattern: '/roleManagement/directory/roleEligibilityScheduleInstances',
    shape: 'collection',
    family: 'directory',
    cost: 1,
    access: access.eligibility,
    rules: plainRules('roleEligibilityScheduleInstance', ['principal', 'roleDefinition']),
    resolve: ({ store }) =>
      collection(
        store.eligibility.items,
        (e) => (store.isDeleted(e.principalId) ? undefined : as('roleEligibilityScheduleInstance')(e)),
        'roleManagement/directory/roleEligibilityScheduleInstances',
      ),
    decorate: expandRoleLinks,
  },
  {
    pattern: '/roleManagement/directory/roleEligibilityScheduleInstances/{id}',
    shape: 'entity',
    family: 'directory',
    cost: 1,
    access: access.eligibility,
    rules: plainRules('roleEligibilityScheduleInstance', ['principal', 'roleDefinition']),
    resolve: ({ store, params }) =>
      entity(
        as('roleEligibilityScheduleInstance')(store.eligibility.get(params.id ?? '')),
        params.id ?? '',
        'roleManagement/directory/roleEligibilityScheduleInstances',
      ),
    decorate: expandRoleLinks,
  },
];

// --- conditional access ------------------------------------------------------------------------

const policyRoutes: RouteDef[] = [
  {
    pattern: '/identity/conditionalAccess/policies',
    shape: 'collection',
    family: 'conditionalAccess',
    cost: 1,
    access: access.conditionalAccess,
    rules: plainRules('conditionalAccessPolicy'),
    resolve: ({ store }) => collection(store.policies.items, as('conditionalAccessPolicy'), 'identity/conditionalAccess/policies'),
  },
  {
    pattern: '/identity/conditionalAccess/policies/{id}',
    shape: 'entity',
    family: 'conditionalAccess',
    cost: 1,
    access: access.conditionalAccess,
    rules: plainRules('conditionalAccessPolicy'),
    resolve: ({ store, params }) =>
      entity(as('conditionalAccessPolicy')(store.policies.get(params.id ?? '')), params.id ?? '', 'identity/conditionalAccess/policies'),
  },
];

// --- sign-in logs ------------------------------------------------------------------------------

/** First index in [0, n) where the monotone predicate turns true. */
function firstIndex(n: number, pred: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Slice of the newest-first sign-ins that a createdDateTime window can match. */
function signInWindow(store: TenantStore, q: ParsedQuery): { start: number; end: number } {
  const times = store.signInTimes;
  if (!q.filter) return { start: 0, end: times.length };
  const b = timeBounds(q.filter, 'createdDateTime');
  const at = (i: number): number => times[i] ?? 0;
  const start = b.toMs === undefined ? 0 : firstIndex(times.length, (i) => (b.toInclusive ? at(i) <= (b.toMs ?? 0) : at(i) < (b.toMs ?? 0)));
  const end =
    b.fromMs === undefined ? times.length : firstIndex(times.length, (i) => (b.fromInclusive ? at(i) < (b.fromMs ?? 0) : at(i) <= (b.fromMs ?? 0)));
  return { start, end: Math.max(start, end) };
}

/** Risk details need P2: every other tenant sees "hidden". */
function maskRisk(found: Found, ctx: RouteContext): Record<string, unknown> {
  if (ctx.store.fixture.licence.p2) return found.obj;
  return { ...found.obj, riskDetail: 'hidden', riskLevelAggregated: 'hidden', riskLevelDuringSignIn: 'hidden' };
}

const signInRoutes: RouteDef[] = [
  {
    pattern: '/auditLogs/signIns',
    shape: 'collection',
    family: 'reports',
    cost: 1,
    access: access.auditLogs,
    rules: plainRules('signIn', [], 1000, 1000),
    resolve: ({ store, query }) => collection(store.signIns.items, as('signIn'), 'auditLogs/signIns', signInWindow(store, query)),
    decorate: maskRisk,
  },
  {
    pattern: '/auditLogs/signIns/{id}',
    shape: 'entity',
    family: 'reports',
    cost: 1,
    access: access.auditLogs,
    rules: plainRules('signIn'),
    resolve: ({ store, params }) => entity(as('signIn')(store.signIns.get(params.id ?? '')), params.id ?? '', 'auditLogs/signIns'),
    decorate: maskRisk,
  },
];

// --- applications, service principals, grants --------------------------------------------------

function liveAssignment(store: TenantStore) {
  return (a: { id: string }): Found | undefined => {
    const current = store.appRoleAssignments.get(a.id);
    if (!current || store.isDeleted(current.principalId) || store.isDeleted(current.resourceId)) return undefined;
    return as('appRoleAssignment')(current);
  };
}

function requireServicePrincipal(store: TenantStore, id: string): void {
  if (!store.servicePrincipals.get(id)) throw graphErrors.notFound(id);
}

const appRoutes: RouteDef[] = [
  ...(['collection', 'count'] as const).map(
    (shape): RouteDef => ({
      pattern: shape === 'count' ? '/applications/$count' : '/applications',
      shape,
      family: 'directory',
      cost: 2,
      access: access.applications,
      rules: directoryRules('application'),
      resolve: ({ store }) => collection(store.applications.items, as('application'), 'applications'),
    }),
  ),
  {
    pattern: '/applications/{id}',
    shape: 'entity',
    family: 'directory',
    cost: 1,
    access: access.applications,
    rules: directoryRules('application'),
    resolve: ({ store, params }) => entity(as('application')(store.applications.get(params.id ?? '')), params.id ?? '', 'applications'),
  },
  ...(['collection', 'count'] as const).map(
    (shape): RouteDef => ({
      pattern: shape === 'count' ? '/servicePrincipals/$count' : '/servicePrincipals',
      shape,
      family: 'directory',
      cost: 1,
      access: access.applications,
      rules: directoryRules('servicePrincipal'),
      resolve: ({ store }) => collection(store.servicePrincipals.items, as('servicePrincipal'), 'servicePrincipals'),
    }),
  ),
  {
    pattern: '/servicePrincipals(appId)/{appId}',
    shape: 'entity',
    family: 'directory',
    cost: 1,
    access: access.applications,
    rules: directoryRules('servicePrincipal'),
    resolve: ({ store, params }) =>
      entity(as('servicePrincipal')(store.servicePrincipalByAppId(params.appId ?? '')), params.appId ?? '', 'servicePrincipals'),
  },
  {
    pattern: '/servicePrincipals/{id}',
    shape: 'entity',
    family: 'directory',
    cost: 1,
    access: access.applications,
    rules: directoryRules('servicePrincipal'),
    resolve: ({ store, params }) =>
      entity(as('servicePrincipal')(store.servicePrincipals.get(params.id ?? '')), params.id ?? '', 'servicePrincipals'),
  },
  {
    pattern: '/servicePrincipals/{id}/appRoleAssignments',
    shape: 'collection',
    family: 'directory',
    cost: 2,
    access: access.applications,
    rules: plainRules('appRoleAssignment'),
    resolve: ({ store, params }) => {
      const id = params.id ?? '';
      requireServicePrincipal(store, id);
      return collection(store.assignmentsOf(id), liveAssignment(store), `servicePrincipals('${id}')/appRoleAssignments`);
    },
  },
  {
    pattern: '/servicePrincipals/{id}/appRoleAssignedTo',
    shape: 'collection',
    family: 'directory',
    cost: 2,
    access: access.applications,
    rules: plainRules('appRoleAssignment'),
    resolve: ({ store, params }) => {
      const id = params.id ?? '';
      requireServicePrincipal(store, id);
      return collection(store.assignmentsTo(id), liveAssignment(store), `servicePrincipals('${id}')/appRoleAssignedTo`);
    },
  },
  {
    pattern: '/servicePrincipals/{id}/oauth2PermissionGrants',
    shape: 'collection',
    family: 'directory',
    cost: 2,
    access: access.grants,
    rules: plainRules('oauth2PermissionGrant'),
    resolve: ({ store, params }) => {
      const id = params.id ?? '';
      requireServicePrincipal(store, id);
      return collection(store.grantsOf(id), (g) => as('oauth2PermissionGrant')(store.grants.get(g.id)), 'oauth2PermissionGrants');
    },
  },
  {
    pattern: '/oauth2PermissionGrants',
    shape: 'collection',
    family: 'directory',
    cost: 2,
    access: access.grants,
    rules: plainRules('oauth2PermissionGrant'),
    resolve: ({ store }) =>
      collection(
        store.grants.items,
        (g) => (store.isDeleted(g.clientId) || store.isDeleted(g.resourceId) ? undefined : as('oauth2PermissionGrant')(g)),
        'oauth2PermissionGrants',
      ),
  },
  {
    pattern: '/oauth2PermissionGrants/{id}',
    shape: 'entity',
    family: 'directory',
    cost: 1,
    access: access.grants,
    rules: plainRules('oauth2PermissionGrant'),
    resolve: ({ store, params }) => entity(as('oauth2PermissionGrant')(store.grants.get(params.id ?? '')), params.id ?? '', 'oauth2PermissionGrants'),
  },
];

// --- organization ------------------------------------------------------------------------------

function organizationOf(store: TenantStore): Record<string, unknown> {
  const { fixture } = store;
  return {
    id: fixture.tenantId,
    deletedDateTime: null,
    displayName: fixture.displayName ?? fixture.verifiedDomains[0] ?? fixture.tenantId,
    tenantType: 'AAD',
    verifiedDomains: fixture.verifiedDomains.map((name, i) => ({
      capabilities: 'Email, OfficeCommunicationsOnline',
      isDefault: i === 0,
      isInitial: name.toLowerCase().endsWith('.onmicrosoft.com'),
      name,
      type: 'Managed',
    })),
  };
}

const organizationRoutes: RouteDef[] = [
  {
    pattern: '/organization',
    shape: 'collection',
    family: 'directory',
    cost: 1,
    access: access.organization,
    rules: plainRules('organization'),
    resolve: ({ store }) => collection([organizationOf(store)], as('organization'), 'organization'),
  },
  {
    pattern: '/organization/{id}',
    shape: 'entity',
    family: 'directory',
    cost: 1,
    access: access.organization,
    rules: plainRules('organization'),
    resolve: ({ store, params }) => {
      const org = organizationOf(store);
      const id = params.id ?? '';
      return entity(id.toLowerCase() === store.tenantId.toLowerCase() ? as('organization')(org) : undefined, id, 'organization');
    },
  },
];

// --- routing -----------------------------------------------------------------------------------

/** Literal routes before parameterised ones, so `/users/$count` wins over `/users/{id}`. */
const routes: ReadonlyArray<{ def: RouteDef; segments: string[] }> = [
  ...userRoutes,
  ...registrationRoutes,
  ...groupRoutes,
  ...roleRoutes,
  ...policyRoutes,
  ...signInRoutes,
  ...appRoutes,
  ...organizationRoutes,
]
  .map((def) => ({ def, segments: def.pattern.split('/').filter(Boolean) }))
  .sort((a, b) => specificity(b.segments) - specificity(a.segments));

function specificity(segments: string[]): number {
  // Earlier literal segments weigh more; ties keep declaration order (Array.prototype.sort is stable).
  return segments.reduce((score, s, i) => score + (s.startsWith('{') ? 0 : 2 ** (10 - i)), 0);
}

/**
 * `servicePrincipals(appId='x')` is one URL segment; route it as two. `microsoft.graph.delta()` (what the
 * SDKs send) is the long name of `delta`.
 */
function normaliseSegments(segments: string[]): string[] {
  const out: string[] = [];
  for (const s of segments) {
    const m = /^servicePrincipals\(appId='([^']*)'\)$/i.exec(s);
    if (m) out.push('servicePrincipals(appId)', m[1] ?? '');
    else if (/^microsoft\.graph\.delta(\(\))?$/i.test(s)) out.push('delta');
    else out.push(s);
  }
  return out;
}

export function matchRoute(decodedSegments: string[]): { def: RouteDef; params: Record<string, string> } | undefined {
  const segments = normaliseSegments(decodedSegments);
  for (const route of routes) {
    if (route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segments.length && ok; i++) {
      const pattern = route.segments[i] ?? '';
      const actual = segments[i] ?? '';
      if (pattern.startsWith('{')) params[pattern.slice(1, -1)] = actual;
      else ok = pattern.toLowerCase() === actual.toLowerCase();
    }
    if (ok) return { def: route.def, params };
  }
  return undefined;
}
