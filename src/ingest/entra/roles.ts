/**
 * Directory roles: one Role node per role definition (keyed by template id, named by its displayName,
 * tier0/privileged from the vocabulary), HAS_ROLE {assignment: 'active'} from roleAssignments and
 * {assignment: 'eligible'} from PIM's roleEligibilityScheduleInstances, each from its principal (user,
 * group or service principal). Group-assigned roles stay on the group: queries resolve them through
 * MEMBER_OF*.
 *
 * PIM needs Entra ID P2 (or Governance) and its own permission: when either is refused the run warns,
 * loads the active assignments, and keeps the eligibilities stored earlier rather than claiming there
 * are none.
 */
import { TwinError } from '../../errors.js';
import { entraRoleClass } from '../../model/vocabulary.js';
import type { DataSet, DataSetContext } from '../data-set.js';
import { directoryKindOf, type DirectoryKind } from './directory-object.js';
import { BUCKET, type EntraEnv } from './env.js';
import type { GraphRoleDefinition, GraphRoleGrant } from './graph-types.js';
import type { EntraKeys } from './keys.js';
import { ListingCount } from './listing-count.js';
import { PIM_ELIGIBILITY, adviceFor } from './permissions.js';
import { relStamp, nodeStamp, notSeen, placeholderStamp } from '../stamps.js';

export const ROLE_DEFINITIONS_URL = '/roleManagement/directory/roleDefinitions?$select=id,templateId,displayName,isBuiltIn';
export const ROLE_ASSIGNMENTS_URL = '/roleManagement/directory/roleAssignments?$expand=principal';
export const ROLE_ELIGIBILITY_URL = '/roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal';

export interface RoleRow {
  key: string;
  props: { roleKey: string; name: string; tier0: boolean; privileged: boolean; definitionId: string; isBuiltIn: boolean };
}

/** Built-in roles have id == templateId; custom ones may leave templateId empty. */
export function templateIdOf(d: GraphRoleDefinition): string {
  return (d.templateId || d.id).toLowerCase();
}

export function transformRoleDefinition(d: GraphRoleDefinition, keys: EntraKeys): RoleRow {
  const templateId = templateIdOf(d);
  return {
    key: keys.role(templateId),
    props: {
      roleKey: templateId,
      name: d.displayName ?? templateId,
      ...entraRoleClass(templateId),
      definitionId: d.id,
      isBuiltIn: d.isBuiltIn !== false,
    },
  };
}

export type Assignment = 'active' | 'eligible';

export interface RoleEdgeRow {
  kind: DirectoryKind;
  principal: string;
  principalId: string;
  appId: string | null;
  displayName: string | null;
  role: string;
  assignment: Assignment;
  scope: string;
  assignmentId: string;
}

/**
 * `templateIds` maps role definition ids to template ids (they differ for custom roles). Null when the
 * principal is gone or of a kind the twin does not model.
 */
export function transformRoleGrant(
  g: GraphRoleGrant,
  assignment: Assignment,
  templateIds: ReadonlyMap<string, string>,
  keys: EntraKeys,
): RoleEdgeRow | null {
  const kind = directoryKindOf(g.principal);
  const principalId = g.principal?.id ?? g.principalId;
  if (!kind || !principalId || !g.roleDefinitionId) return null;
  const definitionId = g.roleDefinitionId.toLowerCase();
  const templateId = templateIds.get(definitionId) ?? definitionId;
  const principal = kind === 'user' ? keys.user(principalId) : kind === 'group' ? keys.group(principalId) : keys.servicePrincipal(principalId);
  return {
    kind,
    principal,
    principalId,
    appId: g.principal?.appId ?? null,
    displayName: g.principal?.displayName ?? null,
    role: keys.role(templateId),
    assignment,
    scope: g.directoryScopeId || '/',
    assignmentId: g.id,
  };
}

const UPSERT_ROLE = `
UNWIND $rows AS row
MERGE (r:Role {key: row.key})
SET r += row.props, ${nodeStamp('r')}`;

const EDGE = `MERGE (p)-[h:HAS_ROLE {assignmentId: row.assignmentId}]->(r)
SET h.assignment = row.assignment, h.scope = row.scope, ${relStamp('h', 'roles')}`;

// Users and groups were loaded by earlier data sets; service principals come with `apps`, later.
export const ROLE_EDGE: Record<DirectoryKind, string> = {
  user: `
UNWIND $rows AS row
MATCH (r:Role {key: row.role})
MATCH (p:Account {key: row.principal}) WHERE p:EntraUser
${EDGE}`,
  group: `
UNWIND $rows AS row
MATCH (r:Role {key: row.role})
MATCH (p:Group {key: row.principal})
${EDGE}`,
  servicePrincipal: `
UNWIND $rows AS row
MATCH (r:Role {key: row.role})
MERGE (p:Application {key: row.principal})
ON CREATE SET p:ServicePrincipal, ${placeholderStamp('p')}, p.objectId = row.principalId, p.externalId = row.appId, p.displayName = row.displayName
${EDGE}`,
};

/** Eligibility could not be read: what the previous runs stored stays. */
export const KEEP_ELIGIBLE = `
MATCH (:Role {integration: $integration})<-[h:HAS_ROLE {assignment: 'eligible'}]-()
SET h.runId = $runId`;

export const ROLES_CLEANUP = [
  `MATCH (:Role {integration: $integration})<-[h:HAS_ROLE]-() WHERE h.dataSet = 'roles' AND ${notSeen('h')}
   CALL { WITH h DELETE h } IN TRANSACTIONS OF 5000 ROWS`,
  `MATCH (r:Role {integration: $integration}) WHERE ${notSeen('r')} DETACH DELETE r`,
];

export function rolesDataSet(env: EntraEnv): DataSet {
  return {
    name: 'roles',
    cleanup: ROLES_CLEANUP,
    async run(ctx: DataSetContext): Promise<void> {
      const keys = env.keys();
      const opts = { bucket: BUCKET.directory, signal: ctx.signal };

      const roles = ctx.writer<RoleRow>(UPSERT_ROLE, { counted: false });
      const definitions = new ListingCount(ctx);
      // Role definitions are a few hundred at most: their id -> template id map stays in memory.
      const templateIds = new Map<string, string>();
      for await (const page of env.client.pages<GraphRoleDefinition>(ROLE_DEFINITIONS_URL, { ...opts, onRestart: () => definitions.restart() })) {
        for (const d of page) templateIds.set(d.id.toLowerCase(), templateIdOf(d));
        await roles.addAll(page.map((d) => transformRoleDefinition(d, keys)));
        definitions.add(page.length);
      }
      await roles.flush();

      const edges = {
        user: ctx.writer<RoleEdgeRow>(ROLE_EDGE.user, { counted: false }),
        group: ctx.writer<RoleEdgeRow>(ROLE_EDGE.group, { counted: false }),
        servicePrincipal: ctx.writer<RoleEdgeRow>(ROLE_EDGE.servicePrincipal, { counted: false }),
      };
      const load = async (url: string, assignment: Assignment): Promise<void> => {
        const counted = new ListingCount(ctx);
        try {
          for await (const page of env.client.pages<GraphRoleGrant>(url, { ...opts, onRestart: () => counted.restart() })) {
            for (const g of page) {
              const row = transformRoleGrant(g, assignment, templateIds, keys);
              if (row) await edges[row.kind].add(row);
            }
            counted.add(page.length);
          }
        } catch (err) {
          counted.restart();
          throw err;
        }
      };

      await load(ROLE_ASSIGNMENTS_URL, 'active');
      try {
        await load(ROLE_ELIGIBILITY_URL, 'eligible');
      } catch (err) {
        if (!(err instanceof TwinError) || !['UPSTREAM_LICENSE_REQUIRED', 'UPSTREAM_PERMISSION_DENIED'].includes(err.code)) throw err;
        const code = err.providerCode ?? err.code;
        const todo = err.code === 'UPSTREAM_LICENSE_REQUIRED'
          ? `the tenant needs ${PIM_ELIGIBILITY.licence}`
          : adviceFor('roles', err.providerCode, PIM_ELIGIBILITY.permission);
        ctx.warn(code, `PIM eligibility was not read (${code}): active role assignments were synced and the eligibilities stored earlier were kept; ${todo}`);
        await ctx.graph.write(KEEP_ELIGIBLE, { integration: ctx.integration, runId: ctx.runId });
      }
      for (const w of Object.values(edges)) await w.flush();
    },
  };
}
