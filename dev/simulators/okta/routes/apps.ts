/**
 * `/api/v1/apps`, an app's user assignments (with `expand=user`) and group assignments.
 */
import { notFound } from '../errors.js';
import type { OktaApp } from '../fixture.js';
import { parseLimit, slicePage } from '../paging.js';
import { presentApp, presentAppGroup, presentAppUser, presentUser } from '../present.js';
import type { ExpressionRules, Route, RouteContext, RouteResult } from './route.js';
import { cursorKey, expandsTo, param, parseQueryExpression } from './route.js';

const FILTER_RULES: ExpressionRules = {
  errorCode: 'E0000031',
  allowed: { id: ['eq'], status: ['eq'], name: ['eq'], 'credentials.signing.kid': ['eq'], 'settings.slo.enabled': ['eq'] },
};

function requireApp(context: RouteContext): OktaApp {
  const id = param(context, 0);
  const app = context.org.apps.get(id);
  if (!app || app.status === 'DELETED') throw notFound(id, 'AppInstance');
  return app;
}

function listApps(context: RouteContext): RouteResult {
  const { url, org, orgUrl } = context;
  const limit = parseLimit(url, { default: 20, max: 200 });
  const q = url.searchParams.get('q')?.toLowerCase();
  const filter = url.searchParams.get('filter');
  const predicate = filter ? parseQueryExpression(filter, FILTER_RULES).predicate : undefined;
  const view = org.appView(`q:${q ?? ''}\u0000filter:${filter ?? ''}`, (app) =>
    app.status !== 'DELETED' &&
    (q === undefined || app.name.toLowerCase().startsWith(q) || app.label.toLowerCase().startsWith(q)) &&
    (predicate === undefined || predicate(app)),
  );
  const after = cursorKey(url.searchParams.get('after'), (cursor) => org.apps.positionOf(cursor));
  const page = slicePage(view, after, limit);
  const last = page.items[page.items.length - 1];
  return {
    body: page.items.map((app) => presentApp(app, orgUrl)),
    paging: { next: page.hasMore && last ? { after: last.id, limit: String(limit) } : undefined },
  };
}

export const appRoutes: Route[] = [
  { pattern: /^\/api\/v1\/apps$/, scope: 'okta.apps.read', handle: listApps },
  {
    pattern: /^\/api\/v1\/apps\/([^/]+)$/,
    scope: 'okta.apps.read',
    handle: (context) => ({ body: presentApp(requireApp(context), context.orgUrl) }),
  },
  {
    pattern: /^\/api\/v1\/apps\/([^/]+)\/users$/,
    scope: 'okta.apps.read',
    handle: (context) => {
      const { url, org, orgUrl } = context;
      const app = requireApp(context);
      const limit = parseLimit(url, { default: 50, max: 500 });
      const after = cursorKey(url.searchParams.get('after'), (cursor) => org.knownUserKey(cursor));
      const page = slicePage(org.appUserList(app.id), after, limit);
      const expandUser = expandsTo(url, 'user');
      const last = page.items[page.items.length - 1];
      return {
        body: page.items.map((appUser) => {
          const user = expandUser ? org.user(appUser.id) : undefined;
          return presentAppUser(appUser, app.id, orgUrl, user ? presentUser(user, orgUrl, context.omitCredentials) : undefined);
        }),
        paging: { next: page.hasMore && last ? { after: last.id, limit: String(limit) } : undefined },
      };
    },
  },
  {
    pattern: /^\/api\/v1\/apps\/([^/]+)\/groups$/,
    scope: 'okta.apps.read',
    handle: (context) => {
      const { url, org, orgUrl } = context;
      const app = requireApp(context);
      const limit = parseLimit(url, { default: 20, max: 200, min: 20 });
      const after = cursorKey(url.searchParams.get('after'), (cursor) => org.groups.positionOf(cursor));
      const page = slicePage(org.appGroupList(app.id), after, limit);
      const last = page.items[page.items.length - 1];
      return {
        body: page.items.map((appGroup) => presentAppGroup(appGroup, app.id, orgUrl)),
        paging: { next: page.hasMore && last ? { after: last.id, limit: String(limit) } : undefined },
      };
    },
  },
];
