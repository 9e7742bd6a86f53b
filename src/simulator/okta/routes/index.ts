import { appRoutes } from './apps';
import { groupRoutes } from './groups';
import { iamRoutes } from './iam';
import { logRoutes } from './logs';
import { policyRoutes } from './policies';
import type { Route } from './route';
import { userRoutes } from './users';

export type { Route, RouteContext, RouteResult } from './route';

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
