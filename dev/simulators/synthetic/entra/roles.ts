/**
 * Entra directory roles: a definition for every built-in template in the reference, active
 * assignments from the admin plan (to people, the role-assignable group, the sync account and a
 * service principal), and PIM eligibility schedule instances.
 */
import type { GraphRoleAssignment, GraphRoleDefinitionFixture, GraphRoleEligibilityScheduleInstance } from '../../entra/fixture.js';
import type { AdminPlan } from '../admins.js';
import type { ScenarioContext } from '../context.js';
import { streamOf } from '../context.js';
import { guid, opaque } from '../ids.js';
import type { People } from '../people.js';
import { DAY_MS, graphTime } from '../time.js';
import { ROLE, ROLE_TEMPLATES } from './microsoft-catalog.js';

export interface EntraRoles {
  roleDefinitions: GraphRoleDefinitionFixture[];
  roleAssignments: GraphRoleAssignment[];
  eligibility: GraphRoleEligibilityScheduleInstance[];
  /** Distinct accounts holding Global Administrator actively (directly or through the group). */
  globalAdmins: number;
}

export interface RolePrincipals {
  tier0GroupId: string;
  pimGroupId: string;
  /** A service principal that holds a directory role, with that role's template id. */
  servicePrincipal?: { id: string; templateId: string };
}

export function buildEntraRoles(context: ScenarioContext, people: People, plan: AdminPlan, principals: RolePrincipals): EntraRoles {
  const rng = streamOf(context, 'entra-roles');
  const roleDefinitions: GraphRoleDefinitionFixture[] = ROLE_TEMPLATES.map((t) => ({
    id: t.id,
    templateId: t.id,
    displayName: t.displayName,
    description: t.description,
    isBuiltIn: true,
    isEnabled: true,
    version: '1',
    resourceScopes: ['/'],
    rolePermissions: [{ allowedResourceActions: [...t.actions], condition: null }],
  }));
  const administrativeUnit = `/administrativeUnits/${guid(rng)}`;

  const roleAssignments: GraphRoleAssignment[] = [];
  const assign = (principalId: string, roleDefinitionId: string, directoryScopeId = '/'): void => {
    roleAssignments.push({
      id: opaque(rng, 43, '-1'),
      principalId,
      roleDefinitionId,
      directoryScopeId,
      appScopeId: null,
      principalOrganizationId: context.tenantId,
      condition: null,
      resourceScope: directoryScopeId,
    });
  };
  const entraId = (person: number): string => {
    const id = people.all[person]?.entra?.id;
    if (!id) throw new Error(`role planned for person ${person} without an Entra account`);
    return id;
  };

  const globalAdmins = new Set<string>();
  for (const grant of plan.entraActive) {
    const id = entraId(grant.person);
    assign(id, grant.templateId, grant.administrativeUnit ? administrativeUnit : '/');
    if (grant.templateId === ROLE.globalAdministrator) globalAdmins.add(id);
  }
  assign(principals.tier0GroupId, ROLE.globalAdministrator);
  for (const member of plan.tier0GroupMembers) globalAdmins.add(entraId(member));
  const syncAccount = people.all.find((p) => p.entraOnlyKind === 'service');
  if (syncAccount?.entra) assign(syncAccount.entra.id, ROLE.directorySynchronizationAccounts);
  if (principals.servicePrincipal) assign(principals.servicePrincipal.id, principals.servicePrincipal.templateId);

  const eligibility: GraphRoleEligibilityScheduleInstance[] = [];
  const eligible = (principalId: string, roleDefinitionId: string, permanent: boolean): void => {
    const start = context.now - (5 + rng.float() * 300) * DAY_MS;
    eligibility.push({
      id: opaque(rng, 43, '-1-e'),
      principalId,
      roleDefinitionId,
      directoryScopeId: '/',
      appScopeId: null,
      startDateTime: graphTime(start),
      endDateTime: permanent ? null : graphTime(start + 365 * DAY_MS),
      memberType: 'Direct',
      roleEligibilityScheduleId: guid(rng),
    });
  };
  plan.entraEligible.forEach((grant, i) => eligible(entraId(grant.person), grant.templateId, i % 3 === 0));
  eligible(principals.pimGroupId, ROLE.securityAdministrator, true);

  return { roleDefinitions, roleAssignments, eligibility, globalAdmins: globalAdmins.size };
}
