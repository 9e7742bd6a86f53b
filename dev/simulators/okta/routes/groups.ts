/**
 * `/api/v1/groups`, a group's members and a group's roles.
 */
import { notFound } from '../errors.js';
import type { OktaGroup } from '../fixture.js';
import { parseLimit, slicePage } from '../paging.js';
import { presentGroup, presentRole, presentUser } from '../present.js';
import type { GroupStats } from '../present.js';
import type { ExpressionRules, Route, RouteContext, RouteResult } from './route.js';
import { cursorKey, expandsTo, param, parseQueryExpression } from './route.js';

const ORDERING = ['eq', 'gt', 'ge', 'lt', 'le'];

const FILTER_RULES: ExpressionRules = {
  errorCode: 'E0000031',
  allowed: { id: ['eq'], type: ['eq'], lastUpdated: ORDERING, lastMembershipUpdated: ORDERING },
};

const SEARCH_RULES: ExpressionRules = {
  errorCode: 'E0000031',
  allowed: {
    type: ['eq'],
    'source.id': ['eq'],
    id: ['eq'],
    lastUpdated: ORDERING,
    lastMembershipUpdated: ORDERING,
    created: ORDERING,
    'profile.name': ['eq', 'sw', 'co'],
    'profile.description': ['eq', 'sw', 'co'],
    'profile.*': ['eq', 'sw'],
  },
};

function requireGroup(context: RouteContext): OktaGroup {
  const id = param(context, 0);
  const group = context.org.groups.get(id);
  if (!group) throw notFound(id, 'UserGroup');
  return group;
}

function stats(context: RouteContext, group: OktaGroup): GroupStats {
  const { org } = context;
  return {
    usersCount: org.memberCount(group.id),
    appsCount: org.appCount(group.id),
    groupPushMappingsCount: 0,
    hasAdminPrivlege: org.groupRoles(group.id).length > 0,
  };
}

function listGroups(context: RouteContext): RouteResult {
  const { url, org, orgUrl } = context;
  const limit = parseLimit(url, { default: 10000, max: 10000 });
  const q = url.searchParams.get('q');
  const search = url.searchParams.get('search');
  const filter = url.searchParams.get('filter');
  const predicates = [
    ...(search ? [parseQueryExpression(search, SEARCH_RULES).predicate] : []),
    ...(filter ? [parseQueryExpression(filter, FILTER_RULES).predicate] : []),
  ];
  const prefix = q?.toLowerCase();
  const view = org.groupView(`q:${prefix ?? ''}\u0000search:${search ?? ''}\u0000filter:${filter ?? ''}`, (group) =>
    (prefix === undefined || group.profile.name.toLowerCase().startsWith(prefix)) && predicates.every((test) => test(group)),
  );
  const after = cursorKey(url.searchParams.get('after'), (cursor) => org.groups.positionOf(cursor));
  const page = slicePage(view, after, limit);
  const withStats = expandsTo(url, 'stats');
  const last = page.items[page.items.length - 1];
  return {
    body: page.items.map((group) => presentGroup(group, orgUrl, withStats ? stats(context, group) : undefined)),
    paging: { next: page.hasMore && last ? { after: last.id, limit: String(limit) } : undefined },
  };
}

export const groupRoutes: Route[] = [
  { pattern: /^\/api\/v1\/groups$/, scope: 'okta.groups.read', handle: listGroups },
  {
    pattern: /^\/api\/v1\/groups\/([^/]+)$/,
    scope: 'okta.groups.read',
    handle: (context) => {
      const group = requireGroup(context);
      return { body: presentGroup(group, context.orgUrl, expandsTo(context.url, 'stats') ? stats(context, group) : undefined) };
    },
  },
  {
    pattern: /^\/api\/v1\/groups\/([^/]+)\/users$/,
    scope: 'okta.groups.read',
    handle: (context) => {
      const { url, org, orgUrl } = context;
      const group = requireGroup(context);
      const limit = parseLimit(url, { default: 1000, max: 1000 });
      const after = cursorKey(url.searchParams.get('after'), (cursor) => org.knownUserKey(cursor));
      const page = slicePage(org.members(group.id), after, limit);
      const last = page.items[page.items.length - 1];
      return {
        body: page.items.map((user) => presentUser(user, orgUrl, context.omitCredentials)),
        paging: { next: page.hasMore && last ? { after: last.id, limit: String(limit) } : undefined },
      };
    },
  },
  {
    pattern: /^\/api\/v1\/groups\/([^/]+)\/roles$/,
    scope: 'okta.roles.read',
    handle: (context) => {
      const group = requireGroup(context);
      return {
        body: context.org.groupRoles(group.id).map((role) => presentRole(role, { kind: 'groups', id: group.id }, 'GROUP', context.orgUrl)),
      };
    },
  },
];
