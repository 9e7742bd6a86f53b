/**
 * The synthetic tenant generator: determinism, sizes, referential integrity, the cross-IdP cases
 * (recomputed from the fixtures with the contract's own definitions, not taken from the summary),
 * realism bounds, and how long a 20,000-person scenario takes.
 */
import { describe, expect, it } from 'vitest';
import type { EntraTenantFixture, GraphMemberRef } from '../../dev/simulators/entra/fixture.js';
import type { OktaOrgFixture, OktaUser } from '../../dev/simulators/okta/fixture.js';
import { generateScenario } from '../../dev/simulators/synthetic/index.js';
import type { SyntheticOptions, SyntheticScenario } from '../../dev/simulators/synthetic/index.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const GA = '62e90394-69f5-4237-9190-012177145e10';
const ENTRA_TIER0 = new Set([GA, 'e8611ab8-c189-46e8-94e1-60213ab1f814', '7be44c8a-adaf-4e2a-84d6-ab2649e08a13']);
const ENTRA_READ_ONLY = new Set([
  'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  '5d6b6bb7-de71-4623-b4af-96380a352509',
  '4a5d8f65-41da-4de4-8968-e035b65339cf',
  '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
]);
const OKTA_TIER0 = new Set(['SUPER_ADMIN', 'ORG_ADMIN']);
const OKTA_READ_ONLY = new Set(['READ_ONLY_ADMIN', 'REPORT_ADMIN']);
const OKTA_ACTIVE = new Set(['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY']);
const PASSWORD_MODES = ['BROWSER_PLUGIN', 'AUTO_LOGIN', 'SECURE_PASSWORD_STORE', 'BASIC_AUTH'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OKTA_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const SIGN_IN_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/;
const GRAPH_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

function options(people: number, seed = 42): SyntheticOptions {
  return {
    seed,
    people,
    now: NOW,
    entraCredentials: { clientId: 'a3c5e7f9-1b3d-4f5a-8c7e-0d2f4a6b8c10', clientSecret: 'synthetic-secret' },
    oktaCredentials: { apiToken: '00synthetic-token' },
  };
}

const cache = new Map<string, SyntheticScenario>();
function scenario(people: number, seed = 42): SyntheticScenario {
  const key = `${people}:${seed}`;
  let s = cache.get(key);
  if (!s) {
    s = generateScenario(options(people, seed));
    cache.set(key, s);
  }
  return s;
}

// ----- recounting from the fixtures, with the contract's definitions -----

function transitiveGroupUsers(entra: EntraTenantFixture, groupId: string): Set<string> {
  const users = new Set<string>();
  const seen = new Set([groupId]);
  const queue = [groupId];
  while (queue.length > 0) {
    for (const ref of entra.groupMembers[queue.shift() ?? ''] ?? []) {
      if (ref.type === 'user') users.add(ref.id);
      else if (ref.type === 'group' && !seen.has(ref.id)) {
        seen.add(ref.id);
        queue.push(ref.id);
      }
    }
  }
  return users;
}

/** Entra user id -> role template ids held actively (directly or through groups). */
function entraActiveRoles(entra: EntraTenantFixture): Map<string, Set<string>> {
  const groupIds = new Set(entra.groups.map((g) => g.id));
  const out = new Map<string, Set<string>>();
  const add = (user: string, role: string): void => {
    const set = out.get(user) ?? new Set<string>();
    set.add(role);
    out.set(user, set);
  };
  for (const a of entra.roleAssignments) {
    if (groupIds.has(a.principalId)) for (const u of transitiveGroupUsers(entra, a.principalId)) add(u, a.roleDefinitionId);
    else add(a.principalId, a.roleDefinitionId);
  }
  return out;
}

function entraEligibleRoles(entra: EntraTenantFixture): Map<string, Set<string>> {
  const groupIds = new Set(entra.groups.map((g) => g.id));
  const out = new Map<string, Set<string>>();
  for (const e of entra.roleEligibilityScheduleInstances) {
    const users = groupIds.has(e.principalId) ? [...transitiveGroupUsers(entra, e.principalId)] : [e.principalId];
    for (const u of users) out.set(u, new Set([...(out.get(u) ?? []), e.roleDefinitionId]));
  }
  return out;
}

/** Okta user id -> role types (custom roles as CUSTOM) held directly or through groups. */
function oktaRoles(okta: OktaOrgFixture): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (user: string, type: string): void => {
    out.set(user, new Set([...(out.get(user) ?? []), type]));
  };
  for (const [user, roles] of Object.entries(okta.userRoles)) for (const r of roles) add(user, r.type);
  for (const [group, roles] of Object.entries(okta.groupRoles)) for (const r of roles) for (const u of okta.groupMembers[group] ?? []) add(u, r.type);
  return out;
}

interface ResolvedPerson {
  entra: string[];
  okta: string[];
}

/**
 * The contract's identity resolution: accounts sharing a normalized identifier (Entra UPN unless
 * #EXT#, Entra mail, Okta login, Okta email) are one person, transitively; plus the immutable-id
 * keys the twin also uses (okta.md §10).
 */
function resolvePeople(s: SyntheticScenario): ResolvedPerson[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    parent.set(find(a), find(b));
  };
  const norm = (v: string | null | undefined): string | null => (v ? v.trim().toLowerCase() : null);
  const o365 = s.okta.apps.find((a) => a.name === 'office365');
  const immutableByOktaUser = new Map((o365 ? (s.okta.appUsers[o365.id] ?? []) : []).map((au) => [au.id, au.profile.immutableId as string | null]));
  for (const u of s.entra.users) {
    const key = `e:${u.id}`;
    parent.set(key, key);
    const upn = norm(u.userPrincipalName);
    if (upn && !upn.includes('#ext#')) union(key, `n:${upn}`);
    const mail = norm(u.mail);
    if (mail) union(key, `n:${mail}`);
    if (u.onPremisesImmutableId) {
      union(key, `i:${u.onPremisesImmutableId}`);
      union(key, `u:${u.onPremisesImmutableId}`);
    }
  }
  for (const u of s.okta.users) {
    const key = `o:${u.id}`;
    parent.set(key, key);
    union(key, `n:${norm(u.profile.login)}`);
    union(key, `n:${norm(u.profile.email)}`);
    union(key, `u:${u.id}`);
    const immutable = immutableByOktaUser.get(u.id);
    if (immutable) union(key, `i:${immutable}`);
  }
  const groups = new Map<string, ResolvedPerson>();
  for (const key of parent.keys()) {
    if (!key.startsWith('e:') && !key.startsWith('o:')) continue;
    const root = find(key);
    const person = groups.get(root) ?? { entra: [], okta: [] };
    if (key.startsWith('e:')) person.entra.push(key.slice(2));
    else person.okta.push(key.slice(2));
    groups.set(root, person);
  }
  return [...groups.values()];
}

function hostsOf(urls: ReadonlyArray<unknown>): string[] {
  return urls.flatMap((u) => {
    if (typeof u !== 'string') return [];
    try {
      return [new URL(u).host.toLowerCase()];
    } catch {
      return [];
    }
  });
}

const normName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

function oktaSignOnUrls(app: OktaOrgFixture['apps'][number]): unknown[] {
  const settings = app.settings ?? {};
  const signOn = (settings.signOn ?? {}) as Record<string, unknown>;
  const oauth = (settings.oauthClient ?? {}) as Record<string, unknown>;
  const appSettings = (settings.app ?? {}) as Record<string, unknown>;
  return [signOn.ssoAcsUrl, signOn.loginUrl, appSettings.url, ...((oauth.redirect_uris as unknown[] | undefined) ?? [])];
}

const riskyOktaLevel = /level=(LOW|MEDIUM|HIGH)/;

// ----- tests -----

describe('determinism', () => {
  it('gives deep-equal output for the same seed, size and now', () => {
    const a = generateScenario(options(1000, 9));
    const b = generateScenario(options(1000, 9));
    expect(b).toEqual(a);
  });

  it('gives different output for a different seed', () => {
    const a = scenario(100, 1);
    const b = scenario(100, 2);
    expect(a.entra.tenantId).not.toBe(b.entra.tenantId);
    expect(a.entra.users.map((u) => u.userPrincipalName)).not.toEqual(b.entra.users.map((u) => u.userPrincipalName));
    expect(a.okta.users.map((u) => u.id)).not.toEqual(b.okta.users.map((u) => u.id));
  });

  it('rejects sizes outside 100..300,000 and non-integer sizes', () => {
    expect(() => generateScenario(options(99))).toThrow(RangeError);
    expect(() => generateScenario(options(300_001))).toThrow(RangeError);
    expect(() => generateScenario(options(150.5))).toThrow(RangeError);
  });

  it('keeps the caller-given tenant id and domain', () => {
    const s = generateScenario({ ...options(100), tenantId: '11111111-2222-4333-8444-555555555555', domain: 'example-corp.com' });
    expect(s.entra.tenantId).toBe('11111111-2222-4333-8444-555555555555');
    expect(s.entra.verifiedDomains).toEqual(['example-corp.com', 'examplecorp.onmicrosoft.com']);
    expect(s.okta.apps.find((a) => a.name === 'office365')?.settings?.app).toEqual({ domain: 'example-corp.com', msftTenant: 'examplecorp' });
  });
});

describe.each([100, 1000])('a %i-person scenario', (size) => {
  it('has summary counts that match the fixtures', () => {
    const { entra, okta, summary } = scenario(size);
    expect(summary.people).toBe(size);
    expect(summary.entraUsers).toBe(entra.users.length);
    expect(summary.entraGuests).toBe(entra.users.filter((u) => u.userType === 'Guest').length);
    expect(summary.activeEntraAccounts).toBe(entra.users.filter((u) => u.accountEnabled && u.userType === 'Member').length);
    expect(summary.oktaUsers).toBe(okta.users.length);
    expect(summary.oktaDeprovisioned).toBe(okta.users.filter((u) => u.status === 'DEPROVISIONED').length);
    expect(summary.activeOktaAccounts).toBe(okta.users.filter((u) => OKTA_ACTIVE.has(u.status)).length);
    expect(summary.entraMfaRegistered).toBe(entra.userRegistrationDetails.filter((d) => d.isMfaRegistered).length);
    const factors = Object.values(okta.factors);
    expect(summary.oktaFactors).toBe(factors.reduce((n, list) => n + list.length, 0));
    expect(summary.oktaMfaRegistered).toBe(factors.filter((list) => list.some((f) => f.status === 'ACTIVE' && f.factorType !== 'question')).length);
    expect(summary.entraGroups).toBe(entra.groups.length);
    expect(summary.oktaGroups).toBe(okta.groups.length);
    expect(summary.entraMemberships).toBe(Object.values(entra.groupMembers).reduce((n, list) => n + list.length, 0));
    expect(summary.oktaMemberships).toBe(Object.values(okta.groupMembers).reduce((n, list) => n + list.length, 0));
    expect(summary.memberships).toBe(summary.entraMemberships + summary.oktaMemberships);
    const roles = entraActiveRoles(entra);
    expect(summary.globalAdmins).toBe([...roles.values()].filter((set) => set.has(GA)).length);
    expect(summary.entraRoleAssignments).toBe(entra.roleAssignments.length);
    expect(summary.pimEligibilityInstances).toBe(entra.roleEligibilityScheduleInstances.length);
    expect(summary.oktaSuperAdmins).toBe(Object.values(okta.userRoles).filter((list) => list.some((r) => r.type === 'SUPER_ADMIN')).length);
    expect(summary.oktaRoleAssignments).toBe([...Object.values(okta.userRoles), ...Object.values(okta.groupRoles)].reduce((n, list) => n + list.length, 0));
    expect(summary.conditionalAccessPolicies).toBe(entra.conditionalAccessPolicies.length);
    expect(summary.signIns).toBe(entra.signIns.length);
    const risky = (l: string): boolean => l === 'low' || l === 'medium' || l === 'high';
    expect(summary.riskySignIns).toBe(entra.signIns.filter((s) => risky(s.riskLevelDuringSignIn) || risky(s.riskLevelAggregated)).length);
    expect(summary.legacySignIns).toBe(entra.signIns.filter((s) => ['Exchange ActiveSync', 'IMAP4', 'Other clients', 'SMTP'].includes(s.clientAppUsed)).length);
    expect(summary.oktaLogEvents).toBe(okta.logs.length);
    expect(summary.riskyOktaEvents).toBe(
      okta.logs.filter((e) => e.eventType === 'security.threat.detected' || e.securityContext?.risk?.level || riskyOktaLevel.test(e.debugContext?.debugData.risk ?? '')).length,
    );
    expect(summary.entraApps).toBe(entra.applications.length);
    expect(summary.entraServicePrincipals).toBe(entra.servicePrincipals.filter((sp) => sp.servicePrincipalType === 'Application').length);
    expect(summary.managedIdentities).toBe(entra.servicePrincipals.filter((sp) => sp.servicePrincipalType === 'ManagedIdentity').length);
    const graphSp = entra.servicePrincipals.find((sp) => sp.appId === '00000003-0000-0000-c000-000000000000');
    const readWrite = new Set(graphSp?.appRoles.filter((r) => r.value?.includes('ReadWrite')).map((r) => r.id));
    expect(summary.highPrivilegeApps).toBe(new Set(entra.appRoleAssignments.filter((a) => a.resourceId === graphSp?.id && readWrite.has(a.appRoleId)).map((a) => a.principalId)).size);
    expect(summary.oktaApps).toBe(okta.apps.length);
    expect(summary.oktaAppUsers).toBe(Object.values(okta.appUsers).reduce((n, list) => n + list.length, 0));
    expect(summary.passwordSsoApps.okta).toBe(okta.apps.filter((a) => PASSWORD_MODES.includes(a.signOnMode)).length);
    expect(summary.passwordSsoApps.entra).toBe(entra.servicePrincipals.filter((sp) => sp.preferredSingleSignOnMode === 'password').length);
  });

  it('resolves into exactly the summarized people, with the summarized cross-IdP split', () => {
    const s = scenario(size);
    const people = resolvePeople(s);
    const entraById = new Map(s.entra.users.map((u) => [u.id, u]));
    const oktaById = new Map(s.okta.users.map((u) => [u.id, u]));
    const entraIsActive = (id: string): boolean => {
      const u = entraById.get(id);
      return !!u && u.accountEnabled && u.userType === 'Member';
    };
    const oktaIsActive = (id: string): boolean => OKTA_ACTIVE.has(oktaById.get(id)?.status ?? '');
    expect(people.length).toBe(s.summary.people);
    expect(people.every((p) => p.entra.length <= 1 && p.okta.length <= 1)).toBe(true);
    expect(people.filter((p) => p.entra.length > 0 && p.okta.length > 0).length).toBe(s.summary.inBoth);
    expect(people.filter((p) => p.okta.length === 0 && p.entra.some(entraIsActive)).length).toBe(s.summary.onlyInEntra);
    expect(people.filter((p) => p.entra.length === 0 && p.okta.some(oktaIsActive)).length).toBe(s.summary.onlyInOkta);
  });

  it('has the role conflicts the summary announces', () => {
    const s = scenario(size);
    const people = resolvePeople(s);
    const active = entraActiveRoles(s.entra);
    const eligible = entraEligibleRoles(s.entra);
    const okta = oktaRoles(s.okta);
    const entraById = new Map(s.entra.users.map((u) => [u.id, u]));
    const oktaById = new Map(s.okta.users.map((u) => [u.id, u]));
    let tier0InBoth = 0;
    let mismatch = 0;
    let inactiveElsewhere = 0;
    for (const p of people) {
      const e = p.entra[0];
      const o = p.okta[0];
      const eRoles = e ? [...(active.get(e) ?? [])] : [];
      const eEligible = e ? [...(eligible.get(e) ?? [])] : [];
      const oRoles = o ? [...(okta.get(o) ?? [])] : [];
      const ePriv = eRoles.some((r) => !ENTRA_READ_ONLY.has(r));
      const eEligiblePriv = eEligible.some((r) => !ENTRA_READ_ONLY.has(r));
      const oPriv = oRoles.some((r) => !OKTA_READ_ONLY.has(r));
      if (eRoles.some((r) => ENTRA_TIER0.has(r)) && oRoles.some((r) => OKTA_TIER0.has(r))) tier0InBoth++;
      if (!e || !o) continue;
      const eUser = entraById.get(e);
      const eActive = !!eUser && eUser.accountEnabled && eUser.userType === 'Member';
      const oActive = OKTA_ACTIVE.has(oktaById.get(o)?.status ?? '');
      if (eActive && oActive && ((ePriv && !oPriv) || (oPriv && !ePriv && !eEligiblePriv))) mismatch++;
      if ((ePriv && !oActive) || (oPriv && !eActive)) inactiveElsewhere++;
    }
    expect({ tier0InBoth, privilegeMismatch: mismatch, privilegedWhileInactiveElsewhere: inactiveElsewhere }).toEqual(s.summary.roleConflicts);
  });

  it('is referentially intact', () => {
    const { entra, okta } = scenario(size);
    const userIds = new Set(entra.users.map((u) => u.id));
    const groupIds = new Set(entra.groups.map((g) => g.id));
    const spIds = new Set(entra.servicePrincipals.map((sp) => sp.id));
    const exists = (ref: GraphMemberRef): boolean => (ref.type === 'user' ? userIds : ref.type === 'group' ? groupIds : spIds).has(ref.id);
    const unique = (ids: string[]): boolean => new Set(ids).size === ids.length;

    expect(unique(entra.users.map((u) => u.id))).toBe(true);
    expect(unique(entra.users.map((u) => u.userPrincipalName.toLowerCase()))).toBe(true);
    expect(unique([...userIds, ...groupIds, ...spIds, ...entra.applications.map((a) => a.id)])).toBe(true);
    for (const [groupId, members] of Object.entries(entra.groupMembers)) {
      expect(groupIds.has(groupId)).toBe(true);
      for (const ref of members) expect(exists(ref)).toBe(true);
      expect(unique(members.map((m) => m.id))).toBe(true);
    }
    const roleIds = new Set(entra.roleDefinitions.map((r) => r.id));
    for (const a of entra.roleAssignments) {
      expect(roleIds.has(a.roleDefinitionId)).toBe(true);
      expect(userIds.has(a.principalId) || groupIds.has(a.principalId) || spIds.has(a.principalId)).toBe(true);
    }
    for (const e of entra.roleEligibilityScheduleInstances) {
      expect(roleIds.has(e.roleDefinitionId)).toBe(true);
      expect(userIds.has(e.principalId) || groupIds.has(e.principalId)).toBe(true);
    }
    const enabled = new Set(entra.users.filter((u) => u.accountEnabled).map((u) => u.id));
    expect(entra.userRegistrationDetails.every((d) => enabled.has(d.id))).toBe(true);
    expect(entra.userRegistrationDetails.length).toBe(enabled.size);
    for (const s of entra.signIns) expect(userIds.has(s.userId)).toBe(true);
    const spById = new Map(entra.servicePrincipals.map((sp) => [sp.id, sp]));
    for (const a of entra.appRoleAssignments) {
      expect(spIds.has(a.principalId)).toBe(true);
      const resource = spById.get(a.resourceId);
      expect(resource?.appRoles.some((r) => r.id === a.appRoleId)).toBe(true);
    }
    for (const g of entra.oauth2PermissionGrants) {
      expect(spIds.has(g.clientId) && spIds.has(g.resourceId)).toBe(true);
      if (g.consentType === 'Principal') expect(userIds.has(g.principalId ?? '')).toBe(true);
      else expect(g.principalId).toBeNull();
    }
    const appIds = new Set(entra.applications.map((a) => a.appId));
    for (const app of entra.applications) expect(entra.servicePrincipals.some((sp) => sp.appId === app.appId)).toBe(true);
    expect(appIds.size).toBe(entra.applications.length);
    for (const p of entra.conditionalAccessPolicies) {
      const users = p.conditions.users;
      for (const id of [...(users?.includeUsers ?? []), ...(users?.excludeUsers ?? [])]) expect(['All', 'None', 'GuestsOrExternalUsers'].includes(id) || userIds.has(id)).toBe(true);
      for (const id of [...(users?.includeGroups ?? []), ...(users?.excludeGroups ?? [])]) expect(groupIds.has(id)).toBe(true);
      for (const id of [...(users?.includeRoles ?? []), ...(users?.excludeRoles ?? [])]) expect(roleIds.has(id)).toBe(true);
    }

    const oktaUserIds = new Set(okta.users.map((u) => u.id));
    const oktaGroupIds = new Set(okta.groups.map((g) => g.id));
    const oktaAppIds = new Set(okta.apps.map((a) => a.id));
    expect(unique(okta.users.map((u) => u.id))).toBe(true);
    expect(unique(okta.users.map((u) => u.profile.login.toLowerCase()))).toBe(true);
    for (const userId of Object.keys(okta.factors)) expect(oktaUserIds.has(userId)).toBe(true);
    for (const [groupId, members] of Object.entries(okta.groupMembers)) {
      expect(oktaGroupIds.has(groupId)).toBe(true);
      for (const m of members) expect(oktaUserIds.has(m)).toBe(true);
      expect(unique(members)).toBe(true);
    }
    const everyone = okta.groups.find((g) => g.type === 'BUILT_IN');
    expect(everyone?.profile.name).toBe('Everyone');
    expect(okta.groupMembers[everyone?.id ?? '']?.length).toBe(okta.users.length);
    for (const userId of Object.keys(okta.userRoles)) expect(oktaUserIds.has(userId)).toBe(true);
    for (const groupId of Object.keys(okta.groupRoles)) expect(oktaGroupIds.has(groupId)).toBe(true);
    const customRoleIds = new Set(okta.customRoles.map((r) => r.id));
    for (const r of [...Object.values(okta.userRoles), ...Object.values(okta.groupRoles)].flat()) {
      if (r.type === 'CUSTOM') {
        expect(customRoleIds.has(r.role ?? '')).toBe(true);
        expect(r['resource-set']).toMatch(/^iam/);
      }
    }
    for (const [appId, users] of Object.entries(okta.appUsers)) {
      expect(oktaAppIds.has(appId)).toBe(true);
      for (const au of users) expect(oktaUserIds.has(au.id)).toBe(true);
    }
    for (const [appId, groups] of Object.entries(okta.appGroups)) {
      expect(oktaAppIds.has(appId)).toBe(true);
      for (const ag of groups) expect(oktaGroupIds.has(ag.id)).toBe(true);
    }
    const policyIds = new Set(Object.values(okta.policies).flatMap((list) => (list ?? []).map((p) => p.id)));
    for (const app of okta.apps) {
      const link = app._links?.accessPolicy;
      if (link && !Array.isArray(link)) expect(policyIds.has(link.href.split('/').pop() ?? '')).toBe(true);
    }
    for (const policyId of Object.keys(okta.policyRules)) expect(policyIds.has(policyId)).toBe(true);
    for (const e of okta.logs) expect(oktaUserIds.has(e.actor.id)).toBe(true);
  });

  it('links Office 365 app users to the Entra users by ImmutableID and object id', () => {
    const { entra, okta } = scenario(size);
    const o365 = okta.apps.find((a) => a.name === 'office365');
    expect(o365?.signOnMode).toBe('SAML_1_1');
    const byId = new Map(entra.users.map((u) => [u.id, u]));
    const appUsers = okta.appUsers[o365?.id ?? ''] ?? [];
    expect(appUsers.length).toBeGreaterThan(size * 0.7);
    let withImmutable = 0;
    for (const au of appUsers) {
      const entraUser = byId.get(au.externalId ?? '');
      expect(entraUser).toBeDefined();
      expect(au.profile.immutableId ?? null).toBe(entraUser?.onPremisesImmutableId ?? null);
      expect(au.credentials?.userName?.toLowerCase()).toBe(entraUser?.userPrincipalName.toLowerCase());
      if (au.profile.immutableId) withImmutable++;
    }
    expect(withImmutable).toBeGreaterThan(appUsers.length / 2);
  });
});

describe('the cross-IdP cases exist at 100 people', () => {
  const s = scenario(100);
  const entraByUpn = new Map(s.entra.users.map((u) => [u.userPrincipalName.toLowerCase(), u]));

  it('has people in one IdP only, leavers, and people disabled in Entra but active in Okta', () => {
    expect(s.summary.onlyInEntra).toBeGreaterThanOrEqual(1);
    expect(s.summary.onlyInOkta).toBeGreaterThanOrEqual(1);
    const leavers = s.okta.users.filter((u) => u.status === 'DEPROVISIONED' && entraByUpn.get(u.profile.login)?.accountEnabled === true);
    expect(leavers.length).toBeGreaterThanOrEqual(1);
    const disabled = s.okta.users.filter((u) => u.status === 'ACTIVE' && entraByUpn.get(u.profile.login)?.accountEnabled === false);
    expect(disabled.length).toBeGreaterThanOrEqual(1);
    for (const kind of ['cloudAdmin', 'breakGlass', 'service', 'room', 'guest'] as const) expect(s.summary.entraOnlyAccounts[kind]).toBeGreaterThanOrEqual(1);
    expect(s.entra.users.some((u) => u.userType === 'Guest' && u.userPrincipalName.includes('#EXT#@'))).toBe(true);
    expect(s.entra.users.some((u) => u.userPrincipalName.endsWith('.onmicrosoft.com') && u.userType === 'Member')).toBe(true);
  });

  it('has every role conflict kind, including a TIER0_IN_BOTH candidate', () => {
    expect(s.summary.roleConflicts.tier0InBoth).toBeGreaterThanOrEqual(1);
    expect(s.summary.roleConflicts.privilegeMismatch).toBeGreaterThanOrEqual(1);
    expect(s.summary.roleConflicts.privilegedWhileInactiveElsewhere).toBeGreaterThanOrEqual(1);
    expect(s.summary.globalAdmins).toBeGreaterThanOrEqual(3);
    expect(s.summary.globalAdmins).toBeLessThanOrEqual(6);
    expect(s.summary.oktaSuperAdmins).toBeGreaterThanOrEqual(2);
    expect(s.summary.oktaSuperAdmins).toBeLessThanOrEqual(4);
    const groupIds = new Set(s.entra.groups.filter((g) => g.isAssignableToRole).map((g) => g.id));
    expect(s.entra.roleAssignments.some((a) => a.roleDefinitionId === GA && groupIds.has(a.principalId))).toBe(true);
    const spIds = new Set(s.entra.servicePrincipals.map((sp) => sp.id));
    expect(s.entra.roleAssignments.some((a) => spIds.has(a.principalId))).toBe(true);
    expect(s.entra.roleEligibilityScheduleInstances.some((e) => groupIds.has(e.principalId))).toBe(true);
    expect(s.okta.customRoles.length).toBeGreaterThanOrEqual(1);
    expect(Object.values(s.okta.groupRoles).flat().some((r) => r.type === 'ORG_ADMIN')).toBe(true);
  });

  it('has the same apps in both IdPs (by name, by punctuation or case only, by sign-on host only) and password SSO apps', () => {
    const sps = s.entra.servicePrincipals.filter((sp) => sp.servicePrincipalType === 'Application' && sp.appOwnerOrganizationId === s.entra.tenantId);
    let byExactName = 0;
    let byNormalizedName = 0;
    let byHostOnly = 0;
    for (const app of s.okta.apps) {
      const oktaHosts = hostsOf(oktaSignOnUrls(app));
      for (const sp of sps) {
        const spHosts = hostsOf([(sp as { loginUrl?: string | null }).loginUrl, ...((sp as { replyUrls?: string[] }).replyUrls ?? [])]);
        const sameName = normName(sp.displayName) === normName(app.label);
        if (sameName && sp.displayName === app.label) byExactName++;
        else if (sameName) byNormalizedName++;
        else if (spHosts.some((h) => oktaHosts.includes(h))) byHostOnly++;
      }
    }
    expect(byExactName).toBeGreaterThanOrEqual(1);
    expect(byNormalizedName).toBeGreaterThanOrEqual(1);
    expect(byHostOnly).toBeGreaterThanOrEqual(1);
    for (const mode of PASSWORD_MODES) expect(s.okta.apps.some((a) => a.signOnMode === mode)).toBe(true);
    expect(s.okta.apps.some((a) => a.signOnMode === 'BOOKMARK')).toBe(true);
    expect(s.okta.apps.some((a) => a.status === 'INACTIVE')).toBe(true);
    expect(s.entra.servicePrincipals.some((sp) => sp.preferredSingleSignOnMode === 'password')).toBe(true);
    expect(s.summary.highPrivilegeApps).toBeGreaterThanOrEqual(1);
  });

  it('has risky sign-ins and risky Okta events in each encoding', () => {
    const signIns = s.entra.signIns;
    expect(signIns.some((x) => x.riskLevelDuringSignIn !== 'none' && x.riskLevelAggregated === 'none')).toBe(true);
    expect(signIns.some((x) => x.riskLevelAggregated !== 'none' && x.riskLevelDuringSignIn === 'none')).toBe(true);
    expect(signIns.some((x) => x.riskEventTypes_v2.length > 0)).toBe(true);
    expect(signIns.some((x) => x.clientAppUsed === 'Exchange ActiveSync')).toBe(true);
    expect(signIns.some((x) => x.clientAppUsed === 'IMAP4')).toBe(true);
    const legacyOnly = s.okta.logs.filter((e) => e.debugContext?.debugData.risk && !e.securityContext?.risk);
    const structuredOnly = s.okta.logs.filter((e) => e.securityContext?.risk?.level && !e.debugContext?.debugData.risk);
    const both = s.okta.logs.filter((e) => e.securityContext?.risk?.level && e.debugContext?.debugData.risk);
    const threats = s.okta.logs.filter((e) => e.eventType === 'security.threat.detected');
    expect(legacyOnly.length).toBeGreaterThanOrEqual(1);
    expect(structuredOnly.length).toBeGreaterThanOrEqual(1);
    expect(both.length).toBeGreaterThanOrEqual(1);
    expect(threats.length).toBeGreaterThanOrEqual(1);
    for (const t of threats) {
      expect(t.securityContext?.risk).toBeUndefined();
      expect(t.debugContext?.debugData.risk).toBeUndefined();
    }
  });

  it('has Graph\'s three ways of saying "never", a null createdDateTime, and UPNs that differ from logins only in case', () => {
    const users = s.entra.users.filter((u) => u.accountEnabled);
    expect(users.some((u) => u.signInActivity === null)).toBe(true);
    expect(users.some((u) => u.signInActivity?.lastSignInDateTime === '0001-01-01T00:00:00Z')).toBe(true);
    expect(users.some((u) => u.signInActivity?.lastSignInDateTime === '')).toBe(true);
    expect(s.entra.users.some((u) => u.createdDateTime === null)).toBe(true);
    expect(s.okta.users.some((u) => u.lastLogin === null)).toBe(true);
  });
});

describe('realism at 1,000 people', () => {
  const s = scenario(1000);

  it('uses the real APIs\' formats', () => {
    for (const u of s.entra.users) {
      expect(u.id).toMatch(GUID);
      if (u.createdDateTime !== null) expect(u.createdDateTime).toMatch(GRAPH_DATE);
    }
    for (const x of s.entra.signIns) expect(x.createdDateTime).toMatch(SIGN_IN_DATE);
    const times = s.entra.signIns.map((x) => Date.parse(x.createdDateTime));
    expect(times.every((t, i) => i === 0 || (times[i - 1] ?? 0) >= t)).toBe(true);
    expect(times.every((t) => t <= NOW.getTime() && t >= NOW.getTime() - 7 * 86_400_000)).toBe(true);
    for (const u of s.okta.users) {
      expect(u.id).toMatch(/^00u[A-Za-z0-9]{17}$/);
      expect(u.created).toMatch(OKTA_DATE);
      if (u.lastLogin !== null) expect(u.lastLogin).toMatch(OKTA_DATE);
    }
    for (const e of s.okta.logs) {
      expect(e.version).toBe('0');
      expect(e.client?.zone).toBe('null');
      expect(e.published).toMatch(OKTA_DATE);
      for (const value of Object.values(e.debugContext?.debugData ?? {})) expect(typeof value).toBe('string');
    }
  });

  it('only uses factor type and provider pairs the API allows', () => {
    const allowed: Record<string, string[]> = {
      push: ['OKTA'],
      signed_nonce: ['OKTA'],
      sms: ['OKTA'],
      call: ['OKTA'],
      email: ['OKTA'],
      question: ['OKTA'],
      'token:software:totp': ['OKTA', 'GOOGLE'],
      webauthn: ['FIDO'],
      u2f: ['FIDO'],
      'token:hardware': ['YUBICO'],
    };
    const all = Object.values(s.okta.factors).flat();
    for (const f of all) expect(allowed[f.factorType]).toContain(f.provider);
    expect(all.some((f) => f.factorType === 'signed_nonce')).toBe(true);
    expect(all.some((f) => f.status === 'PENDING_ACTIVATION')).toBe(true);
  });

  it('lands near the documented distributions', () => {
    const enabled = s.entra.userRegistrationDetails.length;
    const registered = s.summary.entraMfaRegistered / enabled;
    expect(registered).toBeGreaterThan(0.7);
    expect(registered).toBeLessThan(0.88);
    expect(s.summary.inBoth / s.summary.people).toBeGreaterThan(0.84);
    expect(s.summary.inBoth / s.summary.people).toBeLessThan(0.9);
    const stale = s.entra.users.filter((u) => {
      const last = u.signInActivity?.lastSignInDateTime;
      return u.accountEnabled && last && last !== '0001-01-01T00:00:00Z' && Date.parse(last) < NOW.getTime() - 90 * 86_400_000;
    }).length;
    expect(stale / s.entra.users.length).toBeGreaterThan(0.03);
    expect(stale / s.entra.users.length).toBeLessThan(0.12);
    const riskyShare = s.summary.riskySignIns / s.summary.signIns;
    expect(riskyShare).toBeGreaterThan(0.01);
    expect(riskyShare).toBeLessThan(0.025);
    expect(s.summary.signIns / s.summary.activeEntraAccounts).toBeGreaterThan(3);
    expect(s.summary.signIns / s.summary.activeEntraAccounts).toBeLessThan(4);
    const noFactor = s.okta.users.filter((u: OktaUser) => u.status === 'ACTIVE' && !s.okta.factors[u.id]).length;
    expect(noFactor / s.okta.users.length).toBeGreaterThan(0.03);
    expect(noFactor / s.okta.users.length).toBeLessThan(0.15);
    expect(s.summary.conditionalAccessPolicies).toBeGreaterThanOrEqual(8);
    expect(s.summary.conditionalAccessPolicies).toBeLessThanOrEqual(15);
    expect(s.summary.entraGroups).toBeGreaterThanOrEqual(40);
    expect(s.summary.entraApps).toBeGreaterThanOrEqual(15);
    expect(s.summary.oktaApps).toBeGreaterThanOrEqual(12);
  });

  it('nests Entra groups at most three levels deep, without cycles', () => {
    const depth = (groupId: string, seen: Set<string>): number => {
      expect(seen.has(groupId)).toBe(false);
      const children = (s.entra.groupMembers[groupId] ?? []).filter((m) => m.type === 'group');
      return 1 + Math.max(0, ...children.map((c) => depth(c.id, new Set([...seen, groupId]))));
    };
    const depths = s.entra.groups.map((g) => depth(g.id, new Set()));
    expect(Math.max(...depths)).toBe(3);
  });
});

describe('scale', () => {
  it('generates 20,000 people', () => {
    const t0 = performance.now();
    const s = generateScenario(options(20_000, 5));
    const ms = performance.now() - t0;
    console.log(`synthetic: 20,000 people in ${ms.toFixed(0)} ms (${s.summary.signIns} sign-ins, ${s.summary.oktaLogEvents} log events, ${s.summary.memberships} memberships)`);
    expect(s.summary.people).toBe(20_000);
    expect(s.entra.users.length).toBe(s.summary.entraUsers);
  });
});
