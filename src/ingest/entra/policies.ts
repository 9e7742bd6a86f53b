/**
 * Conditional Access policies: state, grant controls, conditions as properties, and INCLUDES/EXCLUDES
 * edges to the users, groups and roles they name. Tokens such as All, None and GuestsOrExternalUsers are
 * flags, not edges. Graph allows 1 request per second per tenant here and its 429s carry no Retry-After:
 * the session paces the graph:ca bucket and HttpClient backs off on its own.
 */
import type { DataSet, DataSetContext } from '../data-set.js';
import { BUCKET, type EntraEnv } from './env.js';
import type { GraphConditionalAccessPolicy } from './graph-types.js';
import type { EntraKeys } from './keys.js';
import { ListingCount } from './listing-count.js';
import { relStamp, nodeStamp, notSeen } from '../stamps.js';
import { isGuid } from './validate.js';

export const POLICIES_URL = '/identity/conditionalAccess/policies';

export type PolicyState = 'ENABLED' | 'REPORT_ONLY' | 'DISABLED';

export function policyStateOf(state: string | null | undefined): PolicyState {
  if (state === 'enabled') return 'ENABLED';
  if (state === 'enabledForReportingButNotEnforced') return 'REPORT_ONLY';
  return 'DISABLED';
}

export interface PolicyRow {
  key: string;
  props: {
    externalId: string;
    displayName: string;
    state: PolicyState;
    grantControls: string[];
    grantOperator: string | null;
    authenticationStrength: string | null;
    requiresMfa: boolean;
    blocks: boolean;
    includeAllUsers: boolean;
    includeAllApps: boolean;
    includeGuestsOrExternalUsers: boolean;
    hasRiskCondition: boolean;
    signInRiskLevels: string[];
    userRiskLevels: string[];
    clientAppTypes: string[];
    includeUsers: string[];
    excludeUsers: string[];
    includeGroups: string[];
    excludeGroups: string[];
    includeRoles: string[];
    excludeRoles: string[];
    includeApplications: string[];
    excludeApplications: string[];
  };
}

export type PolicyTarget = 'Account' | 'Group' | 'Role';
export type PolicyRel = 'INCLUDES' | 'EXCLUDES';

export interface PolicyEdgeRow {
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

export function transformPolicy(p: GraphConditionalAccessPolicy, keys: EntraKeys): { row: PolicyRow; edges: PolicyEdgeRow[] } {
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

  const edges: PolicyEdgeRow[] = [];
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

const UPSERT_POLICY = `
UNWIND $rows AS row
MERGE (p:ConditionalAccessPolicy {key: row.key})
SET p += row.props, ${nodeStamp('p')}`;

export function policyEdgeStatement(rel: PolicyRel, label: PolicyTarget): string {
  const entraOnly = label === 'Account' ? ' WHERE t:EntraUser' : '';
  return `
UNWIND $rows AS row
MATCH (p:ConditionalAccessPolicy {key: row.policy})
MATCH (t:${label} {key: row.target})${entraOnly}
MERGE (p)-[r:${rel}]->(t)
SET ${relStamp('r', 'policies')}`;
}

export const POLICIES_CLEANUP = [
  `MATCH (p:ConditionalAccessPolicy {integration: $integration})-[r:INCLUDES|EXCLUDES]->() WHERE ${notSeen('r')} DELETE r`,
  `MATCH (p:ConditionalAccessPolicy {integration: $integration}) WHERE ${notSeen('p')} DETACH DELETE p`,
];

export function policiesDataSet(env: EntraEnv): DataSet {
  return {
    name: 'policies',
    cleanup: POLICIES_CLEANUP,
    async run(ctx: DataSetContext): Promise<void> {
      const keys = env.keys();
      const policies = ctx.writer<PolicyRow>(UPSERT_POLICY, { counted: false });
      const counted = new ListingCount(ctx);
      // Policies are few (Entra allows 195): their edges wait in memory until every policy node exists.
      let edges: PolicyEdgeRow[] = [];
      const pages = env.client.pages<GraphConditionalAccessPolicy>(POLICIES_URL, {
        bucket: BUCKET.ca,
        signal: ctx.signal,
        onRestart: () => {
          counted.restart();
          edges = [];
        },
      });
      for await (const page of pages) {
        for (const p of page) {
          const { row, edges: e } = transformPolicy(p, keys);
          await policies.add(row);
          edges.push(...e);
        }
        counted.add(page.length);
      }
      await policies.flush();
      for (const rel of ['INCLUDES', 'EXCLUDES'] as const) {
        for (const label of ['Account', 'Group', 'Role'] as const) {
          const rows = edges.filter((e) => e.rel === rel && e.label === label);
          if (rows.length === 0) continue;
          const w = ctx.writer<PolicyEdgeRow>(policyEdgeStatement(rel, label), { counted: false });
          await w.addAll(rows);
          await w.flush();
        }
      }
    },
  };
}
