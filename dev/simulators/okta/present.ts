/**
 * Fixture objects as the API returns them: `_links` written for this simulator's origin, and the
 * per-endpoint extras (embedded stats, expanded users, inherited role assignments).
 */
import type {
  AppGroup,
  AppUser,
  OktaApp,
  OktaGroup,
  OktaLink,
  OktaLinks,
  OktaPolicy,
  OktaPolicyRule,
  OktaUser,
  RoleAssignment,
  UserFactor,
} from './fixture.js';

function link(orgUrl: string, path: string): OktaLink {
  return { href: `${orgUrl}${path}` };
}

/** Fixture links may be written as paths ("/api/v1/policies/rst…"): put them on this origin. */
function absolute(links: OktaLinks | undefined, orgUrl: string): OktaLinks {
  const out: OktaLinks = {};
  for (const [name, value] of Object.entries(links ?? {})) {
    const fix = (entry: OktaLink): OktaLink => (entry.href.startsWith('/') ? { ...entry, href: `${orgUrl}${entry.href}` } : entry);
    out[name] = Array.isArray(value) ? value.map(fix) : fix(value);
  }
  return out;
}

export function presentUser(user: OktaUser, orgUrl: string, omitCredentials: boolean): OktaUser {
  const { credentials, ...rest } = user;
  const presented: OktaUser = { ...rest, _links: { self: link(orgUrl, `/api/v1/users/${user.id}`) } };
  if (credentials && !omitCredentials) presented.credentials = credentials;
  return presented;
}

export function presentFactor(factor: UserFactor, userId: string, orgUrl: string): UserFactor {
  const self = `/api/v1/users/${userId}/factors/${factor.id}`;
  return {
    ...factor,
    _links: {
      ...absolute(factor._links, orgUrl),
      self: { ...link(orgUrl, self), hints: { allow: ['GET', 'DELETE'] } },
      user: link(orgUrl, `/api/v1/users/${userId}`),
    },
  };
}

export interface GroupStats {
  usersCount: number;
  appsCount: number;
  groupPushMappingsCount: number;
  /** Misspelled exactly like Okta's field. */
  hasAdminPrivlege: boolean;
}

export function presentGroup(group: OktaGroup, orgUrl: string, stats?: GroupStats): OktaGroup & { _embedded?: { stats: GroupStats } } {
  const presented: OktaGroup & { _embedded?: { stats: GroupStats } } = {
    ...group,
    _links: {
      ...absolute(group._links, orgUrl),
      users: link(orgUrl, `/api/v1/groups/${group.id}/users`),
      apps: link(orgUrl, `/api/v1/groups/${group.id}/apps`),
    },
  };
  if (stats) presented._embedded = { stats };
  return presented;
}

export function presentRole(
  role: RoleAssignment,
  assignee: { kind: 'users' | 'groups'; id: string },
  assignmentType: 'USER' | 'GROUP',
  orgUrl: string,
): RoleAssignment {
  const links: OktaLinks = { ...absolute(role._links, orgUrl), assignee: link(orgUrl, `/api/v1/${assignee.kind}/${assignee.id}`) };
  if (role.role) {
    links.role = link(orgUrl, `/api/v1/iam/roles/${role.role}`);
    links.permissions = link(orgUrl, `/api/v1/iam/roles/${role.role}/permissions`);
  }
  if (role['resource-set']) links['resource-set'] = link(orgUrl, `/api/v1/iam/resource-sets/${role['resource-set']}`);
  return { ...role, assignmentType, _links: links };
}

export function presentApp(app: OktaApp, orgUrl: string): OktaApp {
  return {
    ...app,
    _links: {
      ...absolute(app._links, orgUrl),
      users: link(orgUrl, `/api/v1/apps/${app.id}/users`),
      groups: link(orgUrl, `/api/v1/apps/${app.id}/groups`),
      metadata: link(orgUrl, `/api/v1/apps/${app.id}/sso/saml/metadata`),
    },
  };
}

export function presentAppUser(
  appUser: AppUser,
  appId: string,
  orgUrl: string,
  embeddedUser: OktaUser | undefined,
): AppUser & { _embedded?: { user: OktaUser } } {
  const presented: AppUser & { _embedded?: { user: OktaUser } } = {
    ...appUser,
    _links: {
      ...absolute(appUser._links, orgUrl),
      app: link(orgUrl, `/api/v1/apps/${appId}`),
      user: link(orgUrl, `/api/v1/users/${appUser.id}`),
    },
  };
  if (embeddedUser) presented._embedded = { user: embeddedUser };
  return presented;
}

export function presentAppGroup(appGroup: AppGroup, appId: string, orgUrl: string): AppGroup {
  return {
    ...appGroup,
    _links: {
      ...absolute(appGroup._links, orgUrl),
      app: link(orgUrl, `/api/v1/apps/${appId}`),
      group: link(orgUrl, `/api/v1/groups/${appGroup.id}`),
    },
  };
}

export function presentPolicy(policy: OktaPolicy, orgUrl: string): OktaPolicy {
  return {
    ...policy,
    _links: {
      ...absolute(policy._links, orgUrl),
      self: link(orgUrl, `/api/v1/policies/${policy.id}`),
      rules: link(orgUrl, `/api/v1/policies/${policy.id}/rules`),
      mappings: link(orgUrl, `/api/v1/policies/${policy.id}/mappings`),
    },
  };
}

export function presentRule(rule: OktaPolicyRule, policyId: string, orgUrl: string): OktaPolicyRule {
  return {
    ...rule,
    _links: { ...absolute(rule._links, orgUrl), self: link(orgUrl, `/api/v1/policies/${policyId}/rules/${rule.id}`) },
  };
}
