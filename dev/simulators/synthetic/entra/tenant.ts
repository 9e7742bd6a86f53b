/**
 * Assembles the Entra tenant fixture from the shared plan, in dependency order: applications,
 * groups, conditional access, sign-ins, users (whose signInActivity points at their newest
 * sign-in), the registration report and roles.
 */
import type { EntraTenantFixture } from '../../entra/fixture.js';
import type { ActivityPlan } from '../activity.js';
import type { AdminPlan } from '../admins.js';
import type { AppCatalog } from '../app-catalog.js';
import type { ScenarioContext } from '../context.js';
import type { Network } from '../network.js';
import type { People } from '../people.js';
import { DAY_MS, graphTime } from '../time.js';
import { buildEntraApps } from './apps.js';
import { buildConditionalAccess } from './conditional-access.js';
import { buildEntraGroups } from './groups.js';
import { buildRegistrationDetails } from './registration.js';
import { buildEntraRoles } from './roles.js';
import { buildSignIns } from './sign-ins.js';
import { buildEntraUsers } from './users.js';

export interface EntraCredentials {
  clientId: string;
  clientSecret: string;
  permissions: string[];
}

export interface EntraBuild {
  tenant: EntraTenantFixture;
  /** Counts known while building, for the summary. */
  stats: {
    groups: number;
    memberships: number;
    signIns: number;
    riskySignIns: number;
    legacySignIns: number;
    mfaRegistered: number;
    globalAdmins: number;
    applications: number;
    servicePrincipals: number;
    managedIdentities: number;
    highPrivilegeApps: number;
    passwordSsoApps: number;
    conditionalAccessPolicies: number;
    roleAssignments: number;
    eligibility: number;
  };
}

export function buildEntraTenant(
  context: ScenarioContext,
  people: People,
  activity: ActivityPlan,
  plan: AdminPlan,
  catalog: AppCatalog,
  network: Network,
  credentials: EntraCredentials,
): EntraBuild {
  const apps = buildEntraApps(context, catalog, people, { clientId: credentials.clientId, permissions: credentials.permissions });
  const hrBridge = apps.spByKey.get('hr-bridge');
  const groups = buildEntraGroups(context, people, plan, hrBridge?.id);
  const breakGlassIds = plan.breakGlass.flatMap((p) => people.all[p]?.entra?.id ?? []);
  const ca = buildConditionalAccess(context, breakGlassIds, groups.exclusionGroupId);
  const signIns = buildSignIns(context, people, activity.signIns, apps.signInApps, ca, network);
  const users = buildEntraUsers(context, people, activity, signIns.newestIdByPerson);
  const registration = buildRegistrationDetails(context, people, plan);
  const hrRole = catalog.apps.find((a) => a.key === 'hr-bridge')?.entra?.role;
  const roles = buildEntraRoles(context, people, plan, {
    tier0GroupId: groups.tier0GroupId,
    pimGroupId: groups.pimGroupId,
    ...(hrBridge && hrRole ? { servicePrincipal: { id: hrBridge.id, templateId: hrRole } } : {}),
  });

  const tenant: EntraTenantFixture = {
    tenantId: context.tenantId,
    displayName: context.organizationName,
    verifiedDomains: [context.domain, context.initialDomain],
    licence: { p1: true, p2: true },
    clients: [
      {
        clientId: credentials.clientId,
        secrets: [{ value: credentials.clientSecret, expiresAt: graphTime(context.now + 365 * DAY_MS) }],
        appPermissions: credentials.permissions,
      },
    ],
    users,
    userRegistrationDetails: registration.details,
    groups: groups.groups,
    groupMembers: groups.groupMembers,
    roleDefinitions: roles.roleDefinitions,
    roleAssignments: roles.roleAssignments,
    roleEligibilityScheduleInstances: roles.eligibility,
    conditionalAccessPolicies: ca.policies,
    signIns: signIns.signIns,
    applications: apps.applications,
    servicePrincipals: apps.servicePrincipals,
    appRoleAssignments: apps.appRoleAssignments,
    oauth2PermissionGrants: apps.oauth2PermissionGrants,
  };
  return {
    tenant,
    stats: {
      groups: groups.groups.length,
      memberships: groups.memberships,
      signIns: signIns.signIns.length,
      riskySignIns: signIns.risky,
      legacySignIns: signIns.legacy,
      mfaRegistered: registration.registered,
      globalAdmins: roles.globalAdmins,
      applications: apps.applications.length,
      servicePrincipals: apps.servicePrincipals.filter((sp) => sp.servicePrincipalType === 'Application').length,
      managedIdentities: apps.managedIdentities,
      highPrivilegeApps: apps.highPrivilegeSpIds.size,
      passwordSsoApps: apps.passwordSsoSpIds.length,
      conditionalAccessPolicies: ca.policies.length,
      roleAssignments: roles.roleAssignments.length,
      eligibility: roles.eligibility.length,
    },
  };
}
