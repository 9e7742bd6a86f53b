/**
 * `/api/v1/policies?type=…` (the type is required) and a policy's rules.
 */
import { notFound, validationFailed } from '../errors.js';
import type { OktaPolicy, OktaPolicyType } from '../fixture.js';
import { OKTA_POLICY_TYPES } from '../fixture.js';
import { parseLimit, slicePage } from '../paging.js';
import { presentPolicy, presentRule } from '../present.js';
import type { Route, RouteContext, RouteResult } from './route.js';
import { cursorKey, param } from './route.js';

function isPolicyType(value: string): value is OktaPolicyType {
  return (OKTA_POLICY_TYPES as readonly string[]).includes(value);
}

function requirePolicy(context: RouteContext): OktaPolicy {
  const id = param(context, 0);
  const policy = context.org.policy(id);
  if (!policy) throw notFound(id, 'Policy');
  return policy;
}

function listPolicies(context: RouteContext): RouteResult {
  const { url, org, orgUrl } = context;
  const type = url.searchParams.get('type');
  if (!type) throw validationFailed('type', 'The field cannot be left blank.');
  if (!isPolicyType(type)) throw validationFailed('type', `Invalid policy type: ${type}.`);
  const limit = parseLimit(url, { default: 20, max: 200 });
  const list = org.policies(type);
  const after = cursorKey(url.searchParams.get('after'), (cursor) => {
    for (let index = 0; index < list.keys.length; index += 1) if (list.item(index).id === cursor) return list.keys[index];
    return undefined;
  });
  const page = slicePage(list, after, limit);
  const last = page.items[page.items.length - 1];
  return {
    body: page.items.map((policy) => presentPolicy(policy, orgUrl)),
    paging: { next: page.hasMore && last ? { after: last.id, limit: String(limit) } : undefined },
  };
}

export const policyRoutes: Route[] = [
  { pattern: /^\/api\/v1\/policies$/, scope: 'okta.policies.read', handle: listPolicies },
  {
    pattern: /^\/api\/v1\/policies\/([^/]+)$/,
    scope: 'okta.policies.read',
    handle: (context) => ({ body: presentPolicy(requirePolicy(context), context.orgUrl) }),
  },
  {
    pattern: /^\/api\/v1\/policies\/([^/]+)\/rules$/,
    scope: 'okta.policies.read',
    handle: (context) => {
      const policy = requirePolicy(context);
      return { body: context.org.policyRules(policy.id).map((rule) => presentRule(rule, policy.id, context.orgUrl)) };
    },
  },
];
