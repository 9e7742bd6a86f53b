/**
 * Assembles the Okta org fixture from the shared plan: users, factors, groups, policies, apps
 * (whose assignments refer to groups and policies), admin roles and the System Log.
 */
import type { JWK } from 'jose';
import type { OktaOrgFixture } from '../../okta/fixture.js';
import type { ActivityPlan } from '../activity.js';
import type { AdminPlan } from '../admins.js';
import type { AppCatalog } from '../app-catalog.js';
import type { ScenarioContext } from '../context.js';
import type { Network } from '../network.js';
import type { People } from '../people.js';
import { buildOktaApps } from './apps.js';
import { buildOktaFactors } from './factors.js';
import { buildOktaGroups } from './groups.js';
import { buildOktaPolicies } from './policies.js';
import { buildOktaRoles } from './roles.js';
import { buildSystemLog } from './system-log.js';
import { buildOktaUsers } from './users.js';

export const OKTA_READ_SCOPES = ['okta.users.read', 'okta.groups.read', 'okta.apps.read', 'okta.logs.read', 'okta.roles.read', 'okta.policies.read'];

export interface OktaCredentials {
  apiToken: string;
  serviceApp?: { clientId: string; publicJwk: JWK; requireDpop?: boolean };
}

export interface OktaBuild {
  org: OktaOrgFixture;
  stats: {
    groups: number;
    memberships: number;
    factors: number;
    mfaRegistered: number;
    apps: number;
    appUsers: number;
    passwordSsoApps: number;
    roleAssignments: number;
    superAdmins: number;
    logEvents: number;
    riskyLegacy: number;
    riskyStructured: number;
    riskyBoth: number;
    threats: number;
  };
}

export function buildOktaOrg(
  context: ScenarioContext,
  people: People,
  activity: ActivityPlan,
  plan: AdminPlan,
  catalog: AppCatalog,
  network: Network,
  adGroupNames: readonly string[],
  credentials: OktaCredentials,
): OktaBuild {
  const users = buildOktaUsers(context, people, activity);
  const factors = buildOktaFactors(context, people, plan);
  const office365People = people.all.filter((p) => p.okta && p.entra && p.okta.status !== 'DEPROVISIONED').map((p) => p.index);
  const groups = buildOktaGroups(context, people, plan, adGroupNames, office365People);
  const policies = buildOktaPolicies(context, groups);
  const apps = buildOktaApps(context, people, catalog, groups, policies, office365People);
  const roles = buildOktaRoles(context, people, plan, groups);
  const accessPolicy = policies.policies.ACCESS_POLICY?.find((p) => p.id === policies.twoFactorPolicyId);
  const log = buildSystemLog(context, people, activity.oktaEvents, network, apps.ssoTargets, { id: policies.twoFactorPolicyId, name: accessPolicy?.name ?? 'Any two factors' });

  const org: OktaOrgFixture = {
    apiTokens: [{ token: credentials.apiToken }],
    serviceApps: credentials.serviceApp
      ? [{ clientId: credentials.serviceApp.clientId, publicJwks: [credentials.serviceApp.publicJwk], grantedScopes: OKTA_READ_SCOPES, requireDpop: credentials.serviceApp.requireDpop ?? false }]
      : [],
    users,
    factors: factors.factors,
    groups: groups.groups,
    groupMembers: groups.groupMembers,
    userRoles: roles.userRoles,
    groupRoles: roles.groupRoles,
    customRoles: roles.customRoles,
    apps: apps.apps,
    appUsers: apps.appUsers,
    appGroups: apps.appGroups,
    logs: log.logs,
    policies: policies.policies,
    policyRules: policies.policyRules,
  };
  return {
    org,
    stats: {
      groups: groups.groups.length,
      memberships: groups.memberships,
      factors: factors.total,
      mfaRegistered: factors.registered,
      apps: apps.apps.length,
      appUsers: apps.appUserCount,
      passwordSsoApps: apps.passwordSsoApps,
      roleAssignments: roles.assignments,
      superAdmins: roles.superAdmins,
      logEvents: log.logs.length,
      riskyLegacy: log.riskyLegacy,
      riskyStructured: log.riskyStructured,
      riskyBoth: log.riskyBoth,
      threats: log.threats,
    },
  };
}
