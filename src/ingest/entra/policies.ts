/**
 * Conditional Access policies: state, grant controls, conditions as properties, and INCLUDES/EXCLUDES
 * edges to the users, groups and roles they name. Tokens such as All, None and GuestsOrExternalUsers are
 * flags, not edges. Graph allows 1 request per second per tenant here and its 429s carry no Retry-After:
 * the session paces the graph:ca bucket and HttpClient backs off on its own.
 */
import { ConditionalAccessPolicyNode, EXCLUDES, EntraGroupNode, EntraRoleNode, EntraUserNode, INCLUDES } from '../../model/graph.js';
import type { PolicyState } from '../../model/vocabulary.js';
import { mergeRels, upsertNodes, type NodeRow, type RelRow } from '../../model/writes.js';
import type { Resource, RowsOf } from '../resource.js';
import { BUCKET } from './buckets.js';
import type { GraphConditionalAccessPolicy } from './graph-types.js';
import type { EntraKeys } from './keys.js';
import type { EntraSession } from './session.js';
import { isGuid } from './validate.js';

export const POLICIES_URL = '/identity/conditionalAccess/policies';

export function policyStateOf(state: string | null | undefined): PolicyState {
  if (state === 'enabled') return 'ENABLED';
  if (state === 'enabledForReportingButNotEnforced') return 'REPORT_ONLY';
  return 'DISABLED';
}

export type PolicyTarget = 'Account' | 'Group' | 'Role';
export type PolicyRel = 'INCLUDES' | 'EXCLUDES';

/** An object a policy names, before it becomes a row of the write for its relationship and label. */
export interface PolicyEdge {
  policy: string;
  target: string;
  label: PolicyTarget;
  rel: PolicyRel;
}

function list(v: string[] | null | undefined): string[] {
  return (v ?? []).filter((s): s is string => typeof s === 'string');
}

function has(v: string[], token: string): boolean {
  return v.some((s) => s.toLowerCase() === token.toLowerCase());
}

export function transformEntraPolicy(p: GraphConditionalAccessPolicy, keys: EntraKeys): { row: NodeRow<typeof ConditionalAccessPolicyNode>; edges: PolicyEdge[] } {
  const users = p.conditions?.users ?? {};
  const apps = p.conditions?.applications ?? {};
  const includeUsers = list(users.includeUsers);
  const excludeUsers = list(users.excludeUsers);
  const includeGroups = list(users.includeGroups);
  const excludeGroups = list(users.excludeGroups);
  const includeRoles = list(users.includeRoles);
  const excludeRoles = list(users.excludeRoles);
  const builtIn = list(p.grantControls?.builtInControls);
  const strength = p.grantControls?.authenticationStrength ?? null;
  const signInRiskLevels = list(p.conditions?.signInRiskLevels);
  const userRiskLevels = list(p.conditions?.userRiskLevels);
  const key = keys.policy(p.id);

  const edges: PolicyEdge[] = [];
  const link = (ids: string[], label: PolicyTarget, rel: PolicyRel, toKey: (id: string) => string): void => {
    // Only object ids make edges; All, None, GuestsOrExternalUsers are flags.
    for (const id of new Set(ids.filter(isGuid).map((i) => i.toLowerCase()))) edges.push({ policy: key, target: toKey(id), label, rel });
  };
  link(includeUsers, 'Account', 'INCLUDES', keys.user);
  link(excludeUsers, 'Account', 'EXCLUDES', keys.user);
  link(includeGroups, 'Group', 'INCLUDES', keys.group);
  link(excludeGroups, 'Group', 'EXCLUDES', keys.group);
  link(includeRoles, 'Role', 'INCLUDES', keys.role);
  link(excludeRoles, 'Role', 'EXCLUDES', keys.role);

  return {
    row: {
      key,
      props: {
        externalId: p.id,
        displayName: p.displayName ?? p.id,
        state: policyStateOf(p.state),
        grantControls: strength ? [...builtIn, 'authenticationStrength'] : builtIn,
        grantOperator: p.grantControls?.operator ?? null,
        authenticationStrength: strength ? (strength.displayName ?? strength.id ?? 'authenticationStrength') : null,
        requiresMfa: has(builtIn, 'mfa') || strength !== null,
        blocks: has(builtIn, 'block'),
        includeAllUsers: has(includeUsers, 'All'),
        includeAllApps: has(list(apps.includeApplications), 'All'),
        includeGuestsOrExternalUsers: has(includeUsers, 'GuestsOrExternalUsers') || Boolean(users.includeGuestsOrExternalUsers),
        hasRiskCondition: signInRiskLevels.length > 0 || userRiskLevels.length > 0,
        signInRiskLevels,
        userRiskLevels,
        clientAppTypes: list(p.conditions?.clientAppTypes),
        includeUsers,
        excludeUsers,
        includeGroups,
        excludeGroups,
        includeRoles,
        excludeRoles,
        includeApplications: list(apps.includeApplications),
        excludeApplications: list(apps.excludeApplications),
      },
    },
    edges,
  };
}

const writes = {
  policies: upsertNodes(ConditionalAccessPolicyNode),
  includesUsers: mergeRels(INCLUDES, { from: ConditionalAccessPolicyNode, to: EntraUserNode }),
  includesGroups: mergeRels(INCLUDES, { from: ConditionalAccessPolicyNode, to: EntraGroupNode }),
  includesRoles: mergeRels(INCLUDES, { from: ConditionalAccessPolicyNode, to: EntraRoleNode }),
  excludesUsers: mergeRels(EXCLUDES, { from: ConditionalAccessPolicyNode, to: EntraUserNode }),
  excludesGroups: mergeRels(EXCLUDES, { from: ConditionalAccessPolicyNode, to: EntraGroupNode }),
  excludesRoles: mergeRels(EXCLUDES, { from: ConditionalAccessPolicyNode, to: EntraRoleNode }),
};

type EdgeWrite = Exclude<keyof typeof writes, 'policies'>;

/** The write of each relationship and target label. */
export const POLICY_EDGE_WRITES: Readonly<Record<PolicyRel, Readonly<Record<PolicyTarget, EdgeWrite>>>> = {
  INCLUDES: { Account: 'includesUsers', Group: 'includesGroups', Role: 'includesRoles' },
  EXCLUDES: { Account: 'excludesUsers', Group: 'excludesGroups', Role: 'excludesRoles' },
};

/** The compiled write for edges of one relationship type to one label. */
export function policyEdgeWrite(rel: PolicyRel, label: PolicyTarget): (typeof writes)[EdgeWrite] {
  return writes[POLICY_EDGE_WRITES[rel][label]];
}

export const policies: Resource<EntraSession, GraphConditionalAccessPolicy[], typeof writes> = {
  name: 'policies',
  writes,
  counted: ['policies'],
  async *pages(session, ctx) {
    const listing = ctx.listing();
    yield* session.client.pages<GraphConditionalAccessPolicy>(POLICIES_URL, {
      bucket: BUCKET.ca,
      signal: ctx.signal,
      onRestart: () => listing.restart(),
    });
  },
  transform(page, session): RowsOf<typeof writes> {
    const keys = session.keys();
    const rows: { policies: Array<NodeRow<typeof ConditionalAccessPolicyNode>> } & Record<EdgeWrite, Array<RelRow<typeof INCLUDES>>> = {
      policies: [], includesUsers: [], includesGroups: [], includesRoles: [], excludesUsers: [], excludesGroups: [], excludesRoles: [],
    };
    for (const p of page) {
      const { row, edges } = transformEntraPolicy(p, keys);
      // A batch writes its policy nodes before their edges (resource.ts flushes in declared order).
      rows.policies.push(row);
      for (const e of edges) rows[POLICY_EDGE_WRITES[e.rel][e.label]].push({ from: e.policy, to: e.target, props: {} });
    }
    return rows;
  },
};
