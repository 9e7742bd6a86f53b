/**
 * `/api/v1/users` and a user's factors, groups and roles.
 */
import { notFound } from '../errors.js';
import { singleEquality } from '../expression.js';
import type { OktaUser } from '../fixture.js';
import type { PagedList } from '../paging.js';
import { arrayList, parseLimit, slicePage } from '../paging.js';
import { presentFactor, presentGroup, presentRole, presentUser } from '../present.js';
import type { ExpressionRules, Route, RouteContext, RouteResult } from './route.js';
import { cursorKey, param, parseQueryExpression } from './route.js';

const ORDERING = ['eq', 'gt', 'ge', 'lt', 'le'];
const DATE_ATTRIBUTES = ['created', 'activated', 'statusChanged', 'lastUpdated', 'lastLogin', 'passwordChanged'];

/** `search`: any profile attribute and the top-level fields; `co` only on names, email and login; no `ne`. */
const SEARCH_RULES: ExpressionRules = {
  errorCode: 'E0000031',
  allowed: {
    id: ['eq', 'sw', 'pr'],
    status: ['eq', 'sw', 'pr'],
    'type.id': ['eq', 'pr'],
    ...Object.fromEntries(DATE_ATTRIBUTES.map((attribute) => [attribute, [...ORDERING, 'pr']])),
    'profile.firstName': ['eq', 'sw', 'co', 'pr', ...ORDERING],
    'profile.lastName': ['eq', 'sw', 'co', 'pr', ...ORDERING],
    'profile.email': ['eq', 'sw', 'co', 'pr', ...ORDERING],
    'profile.login': ['eq', 'sw', 'co', 'pr', ...ORDERING],
    'profile.*': ['eq', 'sw', 'pr', ...ORDERING],
  },
};

/** `filter`: `eq` on a few fields, ordering only on lastUpdated. */
const FILTER_RULES: ExpressionRules = {
  errorCode: 'E0000031',
  allowed: {
    id: ['eq'],
    status: ['eq'],
    'profile.login': ['eq'],
    'profile.email': ['eq'],
    'profile.firstName': ['eq'],
    'profile.lastName': ['eq'],
    lastUpdated: ORDERING,
  },
};

function requireUser(context: RouteContext): OktaUser {
  const id = param(context, 0);
  const user = context.org.user(id);
  if (!user) throw notFound(id, 'User');
  return user;
}

function singleUser(context: RouteContext, user: OktaUser | undefined): PagedList<OktaUser> {
  return user ? arrayList([context.org.userKey(user.id)], [user]) : arrayList([], []);
}

/** The users a list request selects, before paging. */
function selectUsers(context: RouteContext): PagedList<OktaUser> {
  const { url, org } = context;
  const search = url.searchParams.get('search');
  const filter = url.searchParams.get('filter');
  if (search || filter) {
    const parsed = [search ? parseQueryExpression(search, SEARCH_RULES) : undefined, filter ? parseQueryExpression(filter, FILTER_RULES) : undefined];
    const [bySearch, byFilter] = parsed;
    const only = bySearch && byFilter ? undefined : (bySearch ?? byFilter);
    const equality = only ? singleEquality(only.expression) : undefined;
    // Exact lookups answer from the index: connectors may call them once per user.
    if (equality?.attribute === 'id') return singleUser(context, org.user(equality.value));
    if (equality?.attribute === 'profile.login') {
      const user = org.userByIdOrLogin(equality.value);
      return singleUser(context, user?.profile.login.toLowerCase() === equality.value.toLowerCase() ? user : undefined);
    }
    const predicates = parsed.flatMap((entry) => (entry ? [entry.predicate] : []));
    // search and filter include DEPROVISIONED users, unlike the plain list.
    return org.userView(`search:${search ?? ''}\u0000filter:${filter ?? ''}`, (user) => predicates.every((test) => test(user)));
  }
  return org.userView('visible', (user) => user.status !== 'DEPROVISIONED');
}

function listUsers(context: RouteContext): RouteResult {
  const { url, org, orgUrl } = context;
  const q = url.searchParams.get('q');
  if (q && !url.searchParams.get('search') && !url.searchParams.get('filter')) {
    // `q` is a prefix lookup without paging (and, like the plain list, without DEPROVISIONED users).
    const limit = parseLimit(url, { default: 10, max: 200 });
    const prefix = q.toLowerCase();
    const view = org.userView(`q:${prefix}`, (user) =>
      user.status !== 'DEPROVISIONED' &&
      [user.profile.firstName, user.profile.lastName, user.profile.email].some((value) => typeof value === 'string' && value.toLowerCase().startsWith(prefix)),
    );
    const page = slicePage(view, undefined, limit);
    return { body: page.items.map((user) => presentUser(user, orgUrl, context.omitCredentials)), paging: { next: undefined } };
  }
  const limit = parseLimit(url, { default: 200, max: 200 });
  const after = cursorKey(url.searchParams.get('after'), (cursor) => org.knownUserKey(cursor));
  const page = slicePage(selectUsers(context), after, limit);
  const last = page.items[page.items.length - 1];
  return {
    body: page.items.map((user) => presentUser(user, orgUrl, context.omitCredentials)),
    paging: { next: page.hasMore && last ? { after: last.id, limit: String(limit) } : undefined },
  };
}

export const userRoutes: Route[] = [
  { pattern: /^\/api\/v1\/users$/, scope: 'okta.users.read', handle: listUsers },
  {
    pattern: /^\/api\/v1\/users\/([^/]+)$/,
    scope: 'okta.users.read',
    handle: (context) => {
      const idOrLogin = param(context, 0);
      const user = context.org.userByIdOrLogin(idOrLogin);
      if (!user) throw notFound(idOrLogin, 'User');
      return { body: presentUser(user, context.orgUrl, context.omitCredentials) };
    },
  },
  {
    pattern: /^\/api\/v1\/users\/([^/]+)\/factors$/,
    scope: 'okta.users.read',
    handle: (context) => {
      const user = requireUser(context);
      return { body: context.org.factors(user.id).map((factor) => presentFactor(factor, user.id, context.orgUrl)) };
    },
  },
  {
    pattern: /^\/api\/v1\/users\/([^/]+)\/groups$/,
    scope: 'okta.users.read',
    handle: (context) => {
      const user = requireUser(context);
      const groups = context.org.groupIdsOf(user.id).flatMap((groupId) => {
        const group = context.org.groups.get(groupId);
        return group ? [presentGroup(group, context.orgUrl)] : [];
      });
      return { body: groups };
    },
  },
  {
    pattern: /^\/api\/v1\/users\/([^/]+)\/roles$/,
    scope: 'okta.roles.read',
    handle: (context) => {
      const { org, orgUrl } = context;
      const user = requireUser(context);
      const direct = org.directRoles(user.id).map((role) => presentRole(role, { kind: 'users', id: user.id }, 'USER', orgUrl));
      // A user's list includes what its groups hold, with the group as assignee.
      const inherited = org
        .groupIdsOf(user.id)
        .flatMap((groupId) => org.groupRoles(groupId).map((role) => presentRole(role, { kind: 'groups', id: groupId }, 'GROUP', orgUrl)));
      return { body: [...direct, ...inherited] };
    },
  },
];
