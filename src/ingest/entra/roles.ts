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
import { keepRels } from '../../model/cleanup.js';
import { EntraGroupNode, EntraRoleNode, EntraUserNode, HAS_ROLE, ServicePrincipalNode } from '../../model/graph.js';
import { entraRoleClass } from '../../model/vocabulary.js';
import { mergeRels, mergeRelsWithPlaceholder, upsertNodes, type NodeRow, type RowOf } from '../../model/writes.js';
import type { FetchContext, Resource, RowsOf } from '../resource.js';
import { BUCKET } from './buckets.js';
import { directoryKindOf, type DirectoryKind } from './directory-object.js';
import type { GraphRoleDefinition, GraphRoleGrant } from './graph-types.js';
import type { EntraKeys } from './keys.js';
import { PIM_ELIGIBILITY, entraAdvice } from './access.js';
import type { EntraSession } from './session.js';

export const ROLE_DEFINITIONS_URL = '/roleManagement/directory/roleDefinitions?$select=id,templateId,displayName,isBuiltIn';
export const ROLE_ASSIGNMENTS_URL = '/roleManagement/directory/roleAssignments?$expand=principal';
export const ROLE_ELIGIBILITY_URL = '/roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal';

/** Built-in roles have id == templateId; custom ones may leave templateId empty. */
export function templateIdOf(d: GraphRoleDefinition): string {
  return (d.templateId || d.id).toLowerCase();
}

export function transformRoleDefinition(d: GraphRoleDefinition, keys: EntraKeys): NodeRow<typeof EntraRoleNode> {
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

/** A role assignment whose principal the twin models, before it becomes a row of the write for its kind. */
export interface EntraRoleGrant {
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
): EntraRoleGrant | null {
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

const writes = {
  roles: upsertNodes(EntraRoleNode),
  // One edge per assignment: a principal can hold a role at several scopes, active and eligible.
  userGrants: mergeRels(HAS_ROLE, { from: EntraUserNode, to: EntraRoleNode, mergeOn: ['assignmentId'] }),
  groupGrants: mergeRels(HAS_ROLE, { from: EntraGroupNode, to: EntraRoleNode, mergeOn: ['assignmentId'] }),
  // Users and groups were loaded by earlier data sets; service principals come with `apps`, later.
  servicePrincipalGrants: mergeRelsWithPlaceholder(HAS_ROLE, { from: ServicePrincipalNode, to: EntraRoleNode, mergeOn: ['assignmentId'] }, 'from'),
};

/** Role definitions (with the id -> template id map of what was read so far), or a page of assignments. */
export type EntraRolesPage =
  | { readonly kind: 'definitions'; readonly definitions: GraphRoleDefinition[] }
  | { readonly kind: 'grants'; readonly assignment: Assignment; readonly grants: GraphRoleGrant[]; readonly templateIds: ReadonlyMap<string, string> };

/** The rows of a page of assignments, by the write their principal's kind needs. */
export function grantRows(
  grants: readonly GraphRoleGrant[],
  assignment: Assignment,
  templateIds: ReadonlyMap<string, string>,
  keys: EntraKeys,
): RowsOf<typeof writes> {
  const userGrants: Array<RowOf<typeof writes.userGrants>> = [];
  const groupGrants: Array<RowOf<typeof writes.groupGrants>> = [];
  const servicePrincipalGrants: Array<RowOf<typeof writes.servicePrincipalGrants>> = [];
  for (const g of grants) {
    const grant = transformRoleGrant(g, assignment, templateIds, keys);
    if (!grant) continue;
    const row = { from: grant.principal, to: grant.role, props: { assignmentId: grant.assignmentId, assignment: grant.assignment, scope: grant.scope } };
    if (grant.kind === 'user') userGrants.push(row);
    else if (grant.kind === 'group') groupGrants.push(row);
    else servicePrincipalGrants.push({ ...row, placeholder: { objectId: grant.principalId, externalId: grant.appId, displayName: grant.displayName } });
  }
  return { userGrants, groupGrants, servicePrincipalGrants };
}

async function* listGrants(
  session: EntraSession,
  ctx: FetchContext,
  url: string,
  assignment: Assignment,
  templateIds: ReadonlyMap<string, string>,
): AsyncGenerator<EntraRolesPage, void, undefined> {
  const listing = ctx.listing();
  try {
    for await (const grants of session.client.pages<GraphRoleGrant>(url, { bucket: BUCKET.directory, signal: ctx.signal, onRestart: () => listing.restart() })) {
      yield { kind: 'grants', assignment, grants, templateIds };
    }
  } catch (err) {
    // A listing that failed counts nothing: an eligibility refused part-way is kept from earlier runs.
    listing.restart();
    throw err;
  }
}

export const roles: Resource<EntraSession, EntraRolesPage, typeof writes> = {
  name: 'roles',
  writes,
  counted: ['roles', 'userGrants', 'groupGrants', 'servicePrincipalGrants'],
  async *pages(session, ctx) {
    const opts = { bucket: BUCKET.directory, signal: ctx.signal };
    // Role definitions are a few hundred at most: their id -> template id map stays in memory.
    const templateIds = new Map<string, string>();
    const definitions = ctx.listing();
    for await (const page of session.client.pages<GraphRoleDefinition>(ROLE_DEFINITIONS_URL, { ...opts, onRestart: () => definitions.restart() })) {
      for (const d of page) templateIds.set(d.id.toLowerCase(), templateIdOf(d));
      yield { kind: 'definitions', definitions: page };
    }

    yield* listGrants(session, ctx, ROLE_ASSIGNMENTS_URL, 'active', templateIds);
    try {
      yield* listGrants(session, ctx, ROLE_ELIGIBILITY_URL, 'eligible', templateIds);
    } catch (err) {
      if (!(err instanceof TwinError) || !['UPSTREAM_LICENSE_REQUIRED', 'UPSTREAM_PERMISSION_DENIED'].includes(err.code)) throw err;
      const code = err.providerCode ?? err.code;
      const todo = err.code === 'UPSTREAM_LICENSE_REQUIRED'
        ? `the tenant needs ${PIM_ELIGIBILITY.licence}`
        : entraAdvice('roles', err.providerCode, PIM_ELIGIBILITY.permission);
      ctx.warn(code, `PIM eligibility was not read (${code}): active role assignments were synced and the eligibilities stored earlier were kept; ${todo}`);
      // Eligibility could not be read: what the previous runs stored stays.
      await ctx.execute(keepRels(HAS_ROLE, { assignment: 'eligible' }));
    }
  },
  transform(page, session): RowsOf<typeof writes> {
    const keys = session.keys();
    if (page.kind === 'definitions') return { roles: page.definitions.map((d) => transformRoleDefinition(d, keys)) };
    return grantRows(page.grants, page.assignment, page.templateIds, keys);
  },
};
