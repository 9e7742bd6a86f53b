/**
 * `/api/v1/iam`: every admin in one list, and the custom roles. Both answer with an object whose
 * `_links.next` carries the paging, not a bare array.
 */
import { notFound } from '../errors.js';
import { pageUrl, parseLimit, slicePage } from '../paging.js';
import type { Route, RouteContext, RouteResult } from './route.js';
import { cursorKey, param } from './route.js';

/** The org's id in ORNs; any stable `00o…` value will do. */
const ORG_ID = '00o1simulatorOrg1d7';

function listAdminUsers(context: RouteContext): RouteResult {
  const { url, org, orgUrl } = context;
  const limit = parseLimit(url, { default: 100, max: 100 });
  const after = cursorKey(url.searchParams.get('after'), (cursor) => org.knownUserKey(cursor));
  const page = slicePage(org.adminUsers(), after, limit);
  const last = page.items[page.items.length - 1];
  const next = page.hasMore && last ? pageUrl(orgUrl, url, { after: last.id, limit: String(limit) }) : undefined;
  return {
    body: {
      value: page.items.map((user) => ({
        id: user.id,
        orn: `orn:okta:${ORG_ID}:users:${user.id}`,
        _links: {
          self: { href: `${orgUrl}/api/v1/users/${user.id}` },
          roles: { href: `${orgUrl}/api/v1/users/${user.id}/roles` },
        },
      })),
      _links: next ? { next: { href: next } } : {},
    },
  };
}

function listCustomRoles(context: RouteContext): RouteResult {
  const { url, org, orgUrl } = context;
  const limit = parseLimit(url, { default: 100, max: 100 });
  const after = cursorKey(url.searchParams.get('after'), (cursor) => org.customRoles.positionOf(cursor));
  const page = slicePage(org.customRoles.list(), after, limit);
  const last = page.items[page.items.length - 1];
  const nextParams = page.hasMore && last ? { after: last.id, limit: String(limit) } : undefined;
  return {
    body: {
      roles: page.items.map((role) => ({
        ...role,
        _links: {
          self: { href: `${orgUrl}/api/v1/iam/roles/${role.id}` },
          permissions: { href: `${orgUrl}/api/v1/iam/roles/${role.id}/permissions` },
        },
      })),
      _links: nextParams ? { next: { href: pageUrl(orgUrl, url, nextParams) } } : {},
    },
    paging: { next: nextParams },
  };
}

export const iamRoutes: Route[] = [
  { pattern: /^\/api\/v1\/iam\/assignees\/users$/, scope: 'okta.roles.read', handle: listAdminUsers },
  { pattern: /^\/api\/v1\/iam\/roles$/, scope: 'okta.roles.read', handle: listCustomRoles },
  {
    pattern: /^\/api\/v1\/iam\/roles\/([^/]+)$/,
    scope: 'okta.roles.read',
    handle: (context) => {
      const idOrLabel = param(context, 0);
      const role =
        context.org.customRoles.get(idOrLabel) ?? context.org.customRoles.items.find((candidate) => candidate.label === idOrLabel);
      if (!role) throw notFound(idOrLabel, 'IamRole');
      return { body: { ...role, _links: { self: { href: `${context.orgUrl}/api/v1/iam/roles/${role.id}` } } } };
    },
  },
];
