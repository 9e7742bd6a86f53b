/**
 * Okta apps: Microsoft Office 365 (SAML_1_1, msftTenant = the Entra initial domain's prefix) with
 * an app user per person in both IdPs carrying the ImmutableID Entra matches, the catalogue's
 * SAML and OIDC apps (some the same apps as in Entra), password-SSO apps, a bookmark and an
 * inactive app, each with group and user assignments.
 */
import type { AppGroup, AppUser, OktaApp, OktaAppSettings } from '../../okta/fixture.js';
import type { AppCatalog, OktaAppSpec } from '../app-catalog.js';
import type { ScenarioContext } from '../context.js';
import { streamOf } from '../context.js';
import { MAX_OKTA_APP_DIRECT_USERS, OKTA_APP_DIRECT_USERS } from '../distributions.js';
import { oktaId, opaque } from '../ids.js';
import type { People } from '../people.js';
import { CITIES } from '../pools.js';
import { DistinctSampler } from '../random.js';
import type { Rng } from '../random.js';
import { DAY_MS, millisTime } from '../time.js';
import type { OktaGroups } from './groups.js';
import type { OktaPolicies } from './policies.js';

export interface SsoTarget {
  id: string;
  label: string;
  signOnMode: string;
}

export interface OktaApps {
  apps: OktaApp[];
  appUsers: Record<string, AppUser[]>;
  appGroups: Record<string, AppGroup[]>;
  office365AppId: string;
  ssoTargets: SsoTarget[];
  passwordSsoApps: number;
  appUserCount: number;
}

const PASSWORD_MODES = new Set(['BROWSER_PLUGIN', 'AUTO_LOGIN', 'SECURE_PASSWORD_STORE', 'BASIC_AUTH']);
const EMPTY_PROFILE: Record<string, unknown> = {};
const NO_PASSWORD: Record<string, never> = {};

function settingsFor(spec: OktaAppSpec): OktaAppSettings {
  const origin = new URL(spec.url).origin;
  switch (spec.signOnMode) {
    case 'SAML_2_0':
    case 'SAML_1_1':
    case 'WS_FEDERATION':
      return {
        app: {},
        signOn: { ssoAcsUrl: spec.url, audience: origin, recipient: spec.url, destination: spec.url, subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' },
      };
    case 'OPENID_CONNECT':
      return {
        app: {},
        oauthClient: { application_type: 'web', redirect_uris: [spec.url], initiate_login_uri: `${origin}/login`, grant_types: ['authorization_code'], response_types: ['code'] },
      };
    case 'BROWSER_PLUGIN':
      return { app: { url: spec.url, usernameField: '#username', passwordField: '#password', buttonField: '#signin' } };
    case 'AUTO_LOGIN':
      return { app: {}, signOn: { loginUrl: spec.url, redirectUrl: null } };
    case 'SECURE_PASSWORD_STORE':
      return { app: { url: spec.url, usernameField: 'user', passwordField: 'pass', optionalField1: null } };
    case 'BASIC_AUTH':
      return { app: { url: spec.url, authURL: `${spec.url.replace(/\/$/, '')}/login` } };
    case 'BOOKMARK':
      return { app: { requestIntegration: false, url: spec.url } };
  }
}

export function buildOktaApps(
  context: ScenarioContext,
  people: People,
  catalog: AppCatalog,
  groups: OktaGroups,
  policies: OktaPolicies,
  office365People: readonly number[],
): OktaApps {
  const rng = streamOf(context, 'okta-apps');
  const orgId = oktaId(rng, '00o', context.oktaSuffix);
  const apps: OktaApp[] = [];
  const appUsers: Record<string, AppUser[]> = {};
  const appGroups: Record<string, AppGroup[]> = {};
  const ssoTargets: SsoTarget[] = [];
  let passwordSsoApps = 0;
  let appUserCount = 0;
  const customSerial = new Map<string, number>();

  // A rollout assigns many users at about the same time: a few shared timestamps per app.
  const datePool = (r: Rng, count: number): string[] => Array.from({ length: count }, () => millisTime(context.now - (1 + r.float() * 700) * DAY_MS));
  const common = (r: Rng, id: string, name: string, spec: OktaAppSpec): Omit<OktaApp, 'signOnMode' | 'settings'> => {
    const created = context.now - (30 + r.float() * 1200) * DAY_MS;
    return {
      id,
      orn: `orn:okta:idp:${orgId}:apps:${name}:${id}`,
      name,
      label: spec.label,
      status: spec.status,
      created: millisTime(created),
      lastUpdated: millisTime(created + r.float() * (context.now - created)),
      features: [],
      accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
      visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false }, appLinks: { [`${name}_link`]: true } },
      credentials: { userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' } },
    };
  };

  // Office 365: every person with an account in both IdPs who is not deprovisioned.
  const o365Id = oktaId(rng, '0oa', context.oktaSuffix);
  const o365Spec: OktaAppSpec = { label: 'Microsoft Office 365', name: 'office365', signOnMode: 'SAML_1_1', status: 'ACTIVE', url: 'https://login.microsoftonline.com/login.srf' };
  apps.push({
    ...common(rng, o365Id, 'office365', o365Spec),
    signOnMode: 'SAML_1_1',
    features: ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION', 'GROUP_PUSH'],
    credentials: { userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' }, signing: { kid: opaque(rng, 43) } },
    settings: { app: { domain: context.domain, msftTenant: context.tenantPrefix }, signOn: { ssoAcsUrl: 'https://login.microsoftonline.com/login.srf' } },
    _links: { accessPolicy: { href: `/api/v1/policies/${policies.office365PolicyId}` } },
  });
  ssoTargets.push({ id: o365Id, label: 'Microsoft Office 365', signOnMode: 'SAML_1_1' });
  const o365Dates = datePool(rng, 16);
  const o365Users: AppUser[] = [];
  for (const index of office365People) {
    const person = people.all[index];
    const okta = person?.okta;
    const entra = person?.entra;
    if (!person || !okta || !entra) continue;
    const when = o365Dates[rng.int(o365Dates.length)] ?? o365Dates[0] ?? '';
    const city = CITIES[person.city];
    o365Users.push({
      id: okta.id,
      // Provisioning is on: Okta knows the Entra object id.
      externalId: entra.id,
      created: when,
      lastUpdated: when,
      scope: rng.chance(0.95) ? 'GROUP' : 'USER',
      status: 'PROVISIONED',
      statusChanged: when,
      passwordChanged: null,
      syncState: 'SYNCHRONIZED',
      lastSync: when,
      credentials: { userName: okta.login },
      profile: { immutableId: okta.o365ImmutableId, displayName: person.displayName, usageLocation: city ? city.usageLocation : 'US' },
    });
  }
  appUsers[o365Id] = o365Users;
  appUserCount += o365Users.length;
  appGroups[o365Id] = [{ id: groups.office365GroupId, priority: 0, lastUpdated: o365Dates[0] ?? '', profile: EMPTY_PROFILE }];

  // Everyone else's apps.
  const activeUsers = people.all.filter((p) => p.okta && (p.okta.status === 'ACTIVE' || p.okta.status === 'PASSWORD_EXPIRED' || p.okta.status === 'LOCKED_OUT'));
  const sampler = new DistinctSampler(activeUsers.length);
  const picks: number[] = [];
  const loginOf = new Map<string, string>(people.all.flatMap((p) => (p.okta ? [[p.okta.id, p.okta.login] as const] : [])));
  const directCount = Math.min(MAX_OKTA_APP_DIRECT_USERS, Math.max(3, Math.round(activeUsers.length * OKTA_APP_DIRECT_USERS)));

  for (const entry of catalog.apps) {
    const spec = entry.okta;
    if (!spec) continue;
    let name = spec.name;
    if (name === '') {
      const slug = spec.label.toLowerCase().replace(/[^a-z0-9]/g, '');
      const n = (customSerial.get(slug) ?? 0) + 1;
      customSerial.set(slug, n);
      name = `${context.tenantPrefix}_${slug}_${n}`;
    }
    const id = oktaId(rng, '0oa', context.oktaSuffix);
    const isPassword = PASSWORD_MODES.has(spec.signOnMode);
    if (isPassword) passwordSsoApps++;
    const policyId = spec.oneFactor ? policies.oneFactorPolicyId : policies.twoFactorPolicyId;
    const app: OktaApp = {
      ...common(rng, id, name, spec),
      signOnMode: spec.signOnMode,
      settings: settingsFor(spec),
      ...(spec.signOnMode === 'OPENID_CONNECT' ? { credentials: { oauthClient: { client_id: id, token_endpoint_auth_method: 'client_secret_basic', autoKeyRotation: true } } } : {}),
      ...(spec.signOnMode === 'BOOKMARK' ? {} : { _links: { accessPolicy: { href: `/api/v1/policies/${policyId}` } } }),
    };
    apps.push(app);
    if (spec.status === 'ACTIVE' && spec.signOnMode !== 'BOOKMARK') ssoTargets.push({ id, label: spec.label, signOnMode: spec.signOnMode });

    const dates = datePool(rng, 4);
    const users: AppUser[] = [];
    const seen = new Set<string>();
    const appUser = (userId: string, scope: 'USER' | 'GROUP'): void => {
      if (seen.has(userId)) return;
      seen.add(userId);
      const when = dates[rng.int(dates.length)] ?? '';
      const login = loginOf.get(userId) ?? '';
      users.push({
        id: userId,
        externalId: null,
        created: when,
        lastUpdated: when,
        scope,
        status: 'ACTIVE',
        statusChanged: when,
        passwordChanged: isPassword ? when : null,
        syncState: 'DISABLED',
        lastSync: null,
        ...(spec.signOnMode === 'BOOKMARK' ? {} : { credentials: isPassword ? { userName: login, password: NO_PASSWORD } : { userName: login } }),
        profile: EMPTY_PROFILE,
      });
    };
    // Group assignments first: their members are the GROUP-scoped app users.
    const assigned: AppGroup[] = [];
    const groupCount = groups.assignable.length === 0 ? 0 : rng.between(1, Math.min(2, groups.assignable.length));
    for (let g = 0; g < groupCount; g++) {
      const group = groups.assignable[rng.int(groups.assignable.length)];
      if (!group || assigned.some((a) => a.id === group.id)) continue;
      assigned.push({ id: group.id, priority: assigned.length, lastUpdated: dates[0] ?? '', profile: EMPTY_PROFILE });
      for (const member of groups.groupMembers[group.id] ?? []) appUser(member, 'GROUP');
    }
    sampler.sample(rng, directCount, picks);
    for (const at of picks) {
      const userId = activeUsers[at]?.okta?.id;
      if (userId) appUser(userId, 'USER');
    }
    appUsers[id] = users;
    appGroups[id] = assigned;
    appUserCount += users.length;
  }
  return { apps, appUsers, appGroups, office365AppId: o365Id, ssoTargets, passwordSsoApps, appUserCount };
}
