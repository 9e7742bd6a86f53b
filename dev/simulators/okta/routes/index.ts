import { appRoutes } from './apps.js';
import { groupRoutes } from './groups.js';
import { iamRoutes } from './iam.js';
import { logRoutes } from './logs.js';
import { policyRoutes } from './policies.js';
import type { Route } from './route.js';
import { userRoutes } from './users.js';

export type { Route, RouteContext, RouteResult } from './route.js';

export const managementRoutes: readonly Route[] = [
  ...userRoutes,
  ...groupRoutes,
  ...iamRoutes,
  ...appRoutes,
  ...logRoutes,
  ...policyRoutes,
];

export function findRoute(pathname: string): { route: Route; params: string[] } | undefined {
  for (const route of managementRoutes) {
    const match = route.pattern.exec(pathname);
    if (match) return { route, params: match.slice(1).map(decodeSegment) };
  }
  return undefined;
}

function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
