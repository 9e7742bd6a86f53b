/**
 * Okta admin roles from the admin plan: standard roles assigned to users, ORG_ADMIN through a
 * group, and a custom role (with its resource set) held by a group and by one user directly.
 */
import type { IamRole, OktaRoleType, RoleAssignment } from '../../okta/fixture.js';
import type { AdminPlan } from '../admins.js';
import type { ScenarioContext } from '../context.js';
import { streamOf } from '../context.js';
import { oktaId } from '../ids.js';
import type { People } from '../people.js';
import type { Rng } from '../random.js';
import { DAY_MS, millisTime } from '../time.js';

export interface OktaRoles {
  userRoles: Record<string, RoleAssignment[]>;
  groupRoles: Record<string, RoleAssignment[]>;
  customRoles: IamRole[];
  assignments: number;
  superAdmins: number;
}

const LABELS: Record<Exclude<OktaRoleType, 'CUSTOM'>, string> = {
  SUPER_ADMIN: 'Super Administrator',
  ORG_ADMIN: 'Organization Administrator',
  APP_ADMIN: 'Application Administrator',
  USER_ADMIN: 'Group Administrator',
  HELP_DESK_ADMIN: 'Help Desk Administrator',
  READ_ONLY_ADMIN: 'Read-only Administrator',
  MOBILE_ADMIN: 'Mobile Administrator',
  API_ACCESS_MANAGEMENT_ADMIN: 'API Access Management Administrator',
  REPORT_ADMIN: 'Report Administrator',
  GROUP_MEMBERSHIP_ADMIN: 'Group Membership Administrator',
  WORKFLOWS_ADMIN: 'Workflows Administrator',
  ACCESS_CERTIFICATIONS_ADMIN: 'Access Certifications Administrator',
  ACCESS_REQUESTS_ADMIN: 'Access Requests Administrator',
};

export function buildOktaRoles(context: ScenarioContext, people: People, plan: AdminPlan, groups: { orgAdminGroupId: string; customRoleGroupId: string }): OktaRoles {
  const rng = streamOf(context, 'okta-roles');
  const userRoles: Record<string, RoleAssignment[]> = {};
  const groupRoles: Record<string, RoleAssignment[]> = {};
  let assignments = 0;
  const when = (r: Rng): string => millisTime(context.now - (10 + r.float() * 800) * DAY_MS);
  const standard = (r: Rng, type: Exclude<OktaRoleType, 'CUSTOM'>): RoleAssignment => {
    const created = when(r);
    return { id: oktaId(r, 'ra1', context.oktaSuffix), label: LABELS[type], type, status: 'ACTIVE', created, lastUpdated: created };
  };
  const push = (map: Record<string, RoleAssignment[]>, key: string, role: RoleAssignment): void => {
    const list = map[key];
    if (list) list.push(role);
    else map[key] = [role];
    assignments++;
  };

  let superAdmins = 0;
  for (const grant of plan.oktaUserRoles) {
    const userId = people.all[grant.person]?.okta?.id;
    if (!userId) continue;
    // One role of a type per user, as Okta allows.
    if (userRoles[userId]?.some((r) => r.type === grant.type)) continue;
    push(userRoles, userId, standard(rng, grant.type));
    if (grant.type === 'SUPER_ADMIN') superAdmins++;
  }
  push(groupRoles, groups.orgAdminGroupId, standard(rng, 'ORG_ADMIN'));

  const created = when(rng);
  const customRole: IamRole = {
    id: oktaId(rng, 'cr0', context.oktaSuffix),
    label: 'Helpdesk-Lite',
    description: 'Reset passwords and factors for non-admin users in the support resource set',
    created,
    lastUpdated: created,
  };
  const resourceSet = oktaId(rng, 'iam', context.oktaSuffix);
  const custom = (r: Rng): RoleAssignment => ({
    id: oktaId(r, 'irb', context.oktaSuffix),
    label: customRole.label,
    type: 'CUSTOM',
    status: 'ACTIVE',
    created,
    lastUpdated: created,
    role: customRole.id,
    'resource-set': resourceSet,
  });
  push(groupRoles, groups.customRoleGroupId, custom(rng));
  for (const person of plan.customRoleUsers) {
    const userId = people.all[person]?.okta?.id;
    if (userId) push(userRoles, userId, custom(rng));
  }
  return { userRoles, groupRoles, customRoles: [customRole], assignments, superAdmins };
}
